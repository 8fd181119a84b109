import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { maxFragmentsFor } from './search-fragments.ts';

/**
 * The site's search index: Pagefind over the built paper pages, written to `<dist>/pagefind/`.
 * Run at the end of every build by the archive integration (src/integrations/archive-build.ts)
 * and by `scripts/postbuild.ts` to re-index a built site.
 *
 * Given a cache file, the index is kept as it is when no paper page's indexed part changed since the
 * last run (a build that only changed list pages, related papers or nothing). Pages are read only
 * when their file changed (size and modification time): a rebuild leaves unchanged pages untouched.
 */

/** Bump when what is indexed or how changes, so an index written by an older version is rebuilt. */
const INDEX_VERSION = '2';
/** Pagefind's version (its package exports no package.json; it is two folders above the entry). */
const PAGEFIND_VERSION = (
  JSON.parse(
    readFileSync(join(dirname(dirname(fileURLToPath(import.meta.resolve('pagefind')))), 'package.json'), 'utf8'),
  ) as { version: string }
).version;

export interface IndexResult {
  /** Paper pages in the index. */
  pages: number;
  /** Whether Pagefind ran (false: nothing indexed changed, the index was kept). */
  written: boolean;
}

export interface PageRecord {
  /** The page file's size and modification time (ns) when it was read. */
  size: number;
  mtime: string;
  /** A digest of its indexed part; null for a page that is not a paper's. */
  digest: string | null;
  /** Its date added (Pagefind's `added` sort key), which places it in a shard (index-shards.ts). */
  added?: string;
}

interface IndexCache {
  version: string;
  pages: Record<string, PageRecord>;
  /** The digest of everything the index was last written from. */
  index: string;
}

/**
 * The part of a paper page Pagefind reads: its `data-pagefind-body` element (the `<article>`).
 * Everything else on the page (related papers, newer and older links) changes without changing the
 * index. Undefined for a page that is not a paper's.
 */
export function indexedPart(html: string): string | undefined {
  const marker = html.indexOf('data-pagefind-body');
  if (marker < 0) return undefined;
  const start = html.lastIndexOf('<article', marker);
  const end = html.indexOf('</article>', marker);
  return start < 0 || end < 0 ? html : html.slice(start, end);
}

/** The page's date added, as its Pagefind sort key says (empty if it has none). */
export function addedOf(part: string): string {
  return /data-pagefind-sort="added"[^>]*>([^<]*)</.exec(part)?.[1] ?? '';
}

async function readCache(path: string | undefined): Promise<IndexCache | undefined> {
  if (path === undefined) return undefined;
  try {
    const cache = JSON.parse(await readFile(path, 'utf8')) as IndexCache;
    return cache.version === INDEX_VERSION ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Every `papers/<name>/index.html` with its record, reading only pages whose file changed. */
export async function paperPages(dist: string, previous: IndexCache['pages']): Promise<Map<string, PageRecord>> {
  const dir = join(dist, 'papers');
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    : [];
  const records = new Map<string, PageRecord>();
  const queue = names.sort();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < queue.length; i = next++) {
      const path = `papers/${queue[i]}/index.html`;
      const info = await stat(join(dist, path), { bigint: true }).catch(() => undefined);
      if (!info) continue;
      const known = previous[path];
      const mtime = String(info.mtimeNs);
      if (known && known.size === Number(info.size) && known.mtime === mtime) {
        records.set(path, known);
        continue;
      }
      const part = indexedPart(await readFile(join(dist, path), 'utf8'));
      if (part === undefined) {
        records.set(path, { size: Number(info.size), mtime, digest: null });
        continue;
      }
      const digest = createHash('sha256').update(part).digest('base64url');
      records.set(path, { size: Number(info.size), mtime, digest, added: addedOf(part) });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return new Map([...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Runs Pagefind over the `papers` paper pages into `output`; returns how many pages it indexed. */
async function writeIndex(dist: string, output: string, language: string, papers: number): Promise<number> {
  // A second run must not leave the previous run's chunks behind (they would be precached too).
  await rm(output, { recursive: true, force: true });
  try {
    // Fragments in groups of a few pages: not one more file per paper (search-fragments.ts).
    const { index, errors } = await pagefind.createIndex({
      forceLanguage: language,
      maxFragments: maxFragmentsFor(papers),
    });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    // Paper pages only: they carry data-pagefind-body; list pages repeat their titles. With no
    // paper at all Pagefind would index whole list pages instead, so the index stays empty.
    if (papers > 0) {
      const added = await index.addDirectory({ path: dist, glob: 'papers/*/index.html' });
      if (added.errors.length > 0) throw new Error(`Pagefind failed to index ${dist}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write ${output}: ${written.errors.join('; ')}`);
    // addDirectory counts every file it read; the entry file counts the pages actually indexed.
    const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.values(entry.languages).reduce((sum, each) => sum + each.page_count, 0);
  } finally {
    await pagefind.close();
  }
}

/**
 * Indexes the paper pages of `dist` into `<dist>/pagefind/`, or keeps the index there when
 * `cacheFile` says nothing it was made from changed. Only pages marked `data-pagefind-body` (paper
 * pages) are indexed; an archive without papers gets an empty index.
 */
export async function indexSite(dist: string, language: string, cacheFile?: string): Promise<IndexResult> {
  const previous = await readCache(cacheFile);
  const pages = await paperPages(dist, previous?.pages ?? {});
  const papers = [...pages].filter(([, record]) => record.digest !== null);
  const digest = createHash('sha256')
    .update(JSON.stringify([INDEX_VERSION, PAGEFIND_VERSION, language, maxFragmentsFor(papers.length)]))
    .update(papers.map(([path, record]) => `${path}\0${record.digest ?? ''}`).join('\n'))
    .digest('base64url');
  const output = join(dist, 'pagefind');
  let written = false;
  if (previous?.index !== digest || !existsSync(join(output, 'pagefind-entry.json'))) {
    const count = await writeIndex(dist, output, language, papers.length);
    if (count !== papers.length) {
      throw new Error(`Pagefind indexed ${count} pages, but ${dist} has ${papers.length} paper pages`);
    }
    written = true;
  }
  if (cacheFile !== undefined) {
    await mkdir(dirname(cacheFile), { recursive: true });
    await writeFile(
      cacheFile,
      JSON.stringify({ version: INDEX_VERSION, pages: Object.fromEntries(pages), index: digest }),
    );
  }
  return { pages: papers.length, written };
}
