/**
 * The search index's shards shared between web workers, each running Pagefind over its own
 * shards (src/scripts/search-worker.ts), and their answers put back together as one Pagefind
 * would give them.
 *
 * Why our own workers rather than Pagefind's: Pagefind (1.5+) runs every instance of a page in one
 * web worker, so merged shards are searched one after another on one core, and it sends every
 * result to the page with an id the worker keeps data for. Each result is registered with a
 * `FinalizationRegistry`, and when the page collects it, one `releaseData` message goes to the
 * worker and one answer comes back: after a search matching 90,000 of 100,000 papers, the next
 * search waited seconds behind 90,000 such round trips (measured in Chromium: keystrokes to
 * results of 4-6 s where the search itself took under a second). Here a worker keeps its results
 * and sends only their scores; the page asks for the few it shows. With several workers, each
 * searches a contiguous run of shards at the same time as the others.
 *
 * These are the pure parts: which shards go to which worker, the order of the merged results, the
 * summed filter counts, and the messages.
 */
import type { ShardEntry } from './search-shards.ts';

/** Below this many pages a worker of its own does not pay for its start and its own copy of Pagefind. */
export const PAGES_PER_WORKER = 20_000;
/** More workers than this only multiply the memory each shard's index takes in the browser. */
export const MAX_WORKERS = 4;

export interface WorkerSplitOptions {
  /** The reader's logical cores (`navigator.hardwareConcurrency`). */
  cores: number;
  /** Pages a worker is worth starting for (default `PAGES_PER_WORKER`). */
  pagesPerWorker?: number | undefined;
  /** At most this many workers (default `MAX_WORKERS`). */
  maxWorkers?: number | undefined;
}

/**
 * The shards in contiguous runs, one run a worker, in manifest order, about equal in pages. Runs
 * are contiguous so that results of equal score come in shard order, as in one Pagefind
 * (mergeRanked). One run when the archive is small or the machine has one core.
 */
export function splitShards<Shard extends Pick<ShardEntry, 'pages'>>(
  shards: readonly Shard[],
  options: WorkerSplitOptions,
): Shard[][] {
  if (shards.length === 0) return [];
  const total = shards.reduce((sum, shard) => sum + shard.pages, 0);
  const perWorker = Math.max(1, options.pagesPerWorker ?? PAGES_PER_WORKER);
  const workers = Math.max(
    1,
    Math.min(
      Math.floor(total / perWorker),
      Math.floor(options.cores) || 1,
      options.maxWorkers ?? MAX_WORKERS,
      shards.length,
    ),
  );
  const runs: Shard[][] = [];
  let run: Shard[] = [];
  let pagesBefore = 0;
  for (const [index, shard] of shards.entries()) {
    const runsLeft = workers - runs.length;
    const shardsLeft = shards.length - index;
    // A run ends before the shard whose middle lies past the run's share, or when each run left
    // needs one of the shards left.
    const pastShare = pagesBefore + shard.pages / 2 > (total * (runs.length + 1)) / workers;
    if (run.length > 0 && runsLeft > 1 && (pastShare || shardsLeft < runsLeft)) {
      runs.push(run);
      run = [];
    }
    run.push(shard);
    pagesBefore += shard.pages;
  }
  runs.push(run);
  return runs;
}

/** A result's place: in the results of worker `list`, at `index`. */
export interface RankedPlace {
  list: number;
  index: number;
}

/**
 * The results ranked `from` to `from + count` of the lists merged as Pagefind merges its
 * instances' results: by score, highest first, and equal scores in list order, each list keeping
 * its own order (a stable sort of the lists one after another). Each list is in that order already.
 */
export function mergeRanked(lists: readonly ArrayLike<number>[], from: number, count: number): RankedPlace[] {
  const next = lists.map(() => 0);
  const places: RankedPlace[] = [];
  for (let rank = 0; rank < from + count; rank += 1) {
    let best = -1;
    let bestScore = 0;
    for (const [list, scores] of lists.entries()) {
      const at = next[list] ?? 0;
      if (at >= scores.length) continue;
      const score = scores[at] ?? 0;
      // Strictly greater: on a tie the earlier list wins.
      if (best < 0 || score > bestScore) {
        best = list;
        bestScore = score;
      }
    }
    if (best < 0) break;
    const index = next[best] ?? 0;
    next[best] = index + 1;
    if (rank >= from) places.push({ list: best, index });
  }
  return places;
}

