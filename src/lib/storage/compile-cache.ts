import { getCompileCacheDir } from 'node:module';
import { dirname } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * `options` for a worker thread that uses this thread's compile cache, if it has one.
 *
 * Node's compile cache (enabled by Astro's CLI and by the npm scripts, scripts/compile-cache.ts)
 * keeps the compiled code of each module, TypeScript stripped, between runs, but a worker thread
 * does not inherit it: each render worker of a build loaded Node's TypeScript stripper and
 * compiled unified, KaTeX and the site's modules again, every build (0.48 s to a render worker's
 * first paper, 0.33 s with the cache; the stripper's own loading was 0.3 s of a profiled worker's
 * start). A worker reads the cache folder from `NODE_COMPILE_CACHE` as it starts, before its entry
 * module (itself TypeScript) is loaded, so the folder is passed in its environment. Node names the
 * folder it uses after its version inside the one it is given: the given one is its parent.
 */
export function withCompileCache(options: WorkerOptions = {}): WorkerOptions {
  const dir = getCompileCacheDir();
  // A caller that chose the worker's environment keeps it.
  if (dir === undefined || options.env !== undefined) return options;
  return { ...options, env: { ...process.env, NODE_COMPILE_CACHE: dirname(dir) } };
}
