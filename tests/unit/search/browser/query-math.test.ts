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

  it('leaves a query without a whole formula as typed', () => {
    for (const query of ['"federated learning"', 'cross-entropy', '$\\alpha', 'a$b']) {
      expect(readQueryMath(query)).toBe(query);
    }
  });
});

describe('mayHoldMath', () => {
  it('is true only for a query with a dollar sign', () => {
    const state = { q: '', topics: [], code: false, sort: 'relevance' as const };
    expect(mayHoldMath({ ...state, q: '$\\alpha$' })).toBe(true);
    expect(mayHoldMath({ ...state, q: 'alpha' })).toBe(false);
  });
});
