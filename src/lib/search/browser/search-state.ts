/**
 * The search page's state and its URL: `?q=` for the query, `topic=` (repeatable) for topic
 * filters, `code=1` for "has code" and `sort=` for the order. The URL is the single source of
 * truth: a link, a reload and back/forward all restore exactly what was shown.
 */

export const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SORTS)[number];

export interface SearchState {
  /** The query as typed (trimmed of surrounding white space only when searching). */
  q: string;
  /** Topic ids; a paper matches when it has any of them. Sorted, no duplicates. */
  topics: string[];
  /** Only papers with a code repository. */
  code: boolean;
  sort: SearchSort;
}

export const EMPTY_STATE: SearchState = { q: '', topics: [], code: false, sort: 'relevance' };

/** Queries longer than this are cut: nobody types more, and the URL must stay a sane length. */
export const MAX_QUERY_LENGTH = 200;
/**
 * Shorter queries are not searched: one letter matches nearly every paper as a prefix, costs the
 * most to rank on a large archive, and would hold up the search for the next keystroke.
 */
export const MIN_QUERY_LENGTH = 2;
const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isSort(value: string | null): value is SearchSort {
  return value !== null && (SORTS as readonly string[]).includes(value);
}

/**
 * Reads the state from a query string (`location.search`) or its parameters. Unknown or malformed
 * values are ignored rather than fatal: a hand-edited or outdated link still searches. When
 * `knownTopics` is given, topics not in it are dropped (a topic removed from the taxonomy).
 */
export function parseSearchState(search: string | URLSearchParams, knownTopics?: ReadonlySet<string>): SearchState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const topics = [
    ...new Set(
      params
        .getAll('topic')
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter((id) => TOPIC_ID.test(id) && (knownTopics === undefined || knownTopics.has(id))),
    ),
  ].sort();
  const code = params.get('code');
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    topics,
    code: code === '1' || code === 'true' || code === 'yes',
    sort: isSort(sort) ? sort : 'relevance',
  };
}

/** The query string for a state (with a leading `?`, or '' for the empty state); defaults are omitted. */
export function serializeSearchState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q !== '') params.set('q', state.q);
  for (const topic of [...new Set(state.topics)].sort()) params.append('topic', topic);
  if (state.code) params.set('code', '1');
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function sameState(a: SearchState, b: SearchState): boolean {
  return serializeSearchState(a) === serializeSearchState(b);
}

/** Whether the state asks for anything: a query long enough or a filter. The empty state shows no results. */
export function isActive(state: SearchState): boolean {
  return pagefindTerm(state) !== null || state.topics.length > 0 || state.code;
}

/** Pagefind's filter syntax: any of the chosen topics, and "yes" for has-code. */
export interface PagefindFilters {
  topic?: { any: string[] };
  code?: string;
}

/** The options Pagefind's `search(term, options)` takes for this state. */
export function pagefindOptions(state: SearchState): {
  filters: PagefindFilters;
  sort?: Record<string, 'asc' | 'desc'>;
} {
  const filters: PagefindFilters = {};
  if (state.topics.length > 0) filters.topic = { any: [...state.topics] };
  if (state.code) filters.code = 'yes';
  // With no query there is no relevance to rank by: the newest papers come first.
  const sort =
    state.sort === 'oldest' ? 'asc' : state.sort === 'newest' || pagefindTerm(state) === null ? 'desc' : undefined;
  return sort === undefined ? { filters } : { filters, sort: { added: sort } };
}

/**
 * Whether a page at `pathname` is the search page at `searchPath` (its directory URL, ending in
 * `/`), also when addressed by its file, `search/index.html`, which hosts serve as well. Any other
 * path showing the search page is the service worker's stand-in for a page not saved offline.
 */
export function isSearchPagePath(pathname: string, searchPath: string): boolean {
  return pathname === searchPath || pathname === `${searchPath}index.html`;
}

/**
 * Whether the query may hold math to be read as the index reads formulas (query-math.ts): a `$...$`
 * formula, TeX typed without dollars (`\alpha`, `L_2`) or a Greek letter.
 */
export function mayHoldMath(state: SearchState): boolean {
  return /[$\\]|\p{Script=Greek}|(?:^|[^\p{L}\p{N}])\p{L}[_^]/u.test(state.q);
}

/** The term to search for: `null` (filters only) when the query is blank or too short. */
export function pagefindTerm(state: SearchState): string | null {
  const term = state.q.trim();
  return [...term].length < MIN_QUERY_LENGTH ? null : term;
}
