import { describe, expect, it } from 'vitest';
import { CHARACTER_REFERENCE_SOURCE, referencedText } from '../../../src/lib/text/character-reference.ts';

const read = (text: string): string | false | undefined => {
  const match = new RegExp(CHARACTER_REFERENCE_SOURCE).exec(text);
  return match === null ? undefined : referencedText(match);
};

describe('character references, as CommonMark reads them', () => {
  it('decodes named, decimal and hex references', () => {
    expect(read('&mdash;')).toBe('—');
    expect(read('&amp;')).toBe('&');
    expect(read('&#233;')).toBe('é');
    expect(read('&#xE9;')).toBe('é');
    expect(read('&#X1F600;')).toBe('😀');
  });

  it('reads an invalid code point as U+FFFD, as micromark does', () => {
    expect(read('&#0;')).toBe('\uFFFD');
    expect(read('&#xD800;')).toBe('\uFFFD');
  });

  it('leaves names HTML does not define literal, and is no reference without its semicolon or past the digit limits', () => {
    expect(read('&notaname;')).toBe(false);
    expect(read('&mdash')).toBeUndefined();
    expect(read('&#12345678;')).toBeUndefined();
    expect(read('&#x1234567;')).toBeUndefined();
    expect(read('& amp;')).toBeUndefined();
  });
});
