/**
 * The memory allocator options Pagefind's process is started with.
 *
 * Pagefind's Linux binary allocates with jemalloc (tikv-jemallocator, which reads its options from
 * `_RJEM_MALLOC_CONF`; a unit test asks the installed binary). By default jemalloc hands freed
 * memory back to the kernel 10 s after it is freed (`dirty_decay_ms: 10000`, `muzzy_decay_ms: 0`),
 * in 4 KB pages that are then faulted in again. Freed memory is kept 30 s instead, for as long as a
 * shard is indexed.
 *
 * Huge pages (`thp:always,metadata_thp:always`) were asked for too from stop 33, when Pagefind
 * indexed after the pages and its CPU was what counted, until stop 42. Since the index is written while
 * the pages render, what a cold build waits for is Pagefind's `writeFiles` of the last shard, which
 * copies every page it holds: with huge pages the kernel spent 2.2-2.6 s (against 0.6-0.8 s) of
 * system time there, making them (transparent huge pages on request, with `defrag: madvise`), and
 * the 10,000-paper shard took 6.5-7.1 s to write against 5.3-5.9 s; cold builds of 10,000 papers,
 * alternating, 22.6 and 23.4 s against 25.0 and 25.4 s (docs/scaling.md, "Pagefind's allocator
 * without huge pages"). The index is the same byte for byte either way.
 * Pagefind's Node API starts its process with this process's environment and takes no other, so
 * the options are set there.
 */

/** The variable Pagefind's allocator reads its options from. */
export const PAGEFIND_ALLOCATOR_VARIABLE = '_RJEM_MALLOC_CONF';

/** The options: freed memory kept 30 s. */
export const PAGEFIND_ALLOCATOR_OPTIONS = 'dirty_decay_ms:30000,muzzy_decay_ms:30000';

/**
 * Sets the options in `env` (the environment Pagefind's process will be started with) unless the
 * variable is there already: whoever set it, even to nothing (jemalloc's defaults), is obeyed.
 */
export function tunePagefindAllocator(env: NodeJS.ProcessEnv = process.env): void {
  if (env[PAGEFIND_ALLOCATOR_VARIABLE] === undefined) env[PAGEFIND_ALLOCATOR_VARIABLE] = PAGEFIND_ALLOCATOR_OPTIONS;
}
