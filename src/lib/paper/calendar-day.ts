/**
 * Calendar days, defined once: a paper's dates are days (`YYYY-MM-DD`, midnight UTC), never
 * instants. The ingest's `--added`, `npm run new`, the check and the search page all read and write
 * them here, so a day one of them accepts is a day every other accepts.
 */

/** A day as written in a paper file and on the command line. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `text` is written `YYYY-MM-DD` (four, two and two digits), whether or not the day exists. */
export function isDayShaped(text: string): boolean {
  return DAY.test(text);
}

/** A `YYYY-MM-DD` day as the Date the schema reads it as (midnight UTC); an Invalid Date when it is none. */
export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * `fn` remembering its result for each time value: a build formats a paper's days on its page and on
 * every list that shows it, hundreds of thousands of calls over a few thousand distinct days
 * (`toISOString` and `Intl` took 0.5 s of a 10,000-paper build's main thread). Bounded, because a
 * dev server may also format instants. An Invalid Date is never remembered: `fn` decides.
 */
export function byTimeValue<T>(fn: (date: Date) => T, limit = 10_000): (date: Date) => T {
  const results = new Map<number, T>();
  return (date) => {
    const time = date.getTime();
    if (results.has(time)) return results.get(time) as T;
    const result = fn(date);
    if (Number.isNaN(time)) return result;
    if (results.size >= limit) results.clear();
    results.set(time, result);
    return result;
  };
}

/** `YYYY-MM-DD` in UTC: dates in paper files are days, not instants. */
export const formatDay: (date: Date) => string = byTimeValue((date) => date.toISOString().slice(0, 10));

/** `text` when it is a real calendar day written `YYYY-MM-DD` (no 2025-02-30), else `undefined`. */
export function parseDay(text: string): string | undefined {
  if (!DAY.test(text)) return undefined;
  const date = dayToDate(text);
  return !Number.isNaN(date.getTime()) && formatDay(date) === text ? text : undefined;
}

/** A real calendar day as `YYYY-MM-DD` from its parts (month 1-12), or `undefined`. */
export function checkDay(year: number, month: number, day: number): string | undefined {
  if (![year, month, day].every(Number.isSafeInteger) || year < 0 || month < 0 || day < 0) return undefined;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return parseDay(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}
