import { describe, expect, it } from 'vitest';
import { maxFragmentsFor, PAGES_PER_FRAGMENT_FILE } from '../../src/lib/search-fragments.ts';

describe('maxFragmentsFor', () => {
  it('asks for one fragment file per few pages, growing with the archive', () => {
    expect(PAGES_PER_FRAGMENT_FILE).toBe(4);
    expect(maxFragmentsFor(10_001)).toBe(2501);
    expect(maxFragmentsFor(100_000)).toBe(25_000);
    expect(maxFragmentsFor(9)).toBe(3);
  });

  it('never asks for no file at all', () => {
    expect(maxFragmentsFor(0)).toBe(1);
    expect(maxFragmentsFor(1)).toBe(1);
  });
});
