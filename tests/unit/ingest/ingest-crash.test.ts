/**
 * Real crashes: a real `npm run ingest` process (scripts/ingest.ts on Node 24) is killed with
 * SIGKILL at chosen steps of its write, then the next command runs (`--recover`, the same ingest
 * again, `npm run new`, `npm run check`), and the archive must be exactly the old one or exactly
 * the new one, with no file of the transaction left. The kill is deterministic: the process kills
 * itself right after its K-th file-system call of the transaction (ARCHIVE_TEST_KILL_AFTER_FS_OPS,
 * src/lib/storage/file-transaction.ts), with K chosen at every phase from the trace of a complete run.
 * Also: two ingests at once, and a SIGKILL from outside at a moment the test picks by watching.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArxivOai } from '../../../src/lib/ingest/inputs/arxiv-oai.ts';
import { parseScrapedPage } from '../../../src/lib/ingest/inputs/scraped-page.ts';
import { syntheticOaiLines } from '../../../bench/synthetic-oai.ts';

/** Papers in the archive before, and in the ingest that is killed (half of them already there, with a new DOI). */
const BEFORE = 200;
const INGESTED = 300;

const work = mkdtempSync(join(tmpdir(), 'ingest-crash-'));
const oldArchive = join(work, 'old');
const newArchive = join(work, 'new');
const input = join(work, 'update.jsonl');
let oldTree: Record<string, string>;
let newTree: Record<string, string>;
/** The transaction's file-system calls in a complete run, `method path`. */
let trace: string[];
/** How many files the ingest writes, and how many of them replace a file (the rest are new). */
let writes: number;
let replaced: number;

afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

