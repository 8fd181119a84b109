/** The largest Unicode code point. */
const MAX_CODE_POINT = 0x10ffff;

/**
 * `U+00AD`, `U+1F600`: a code point as the Unicode standard writes it (upper-case hex, at least
 * four digits), the one way every message and report names a character it cannot show.
 */
export function formatCodePoint(codePoint: number): string {
  if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > MAX_CODE_POINT) {
    throw new RangeError(`${codePoint} is not a Unicode code point (0 to U+10FFFF)`);
  }
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
