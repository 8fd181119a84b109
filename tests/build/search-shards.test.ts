/**
 * The search index in shards, built by `astro build` (src/lib/search/build/sharded-index.ts): a
 * rebuild after one paper added on a new day indexes that day's shard alone and leaves every other
 * file of dist/pagefind as it was (bytes and modification time), and the index an incremental build
 * leaves is the one a cold build of the same archive writes, file by file.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  indexShards,
  readShardManifest,
  writeShard,
  type ShardManifest,
} from '../../src/lib/search/build/sharded-index.ts';
import { planShards } from '../../src/lib/search/build/index-shards.ts';
import { paperPages } from '../../src/lib/search/build/indexed-pages.ts';
import { serializePaperFile } from '../../src/lib/paper/paper-file.ts';
import type { PaperData } from '../../src/lib/paper/schema.ts';
import { addLaterPaper, buildSite, copyFixture, makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { filesThatDiffer, listFiles } from '../helpers/dist.ts';

const SITE_URL = 'https://papers.example.org';
/** Small shards, so the archive's 47 papers make several (months packed, a day split in runs). */
const ENV = { ARCHIVE_SEARCH_SHARD_CAP: '6' };

let scratch = '';
let content = '';
let incremental = '';
let cold = '';
let cache = '';
let rebuildOutput = '';
let coldOutput = '';
let before: Map<string, { digest: string; mtime: number }>;
let manifestBefore: ShardManifest;
let manifestAfter: ShardManifest;

async function snapshot(dist: string): Promise<Map<string, { digest: string; mtime: number }>> {
  const files = (await listFiles(dist)).filter((file) => file.startsWith('pagefind/'));
  const entries = await Promise.all(
    files.map(async (file) => {
      const path = join(dist, file);
      const digest = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      return [file, { digest, mtime: (await stat(path)).mtimeMs }] as const;
    }),
  );
  return new Map(entries);
}

beforeAll(async () => {
  scratch = await makeTemp('search-shards');
  content = await copyFixture('basic', join(scratch, 'content'));
  incremental = join(scratch, 'dist-incremental');
  cold = join(scratch, 'dist-cold');
  cache = join(scratch, 'cache');
  for (let index = 0; index < 30; index += 1) {
    const data: PaperData = {
      title: `Generated Study ${index + 1} of Client Drift`,
      authors: ['Gen Author'],
      added: new Date(Date.UTC(2024, index % 12, 1 + (index % 20))),
      topics: [index % 2 === 0 ? 'federated-learning' : 'learning-theory'],
      source: 'generated for the search shards test',
    };
    await writeFile(
      join(content, 'papers', `generated-study-${index + 1}.md`),
      serializePaperFile(data, `We study client drift in setting ${index}.`),
    );
  }
  const options = { contentDir: content, outDir: incremental, cacheDir: cache, site: SITE_URL, env: ENV };
  const first = await buildSite(options);
  if (first.code !== 0) throw new Error(`first build failed:\n${first.output}`);
  before = await snapshot(incremental);
  manifestBefore = await readShardManifest(join(incremental, 'pagefind'));

  await addLaterPaper(content);
  const second = await buildSite(options);
  if (second.code !== 0) throw new Error(`rebuild failed:\n${second.output}`);
  rebuildOutput = second.output;
  manifestAfter = await readShardManifest(join(incremental, 'pagefind'));
  const fresh = await buildSite({ contentDir: content, outDir: cold, site: SITE_URL, env: ENV });
  if (fresh.code !== 0) throw new Error(`cold build failed:\n${fresh.output}`);
  coldOutput = fresh.output;
});

/** The bytes of every file under `dir`, by path. */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = await listFiles(dir);
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(join(dir, file))] as const)));
}

afterAll(async () => {
  if (scratch !== '') await removeTemp(scratch);
});

