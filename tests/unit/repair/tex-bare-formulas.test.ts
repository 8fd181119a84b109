import { describe, expect, it } from 'vitest';
import { findBareFormulas, type BareFormula } from '../../../src/lib/repair/tex-bare-formulas.ts';

const all = (text: string): BareFormula[] => findBareFormulas(text, () => true);

describe('findBareFormulas', () => {
  it('finds formulas written with no $ and gives their TeX', () => {
    for (const [text, spelled] of [
      ['for all kgeq 1 we have', 'kgeq 1'],
      ['a block of 8times 8 pixels', '8times 8'],
    ] as const) {
      const [formula] = all(text);
      expect(formula, text).toBeDefined();
      expect(text.slice(formula?.start, formula?.end)).toBe(spelled);
      expect(formula?.tex).toContain('\\');
    }
  });

  it('finds nothing in prose, even prose with math words in it', () => {
    expect(all('We study the times at which alpha testing begins.')).toEqual([]);
    expect(all('')).toEqual([]);
  });

  it('leaves out what the caller refuses', () => {
    expect(findBareFormulas('for all kgeq 1 we have', () => false)).toEqual([]);
  });
});
