import { describe, expect, it } from 'vitest';
import { identityKeys, normalizeArxivId, normalizeDoi, normalizeTitle } from '../../src/lib/identity.ts';

describe('normalizeTitle', () => {
  it.each([
    ['Scaling Law with Learning Rate Annealing', 'scaling law with learning rate annealing'],
    ['  SCALING law, with learning-rate annealing!  ', 'scaling law with learning rate annealing'],
    // Repaired and scraped forms of one title are the same paper.
    ['$\\alpha$-Rank', 'alpha rank'],
    ['alpha-Rank', 'alpha rank'],
    ['A\\cdot S', 'a cdot s'],
    ['Naïve Bayes', 'naive bayes'],
    ['ﬁne-tuning', 'fine tuning'],
    ['深度学习', '深度学习'],
  ])('%s -> %s', (title, normalized) => {
    expect(normalizeTitle(title)).toBe(normalized);
  });

  it('tells different titles apart', () => {
    expect(normalizeTitle('GPT-3')).not.toBe(normalizeTitle('GPT-4'));
    expect(normalizeTitle('Scaling Law')).not.toBe(normalizeTitle('Scaling Laws'));
  });
});

describe('normalizeArxivId', () => {
  it.each([
    ['2401.01234', '2401.01234'],
    ['arXiv:2401.01234v2', '2401.01234'],
    ['ARXIV:2401.01234', '2401.01234'],
    ['https://arxiv.org/abs/2401.01234', '2401.01234'],
    ['https://arxiv.org/abs/2401.01234/', '2401.01234'],
    ['https://arxiv.org/pdf/2401.01234v3.pdf', '2401.01234'],
    ['arxiv.org/abs/2401.01234', '2401.01234'],
    [' 2401.01234 ', '2401.01234'],
    ['0704.0001', '0704.0001'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['math.CO/0701001v2', 'math.CO/0701001'],
    ['arXiv:2401.01234 [cs.LG]', '2401.01234'],
    ['arXiv:2401.01234v1 [stat.ML]', '2401.01234'],
  ])('%s -> %s', (value, id) => {
    expect(normalizeArxivId(value)).toBe(id);
  });

  it.each(['2401.012345', '240.01234', 'not an id', '', '2401-01234', 'arXiv:2401.01234 [cs.LG] extra'])(
    '%s has no id it accepts',
    (value) => {
      expect(normalizeArxivId(value)).toBeUndefined();
    },
  );
});

describe('normalizeDoi', () => {
  it.each([
    ['10.1103/PhysRevD.76.013009', '10.1103/physrevd.76.013009'],
    ['https://doi.org/10.1103/PhysRevD.76.013009', '10.1103/physrevd.76.013009'],
    ['http://dx.doi.org/10.1234/x', '10.1234/x'],
    ['DOI: 10.1234/ABC', '10.1234/abc'],
    ['doi:10.1234/abc', '10.1234/abc'],
  ])('%s -> %s', (value, doi) => {
    expect(normalizeDoi(value)).toBe(doi);
  });

  it.each(['10.1/x', '11.1234/x', 'https://dx.doi.org/10.1234/a b', 'doi.org/10.1234/x', ''])(
    '%s is not a DOI',
    (value) => {
      expect(normalizeDoi(value)).toBeUndefined();
    },
  );
});

describe('identityKeys', () => {
  it('keys a paper by normalized title, arXiv id and DOI, each with its kind', () => {
    expect(identityKeys({ title: 'A Title', arxiv: 'arXiv:2401.01234v2', doi: 'https://doi.org/10.1234/ABC' })).toEqual(
      ['title:a title', 'arxiv:2401.01234', 'doi:10.1234/abc'],
    );
    expect(identityKeys({ title: 'A Title' })).toEqual(['title:a title']);
    expect(identityKeys({ title: 'A Title', arxiv: 'garbage', doi: undefined })).toEqual(['title:a title']);
  });

  it('gives the same keys to two spellings of one paper', () => {
    const scraped = identityKeys({ title: 'alpha-Rank: Multi-Agent Evaluation' });
    const repaired = identityKeys({ title: '$\\alpha$-Rank: Multi-Agent Evaluation', arxiv: '1903.01373' });
    expect(repaired).toContain(scraped[0]);
  });

  // Known weakness (reported to the lead): a title with no letters or digits normalizes to "",
  // so all such titles share the key "title:" and would be taken for one paper.
  it('gives a title with no letters or digits no shared title key', () => {
    expect(identityKeys({ title: '???' })).not.toContain('title:');
  });
});
