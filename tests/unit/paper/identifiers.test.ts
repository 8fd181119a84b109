import { describe, expect, it } from 'vitest';
import {
  ARXIV_ID,
  arxivIdProblem,
  bareDoi,
  canonicalArxivId,
  DOI,
  doiProblem,
  arxivSubjectClass,
  unversionedArxivId,
} from '../../../src/lib/paper/identifiers.ts';

describe('DOI', () => {
  it.each([
    '10.1103/PhysRevD.76.013009',
    '10.1017/9781009023405',
    '10.48550/arXiv.2310.04691',
    '10.1088/1126-6708/2007/05/034',
    '10.1111/j.1365-2966.2007.11762.x',
    '10.1000.10/123',
    '10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H',
    '10.1002/[SICI]1',
  ])('accepts %s', (doi) => {
    expect(DOI.test(doi)).toBe(true);
    expect(doiProblem(doi)).toBeUndefined();
  });

  it.each([...'{}\\@%#~^$&"\' \t\n\u0000`|*+=!?,'])('refuses a DOI holding %j', (char) => {
    const doi = `10.1234/a${char}b`;
    expect(DOI.test(doi)).toBe(false);
    expect(doiProblem(doi)).toMatch(/ is not a DOI: .* cannot appear in a DOI; a DOI is "10\.", a registrant code/);
  });

  it('says what is wrong and what a DOI looks like', () => {
    expect(doiProblem('10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={')).toBe(
      '"10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={" is not a DOI: "}" cannot appear in a DOI; a DOI is "10.", a registrant code of 4 to 9 digits, "/" and a suffix of letters, digits and - . _ ; ( ) / : (old SICI DOIs also < > [ ]), e.g. 10.1103/PhysRevD.76.013009, with no "https://doi.org/" or "doi:" before it',
    );
    expect(doiProblem('https://doi.org/10.1234/abc')).toMatch(
      /with a resolver prefix or spaces: write just 10\.1234\/abc$/,
    );
    expect(doiProblem('10.12/x')).toMatch(/does not start with "10\.", a registrant code of 4 to 9 digits and "\/"/);
    expect(doiProblem('10.1234/')).toMatch(/nothing after the "\/"/);
    expect(doiProblem('10.1234/a\u0007')).toMatch(/the control character U\+0007 cannot appear/);
    expect(doiProblem(`10.1234/${'a'.repeat(300)}`)).toMatch(/308 characters long; the limit is 300/);
  });

  it('strips resolver prefixes and keeps the case as registered', () => {
    expect(bareDoi(' https://doi.org/10.1103/PhysRevD.76.013009 ')).toBe('10.1103/PhysRevD.76.013009');
    expect(bareDoi('doi: 10.1234/ABC')).toBe('10.1234/ABC');
    expect(bareDoi('doi:10.1234/x}')).toBeUndefined();
  });
});

describe('arXiv ids', () => {
  it.each(['2401.01234', '1501.00001', '0704.0001', '1412.9999', 'hep-th/9901001', 'math/0601001', 'cond-mat/0703001'])(
    'accepts %s',
    (id) => {
      expect(ARXIV_ID.test(id)).toBe(true);
      expect(arxivIdProblem(id)).toBeUndefined();
    },
  );

  it.each([
    ['1501.1234', 'four digits after 2014'],
    ['1412.12345', 'five digits before 2015'],
    ['2413.01234', 'month 13'],
    ['2400.01234', 'month 0'],
    ['2401.01234v2', 'a version'],
    ['arXiv:2401.01234', 'a prefix'],
    ['HEP-TH/9901001', 'a capitalized archive'],
    ['hep-th/9913001', 'month 13 in an old id'],
    ['hep-th/0801001', 'an old-style id after March 2007'],
    ['2401.01234}}@misc{x,', 'BibTeX after it'],
  ])('refuses %s (%s)', (id) => {
    expect(ARXIV_ID.test(id)).toBe(false);
    expect(arxivIdProblem(id)).toMatch(/an arXiv id is YYMM\.NNNNN, or YYMM\.NNNN before 2015/);
  });

  it('tells the id to write when the value holds one', () => {
    expect(arxivIdProblem('arXiv:2310.04691v2')).toMatch(
      /^"arXiv:2310\.04691v2" is not written .*: write "2310\.04691"; /,
    );
    expect(arxivIdProblem('2401.01234}')).toMatch(/^"2401\.01234\}" is not an arXiv id: "\}" cannot appear in one; /);
  });

  it('writes an old-style id without its subject class, as arXiv does (math.SG/0011221 is math/0011221)', () => {
    expect(ARXIV_ID.test('math.AG/0601001')).toBe(false);
    expect(arxivIdProblem('math.AG/0601001')).toMatch(
      /^"math\.AG\/0601001" is not written as this archive writes arXiv ids: write "math\/0601001" \(the subject class math\.AG is not part of the id: it belongs in categories\); /,
    );
    for (const pasted of [
      'math.SG/0011221',
      'math.SG/0011221v2',
      'arXiv:math.SG/0011221',
      'https://arxiv.org/abs/math.SG/0011221v1',
      'arXiv:math.SG/0011221 [math.SG]',
    ]) {
      expect(canonicalArxivId(pasted), pasted).toBe('math/0011221');
      expect(arxivSubjectClass(pasted), pasted).toBe('math.SG');
    }
    expect(unversionedArxivId('math.SG/0011221v3')).toBe('math/0011221');
    expect(unversionedArxivId('cond-mat.stat-mech/0011221')).toBeUndefined();
    // The subject class is two capitals, as arXiv wrote it; the archive's own letters are lower case.
    expect(canonicalArxivId('math.sg/0011221')).toBeUndefined();
    expect(arxivSubjectClass('math/0011221')).toBeUndefined();
    expect(arxivSubjectClass('2401.01234')).toBeUndefined();
    expect(arxivSubjectClass('not an id')).toBeUndefined();
  });

  it('reads the forms ids are pasted in, and nothing else', () => {
    expect(canonicalArxivId('https://export.arxiv.org/abs/hep-th/9901001v3')).toBe('hep-th/9901001');
    expect(canonicalArxivId('arXiv:2401.01234v2 [cs.LG]')).toBe('2401.01234');
    expect(canonicalArxivId('javascript:2401.01234')).toBeUndefined();
    expect(canonicalArxivId('https://evil.example/2401.01234')).toBeUndefined();
    expect(canonicalArxivId('x}}/2401.01234')).toBeUndefined();
    expect(unversionedArxivId('2401.01234v12')).toBe('2401.01234');
    expect(unversionedArxivId('arXiv:2401.01234')).toBeUndefined();
  });
});
