/**
 * Parser for arXiv OAI metadata as JSON lines (the arXiv bulk metadata dump): one JSON object
 * per line with `id`, `title`, `authors` / `authors_parsed`, `abstract`, `doi`, `categories` and
 * `versions`. A line that cannot be read is reported with its line number and skipped; the rest
 * of the file is still read.
 */
import { urlProblem } from '../../paper/http-url.ts';
import { arxivIdProblem, unversionedArxivId } from '../../paper/identifiers.ts';
import { MAX_COMMENTS_CHARS, MAX_JOURNAL_CHARS } from '../../paper/schema.ts';
import { controlCharacterInFields } from './input-file.ts';
import { doiField, oneLineField } from './record-fields.ts';
import type { InputProblem, ParsedInput, RawPaper } from './raw-paper.ts';
import { singleSpaced } from '../../text/whitespace.ts';

/**
 * arXiv abstracts are hard-wrapped at about 80 columns and mark a new paragraph by indenting its
 * first line; lines are joined into paragraphs and paragraphs separated by a blank line.
 */
export function unwrapAbstract(abstract: string): string {
  const text = (abstract.includes('\r') ? abstract.replace(/\r\n?/g, '\n') : abstract).trim();
  if (!text.includes('\n')) return text;
  // Only the line breaks and the indentation around them change; the text itself stays as given.
  return text
    .split(/\n(?=[ \t])|\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]*\n[ \t]*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/** `authors_parsed` rows are `[last, first, suffix]`; names are written first name first. */
function authorsFromParsed(parsed: unknown): string[] | undefined {
  if (!Array.isArray(parsed)) return undefined;
  const names: string[] = [];
  for (const row of parsed) {
    if (!Array.isArray(row)) return undefined;
    const [last, first, suffix] = row.map((part) => (typeof part === 'string' ? part.trim() : ''));
    let name = [first, last, suffix].filter((part) => part !== undefined && part !== '').join(' ');
    // A name is one line (the schema's rule): any white space but a single plain space is tidied.
    if (/\s\s|[^\S ]/.test(name)) name = singleSpaced(name);
    // The dump splits hyphenated initials ("C.-P." becomes "C. -P.").
    if (name.includes('. -')) name = name.replace(/\.\s+-(?=\p{Lu})/gu, '.-');
    if (name !== '') names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

/**
 * The flat `authors` string ("A, B and C"), used only when `authors_parsed` is missing. arXiv
 * writes affiliations in parentheses after the names ("A (MIT, USA), B ((1) X, (2) Y)"): they are
 * left out (as the Atom reader leaves out `arxiv:affiliation`), so their commas split no name.
 */
function authorsFromString(authors: unknown): string[] | undefined {
  if (typeof authors !== 'string') return undefined;
  let flat = singleSpaced(authors);
  // Innermost parentheses first, until none is left: "((1) X, (2) Y)" goes whole.
  for (let before = ''; before !== flat;) {
    before = flat;
    flat = flat.replace(/\s*\([^()]*\)/g, '');
  }
  const names = flat
    .split(/\s*,\s*|\s+and\s+/)
    .map(singleSpaced)
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}

const OAI_DATE = /^[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) \d{2}:\d{2}:\d{2} GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `Mon, 2 Apr 2007 19:18:42 GMT` -> `2007-04-02` (the day in UTC); `undefined` when unreadable. */
export function oaiDay(created: unknown): string | undefined {
  if (typeof created !== 'string') return undefined;
  // The dump's one format, read directly: Date.parse is the slowest step of a 100,000-record file.
  const match = OAI_DATE.exec(created);
  if (match !== null) {
    const [, day, monthName, year] = match;
    const month = MONTHS.indexOf(monthName ?? '') + 1;
    if (month === 0 || Number(day) < 1 || Number(day) > daysIn(Number(year), month)) return undefined;
    return `${year}-${String(month).padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
  }
  const time = Date.parse(created);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().slice(0, 10);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads one record; returns the paper (with what to warn about) or what is wrong with it. */
function readRecord(
  record: Record<string, unknown>,
  file: string,
  line: number,
): { paper: RawPaper; warnings: string[] } | string {
  const id = record['id'];
  const title = typeof record['title'] === 'string' ? singleSpaced(record['title']) : '';
  const abstract = typeof record['abstract'] === 'string' ? unwrapAbstract(record['abstract']) : '';
  if (typeof id !== 'string' && typeof id !== 'number') {
    return 'the record has no "id": every arXiv OAI record needs its arXiv id, e.g. "id": "2401.01234"';
  }
  // The dump writes ids bare; a version, when a record has one, is dropped as everywhere else.
  const arxiv = unversionedArxivId(String(id));
  if (arxiv === undefined) return `"id": ${arxivIdProblem(String(id)) ?? 'not an arXiv id'} [arxiv-id]`;
  if (title === '') return `record ${arxiv} has no "title": add the title or remove the line`;
  if (abstract === '') return `record ${arxiv} has no "abstract": add the abstract or remove the line`;
  const control = controlCharacterInFields({ title, abstract });
  if (control !== undefined) return `record ${arxiv}: ${control}`;
  const doi = doiField(record['doi'], '"doi"');
  const journal = oneLineField(optionalText(record['journal-ref']), 'journal reference', MAX_JOURNAL_CHARS);
  const comments = oneLineField(optionalText(record['comments']), 'comments', MAX_COMMENTS_CHARS);
  const problem = doi.problem ?? journal.problem ?? comments.problem;
  if (problem !== undefined) return `record ${arxiv}: ${problem}`;
  const versions = record['versions'];
  const first = Array.isArray(versions) && isRecord(versions[0]) ? versions[0] : undefined;
  const latest = Array.isArray(versions) && versions.length > 1 ? versions.at(-1) : undefined;
  const license = optionalText(record['license']);
  const licenseProblem = license === undefined ? undefined : urlProblem(license, 'the license');
  const warnings = [journal.warning, comments.warning].filter((warning) => warning !== undefined);
  // A license the URL rule refuses is not worth refusing the paper for: it is left out, and said so.
  if (licenseProblem !== undefined) {
    warnings.push(
      `the license was left out (${licenseProblem.message}): fix it in the paper file by hand if it matters`,
    );
  }
  const categories = typeof record['categories'] === 'string' ? record['categories'].split(/\s+/).filter(Boolean) : [];
  const paper: RawPaper = {
    title,
    abstract,
    file,
    line,
    arxiv,
    doi: doi.value,
    authors: authorsFromParsed(record['authors_parsed']) ?? authorsFromString(record['authors']),
    published: oaiDay(first?.['created']),
    updated: isRecord(latest) ? oaiDay(latest['created']) : undefined,
    categories: categories.length > 0 ? categories : undefined,
    journal: journal.value,
    comments: comments.value,
    license: licenseProblem === undefined ? license : undefined,
  };
  return { paper, warnings };
}

/** Reads arXiv OAI JSON lines. Blank lines are ignored. */
export function parseArxivOai(text: string, file: string): ParsedInput {
  const papers: RawPaper[] = [];
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const source = text.slice(start, stop).trim();
    line += 1;
    start = stop + 1;
    if (source === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        file,
        line,
        message: `not valid JSON (${reason}): each line must be one complete JSON object; fix or remove this line`,
      });
      continue;
    }
    if (!isRecord(value)) {
      problems.push({ file, line, message: 'each line must be a JSON object ({...}) describing one paper' });
      continue;
    }
    const paper = readRecord(value, file, line);
    if (typeof paper === 'string') {
      const title = typeof value['title'] === 'string' ? singleSpaced(value['title']) : undefined;
      problems.push({ file, line, message: paper, title: title === '' ? undefined : title });
    } else {
      papers.push(paper.paper);
      for (const message of paper.warnings) {
        warnings.push({ file, line, message: `record ${paper.paper.arxiv}: ${message}`, title: paper.paper.title });
      }
    }
  }
  return { papers, problems, warnings };
}