/** The environment of every command: the archive, and a compile cache that halves Node's start-up for the next. */
const envFor = (content: string, env: Record<string, string> = {}) => ({
  ...process.env,
  ARCHIVE_CONTENT_DIR: content,
  NODE_COMPILE_CACHE: join(work, 'compile-cache'),
  ...env,
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function command(script: string, content: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [script, ...args], {
    env: envFor(content, { ARCHIVE_LOCK_WAIT: '0', ...env }),
    encoding: 'utf8',
    input: '',
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const ingest = (content: string, args: string[], env?: Record<string, string>) =>
  command('scripts/ingest.ts', content, ['--added', '2024-01-01', ...args], env);

/** Every file under `dir` by content hash: the archive, byte for byte (the state folder included). */
function tree(dir: string, root = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, { [`${relative(root, path)}/`]: '' }, tree(path, root));
    else files[relative(root, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
  }
  return files;
}

/** A fresh copy of the archive before the ingest. */
function copyOfOld(name: string): string {
  const dir = join(work, name);
  cpSync(oldArchive, dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  const seed = parseScrapedPage(readFileSync('content/inbox/2025-03-14-hf-trending.txt', 'utf8'), 'seed');
  const oai = parseArxivOai(readFileSync('tests/fixtures/inputs/arxiv-oai-sample.jsonl', 'utf8'), 'oai');
  const papers = [...seed.papers, ...oai.papers];
  const corpus = { titles: papers.map((paper) => paper.title), abstracts: papers.map((paper) => paper.abstract) };
  const lines = syntheticOaiLines(BEFORE + INGESTED - BEFORE / 2, corpus, 12)
    .trimEnd()
    .split('\n');
  const first = lines.slice(0, BEFORE);
  // Papers already in the archive gain a DOI (an update: their files are replaced); the rest are new.
  const update = lines.slice(BEFORE / 2).map((line, index) => {
    if (index >= BEFORE / 2) return line;
    return JSON.stringify({ ...(JSON.parse(line) as object), doi: `10.5555/crash.${index}` });
  });
  writeFileSync(join(work, 'first.jsonl'), `${first.join('\n')}\n`);
  writeFileSync(input, `${update.join('\n')}\n`);

  mkdirSync(oldArchive);
  cpSync('content/topics.yaml', join(oldArchive, 'topics.yaml'));
  expect(ingest(oldArchive, [join(work, 'first.jsonl')]).status).toBeLessThan(2);
  oldTree = tree(oldArchive);

  cpSync(oldArchive, newArchive, { recursive: true });
  const traceFile = join(work, 'trace');
  const complete = ingest(newArchive, [input], { ARCHIVE_TEST_FS_TRACE: traceFile });
  expect(complete.status).toBeLessThan(2);
  const counts = /^(\d+) new, (\d+) updated/m.exec(complete.stdout);
  replaced = Number(counts?.[2]);
  writes = Number(counts?.[1]) + replaced;
  // Nearly all of them: a few synthetic papers find no topic and are skipped.
  expect(replaced).toBeGreaterThan(BEFORE / 2 - 10);
  expect(writes).toBeGreaterThan(INGESTED - 20);
  newTree = tree(newArchive);
  trace = readFileSync(traceFile, 'utf8').split('\n');
}, 300_000);

/** The 1-based number of the first (or last) call of the trace starting with `prefix`. */
function callOf(prefix: string, last = false): number {
  const index = last
    ? trace.findLastIndex((call) => call.startsWith(prefix))
    : trace.findIndex((call) => call.startsWith(prefix));
  expect(index, prefix).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('a real ingest killed at any step, then the next command', { timeout: 300_000 }, () => {
  it('leaves the old or the new archive exactly, saying which, with no temporary file', () => {
    const state = (dir: string) => join(dir, '.transaction');
    const journalRename = callOf(`rename ${join(newArchive, '.transaction', 'journal.json.tmp')}`);
    const journalDeleted = callOf(`unlink ${join(newArchive, '.transaction', 'journal.json')}`);
    const firstMove = callOf(`rename ${join(newArchive, '.transaction')}/0.new`);
    const lastMove = callOf(`rename ${join(newArchive, '.transaction')}/`, true);
    const points = [
      { after: trace.findLastIndex((call) => /^writeFile .*\.new$/.test(call)), next: 'check' },
      { after: callOf('link') + 40, next: 'recover' },
      { after: journalRename - 1, next: 'new' },
      { after: journalRename, next: 'check' },
      { after: Math.round((firstMove + lastMove) / 2), next: 'ingest' },
      { after: Math.round((firstMove + lastMove) / 2) + 1, next: 'new' },
      { after: lastMove, next: 'recover' },
      { after: callOf('unlink') + 10, next: 'recover' },
      { after: journalDeleted, next: 'recover' },
    ];
    expect(new Set(points.map((point) => point.after)).size).toBe(points.length);

    for (const [index, { after, next }] of points.entries()) {
      const dir = copyOfOld(`killed-${index}`);
      const killed = ingest(dir, [input], { ARCHIVE_TEST_KILL_AFTER_FS_OPS: String(after) });
      const where = `killed after call ${after} of ${trace.length} (${trace[after - 1]}), then ${next}`;
      expect(killed.signal, where).toBe('SIGKILL');
      const finished = after >= journalRename;
      const pending = finished && after < journalDeleted;
      // The lock of the killed process is always left; the next command takes it over.
      const tookOver =
        /took over the archive lock from pid \d+ on .* \(npm run ingest, started .*\): process \d+ is no longer running/;
      const said = finished
        ? pending
          ? new RegExp(
              `was interrupted while writing ${writes} files \\(${replaced} replaced, ${writes - replaced} new\\); rolled it forward: all of them now hold its new content`,
            )
          : /^(?![\s\S]*interrupted)/
        : /was interrupted before it changed the archive; deleted its [\d,]+ temporary files? from/;

      if (next === 'check') {
        // The check changes nothing: it stops on a half-written archive, and checks an untouched one.
        const before = tree(dir);
        const check = command('scripts/check.ts', dir, ['--jobs', '1', '--no-warnings']);
        expect(tree(dir), where).toEqual(before);
        if (pending) {
          expect(check.status, where).toBe(2);
          expect(check.stderr, where).toMatch(
            /npm run ingest \(pid \d+ .*\) was writing \d+ files in one transaction .* has not finished: the papers folder may hold a mix of old and new files; run "npm run ingest -- --recover" to finish or undo it \(this command changes nothing\)/,
          );
        } else {
          expect(check.stderr, where).toMatch(
            /temporary files of an interrupted command are in .*; the papers are as they were before it/,
          );
        }
      }
      let result: Run;
      if (next === 'ingest') {
        // The same ingest again: whatever was interrupted, the result is the new archive.
        result = ingest(dir, [input]);
        expect(result.stderr, where).toMatch(tookOver);
        expect(result.stderr, where).toMatch(said);
        expect(tree(dir), where).toEqual(newTree);
      } else if (next === 'new') {
        writeFileSync(
          join(work, 'abstract.txt'),
          'We measure how quickly a large language model forgets its prompt.\n',
        );
        result = command('scripts/new-paper.ts', dir, [
          '--title',
          'Prompt Forgetting in Large Language Models',
          '--abstract-file',
          join(work, 'abstract.txt'),
          '--topic',
          'language-models',
          '--added',
          '2024-02-02',
        ]);
        expect(result.status, `${where}: ${result.stderr}`).toBe(0);
        expect(result.stderr, where).toMatch(tookOver);
        expect(result.stderr, where).toMatch(said);
        const added = 'papers/prompt-forgetting-in-large-language-models.md';
        const after = tree(dir);
        expect(after[added], where).toBeDefined();
        delete after[added];
        expect(after, where).toEqual(finished ? newTree : oldTree);
      } else {
        result = ingest(dir, ['--recover']);
        expect(result.status, `${where}: ${result.stderr}`).toBe(0);
        expect(result.stderr, where).toMatch(tookOver);
        expect(result.stderr, where).toMatch(said);
        expect(tree(dir), where).toEqual(finished ? newTree : oldTree);
      }
      expect(existsSync(state(dir)), where).toBe(false);
      rmSync(dir, { recursive: true });
    }
  });

  it('recovers from a kill during the recovery itself', () => {
    const dir = copyOfOld('killed-twice');
    const firstMove = callOf(`rename ${join(newArchive, '.transaction')}/0.new`);
    expect(ingest(dir, [input], { ARCHIVE_TEST_KILL_AFTER_FS_OPS: String(firstMove + 100) }).signal).toBe('SIGKILL');
    // Recovery reads the folder (3 calls), then moves the remaining files: killed after 300 of them.
    expect(ingest(dir, ['--recover'], { ARCHIVE_TEST_KILL_AFTER_FS_OPS: '600' }).signal).toBe('SIGKILL');
    expect(tree(dir)).not.toEqual(newTree);
    const result = ingest(dir, ['--recover']);
    expect(result.stderr).toMatch(/took over the archive lock from pid \d+ .*\(npm run ingest,/);
    expect(result.stderr).toMatch(/rolled it forward: all of them now hold its new content/);
    expect(tree(dir)).toEqual(newTree);
  });

  it('is killed from outside at moments picked by watching the state folder', async () => {
    // Not a step count: SIGKILL sent by the test as soon as it sees the state folder in a given state.
    const moments: ((names: string[]) => boolean)[] = [(names) => names.includes('journal.json')];
    for (const [index, moment] of moments.entries()) {
      const dir = copyOfOld(`shot-${index}`);
      const child = spawn(process.execPath, ['scripts/ingest.ts', '--added', '2024-01-01', input], {
        env: envFor(dir),
        stdio: 'ignore',
      });
      const exited = new Promise((done) => child.once('exit', done));
      let running = true;
      void exited.then(() => (running = false));
      const stateDir = join(dir, '.transaction');
      while (running) {
        let names: string[] = [];
        try {
          names = readdirSync(stateDir);
        } catch {
          // not there (yet, or any more)
        }
        if (moment(names)) {
          child.kill('SIGKILL');
          break;
        }
        await new Promise((done) => setTimeout(done, 2));
      }
      await exited;
      const result = ingest(dir, ['--recover']);
      expect(result.status, result.stderr).toBe(0);
      // Which one, the recovery says; when it had nothing to say the kill came before or after the write.
      const now = tree(dir);
      if (/rolled it forward/.test(result.stderr)) expect(now, result.stderr).toEqual(newTree);
      else if (/before it changed the archive/.test(result.stderr)) expect(now, result.stderr).toEqual(oldTree);
      else expect([oldTree, newTree], result.stderr).toContainEqual(now);
      expect(existsSync(stateDir)).toBe(false);
    }
  });
});

describe('two commands at once', { timeout: 300_000 }, () => {
  /** Starts an ingest and resolves once it holds the archive lock; it is then paused (SIGSTOP). */
  async function startAndPause(
    dir: string,
    args: string[],
  ): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, ['scripts/ingest.ts', '--added', '2024-01-01', ...args], {
      env: envFor(dir),
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    while (!existsSync(join(dir, '.transaction', 'lock'))) await new Promise((done) => setTimeout(done, 5));
    child.kill('SIGSTOP');
    return { child, exited };
  }

  it('stops the second with a message naming the holder, and the first completes', async () => {
    const dir = copyOfOld('busy');
    const first = await startAndPause(dir, [input]);
    const second = command('scripts/new-paper.ts', dir, ['--title', 'A Paper', '--topic', 'language-models']);
    expect(second.status).toBe(3);
    expect(second.stderr).toMatch(
      new RegExp(
        `^new: another command is writing the archive: pid ${first.child.pid} on .* \\(npm run ingest, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) holds .*lock; wait for it to finish and run the command again`,
      ),
    );
    first.child.kill('SIGCONT');
    expect(await first.exited).toBeLessThan(2);
    expect(tree(dir)).toEqual(newTree);
  });

  it('lets the second wait for the first, then run on its result', async () => {
    const dir = copyOfOld('queue');
    const first = await startAndPause(dir, [input]);
    const second = spawn(process.execPath, ['scripts/ingest.ts', '--added', '2024-01-01', input], {
      env: envFor(dir, { ARCHIVE_LOCK_WAIT: '300' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    second.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const waiting = new Promise<void>((done) =>
      second.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('waiting')) done();
      }),
    );
    const secondExited = new Promise<number | null>((done) => second.once('exit', (code) => done(code)));
    await waiting;
    expect(stderr).toMatch(
      new RegExp(`^ingest: waiting up to 300 s for pid ${first.child.pid} on .* \\(npm run ingest, started `),
    );
    first.child.kill('SIGCONT');
    expect(await first.exited).toBeLessThan(2);
    expect(await secondExited).toBeLessThan(2);
    // The second planned against the first's result: everything was already there.
    expect(stdout).toMatch(/^0 new, 0 updated, \d+ unchanged/m);
    expect(tree(dir)).toEqual(newTree);
  });
});
