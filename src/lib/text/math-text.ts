/**
 * Text with math in it, split into prose and formulas the way the site's Markdown pipeline
 * (remark-math) splits it, without building a syntax tree. Index pages need the first sentence and
 * the plain text of every abstract; parsing 100,000 abstracts with remark costs minutes, this scan
 * costs a fraction of a second. It reads what the page shows: character references decoded where
 * CommonMark decodes them, code (spans and blocks) as written with no math in it, raw HTML left
 * out. The unit tests hold it to remark-math's formulas on real and hostile abstracts, and its text
 * to the text of the page the site's own Markdown pipeline renders.
 */
import { CHARACTER_REFERENCE_SOURCE, referencedText } from './character-reference.ts';
import { closingRun, runLength } from './delimiter-runs.ts';
import { collapseWhitespace } from './whitespace.ts';

export interface TextSegment {
  kind: 'text';
  text: string;
}
export interface MathSegment {
  kind: 'math';
  tex: string;
  /** A `$$` block on lines of its own; `$$x$$` inside a paragraph is inline, as in remark-math. */
  display: boolean;
}
export type Segment = TextSegment | MathSegment;

/** Characters a backslash escapes in CommonMark (every other backslash is literal). */
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** A span's content as micromark reads it: line endings are spaces, one padding space each side goes. */
function spanContent(raw: string): string {
  const flat = raw.replace(/\r?\n/g, ' ');
  if (flat.length > 2 && flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') return flat.slice(1, -1);
  return flat;
}

class SegmentList {
  readonly segments: Segment[] = [];
  text(value: string): void {
    if (value === '') return;
    const last = this.segments.at(-1);
    if (last?.kind === 'text') last.text += value;
    else this.segments.push({ kind: 'text', text: value });
  }
  math(tex: string, display: boolean): void {
    this.segments.push({ kind: 'math', tex, display });
  }
}

/** Collapses runs of white space inside text segments and trims the ends of the whole. */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind === 'math') {
      out.push(segment);
      continue;
    }
    const text = collapseWhitespace(segment.text);
    if (text !== '') out.push({ kind: 'text', text });
  }
  const first = out[0];
  if (first?.kind === 'text') first.text = first.text.trimStart();
  const last = out.at(-1);
  if (last?.kind === 'text') last.text = last.text.trimEnd();
  return out.filter((segment) => segment.kind === 'math' || segment.text !== '');
}

/**
 * A title (or any one-line text) split into prose and `$...$` math. Nothing else is Markdown here:
 * `*`, `_` and `<` are the title's own characters. A backslash escapes ASCII punctuation as in
 * Markdown (`\$` is a literal dollar, `\\` a literal backslash); any other backslash is literal.
 * The TeX repair writes every literal backslash of a title as `\\`, so that a second repair does
 * not read what follows it as a TeX command.
 */
export function splitTitleMath(title: string): Segment[] {
  if (!title.includes('$') && !title.includes('\\')) return title === '' ? [] : [{ kind: 'text', text: title }];
  const out = new SegmentList();
  let index = 0;
  let plain = '';
  while (index < title.length) {
    const char = title[index];
    if (char === '\\' && index + 1 < title.length && ESCAPABLE.has(title[index + 1] ?? '')) {
      plain += title[index + 1];
      index += 2;
      continue;
    }
    if (char === '$') {
      const size = runLength(title, index, '$');
      const close = closingRun(title, index + size, '$', size);
      if (close === -1) {
        plain += '$'.repeat(size);
        index += size;
        continue;
      }
      out.text(plain);
      plain = '';
      out.math(spanContent(title.slice(index + size, close)), false);
      index = close + size;
      continue;
    }
    plain += char;
    index += 1;
  }
  out.text(plain);
  return out.segments;
}

