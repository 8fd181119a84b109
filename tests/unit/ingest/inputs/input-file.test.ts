import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assertNoControlCharacters,
  controlCharacterInFields,
  decodeInput,
  detectFormat,
  findControlCharacter,
  firstInvalidUtf8,
} from '../../../../src/lib/ingest/inputs/input-file.ts';
import { InputFileError, type InputProblem } from '../../../../src/lib/ingest/inputs/raw-paper.ts';

const FIXTURES = 'tests/fixtures/ingest';

function problemOf(run: () => unknown): InputProblem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as InputFileError).problem;
  }
  throw new Error('expected an InputFileError');
}

function decodeFixture(name: string): string {
  const path = `${FIXTURES}/${name}`;
  return decodeInput(readFileSync(path), path);
}

describe('decodeInput', () => {
  it('decodes the seed page unchanged', () => {
    const path = 'content/inbox/2025-03-14-hf-trending.txt';
    expect(decodeInput(readFileSync(path), path)).toBe(readFileSync(path, 'utf8'));
  });

  it('drops a UTF-8 BOM and turns CRLF and CR into LF', () => {
    const text = decodeFixture('2025-01-05-crlf-bom.txt');
    expect(text.startsWith('new')).toBe(true);
    expect(text).not.toMatch(/[\r\uFEFF]/);
    expect(decodeInput(new TextEncoder().encode('a\rb\r\nc'), 'x.txt')).toBe('a\nb\nc');
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    expect(decodeFixture('2025-01-05-utf16.txt')).toMatch(/^Jan 5\n\nA Title in UTF-16\n\nWe study/);
  });

  it('refuses Latin-1 with the line and column of the first bad byte and how to convert', () => {
    const problem = problemOf(() => decodeFixture('2025-01-05-latin1.txt'));
    expect(problem).toMatchObject({ file: `${FIXTURES}/2025-01-05-latin1.txt`, line: 3, column: 4 });
    expect(problem.message).toMatch(/not valid UTF-8 \(byte 0xE9 at offset 10\).*re-save it as UTF-8.*iconv/);
  });

  it('refuses a binary file', () => {
    const problem = problemOf(() => decodeFixture('2025-01-05-binary.txt'));
    // The PNG signature holds two LF bytes before its first NUL.
    expect(problem).toMatchObject({ line: 3, column: 1 });
    expect(problem.message).toMatch(/binary file, not text \(NUL byte/);
  });

  it('refuses an empty file and a file of whitespace', () => {
    expect(problemOf(() => decodeFixture('2025-01-05-empty.txt')).message).toMatch(/^the file is empty: /);
    expect(problemOf(() => decodeInput(new TextEncoder().encode(' \n\t\n'), 'x.txt')).message).toMatch(
      /only whitespace/,
    );
  });

  it('refuses invalid UTF-16', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41]);
    expect(problemOf(() => decodeInput(bytes, 'x.txt')).message).toMatch(/not valid utf-16le/);
  });
});

describe('control characters', () => {
  it('are found with their position, and refused with line and column', () => {
    expect(findControlCharacter('ok\ttab\nnewline\r\f')).toBeUndefined();
    expect(findControlCharacter('ab\u0007c')).toEqual({ index: 2, code: 'U+0007' });
    // C1 controls are what double-decoded text looks like.
    expect(findControlCharacter('caf\u0083')).toEqual({ index: 3, code: 'U+0083' });
    const problem = problemOf(() => assertNoControlCharacters('Title\n\nab\u0007c', 'x.txt'));
    expect(problem).toMatchObject({ file: 'x.txt', line: 3, column: 3 });
    expect(problem.message).toMatch(/control character U\+0007 in the text: delete it/);
    expect(() => assertNoControlCharacters('clean text\n', 'x.txt')).not.toThrow();
  });

  it("are said as a record's problem, naming the first field that holds one and where", () => {
    expect(controlCharacterInFields({ title: 'Clean', abstract: 'Also clean.' })).toBeUndefined();
    expect(controlCharacterInFields({ title: 'Clean', abstract: 'Bell\u0007 and \u0000' })).toBe(
      'control character U+0007 in the abstract (at character 5): remove it',
    );
    expect(controlCharacterInFields({ title: 'a\u001Bb', summary: '\u0000' })).toBe(
      'control character U+001B in the title (at character 2): remove it',
    );
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0xc3, 0xa9], -1],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xe9, 0x62], 1],
    [[0xc0, 0xaf], 0], // overlong '/'
    [[0xed, 0xa0, 0x80], 0], // a UTF-16 surrogate
    [[0x61, 0xe2, 0x82], 1], // cut short
    [[0xf5, 0x80, 0x80, 0x80], 0], // past U+10FFFF
  ])('%j -> %i', (bytes, expected) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(expected);
  });
});