/** The date sort a search asks for (`sort: { added }`), if any. */
export function dateSortOf(options: Readonly<Record<string, unknown>>): 'asc' | 'desc' | undefined {
  const direction = (options['sort'] as { added?: unknown } | undefined)?.added;
  return direction === 'asc' || direction === 'desc' ? direction : undefined;
}

/**
 * `results` in date order, oldest first (`asc`) or newest first, each scored by its rank (highest
 * first), given `positions`: each page's place in its shard's index. The index holds no sort of its
 * own: a shard's pages are indexed by day added, then path (index-shards.ts), the order Pagefind's
 * `added` sort gave, whose array of every page (21.6 KB of a 9,741-page shard's 109.5 KB metadata,
 * fetched by every first search) only repeated that order. A page missing from `positions` comes
 * last, in the order Pagefind gave it.
 */
export function inDateOrder<Result extends { id: string; score: number }>(
  results: readonly Result[],
  positions: ReadonlyMap<string, number>,
  direction: 'asc' | 'desc',
): Result[] {
  const place = (result: Result) => {
    const at = positions.get(result.id);
    if (at === undefined) return Number.POSITIVE_INFINITY;
    return direction === 'asc' ? at : -at;
  };
  const ordered = results
    .map((result, index) => ({ result, index, place: place(result) }))
    // Places are distinct numbers or +Infinity: ties (unknown pages) keep Pagefind's order.
    .sort((a, b) => (a.place === b.place ? a.index - b.index : a.place < b.place ? -1 : 1));
  return ordered.map(({ result }, rank) => ({ ...result, score: ordered.length - rank }));
}

/** Matches per filter value, as Pagefind reports them (`filters`, `totalFilters`). */
export type FilterCounts = Record<string, Record<string, number> | undefined>;

/** Several workers' filter counts as one: each value's matches summed, as Pagefind sums its instances'. */
export function sumFilterCounts(parts: readonly FilterCounts[]): FilterCounts {
  const sum: Record<string, Record<string, number>> = {};
  for (const part of parts) {
    for (const [filter, values] of Object.entries(part)) {
      const into = (sum[filter] ??= {});
      for (const [value, count] of Object.entries(values ?? {})) into[value] = (into[value] ?? 0) + count;
    }
  }
  return sum;
}

/** A result's data as Pagefind gives it (the part the search page shows). */
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
}

/** What the page asks a search worker. Every request has an `id` its reply repeats. */
export type WorkerRequest =
  | {
      type: 'init';
      id: number;
      /** pagefind.js's absolute URL. */
      moduleUrl: string;
      /** The worker's shards: their folders' absolute paths and `shard` filter values. */
      shards: { path: string; key: string; metaCacheTag: string }[];
      /** Pagefind's options (`baseUrl`, excerpt length…) and the page's language. */
      options: Record<string, unknown>;
      language: string;
    }
  | {
      type: 'search';
      id: number;
      /** The page's number for this search, to load its results by. */
      search: number;
      term: string | null;
      options: Record<string, unknown>;
    }
  | {
      /** One shard's answer to a term (search-shards.ts, answerOf), to tell shards apart by. */
      type: 'answer';
      id: number;
      term: string;
      shard: string;
    }
  | {
      type: 'load';
      id: number;
      search: number;
      /** The search again, for a worker that no longer holds its results (it keeps the latest few). */
      term: string | null;
      options: Record<string, unknown>;
      /** The results wanted, by their index in the worker's own results. */
      indexes: number[];
    };

/** A search worker's reply: `error` when the request failed, else what it asked for. */
export type WorkerReply =
  | { id: number; error: string }
  | { id: number; ready: true }
  | { id: number; scores: Float64Array; filters: FilterCounts; totalFilters: FilterCounts }
  | { id: number; data: PagefindData[] }
  | { id: number; answer: string[] };
