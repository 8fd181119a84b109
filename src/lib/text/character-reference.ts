import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';

/**
 * A character reference as CommonMark reads one: a named reference (checked against HTML's list
 * by `referencedText`), 1-7 decimal digits or 1-6 hex digits, closed by `;`. Groups: hex, decimal,
 * name. The source of a pattern, for each caller's own flags (`g` to find every one, `y` to read
 * one at a place).
 */
export const CHARACTER_REFERENCE_SOURCE = '&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));';

/**
 * What a match of `CHARACTER_REFERENCE_SOURCE` stands for, as micromark decodes it (an invalid
 * code point is U+FFFD); `false` for a name HTML does not define, which stays literal text.
 */
export function referencedText(match: RegExpExecArray | RegExpMatchArray): string | false {
  const [, hex, decimal, name] = match;
  if (hex !== undefined) return decodeNumericCharacterReference(hex, 16);
  if (decimal !== undefined) return decodeNumericCharacterReference(decimal, 10);
  return decodeNamedCharacterReference(name ?? '');
}
