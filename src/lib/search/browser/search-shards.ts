/**
 * Searching a Pagefind index in shards (src/lib/search/build/sharded-index.ts) as if it were one
 * index. The search page merges the shards with `mergeIndex`, each with a `shard` filter value of
 * its own; Pagefind's merged search then differs from one index in two ways, both mended here:
 *
 * - **A query word a shard does not know.** Pagefind drops such a word, or answers it with the
 *   longest indexed word that starts it, in each index on its own: in one index only when no page
 *   has a word starting with it, but a shard without the word would answer with the pages matching
 *   the other words, or the prefix word. This holds for every word of the query, not only the last.
 *   So each query word is first searched alone (and as an exact phrase, and with a character
 *   appended), the `shard` counts (and where they are alike, the shard's answers themselves) say
 *   which shards know it (shardsKnowing), and a shard lacking a word that some shard knows is left
 *   out (a word no shard has anything for is dropped, as one index drops it). A word that no shard
 *   has a word starting with, but that some shards answer with a shorter word, is answered by one
 *   index with the longest such word: the shards holding that one know it (prefixProbes).
 * - **A date-sorted search.** Pagefind merges shards by score, and in a sorted search a score is a
 *   rank within its own shard, so shards would interleave. Shards hold contiguous date ranges, so
 *   the sorted results are each shard's own sorted results, in shard order.
 *
 * These are the pure parts; src/scripts/search-page.ts runs the searches (shardsKnowingWord is
 * given them).
 */
import type { PagefindFilters } from './search-state.ts';

/** A shard as the manifest (`pagefind/shards.json`) lists it. */
export interface ShardEntry {
  key: string;
  /** Its folder, relative to the Pagefind bundle (`shards/<digest>/`). */
  dir: string;
  pages: number;
  /** Its oldest and newest day added. */
  first: string;
  last: string;
}

/** The manifest, checked: shards in date order, oldest first. Throws on anything else. */
export function parseShardManifest(value: unknown): ShardEntry[] {
  const shards = (value as { version?: unknown; shards?: unknown } | null)?.shards;
  if ((value as { version?: unknown } | null)?.version !== 1 || !Array.isArray(shards)) {
    throw new Error('the search index has no shard list of this version');
  }
  return shards.map((shard: unknown) => {
    const { key, dir, pages, first, last } = (shard ?? {}) as Record<string, unknown>;
    if (
      typeof key !== 'string' ||
      typeof dir !== 'string' ||
      !/^shards\/[0-9a-f]+\/$/.test(dir) ||
      typeof pages !== 'number' ||
      typeof first !== 'string' ||
      typeof last !== 'string'
    ) {
      throw new Error('the search index lists a shard it cannot use');
    }
    return { key, dir, pages, first, last };
  });
}

/** Filters with the shards to search: Pagefind ANDs the keys, so the reader's filters still apply. */
export type ShardFilters = PagefindFilters & { shard: string | { any: string[] } };

/** A filter value no shard has: a search that returns nothing but still counts the query's matches. */
export const NO_SHARD = '\u0000none';

/** Appended to a word, no indexed word starts with it: Pagefind keeps control characters in a query. */
export const NOT_A_WORD = '\u0001';

/**
 * Whether a search for `term` over `shards` shards needs the per-word lookups (shardsKnowing): not
 * for an exact phrase (a shard without a word has no match), and not with one shard, which answers
 * as one index does, so a small archive pays one search a keystroke.
 */
export function needsWordLookups(term: string, shards: number): boolean {
  return !isPhrase(term) && shards > 1;
}

/** Whether Pagefind runs `term` as an exact phrase (in quotes): a shard without a word has no match. */
export function isPhrase(term: string): boolean {
  return /^\s*".+"\s*$/.test(term);
}

/** The words of a query, each as the reader typed it (Pagefind normalizes each the same way alone). */
export function queryWords(term: string): string[] {
  return [...new Set(term.split(/\s+/).filter((word) => word !== ''))];
}

