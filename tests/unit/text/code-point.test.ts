import { describe, expect, it } from 'vitest';
import { formatCodePoint } from '../../../src/lib/text/code-point.ts';

describe('formatCodePoint', () => {
  it('writes at least four upper-case hex digits', () => {
    expect(formatCodePoint(0)).toBe('U+0000');
    expect(formatCodePoint(0x7)).toBe('U+0007');
    expect(formatCodePoint(0xad)).toBe('U+00AD');
    expect(formatCodePoint(0x202e)).toBe('U+202E');
    expect(formatCodePoint(0xfeff)).toBe('U+FEFF');
  });

  it('writes code points past U+FFFF whole, with five or six digits', () => {
    expect(formatCodePoint('😀'.codePointAt(0) ?? 0)).toBe('U+1F600');
    expect(formatCodePoint(0xe0100)).toBe('U+E0100');
    expect(formatCodePoint(0x10ffff)).toBe('U+10FFFF');
  });

  it('names a lone surrogate, which text can hold', () => {
    expect(formatCodePoint('\ud800'.codePointAt(0) ?? 0)).toBe('U+D800');
  });

  it('refuses numbers that are not code points', () => {
    for (const bad of [-1, 0x110000, 1.5, Number.NaN]) {
      expect(() => formatCodePoint(bad)).toThrow(RangeError);
    }
  });
});