/** `[`'s matching `]` at `start`, skipping escapes and code/math spans; -1 when unmatched. */
function matchingBracket(source: string, start: number): number {
  let depth = 0;
  for (let index = start; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\\') {
      index += 1;
    } else if (char === '`' || char === '$') {
      const size = runLength(source, index, char);
      const close = closingRun(source, index + size, char, size);
      index = close === -1 ? index + size - 1 : close + size - 1;
    } else if (char === '[') {
      depth += 1;
    } else if (char === ']') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** End (exclusive) of a link destination `(url "title")` opening at `start`, or -1. */
function destinationEnd(source: string, start: number): number {
  if (source[start] !== '(') return -1;
  let depth = 0;
  for (let index = start; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\\') index += 1;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return index + 1;
    } else if (char === '\n' && source[index + 1] === '\n') return -1;
  }
  return -1;
}

const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL_AUTOLINK = /^<([^\s<>@]+@[^\s<>]+)>/;
const HTML_TAG =
  /^<(?:\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[a-zA-Z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>|!--[\s\S]*?-->|\?[\s\S]*?\?>|![A-Za-z][^>]*>|!\[CDATA\[[\s\S]*?\]\]>)/;

function isWhitespace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char);
}
function isPunctuation(char: string | undefined): boolean {
  return char !== undefined && /[\p{P}\p{S}]/u.test(char);
}

/** Whether a delimiter run of `*` or `_` can open and/or close emphasis (CommonMark's flanking rules). */
function flanking(source: string, start: number, length: number): { open: boolean; close: boolean } {
  const char = source[start];
  const before = source[start - 1];
  const after = source[start + length];
  const left = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
  const right = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
  if (char === '_') {
    // Intraword underscores (snake_case) neither open nor close.
    return { open: left && (!right || isPunctuation(before)), close: right && (!left || isPunctuation(after)) };
  }
  return { open: left, close: right };
}

interface Delimiter {
  kind: 'delimiter';
  run: string;
  open: boolean;
  close: boolean;
  /** Set when matched with a partner: then it is markup and vanishes. */
  markup: boolean;
}
type Token = Segment | Delimiter;

/**
 * Pairs emphasis delimiters the way CommonMark does in the common cases (closer
 * to the nearest earlier opener of the same character); matched runs are markup and vanish,
 * unmatched ones stay as the literal characters they are ("A* search", "2 * 3").
 */
function resolveDelimiters(tokens: Token[]): Segment[] {
  const openers: Delimiter[] = [];
  for (const token of tokens) {
    if (token.kind !== 'delimiter') continue;
    if (token.close) {
      const index = openers.findLastIndex((opener) => opener.run[0] === token.run[0]);
      const opener = openers[index];
      if (opener !== undefined) {
        opener.markup = true;
        token.markup = true;
        openers.length = index;
        continue;
      }
    }
    if (token.open) openers.push(token);
  }
  const out = new SegmentList();
  for (const token of tokens) {
    if (token.kind === 'delimiter') {
      if (!token.markup) out.text(token.run);
    } else if (token.kind === 'text') out.text(token.text);
    else out.math(token.tex, token.display);
  }
  return out.segments;
}

const CHARACTER_REFERENCE = new RegExp(CHARACTER_REFERENCE_SOURCE, 'y');

/** The character a reference at `index` stands for, and the reference's length; `undefined` when `&` starts no reference. */
function characterReference(source: string, index: number): { text: string; length: number } | undefined {
  CHARACTER_REFERENCE.lastIndex = index;
  const match = CHARACTER_REFERENCE.exec(source);
  if (!match) return undefined;
  const text = referencedText(match);
  return text === false ? undefined : { text, length: match[0].length };
}

