import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileWhole } from '../storage/cache-file.ts';

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
 *
 * Synchronously, one file at a time: a rebuild reads all of them (10,000 at 10,000 papers) and
 * writes nearly none, and reading that many small files through the thread pool took five times as
 * long (0.7 s against 0.15 s). Pagefind finishes the index in its own process meanwhile; Workbox's
 * bundling, on this thread, goes on between the awaits after this. A changed file is replaced
 * in one rename, so an interrupted build leaves its old text or the new, never part of one.
 */
export async function writeChangedFiles(
  root: string,
  files: Iterable<readonly [string, string]>,
): Promise<{ paths: Set<string>; written: number }> {
  const paths = new Set<string>();
  const folders = new Set<string>();
  let written = 0;
  for (const [path, body] of files) {
    if (paths.has(path)) throw new Error(`Two build files would be written to ${path}`);
    paths.add(path);
    const target = join(root, path);
    const text = current(target);
    if (text === body) continue;
    if (text === undefined) {
      const folder = dirname(target);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      // A new file has no old text to keep whole, and one cut short is rewritten by the next build,
      // which compares every file: written in place, without a temporary file and a rename.
      writeFileSync(target, body);
    } else {
      writeFileWhole(target, body);
    }
    written += 1;
  }
  return { paths, written };
}

/** The text of `path`, or undefined when there is no such file. */
function current(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cause;
  }
}
