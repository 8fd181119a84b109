import { describe, expect, it } from 'vitest';
import { closingRun, runLength } from '../../../src/lib/text/delimiter-runs.ts';
import { splitTitleMath } from '../../../src/lib/text/math-text.ts';

describe('runLength', () => {
  it('counts the run of one character from a position', () => {
    expect(runLength('a$$$b', 1, '$')).toBe(3);
    expect(runLength('a$$$b', 2, '$')).toBe(2);
    expect(runLength('a$$$b', 0, '$')).toBe(0);
    expect(runLength('$', 1, '$')).toBe(0);
  });
});

describe('closingRun', () => {
  it('closes a span at the next run of exactly its length', () => {
    expect(closingRun('$a$', 1, '$', 1)).toBe(2);
    expect(closingRun('$$a$b$$', 2, '$', 2)).toBe(5);
    expect(closingRun('$a$$b$', 1, '$', 1)).toBe(5);
    expect(closingRun('``a`b``', 2, '`', 2)).toBe(5);
  });

  it('never closes when no run of that length follows', () => {
    expect(closingRun('$$a$', 2, '$', 2)).toBe(-1);
    expect(closingRun('$a$$$', 1, '$', 1)).toBe(-1);
    expect(closingRun('$a', 1, '$', 1)).toBe(-1);
  });

  it('pairs titles the way the split into prose and math does', () => {
    expect(splitTitleMath('a $x$$y$ b')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'math', tex: 'x$$y', display: false },
      { kind: 'text', text: ' b' },
    ]);
  });
});

describe('closingRun with a limit', () => {
  it('closes only at a run that starts before the limit', () => {
    expect(closingRun('$abc$', 1, '$', 1, 5)).toBe(4);
    expect(closingRun('$abc$', 1, '$', 1, 4)).toBe(-1);
    expect(closingRun('$a$$ $', 1, '$', 1, 5)).toBe(-1);
    expect(closingRun('$a$$ $', 1, '$', 1, 6)).toBe(5);
  });
});