/** Characters that can start markup in a paragraph; everything else is copied as it is. */
// No `~`: a paper's Markdown has no GFM, so `~~struck~~` is shown as written.
const SPECIAL = /[\\`$<![*_&]/g;

/** One paragraph's inline Markdown as prose and math. */
function scanInline(source: string): Segment[] {
  const tokens: Token[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain !== '') tokens.push({ kind: 'text', text: plain });
    plain = '';
  };
  let index = 0;
  while (index < source.length) {
    // Copy the run of ordinary characters up to the next one that can start markup in one slice.
    SPECIAL.lastIndex = index;
    const special = SPECIAL.exec(source)?.index ?? source.length;
    if (special > index) {
      plain += source.slice(index, special);
      index = special;
      continue;
    }
    const char = source[index] ?? '';
    if (char === '\\') {
      const next = source[index + 1];
      if (next !== undefined && ESCAPABLE.has(next)) {
        plain += next;
        index += 2;
        continue;
      }
      if (next === '\n') {
        plain += ' ';
        index += 2;
        continue;
      }
      plain += char;
      index += 1;
      continue;
    }
    if (char === '`' || char === '$') {
      const size = runLength(source, index, char);
      const close = closingRun(source, index + size, char, size);
      if (close === -1) {
        plain += char.repeat(size);
        index += size;
        continue;
      }
      const content = spanContent(source.slice(index + size, close));
      if (char === '`') plain += content;
      else {
        flush();
        tokens.push({ kind: 'math', tex: content, display: false });
      }
      index = close + size;
      continue;
    }
    if (char === '&') {
      // Decoded here, where the page's parser decodes it (not in code, math or link destinations);
      // each output escapes the text once for its own format.
      const reference = characterReference(source, index);
      if (reference !== undefined) {
        plain += reference.text;
        index += reference.length;
        continue;
      }
    }
    if (char === '<') {
      const rest = source.slice(index, index + 2000);
      const link = AUTOLINK.exec(rest) ?? EMAIL_AUTOLINK.exec(rest);
      if (link) {
        plain += link[1];
        index += link[0].length;
        continue;
      }
      const tag = HTML_TAG.exec(rest);
      if (tag) {
        // Raw HTML never reaches a page (the sanitizer drops it); it is not part of the text either.
        index += tag[0].length;
        continue;
      }
    }
    if (char === '!' && source[index + 1] === '[') {
      const close = matchingBracket(source, index + 1);
      const end = close === -1 ? -1 : destinationEnd(source, close + 1);
      if (end !== -1) {
        // Images are removed from abstracts by the sanitizer, alt text included.
        index = end;
        continue;
      }
    }
    if (char === '[') {
      const close = matchingBracket(source, index);
      if (close !== -1) {
        const end = destinationEnd(source, close + 1);
        const reference = /^\[[^\]\n]*\]/.exec(source.slice(close + 1));
        if (end !== -1 || reference) {
          flush();
          tokens.push(...scanInline(source.slice(index + 1, close)));
          index = end !== -1 ? end : close + 1 + (reference?.[0].length ?? 0);
          continue;
        }
      }
    }
    if (char === '*' || char === '_') {
      const size = runLength(source, index, char);
      const { open, close } = flanking(source, index, size);
      flush();
      tokens.push({ kind: 'delimiter', run: char.repeat(size), open, close, markup: false });
      index += size;
      continue;
    }
    plain += char;
    index += 1;
  }
  flush();
  return tidy(resolveDelimiters(tokens));
}

const MATH_FENCE_OPEN = /^ {0,3}(\${2,})([^$]*)$/;
const MATH_FENCE_CLOSE = /^ {0,3}\${2,}\s*$/;
/** A code fence: three or more backticks or tildes; a backtick fence's info string holds no backtick. */
const CODE_FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const CODE_FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const QUOTE_MARKER = /^ {0,3}> ?/;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
/** A thematic break, or a setext heading's underline: either ends the paragraph before it. */
const PARAGRAPH_END = /^ {0,3}(?:([-*_])(?:[ \t]*\1){2,}|=+|-+)[ \t]*$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?=[ \t]|$)/;

