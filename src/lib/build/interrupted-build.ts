import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A build that does not finish (killed, out of memory, a failure on some page) has already
 * rewritten some pages in `dist/` (and Astro's kept copies of them, which are links to the same
 * files: .config/patches), but Astro writes its incremental manifest only once every page is
 * generated. The manifest left is the last finished build's, and its keys still name those pages.
 * Once the change is undone (a reverted commit, another branch), the keys match again and Astro
 * keeps the interrupted build's page: a stale page, served, and indexed for search.
 *
 * So each build leaves its start mark (stale-outputs.ts) until it has finished, and a build that
 * finds one knows the build before it was interrupted: every page its manifest lists that was
 * written since that start is forgotten from the manifest, and rendered again.
 */

/** Astro's incremental-build manifest, in its cache folder (node_modules/astro/dist/core/build/incremental.js). */
export const INCREMENTAL_MANIFEST = 'incremental-build.json';

/** What is read here of Astro's manifest; everything else in it is kept as it is. */
export interface IncrementalManifest {
  routes?: Record<string, { paths?: Record<string, { outputFile?: unknown }> }>;
}

/**
 * `manifest` without the paths whose output file `written` says was written by the interrupted
 * build (`outputFile` is relative to the output folder, URL-encoded as Astro records it), and how
 * many were removed. A path without an output file is removed too: nothing says it is sound.
 */
export function forgetPages<T extends IncrementalManifest>(
  manifest: T,
  written: (outputFile: string) => boolean,
): { manifest: T; forgotten: number } {
  let forgotten = 0;
  const routes: NonNullable<IncrementalManifest['routes']> = {};
  for (const [route, entry] of Object.entries(manifest.routes ?? {})) {
    const paths: Record<string, { outputFile?: unknown }> = {};
    for (const [path, page] of Object.entries(entry.paths ?? {})) {
      if (typeof page.outputFile !== 'string' || written(page.outputFile)) {
        forgotten += 1;
      } else {
        paths[path] = page;
      }
    }
    routes[route] = { ...entry, paths };
  }
  return { manifest: { ...manifest, routes }, forgotten };
}

/**
 * The start (mtime, ns) of the build that left `markFile` without finishing, or undefined when the
 * last build finished (or none ran).
 */
export async function interruptedBuildStart(markFile: string): Promise<bigint | undefined> {
  try {
    return (await stat(markFile, { bigint: true })).mtimeNs;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Failed to read the start mark ${markFile}`, { cause });
  }
}

/**
 * Forgets, in the manifest in `cacheDir`, every page in `outDir` written at or after `since` (the
 * interrupted build's start, on the file system's clock: a page written in the same tick counts,
 * as rendering it again costs only time). Returns how many; none without a manifest.
 */
export async function forgetInterruptedPages(cacheDir: string, outDir: string, since: bigint): Promise<number> {
  const file = join(cacheDir, INCREMENTAL_MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new Error(`Failed to read ${file}`, { cause });
  }
  let parsed: IncrementalManifest;
  try {
    parsed = JSON.parse(text) as IncrementalManifest;
  } catch {
    // Astro discards a manifest it cannot read and renders every page: nothing to forget.
    return 0;
  }
  const written = new Set<string>();
  for (const entry of Object.values(parsed.routes ?? {})) {
    for (const page of Object.values(entry.paths ?? {})) {
      if (typeof page.outputFile !== 'string') continue;
      try {
        const { mtimeNs } = await stat(join(outDir, decodeURIComponent(page.outputFile)), { bigint: true });
        if (mtimeNs >= since) written.add(page.outputFile);
      } catch (cause) {
        // A page missing from dist/ would be restored from Astro's kept copy, a link to the page as
        // it was last written, maybe by the interrupted build: rendered again rather than trusted.
        if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new Error(`Failed to read the date of ${page.outputFile} in ${outDir}`, { cause });
        }
        written.add(page.outputFile);
      }
    }
  }
  const { manifest, forgotten } = forgetPages(parsed, (outputFile) => written.has(outputFile));
  if (forgotten > 0) await writeFile(file, JSON.stringify(manifest, null, '\t'));
  return forgotten;
}

/**
 * Since when the pages in `outDir` may not be what Astro's manifest says (ns on the file system's
 * clock), or undefined when they are: the start of a build that left its mark `markFile`; or 0
 * (every page) when the last finished build wrote to another folder than `outDir`, as
 * `outputFile` says. One cache shared by two output folders keeps one manifest, of the folder built
 * last: a page the other folder holds is as old as the last build into it.
 */
export async function distrustedSince(
  markFile: string,
  outputFile: string,
  outDir: string,
): Promise<bigint | undefined> {
  let lastOutDir: string | undefined;
  try {
    lastOutDir = await readFile(outputFile, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Failed to read ${outputFile}`, { cause });
  }
  if (lastOutDir !== undefined && lastOutDir !== outDir) return 0n;
  return interruptedBuildStart(markFile);
}

/**
 * Records that this build finished, into `outDir`: removes the start mark, so the next build need
 * not distrust its pages, after writing where they are to `outputFile`.
 */
export async function markBuildFinished(markFile: string, outputFile: string, outDir: string): Promise<void> {
  await writeFile(outputFile, outDir);
  await rm(markFile, { force: true });
}
