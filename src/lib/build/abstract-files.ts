import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaperAbstract } from '../site/paper-view.ts';
import { writeFileWhole } from '../storage/cache-file.ts';

/**
 * A paper's abstract in the forms only its own outputs show (src/lib/site/paper-view.ts
 * `PaperAbstract`: the HTML, the plain text, the meta description, the text as scraped), one JSON
 * file per paper digest, beside the content layer's data store.
 *
 * Astro keeps a loader's entries in its data store, parses the whole store at the start of every
 * build, writes it back when anything changed and inlines it into the prerender bundle; an abstract
 * with math is mostly KaTeX markup (several KB), so at 100,000 papers the store was 420 MB, and the
 * plain text and the scraped original were another 3 KB a paper. Here the store keeps only the
 * file's name, and a paper page (or a feed) reads the abstract when it renders: the store, the
 * bundle and the build's memory grow only with what lists need. A file is named by the paper's
 * digest (file, taxonomy, macros, renderer), so it is written once per version of a paper and never
 * goes stale. The thread that renders an abstract writes its file, atomically
 * (src/lib/markdown/paper-render-pool.ts): a crash never leaves half an abstract that a later build
 * would reuse.
 */

/** The folder of abstract files in a cache folder. */
export function abstractFilesDir(cacheDir: string): string {
  return join(cacheDir, 'paper-abstracts');
}

/** The file that holds the abstract of the paper version with `digest`. */
export function abstractFile(dir: string, digest: string): string {
  if (!/^[\w-]+$/.test(digest)) throw new Error(`Not a digest: ${JSON.stringify(digest)}`);
  return join(dir, `${digest}.json`);
}

/**
 * Whether a usable file of this folder exists, an abstract file or a records file
 * (paper-records-file.ts). An empty one counts as missing: files are written without fsync (a
 * cache), and a power cut after the rename can leave a file with no content on some file systems;
 * a written file is never empty.
 */
export function hasCacheFile(path: string): boolean {
  return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

export async function ensureAbstractFilesDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/**
 * Writes an abstract file. Atomic (a crash never leaves half an abstract under its final name) but
 * not fsynced: this is a cache, rebuilt from the paper whenever its file is missing or empty, and an
 * fsync per abstract was 40 % of a render thread's time in a cold build of 10,000 papers.
 */
export function writeAbstractFile(path: string, abstract: PaperAbstract): void {
  writeFileWhole(path, JSON.stringify(abstract));
}

/** A paper's abstract from its file; `file` names the paper in the error. */
export function readAbstractFile(path: string, file: string): PaperAbstract {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(
      `${file}: its rendered abstract (${path}) is gone; it is in the build cache: build again, or delete the cache folder to start cold`,
      { cause },
    );
  }
  try {
    const abstract = JSON.parse(text) as Partial<Record<keyof PaperAbstract, unknown>>;
    const { html, text: plain, description, hasMath, original } = abstract;
    if (
      typeof html !== 'string' ||
      typeof plain !== 'string' ||
      typeof description !== 'string' ||
      typeof hasMath !== 'boolean' ||
      !(original === undefined || typeof original === 'string')
    ) {
      throw new Error('it is not an abstract file of this version');
    }
    return { html, text: plain, description, hasMath, ...(original === undefined ? {} : { original }) };
  } catch (cause) {
    throw new Error(`${file}: its rendered abstract (${path}) is damaged; delete the cache folder and build again`, {
      cause,
    });
  }
}

/** Removes the abstract files of paper versions that are no longer in the archive. */
export async function pruneAbstractFiles(dir: string, keep: ReadonlySet<string>): Promise<number> {
  const names = existsSync(dir) ? await readdir(dir) : [];
  const stale = names.filter((name) => !keep.has(join(dir, name)));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}
