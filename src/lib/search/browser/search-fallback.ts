import MiniSearch, { type Query } from 'minisearch';
// Pagefind stems every word it indexes and every word searched for with Snowball's English stemmer
// (Porter2, through rust-stemmers), so online "learning" finds a paper that says only "learned".
// The copy on disk must find the same papers, so it stems with the same algorithm: wink's Porter2
// is small (it adds under 2 KB gzip to the fallback script), dependency-free and MIT-licensed.
import stem from 'wink-porter2-stemmer';
import { foldWord, highlightExcerpt, type ExcerptPart } from './search-excerpt.ts';
import { isPhrase } from './search-shards.ts';
import { isActive, pagefindTerm, type SearchState } from './search-state.ts';

/**
 * Search without Pagefind, for the copy of the site opened from disk (file://), where Pagefind
 * cannot fetch its index. The index is a plain script (`window.__ARCHIVE_INDEX__ = {...}`, the
 * only way to load data from file:// in every browser) holding the same text Pagefind indexed;
 * MiniSearch ranks it in memory and finds the papers the online search finds, by Pagefind's rules:
 * words are compared by their stems ("learning" finds "learned"), each as the beginning of longer
 * ones, a word that finds nothing is left out, and no misspelling is forgiven (wordMatch). Title
 * words count most.
 */

/**
 * One paper: [path from the site root ("papers/x/"), plain title, topic ids, added (YYYY-MM-DD), has
 * code (1/0), text, short author list ('' or absent when unknown)].
 */
export type FallbackDoc = [
  path: string,
  title: string,
  topics: string[],
  added: string,
  code: 0 | 1,
  text: string,
  authors?: string,
];

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

// Rust's `char::is_alphanumeric`: Pagefind keeps only these characters of a word.
const NOT_ALPHANUMERIC = /[^\p{Alphabetic}\p{N}]/gu;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * The words Pagefind 1.6 indexes for one word of a page's text (whitespace-separated), before
 * stemming (`get_indexable_words` in pagefind/src/fossick, with convert_case for the parts): the
 * word's letters and digits alone ("e.g." is "eg", "cross-entropy" "crossentropy"); and, when it
 * may be a compound (punctuation inside, or a capital after its first letter), its parts of two
 * characters or more, split at ASCII punctuation, changes of case and between letters and digits
 * ("BatchNorm" is also "batch" and "norm", "ICML2023" "icml" and "2023").
 */
export function indexedWords(word: string): string[] {
  const alphanumeric = word.replace(NOT_ALPHANUMERIC, '');
  const joined = alphanumeric.toLowerCase();
  if (joined === '') return [];
  const compound = alphanumeric !== word || /\p{Uppercase}/u.test(word.slice(1));
  if (!compound) return [joined];
  const parts = word
    .replace(ASCII_PUNCTUATION, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(?=\p{Lu}\p{Ll})/gu, '$1 ')
    .replace(/(\p{L})(?=\p{N})|(\p{N})(?=\p{L})/gu, '$1$2 ')
    .toLowerCase()
    .split(/\s+/)
    .filter((part) => part !== '');
  if (parts.length < 2 && joined.startsWith(parts.join(' '))) return [joined];
  // Two characters or more, as Rust's `len()` counts them: in UTF-8 bytes.
  return [joined, ...parts.filter((part) => part.length > 1 || /[^\0-\x7f]/.test(part))];
}

/** A word of lower-case letters and digits alone, most of a page's: indexed as it is. */
const PLAIN_WORD = /^[\p{Ll}\p{Nd}]+$/u;

/** A page's text as Pagefind indexes it: each whitespace-separated word as indexedWords says. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.split(/\s+/)) {
    // The plain words skip indexedWords' passes: opened from disk, the reader's browser indexes every paper.
    if (PLAIN_WORD.test(word)) tokens.push(word);
    else if (word !== '') tokens.push(...indexedWords(word));
  }
  return tokens;
}

/** A word as both engines compare it: without case or accents, then stemmed as Pagefind stems it. */
export function searchStem(word: string): string {
  return stem(foldWord(word));
}

/**
 * The query's words as Pagefind reads them: punctuation (dashes, brackets, quotes and the like)
 * removed, so "cross-entropy" is one word, "crossentropy", as Pagefind also indexes it; lower case
 * and without accents; split at spaces. (Pagefind's `search` in its pagefind.js, then its WebAssembly
 * splitting the term at spaces.)
 */
export function pagefindQueryWords(term: string): string[] {
  return term
    .replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, '')
    .split(/\s+/)
    .map(foldWord)
    .filter((word) => word !== '');
}

/** How one query word is looked up among the indexed stems. */
export type WordMatch = { stem: string; prefix: boolean } | undefined;

/**
 * How Pagefind 1.6 looks up each word of a query (`find_word_extensions` in pagefind_web's
 * search.rs), finished or still being typed alike: every indexed stem that starts with the word's
 * stem; if none does, the longest indexed stem the word's stem starts with ("newer" finds "new",
 * "atention" finds "at"); if none, nothing, and the word is then left out of the search.
 */
