/** A 1-based line and column (in UTF-16 code units, as editors and GitHub count them). */
export interface Position {
  line: number;
  column: number;
}

/**
 * Turns offsets in `text` into lines and columns. Built once per file so that reporting many
 * problems costs a binary search each, not a rescan.
 */
export function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number): Position => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (starts[low] ?? 0) + 1 };
  };
}

/** `text` cut to `max` characters on one line, for quoting a snippet inside a message. */
export function snippet(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
