/**
 * The memory allocator options Pagefind's process is started with.
 *
 * Pagefind's Linux binary allocates with jemalloc (tikv-jemallocator, which reads its options from
 * `_RJEM_MALLOC_CONF`; a unit test asks the installed binary). By default jemalloc hands freed
 * memory back to the kernel 10 s after it is freed (`dirty_decay_ms: 10000`, `muzzy_decay_ms: 0`),
 * in 4 KB pages that are then faulted in again: indexing a shard of 10,000 paper pages took about
 * 320,000 page faults and 15.2-17.8 s of Pagefind's CPU here. Huge pages for its heap and its own
 * metadata (`thp`, `metadata_thp`; used where the kernel gives them on request, as it does by
 * default, and ignored where it never does) and freed memory kept 30 s make it 15,000-21,000 page
 * faults and 12.7-14.2 s, for 45 MB more at its peak (1.24 GB against 1.19 GB); each alone saves
 * little, and the index is the same byte for byte (docs/scaling.md, "Pagefind's allocator").
 * Pagefind's Node API starts its process with this process's environment and takes no other, so
 * the options are set there.
 */

/** The variable Pagefind's allocator reads its options from. */
export const PAGEFIND_ALLOCATOR_VARIABLE = '_RJEM_MALLOC_CONF';

/** The options: transparent huge pages for the heap and its metadata, freed memory kept 30 s. */
export const PAGEFIND_ALLOCATOR_OPTIONS = 'thp:always,metadata_thp:always,dirty_decay_ms:30000,muzzy_decay_ms:30000';

/**
 * Sets the options in `env` (the environment Pagefind's process will be started with) unless the
 * variable is there already: whoever set it, even to nothing (jemalloc's defaults), is obeyed.
 */
export function tunePagefindAllocator(env: NodeJS.ProcessEnv = process.env): void {
  if (env[PAGEFIND_ALLOCATOR_VARIABLE] === undefined) env[PAGEFIND_ALLOCATOR_VARIABLE] = PAGEFIND_ALLOCATOR_OPTIONS;
}
