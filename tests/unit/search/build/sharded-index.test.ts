/**
 * The sharded index writer (src/lib/search/build/sharded-index.ts) under a low open-file limit: it
 * must read a shard's pages a window at a time. Reading them all at once opened every file of the
 * shard together and failed with EMFILE past the limit (1,024 on many machines; it failed on the
 * benchmark's 100,000 papers in one shard), though nothing else about the index was wrong.
 *
 * And when Pagefind's process ends by itself (killed for memory, crashed, unable to run): the
 * index fails, saying so, where it used to wait forever for answers (a build hung).
 *
 * And the process it starts has its allocator tuned (pagefind-allocator.ts), unless told otherwise,
 * and has ended, waited for, by the time the index is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAGEFIND_ALLOCATOR_OPTIONS,
  PAGEFIND_ALLOCATOR_VARIABLE,
} from '../../../../src/lib/search/build/pagefind-allocator.ts';
import { pagefindBinary } from '../../../helpers/pagefind-binary.ts';

const PAGES = 600;
/** Far below the pages, above what Node and Pagefind's process need for themselves. */
const FILE_LIMIT = 256;
const ROOT = new URL('../../../../', import.meta.url).pathname;

let dist = '';

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'sharded-index-'));
  for (let i = 0; i < PAGES; i += 1) {
    const dir = join(dist, 'papers', `paper-${String(i).padStart(4, '0')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><title>Paper ${i}</title></head><body>` +
        `<article data-pagefind-body><h1>Paper ${i} on kernel word${i}</h1>` +
        `<p>An abstract about kernels and the number ${i}.</p>` +
        `<span hidden data-pagefind-meta="added">2025-03-14</span></article></body></html>`,
    );
  }
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

/** A module that indexes the pages in one shard. */
function indexingScript(): string {
  return [
    `import { indexShards } from ${JSON.stringify(join(ROOT, 'src/lib/search/build/sharded-index.ts'))};`,
    `await indexShards(${JSON.stringify(dist)}, 'en', undefined, { cap: ${PAGES} });`,
  ].join('\n');
}

/**
 * Runs `script` (an ES module) in a process of its own, with environment `env`, whose Pagefind
 * binary is the script `standIn` (the Node API runs the one PAGEFIND_EXTENDED_BINARY_PATH names).
 */
async function runWithStandIn(standIn: string, script: string, env: NodeJS.ProcessEnv = process.env) {
  const binary = join(dist, 'stand-in-pagefind.mjs');
  await writeFile(binary, standIn);
  await chmod(binary, 0o755);
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...env, PAGEFIND_EXTENDED_BINARY_PATH: binary },
    // A guard, not a measure: before the fix, a process that had ended was waited for forever.
    timeout: 60_000,
  });
}

describe('indexShards', () => {
  it(`indexes a shard of ${PAGES} pages with at most ${FILE_LIMIT} open files`, async () => {
    const script = [
      `import { indexShards } from ${JSON.stringify(join(ROOT, 'src/lib/search/build/sharded-index.ts'))};`,
      `const result = await indexShards(${JSON.stringify(dist)}, 'en', undefined, { cap: ${PAGES} });`,
      'console.log(JSON.stringify(result));',
    ].join('\n');
    const run = spawnSync(
      'bash',
      ['-c', `ulimit -n ${FILE_LIMIT} && exec "$0" --input-type=module -e "$1"`, process.execPath, script],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).not.toMatch(/EMFILE/);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(dist, 'pagefind', 'shards.json'), 'utf8')) as {
      shards: { pages: number }[];
    };
    expect(manifest.shards.map((shard) => shard.pages)).toEqual([PAGES]);
  }, 120_000);
});

describe('the environment of the Pagefind process indexShards starts', () => {
  // A stand-in that writes down the allocator's variable it was started with, then is Pagefind.
  async function allocatorOptionsSeen(env: NodeJS.ProcessEnv): Promise<string> {
    const seen = join(dist, 'allocator-options-seen');
    const recording = `#!/bin/bash\nprintf '%s' "\${${PAGEFIND_ALLOCATOR_VARIABLE}-(unset)}" > ${JSON.stringify(seen)}\nexec ${JSON.stringify(pagefindBinary())} "$@"\n`;
    const run = await runWithStandIn(recording, indexingScript(), env);
    expect(run.status, run.stderr).toBe(0);
    return readFile(seen, 'utf8');
  }

  it('has the allocator tuned (pagefind-allocator.ts), unless the variable was set', async () => {
    const { [PAGEFIND_ALLOCATOR_VARIABLE]: _ignored, ...unset } = process.env;
    expect(await allocatorOptionsSeen(unset)).toBe(PAGEFIND_ALLOCATOR_OPTIONS);
    expect(await allocatorOptionsSeen({ ...unset, [PAGEFIND_ALLOCATOR_VARIABLE]: '' })).toBe('');
  }, 240_000);
});

