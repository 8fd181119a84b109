/**
 * Parser for a paper-listing web page saved as text (the "trending papers" pages): some page
 * chrome, a date heading, then for each paper a title paragraph followed by its abstract.
 *
 * The page carries no markup, so the parser tells titles from abstracts by shape:
 *
 * - Paragraphs are runs of non-blank lines. Lines of one paragraph are joined with a space, so a
 *   hard-wrapped abstract reads as one paragraph; the exception is a title line directly followed
 *   by a line that is prose on its own (a title with no blank line after it), unless the paragraph
 *   before is a title: then the block is that title's abstract, and its first line only looks
 *   like a title because the wrap cut it before its period.
 * - A paragraph is a **title** when it is at most 300 characters, contains no URL, has at most one
 *   sentence break inside ("What's in a Prior? Learned ...") and does not end like a sentence or
 *   clause (`.`, `,`, `;`, `:`, or their full-width forms and `。`, `、` in Chinese and Japanese,
 *   `،`, `؛` and `۔` in Arabic script, the danda `।` of Hindi and other Indic scripts);
 *   titles may end with `?`, `!` or `)`. Every other paragraph is
 *   **prose**. Real titles are 20-250 characters without a final period; real abstract paragraphs
 *   are sentences ending in a period, usually 500-2000 characters.
 * - A title opens a paper; the prose paragraphs after it, up to the next title, are its abstract
 *   (an abstract may have several paragraphs).
 * - Known page chrome ("Subscribe", ...) is dropped wherever it appears; a date line ("Mar 14",
 *   "March 14, 2025", "14 Mar") sets the date for the papers under it. Title-shaped lines with no
 *   abstract above the first date line are another site's chrome (its menu, its heading): they
 *   are named in one warning, not reported as papers without an abstract.
 *
 * What the shape cannot settle is reported, never guessed: a title followed by another title (or
 * by the end of the page) has no abstract; prose before any title has no title. Both name the line
 * and say what to do, and the paper is skipped. A second long paragraph in one abstract is read as
 * part of it but reported as a warning, since it may be the abstract of a paper whose title is
 * missing.
 */
import type { InputProblem, PageDate, ParsedInput, RawPaper } from './raw-paper.ts';
import { singleSpaced } from '../../text/whitespace.ts';

/** Longest paragraph still read as a title. */
export const MAX_TITLE_LENGTH = 300;
/** A continuation paragraph this long, after an abstract this long, may be a paper of its own. */
const SUSPICIOUS_PARAGRAPH = 800;

