import { extname } from 'node:path';
import { InputFileError } from './raw-paper.ts';
import { formatCodePoint } from '../../text/code-point.ts';

/** The input formats the ingest reads. */
export type InputFormat = 'scraped-page' | 'arxiv-oai' | 'arxiv-atom' | 'bibtex';

export const FORMAT_NAMES: Record<InputFormat, string> = {
  'scraped-page': 'scraped page',
  'arxiv-oai': 'arXiv OAI JSON lines',
  'arxiv-atom': 'arXiv API Atom XML',
  bibtex: 'BibTeX',
};

const WHAT_TO_GIVE =
  'the ingest reads a scraped page saved as UTF-8 text (.txt), arXiv OAI metadata as JSON lines (.jsonl), an arXiv API response (Atom XML, .xml) or BibTeX (.bib)';

function fail(file: string, line: number, message: string, column?: number): never {
  throw new InputFileError({ file, line, column, message });
}

/** 1-based line and column of byte `offset`, counting lines by LF bytes (valid in any ASCII-compatible encoding). */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8, or -1. Only called once a strict decode has failed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid too.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** How messages name text piped in (`npm run new < pasted.txt`), which has no file name. */
export const STANDARD_INPUT = 'standard input';

/**
 * The text of an input file. UTF-8 (with or without a BOM) and UTF-16 with a BOM are decoded;
 * line endings become LF. Control characters are left to the parsers (`assertNoControlCharacters`,
 * `findControlCharacter`), which know where they matter: a JSON dump escapes them inside strings. Anything else is refused with the line and column of the first bad
 * byte and what to do about it: guessing an encoding would silently garble names and math.
 * `npm run new` decodes what it is given here too, saying with `whatToGive` what it reads.
 */
export function decodeInput(bytes: Uint8Array, file: string, whatToGive = WHAT_TO_GIVE): string {
  if (bytes.length === 0) {
    fail(file, 1, `the file is empty: put papers in it or remove it (${whatToGive})`);
  }
  let text: string;
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : '';
  if (utf16 !== '') {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch (cause) {
      throw new InputFileError(
        {
          file,
          line: 1,
          message: `the file starts with a ${utf16} byte-order mark but is not valid ${utf16}: re-save it as UTF-8`,
        },
        { cause },
      );
    }
  } else {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const at = positionOfByte(bytes, nul);
      fail(
        file,
        at.line,
        `this is a binary file, not text (NUL byte at offset ${nul}; if it is UTF-16 without a byte-order mark, re-save it as UTF-8): ${whatToGive}`,
        at.column,
      );
    }
    try {
      // TextDecoder drops a leading UTF-8 BOM itself (ignoreBOM: false).
      text = strictUtf8.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      const at = positionOfByte(bytes, Math.max(offset, 0));
      const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
      const original = file === STANDARD_INPUT ? 'original.txt' : file;
      fail(
        file,
        at.line,
        `not valid UTF-8 (byte 0x${byte} at offset ${offset}); the file is probably Latin-1 or Windows-1252: ` +
          `re-save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 "${original}" > fixed.txt)`,
        at.column,
      );
    }
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    fail(file, 1, `the file holds only whitespace: put papers in it or remove it (${whatToGive})`);
  }
  return text;
}

// C0 controls other than whitespace, DEL, and C1 controls (the mark of text decoded twice).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;

/** Where a character that has no place in a paper is (a control character), or `undefined`. */
export function findControlCharacter(text: string): { index: number; code: string } | undefined {
  const match = CONTROL.exec(text);
  if (match === null) return undefined;
  return { index: match.index, code: formatCodePoint(match[0].charCodeAt(0)) };
}

/**
 * The first control character in a record's fields, said as the record's problem ("control character
 * U+0007 in the title (at character 12): remove it"), or `undefined` when there is none.
 */
export function controlCharacterInFields(fields: Readonly<Record<string, string>>): string | undefined {
  for (const [field, value] of Object.entries(fields)) {
    const control = findControlCharacter(value);
    if (control !== undefined) {
      return `control character ${control.code} in the ${field} (at character ${control.index + 1}): remove it`;
    }
  }
  return undefined;
}

/** Throws, with line and column, when `text` holds a control character. */
export function assertNoControlCharacters(text: string, file: string): void {
  const found = findControlCharacter(text);
  if (found === undefined) return;
  const before = text.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  fail(
    file,
    line,
    `control character ${found.code} in the text: delete it (is this a binary or mis-encoded file?)`,
    column,
  );
}

/**
 * BibTeX in a file not named .bib: text that starts with an entry (`@article{`, `@string{`, ...),
 * after blank lines and `%` comment lines only. An entry further down is not enough: a scraped
 * page often quotes one ("Cite as: @misc{...}"), and reading the page as BibTeX would drop its papers.
 */
const BIBTEX_START = /^(?:[ \t]*(?:%[^\n]*)?\n)*[ \t]*@[a-z]+\s*[{(]/i;

const BIBTEX_EXTENSIONS = new Set(['.bib', '.bibtex']);
const JSON_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json']);
const XML_EXTENSIONS = new Set(['.xml', '.atom']);
const HTML_EXTENSIONS = new Set(['.html', '.htm']);
const TEXT_EXTENSIONS = new Set(['', '.txt', '.text', '.md']);

/**
 * Which parser reads `text`. An extension that names a format decides it (`.bib`, `.jsonl`,
 * `.xml`): content that does not fit is refused, never read as another format. A text file
 * (`.txt`, no extension) is read by its start: a JSON object, XML or an entry; else it is a
 * scraped page. HTML is refused, with what to do instead.
 */
export function detectFormat(file: string, text: string): InputFormat {
  const extension = extname(file).toLowerCase();
  const start = text.trimStart();
  const firstLine = text.slice(0, text.length - start.length).split('\n').length;
  if (BIBTEX_EXTENSIONS.has(extension)) return 'bibtex';
  const json = start.startsWith('{');
  if (JSON_EXTENSIONS.has(extension)) {
    if (json) return 'arxiv-oai';
    fail(
      file,
      firstLine,
      `a ${extension} input must hold one arXiv OAI JSON record per line, each starting with "{": fix the file or rename it to .txt if it is a scraped page`,
    );
  }
  const xml = /^<\?xml|^<(?:[\w.-]+:)?feed[\s>]/i.test(start);
  if (XML_EXTENSIONS.has(extension)) {
    if (xml) return 'arxiv-atom';
    fail(
      file,
      firstLine,
      'an .xml input must be an arXiv API response (Atom XML starting with <?xml or <feed>): save the response unedited, or rename the file if it is something else',
    );
  }
  if (/^<(?:!doctype\s+html|html|head|body)[\s>]/i.test(start) || HTML_EXTENSIONS.has(extension)) {
    fail(
      file,
      firstLine,
      'this is an HTML page: open it in a browser, copy the visible text and save that as a .txt file',
    );
  }
  if (!TEXT_EXTENSIONS.has(extension)) {
    fail(file, 1, `unknown input type "${extension}": ${WHAT_TO_GIVE}`);
  }
  if (json) return 'arxiv-oai';
  if (xml) return 'arxiv-atom';
  if (BIBTEX_START.test(text)) return 'bibtex';
  return 'scraped-page';
}
