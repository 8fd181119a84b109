/**
 * The sharded index writer (src/lib/search/build/sharded-index.ts) under a low open-file limit: it
 * must read a shard's pages a window at a time. Reading them all at once opened every file of the
 * shard together and failed with EMFILE past the limit (1,024 on many machines; it failed on the
 * benchmark's 100,000 papers in one shard), though nothing else about the index was wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
        `<span hidden data-pagefind-sort="added">2025-03-14</span></article></body></html>`,
    );
  }
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

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
