import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Files of the built site that are not pages (a `.bib` per paper), written in one pass at the end of
 * the build instead of one Astro route each: a route costs a request, a response, a log line, a
 * second copy in the incremental cache and a cacheKey check per file, for a few hundred bytes of
 * text. The pages' code provides them while it builds the archive (the files need the archive and
 * the build's base path, which only the pages' bundle has); the archive integration
 * (src/integrations/archive-build.ts) takes and writes them in the same process.
 */

/** `[path relative to the output folder, content]` for every file, in any order. */
export type BuildFiles = () => Iterable<readonly [path: string, body: string]>;

// A global, not a module variable: the pages' bundle and the integration each load their own copy
// of this module.
const KEY = Symbol.for('paper-archive.build-files');
type Holder = { [KEY]?: BuildFiles };

/** Called by the pages' code once it has the archive. */
export function provideBuildFiles(files: BuildFiles): void {
  (globalThis as Holder)[KEY] = files;
}

/** The files the pages provided in this process, if any. */
export function providedBuildFiles(): BuildFiles | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * Writes each file whose content differs from what `root` holds (an unchanged file keeps its date,
 * as a page the incremental build skipped does). Returns every path, written or not, and how many
 * were written.
 */
export async function writeChangedFiles(
  root: string,
  files: Iterable<readonly [string, string]>,
): Promise<{ paths: Set<string>; written: number }> {
  const paths = new Set<string>();
  const folders = new Set<string>();
  let written = 0;
  const pending: Promise<void>[] = [];
  const write = async (path: string, body: string) => {
    const target = join(root, path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === body) return;
    const folder = dirname(target);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    await writeFile(target, body);
    written += 1;
  };
  for (const [path, body] of files) {
    if (paths.has(path)) throw new Error(`Two build files would be written to ${path}`);
    paths.add(path);
    pending.push(write(path, body));
    // Bounded: a large archive has a hundred thousand of them.
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return { paths, written };
}
