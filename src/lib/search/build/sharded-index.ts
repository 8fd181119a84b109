import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { DEFAULT_SHARD_CAP, planShards, shardCapFromEnv, type SearchShard, type ShardPage } from './index-shards.ts';
import { maxFragmentsFor } from './search-fragments.ts';
import { tunePagefindAllocator } from './pagefind-allocator.ts';
import { indexedDocument, paperPages, type PageRecord } from './indexed-pages.ts';
import { codeDigest } from '../../build/source-digest.ts';

/**
 * The site's search index in shards (index-shards.ts says which pages go where), under
 * `<dist>/pagefind/`:
 *
 * - `pagefind.js`, `pagefind-worker.js` and the WebAssembly, once, at the top, with a one-record
 *   primary index that no search ever returns (Pagefind loads its worker and WebAssembly from the
 *   primary index's folder; every search filters on the shards' `shard` values, which it lacks);
 * - each shard's own files (entry, metadata, index, filter and fragment chunks) in
 *   `shards/<digest>/`, named by a digest of what it was made from: a folder is never written in
 *   place, so a shard whose pages did not change keeps its files, bytes and dates;
 * - `shards.json`, the ordered shard list the search page merges (oldest first).
 *
 * Given a cache file, only shards whose pages' indexed parts changed are indexed again (pages are
 * read only when their file changed). Shards are indexed one after another, so Pagefind holds at
 * most one shard at a time. Run at the end of every build (src/integrations/archive-build.ts), by
 * `scripts/postbuild.ts` and by the merge of a sliced build (`scripts/merge-shards.ts`).
 */

/** Bump when what is indexed or how changes, so shards written by an older version are rebuilt. */
const INDEX_VERSION = '2';
/**
 * INDEX_VERSION and a digest of this module's code and what it imports (what a page is indexed
 * as, how shards are planned: source-digest.ts), so a change to that code indexes again rather than
 * keep shards the old code made. The digest is computed once per process (codeDigest keeps it).
 */
function currentIndexVersion(): string {
  return `${INDEX_VERSION}:${codeDigest([new URL(import.meta.url)])}`;
}
/**
 * The version of ICU, whose dictionaries choose the words of Chinese, Japanese or Thai text in the
 * index (src/lib/text/word-segments.ts): a Node with another may split such text otherwise.
 */
const SEGMENTER_VERSION = process.versions.icu ?? 'none';
/** Pagefind's version (its package exports no package.json; it is two folders above the entry). */
const PAGEFIND_VERSION = (
  JSON.parse(
    readFileSync(join(dirname(dirname(fileURLToPath(import.meta.resolve('pagefind')))), 'package.json'), 'utf8'),
  ) as { version: string }
).version;
/** The files of a shard folder: what a merged index fetches (never pagefind.js, the worker or the WebAssembly). */
const SHARD_FILE = /^(?:pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|index|filter|fragment)$/;
/** The primary index's one record: a word for Pagefind to index, never a result (it has no `shard`). */
const PRIMARY_RECORD = 'pagefind';
/** Pages sent to Pagefind at once: each is a message to its process and back. */
const IN_FLIGHT = 8;
/** Pages read ahead of the one Pagefind is given: enough to keep it busy, far below any file limit. */
const READ_AHEAD = 64;

export const SHARD_MANIFEST = 'shards.json';

/** `pagefind/shards.json`: what the search page merges, in date order (oldest first). */
export interface ShardManifest {
  version: 1;
  shards: { key: string; dir: string; pages: number; first: string; last: string }[];
}

export interface ShardedIndexResult {
  /** Paper pages in the index. */
  pages: number;
  shards: number;
  /** Keys of the shards Pagefind indexed this time (the others were kept as they were). */
  written: string[];
  /** Of those, the keys of the shards indexed while the pages were rendered (`prepared`). */
  ahead: string[];
}

/** Shards written ahead, as pages were rendered (index-while-rendering.ts). */
export interface PreparedShards {
  /** The digests of the shards whose folders are complete at `unplacedShardDir(shards, digest)`. */
  digests: ReadonlySet<string>;
  /** The records of the pages read for them, as `paperPages` makes them. */
  pages: Readonly<Record<string, PageRecord>>;
}

