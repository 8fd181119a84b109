import { describe, expect, it } from 'vitest';
import { chunk, pagerView, routeCollisions } from '../../../src/lib/site/pagination.ts';

describe('pagerView', () => {
  it.each([
    [1, 1, []],
    [1, 0, []],
    [1, 3, [1, 2, 3]],
    [1, 10, [1, 2, 3, undefined]],
    [5, 10, [1, 2, 3, 4, 5, 6, 7, undefined]],
    [6, 12, [1, undefined, 4, 5, 6, 7, 8, undefined]],
    [10, 10, [1, undefined, 8, 9, 10]],
  ])('page %i of %i shows %o', (current, last, expected) => {
    expect(pagerView(current, last).pages).toEqual(expected);
  });

  it('links the pages either side', () => {
    expect(pagerView(1, 3)).toMatchObject({ previous: undefined, next: 2 });
    expect(pagerView(3, 3)).toMatchObject({ previous: 2, next: undefined });
  });

  it('never names the last page, so a page stays the same once the list is 3 pages past it', () => {
    for (let current = 1; current <= 5; current += 1) {
      const views = [current + 3, current + 4, current + 50].map((last) => pagerView(current, last));
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
    }
  });
});

describe('chunk', () => {
  it('cuts from the start, so earlier pages do not move when items are appended', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2, 3, 4, 5, 6], 2).slice(0, 2)).toEqual(chunk([1, 2, 3, 4, 5], 2).slice(0, 2));
    expect(chunk([], 2)).toEqual([[]]);
  });
});

describe('routeCollisions', () => {
  it('flags every all-digit slug (a year page, now or later) and by-title, and only those', () => {
    const problems = routeCollisions(['by-title', '2', '2025', 'normal', '2048-game', 'covid-19']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('content/papers/by-title.md');
    expect(problems[1]).toContain('/papers/2/');
    expect(problems[2]).toContain('content/papers/2025.md');
    expect(problems[2]).toContain('rename the file');
  });
});
