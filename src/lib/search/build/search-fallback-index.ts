import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FallbackDoc, FallbackIndex } from '../browser/search-fallback.ts';
import { readShardManifest, SHARD_MANIFEST } from './sharded-index.ts';

/**
 * Builds the file:// fallback index from the Pagefind bundle itself, so the copy on disk searches
 * exactly the text the online search does (the readable math, no navigation or cite blocks).
 * Pagefind stores a page's fragment, or a group of them, per file: gzip, a `pagefind_dcd` signature,
 * then JSON.
 */

export interface PagefindFragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

const SIGNATURE = 'pagefind_dcd';

/** A fragment file's bytes as JSON: gzip, the signature, then the JSON. */
function decodeFile(bytes: Uint8Array, where: string): unknown {
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch (cause) {
    throw new Error(`Failed to decompress the Pagefind fragment ${where}`, { cause });
  }
  if (!text.startsWith(SIGNATURE)) {
    throw new Error(
      `${where} is not a Pagefind fragment (no ${SIGNATURE} signature): was the index written by another Pagefind version?`,
    );
  }
  try {
    return JSON.parse(text.slice(SIGNATURE.length));
  } catch (cause) {
    throw new Error(`Failed to parse the Pagefind fragment ${where}`, { cause });
  }
}

function asFragment(parsed: unknown, where: string): PagefindFragment {
  const fragment = (parsed ?? {}) as Partial<PagefindFragment>;
  if (typeof fragment.url !== 'string' || typeof fragment.content !== 'string') {
    throw new Error(`${where}: a Pagefind fragment without url or content`);
  }
  return { url: fragment.url, content: fragment.content, meta: fragment.meta ?? {}, filters: fragment.filters ?? {} };
}

/** One fragment file's bytes as a fragment; throws naming `where` when it is not one. */
export function decodeFragment(bytes: Uint8Array, where: string): PagefindFragment {
  return asFragment(decodeFile(bytes, where), where);
}

/**
 * The fragments in one fragment file: one page's, or a group's (`maxFragments`, see
 * search-fragments.ts: an object of fragments by their hash).
 */
export function decodeFragments(bytes: Uint8Array, where: string): PagefindFragment[] {
  const parsed = decodeFile(bytes, where);
  if (typeof parsed === 'object' && parsed !== null && !('url' in parsed)) {
    const entries = Object.entries(parsed);
    if (entries.length === 0) throw new Error(`${where}: an empty Pagefind fragment group`);
    return entries.map(([hash, fragment]) => asFragment(fragment, `${where} (${hash})`));
  }
  return [asFragment(parsed, where)];
}

/**
 * Every fragment of the site's search index in `pagefindDir`: of each shard the manifest lists, in
 * its order (sharded-index.ts), or of `pagefindDir` itself when it is one Pagefind index.
 */
export async function readFragments(pagefindDir: string): Promise<PagefindFragment[]> {
  if (!existsSync(join(pagefindDir, SHARD_MANIFEST))) return readIndexFragments(pagefindDir);
  const { shards } = await readShardManifest(pagefindDir);
  const all = await Promise.all(shards.map((shard) => readIndexFragments(join(pagefindDir, shard.dir))));
  return all.flat();
}

/** Every fragment of the Pagefind index in `pagefindDir`, grouped or not (in file name order). */
async function readIndexFragments(pagefindDir: string): Promise<PagefindFragment[]> {
  const dir = join(pagefindDir, 'fragment');
  // An index of an archive without papers has an entry file and no fragments.
  if (!existsSync(dir) && existsSync(join(pagefindDir, 'pagefind-entry.json'))) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.pf_fragment')).sort();
  } catch (cause) {
    throw new Error(`Failed to read ${dir}: build the site first (npm run build)`, { cause });
  }
  const files = await Promise.all(
    names.map(async (name) => decodeFragments(await readFile(join(dir, name)), join(dir, name))),
  );
  return files.flat();
}

/**
 * The fallback index for `fragments`: newest papers first, paths relative to the site root
 * (Pagefind's URLs never include the base path the site was built with).
 */
export function buildFallbackIndex(
  fragments: readonly PagefindFragment[],
  topics: Record<string, string>,
): FallbackIndex {
  const docs: FallbackDoc[] = fragments.map((fragment) => [
    fragment.url.replace(/^\/+/, ''),
    fragment.meta['title'] ?? fragment.url,
    [...(fragment.filters['topic'] ?? [])].sort(),
    fragment.meta['added'] ?? '',
    fragment.filters['code']?.includes('yes') ? 1 : 0,
    fragment.content,
    fragment.meta['authors'] ?? '',
  ]);
  docs.sort((a, b) => b[3].localeCompare(a[3]) || a[0].localeCompare(b[0]));
  return { version: 1, topics, docs };
}

/** The index as a classic script: the one way a page opened from disk can load data. */
export function fallbackIndexScript(index: FallbackIndex): string {
  // JSON is valid JavaScript; escaping "<" keeps the file safe even if it is ever inlined in HTML.
  return `window.__ARCHIVE_INDEX__ = ${JSON.stringify(index).replace(/</g, '\\u003c')};\n`;
}
