import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fdir } from 'fdir';

/**
 * Incremental builds keep the output folder between builds: Astro leaves a page whose cacheKey did
 * not change where it is instead of rendering it again. So nothing empties the folder, and what a
 * previous build wrote but this one did not (the page of a deleted or renamed paper, an old hashed
 * asset, a file since removed from public/) must be found and removed, or the site would serve it.
 *
 * What this build produced is: every file written since it started, and every file it kept from the
 * previous build (the outputs Astro reports for each route, skipped pages included). A file that is
 * neither is stale. "Since it started" is measured against a file written at the start, so the
 * comparison uses the file system's own clock and granularity, never the process's.
 */

/** Writes the start mark `path` and returns its modification time (ns); call before anything is written. */
export async function markBuildStart(path: string): Promise<bigint> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${new Date().toISOString()}\n`);
  return (await stat(path, { bigint: true })).mtimeNs;
}

/**
 * Files under `root` (as `/`-separated paths relative to it, sorted) last written before `since`
 * and not in `kept`. Paths starting with one of `ignore` (e.g. `pagefind/`) are left to whoever
 * writes them. `listed` is `filesUnder(root)` when the caller has just taken it (to use it again).
 */
export async function staleFiles(
  root: string,
  since: bigint,
  kept: ReadonlySet<string>,
  ignore: readonly string[] = [],
  listed?: readonly string[],
): Promise<string[]> {
  const candidates = (listed ?? (await filesUnder(root))).filter(
    (path) => !kept.has(path) && !ignore.some((prefix) => path.startsWith(prefix)),
  );
  const stale: string[] = [];
  // Few candidates stat at all: on a rebuild nearly every file is a kept page.
  await Promise.all(
    candidates.map(async (path) => {
      const { mtimeNs } = await stat(join(root, path), { bigint: true });
      if (mtimeNs < since) stale.push(path);
    }),
  );
  return stale.sort();
}

/** How many times a listing is tried again when a folder inside vanished while it was read. */
const LISTING_ATTEMPTS = 5;

/**
 * Every file under `root`, as `/`-separated paths relative to it; none if it does not exist. Also
 * what `public/` gives the build: Astro 7.4+ copies public files with their own modification times
 * (withastro/astro, Vite #18483), so they look older than the start mark and must count as kept.
 * `skip` names top-level folders not to list (another thread is writing them).
 *
 * Nothing is listed only when `root` itself is missing: a folder inside it renamed or removed while
 * the listing read it (the search index worker places its shards while a build lists its output)
 * is listed again, and a listing that keeps failing is an error. Read as "no output", it gave a
 * service worker with no page and a build that removed no stale file.
 */
export async function filesUnder(root: string, skip: readonly string[] = []): Promise<string[]> {
  if (!existsSync(root)) return [];
  const skipped = new Set(skip.map((folder) => join(root, folder, sep)));
  // fdir, not readdir({ recursive: true }): it lists a 10,000-paper dist/ (24,000 files in 12,000
  // folders) in about half the time, which every rebuild pays. Symbolic links are listed, not
  // followed, as readdir's entries were.
  const crawler = new fdir()
    .withRelativePaths()
    .withPathSeparator('/')
    .withErrors()
    .exclude((_name, path) => skipped.has(path));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return crawler.crawl(root).sync();
    } catch (cause) {
      const vanished = (cause as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(root);
      if (!vanished || attempt === LISTING_ATTEMPTS) throw new Error(`Failed to list ${root}`, { cause });
    }
  }
}

/** Removes `files` (relative to `root`) and the folders they leave empty, up to `root`. */
export async function removeFiles(root: string, files: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of files) {
    await rm(join(root, file), { force: true });
    let folder = dirname(file);
    while (folder !== '.' && folder !== '') {
      folders.add(folder);
      folder = dirname(folder);
    }
  }
  // Deepest first, so a parent is tried after its children.
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    try {
      await rmdir(join(root, folder));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') {
        throw new Error(`Failed to remove the empty folder ${join(root, folder)}`, { cause });
      }
    }
  }
}
