import { describe, expect, it } from 'vitest';
import {
  digitRunEnd,
  FORMULA_PLACEHOLDER_FIRST,
  isGlued,
  letterRunEnd,
  matchBracket,
} from '../../../src/lib/repair/tex-scan.ts';

describe('matchBracket', () => {
  it('finds the bracket closing the one at the start, nested and escaped ones skipped', () => {
    expect(matchBracket('f(a(b)c) d', 1)).toBe(7);
    expect(matchBracket(String.raw`x{a\}b} y`, 1)).toBe(6);
    expect(matchBracket('[a[b]]', 0)).toBe(5);
  });

  it('gives -1 past the limit, at a line break or at protected text', () => {
    expect(matchBracket(`(${'a'.repeat(10)})`, 0, 5)).toBe(-1);
    expect(matchBracket('(a\nb)', 0)).toBe(-1);
    expect(matchBracket(`(a${String.fromCharCode(FORMULA_PLACEHOLDER_FIRST)}b)`, 0)).toBe(-1);
    expect(matchBracket('(a(b)', 0)).toBe(-1);
  });
});

describe('runs and glue', () => {
  it('ends a run of letters or digits at the first other character', () => {
    expect(letterRunEnd('abc1', 0)).toBe(3);
    expect(letterRunEnd('1abc', 0)).toBe(0);
    expect(digitRunEnd('2024a', 0)).toBe(4);
  });

  it('glues a formula to letters, digits and formulas already written, not to spaces or punctuation', () => {
    expect(isGlued('a'.charCodeAt(0))).toBe(true);
    expect(isGlued('7'.charCodeAt(0))).toBe(true);
    expect(isGlued(FORMULA_PLACEHOLDER_FIRST)).toBe(true);
    expect(isGlued(' '.charCodeAt(0))).toBe(false);
    expect(isGlued('-'.charCodeAt(0))).toBe(false);
  });
});
