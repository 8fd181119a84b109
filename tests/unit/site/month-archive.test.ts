import { describe, expect, it } from 'vitest';
import {
  groupByMonth,
  monthIndex,
  monthName,
  monthOf,
  monthPages,
  monthSegment,
  yearPages,
} from '../../../src/lib/site/month-archive.ts';

interface Item {
  id: string;
  added: Date;
}
const added = (item: Item) => item.added;
const item = (id: string, day: string): Item => ({ id, added: new Date(`${day}T00:00:00Z`) });
/** `count` items added from `start` on, one a day, newest first (as the archive orders them). */
function daily(count: number, start = '2024-11-20'): Item[] {
  const first = new Date(`${start}T00:00:00Z`).getTime();
  return Array.from({ length: count }, (_, i) => ({ id: `p${i}`, added: new Date(first + i * 86_400_000) })).reverse();
}
/** The pages as a test compares them: where each is, and everything it shows. */
const keyed = (pages: ReturnType<typeof monthPages<Item>>) =>
  new Map(pages.map((page) => [`${monthSegment(page)}/${page.page}`, JSON.stringify(page)]));

describe('months', () => {
  it('names, places and segments months in UTC', () => {
    expect(monthOf(new Date('2025-03-31T23:59:59Z'))).toEqual({ year: 2025, month: 3 });
    expect(monthOf(new Date('2025-04-01T00:00:00Z'))).toEqual({ year: 2025, month: 4 });
    expect(monthName({ year: 2025, month: 3 })).toBe('March 2025');
    expect(monthSegment({ year: 2025, month: 3 })).toBe('2025/03');
  });

  it('groups newest-first items by month, newest month first, each month oldest first', () => {
    const groups = groupByMonth([item('c', '2025-03-02'), item('b', '2025-03-01'), item('a', '2025-01-09')], added);
    expect(groups.map((g) => [g.year, g.month, g.items.map((i) => i.id)])).toEqual([
      [2025, 3, ['b', 'c']],
      [2025, 1, ['a']],
    ]);
    expect(groupByMonth([], added)).toEqual([]);
  });

  it('refuses items that are not newest first', () => {
    expect(() => groupByMonth([item('a', '2025-01-09'), item('b', '2025-03-01')], added)).toThrow(/not newest first/);
  });
});

describe('monthPages', () => {
  it('pages each month from its oldest item, with neighbours and a pager', () => {
    const pages = monthPages(daily(45), added, 10);
    // 2024-11-20 .. 2025-01-03: 11 days of November, 31 of December, 3 of January.
    expect(pages.map((p) => [monthSegment(p), p.page, p.items.length, p.first])).toEqual([
      ['2025/01', 1, 3, 1],
      ['2024/12', 1, 10, 1],
      ['2024/12', 2, 10, 11],
      ['2024/12', 3, 10, 21],
      ['2024/12', 4, 1, 31],
      ['2024/11', 1, 10, 1],
      ['2024/11', 2, 1, 11],
    ]);
    const december = pages[1];
    expect(december?.items[0]?.added.toISOString().slice(0, 10)).toBe('2024-12-01');
    expect(december?.older).toEqual({ year: 2024, month: 11 });
    expect(december?.newer).toEqual({ year: 2025, month: 1 });
    expect(december?.pager).toEqual({ current: 1, pages: [1, 2, 3, undefined], previous: undefined, next: 2 });
    expect(pages[0]?.pager.pages).toEqual([]);
  });

  it('changes only the newest page of its month when a paper is added after the others', () => {
    for (const count of [1, 9, 10, 11, 38, 200]) {
      const before = keyed(
        monthPages(
          daily(count, '2025-03-01').map((i) => ({ ...i, added: new Date('2025-03-14') })),
          added,
          10,
        ),
      );
      const grown = [
        { id: 'new', added: new Date('2025-03-15') },
        ...daily(count, '2025-03-01').map((i) => ({ ...i, added: new Date('2025-03-14') })),
      ];
      const after = keyed(monthPages(grown, added, 10));
      const changed = [...after].filter(([at, page]) => before.get(at) !== page).map(([at]) => at);
      const last = Math.ceil((count + 1) / 10);
      // The page that holds it, and when it opens a page, the few pages whose pager reaches it.
      expect(changed).toContain(`2025/03/${last}`);
      expect(changed.length, `${count}: ${changed.join(', ')}`).toBeLessThanOrEqual(count % 10 === 0 ? 4 : 1);
      expect([...before.keys()].every((at) => after.has(at))).toBe(true);
    }
  });

  it('leaves the other months alone when a paper is added to one', () => {
    const items = daily(120);
    const before = keyed(monthPages(items, added, 10));
    const inserted = [...items, item('old', '2024-11-01')].sort((a, b) => b.added.getTime() - a.added.getTime());
    const after = keyed(monthPages(inserted, added, 10));
    const changed = [...after].filter(([at, page]) => before.get(at) !== page).map(([at]) => at);
    expect(changed.every((at) => at.startsWith('2024/11/'))).toBe(true);
    expect(changed.length).toBeGreaterThan(0);
  });
});

describe('monthIndex and yearPages', () => {
  it('lists years and months newest first with counts; year pages without counts', () => {
    const items = [item('d', '2025-02-02'), item('c', '2025-02-01'), item('b', '2024-06-01'), item('a', '2022-01-01')];
    expect(monthIndex(items, added)).toEqual([
      { year: 2025, months: [{ year: 2025, month: 2, count: 2 }] },
      { year: 2024, months: [{ year: 2024, month: 6, count: 1 }] },
      { year: 2022, months: [{ year: 2022, month: 1, count: 1 }] },
    ]);
    expect(yearPages(items, added)).toEqual([
      { year: 2025, months: [{ year: 2025, month: 2 }], older: 2024, newer: undefined },
      { year: 2024, months: [{ year: 2024, month: 6 }], older: 2022, newer: 2025 },
      { year: 2022, months: [{ year: 2022, month: 1 }], older: undefined, newer: 2024 },
    ]);
  });
});
