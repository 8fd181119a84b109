/**
 * The one rule for `$` math and backtick code spans, as remark-math and CommonMark read them: a span
 * opened by a run of n delimiters closes at the next run of exactly n (`$$a$b$$` is one span; a
 * longer or shorter run inside is content). Titles split into math, the site's Markdown-as-text and
 * the TeX repair all pair delimiters here.
 */

/** How many copies of `char` run from `start` (0 when `source[start]` is another character). */
export function runLength(source: string, start: number, char: string): number {
  let end = start;
  while (source[end] === char) end += 1;
  return end - start;
}

/**
 * Where a span opened by `size` copies of `char`, whose content starts at `from`, closes: the
 * start of the next run of exactly `size`, if it starts before `limit`. `-1` when it never closes.
 * A limit keeps a scan over hostile text (many runs, none closing) linear.
 */
export function closingRun(source: string, from: number, char: string, size: number, limit = source.length): number {
  let index = from;
  while (index < limit) {
    const found = source.indexOf(char, index);
    if (found === -1 || found >= limit) return -1;
    const length = runLength(source, found, char);
    if (length === size) return found;
    index = found + length;
  }
  return -1;
}