/** Page chrome of the listing pages, compared case-insensitively with whitespace collapsed. */
const CHROME = new Set([
  'new',
  'get trending papers in your email inbox!',
  'subscribe',
  'byak and the research community',
  'by ak and the research community',
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?`;
const MONTH_FIRST = new RegExp(String.raw`^${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH}(?:,?\s+(\d{4}))?$`, 'i');
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date a line names (`Mar 14`, `March 14, 2025`, `14 Mar 2025`), or `undefined`. */
export function parsePageDate(line: string): PageDate | undefined {
  const text = line.trim();
  let monthName: string | undefined;
  let dayText: string | undefined;
  let yearText: string | undefined;
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst !== null) [, monthName, dayText, yearText] = monthFirst;
  else {
    const dayFirst = DAY_FIRST.exec(text);
    if (dayFirst === null) return undefined;
    [, dayText, monthName, yearText] = dayFirst;
  }
  const month = MONTHS.indexOf((monthName ?? '').slice(0, 3).toLowerCase()) + 1;
  const day = Number(dayText);
  if (month < 1 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return undefined;
  return yearText === undefined ? { month, day } : { month, day, year: Number(yearText) };
}

const URL_LIKE = /\bhttps?:\/\/|\bwww\.|\bgithub\.com\//i;
/**
 * A sentence break between words: a stop, question or exclamation mark (Latin, the Arabic question
 * mark, the Devanagari danda, the Urdu full stop), a space, and a sentence starting with a capital
 * or with a letter of a script without case (Arabic, Hebrew, Devanagari...).
 */
const SENTENCE_BREAK = /[.?!\u061F\u0964\u06D4]\s+["'(\u201C\u00AB]?[\p{Lu}\p{Lt}\p{Lo}]/gu;
/**
 * A sentence break in Chinese or Japanese: a full-width stop, question or exclamation mark (or the
 * ideographic full stop), followed by more text with no space, as those scripts write it.
 */
const FULL_WIDTH_SENTENCE_BREAK = /[。．！？](?:[」』）"\u201D])?(?=\S)/g;
/**
 * The end of a sentence or clause: Latin and full-width (Chinese, Japanese) punctuation, the Arabic
 * comma and semicolon, the Urdu full stop, the danda of Hindi and other Indic scripts, the Ethiopic
 * and Myanmar full stops.
 */
const SENTENCE_END = /[.,;:。．，；：、\u060C\u061B\u06D4\u0964\u0965\u1362\u104B](?:["'\u201D\u00BB)）」』])?$/u;

/** Whether a paragraph has the shape of a title (see the module comment). */
export function isTitleShaped(paragraph: string): boolean {
  if (paragraph.length > MAX_TITLE_LENGTH) return false;
  if (URL_LIKE.test(paragraph)) return false;
  if (SENTENCE_END.test(paragraph)) return false;
  return (
    (paragraph.match(SENTENCE_BREAK) ?? []).length + (paragraph.match(FULL_WIDTH_SENTENCE_BREAK) ?? []).length <= 1
  );
}

interface Paragraph {
  text: string;
  line: number;
}

type Unit =
  { kind: 'chrome' } | { kind: 'date'; date: PageDate; line: number } | { kind: 'paragraph'; paragraph: Paragraph };

/** The page cut into chrome, date lines and paragraphs, in order. */
function units(text: string): Unit[] {
  const result: Unit[] = [];
  let block: Paragraph[] = [];
  // Whether the last paragraph is a title still waiting for its abstract (a date line ends the wait).
  let afterTitle = false;
  const push = (paragraph: Paragraph) => {
    result.push({ kind: 'paragraph', paragraph });
    afterTitle = isTitleShaped(paragraph.text);
  };
  const flush = () => {
    if (block.length === 0) return;
    const [first, second] = block;
    // A title directly followed by a line that is prose on its own: two paragraphs, not one. Not
    // after a title, though: there the block is that title's abstract, whose first line, cut by a
    // hard wrap, merely looks like a title.
    const start =
      !afterTitle &&
      first !== undefined &&
      second !== undefined &&
      isTitleShaped(first.text) &&
      !isTitleShaped(second.text)
        ? 1
        : 0;
    if (start === 1 && first !== undefined) push(first);
    const rest = block.slice(start);
    const head = rest[0];
    if (head !== undefined) push({ text: rest.map((line) => line.text).join(' '), line: head.line });
    block = [];
  };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    if (line === '') {
      flush();
      continue;
    }
    if (CHROME.has(singleSpaced(line).toLowerCase())) {
      flush();
      result.push({ kind: 'chrome' });
      continue;
    }
    const date = line.length <= 40 ? parsePageDate(line) : undefined;
    if (date !== undefined) {
      flush();
      result.push({ kind: 'date', date, line: index + 1 });
      afterTitle = false;
      continue;
    }
    block.push({ text: line, line: index + 1 });
  }
  flush();
  return result;
}

function excerpt(text: string, length = 60): string {
  const flat = singleSpaced(text);
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

/**
 * Reads a scraped listing page. `file` names the input in messages. Papers come out in page
 * order, each with the line its title is on and the date heading above it.
 */
export function parseScrapedPage(text: string, file: string): ParsedInput {
  const papers: RawPaper[] = [];
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  let date: PageDate | undefined;
  let pendingTitle: Paragraph | undefined;
  let current: { title: Paragraph; abstract: Paragraph[]; date: PageDate | undefined } | undefined;
  let orphan = false;
  const pageUnits = units(text);
  const firstDate = pageUnits.find((unit) => unit.kind === 'date');
  /** Title-shaped paragraphs with no abstract above the page's first date line: its chrome. */
  const chrome: Paragraph[] = [];

  const titleWithoutAbstract = (title: Paragraph) => {
    // Above the date line is the page's chrome (a site's menu, its heading): not a paper, whatever the site.
    if (firstDate !== undefined && date === undefined) {
      chrome.push(title);
      return;
    }
    problems.push({
      file,
      line: title.line,
      title: singleSpaced(title.text),
      message:
        `"${excerpt(title.text)}" has no abstract: add its abstract as the next paragraph (after a blank line), ` +
        'or delete this line if it is not a paper title; if it is the end of the abstract above, join it to that paragraph',
    });
  };
  const finish = () => {
    if (current !== undefined) {
      papers.push({
        title: singleSpaced(current.title.text),
        abstract: current.abstract.map((paragraph) => paragraph.text).join('\n\n'),
        file,
        line: current.title.line,
        pageDate: current.date,
      });
    }
    current = undefined;
  };

  for (const unit of pageUnits) {
    if (unit.kind === 'chrome') continue;
    if (unit.kind === 'date') {
      if (pendingTitle !== undefined) titleWithoutAbstract(pendingTitle);
      pendingTitle = undefined;
      finish();
      orphan = false;
      date = unit.date;
      continue;
    }
    const { paragraph } = unit;
    if (isTitleShaped(paragraph.text)) {
      if (pendingTitle !== undefined) titleWithoutAbstract(pendingTitle);
      finish();
      orphan = false;
      pendingTitle = paragraph;
    } else if (pendingTitle !== undefined) {
      current = { title: pendingTitle, abstract: [paragraph], date };
      pendingTitle = undefined;
    } else if (current !== undefined) {
      const soFar = current.abstract.reduce((length, p) => length + p.text.length, 0);
      if (paragraph.text.length >= SUSPICIOUS_PARAGRAPH && soFar >= SUSPICIOUS_PARAGRAPH) {
        warnings.push({
          file,
          line: paragraph.line,
          title: singleSpaced(current.title.text),
          message:
            `read as a further paragraph of the abstract of "${excerpt(current.title.text)}"; ` +
            'if it is the abstract of another paper, that paper has no title: add the title on its own line above it',
        });
      }
      current.abstract.push(paragraph);
    } else if (!orphan) {
      orphan = true;
      problems.push({
        file,
        line: paragraph.line,
        message:
          `an abstract with no title ("${excerpt(paragraph.text, 40)}"): add the paper's title on its own line ` +
          'before it, separated by a blank line (a title is one line of at most 300 characters without a final period)',
      });
    }
  }
  if (pendingTitle !== undefined) titleWithoutAbstract(pendingTitle);
  finish();
  const [firstChrome] = chrome;
  if (firstChrome !== undefined && firstDate?.kind === 'date') {
    const shown = chrome.slice(0, 3).map((paragraph) => `"${excerpt(paragraph.text, 40)}"`);
    if (chrome.length > 3) shown.push('…');
    warnings.unshift({
      file,
      line: firstChrome.line,
      message:
        `${chrome.length} paragraph${chrome.length === 1 ? ' above the date line' : 's above the date line'} (line ${firstDate.line}) ` +
        `${chrome.length === 1 ? 'was' : 'were'} read as page chrome, not papers (${shown.join(', ')}): ` +
        "if one is a paper's title, move it below the date line with its abstract",
    });
  }

  return { papers, problems, warnings };
}