describe("indexShards when Pagefind's process ends before answering", () => {
  const real = pagefindBinary();
  // Stand-ins for Pagefind's binary (the Node API runs the one PAGEFIND_EXTENDED_BINARY_PATH names).
  /** The real Pagefind, given its first 20 KB of requests, then killed with what stood in for it. */
  const killedAfter20KB = [
    `#!${process.execPath}`,
    "import { spawn } from 'node:child_process';",
    `const pagefind = spawn(${JSON.stringify(real)}, process.argv.slice(2), { stdio: ['pipe', 'inherit', 'inherit'] });`,
    'let seen = 0;',
    "process.stdin.on('data', (chunk) => {",
    '  pagefind.stdin.write(chunk);',
    '  seen += chunk.length;',
    "  if (seen > 20_000) { pagefind.kill('SIGKILL'); process.kill(process.pid, 'SIGKILL'); }",
    '});',
    '',
  ].join('\n');

  /** The error output of `script`, run with `standIn` as Pagefind's binary, which must fail. */
  async function failureWith(standIn: string, script: string) {
    const run = await runWithStandIn(standIn, script);
    expect(run.error).toBeUndefined();
    // Not 13: Node ends a process whose top-level await can no longer settle, as when the index
    // waits for answers from a process that is gone (a build, kept alive by Astro, waited forever).
    expect(run.status, run.stderr).toBe(1);
    return run.stderr;
  }

  const cases: [what: string, standIn: string, expected: RegExp][] = [
    [
      'cannot run at all',
      '#!/bin/bash\nexit 127\n',
      /Failed to write the search runtime: the Pagefind process \(\S+\) ended with exit code 127 before answering/,
    ],
    [
      // What hung a build: a request it took was never answered, and nothing more was sent to it.
      'ends after taking its first request, without answering',
      '#!/bin/bash\nhead -c 1 > /dev/null\nexit 3\n',
      /Failed to write the search runtime: the Pagefind process \(\S+\) ended with exit code 3 before answering/,
    ],
    [
      // The runtime's few requests get through; the shard's pages are cut off after a few.
      'is killed in the middle of a shard, as for memory',
      killedAfter20KB,
      new RegExp(
        `Failed to index the search shard \\S+ \\(${PAGES} pages\\): the Pagefind process \\(\\S+\\) ended on SIGKILL before answering\\. Killed: most likely for memory.*ARCHIVE_SEARCH_SHARD_CAP=5000`,
      ),
    ],
  ];

  it.each(cases)(
    'fails, saying how, when the process %s',
    async (_what, standIn, expected) => {
      expect(await failureWith(standIn, indexingScript())).toMatch(expected);
    },
    120_000,
  );

  it('says how it ended, not that a later page was refused, when the pages come slowly', async () => {
    // As while the pages render (index-while-rendering.ts): one page read at a time, each waited
    // for. The kill comes while a read is awaited, so the next page is sent to a process known to
    // be gone: that refusal must carry the reason, not "backend is closed".
    const script = [
      "import { readFile } from 'node:fs/promises';",
      `import { writeShard } from ${JSON.stringify(join(ROOT, 'src/lib/search/build/sharded-index.ts'))};`,
      `const pages = Array.from({ length: ${PAGES} }, (_, i) => ({ path: \`papers/paper-\${String(i).padStart(4, '0')}/index.html\`, added: '2025-03-14' }));`,
      'const read = async (page) => {',
      '  await new Promise((resolve) => setTimeout(resolve, 5));',
      `  return readFile(${JSON.stringify(dist)} + '/' + page.path, 'utf8');`,
      '};',
      `await writeShard(read, { key: 'slow', pages }, ${JSON.stringify(join(dist, 'slow-shard'))}, 'en', 1);`,
    ].join('\n');
    const stderr = await failureWith(killedAfter20KB, script);
    expect(stderr).toMatch(/the Pagefind process \(\S+\) ended on SIGKILL before answering/);
    expect(stderr).not.toMatch(/backend is closed/);
  }, 120_000);
});

describe("indexShards and the end of Pagefind's process", () => {
  it('returns only once the process has ended, so that it is waited for (its CPU counted as the caller’s)', async () => {
    const ended = join(dist, 'stand-in-ended');
    await rm(ended, { force: true });
    // The real Pagefind behind a stand-in that takes 400 ms to end when told to: long enough that a
    // close that did not wait would return first, well under the patch's 5 s cap on waiting (a
    // second and a half here once ran past the cap while the whole suite loaded the machine).
    const slowToEnd = [
      `#!${process.execPath}`,
      "import { spawn } from 'node:child_process';",
      "import { writeFileSync } from 'node:fs';",
      `const pagefind = spawn(${JSON.stringify(pagefindBinary())}, process.argv.slice(2), { stdio: ['pipe', 'inherit', 'inherit'] });`,
      'process.stdin.pipe(pagefind.stdin);',
      "process.on('SIGTERM', () => {",
      '  pagefind.kill();',
      `  setTimeout(() => { writeFileSync(${JSON.stringify(ended)}, 'ended'); process.exit(0); }, 400);`,
      '});',
      '',
    ].join('\n');
    const script = [
      "import { existsSync } from 'node:fs';",
      indexingScript(),
      `console.log(existsSync(${JSON.stringify(ended)}) ? 'ended before the index returned' : 'still running after the index returned');`,
    ].join('\n');
    const run = await runWithStandIn(slowToEnd, script);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('ended before the index returned');
    expect(existsSync(ended)).toBe(true);
  }, 120_000);
});
