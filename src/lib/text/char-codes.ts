/**
 * UTF-16 code units (equal to ASCII bytes below 128) that the hand-written scanners compare
 * against, by name: `code === CHAR.BACKSLASH` reads as what it means, `code === 92` does not. The
 * scanners compare codes rather than one-character strings because they run over every abstract
 * of a 100,000-paper archive.
 */
export const CHAR = Object.freeze({
  TAB: 0x09,
  LINE_FEED: 0x0a,
  CARRIAGE_RETURN: 0x0d,
  SPACE: 0x20,
  DOLLAR: 0x24,
  OPEN_PAREN: 0x28,
  CLOSE_PAREN: 0x29,
  ASTERISK: 0x2a,
  PLUS: 0x2b,
  COMMA: 0x2c,
  HYPHEN: 0x2d,
  PERIOD: 0x2e,
  DIGIT_0: 0x30,
  DIGIT_9: 0x39,
  UPPER_A: 0x41,
  UPPER_Z: 0x5a,
  OPEN_BRACKET: 0x5b,
  BACKSLASH: 0x5c,
  CLOSE_BRACKET: 0x5d,
  CARET: 0x5e,
  UNDERSCORE: 0x5f,
  LOWER_A: 0x61,
  LOWER_I: 0x69,
  LOWER_S: 0x73,
  LOWER_U: 0x75,
  LOWER_Z: 0x7a,
  OPEN_BRACE: 0x7b,
  CLOSE_BRACE: 0x7d,
});

/** Codes below this are ASCII: one byte in UTF-8. */
export const ASCII_LIMIT = 0x80;

/** `0`-`9`. */
export function isAsciiDigit(code: number): boolean {
  return code >= CHAR.DIGIT_0 && code <= CHAR.DIGIT_9;
}
/** `A`-`Z`. */
export function isAsciiUpper(code: number): boolean {
  return code >= CHAR.UPPER_A && code <= CHAR.UPPER_Z;
}
/** `a`-`z`. */
export function isAsciiLower(code: number): boolean {
  return code >= CHAR.LOWER_A && code <= CHAR.LOWER_Z;
}
/** `A`-`Z` or `a`-`z`. */
export function isAsciiLetter(code: number): boolean {
  return isAsciiUpper(code) || isAsciiLower(code);
}
/** An ASCII letter or digit. */
export function isAsciiAlnum(code: number): boolean {
  return isAsciiLetter(code) || isAsciiDigit(code);
}
