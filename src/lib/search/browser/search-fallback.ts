import MiniSearch, { type Query } from 'minisearch';
// Pagefind stems every word it indexes and every word searched for with Snowball's English stemmer
// (Porter2, through rust-stemmers), so online "learning" finds a paper that says only "learned".
// The copy on disk must find the same papers, so it stems with the same algorithm: wink's Porter2
// is small (it adds under 2 KB gzip to the fallback script), dependency-free and MIT-licensed.
import stem from 'wink-porter2-stemmer';
import { foldWord, highlightExcerpt, type ExcerptPart } from './search-excerpt.ts';
import { isActive, pagefindTerm, type SearchState } from './search-state.ts';

/**
 * Search without Pagefind, for the copy of the site opened from disk (file://), where Pagefind
 * cannot fetch its index. The index is a plain script (`window.__ARCHIVE_INDEX__ = {...}`, the
 * only way to load data from file:// in every browser) holding the same text Pagefind indexed;
 * MiniSearch ranks it in memory with the same rules the online search follows: every word must
 * match, the last one as a prefix while it is being typed, title words count most, and words are
 * compared by their stems ("learning" finds "learned").
 */

/** One paper: [path from the site root ("papers/x/"), plain title, topic ids, added (YYYY-MM-DD), has code (1/0), text]. */
export type FallbackDoc = [path: string, title: string, topics: string[], added: string, code: 0 | 1, text: string];

export interface FallbackIndex {
  version: 1;
  /** Topic id to name, for result chips. */
  topics: Record<string, string>;
  docs: FallbackDoc[];
}

/** One search result, whichever engine found it. */
export interface SearchHit {
  /** Where the paper is: a URL for Pagefind, a path from the site root for the fallback. */
  url: string;
  title: string;
  /** A short author list ("A, B and C", "A et al."), '' when unknown. */
  authors: string;
  topics: string[];
  added: string;
  excerpt: ExcerptPart[];
}

export interface FallbackResults {
  total: number;
  /** Results `from` to `from + count` in order, with their excerpts (made only when asked for). */
  slice(from: number, count: number): SearchHit[];
}

export interface FallbackSearch {
  /** Every paper matching the state, in the state's order. */
  search(state: SearchState): FallbackResults;
}

/** Splits like Pagefind: a hyphenated word is also its parts, so "cross-entropy" finds "cross entropy". */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*/gu)) {
    const parts = match[0].split('-');
    tokens.push(...parts);
    if (parts.length > 1) tokens.push(parts.join(''));
  }
  return tokens;
}

/** A word as both engines compare it: without case or accents, then stemmed as Pagefind stems it. */
export function searchStem(word: string): string {
  return stem(foldWord(word));
}

/**
 * The stems a word still being typed (`typed`, folded) must also find, besides those that start
 * with its own stem: the stems of the indexed words it begins. A word being typed can stem longer
 * than the finished word does ("optimiz" stays, "optimization" is "optim"), and it must still find
 * what it is the beginning of. When no indexed stem starts with its stem and it begins no indexed
 * word, Pagefind's last resort: the longest indexed stem its stem starts with ("newer" finds "new").
 */
export function typedWordStems(typed: string, stemsByWord: ReadonlyMap<string, string>): string[] {
  const typedStem = stem(typed);
  const begun = new Set<string>();
  let extended = false;
  let longestPrefix = '';
  for (const [word, wordStem] of stemsByWord) {
    if (wordStem.startsWith(typedStem)) extended = true;
    else if (word.startsWith(typed)) begun.add(wordStem);
    else if (typedStem.startsWith(wordStem) && wordStem.length > longestPrefix.length) longestPrefix = wordStem;
  }
  if (!extended && begun.size === 0 && longestPrefix !== '') begun.add(longestPrefix);
  return [...begun];
}

export function isFallbackIndex(value: unknown): value is FallbackIndex {
  if (typeof value !== 'object' || value === null) return false;
  const index = value as Partial<FallbackIndex>;
  return index.version === 1 && Array.isArray(index.docs) && typeof index.topics === 'object';
}

