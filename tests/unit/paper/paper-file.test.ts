import { describe, expect, it } from 'vitest';
import { paperSchemaFor, type PaperData } from '../../../src/lib/paper/schema.ts';
import { PaperFileError, parsePaperFile, serializePaperFile } from '../../../src/lib/paper/paper-file.ts';

const day = (text: string) => new Date(`${text}T00:00:00Z`);

const DATA: PaperData = {
  title: 'Scaling Law with Learning Rate Annealing',
  authors: ['Howe Tissue', 'Venus Wang'],
  arxiv: '2408.11029',
  doi: '10.1234/abc',
  published: day('2024-08-20'),
  added: day('2025-03-14'),
  topics: ['scaling-laws'],
  code: ['https://github.com/example/repo'],
  links: ['https://example.org/'],
  source: 'inbox/2025-03-14-hf-trending.txt',
  original: 'The abstract, as scraped: $L(s) = L_0 + Acdot S_1^{-alpha}$.\n\nSecond paragraph.',
};
const BODY = 'The abstract with $L(s) = L_0 + A\\cdot S_1^{-\\alpha}$.\n\nSecond paragraph.';

function errorOf(source: string): PaperFileError {
  try {
    parsePaperFile(source);
  } catch (error) {
    expect(error).toBeInstanceOf(PaperFileError);
    return error as PaperFileError;
  }
  throw new Error('expected a PaperFileError');
}

describe('serializePaperFile', () => {
  it('writes the fields in a fixed order, dates as days, numeric-looking ids quoted', () => {
    expect(serializePaperFile(DATA, BODY)).toBe(
      [
        '---',
        'title: Scaling Law with Learning Rate Annealing',
        'authors:',
        '  - Howe Tissue',
        '  - Venus Wang',
        "arxiv: '2408.11029'",
        'doi: 10.1234/abc',
        'published: 2024-08-20',
        'added: 2025-03-14',
        'topics:',
        '  - scaling-laws',
        'code:',
        '  - https://github.com/example/repo',
        'links:',
        '  - https://example.org/',
        'source: inbox/2025-03-14-hf-trending.txt',
        'original: |-',
        '  The abstract, as scraped: $L(s) = L_0 + Acdot S_1^{-alpha}$.',
        '',
        '  Second paragraph.',
        '---',
        BODY,
        '',
      ].join('\n'),
    );
  });

  it('gives the same bytes whatever order the data was built in', () => {
    const shuffled = Object.fromEntries(Object.entries(DATA).reverse()) as PaperData;
    expect(serializePaperFile(shuffled, BODY)).toBe(serializePaperFile(DATA, BODY));
  });

  it('leaves out absent fields and empty lists, and trims the body', () => {
    const text = serializePaperFile(
      { title: 'T', added: day('2025-01-01'), topics: ['x'], source: 's', code: [] },
      '\n\n  body  \n\n',
    );
    expect(text).toBe('---\ntitle: T\nadded: 2025-01-01\ntopics:\n  - x\nsource: s\n---\nbody\n');
  });

  it('round-trips through parsePaperFile and validates with the schema', () => {
    const parsed = parsePaperFile(serializePaperFile(DATA, BODY));
    expect(parsed.body.trim()).toBe(BODY);
    expect(paperSchemaFor(['scaling-laws']).parse(parsed.data)).toEqual(DATA);
    // Serializing what was read gives the same bytes again: the basis of an idempotent ingest.
    const again = serializePaperFile(paperSchemaFor(['scaling-laws']).parse(parsed.data), parsed.body);
    expect(again).toBe(serializePaperFile(DATA, BODY));
  });

  it.each([
    'a: b',
    '- dash',
    '@at',
    '`tick',
    '"quoted"',
    "'single'",
    'yes',
    'null',
    '~',
    '1e3',
    '2401.01234',
    '---',
    '#hash',
    'a #b',
    'emoji 😀',
    'tab\there',
    '[x]',
    '{y}',
    '!tag',
    '&anchor',
    '*alias',
    '%pct',
    '| pipe',
    '> gt',
    '? q',
    '\\backslash $x$',
    ' lead',
    'trail ',
  ])('keeps the string %j exactly through a round trip', (value) => {
    const data = {
      ...DATA,
      title: value.trim(),
      authors: [value],
      source: value,
      original: `${value}\n\n  indented ${value}\ntrailing   \n\tTab`,
    };
    const parsed = parsePaperFile(serializePaperFile(data, `Body ${value}`));
    expect(parsed.data).toMatchObject({
      title: value.trim(),
      authors: [value],
      source: value,
      original: data.original,
    });
  });
});

describe('parsePaperFile', () => {
  it('reads front matter and body, with the body line', () => {
    const parsed = parsePaperFile('---\ntitle: A\ntopics: [x]\n---\nThe body.\n');
    expect(parsed).toEqual({ data: { title: 'A', topics: ['x'] }, body: 'The body.\n', bodyLine: 5 });
  });

  it('accepts a BOM and CRLF line endings', () => {
    expect(parsePaperFile('\uFEFF---\r\ntitle: a\r\n---\r\nbody\r\n')).toEqual({
      data: { title: 'a' },
      body: 'body\n',
      bodyLine: 4,
    });
  });

  it('refuses front matter that would run as code', () => {
    for (const language of ['js', 'javascript', 'coffee']) {
      const error = errorOf(`---${language}\nmodule.exports = { title: 'x' }\n---\n`);
      expect(error.line).toBe(1);
      expect(error.message).toMatch(/not allowed \(it would run as code\)/);
    }
  });

  it('refuses YAML tags that build code', () => {
    expect(errorOf('---\ntitle: !!js/function "function(){}"\n---\n').message).toMatch(/unknown tag/);
  });

  it('says what is missing', () => {
    expect(errorOf('no front matter').message).toMatch(/starts with a "---" line/);
    expect(errorOf('---\ntitle: a\n').message).toMatch(/never closed: add a line "---"/);
    expect(errorOf('---\n- a\n- b\n---\n').message).toMatch(/must be a YAML mapping/);
  });

  it('reports a YAML error on the line it is on', () => {
    // Line 3 repeats the key of line 2; a tab indents line 2 of the second file.
    expect(errorOf('---\ntitle: a\ntitle: b\n---\n').line).toBe(3);
    expect(errorOf('---\n\ttitle: a\n---\n').line).toBe(2);
  });
});
