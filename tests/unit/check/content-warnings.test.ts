import { describe, expect, it } from 'vitest';
import { contentWarnings, MIN_ABSTRACT_CHARS } from '../../../src/lib/check/content-warnings.ts';

const ABSTRACT = 'We study how language models scale with data and compute. '.repeat(5);
const CODE = ['https://github.com/a/b'];

/** The warnings for a paper with the given front matter and abstract, at distinct offsets. */
function warn(data: Record<string, unknown>, body = ABSTRACT, today = '2026-03-14') {
  return contentWarnings({
    data,
    body,
    titleOffset: 10,
    bodyOffset: 100,
    closeOffset: 90,
    dateOffsets: { published: 40, updated: 50, added: 60 },
    today,
  });
}
const rulesOf = (data: Record<string, unknown>, body?: string) => warn(data, body).map((p) => [p.rule, p.offset]);

describe('contentWarnings', () => {
  it('has nothing to say about a paper with code, a full abstract and a title as published', () => {
    expect(ABSTRACT.trim().length).toBeGreaterThanOrEqual(MIN_ABSTRACT_CHARS);
    expect(warn({ title: 'Scaling Laws for Neural Language Models', code: CODE })).toEqual([]);
  });

  it.each([
    ['no code field', {}],
    ['an empty code list', { code: [] }],
    ['a code string instead of a list', { code: 'https://github.com/a/b' }],
    ['a null code field', { code: null }],
  ])('warns of no code link with %s, at the closing fence', (_, data) => {
    expect(rulesOf({ title: 'A paper', ...data })).toEqual([['no-code-link', 90]]);
  });

  it('warns of a date after tomorrow (a slip of the year), at the date, whether YAML read a date or text', () => {
    const paper = { title: 'A paper', code: CODE };
    const future = warn({ ...paper, added: new Date(Date.UTC(2099, 2, 14)), published: '2098-01-01' });
    expect(future.map((p) => [p.rule, p.offset])).toEqual([
      ['future-date', 40],
      ['future-date', 60],
    ]);
    expect(future[1]?.message).toBe(
      'added: 2099-03-14 is in the future (today is 2026-03-14): the day a paper enters the archive is today or before; fix the year, month or day',
    );
    expect(future[0]?.message).toMatch(/^published: 2098-01-01 is in the future \(today is 2026-03-14\): /);
  });

  it('does not warn of today, nor of tomorrow (today somewhere ahead of UTC), nor of a day that is not a day', () => {
    const paper = { title: 'A paper', code: CODE };
    expect(warn({ ...paper, added: '2026-03-14', published: '2026-03-15', updated: 'soon' })).toEqual([]);
    expect(rulesOf({ ...paper, added: '2026-03-16' })).toEqual([['future-date', 60]]);
    // Month and year ends roll over.
    expect(warn({ ...paper, added: '2027-01-01' }, ABSTRACT, '2026-12-31')).toEqual([]);
    expect(warn({ ...paper, added: '2027-01-02' }, ABSTRACT, '2026-12-31')).toHaveLength(1);
  });

  it('warns of an empty abstract at the closing fence, and of whitespace only as empty', () => {
    for (const body of ['', '   \n\n\t  ']) {
      const problems = warn({ title: 'A paper', code: CODE }, body);
      expect(problems.map((p) => [p.rule, p.offset])).toEqual([['short-abstract', 90]]);
      expect(problems[0]?.message).toMatch(/the abstract is empty/);
    }
  });

  it('warns of a short abstract at the body, counting runs of white space as one character', () => {
    const problems = warn({ title: 'A paper', code: CODE }, '  Short\n\n\n   abstract.  ');
    expect(problems.map((p) => [p.rule, p.offset])).toEqual([['short-abstract', 100]]);
    expect(problems[0]?.message).toBe('the abstract is only 15 characters: paste the full abstract, not a summary');
  });

  it('draws the abstract line at exactly MIN_ABSTRACT_CHARS', () => {
    expect(rulesOf({ title: 'A paper', code: CODE }, 'a'.repeat(MIN_ABSTRACT_CHARS))).toEqual([]);
    expect(rulesOf({ title: 'A paper', code: CODE }, 'a'.repeat(MIN_ABSTRACT_CHARS - 1))).toEqual([
      ['short-abstract', 100],
    ]);
    // Spread-out white space does not pad a short abstract past the line.
    expect(rulesOf({ title: 'A paper', code: CODE }, 'a \n '.repeat(60))).toEqual([['short-abstract', 100]]);
  });

  it('counts a Chinese, Japanese or Korean character as two: a full abstract in them is half as long', () => {
    const japanese = '本研究では、ニューラルネットワークを用いた画像認識手法を提案する。'; // 33 characters
    expect(rulesOf({ title: 'A paper', code: CODE }, japanese.repeat(4))).toEqual([]);
    expect(rulesOf({ title: 'A paper', code: CODE }, japanese.repeat(2))).toEqual([['short-abstract', 100]]);
    // The message still counts characters as they are.
    expect(warn({ title: 'A paper', code: CODE }, japanese)[0]?.message).toMatch(/only 33 characters/);
    expect(rulesOf({ title: 'A paper', code: CODE }, '딥러닝을 이용한 음성 인식 방법을 제안한다. '.repeat(5))).toEqual(
      [],
    );
    // Thai letters are an alphabet's: counted once.
    expect(rulesOf({ title: 'A paper', code: CODE }, 'การเรียนรู้เชิงลึก '.repeat(6))).toEqual([['short-abstract', 100]]);
  });

  it.each([
    'SCALING LAWS FOR NEURAL LANGUAGE MODELS',
    'ÉTUDE DES RÉSEAUX PROFONDS',
    'ГЛУБОКОЕ ОБУЧЕНИЕ МОДЕЛЕЙ',
    'ATTENTION: $\\mathcal{O}(n)$ IS ALL YOU NEED',
  ])('warns of a title in capitals: %s', (title) => {
    expect(rulesOf({ title, code: CODE })).toEqual([['all-caps-title', 10]]);
  });

  it.each([
    ['an acronym-only title shorter than eight letters', 'BERT-XL 2'],
    ['a title in sentence case', 'Scaling laws for LLMs and RLHF'],
    ['a title with no letters', '1234 5678 9012 !!!'],
    ['a title whose capitals are all inside math', 'On $\\mathrm{ABCDEFGHIJ}$ x'],
    ['a title in a script without case', '深度学习的规模定律研究综述'],
    // Its uncased letters are not capitals: only the acronym is, and it is short.
    ['a Hebrew title with a Latin acronym', 'שיטה חדשה ללמידה עמוקה (DL) בעברית'],
    ['an Arabic title with Latin acronyms', 'نماذج اللغة الكبيرة LLM و BERT للترجمة'],
    ['a Chinese title with an acronym', '基于BERT的中文命名实体识别方法'],
    ['a Hindi title with an acronym', 'हिंदी भाषा के लिए NMT मॉडल'],
    ['an empty title', ''],
  ])('does not warn of %s', (_, title) => {
    expect(rulesOf({ title, code: CODE })).toEqual([]);
  });

  it('counts letters, not characters, toward the eight: seven capitals with digits are an acronym', () => {
    expect(rulesOf({ title: 'ABCDEFG 123456789', code: CODE })).toEqual([]);
    expect(rulesOf({ title: 'ABCDEFGH', code: CODE })).toEqual([['all-caps-title', 10]]);
  });

  it('ignores a title that is not text', () => {
    expect(rulesOf({ title: ['SHOUTING TITLE IN A LIST'], code: CODE })).toEqual([]);
    expect(rulesOf({ title: 12345678, code: CODE })).toEqual([]);
  });

  it('reports every warning at once, in a stable order', () => {
    expect(rulesOf({ title: 'A VERY LOUD TITLE' }, 'short')).toEqual([
      ['no-code-link', 90],
      ['short-abstract', 100],
      ['all-caps-title', 10],
    ]);
  });

  it('copes with a very long abstract and title', () => {
    expect(rulesOf({ title: 'Word '.repeat(20_000), code: CODE }, 'x '.repeat(100_000))).toEqual([]);
    expect(rulesOf({ title: 'WORD '.repeat(20_000), code: CODE }, 'x '.repeat(100_000))).toEqual([
      ['all-caps-title', 10],
    ]);
  });
});
