import { describe, expect, it } from 'vitest';
import {
  EMPTY_STATE,
  isActive,
  isSearchPagePath,
  MAX_QUERY_LENGTH,
  pagefindOptions,
  pagefindTerm,
  parseSearchState,
  sameState,
  serializeSearchState,
  type SearchState,
} from '../../../../src/lib/search/browser/search-state.ts';

const TOPICS = new Set(['federated-learning', 'scaling-laws', 'continual-learning']);

describe('parseSearchState', () => {
  it('reads query, topics, has code and sort', () => {
    expect(parseSearchState('?q=cross-entropy&topic=scaling-laws&topic=federated-learning&code=1&sort=newest')).toEqual(
      {
        q: 'cross-entropy',
        topics: ['federated-learning', 'scaling-laws'],
        code: true,
        sort: 'newest',
      },
    );
  });

  it('gives the empty state for an empty URL', () => {
    expect(parseSearchState('')).toEqual(EMPTY_STATE);
    expect(parseSearchState('?')).toEqual(EMPTY_STATE);
  });

  it('decodes what a form or a person typed: +, %-escapes, comma-separated topics', () => {
    expect(parseSearchState('?q=graph+neural%20networks%C3%A9').q).toBe('graph neural networksé');
    expect(parseSearchState('?topic=scaling-laws,continual-learning').topics).toEqual([
      'continual-learning',
      'scaling-laws',
    ]);
  });

  it('ignores what it cannot use rather than failing: unknown sort, bad topic ids, odd code values', () => {
    const state = parseSearchState(
      '?q=x&sort=sideways&topic=..%2F..&topic=%3Cscript%3E&topic=Scaling-Laws&topic=&code=maybe',
    );
    expect(state).toEqual({ q: 'x', topics: [], code: false, sort: 'relevance' });
    expect(parseSearchState('?code=true').code).toBe(true);
    expect(parseSearchState('?code=0').code).toBe(false);
  });

  it('drops topics the taxonomy no longer has, and duplicates', () => {
    expect(parseSearchState('?topic=scaling-laws&topic=removed-topic&topic=scaling-laws', TOPICS).topics).toEqual([
      'scaling-laws',
    ]);
  });

  it('cuts a query longer than anybody types', () => {
    expect(parseSearchState(`?q=${'a'.repeat(5000)}`).q).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('accepts URLSearchParams too', () => {
    expect(parseSearchState(new URLSearchParams({ q: 'EMO' })).q).toBe('EMO');
  });
});

describe('serializeSearchState', () => {
  it('writes a canonical query string, defaults left out', () => {
    expect(serializeSearchState(EMPTY_STATE)).toBe('');
    expect(serializeSearchState({ q: 'cross-entropy', topics: [], code: false, sort: 'relevance' })).toBe(
      '?q=cross-entropy',
    );
    expect(
      serializeSearchState({ q: 'a b&c', topics: ['scaling-laws', 'federated-learning'], code: true, sort: 'oldest' }),
    ).toBe('?q=a+b%26c&topic=federated-learning&topic=scaling-laws&code=1&sort=oldest');
  });

  it('round-trips through parse, whatever the query holds', () => {
    const states: SearchState[] = [
      EMPTY_STATE,
      { q: 'αβ "quoted" #hash ?q=1 &amp;', topics: ['continual-learning'], code: false, sort: 'newest' },
      { q: '  spaces kept  ', topics: ['federated-learning', 'scaling-laws'], code: true, sort: 'relevance' },
      { q: '', topics: [], code: true, sort: 'oldest' },
    ];
    for (const state of states) expect(parseSearchState(serializeSearchState(state))).toEqual(state);
  });

  it('treats states that differ only in topic order as the same', () => {
    const a = { q: 'x', topics: ['scaling-laws', 'continual-learning'], code: false, sort: 'relevance' as const };
    const b = { ...a, topics: ['continual-learning', 'scaling-laws'] };
    expect(sameState(a, b)).toBe(true);
    expect(sameState(a, { ...a, code: true })).toBe(false);
  });
});

describe('isActive', () => {
  it('is true for a query or any filter, false for blank input', () => {
    expect(isActive(EMPTY_STATE)).toBe(false);
    expect(isActive({ ...EMPTY_STATE, q: '   ' })).toBe(false);
    expect(isActive({ ...EMPTY_STATE, q: 'x' })).toBe(false);
    expect(isActive({ ...EMPTY_STATE, q: 'xy' })).toBe(true);
    expect(isActive({ ...EMPTY_STATE, topics: ['scaling-laws'] })).toBe(true);
    expect(isActive({ ...EMPTY_STATE, code: true })).toBe(true);
    // A sort alone asks for nothing.
    expect(isActive({ ...EMPTY_STATE, sort: 'newest' })).toBe(false);
  });
});

describe('Pagefind options', () => {
  it('ranks by relevance by default, by date added when asked', () => {
    expect(pagefindOptions({ ...EMPTY_STATE, q: 'xy' })).toEqual({ filters: {} });
    expect(pagefindOptions({ ...EMPTY_STATE, q: 'xy', sort: 'newest' })).toEqual({
      filters: {},
      sort: { added: 'desc' },
    });
    expect(pagefindOptions({ ...EMPTY_STATE, q: 'x', sort: 'oldest' })).toEqual({
      filters: {},
      sort: { added: 'asc' },
    });
  });

  it('lists newest first when there is no query to rank by', () => {
    expect(pagefindOptions({ ...EMPTY_STATE, code: true }).sort).toEqual({ added: 'desc' });
  });

  it('matches any of the chosen topics, and "yes" for has code', () => {
    expect(
      pagefindOptions({ q: 'x', topics: ['federated-learning', 'scaling-laws'], code: true, sort: 'relevance' })
        .filters,
    ).toEqual({ topic: { any: ['federated-learning', 'scaling-laws'] }, code: 'yes' });
  });

  it('searches the trimmed query, or filters only when it is blank or one character', () => {
    expect(pagefindTerm({ ...EMPTY_STATE, q: '  EMO ' })).toBe('EMO');
    expect(pagefindTerm({ ...EMPTY_STATE, q: '   ' })).toBeNull();
    expect(pagefindTerm({ ...EMPTY_STATE, q: ' t ' })).toBeNull();
    expect(pagefindTerm({ ...EMPTY_STATE, q: 'αβ' })).toBe('αβ');
    expect(pagefindOptions({ ...EMPTY_STATE, q: 't', code: true }).sort).toEqual({ added: 'desc' });
  });
});

describe('isSearchPagePath', () => {
  it('is the search page at its directory URL and at its file', () => {
    expect(isSearchPagePath('/paper-archive/search/', '/paper-archive/search/')).toBe(true);
    expect(isSearchPagePath('/paper-archive/search/index.html', '/paper-archive/search/')).toBe(true);
  });

  it('is not the search page anywhere else (the offline stand-in for a page not saved)', () => {
    for (const path of ['/paper-archive/papers/x/', '/paper-archive/search/x/', '/paper-archive/', '/search/']) {
      expect(isSearchPagePath(path, '/paper-archive/search/'), path).toBe(false);
    }
  });
});
