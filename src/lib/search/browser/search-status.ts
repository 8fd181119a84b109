/**
 * What the search page's status line says. The reader's query is kept apart from the sentence
 * around it (`query`, which the page shows in a `<bdi>` element): a query holding right-to-left
 * text or a bidirectional control character (`%E2%80%AE` in a link) would otherwise reorder the
 * words after it.
 */
import { MIN_QUERY_LENGTH, pagefindTerm, type SearchState } from './search-state.ts';

export interface StatusLine {
  before: string;
  /** The query as searched, shown isolated; absent when the line quotes none. */
  query?: string;
  after: string;
}

/**
 * The line for `total` results of `state`, searched as `searched` (its query read as the index
 * holds math, search-page.ts): a query too short as typed may be one as read ("α" is "alpha"), and
 * is quoted as typed.
 */
export function resultsStatus(total: number, state: SearchState, searched: SearchState = state): StatusLine {
  const query = pagefindTerm(searched) === null ? '' : state.q.trim();
  const filtered = state.topics.length > 0 || state.code;
  const papers = `${total.toLocaleString('en')} ${total === 1 ? 'paper' : 'papers'}`;
  const withFilters = filtered ? ' with these filters' : '';
  if (query === '') {
    const before =
      total === 0
        ? 'No papers have all of the chosen filters.'
        : `${papers} with the chosen filters, ${state.sort === 'oldest' ? 'oldest' : 'newest'} first.`;
    return { before, after: '' };
  }
  if (total === 0) {
    return {
      before: 'No papers match “',
      query,
      after: `”${withFilters}. Check the spelling, use fewer words${filtered ? ' or remove a filter' : ''}.`,
    };
  }
  return { before: `${papers} ${total === 1 ? 'matches' : 'match'} “`, query, after: `”${withFilters}.` };
}

/**
 * The line when nothing is searched: `idle` (the page's own invitation), or, for a query too short
 * to search, how long it must be, so a reader who typed one character is not left guessing.
 */
export function idleStatus(state: SearchState, idle: string): string {
  if (state.q.trim() === '' || pagefindTerm(state) !== null) return idle;
  return `Type at least ${MIN_QUERY_LENGTH} characters to search, or choose a topic.`;
}
