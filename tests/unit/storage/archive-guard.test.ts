import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveState, ArchiveBlockedError, openArchiveForWriting } from '../../../src/lib/storage/archive-guard.ts';
import { acquireLock, readLock } from '../../../src/lib/storage/archive-lock.ts';
import { commitFiles, nodeFs, type TransactionFs } from '../../../src/lib/storage/file-transaction.ts';

let content: string;
let papers: string;
let state: string;

beforeEach(() => {
  content = mkdtempSync(join(tmpdir(), 'archive-guard-'));
  papers = join(content, 'papers');
  state = join(content, '.transaction');
  mkdirSync(papers);
  writeFileSync(join(papers, 'a.md'), 'old a\n');
});

afterEach(() => {
  rmSync(content, { recursive: true, force: true });
});

/** Leaves a transaction as a kill after the commit record would: the journal in place, one file moved. */
function interruptedCommit(): void {
  let renames = 0;
  const fsOps = { ...nodeFs } as TransactionFs;
  fsOps.rename = (from, to) => {
    if (from.endsWith('.new') && ++renames === 2) throw new Error('killed');
    nodeFs.rename(from, to);
  };
  fsOps.writeFile = (path, text) => {
    // After the first move, nothing more happens (the undo's journal cannot be written): as if killed.
    if (renames > 0) throw new Error('killed');
    nodeFs.writeFile(path, text);
  };
  const writes = [
    { path: join(papers, 'a.md'), content: 'new a\n' },
    { path: join(papers, 'b.md'), content: 'new b\n' },
  ];
  expect(() => commitFiles(writes, { stateDir: state, fs: fsOps, command: 'npm run ingest' })).toThrow();
}

const log = () => {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
};

describe('archiveState', () => {
  it('says nothing about a clean archive', () => {
    expect(archiveState(papers)).toEqual({});
  });

  it('notes leftovers of an interrupted command, which leave the papers consistent', () => {
    mkdirSync(state);
    writeFileSync(join(state, '0.new'), 'x');
    expect(archiveState(papers)).toEqual({
      note: `1 temporary file of an interrupted command is in ${state}; the papers are as they were before it; the next "npm run ingest" or "npm run new" deletes them`,
    });
  });

  it('stops on a half-written archive and says to recover, changing nothing', () => {
    interruptedCommit();
    const before = readdirSync(state).sort();
    const { blocking } = archiveState(papers);
    expect(blocking).toMatch(
      /^npm run ingest \(pid \d+ on .*\) was writing 2 files in one transaction \(.*journal\.json\) and has not finished: the papers folder may hold a mix of old and new files; run "npm run ingest -- --recover" to finish or undo it \(this command changes nothing\)$/,
    );
    expect(readdirSync(state).sort()).toEqual(before);
  });

  it('tells a running writer from a dead one', () => {
    const lock = acquireLock(state, { command: 'npm run ingest' });
    expect(archiveState(papers).note).toMatch(
      /^pid \d+ on .* \(npm run ingest, started .*\) is writing the archive; it has not changed the papers yet/,
    );
    interruptedCommit();
    expect(archiveState(papers).blocking).toMatch(
      /has not finished: .*; it is still running: run this again when it has finished$/,
    );
    lock.release();
  });
});

describe('openArchiveForWriting', () => {
  it('takes the lock, recovers first and says so, then writes through a transaction', () => {
    interruptedCommit();
    const { lines, log: say } = log();
    const listeners = process.listenerCount('exit');
    const session = openArchiveForWriting(papers, { command: 'npm run new', log: say });
    expect(process.listenerCount('exit')).toBe(listeners + 1);
    expect(lines).toEqual([
      expect.stringMatching(/interrupted while writing 2 files \(1 replaced, 1 new\); rolled it forward/),
    ]);
    expect(session.recovery.action).toBe('rolled-forward');
    expect(readLock(state)).toMatchObject({ present: true, holder: { command: 'npm run new', pid: process.pid } });
    session.commit([{ path: join(papers, 'c.md'), content: 'c\n' }]);
    session.release();
    expect(readdirSync(papers).sort()).toEqual(['a.md', 'b.md', 'c.md']);
    expect(readLock(state)).toEqual({ present: false });
    expect(process.listenerCount('exit')).toBe(listeners);
  });

  it('stops a second writer with a message naming the first', () => {
    const first = openArchiveForWriting(papers, { command: 'npm run ingest', log: () => undefined });
    const { lines, log: say } = log();
    let error: unknown;
    try {
      openArchiveForWriting(papers, { command: 'npm run new', log: say, env: { ARCHIVE_LOCK_WAIT: '0.2' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArchiveBlockedError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^another command is writing the archive: pid ${process.pid} on .* \\(npm run ingest, started .*\\) holds`,
      ),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^waiting up to 0\.2 s for pid \d+ .*, which is writing the archive$/),
    ]);
    first.release();
  });

  it('stops, lets go of the lock and says what to do when recovery fails', () => {
    mkdirSync(state);
    writeFileSync(join(state, 'journal.json'), '{"version": 1, "state": "commit"}');
    expect(() => openArchiveForWriting(papers, { command: 'npm run ingest', log: () => undefined })).toThrow(
      /^Failed to recover the interrupted transaction in .*not a transaction journal this version can read\); nothing more was deleted\. To do: fix the cause/,
    );
    expect(readLock(state)).toEqual({ present: false });
  });
});
