import { describe, expect, it } from 'vitest';
import { pageWindow, routeCollisions } from '../../../src/lib/site/pagination.ts';

describe('pageWindow', () => {
  it.each([
    [1, 1, [1]],
    [1, 0, [1]],
    [1, 3, [1, 2, 3]],
    [1, 10, [1, 2, 3, undefined, 10]],
    [5, 10, [1, 2, 3, 4, 5, 6, 7, undefined, 10]],
    [6, 12, [1, undefined, 4, 5, 6, 7, 8, undefined, 12]],
    [10, 10, [1, undefined, 8, 9, 10]],
  ])('page %i of %i shows %o', (current, last, expected) => {
    expect(pageWindow(current, last)).toEqual(expected);
  });
});

describe('routeCollisions', () => {
  it('flags slugs that are list pages, and only those', () => {
    const problems = routeCollisions(['by-title', '2', '7', 'normal', '0', '2048-game'], 3);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('content/papers/by-title.md');
    expect(problems[1]).toContain('/papers/2/');
  });
});