/** Columns of indentation at the start of `line`, a tab reaching the next multiple of 4 (CommonMark's rule). */
function indentWidth(line: string): number {
  let column = 0;
  for (const char of line) {
    if (char === ' ') column += 1;
    else if (char === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}

/** `line` without its first `columns` columns of indentation, as far as it has them. */
function outdent(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (index < line.length && column < columns) {
    const char = line[index];
    if (char === ' ') column += 1;
    else if (char === '\t') {
      const next = column + 4 - (column % 4);
      // A tab wider than what is removed leaves the rest of its width as spaces.
      if (next > columns) return `${' '.repeat(next - columns)}${line.slice(index + 1)}`;
      column = next;
    } else break;
    index += 1;
  }
  return line.slice(index);
}

/** A line inside its block quotes: how many `>` markers open it (up to `most`), and the text after them. */
function unquote(line: string, most = Infinity): { depth: number; text: string } {
  let depth = 0;
  let text = line;
  for (let marker = QUOTE_MARKER.exec(text); marker && depth < most; marker = QUOTE_MARKER.exec(text)) {
    depth += 1;
    text = text.slice(marker[0].length);
  }
  return { depth, text };
}

/** Where a list item's content starts (a column), and the text of its first line after the marker. */
function listItem(text: string): { column: number; rest: string } | undefined {
  const marker = LIST_MARKER.exec(text);
  if (!marker) return undefined;
  const width = marker[0].length;
  // Tabs after the marker reach the next multiple of 4 counted from the line's start.
  const line = `${' '.repeat(width)}${text.slice(width)}`;
  const spaces = indentWidth(line) - width;
  // An empty first line, or one indented 5 or more past the marker (code), puts the content one column after it.
  if (line.trim() === '' || spaces > 4) return { column: width + 1, rest: outdent(line, width + 1) };
  return { column: width + spaces, rest: outdent(line, width + spaces) };
}

/** A code block as a paragraph: its text exactly as written (tags, `$` and references are code there). */
function codeParagraph(lines: readonly string[]): Segment[] | undefined {
  const text = collapseWhitespace(lines.join('\n')).trim();
  return text === '' ? undefined : [{ kind: 'text', text }];
}

/**
 * An abstract's Markdown as paragraphs of prose and math, in order. Display math blocks and code
 * blocks (indented, or fenced with backticks or tildes) are paragraphs of their own; a code block's
 * text is kept as written, with no math in it, as on the page. Headings, quotes and list markers are
 * reduced to their text: the result is for excerpts, plain-text summaries and similarity, not for the
 * page itself. Block structure follows CommonMark as far as code and math need it: block quotes and
 * the indentation of list items decide what is indented code; deeper nesting is read approximately.
 */
export function markdownParagraphs(markdown: string): Segment[][] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const paragraphs: Segment[][] = [];
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length > 0) {
      const segments = scanInline(buffer.join('\n'));
      if (segments.length > 0) paragraphs.push(segments);
      buffer = [];
    }
  };
  // Content columns of the open list items, innermost last; the quote depth they are in; the
  // content column of the open paragraph; and whether the last item opened with an empty line
  // (it then ends at a blank line unless something was put in it).
  let lists: number[] = [];
  let quotes = 0;
  let paragraphColumn = 0;
  let paragraphDepth = 0;
  let emptyItem = false;
  let codeEnd = -2;
  /** A line's text inside a container `depth` quotes deep with content at `column`; `undefined` once it has closed. */
  const inside = (line: string, depth: number, column: number): string | undefined => {
    const { depth: lineDepth, text } = unquote(line, depth);
    if (text.trim() === '') return lineDepth >= depth ? '' : undefined;
    if (lineDepth < depth || indentWidth(text) < column) return undefined;
    return outdent(text, column);
  };
  /** Indented code from `first` (its text) on, in a container; returns the index of its last line. */
  const indentedCode = (first: string, index: number, depth: number, column: number): number => {
    const body = [first];
    let last = index;
    for (let next = index + 1; next < lines.length; next += 1) {
      const line = inside(lines[next] ?? '', depth, column + 4);
      if (line === undefined) break;
      if (line === '') continue;
      // Blank lines inside belong to the code; trailing ones do not.
      for (let blank = last + 1; blank < next; blank += 1) body.push('');
      body.push(line);
      last = next;
    }
    const code = codeParagraph(body);
    if (code) paragraphs.push(code);
    codeEnd = last;
    return last;
  };
  for (let index = 0; index < lines.length; index += 1) {
    const { depth, text } = unquote(lines[index] ?? '');
    if (text.trim() === '') {
      flush();
      if (emptyItem) lists.pop();
      emptyItem = false;
      // A quote that opens or closes here closes the list items of the one before.
      if (depth !== quotes) lists = [];
      quotes = depth;
      continue;
    }
    // A deeper quote interrupts a paragraph; a shallower line may continue it (a lazy line).
    if (depth > quotes) flush();
    // The list items this line can be inside: none when it is in another quote than they are.
    const open = depth === quotes ? lists : [];
    const indent = indentWidth(text);
    const level = open.findLastIndex((column) => column <= indent);
    let column = open[level] ?? 0;
    let content = outdent(text, column);
    const startBlock = (): void => {
      // A block closes the paragraph, and the list items this line is not indented into.
      flush();
      lists = open.slice(0, level + 1);
      quotes = depth;
      emptyItem = false;
    };
    // Indented code cannot interrupt a paragraph: an indented line after prose continues it.
    if (buffer.length === 0 && indent - column >= 4) {
      startBlock();
      index = indentedCode(outdent(content, 4), index, depth, column);
      continue;
    }
    // Whether this line is inside the open paragraph's container: only there can it be the
    // paragraph's underline, or the paragraph stop an empty or numbered list item from opening.
    const inParagraph = buffer.length > 0 && depth === paragraphDepth && indent >= paragraphColumn;
    // micromark holds an empty or numbered list item right after indented code to the same rule.
    const interrupting = inParagraph || (index === codeEnd + 1 && depth === quotes);
    const ended = PARAGRAPH_END.exec(content);
    if (ended && (ended[1] !== undefined || inParagraph)) {
      // A thematic break, or a setext underline making the paragraph above a heading: neither is text.
      startBlock();
      continue;
    }
    const item = listItem(content);
    // Only a bullet item with content, or an ordered one from 1, interrupts a paragraph.
    if (item !== undefined && (!interrupting || (item.rest.trim() !== '' && /^ *(?:[-+*]|0*1[.)])/.test(content)))) {
      startBlock();
      column += item.column;
      lists.push(column);
      content = item.rest;
      if (content.trim() === '') {
        emptyItem = true;
        continue;
      }
      if (indentWidth(content) >= 4) {
        index = indentedCode(outdent(content, 4), index, depth, column);
        continue;
      }
    }
    emptyItem = false;
    const codeFence = CODE_FENCE_OPEN.exec(content);
    const mathFence = codeFence ? null : MATH_FENCE_OPEN.exec(content);
    const fence = codeFence ?? mathFence;
    if (fence) {
      if (item === undefined) startBlock();
      const marker = fence[1] ?? '$$';
      const close = codeFence ? CODE_FENCE_CLOSE : MATH_FENCE_CLOSE;
      const body: string[] = [];
      let next = index + 1;
      let closed = false;
      for (; next < lines.length; next += 1) {
        const line = inside(lines[next] ?? '', depth, column);
        // A fence ends with its container (quote or list item), or at the end of the document.
        if (line === undefined) break;
        if (close.test(line) && line.trim()[0] === marker[0] && line.trim().length >= marker.length) {
          closed = true;
          break;
        }
        body.push(line);
      }
      if (codeFence) {
        const code = codeParagraph(body);
        if (code) paragraphs.push(code);
      } else paragraphs.push([{ kind: 'math', tex: body.join('\n'), display: true }]);
      index = closed ? next : next - 1;
      continue;
    }
    if (ATX_HEADING.test(content)) {
      // A heading is one line, a block of its own.
      if (item === undefined) startBlock();
      buffer.push(content.replace(ATX_HEADING, ''));
      flush();
      continue;
    }
    if (buffer.length === 0) {
      if (item === undefined) startBlock();
      paragraphColumn = column;
      paragraphDepth = depth;
    }
    buffer.push(content);
  }
  flush();
  return paragraphs;
}
