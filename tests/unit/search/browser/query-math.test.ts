import { describe, expect, it } from 'vitest';
import { readQueryMath } from '../../../../src/lib/search/browser/query-math.ts';
import { mayHoldMath } from '../../../../src/lib/search/browser/search-state.ts';
import { texToText } from '../../../../src/lib/text/tex-to-text.ts';

describe('readQueryMath', () => {
  it.each([
    ['$\\alpha$', 'alpha'],
    ['$\\Psi$ pretraining', 'Psi pretraining'],
    ['$L_0$ loss', 'L₀ loss'],
    ['$\\alpha$-divergence', 'alpha-divergence'],
    ['$$\\beta$$', 'beta'],
  ])('reads %s as the index holds it: %s', (query, indexed) => {
    expect(readQueryMath(query)).toBe(indexed);
  });

  it('reads a formula exactly as the index reads the same formula in a paper', () => {
    for (const tex of ['\\alpha', 'C_{\\Phi\\circ \\Psi} > C_\\Psi', '\\mathbb{R}^d', 'D_{KL}(p\\|q)']) {
      expect(readQueryMath(`$${tex}$`)).toBe(texToText(tex, 'words'));
    }
  });

  it.each([
    // TeX typed without dollars, as papers write it and researchers copy it.
    ['L_2', 'L₂'],
    ['L_2 norm', 'L₂ norm'],
    ['D_{KL} bound', 'D KL bound'],
    ['x^2', 'x²'],
    ['\\alpha', 'alpha'],
    ['S_1^{-\\alpha}', 'S₁ ^(−alpha)'],
    // Greek letters typed as letters: the index spells a formula's Greek letters as names.
    ['α', 'alpha'],
    ['β-VAE', 'beta-VAE'],
    ['φ features', 'phi features'],
    ['Ψ', 'Psi'],
    ['ε-greedy', 'epsilon-greedy'],
  ])('reads TeX and Greek letters typed without dollars as the index holds them: %s', (query, indexed) => {
    expect(readQueryMath(query)).toBe(indexed);
  });

  it('leaves words that only look a little like TeX as typed', () => {
    for (const query of ['state_dict', 'snake_case names', 'C++', 'a < b', 'e.g.', 'x_', '_2', 'Schölkopf']) {
      expect(readQueryMath(query)).toBe(query);
    }
  });

  it('leaves a query without a whole formula as typed', () => {
    for (const query of ['"federated learning"', 'cross-entropy', '$\\alpha', 'a$b']) {
      expect(readQueryMath(query)).toBe(query);
    }
  });
});

describe('mayHoldMath', () => {
  it('is true for a query with a dollar sign, TeX or a Greek letter', () => {
    const state = { q: '', topics: [], code: false, sort: 'relevance' as const };
    expect(mayHoldMath({ ...state, q: '$\\alpha$' })).toBe(true);
    expect(mayHoldMath({ ...state, q: '\\alpha' })).toBe(true);
    expect(mayHoldMath({ ...state, q: 'L_2' })).toBe(true);
    expect(mayHoldMath({ ...state, q: 'α' })).toBe(true);
    expect(mayHoldMath({ ...state, q: 'alpha' })).toBe(false);
    expect(mayHoldMath({ ...state, q: 'cross-entropy' })).toBe(false);
  });
});