export interface ShardingOptions {
  /** Shards already written: placed without indexing them again, if this run's plan has them. */
  prepared?: PreparedShards;
  /** Pages per shard, at most (default: ARCHIVE_SEARCH_SHARD_CAP or DEFAULT_SHARD_CAP). */
  cap?: number;
  /** Another rule than planShards (tests build a one-shard index to compare with). */
  plan?: (pages: readonly ShardPage[]) => SearchShard[];
}

interface ShardCache {
  version: string;
  pages: Record<string, PageRecord>;
  /** The digest the runtime (pagefind.js, worker, WebAssembly, primary index) was written for. */
  runtime: string;
  /** The digests of the shard folders written or kept by the last run. */
  shards: string[];
}

async function readCache(path: string | undefined): Promise<ShardCache | undefined> {
  if (path === undefined) return undefined;
  try {
    const cache = JSON.parse(await readFile(path, 'utf8')) as ShardCache;
    return cache.version === currentIndexVersion() ? cache : undefined;
  } catch {
    return undefined;
  }
}

function hex(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** The digest a shard's folder is named by: everything its index is made from. */
export function shardDigest(shard: SearchShard, records: ReadonlyMap<string, PageRecord>, language: string): string {
  return hex(
    currentIndexVersion(),
    PAGEFIND_VERSION,
    SEGMENTER_VERSION,
    language,
    String(maxFragmentsFor(shard.pages.length)),
    ...shard.pages.map((page) => `${page.path}\0${records.get(page.path)?.digest ?? ''}`),
  ).slice(0, 16);
}

async function pageCount(output: string): Promise<number> {
  const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, each) => sum + each.page_count, 0);
}

/** How the patch in .config/patches says Pagefind's process ended when the kernel killed it (for memory, as a rule). */
const KILLED = /\bon SIGKILL\b/;
const SMALLER_SHARDS = `. Killed: most likely for memory, which a shard's pages take in Pagefind's process; build again with smaller shards, e.g. ARCHIVE_SEARCH_SHARD_CAP=${DEFAULT_SHARD_CAP / 2} (default ${DEFAULT_SHARD_CAP} pages a shard)`;

/** `work`, its failure said to be a failure to do `what`, with what to do when Pagefind was killed. */
async function inContext<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Failed to ${what}: ${message}${KILLED.test(message) ? SMALLER_SHARDS : ''}`, { cause });
  }
}

/** Runs `work` on a new Pagefind index made with `config`, then frees the index in Pagefind's process. */
async function withIndex(
  config: pagefind.PagefindServiceConfig,
  work: (index: pagefind.PagefindIndex) => Promise<void>,
): Promise<void> {
  // Before the first index starts Pagefind's process, which keeps the environment it started with.
  tunePagefindAllocator();
  const { index, errors } = await pagefind.createIndex(config);
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    await work(index);
  } catch (error) {
    // Pagefind's process may be gone (killed for memory, crashed): the failure is what is
    // reported, not that the index could not be freed, and a process that is gone holds nothing.
    await index.deleteIndex().catch(() => undefined);
    throw error;
  }
  await index.deleteIndex();
}

/** How a shard's page is read: from the built site, or as it is written (index-while-rendering.ts). */
export type PageReader = (page: ShardPage) => Promise<string>;

/** The folder a shard is written in before it is renamed into place: `.<digest>.tmp` beside it. */
export function unplacedShardDir(shardsDir: string, digest: string): string {
  return join(shardsDir, `.${digest}.tmp`);
}

/**
 * Indexes `shard`'s pages, read by `read`, into `output` (a new folder), in the shard's order,
 * reading up to `pagesAhead` pages ahead of the one Pagefind is given; checks the count.
 */
export async function writeShard(
  read: PageReader,
  shard: SearchShard,
  output: string,
  language: string,
  pagesAhead = READ_AHEAD,
): Promise<void> {
  // Fragments in groups of a few pages: not one more file per paper (search-fragments.ts).
  await withIndex({ forceLanguage: language, maxFragments: maxFragmentsFor(shard.pages.length) }, async (index) => {
    // Pagefind numbers pages in the order they arrive, and that order is part of the index: pages
    // are read a few ahead but sent one after another. Only a window is read ahead: starting every
    // read at once opened all of a shard's files together (EMFILE past the file limit, 1,024 on
    // many machines; 100,000 pages failed here).
    const contents: Promise<string>[] = [];
    const readAhead = (until: number) => {
      for (let next = contents.length; next < Math.min(until, shard.pages.length); next += 1) {
        const content = read(shard.pages[next] as ShardPage);
        // Awaited in turn below; a failure before then must not be an unhandled rejection.
        content.catch(() => undefined);
        contents.push(content);
      }
    };
    const inFlight = new Set<Promise<void>>();
    for (const [i, page] of shard.pages.entries()) {
      readAhead(i + Math.max(1, pagesAhead));
      const content = await (contents[i] as Promise<string>);
      // Let the text go once sent: a shard's pages are not all held in memory.
      contents[i] = Promise.resolve('');
      const added = index.addHTMLFile({ sourcePath: page.path, content }).then((response) => {
        if (response.errors.length > 0) {
          throw new Error(`Pagefind failed to index ${page.path}: ${response.errors.join('; ')}`);
        }
      });
      inFlight.add(added);
      void added.finally(() => inFlight.delete(added)).catch(() => undefined);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write ${output}: ${written.errors.join('; ')}`);
  });
  const count = await pageCount(output);
  if (count !== shard.pages.length) {
    throw new Error(`Pagefind indexed ${count} pages for the shard ${shard.key}, which has ${shard.pages.length}`);
  }
  // What a merged index never fetches: pagefind.js, the worker, the WebAssembly, the prebuilt UIs.
  for (const name of await readdir(output)) {
    if (!SHARD_FILE.test(name)) await rm(join(output, name), { recursive: true, force: true });
  }
}

