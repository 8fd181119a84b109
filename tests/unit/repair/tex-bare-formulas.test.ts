import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { findBareFormulas, mayHoldFormula, type BareFormula } from '../../../src/lib/repair/tex-bare-formulas.ts';

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

describe("mayHoldFormula (the finder's pre-check)", () => {
  const acceptAll = (): boolean => true;
  /** What the finder finds in `text` itself, run past the pre-check by a formula after it. */
  const foundInside = (text: string): BareFormula[] =>
    findBareFormulas(`${text} ; z_1`, acceptAll).filter((formula) => formula.start < text.length);

  it.each([
    ['a glued operator after a one-letter operand', 'so Acdot B holds'],
    ['a glued operator after a digit', 'a 5times 5 grid'],
    ['a glued operator after a Greek operand', 'the map Phicirc Psi'],
    ['a relation glued to its operand', 'when kgeq 1 holds'],
    ['a longer name that ends like a shorter one', 'for xleqslant y'],
    ['an operator between spaces', 'if m gg n then'],
    ['a symbol standing alone', 'a rightarrow alone'],
    ['an arrow inside a word', 'imagerightarrowtext maps'],
    ['a strong name alone', 'over infty steps'],
  ])('is true for %s', (_shape, text) => {
    expect(mayHoldFormula(text)).toBe(true);
    expect(foundInside(text).length).toBeGreaterThan(0);
  });

  it.each([
    'Sometimes the model times out, approximately once.',
    'A narrowly defined task; arrows and arrowheads are drawn.',
    'The congress met in the circus at times.',
    'We evaluate on ImageNet and report the top-1 accuracy.',
  ])('is false for prose: %s', (text) => {
    expect(mayHoldFormula(text)).toBe(false);
  });

  it('answers each text on its own, wherever the text before it was left off', () => {
    // The marker expressions are read with `exec` from a shared position: a text that answered
    // late in its length must not make the next, shorter one start past its own markers.
    const prose = 'We study the problem in depth across many settings and report what we find. ';
    const cases: [long: string, short: string][] = [
      [`${prose.repeat(3)}so Acdot B holds`, 'if Acdot B'],
      [`${prose.repeat(3)}where alpha = 0.5`, 'beta = 1'],
    ];
    for (const [long, short] of cases) {
      expect(mayHoldFormula(long)).toBe(true);
      expect(mayHoldFormula(short)).toBe(true);
    }
  });

  it('never hides a formula the finder would find (generated texts)', () => {
    const tokens = [
      ...['cdot', 'times', 'leq', 'leqslant', 'geq', 'gg', 'll', 'sim', 'pm', 'rightarrow', 'Leftarrow', 'infty'],
      ...['forall', 'mapsto', 'alpha', 'Phi', 'Psi', 'A', 'x', 'k', 'n', '5', '10', 'some', 'the', 'narrow'],
      ...[' ', ' ', ' ', ' ', ',', '.', '-', '=', '<', '(', ')'],
    ];
    const next = seededRandom(20_261_204);
    let hidden = 0;
    let checked = 0;
    for (let sample = 0; sample < 20_000; sample += 1) {
      let text = '';
      const length = 2 + Math.floor(next() * 10);
      for (let token = 0; token < length; token += 1) text += tokens[Math.floor(next() * tokens.length)];
      if (mayHoldFormula(text)) continue;
      checked += 1;
      if (foundInside(text).length > 0) hidden += 1;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(hidden).toBe(0);
  });
});
