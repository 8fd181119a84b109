/**
 * Which paper pages go into which search-index shard. Each shard is a Pagefind index of its own
 * (sharded-index.ts) and the search page merges them (Pagefind's `mergeIndex`), so the rule decides
 * three costs: what a new paper re-indexes, how much Pagefind holds in memory at once, and how
 * many shards a reader's first search fetches a chunk from (each shard costs one index chunk, about
 * 24 KB, per query word).
 *
 * Shards follow the date added: each holds a contiguous range of `added` days (oldest shard first),
 * its pages in date order (day, then path), so a date-sorted search is each shard's pages in index
 * order, the shards concatenated in shard order (the index keeps no sort of its own:
 * src/lib/search/browser/search-workers.ts, inDateOrder).
 * The archive is cut in three, by its newest day N:
 *
 * 1. the papers of day N (where a rebuild's new papers land: re-indexing it costs only that day);
 * 2. the earlier days of N's month (re-indexed once a day, when the day changes);
 * 3. everything older, whose shards change only when a month closes or an old paper is edited.
 *
 * Each part is packed into as few shards as fit under `cap` pages: whole months, greedily from the
 * oldest (so adding a newer month changes only the last shard of the part), a month over the cap
 * by whole days, a day over the cap in equal runs of its pages in path order (papers added the same
 * day tie in a date sort and come in path order, as the runs do). The plan depends on the
 * archive alone (never the clock), so a cold build and an incremental one make the same shards.
 */

/** Where a paper's page is in the built site. */
export function paperPagePath(slug: string): string {
  return `papers/${slug}/index.html`;
}

/** A paper page to index: its path in the site (`papers/<slug>/index.html`) and its day added. */
export interface ShardPage {
  path: string;
  /** `YYYY-MM-DD`, the page's `added` search metadata. */
  added: string;
}

export interface SearchShard {
  /** Names the shard to the browser (its `shard` filter value): unique within a plan. */
  key: string;
  /** Its pages by day added, then path: the order they are given to Pagefind. */
  pages: ShardPage[];
}

/** Pages per shard, at most (a day of more pages is split): Pagefind's peak for 10,000 pages is about 1.2 GB. */
export const DEFAULT_SHARD_CAP = 10_000;

/** The shard cap from ARCHIVE_SEARCH_SHARD_CAP (tests split small archives), else the default. */
export function shardCapFromEnv(value: string | undefined = process.env['ARCHIVE_SEARCH_SHARD_CAP']): number {
  if (value === undefined || value === '') return DEFAULT_SHARD_CAP;
  const cap = Number(value);
  if (!Number.isInteger(cap) || cap < 1) {
    throw new Error(`ARCHIVE_SEARCH_SHARD_CAP must be a whole number of pages, at least 1, got "${value}"`);
  }
  return cap;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The index's order of pages, which a date sort reads: by day added, then path. */
export function compareShardPages(a: ShardPage, b: ShardPage): number {
  if (a.added !== b.added) return a.added < b.added ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Consecutive runs of `pages` (sorted) with the same `unit` (month or day). */
function groupBy(pages: readonly ShardPage[], unit: (page: ShardPage) => string): ShardPage[][] {
  const groups: ShardPage[][] = [];
  let last: string | undefined;
  for (const page of pages) {
    const value = unit(page);
    if (value !== last || groups.length === 0) groups.push([]);
    groups.at(-1)?.push(page);
    last = value;
  }
  return groups;
}

/** `pages` (one day, sorted by path) in equal runs of at most `cap`. */
function runs(pages: readonly ShardPage[], cap: number): ShardPage[][] {
  const count = Math.ceil(pages.length / cap);
  return Array.from({ length: count }, (_, i) =>
    pages.slice(Math.floor((i * pages.length) / count), Math.floor(((i + 1) * pages.length) / count)),
  );
}

/**
 * Packs sorted `pages` into shards of at most `cap`: whole months greedily, a month over the cap by
 * whole days, a day over the cap in runs.
 */
function pack(pages: readonly ShardPage[], cap: number, level: 'month' | 'day'): ShardPage[][] {
  if (pages.length === 0) return [];
  if (pages.length <= cap) return [[...pages]];
  const units = groupBy(pages, (page) => (level === 'month' ? page.added.slice(0, 7) : page.added));
  const shards: ShardPage[][] = [];
  let current: ShardPage[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > cap) {
      shards.push(current);
      current = [];
    }
    if (unit.length > cap) {
      shards.push(...(level === 'month' ? pack(unit, cap, 'day') : runs(unit, cap)));
    } else {
      current.push(...unit);
    }
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/** The key of a shard: its first and last day, and which run of a split day it is. */
function keyOf(pages: readonly ShardPage[], run: string): string {
  const first = pages[0]?.added ?? '';
  const last = pages.at(-1)?.added ?? '';
  return `${first === last ? first : `${first}..${last}`}${run}`;
}

/** The shards of an archive, oldest first. Throws naming a page whose date added is not a day. */
export function planShards(pages: readonly ShardPage[], cap: number = DEFAULT_SHARD_CAP): SearchShard[] {
  for (const page of pages) {
    if (!DAY.test(page.added)) {
      throw new Error(`${page.path} has no date added in its search metadata (got "${page.added}"): rebuild the site`);
    }
  }
  const sorted = [...pages].sort(compareShardPages);
  const newest = sorted.at(-1)?.added ?? '';
  const month = newest.slice(0, 7);
  const older = sorted.filter((page) => page.added.slice(0, 7) < month);
  const earlierThisMonth = sorted.filter((page) => page.added.slice(0, 7) === month && page.added < newest);
  const today = sorted.filter((page) => page.added === newest);
  const shards = [...pack(older, cap, 'month'), ...pack(earlierThisMonth, cap, 'day'), ...pack(today, cap, 'day')];
  // Runs of one day share their first and last day: number them.
  const days = new Map<string, number>();
  for (const shard of shards) days.set(keyOf(shard, ''), (days.get(keyOf(shard, '')) ?? 0) + 1);
  const seen = new Map<string, number>();
  return shards.map((shard) => {
    const base = keyOf(shard, '');
    const total = days.get(base) ?? 1;
    const index = (seen.get(base) ?? 0) + 1;
    seen.set(base, index);
    return { key: keyOf(shard, total > 1 ? `#${index}of${total}` : ''), pages: shard };
  });
}
