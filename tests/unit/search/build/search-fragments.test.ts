import { describe, expect, it } from 'vitest';
import { maxFragmentsFor, PAGES_PER_FRAGMENT_FILE } from '../../../../src/lib/search/build/search-fragments.ts';

describe('maxFragmentsFor', () => {
  it('asks for one fragment file per few pages, growing with the archive', () => {
    expect(PAGES_PER_FRAGMENT_FILE).toBe(5);
    // 10,001 pages in at most 2,001 files: Pagefind's groups of ceil(10,001 / 2,001) = 5 pages.
    expect(maxFragmentsFor(10_001)).toBe(2001);
    expect(maxFragmentsFor(100_000)).toBe(20_000);
    expect(maxFragmentsFor(9)).toBe(2);
  });

  it('never asks for no file at all', () => {
    expect(maxFragmentsFor(0)).toBe(1);
    expect(maxFragmentsFor(1)).toBe(1);
  });
});
