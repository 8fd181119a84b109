import { chunk, pagerView, type PagerView } from './pagination.ts';

/**
 * Chronological lists as month archives (`/papers/2025/03/`, as arXiv lists a month): a paper
 * added to the archive lands in one month, so the pages of every other month stay as they were,
 * and an incremental build does not render them again. Within a month the papers run oldest first,
 * in pages numbered from the oldest end, so a paper added after the others changes only the month's
 * last page. Months and days are UTC, as `added` dates are (YYYY-MM-DD, midnight UTC).
 */

export interface Month {
  year: number;
  /** 1 to 12. */
  month: number;
}

/** The month a date falls in (UTC). */
export function monthOf(date: Date): Month {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "March 2025". */
export function monthName({ year, month }: Month): string {
  return `${MONTH_NAMES[month - 1] ?? String(month)} ${year}`;
}

/** A month as URL segments: `2025/03` (four-digit year, two-digit month). */
export function monthSegment({ year, month }: Month): string {
  return `${String(year).padStart(4, '0')}/${String(month).padStart(2, '0')}`;
}

/** One month's papers, oldest first. */
export interface MonthGroup<T> extends Month {
  items: T[];
}

/** `newestFirst` split into months, newest month first; each month's items oldest first. */
export function groupByMonth<T>(newestFirst: readonly T[], addedOf: (item: T) => Date): MonthGroup<T>[] {
  const groups: MonthGroup<T>[] = [];
  for (const item of newestFirst) {
    const { year, month } = monthOf(addedOf(item));
    const last = groups.at(-1);
    if (last?.year === year && last.month === month) last.items.push(item);
    else {
      if (last !== undefined && year * 12 + month > last.year * 12 + last.month) {
        throw new Error(
          `groupByMonth: the items are not newest first (${monthName({ year, month })} after ${monthName(last)})`,
        );
      }
      groups.push({ year, month, items: [item] });
    }
  }
  for (const group of groups) group.items.reverse();
  return groups;
}

/** One page of a month archive, with everything it shows besides its items. */
export interface MonthPage<T> extends Month {
  /** 1 for the month's oldest papers. */
  page: number;
  /** The position of the page's first item in its month (1-based, oldest first). */
  first: number;
  items: T[];
  pager: PagerView;
  /** The months either side that have papers (older, newer). */
  older: Month | undefined;
  newer: Month | undefined;
}

/** Every page of every month, newest month first. */
export function monthPages<T>(newestFirst: readonly T[], addedOf: (item: T) => Date, pageSize: number): MonthPage<T>[] {
  const groups = groupByMonth(newestFirst, addedOf);
  return groups.flatMap((group, index) => {
    const pages = chunk(group.items, pageSize);
    const month = (other: MonthGroup<T> | undefined): Month | undefined =>
      other === undefined ? undefined : { year: other.year, month: other.month };
    return pages.map((items, at) => ({
      year: group.year,
      month: group.month,
      page: at + 1,
      first: at * pageSize + 1,
      items,
      pager: pagerView(at + 1, pages.length),
      older: month(groups[index + 1]),
      newer: month(groups[index - 1]),
    }));
  });
}

/** The months of each year that have papers, with their counts: newest year and month first. */
export function monthIndex<T>(
  newestFirst: readonly T[],
  addedOf: (item: T) => Date,
): { year: number; months: (Month & { count: number })[] }[] {
  const years: { year: number; months: (Month & { count: number })[] }[] = [];
  for (const group of groupByMonth(newestFirst, addedOf)) {
    const entry = { year: group.year, month: group.month, count: group.items.length };
    const last = years.at(-1);
    if (last?.year === group.year) last.months.push(entry);
    else years.push({ year: group.year, months: [entry] });
  }
  return years;
}

/** A year page: the months of the year that have papers (no counts: they would change it with every paper), and the years either side. */
export interface YearPage {
  year: number;
  months: Month[];
  older: number | undefined;
  newer: number | undefined;
}

/** Every year that has papers, newest first. */
export function yearPages<T>(newestFirst: readonly T[], addedOf: (item: T) => Date): YearPage[] {
  const years = monthIndex(newestFirst, addedOf);
  return years.map(({ year, months }, index) => ({
    year,
    months: months.map(({ month }) => ({ year, month })),
    older: years[index + 1]?.year,
    newer: years[index - 1]?.year,
  }));
}
