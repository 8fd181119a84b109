/**
 * The scanning vocabulary the TeX repair's formula code shares: placeholders for protected text,
 * the word blocker, runs of letters and digits, and bracket matching. Each a bounded linear scan.
 */
import { CHAR, isAsciiAlnum, isAsciiDigit, isAsciiLetter } from '../text/char-codes.ts';

/** Placeholders for protected pieces (URLs, formulas, escapes) live in the Private Use Area. */
function isPlaceholder(code: number): boolean {
  return code >= 0xe000 && code <= 0xf8ff;
}

/** Placeholders for formulas: U+F000-U+F8FF (tex-repair.ts allocates them there). */
export const FORMULA_PLACEHOLDER_FIRST = 0xf000;

/**
 * Stands, in the text given to the formula finder, for an escaped `_`, `^`, `\` or `.`: like
 * those characters, it keeps a word after it from starting a formula, but it is no operator.
 */
export const WORD_BLOCKER = '\u0001';
export const WORD_BLOCKER_CODE = WORD_BLOCKER.charCodeAt(0);

/** Whether the character at `index` is escaped by an odd run of backslashes before it. */
export function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(index - 1 - backslashes) === CHAR.BACKSLASH) backslashes += 1;
  return backslashes % 2 === 1;
}

/**
 * Characters a formula cannot touch: letters and digits, and formulas already written, which
 * were letters or digits when the text was first repaired (so a second repair decides alike).
 */
export function isGlued(code: number): boolean {
  return isAsciiAlnum(code) || (code >= FORMULA_PLACEHOLDER_FIRST && code <= 0xf8ff);
}

/** The end of the run of ASCII letters from `start`. */
export function letterRunEnd(text: string, start: number): number {
  let end = start;
  while (isAsciiLetter(text.charCodeAt(end))) end += 1;
  return end;
}
/** The end of the run of ASCII digits from `start`. */
export function digitRunEnd(text: string, start: number): number {
  let end = start;
  while (isAsciiDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/**
 * The index of the bracket closing the one at `open`, or -1: none within `limit` characters,
 * or a placeholder or line break on the way (a group never spans protected text).
 */
export function matchBracket(text: string, open: number, limit = 400): number {
  const opener = text.charCodeAt(open);
  const closer =
    opener === CHAR.OPEN_PAREN
      ? CHAR.CLOSE_PAREN
      : opener === CHAR.OPEN_BRACKET
        ? CHAR.CLOSE_BRACKET
        : CHAR.CLOSE_BRACE;
  let depth = 0;
  const stop = Math.min(text.length, open + limit);
  for (let i = open; i < stop; i += 1) {
    const code = text.charCodeAt(i);
    if (code === CHAR.BACKSLASH) {
      i += 1;
    } else if (code === opener) {
      depth += 1;
    } else if (code === closer) {
      depth -= 1;
      if (depth === 0) return i;
    } else if (code === CHAR.LINE_FEED || isPlaceholder(code)) {
      return -1;
    }
  }
  return -1;
}
