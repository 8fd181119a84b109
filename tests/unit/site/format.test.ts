import { describe, expect, it } from 'vitest';
import { displayDate, isoDay, plural, shortAuthors } from '../../../src/lib/site/format.ts';

describe('format', () => {
  it('shows UTC days whatever the machine’s zone', () => {
    expect(displayDate(new Date('2025-03-14T00:00:00Z'))).toBe('14 March 2025');
    expect(isoDay(new Date('2025-03-14T00:00:00Z'))).toBe('2025-03-14');
  });

  it('shortens author lists', () => {
    expect(shortAuthors(undefined)).toBe('');
    expect(shortAuthors([])).toBe('');
    expect(shortAuthors(['A', 'B', 'C'])).toBe('A, B, and C');
    expect(shortAuthors(['A', 'B', 'C', 'D'])).toBe('A et al.');
  });

  it('pluralizes counts', () => {
    expect(plural(1, 'paper')).toBe('1 paper');
    expect(plural(0, 'paper')).toBe('0 papers');
    expect(plural(12345, 'paper')).toBe('12,345 papers');
  });
});
