import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { PaperTerms } from '../site/related-papers.ts';

/**
 * The related-paper terms of every paper in the archive (related-papers.ts `PaperTerms`), in JSON
 * files beside the abstract files (abstract-files.ts), keyed by paper digest.
 *
 * Every build needs every paper's terms (related papers are found across the whole archive), but
 * they were half of Astro's data store: about 1 KB a paper of the 1.9 KB, in a store that every
 * build writes back, escapes into a JavaScript string, bundles, compiles and parses again. Plain
 * JSON costs one read and one `JSON.parse`. The files are named by the set of paper versions they
 * cover (their digests), so a build reads exactly the terms of the papers it loaded, a rebuild with
 * nothing changed writes nothing, and a dev server sharing the cache folder never swaps them under
 * a running build. They come in parts of at most `TERMS_PER_FILE` papers, as Astro's store comes
 * in chunks: a file is read as one string, and V8 caps a string near 512 MiB (about 550,000
 * papers' terms).
 */

const PREFIX = 'terms-';

/** Papers per terms file: about 20 MB, the size of the content store's chunks. */
export const TERMS_PER_FILE = 20_000;

/** The sorted digests and the name the files of that set share. */
function termsSet(digests: Iterable<string>): { sorted: string[]; name: string } {
  const sorted = [...digests].sort();
  const hash = createHash('sha256');
  for (const digest of sorted) hash.update(digest).update('\n');
  return { sorted, name: `${PREFIX}${hash.digest('hex').slice(0, 32)}` };
}

/** The files of a set of terms: one or more parts. */
function filesOf(dir: string, { sorted, name }: ReturnType<typeof termsSet>, perFile: number): string[] {
  const parts = Math.max(1, Math.ceil(sorted.length / perFile));
  return Array.from({ length: parts }, (_, part) => join(dir, `${name}-${part}.json`));
}

/** The terms files for the papers whose digests are `digests` (in any order), in `dir`: one or more parts. */
export function paperTermsFiles(dir: string, digests: Iterable<string>, perFile = TERMS_PER_FILE): string[] {
  return filesOf(dir, termsSet(digests), perFile);
}

/** Whether `name` (a file name in the folder) is a terms file, which the abstract files' pruning must keep apart. */
export function isPaperTermsFile(name: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith('.json');
}

/**
 * Writes the terms in their parts (digests in sorted order), atomically and without fsync: like
 * the abstract files they are a cache, and a missing or damaged part only makes the next build
 * render the papers it lacks again. Returns the files.
 */
export function writePaperTerms(
  dir: string,
  terms: ReadonlyMap<string, PaperTerms>,
  perFile = TERMS_PER_FILE,
): string[] {
  const set = termsSet(terms.keys());
  const files = filesOf(dir, set, perFile);
  files.forEach((file, part) => {
    const digests = set.sorted.slice(part * perFile, (part + 1) * perFile);
    const body = Object.fromEntries(digests.map((digest) => [digest, terms.get(digest)]));
    writeFileAtomic.sync(file, JSON.stringify(body), { fsync: false });
  });
  return files;
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

/** The terms of the papers with `digests`, from their terms files: the pages' side of the loader's write. */
export function loadPaperTerms(
  dir: string,
  digests: readonly string[],
  perFile = TERMS_PER_FILE,
): Map<string, PaperTerms> {
  const terms = new Map<string, PaperTerms>();
  for (const path of paperTermsFiles(dir, digests, perFile)) {
    try {
      for (const [digest, value] of readPaperTerms(path)) terms.set(digest, value);
    } catch (cause) {
      throw new Error(
        `The related-paper terms of this archive (${path}) are missing or damaged; build again, or delete the cache folder to start cold`,
        { cause },
      );
    }
  }
  return terms;
}
