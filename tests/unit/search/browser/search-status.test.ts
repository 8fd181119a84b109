import { describe, expect, it } from 'vitest';
import { idleStatus, resultsStatus } from '../../../../src/lib/search/browser/search-status.ts';
import { EMPTY_STATE, type SearchState } from '../../../../src/lib/search/browser/search-state.ts';

const state = (overrides: Partial<SearchState>): SearchState => ({ ...EMPTY_STATE, ...overrides });
const line = (status: ReturnType<typeof resultsStatus>) => `${status.before}${status.query ?? ''}${status.after}`;

describe('resultsStatus', () => {
  it('quotes the query apart from the sentence around it', () => {
    const status = resultsStatus(1234, state({ q: '  attention ' }));
    expect(status).toEqual({ before: '1,234 papers match “', query: 'attention', after: '”.' });
    expect(line(resultsStatus(1, state({ q: 'mamba', code: true })))).toBe(
      '1 paper matches “mamba” with these filters.',
    );
  });

  it('quotes the query as typed when it was searched as read (a Greek letter alone is its name)', () => {
    expect(line(resultsStatus(2, state({ q: 'α' }), state({ q: 'alpha' })))).toBe('2 papers match “α”.');
    expect(line(resultsStatus(0, state({ q: ' ε ' }), state({ q: 'epsilon' })))).toBe(
      'No papers match “ε”. Check the spelling, use fewer words.',
    );
  });

  it('keeps a right-to-left override in the query out of the sentence', () => {
    const status = resultsStatus(0, state({ q: '\u202elearning' }));
    expect(status.query).toBe('\u202elearning');
    expect(status.before).toBe('No papers match “');
    expect(status.after).toBe('”. Check the spelling, use fewer words.');
  });

  it('says what the filters found when there is no query', () => {
    expect(resultsStatus(0, state({ topics: ['optimization'] }))).toEqual({
      before: 'No papers have all of the chosen filters.',
      after: '',
    });
    expect(line(resultsStatus(3, state({ topics: ['optimization'], sort: 'oldest' })))).toBe(
      '3 papers with the chosen filters, oldest first.',
    );
  });
});

describe('idleStatus', () => {
  it('asks for a second character instead of showing the invitation to a query too short to search', () => {
    expect(idleStatus(state({ q: 'α' }), 'Search the papers.')).toBe(
      'Type at least 2 characters to search, or choose a topic.',
    );
    expect(idleStatus(state({ q: ' 猫 ' }), 'Search the papers.')).toMatch(/^Type at least 2 characters/);
    expect(idleStatus(state({ q: '' }), 'Search the papers.')).toBe('Search the papers.');
    expect(idleStatus(state({ q: '   ' }), 'Search the papers.')).toBe('Search the papers.');
  });
});
