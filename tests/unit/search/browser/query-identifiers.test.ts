import { describe, expect, it } from 'vitest';
import { readQueryIdentifier } from '../../../../src/lib/search/browser/query-identifiers.ts';

describe('readQueryIdentifier', () => {
  it('reads an arXiv id in every form it is pasted in as the bare id the index holds', () => {
    for (const pasted of [
      '2403.01234',
      '2403.01234v2',
      ' arXiv:2403.01234v2 ',
      'arxiv:2403.01234',
      'arXiv:2403.01234 [cs.LG]',
      'https://arxiv.org/abs/2403.01234v3',
      'arxiv.org/pdf/2403.01234v1.pdf',
      'https://export.arxiv.org/abs/2403.01234',
    ]) {
      expect(readQueryIdentifier(pasted), pasted).toBe('2403.01234');
    }
  });

  it('reads old-style ids as arXiv writes them, the subject class left out', () => {
    expect(readQueryIdentifier('hep-th/9901001v2')).toBe('hep-th/9901001');
    expect(readQueryIdentifier('arXiv:math.SG/0011221')).toBe('math/0011221');
  });

  it('reads a DOI without its resolver, its case kept', () => {
    expect(readQueryIdentifier('https://doi.org/10.1103/PhysRevD.76.013009')).toBe('10.1103/PhysRevD.76.013009');
    expect(readQueryIdentifier('doi:10.1103/PhysRevD.76.013009')).toBe('10.1103/PhysRevD.76.013009');
    expect(readQueryIdentifier('10.48550/arXiv.2403.01234')).toBe('10.48550/arXiv.2403.01234');
  });

  it('leaves every other query as typed, an id among other words included', () => {
    for (const query of ['attention is all you need', '2403', 'arXiv', 'see 2403.01234 for details', '2403.1234', '']) {
      expect(readQueryIdentifier(query), query).toBe(query);
    }
  });
});