/** The search runtime's entry script (written last by writeRuntime) and the worker it starts. */
const RUNTIME_ENTRY = 'pagefind.js';
const RUNTIME_WORKER = 'pagefind-worker.js';
const RUNTIME_WASM = /^wasm\..+\.pagefind$/;

/**
 * Writes pagefind.js, its worker and the WebAssembly of `language`, with the primary index, at the
 * top of `root`, leaving `shards/` and the manifest; removes what the page never loads (the
 * prebuilt UIs, other languages' WebAssembly) and what an older layout left (a whole-site index).
 */
async function writeRuntime(root: string, language: string): Promise<void> {
  const fresh = join(root, '.runtime.tmp');
  await rm(fresh, { recursive: true, force: true });
  await withIndex({ forceLanguage: language }, async (index) => {
    const added = await index.addCustomRecord({ url: '/', content: PRIMARY_RECORD, language });
    if (added.errors.length > 0)
      throw new Error(`Pagefind failed to add its primary record: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: fresh });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write ${fresh}: ${written.errors.join('; ')}`);
  });
  const entry = JSON.parse(await readFile(join(fresh, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { wasm?: string }>;
  };
  const wasm = new Set(Object.values(entry.languages).map((each) => `wasm.${each.wasm ?? 'unknown'}.pagefind`));
  const keep = (name: string) =>
    SHARD_FILE.test(name) || name === RUNTIME_ENTRY || name === RUNTIME_WORKER || wasm.has(name);
  // `pagefind.js` goes first and comes back last: a build killed in between leaves no runtime
  // that looks whole (runtimeComplete), and the next build writes it again.
  await rm(join(root, RUNTIME_ENTRY), { force: true });
  for (const name of await readdir(root)) {
    if (name !== 'shards' && name !== SHARD_MANIFEST && name !== '.runtime.tmp') {
      await rm(join(root, name), { recursive: true, force: true });
    }
  }
  const names = (await readdir(fresh)).filter(keep);
  for (const name of names) if (name !== RUNTIME_ENTRY) await rename(join(fresh, name), join(root, name));
  if (names.includes(RUNTIME_ENTRY)) await rename(join(fresh, RUNTIME_ENTRY), join(root, RUNTIME_ENTRY));
  await rm(fresh, { recursive: true, force: true });
}

/**
 * Whether `root` holds the whole runtime: the entry script, its worker and a WebAssembly module.
 * A runtime written by a build killed while moving it into place (or damaged by hand) is not.
 */
function runtimeComplete(root: string): boolean {
  if (!existsSync(join(root, RUNTIME_ENTRY)) || !existsSync(join(root, RUNTIME_WORKER))) return false;
  return readdirSync(root).some((name) => RUNTIME_WASM.test(name));
}

/**
 * Indexes the paper pages of `dist` into shards under `<dist>/pagefind/`, writing only the shards
 * whose pages changed when `cacheFile` remembers the last run. Only pages marked
 * `data-pagefind-body` (paper pages) are indexed; an archive without papers has no shard.
 */
export async function indexShards(
  dist: string,
  language: string,
  cacheFile?: string,
  options: ShardingOptions = {},
): Promise<ShardedIndexResult> {
  const previous = await readCache(cacheFile);
  // A page read ahead is not read again unless its file changed since (paperPages compares).
  const records = await paperPages(dist, { ...previous?.pages, ...options.prepared?.pages });
  const papers = [...records]
    .filter(([, record]) => record.digest !== null)
    .map(([path, record]) => ({ path, added: record.added ?? '' }));
  const plan = (options.plan ?? ((pages) => planShards(pages, options.cap ?? shardCapFromEnv())))(papers);
  const root = join(dist, 'pagefind');
  const shardsDir = join(root, 'shards');
  const runtime = hex(currentIndexVersion(), PAGEFIND_VERSION, language);
  const kept = new Set(previous?.shards ?? []);
  const digests = plan.map((shard) => shardDigest(shard, records, language));
  const written: string[] = [];
  const ahead: string[] = [];
  try {
    await mkdir(shardsDir, { recursive: true });
    if (previous?.runtime !== runtime || !runtimeComplete(root)) {
      await inContext('write the search runtime', writeRuntime(root, language));
    }
    for (const [i, shard] of plan.entries()) {
      const digest = digests[i] ?? '';
      const dir = join(shardsDir, digest);
      if (kept.has(digest) && existsSync(join(dir, 'pagefind-entry.json'))) continue;
      // Written beside its place and renamed into it: a folder is there whole or not at all. A
      // prepared shard was made from exactly these pages (its digest says so).
      const fresh = unplacedShardDir(shardsDir, digest);
      if (!options.prepared?.digests.has(digest) || !existsSync(join(fresh, 'pagefind-entry.json'))) {
        await rm(fresh, { recursive: true, force: true });
        const read = async (page: ShardPage) => indexedDocument(await readFile(join(dist, page.path), 'utf8'));
        await inContext(
          `index the search shard ${shard.key} (${shard.pages.length} pages)`,
          writeShard(read, shard, fresh, language),
        );
      } else {
        ahead.push(shard.key);
      }
      await rm(dir, { recursive: true, force: true });
      await rename(fresh, dir);
      written.push(shard.key);
    }
  } finally {
    await pagefind.close();
  }
  // Shards no longer in the plan (their pages changed, moved or went), and leftovers of a failed run.
  const planned = new Set(digests);
  for (const name of await readdir(shardsDir)) {
    if (!planned.has(name)) await rm(join(shardsDir, name), { recursive: true, force: true });
  }
  const manifest: ShardManifest = {
    version: 1,
    shards: plan.map((shard, i) => ({
      key: shard.key,
      dir: `shards/${digests[i] ?? ''}/`,
      pages: shard.pages.length,
      first: shard.pages[0]?.added ?? '',
      last: shard.pages.at(-1)?.added ?? '',
    })),
  };
  const manifestText = `${JSON.stringify(manifest)}\n`;
  const manifestFile = join(root, SHARD_MANIFEST);
  if ((await readFile(manifestFile, 'utf8').catch(() => '')) !== manifestText) {
    await writeFile(manifestFile, manifestText);
  }
  if (cacheFile !== undefined) {
    const cache: ShardCache = {
      version: currentIndexVersion(),
      pages: Object.fromEntries(records),
      runtime,
      shards: digests,
    };
    await mkdir(dirname(cacheFile), { recursive: true });
    await writeFile(cacheFile, JSON.stringify(cache));
  }
  return { pages: papers.length, shards: plan.length, written, ahead };
}

/** The shard manifest of a built site (`<pagefindDir>/shards.json`). */
export async function readShardManifest(pagefindDir: string): Promise<ShardManifest> {
  const file = join(pagefindDir, SHARD_MANIFEST);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new Error(`Failed to read ${file}: build the site first (npm run build)`, { cause });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { version?: unknown }).version !== 1 ||
    !Array.isArray((parsed as { shards?: unknown }).shards)
  ) {
    throw new Error(`${file} is not a shard manifest of this version: rebuild the site`);
  }
  return parsed as ShardManifest;
}
