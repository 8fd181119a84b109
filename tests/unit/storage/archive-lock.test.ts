import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireLock,
  currentHolder,
  describeHolder,
  holderState,
  LockBusyError,
  readLock,
  startTickOf,
  type LockHolder,
} from '../../../src/lib/storage/archive-lock.ts';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'archive-lock-')), '.transaction');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

/** The pid of a process that has exited: no process has it (until the system reuses it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(holder: Partial<LockHolder>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lock'), JSON.stringify({ ...currentHolder('npm run ingest'), ...holder }));
}

describe('acquireLock', () => {
  it('creates the lock with who holds it, and removes it (and the empty folder) on release', () => {
    const lock = acquireLock(dir, { command: 'npm run ingest' });
    const read = readLock(dir);
    expect(read).toMatchObject({
      present: true,
      holder: { pid: process.pid, host: hostname(), command: 'npm run ingest' },
    });
    expect(read.present && read.holder?.started).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lock.tookOver).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['lock']);
    lock.assertHeld();
    lock.release();
    expect(existsSync(dir)).toBe(false);
    lock.release();
  });

  it('stops a second command with a message naming the holder, after waiting', () => {
    const lock = acquireLock(dir, { command: 'npm run ingest' });
    const waited: (LockHolder | undefined)[] = [];
    const started = Date.now();
    let error: unknown;
    try {
      acquireLock(dir, { command: 'npm run new', waitMs: 300, onWait: (holder) => waited.push(holder) });
    } catch (caught) {
      error = caught;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as Error).message).toBe(
      `another command is writing the archive: pid ${process.pid} on ${hostname()} (npm run ingest, started ${lock.holder.started}) holds ${join(dir, 'lock')}; wait for it to finish and run the command again (ARCHIVE_LOCK_WAIT=seconds waits longer)`,
    );
    expect(waited).toEqual([lock.holder]);
    // The waiting command left nothing behind.
    expect(readdirSync(dir)).toEqual(['lock']);
    lock.release();
  });

  it('waits for a holder that finishes', async () => {
    // Another process takes the lock, holds it a moment, and lets go.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { acquireLock } from ${JSON.stringify(new URL('../../../src/lib/storage/archive-lock.ts', import.meta.url).href)};
         const lock = acquireLock(${JSON.stringify(dir)}, { command: 'holder' });
         process.stdout.write('held\\n');
         setTimeout(() => lock.release(), 700);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((done) => holder.stdout.once('data', done));
    const waited: (LockHolder | undefined)[] = [];
    const lock = acquireLock(dir, { command: 'waiter', waitMs: 30_000, onWait: (who) => waited.push(who) });
    expect(waited.map((who) => who?.pid)).toEqual([holder.pid]);
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    await new Promise((done) => holder.once('exit', done));
  });

  function takesOver(holder: Partial<LockHolder>, why: RegExp): void {
    writeLock({ ...holder, token: 'stale' });
    const lock = acquireLock(dir, { command: 'npm run ingest', waitMs: 0 });
    expect(lock.tookOver?.holder?.token).toBe('stale');
    expect(lock.tookOver?.why).toMatch(why);
    expect(readLock(dir)).toMatchObject({ present: true, holder: { token: lock.holder.token } });
    lock.release();
  }

  it('takes over a stale lock held by a dead process, saying whose and why', () => {
    takesOver({ pid: deadPid() }, /^process \d+ is no longer running$/);
  });

  // The start tick and the boot id come from Linux's /proc.
  const linux = startTickOf(process.pid) !== undefined;
  it.runIf(linux)('takes over a lock whose pid now belongs to another process', () => {
    takesOver({ startTick: '1' }, /the pid now belongs to another process/);
  });
  it.runIf(linux)('takes over a lock from before a restart', () => {
    takesOver({ bootId: 'another-boot' }, /the machine has restarted since/);
  });

  it('takes over an unreadable lock (not written whole: a power loss)', () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'lock'), '');
    const lock = acquireLock(dir, { command: 'npm run ingest', waitMs: 0 });
    expect(lock.tookOver).toEqual({ holder: undefined, why: 'the lock file is unreadable (it was not written whole)' });
    lock.release();
  });

  it('never takes over a lock from another host, and says how to remove it', () => {
    writeLock({ host: 'elsewhere.example', pid: 1 });
    expect(() => acquireLock(dir, { command: 'npm run ingest', waitMs: 0 })).toThrow(
      /pid 1 on elsewhere\.example .* holds .*lock; it was taken on another host, elsewhere\.example, which cannot be asked: if no command runs there, delete .*lock$/,
    );
  });

  it('deletes the half-taken lock files of processes killed while taking the lock', () => {
    mkdirSync(dir);
    const pid = deadPid();
    writeFileSync(join(dir, `lock-${pid}-abcdef.tmp`), '{}');
    writeFileSync(join(dir, `lock-${process.pid}-abcdef.tmp`), '{}');
    writeFileSync(join(dir, '0.new'), 'not the lock’s');
    const lock = acquireLock(dir, { command: 'npm run ingest' });
    expect(readdirSync(dir).sort()).toEqual(['0.new', 'lock', `lock-${process.pid}-abcdef.tmp`]);
    lock.release();
  });

  it('notices a lock taken from it, and then leaves the other holder’s lock alone', () => {
    const lock = acquireLock(dir, { command: 'npm run ingest' });
    writeLock({ token: 'usurper' });
    expect(() => lock.assertHeld()).toThrow(/lost the archive lock .*: pid \d+ .* holds it now; nothing was written/);
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'))).toMatchObject({ token: 'usurper' });
  });
});

describe('holderState and describeHolder', () => {
  it('knows this process is alive and names it', () => {
    const me = currentHolder('npm run new');
    expect(holderState(me)).toEqual({ alive: true });
    expect(describeHolder(me)).toBe(`pid ${process.pid} on ${hostname()} (npm run new, started ${me.started})`);
    expect(describeHolder(undefined)).toBe('an unknown process (the lock file is unreadable)');
  });
});
