import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Rendered abstracts, one HTML file per paper digest, beside the content layer's data store.
 *
 * Astro keeps a loader's rendered HTML in its data store and inlines the whole store into the
 * prerender bundle; an abstract with math is mostly KaTeX markup (several KB), so at 100,000 papers
 * the store was 420 MB, bundled and held in memory for the whole build. Here the store keeps only
 * the file's name, and a paper page reads its abstract when it renders: the bundle and the build's
 * memory no longer grow with the archive's math. A file is named by the paper's digest (file,
 * taxonomy, macros, renderer), so it is written once per version of a paper and never goes stale.
 * The thread that renders an abstract writes its file, atomically (src/lib/markdown/paper-render-pool.ts):
 * a crash never leaves half an abstract that a later build would reuse.
 */

/** The folder of rendered abstracts in a cache folder. */
export function abstractFilesDir(cacheDir: string): string {
  return join(cacheDir, 'paper-abstracts');
}

/** The file that holds the abstract of the paper version with `digest`. */
export function abstractFile(dir: string, digest: string): string {
  if (!/^[\w-]+$/.test(digest)) throw new Error(`Not a digest: ${JSON.stringify(digest)}`);
  return join(dir, `${digest}.html`);
}

/**
 * Whether a usable abstract file exists. An empty one counts as missing: files are written without
 * fsync (a cache), and a power cut after the rename can leave a file with no content on some file
 * systems; every rendered abstract has at least a paragraph.
 */
export function hasAbstractFile(path: string): boolean {
  return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

export async function ensureAbstractFilesDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** A paper page's abstract; `file` names the paper in the error. */
export function readAbstractFile(path: string, file: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(
      `${file}: its rendered abstract (${path}) is gone; it is in the build cache: build again, or delete the cache folder to start cold`,
      { cause },
    );
  }
}

/** Removes the rendered abstracts of paper versions that are no longer in the archive. */
export async function pruneAbstractFiles(dir: string, keep: ReadonlySet<string>): Promise<number> {
  const names = existsSync(dir) ? await readdir(dir) : [];
  const stale = names.filter((name) => !keep.has(join(dir, name)));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}