describe('detectFormat', () => {
  it('reads text as a scraped page and JSON objects as arXiv OAI lines', () => {
    expect(detectFormat('content/inbox/2025-03-14-hf-trending.txt', 'new\n\nSubscribe')).toBe('scraped-page');
    expect(detectFormat('page', 'A Title\n\nAn abstract.')).toBe('scraped-page');
    expect(detectFormat('dump.jsonl', '{"id": "2401.00001"}\n')).toBe('arxiv-oai');
    expect(detectFormat('dump.txt', '\n\n  {"id": "2401.00001"}')).toBe('arxiv-oai');
  });

  it('reads Atom XML (the arXiv API) and BibTeX, by content or by name', () => {
    expect(detectFormat('feed.xml', decodeFixture('2025-01-05-feed.xml'))).toBe('arxiv-atom');
    expect(detectFormat('a.txt', '<?xml version="1.0"?><feed/>')).toBe('arxiv-atom');
    expect(detectFormat('results', '<feed xmlns="http://www.w3.org/2005/Atom"></feed>')).toBe('arxiv-atom');
    expect(detectFormat('refs.txt', '@article{key,\n title={X}}')).toBe('bibtex');
    expect(detectFormat('refs.txt', '% exported\n\n@inproceedings{key,\n title={X}}')).toBe('bibtex');
    expect(detectFormat('library.bib', '% only a comment')).toBe('bibtex');
    // A scraped page that merely mentions an @handle stays a scraped page.
    expect(detectFormat('page.txt', 'A Title\n\n@someone (2024) wrote an abstract.')).toBe('scraped-page');
  });

  it('reads a page that quotes BibTeX after its papers as a page: only a leading entry makes text BibTeX', () => {
    const page = [
      'Mar 14',
      '',
      'Scaling Graph Neural Networks to Billions of Edges',
      '',
      'We study how a language model behaves when its training data is scraped from the web.',
      '',
      'Cite as:',
      '',
      '@misc{gnn2024,',
      'title={Scaling Graph Neural Networks}}',
    ].join('\n');
    expect(detectFormat('2025-03-14-page.txt', page)).toBe('scraped-page');
    expect(detectFormat('page', page)).toBe('scraped-page');
    expect(detectFormat('page.txt', `A Title\n\n@article{k, title={X}}`)).toBe('scraped-page');
    // Comments and blank lines before the first entry are still "starting with an entry".
    expect(detectFormat('refs.txt', '%% exported by Zotero\n% 2 entries\n\n@misc{k, title={X}}')).toBe('bibtex');
  });

  it('lets an unambiguous extension decide, whatever the content starts with', () => {
    expect(detectFormat('library.bib', '{"id": "2401.00001"}')).toBe('bibtex');
    expect(detectFormat('library.bib', '<?xml version="1.0"?><feed/>')).toBe('bibtex');
    expect(detectFormat('dump.jsonl', '{"id": "2401.00001"}')).toBe('arxiv-oai');
    expect(problemOf(() => detectFormat('results.xml', '{"id": "2401.00001"}')).message).toMatch(
      /an \.xml input must be an arXiv API response/,
    );
    expect(problemOf(() => detectFormat('dump.jsonl', '@article{k, title={X}}')).message).toMatch(
      /one arXiv OAI JSON record per line/,
    );
  });

  it('names the formats it cannot read and says what to do', () => {
    expect(problemOf(() => detectFormat('notes.xml', 'not xml at all')).message).toMatch(
      /an \.xml input must be an arXiv API response/,
    );
    expect(problemOf(() => detectFormat('p.html', decodeFixture('2025-01-05-page.html'))).message).toMatch(
      /HTML page: .*save that as a .txt file/,
    );
    expect(problemOf(() => detectFormat('data.csv', 'a,b\n1,2')).message).toMatch(/unknown input type ".csv"/);
    const json = problemOf(() => detectFormat('dump.jsonl', '\n\nnot json'));
    expect(json).toMatchObject({ line: 3 });
    expect(json.message).toMatch(/one arXiv OAI JSON record per line/);
  });
});
