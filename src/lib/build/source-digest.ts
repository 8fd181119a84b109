import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A digest of the code a cache was made with, for the caches Astro does not key: the paper
 * loader's records and abstracts (paper-loader.ts) and the search index's shards
 * (sharded-index.ts) are reused across builds by a digest of their inputs, but the code that
 * turns those inputs into HTML, summaries or an index runs outside the pages' module graph, which
 * is all Astro hashes. A hand-kept version number (RENDER_VERSION, INDEX_VERSION) was the only
 * thing that changed with that code; a change that forgot it (a renderer fix, a KaTeX upgrade)
 * left every unchanged paper's page showing what the old code made, while a cold build showed
 * the new. The digest covers the source files reachable by relative imports from the entry
 * modules (a worker started from `new URL('./x.ts', import.meta.url)` counts as an import) and
 * the files that pin the packages they use (the lock file, the patches applied to them).
 */

/** Relative module specifiers in `source`: static and dynamic imports, re-exports, and worker URLs. */
export function relativeImports(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:from|import)\s*\(?\s*(['"])(\.{1,2}\/[^'"\n]+)\1/g,
    /\bnew\s+URL\(\s*(['"])(\.{1,2}\/[^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.add(match[2] as string);
  }
  return [...found];
}

/**
 * Every file reachable from `entries` (absolute paths) by relative imports, sorted; `read` gives a
 * file's text, or `undefined` when there is none (a specifier in a comment, a type-only path).
 */
export function moduleGraph(entries: readonly string[], read: (path: string) => string | undefined): string[] {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (seen.has(path)) continue;
    const text = read(path);
    if (text === undefined) continue;
    seen.add(path);
    for (const specifier of relativeImports(text)) pending.push(resolve(dirname(path), specifier));
  }
  return [...seen].sort();
}

function readIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw new Error(`Failed to read ${path} for the build cache's code digest`, { cause });
  }
}

/**
 * The digest of the module graph of `entries` and of `pins` (files that may be missing), each file
 * named relative to `root`, so a checkout moved elsewhere gives the same digest.
 */
export function sourceDigest(
  root: string,
  entries: readonly string[],
  pins: readonly string[],
  read: (path: string) => string | undefined = readIfAny,
): string {
  const texts = new Map<string, string | undefined>();
  const once = (path: string) => {
    if (!texts.has(path)) texts.set(path, read(path));
    return texts.get(path);
  };
  const hash = createHash('sha256');
  const name = (path: string) => relative(root, path).split(sep).join('/');
  for (const path of moduleGraph(entries, once)) {
    hash
      .update(name(path))
      .update('\0')
      .update(once(path) ?? '')
      .update('\0');
  }
  for (const path of [...pins].sort()) {
    hash
      .update(name(path))
      .update('\0')
      .update(once(path) ?? '\u0000missing')
      .update('\0');
  }
  return hash.digest('hex');
}

/** The repository root (this file is src/lib/build/source-digest.ts). */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PATCHES = join(PROJECT_ROOT, '.config', 'patches');
const digests = new Map<string, string>();

/**
 * `sourceDigest` of the modules `entries` (file URLs or paths) in this repository, pinned by its
 * lock file and the patches applied to its packages; computed once per process for each set of
 * entries (about a hundred small files read, a few milliseconds).
 */
export function codeDigest(entries: readonly (string | URL)[]): string {
  const paths = entries.map((entry) => (entry instanceof URL ? fileURLToPath(entry) : entry));
  const key = paths.join('\0');
  let digest = digests.get(key);
  if (digest === undefined) {
    let patches: string[] = [];
    try {
      patches = readdirSync(PATCHES).map((name) => join(PATCHES, name));
    } catch {
      // No patches: the lock file pins the packages alone.
    }
    digest = sourceDigest(PROJECT_ROOT, paths, [join(PROJECT_ROOT, 'package-lock.json'), ...patches]);
    digests.set(key, digest);
  }
  return digest;
}
