/**
 * Text with math in it, split into prose and formulas the way the site's Markdown pipeline
 * (remark-math) splits it, without building a syntax tree. Index pages need the first sentence and
 * the plain text of every abstract; parsing 100,000 abstracts with remark costs minutes, this scan
 * costs a fraction of a second. The unit tests hold it to remark-math's answers on real abstracts.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
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
 * `*`, `_` and `<` are the title's own characters. `\$` is a literal dollar.
 */
export function splitTitleMath(title: string): Segment[] {
  if (!title.includes('$')) return title === '' ? [] : [{ kind: 'text', text: title }];
  const out = new SegmentList();
  let index = 0;
  let plain = '';
  while (index < title.length) {
    const char = title[index];
    if (char === '\\' && index + 1 < title.length && ESCAPABLE.has(title[index + 1] ?? '')) {
      // Only the dollar's escape matters for math; other escapes are kept as written.
      plain += title[index + 1] === '$' ? '$' : title.slice(index, index + 2);
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

/** Whether a delimiter run of `*`, `_` or `~` can open and/or close emphasis (CommonMark's flanking rules). */
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
 * Pairs emphasis and strikethrough delimiters the way CommonMark does in the common cases (closer
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

/**
 * A character reference as CommonMark reads one: a named reference (checked against HTML's list
 * below), 1-7 decimal digits or 1-6 hex digits, closed by `;`. Anything else is literal text.
 */
const CHARACTER_REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/y;

/**
 * The character a reference at `index` stands for, as micromark decodes it (an invalid code point
 * is U+FFFD), and the reference's length; `undefined` when `&` starts no reference.
 */
function characterReference(source: string, index: number): { text: string; length: number } | undefined {
  CHARACTER_REFERENCE.lastIndex = index;
  const match = CHARACTER_REFERENCE.exec(source);
  if (!match) return undefined;
  const [written, hex, decimal, name] = match;
  const text =
    hex !== undefined
      ? decodeNumericCharacterReference(hex, 16)
      : decimal !== undefined
        ? decodeNumericCharacterReference(decimal, 10)
        : decodeNamedCharacterReference(name ?? '');
  return text === false ? undefined : { text, length: written.length };
}

/** Characters that can start markup in a paragraph; everything else is copied as it is. */
const SPECIAL = /[\\`$<![*_~&]/g;

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
    if (char === '*' || char === '_' || char === '~') {
      const size = runLength(source, index, char);
      // GFM strikethrough is one or two tildes; longer runs are text.
      const { open, close } = char === '~' && size > 2 ? { open: false, close: false } : flanking(source, index, size);
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
const BLOCK_PREFIX = /^ {0,3}(?:#{1,6}(?=\s|$)|>\s?|[-+*](?=\s)|\d{1,9}[.)](?=\s))\s*/;

/**
 * An abstract's Markdown as paragraphs of prose and math, in order. Display math blocks are
 * paragraphs of their own. Headings, quotes and list markers are reduced to their text: the
 * result is for excerpts, plain-text summaries and similarity, not for the page itself.
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
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const fence = MATH_FENCE_OPEN.exec(line);
    if (fence) {
      const size = fence[1]?.length ?? 2;
      const body: string[] = [];
      let closed = false;
      let next = index + 1;
      for (; next < lines.length; next += 1) {
        const candidate = lines[next] ?? '';
        if (/^ {0,3}\${2,}\s*$/.test(candidate) && candidate.trim().length >= size) {
          closed = true;
          break;
        }
        body.push(candidate);
      }
      flush();
      // An unclosed fence runs to the end of the document, as in micromark.
      paragraphs.push([{ kind: 'math', tex: body.join('\n'), display: true }]);
      index = closed ? next : lines.length;
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    buffer.push(line.replace(BLOCK_PREFIX, ''));
  }
  flush();
  return paragraphs;
}