export function wordMatch(word: string, indexedStems: Iterable<string>): WordMatch {
  const wordStem = stem(word);
  let longestPrefix = '';
  for (const indexed of indexedStems) {
    if (indexed.startsWith(wordStem)) return { stem: wordStem, prefix: true };
    if (wordStem.startsWith(indexed) && indexed.length > longestPrefix.length) longestPrefix = indexed;
  }
  return longestPrefix === '' ? undefined : { stem: longestPrefix, prefix: false };
}

/**
 * Whether `text` holds the stems `phrase` one after another, as Pagefind's exact search (a query in
 * quotes) finds them: each whitespace-separated word of the text is one place, matching a stem when
 * one of the words it is indexed as (indexedWords) has it; no word is taken as the start of a
 * longer one.
 */
export function holdsPhrase(text: string, phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  const places = text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => new Set(indexedWords(word).map(searchStem)));
  for (let start = 0; start + phrase.length <= places.length; start += 1) {
    if (phrase.every((wordStem, offset) => places[start + offset]?.has(wordStem) === true)) return true;
  }
  return false;
}

export function isFallbackIndex(value: unknown): value is FallbackIndex {
  if (typeof value !== 'object' || value === null) return false;
  const index = value as Partial<FallbackIndex>;
  return index.version === 1 && Array.isArray(index.docs) && typeof index.topics === 'object';
}

export function createFallbackSearch(index: FallbackIndex): FallbackSearch {
  // Every word indexed (folded) and its stem, and every stem indexed (wordMatch).
  const stemsByWord = new Map<string, string>();
  const indexedStems = new Set<string>();
  const engine = new MiniSearch<{ id: number; title: string; text: string; topics: string }>({
    fields: ['title', 'text', 'topics'],
    tokenize,
    processTerm: (term) => {
      const word = foldWord(term);
      let wordStem = stemsByWord.get(word);
      if (wordStem === undefined) {
        stemsByWord.set(word, (wordStem = stem(word)));
        indexedStems.add(wordStem);
      }
      return wordStem;
    },
    searchOptions: {
      // A query is given as the indexed stems it matches (wordMatch), taken as they are.
      tokenize: (stemmed) => [stemmed],
      processTerm: (stemmed) => stemmed,
      boost: { title: 4, topics: 1.5 },
      combineWith: 'AND',
      // Pagefind forgives no misspelling (Pagefind/pagefind#756): a typo that found papers on disk
      // would find nothing online, and a reader comparing the two would trust neither.
      fuzzy: false,
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
        const words = pagefindQueryWords(term);
        let matches: NonNullable<WordMatch>[];
        let filter = (id: number) => keep(id);
        if (isPhrase(term)) {
          // An exact phrase, as Pagefind's exact search: every word its own stem, none as the start
          // of a longer one, one after another in the title, the text or the topic names; a word
          // not indexed at all finds nothing.
          const phrase = words.map((word) => stem(word));
          matches = phrase.every((wordStem) => indexedStems.has(wordStem))
            ? phrase.map((wordStem) => ({ stem: wordStem, prefix: false }))
            : [];
          filter = (id) => {
            const doc = index.docs[id];
            if (doc === undefined || !keep(id)) return false;
            const [, title, topics, , , text] = doc;
            const names = topics.map((topic) => index.topics[topic] ?? topic).join(' ');
            return [title, text, names].some((field) => holdsPhrase(field, phrase));
          };
        } else {
          // Like Pagefind: every word that finds anything must match; a word that finds nothing is
          // left out, and the search finds nothing only if every word does (search.rs, search_term).
          matches = words.map((word) => wordMatch(word, indexedStems)).filter((match) => match !== undefined);
        }
        const query: Query = {
          combineWith: 'AND',
          queries: matches.map(({ stem: wordStem, prefix }) => ({ queries: [wordStem], prefix })),
        };
        const found =
          matches.length === 0 ? [] : engine.search(query, { filter: (result) => filter(result['id'] as number) });
        ranked = found.map((result) => ({ id: result['id'] as number, score: result.score, terms: result.terms }));
      }
      if (state.sort === 'oldest') ranked.sort((a, b) => inIndexOrder(a.id, b.id));
      else if (state.sort === 'newest' || term === null) ranked.sort((a, b) => inIndexOrder(b.id, a.id));
      const slice = (from: number, count: number): SearchHit[] =>
        ranked.slice(from, from + count).map(({ id, terms }) => {
          const [path, title, topics, addedDay, , text, authors = ''] = index.docs[id] as FallbackDoc;
          const matched = new Set(terms);
          return {
            url: path,
            title,
            authors,
            topics,
            added: addedDay,
            // A word is marked when one of the words it is indexed as matched (cross-entropy for
            // "entropy"), as Pagefind marks the words of a page.
            excerpt: highlightExcerpt(text, (word) => indexedWords(word).some((each) => matched.has(searchStem(each)))),
          };
        });
      return { total: ranked.length, slice };
    },
  };
}
