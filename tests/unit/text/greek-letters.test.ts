import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { slugify } from '../../../src/lib/paper/slug.ts';
import { titleSortKey } from '../../../src/lib/site/paper-sort.ts';
import {
  GREEK,
  GREEK_LETTERS,
  GREEK_LOWER,
  GREEK_UPPER,
  GREEK_VARIANTS,
  isGreekNameAnyCase,
} from '../../../src/lib/text/greek-letters.ts';
import { texToText } from '../../../src/lib/text/tex-to-text.ts';

describe('the Greek letters', () => {
  it('names every lower-case letter and variant form, and the capitals that differ from Latin', () => {
    expect(GREEK_LOWER.size).toBe(30);
    for (const name of ['varkappa', 'varpi', 'varrho', 'varsigma', 'varepsilon', 'vartheta', 'varphi']) {
      expect(GREEK_LOWER.has(name)).toBe(true);
    }
    expect([...GREEK_UPPER]).toEqual([
      'Gamma',
      'Delta',
      'Theta',
      'Lambda',
      'Xi',
      'Pi',
      'Sigma',
      'Upsilon',
      'Phi',
      'Psi',
      'Omega',
    ]);
    expect(GREEK.size).toBe(GREEK_LOWER.size + GREEK_UPPER.size);
    expect(Object.keys(GREEK_LETTERS)).toEqual([...GREEK]);
  });

  it('maps each name to the letter KaTeX draws for it, up to compatibility forms (ϵ is ε)', () => {
    for (const [name, letter] of Object.entries(GREEK_LETTERS)) {
      const mathml = katex.renderToString(`\\${name}`, { output: 'mathml', throwOnError: true });
      const drawn = /<mi[^>]*>([^<]+)<\/mi>/.exec(mathml)?.[1] ?? '';
      expect(drawn.normalize('NFKC'), name).toBe(letter.normalize('NFKC'));
    }
  });

  it('searches a variant form by its plain letter', () => {
    expect(GREEK_VARIANTS).toEqual({
      varepsilon: 'epsilon',
      vartheta: 'theta',
      varkappa: 'kappa',
      varpi: 'pi',
      varrho: 'rho',
      varsigma: 'sigma',
      varphi: 'phi',
    });
    for (const plain of Object.values(GREEK_VARIANTS)) expect(GREEK_LOWER.has(plain)).toBe(true);
  });

  it('reads a name in any case only where asked', () => {
    expect(isGreekNameAnyCase('ALPHA')).toBe(true);
    expect(isGreekNameAnyCase('Varsigma')).toBe(true);
    expect(isGreekNameAnyCase('alphabet')).toBe(false);
    expect(GREEK.has('ALPHA')).toBe(false);
  });
});

describe('every user of the list knows every letter', () => {
  it.each([...GREEK_LOWER])('%s', (name) => {
    expect(slugify(`$\\${name}$-Net`)).toBe(`${name.toLowerCase()}-net`);
    expect(titleSortKey(`$\\${name}$ Net`)).toBe(`${name} Net`);
    expect(texToText(`\\${name}`, 'words')).toBe(GREEK_VARIANTS[name] ?? name);
    expect(texToText(`\\${name}`, 'symbols')).toBe(GREEK_LETTERS[name]);
  });
});