/**
 * The shards that have a word starting with a query word: those that answer it as one index does.
 * A shard with none answers with its longest word that starts the query word instead ("mamba" with
 * "ma"), which one index does only when no page at all has a word starting with it. Each argument
 * is matches per shard from a search of: the word alone (`counts`), the word as an exact phrase
 * (`exact`: the shard has the word itself), and the word with a character no indexed word has
 * appended (`fallback`: always the longest-prefix answer). A shard whose answer to the word differs
 * from its fallback answer has a longer word. When the counts are the same, the answers are
 * compared themselves (`differing`: the shards undecidedShards named whose answers were found to
 * differ): a count alone cannot tell, and in a small shard the same count is common (one page with
 * "Bayesian" for "bayes", another page with "b" for the fallback).
 */
export function shardsKnowing(
  keys: readonly string[],
  counts: Readonly<Record<string, number>>,
  exact: Readonly<Record<string, number>>,
  fallback: Readonly<Record<string, number>>,
  differing: ReadonlySet<string> = new Set(),
): string[] {
  return keys.filter((key) => {
    const matches = counts[key] ?? 0;
    return matches > 0 && ((exact[key] ?? 0) > 0 || (fallback[key] ?? 0) !== matches || differing.has(key));
  });
}

/**
 * The searches that find the longest indexed word a query word starts with, for a word no shard has
 * a word starting with (shardsKnowing finds none): each candidate shard then answers with its own
 * longest such word ("mechan", from "mechanism", for "mechanis"; "mec" in a shard without it), while
 * one index answers with the longest of them all, and only the shards holding that one answer as it
 * does. Each is the word cut one character shorter than the last, as an exact phrase (which finds
 * only that word itself), longest first; the first with matches names those shards
 * (shardsWithLongestPrefix). The word is cut as Pagefind reads it, in lower case and without
 * punctuation, and not at its full length: that is the exact search shardsKnowing was given.
 */
