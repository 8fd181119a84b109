import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { PaperTerms } from '../site/related-papers.ts';

/**
 * The related-paper terms of every paper in the archive (related-papers.ts `PaperTerms`), in one
 * JSON file beside the abstract files (abstract-files.ts), keyed by paper digest.
 *
 * Every build needs every paper's terms (related papers are found across the whole archive), but
 * they were half of Astro's data store: about 1 KB a paper of the 1.9 KB, in a store that every
 * build writes back, escapes into a JavaScript string, bundles, compiles and parses again. One
 * plain JSON file costs one read and one `JSON.parse`. The file is named by the set of paper
 * versions it covers (their digests), so a build reads exactly the terms of the papers it loaded,
 * a rebuild with nothing changed writes nothing, and a dev server sharing the cache folder never
 * swaps the file under a running build.
 */

const PREFIX = 'terms-';

/** The terms file for the papers whose digests are `digests` (in any order), in `dir`. */
export function paperTermsFile(dir: string, digests: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const digest of [...digests].sort()) hash.update(digest).update('\n');
  return join(dir, `${PREFIX}${hash.digest('hex').slice(0, 32)}.json`);
}

/** Whether `name` (a file name in the folder) is a terms file, which the abstract files' pruning must keep apart. */
export function isPaperTermsFile(name: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith('.json');
}

/**
 * Writes the terms, atomically and without fsync: like the abstract files it is a cache, and a
 * missing or damaged one only makes the next build render the papers it lacks again.
 */
export function writePaperTerms(path: string, terms: ReadonlyMap<string, PaperTerms>): void {
  writeFileAtomic.sync(path, JSON.stringify(Object.fromEntries(terms)), { fsync: false });
}

/** The terms a file holds by digest; throws when it is unreadable or not a terms file. */
export function readPaperTerms(path: string): Map<string, PaperTerms> {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} is not a terms file`);
  }
  const terms = new Map<string, PaperTerms>();
  for (const [digest, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${path} is not a terms file`);
    terms.set(digest, value);
  }
  return terms;
}

/**
 * The terms of every readable terms file in `dir`, for the loader to reuse: a damaged file is
 * skipped (its papers are rendered again), never trusted.
 */
export function readAllPaperTerms(dir: string): Map<string, PaperTerms> {
  const terms = new Map<string, PaperTerms>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter(isPaperTermsFile);
  } catch {
    return terms;
  }
  for (const name of names) {
    try {
      for (const [digest, value] of readPaperTerms(join(dir, name))) terms.set(digest, value);
    } catch {
      // A cache: what it held is derived again from the paper files.
    }
  }
  return terms;
}

/** The terms of the papers with `digests`, from their terms file: the pages' side of the loader's write. */
export function loadPaperTerms(dir: string, digests: readonly string[]): Map<string, PaperTerms> {
  const path = paperTermsFile(dir, digests);
  try {
    return readPaperTerms(path);
  } catch (cause) {
    throw new Error(
      `The related-paper terms of this archive (${path}) are missing or damaged; build again, or delete the cache folder to start cold`,
      { cause },
    );
  }
}
