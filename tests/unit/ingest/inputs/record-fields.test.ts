import { describe, expect, it } from 'vitest';
import {
  doiField,
  oneLineField,
  shortened,
  withdrawalNotice,
} from '../../../../src/lib/ingest/inputs/record-fields.ts';

describe('shortened', () => {
  it('leaves text within the limit alone', () => {
    expect(shortened('Proc. NeurIPS 2023', 18)).toBe('Proc. NeurIPS 2023');
  });

  it('cuts at the last space in the second half and ends with an ellipsis, within the limit', () => {
    const cut = shortened('Accepted at the International Conference on Learning Representations', 40);
    expect(cut).toBe('Accepted at the International…');
    expect(cut.length).toBeLessThanOrEqual(40);
  });

  it('cuts inside a word when the only space is in the first half', () => {
    const cut = shortened('ab supercalifragilisticexpialidocious', 20);
    expect(cut).toBe('ab supercalifragili…');
    expect(cut).toHaveLength(20);
  });

  it('never leaves half of a character outside the Basic Multilingual Plane', () => {
    const text = `${'x'.repeat(8)}𝔼𝔼𝔼𝔼`;
    for (let max = 9; max < text.length; max += 1) {
      const cut = shortened(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.isWellFormed(), `max ${max}: ${cut}`).toBe(true);
    }
  });
});

describe('oneLineField', () => {
  it('gives no value for a missing or blank field', () => {
    expect(oneLineField(undefined, 'comments', 100)).toEqual({});
    expect(oneLineField(' \n\t ', 'comments', 100)).toEqual({});
  });

  it('puts the text on one line', () => {
    expect(oneLineField('  12 pages,\n  5 figures ', 'comments', 100)).toEqual({ value: '12 pages, 5 figures' });
  });

  it('refuses a control character, saying where it is', () => {
    expect(oneLineField('J. Foo\u0007 12', 'journal reference', 100)).toEqual({
      problem: 'control character U+0007 in the journal reference (at character 7): remove it',
    });
  });

  it('cuts a long value and says so, in the grammar of the field name', () => {
    const comments = oneLineField('word '.repeat(40), 'comments', 50);
    expect(comments.value?.length).toBeLessThanOrEqual(50);
    expect(comments.warning).toMatch(
      /^the comments were cut to \d+ characters \(they had 199; a paper file holds at most 50\)/,
    );
    const journal = oneLineField('word '.repeat(40), 'journal reference', 50);
    expect(journal.warning).toMatch(/^the journal reference was cut to \d+ characters \(it had 199;/);
  });
});

describe('doiField', () => {
  it('gives no value for a missing field', () => {
    expect(doiField(undefined, 'doi')).toEqual({});
    expect(doiField(null, 'doi')).toEqual({});
  });

  it('takes the first of several DOIs, without a resolver prefix, case kept', () => {
    expect(doiField('https://doi.org/10.1103/PhysRevD.1.2 10.1000/xyz', 'doi')).toEqual({
      value: '10.1103/PhysRevD.1.2',
    });
    expect(doiField('10.1000/a; 10.1000/b', 'doi')).toEqual({ value: '10.1000/a' });
    expect(doiField('10.1000/a, 10.1000/b', 'doi')).toEqual({ value: '10.1000/a' });
  });

  it('refuses the record when any listed value is not a DOI, naming the field and the rule', () => {
    const reading = doiField('10.1000/a not-a-doi', 'arxiv:doi');
    expect(reading.value).toBeUndefined();
    expect(reading.problem).toMatch(/^arxiv:doi: "not-a-doi" is not a DOI: .*Fix it or remove the DOI \[doi\]$/);
  });

  it('refuses a value that is not text', () => {
    expect(doiField(42, 'doi')).toEqual({ problem: 'doi is number, not text: write the DOI as text [doi]' });
  });
});

describe('withdrawalNotice', () => {
  it.each([
    'This paper has been withdrawn by the author due to a crucial error in the proof of Theorem 2.',
    '  This paper has been withdrawn\n',
    'This article has been withdrawn by arXiv administrators because it contains plagiarised text.',
    'This submission has been withdrawn by arXiv administrators due to inappropriate text overlap with external sources.',
    'The authors have withdrawn this paper due to an error in Lemma 3.',
    'Withdrawn.',
    'withdrawn due to a mistake',
    'Paper withdrawn by the authors.',
  ])('recognises %j', (abstract) => {
    expect(withdrawalNotice(abstract)).toBe(abstract.trim().replace(/\s+/g, ' '));
  });

  it.each([
    'We study withdrawn papers on arXiv and why authors withdraw them, using ten years of metadata.',
    'Withdrawal of a drug from the market is costly. We model the decision as an optimal stopping problem.',
    'This paper has been withdrawn from consideration by the committee in the story we analyse. '.repeat(8),
    '',
  ])('leaves an abstract alone: %j', (abstract) => {
    expect(withdrawalNotice(abstract)).toBeUndefined();
  });
});