export function prefixProbes(word: string): string[] {
  const letters = [...word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')];
  return letters.slice(1).map((_, index) => `"${letters.slice(0, letters.length - 1 - index).join('')}"`);
}

/**
 * The candidate shards (those with matches for the word) a prefix probe (prefixProbes) finds the
 * word in: the shards whose longest word starting the query word is this one, when it is the first
 * probe with any. An empty list means try the next, shorter probe.
 */
export function shardsWithLongestPrefix(
  candidates: readonly string[],
  probeCounts: Readonly<Record<string, number>>,
): string[] {
  return candidates.filter((key) => (probeCounts[key] ?? 0) > 0);
}

/** The searches shardsKnowingWord runs, over every shard (search-page.ts runs them in its workers). */
export interface WordLookups {
  /** Matches per shard key for `term` (a search counting matches only, filtered to NO_SHARD). */
  matchesPerShard(term: string): Promise<Readonly<Record<string, number>>>;
  /** Shard `key`'s answer to `term` (answerOf). */
  answer(term: string, key: string): Promise<string[]>;
}

/**
 * The shards that answer query word `word` as one index over them all would (knowingShards takes
 * a list per word; an empty one: no shard has anything for it, it is dropped). The searches run
 * only as far as needed: one for a word no shard has anything for; then the exact phrase, the
 * fallback only when a shard with matches lacks the word itself, two answers per shard the counts
 * cannot decide, and the prefix probes only when no shard has a word starting with `word`.
 */
export async function shardsKnowingWord(
  word: string,
  keys: readonly string[],
  lookups: WordLookups,
): Promise<string[]> {
  const counts = await lookups.matchesPerShard(word);
  const candidates = keys.filter((key) => (counts[key] ?? 0) > 0);
  if (candidates.length === 0) return [];
  const exact = await lookups.matchesPerShard(`"${word}"`);
  const fallback = candidates.every((key) => (exact[key] ?? 0) > 0)
    ? {}
    : await lookups.matchesPerShard(`${word}${NOT_A_WORD}`);
  // Where the counts are the same, the answers themselves tell.
  const differing = new Set<string>();
  await Promise.all(
    undecidedShards(keys, counts, exact, fallback).map(async (key) => {
      const [answer, fallbackAnswer] = await Promise.all([
        lookups.answer(word, key),
        lookups.answer(`${word}${NOT_A_WORD}`, key),
      ]);
      if (!sameAnswer(answer, fallbackAnswer)) differing.add(key);
    }),
  );
  const withLongerWords = shardsKnowing(keys, counts, exact, fallback, differing);
  if (withLongerWords.length > 0) return withLongerWords;
  // No shard has a word starting with this one: each answers with the longest word it starts
  // with, one index with the longest of those, and only the shards holding that one agree with it.
  if (candidates.length === 1) return candidates;
  for (const probe of prefixProbes(word)) {
    const holding = shardsWithLongestPrefix(candidates, await lookups.matchesPerShard(probe));
    if (holding.length > 0) return holding;
  }
  // A longest word no probe finds (a cut word stemmed to something else): each answers with its own.
  return candidates;
}

/**
 * The shards the counts cannot decide for shardsKnowing: with matches for the word, without the
 * word itself, and as many matches for the fallback. Their answers must be compared (sameAnswer).
 */
export function undecidedShards(
  keys: readonly string[],
  counts: Readonly<Record<string, number>>,
  exact: Readonly<Record<string, number>>,
  fallback: Readonly<Record<string, number>>,
): string[] {
  return keys.filter((key) => {
    const matches = counts[key] ?? 0;
    return matches > 0 && (exact[key] ?? 0) === 0 && (fallback[key] ?? 0) === matches;
  });
}

/**
 * A shard's answer to a search, as compared by sameAnswer: each result's page and the places of
 * its matched words. The fallback answer matches the one word it falls back to, which is shorter
 * than the query word and so never a word that starts with it: a real answer matches other places,
 * even on the same pages.
 */
export function answerOf(results: readonly { id: string; words: readonly number[] }[]): string[] {
  return results.map((result) => `${result.id}@${result.words.join(',')}`);
}

/** Whether two answers (answerOf) match the same words on the same pages, whatever their order. */
export function sameAnswer(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((match, index) => match === sorted[index]);
}

/**
 * The shards one index would answer a query from, given the shards that know each of its words: a
 * word no shard knows is dropped (as one index drops it), and a shard lacking a word some shard
 * knows is left out.
 */
export function knowingShards(keys: readonly string[], knowing: readonly (readonly string[])[]): string[] {
  const known = knowing.filter((shards) => shards.length > 0);
  return keys.filter((key) => known.every((shards) => shards.includes(key)));
}

/** The reader's filters, limited to `shards` (one key, or any of several). */
export function withShards(filters: PagefindFilters, shards: string | readonly string[]): ShardFilters {
  return { ...filters, shard: typeof shards === 'string' ? shards : { any: [...shards] } };
}

/** Shard keys in the order a date sort reads them: newest shard first, or oldest first. */
export function dateOrder(shards: readonly ShardEntry[], direction: 'asc' | 'desc'): string[] {
  const keys = shards.map((shard) => shard.key);
  return direction === 'asc' ? keys : keys.reverse();
}

/** A slice of one shard's sorted results: `count` of them from `offset`. */
export interface ShardSlice {
  key: string;
  offset: number;
  count: number;
}

/**
 * Which shards' sorted results make up results `from` to `from + count` of the whole sorted list,
 * given each shard's number of matches, in reading order.
 */
export function slicesFor(
  counts: readonly { key: string; matches: number }[],
  from: number,
  count: number,
): ShardSlice[] {
  const slices: ShardSlice[] = [];
  let start = 0;
  const end = from + count;
  for (const { key, matches } of counts) {
    const lo = Math.max(from, start);
    const hi = Math.min(end, start + matches);
    if (hi > lo) slices.push({ key, offset: lo - start, count: hi - lo });
    start += matches;
    if (start >= end) break;
  }
  return slices;
}