export function createFallbackSearch(index: FallbackIndex): FallbackSearch {
  // Every word indexed (folded) and its stem, for the word being typed (typedWordStems).
  const stemsByWord = new Map<string, string>();
  const engine = new MiniSearch<{ id: number; title: string; text: string; topics: string }>({
    fields: ['title', 'text', 'topics'],
    tokenize,
    processTerm: (term) => {
      const word = foldWord(term);
      let wordStem = stemsByWord.get(word);
      if (wordStem === undefined) stemsByWord.set(word, (wordStem = stem(word)));
      return wordStem;
    },
    searchOptions: {
      processTerm: searchStem,
      boost: { title: 4, topics: 1.5 },
      combineWith: 'AND',
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
    },
  });
  engine.addAll(
    index.docs.map(([, title, topics, , , text], id) => ({
      id,
      title,
      text,
      topics: topics.map((topic) => index.topics[topic] ?? topic).join(' '),
    })),
  );

  const accepts = (state: SearchState) => {
    const wanted = new Set(state.topics);
    return (id: number): boolean => {
      const doc = index.docs[id];
      if (doc === undefined) return false;
      if (state.code && doc[4] !== 1) return false;
      return wanted.size === 0 || doc[2].some((topic) => wanted.has(topic));
    };
  };

  /**
   * The online search's date order, so a copy opened from disk lists the same results in the same
   * order: Pagefind's index holds each shard's pages by day added, then path, and a date sort reads
   * that order, reversed for newest first (search-workers.ts, inDateOrder; index-shards.ts,
   * compareShardPages). Papers added the same day are ordered by path, not by score, and both
   * compare UTF-16 code units, never the locale's collation.
   */
  const inIndexOrder = (a: number, b: number): number => {
    const [pathA = '', , , addedA = ''] = index.docs[a] ?? [];
    const [pathB = '', , , addedB = ''] = index.docs[b] ?? [];
    if (addedA !== addedB) return addedA < addedB ? -1 : 1;
    return pathA < pathB ? -1 : pathA > pathB ? 1 : 0;
  };

  return {
    search(state) {
      if (!isActive(state)) return { total: 0, slice: () => [] };
      const term = pagefindTerm(state);
      const keep = accepts(state);
      let ranked: { id: number; score: number; terms: string[] }[];
      if (term === null) {
        ranked = index.docs.map((_doc, id) => ({ id, score: 0, terms: [] })).filter(({ id }) => keep(id));
      } else {
        // Like Pagefind: every word must match; finished words as whole words (their stems), the
        // word being typed as the beginning of a word.
        const words = tokenize(term);
        const typed = foldWord(words.at(-1) ?? '');
        // Punctuation alone ("++") is no word: it finds nothing, not every word it "begins".
        const typedMatches: Query[] = [
          { queries: [typed], prefix: true },
          ...typedWordStems(typed, stemsByWord).map((wordStem) => ({
            queries: [wordStem],
            processTerm: () => wordStem,
            fuzzy: false,
          })),
        ];
        const query: Query = {
          combineWith: 'AND',
          queries: [
            // A query without terms matches nothing, so a lone word has no finished part.
            ...(words.length > 1 ? [{ queries: [words.slice(0, -1).join(' ')], prefix: false }] : []),
            { combineWith: 'OR', queries: typedMatches },
          ],
        };
        const found = typed === '' ? [] : engine.search(query, { filter: (result) => keep(result['id'] as number) });
        ranked = found.map((result) => ({ id: result['id'] as number, score: result.score, terms: result.terms }));
      }
      if (state.sort === 'oldest') ranked.sort((a, b) => inIndexOrder(a.id, b.id));
      else if (state.sort === 'newest' || term === null) ranked.sort((a, b) => inIndexOrder(b.id, a.id));
      const slice = (from: number, count: number): SearchHit[] =>
        ranked.slice(from, from + count).map(({ id, terms }) => {
          const [path, title, topics, addedDay, , text] = index.docs[id] as FallbackDoc;
          const matched = new Set(terms);
          return {
            url: path,
            title,
            authors: '',
            topics,
            added: addedDay,
            excerpt: highlightExcerpt(text, (word) => matched.has(searchStem(word))),
          };
        });
      return { total: ranked.length, slice };
    },
  };
}