describe('a rebuild after one paper added on a new day', () => {
  it('indexes only the new day, as a shard of its own after the others', () => {
    expect(manifestBefore.shards.length).toBeGreaterThanOrEqual(4);
    expect(rebuildOutput).toMatch(/Pagefind: 48 paper pages in \d+ shards, 1 indexed \(2025-03-21\), the others kept/);
    expect(manifestAfter.shards.slice(0, -1)).toEqual(manifestBefore.shards);
    expect(manifestAfter.shards.at(-1)).toMatchObject({ key: '2025-03-21', pages: 1 });
  });

  it('leaves every other file of dist/pagefind untouched: same bytes, same modification time', async () => {
    const after = await snapshot(incremental);
    const newShard = `pagefind/${manifestAfter.shards.at(-1)?.dir ?? '?'}`;
    const changed = [...before].filter(([file, then]) => {
      const now = after.get(file);
      return now === undefined || now.digest !== then.digest || now.mtime !== then.mtime;
    });
    expect(changed.map(([file]) => file)).toEqual(['pagefind/shards.json']);
    const added = [...after.keys()].filter((file) => !before.has(file));
    expect(added.length).toBeGreaterThan(2);
    expect(added.filter((file) => !file.startsWith(newShard))).toEqual([]);
  });

  it('leaves the same index a cold build of the same archive writes, file by file', async () => {
    const files = (await listFiles(incremental)).filter((file) => file.startsWith('pagefind/'));
    expect(files).toEqual((await listFiles(cold)).filter((file) => file.startsWith('pagefind/')));
    expect(await filesThatDiffer(incremental, cold, files)).toEqual([]);
  });
});

describe('a cold build', () => {
  it('indexes every shard while the pages render, into the index made after them', async () => {
    const manifest = await readShardManifest(join(cold, 'pagefind'));
    expect(coldOutput).toContain(`${manifest.shards.length} while the pages rendered`);
    // The same pages indexed after the build, the usual way (as a rebuild does).
    const after = join(scratch, 'dist-indexed-after');
    await cp(cold, after, { recursive: true });
    await rm(join(after, 'pagefind'), { recursive: true });
    await indexShards(after, 'en', undefined, { cap: Number(ENV.ARCHIVE_SEARCH_SHARD_CAP) });
    expect(await filesOf(join(after, 'pagefind'))).toEqual(await filesOf(join(cold, 'pagefind')));
  });

  it('gives the index no sort: a paper page says its date added as metadata alone', async () => {
    const records = [...(await paperPages(cold, {}))].filter(([, record]) => record.digest !== null);
    expect(records.length).toBeGreaterThan(40);
    for (const [path, record] of records) {
      const html = await readFile(join(cold, path), 'utf8');
      expect(html, path).not.toContain('data-pagefind-sort');
      // The date the shard plan and the search's date order come from (index-shards.ts).
      expect(html, path).toContain(`<span data-pagefind-meta="added">${record.added ?? '?'}</span>`);
      expect(record.added, path).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('gives Pagefind the indexed article alone, without what it ignores, which indexes as the whole page does', async () => {
    const records = await paperPages(cold, {});
    const pages = [...records].flatMap(([path, record]) =>
      record.digest === null ? [] : [{ path, added: record.added ?? '' }],
    );
    const plan = planShards(pages, Number(ENV.ARCHIVE_SEARCH_SHARD_CAP));
    const manifest = await readShardManifest(join(cold, 'pagefind'));
    expect(plan.map((shard) => shard.key)).toEqual(manifest.shards.map((shard) => shard.key));
    for (const [i, shard] of plan.entries()) {
      const whole = join(scratch, `whole-pages-${i}`);
      await writeShard((page) => readFile(join(cold, page.path), 'utf8'), shard, whole, 'en');
      expect(await filesOf(whole)).toEqual(await filesOf(join(cold, 'pagefind', manifest.shards[i]?.dir ?? '?')));
    }
  });
});
