import { isReservedSlug } from '../paper/slug.ts';

/**
 * What a pager shows: the first page, a window around the current one and `undefined` for a gap
 * ("…"), with the previous and next page. It never names the last page: list pages are numbered
 * from the oldest end (month-archive.ts, title-buckets.ts), so a page stays the same as pages are
 * added after it, and a pager that showed "of 200" would change every page of the list each time
 * the list grows a page. Page k changes only while the list's last page is within `around + 1` of it.
 */
export interface PagerView {
  current: number;
  pages: (number | undefined)[];
  previous: number | undefined;
  next: number | undefined;
}

export function pagerView(current: number, last: number, around = 2): PagerView {
  const pages: (number | undefined)[] = [];
  if (last > 1) {
    const from = Math.max(1, current - around);
    const to = Math.min(last, current + around);
    if (from > 1) pages.push(1);
    if (from === 3) pages.push(2);
    else if (from > 3) pages.push(undefined);
    for (let page = from; page <= to; page += 1) pages.push(page);
    if (to < last) pages.push(undefined);
  }
  return {
    current,
    pages,
    previous: current > 1 ? current - 1 : undefined,
    next: current < last ? current + 1 : undefined,
  };
}

/** `items` in pages of `size` (at least one page, empty for no items), numbered from 1. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages.length > 0 ? pages : [[]];
}

/** Papers per page on each kind of list (the landing pages show this many of the newest). */
export const PAGE_SIZE = { papers: 50, topic: 20 } as const;

/** Newest additions on the home page. */
export const HOME_LATEST = 8;

/**
 * Paper slugs that would land on the URL of a list page, each as a message saying what to do:
 * `/papers/2025/` is a year of the paper list (and `/papers/2025/03/` a month in it), and
 * `/papers/by-title/` the title index. Every all-digit slug is refused, not only the years that
 * have papers today, since a number that is free today is a year page tomorrow. The rule is the
 * one `npm run new`, the ingest and the check apply (`isReservedSlug`).
 */
export function routeCollisions(slugs: readonly string[]): string[] {
  return slugs
    .filter((slug) => isReservedSlug(slug))
    .map(
      (slug) =>
        `  - content/papers/${slug}.md: the slug "${slug}" is also a page of the paper list (/papers/${slug}/); rename the file (e.g. add a word from the title)`,
    );
}
