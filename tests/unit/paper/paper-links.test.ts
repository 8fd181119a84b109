import { describe, expect, it } from 'vitest';
import { arxivAbsUrl, arxivPdfUrl, arxivYearMonth, doiUrl } from '../../../src/lib/paper/paper-links.ts';

describe('paper links', () => {
  it('links arXiv and DOI', () => {
    expect(arxivAbsUrl('2401.01234')).toBe('https://arxiv.org/abs/2401.01234');
    expect(arxivPdfUrl('hep-th/9901001')).toBe('https://arxiv.org/pdf/hep-th/9901001');
    expect(doiUrl('10.1103/PhysRevD.76.013009')).toBe('https://doi.org/10.1103/PhysRevD.76.013009');
    expect(doiUrl('10.1000/<x>?y#z')).toBe('https://doi.org/10.1000/%3Cx%3E%3Fy%23z');
  });

  it.each([
    ['2401.01234', { year: 2024, month: 1 }],
    ['0704.0001', { year: 2007, month: 4 }],
    ['1709.08568', { year: 2017, month: 9 }],
    ['hep-th/9901001', { year: 1999, month: 1 }],
    ['math.GT/0309136', { year: 2003, month: 9 }],
    ['2413.01234', undefined],
    ['not-an-id', undefined],
  ])('arXiv id %s was assigned in %o', (id, expected) => {
    expect(arxivYearMonth(id)).toEqual(expected);
  });
});
