import { authorList } from './citation.ts';
import { byTimeValue, formatDay } from '../paper/calendar-day.ts';

const DISPLAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A day as readers see it: "14 March 2025" (dates in paper files are UTC days). */
export const displayDate: (date: Date) => string = byTimeValue((date) => DISPLAY.format(date));

/** A day as `YYYY-MM-DD`, for `<time datetime>`. */
export function isoDay(date: Date): string {
  return formatDay(date);
}

/** Authors for a list entry: up to three names, then "et al."; '' when unknown. */
export function shortAuthors(authors: readonly string[] | undefined): string {
  if (authors === undefined || authors.length === 0) return '';
  return authors.length > 3 ? `${authors[0] ?? ''} et al.` : authorList(authors);
}

/** "1 paper", "56 papers". */
export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
}
