import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../src/lib/check/duplicate-detection.ts';
import {
  identityKeys,
  normalizeArxivId,
  normalizeDoi,
  normalizeTitle,
  provenDistinct,
} from '../../../src/lib/paper/identity.ts';

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

describe('normalizeTitle: the skeleton of a title (Unicode TS #39)', () => {
  const title = 'Earth Mover Distance Optimization for Auto-Regressive Language Modeling';
  const skeleton = normalizeTitle(title);

  it.each([
    ['a soft hyphen', '\u00AD'],
    ['a zero width space', '\u200B'],
    ['a zero width non-joiner', '\u200C'],
    ['a zero width joiner', '\u200D'],
    ['a left-to-right mark', '\u200E'],
    ['a word joiner', '\u2060'],
    ['the Hangul filler', '\u3164'],
    ['the Hangul choseong filler', '\u115F'],
    ['the Hangul jungseong filler', '\u1160'],
    ['the Mongolian vowel separator', '\u180E'],
    ['a tag character', '\u{E0041}'],
    ['a variation selector', '\uFE00'],
    ['an ideographic variation selector', '\u{E0100}'],
    ['a combining grapheme joiner', '\u034F'],
    ['a right-to-left override', '\u202E'],
  ])('ignores %s between every letter', (_, char) => {
    expect(normalizeTitle([...title].join(char))).toBe(skeleton);
  });

  it.each([
    ['Cyrillic о', title.replace(/o/g, '\u043E')],
    ['Cyrillic а, е, о, р, с', title.replace(/a/g, 'а').replace(/e/g, 'е').replace(/o/g, 'о').replace(/c/g, 'с')],
    ['Cyrillic capitals', title.replace(/E/g, 'Е').replace(/M/g, 'М').replace(/O/g, 'О')],
    ['Greek ο and ι', title.replace(/o/g, 'ο').replace(/i/g, 'ι')],
    ['Cyrillic і and ј', title.replace(/i/g, 'і')],
    ['Cherokee capitals', title.replace(/L/g, 'Ꮮ').replace(/M/g, 'Ꮇ')],
    ['fullwidth letters', 'Ｅａｒｔｈ Mover Distance Optimization for Auto-Regressive Language Modeling'],
    ['mathematical letters', '𝐄𝐚𝐫𝐭𝐡 Mover Distance Optimization for Auto-Regressive Language Modeling'],
    ['Latin alpha', title.replace(/a/g, 'ɑ')],
  ])('folds lookalike letters: %s', (_, lookalike) => {
    expect(lookalike).not.toBe(title);
    expect(normalizeTitle(lookalike)).toBe(skeleton);
  });

  it('keeps ASCII as it is: numbers stay numbers, and rn is not m', () => {
    expect(normalizeTitle('Top 10 Models')).toBe('top 10 models');
    expect(normalizeTitle('Top 10 Models')).not.toBe(normalizeTitle('Top lO Models'));
    expect(normalizeTitle('Modern Models')).not.toBe(normalizeTitle('Rnodern Models'));
  });

  it('keeps titles in other scripts apart', () => {
    expect(normalizeTitle('Модели языка')).not.toBe(normalizeTitle('Модели зрения'));
    expect(normalizeTitle('深度学习')).not.toBe(normalizeTitle('机器学习'));
    expect(normalizeTitle('Ωmega')).not.toBe(normalizeTitle('Omega'));
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
    ['math.CO/0701001v2', 'math/0701001'],
    ['arXiv:math.CO/0701001', 'math/0701001'],
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

  it('takes an old-style id with and without its subject class for one paper, everywhere ids are compared', () => {
    const title = 'Lefschetz pencils and divisors in moduli space';
    const plain = { title, arxiv: 'math/0011221' };
    const classed = { title, arxiv: 'math.SG/0011221' };
    expect(identityKeys(classed)).toEqual(identityKeys(plain));
    expect(provenDistinct(plain, classed)).toBe(false);
    // The check's duplicate rule sees one arXiv id in an archive that holds both forms.
    const at = { title: { line: 2, column: 1 } };
    const problems = findDuplicates([
      { file: 'a.md', at, ...plain },
      { file: 'b.md', at, ...classed },
    ]);
    expect(problems.map((problem) => problem.rule)).toEqual(
      expect.arrayContaining(['duplicate-arxiv', 'duplicate-arxiv']),
    );
    expect(problems.map((problem) => problem.rule)).not.toContain('same-title-different-id');
  });

  // Known weakness (reported to the lead): a title with no letters or digits normalizes to "",
  // so all such titles share the key "title:" and would be taken for one paper.
  it('gives a title with no letters or digits no shared title key', () => {
    expect(identityKeys({ title: '???' })).not.toContain('title:');
  });
});
