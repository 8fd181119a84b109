/**
 * Repairing scraped titles and abstracts into the Markdown a paper file holds: math as `$...$`
 * that KaTeX renders, clean prose, links. Scrapers strip TeX's backslashes and mangle its
 * typography (DESIGN.md, "Repairing scraped text"); this module undoes that where the evidence is
 * strong and records every change it makes.
 *
 * The repair is the product, so it is our own code, not a library. The rules, the evidence each
 * needs and the known limits are in docs/tex-repair.md. The order of the steps matters:
 *
 *   1. URLs are found first and protected: nothing below may touch them.
 *   2. `$...$` pairs (and `\(...\)`, `\[...\]`) are read: proper TeX is kept as it is, stripped
 *      command names get their backslash back, a pair that swallowed prose is cut.
 *   3. Text commands, accents and escapes in the prose (`{\em x}`, `\'{c}`, `1\%`).
 *   4. Formulas written with no `$` (`kgeq 1`, `mathcal{O}(...)`, `R^3 {times} S^2`).
 *   5. Capital Greek names standing alone, when the same text uses them as math.
 *   6. Ties, quotes, dashes, lost sentence spaces.
 *   7. The prose is escaped for Markdown, so that nothing in it becomes emphasis, HTML, a link or
 *      math by accident.
 *
 * Protected pieces are replaced by single Private Use Area characters while the later steps run,
 * and put back (as Markdown) at the end. Every formula written is checked with KaTeX using the
 * site's options; one that does not parse is never written as math.
 */
import { findUrls, isCodeUrl } from './links.ts';
import { mathError } from './math-check.ts';
import { COMMON_MACRO_ALIASES } from './tex-macros.ts';
import { analyzeFormula, capitalGreekIn, findBareFormulas, findConfirmedGreek, type BareFormula } from './tex-math.ts';
import {
  keepMarkdownEmphasis,
  replaceBackslashSequences,
  replaceDashes,
  replaceQuotes,
  replaceTextCommands,
  replaceTies,
  restoreSentenceSpaces,
  type ProseContext,
} from './tex-typography.ts';

/** One change the repair made, e.g. `{rule: 'math-wrap', before: 'kgeq 1', after: '$k\\geq 1$'}`. */
export interface Repair {
  rule: string;
  before: string;
  after: string;
}

export interface RepairedText {
  markdown: string;
  repairs: Repair[];
}

const PLACEHOLDER_FIRST = 0xe000;
const PLACEHOLDER_COUNT = 0xf8ff - 0xe000 + 1;
const PLACEHOLDER = /[\ue000-\uf8ff]/g;

function isPlaceholder(code: number): boolean {
  return code >= PLACEHOLDER_FIRST && code < PLACEHOLDER_FIRST + PLACEHOLDER_COUNT;
}

interface Slot {
  /** The text this placeholder replaced, for repair records. */
  source: string;
  /** Markdown written as it is... */
  markdown?: string;
  /** ...or literal text, escaped for Markdown on output. */
  literal?: string;
  /** A single escaped character (`\%`): reported when its Markdown differs from the source. */
  escape?: boolean;
}

// Parsing with KaTeX costs tens of microseconds; formulas repeat across a corpus (`$k$`, `$n$`).
const parseCache = new Map<string, boolean>();
const PARSE_CACHE_LIMIT = 50_000;

/** Whether KaTeX, with the site's options, renders `tex` (checked by math-check's `mathError`). */
function renders(tex: string, display = false): boolean {
  const key = display ? `$$${tex}` : tex;
  let ok = parseCache.get(key);
  if (ok === undefined) {
    ok = !tex.includes('$') && mathError(tex, display) === undefined;
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(key, ok);
  }
  return ok;
}

/** `\Q(\sqrt{5})` -> `\mathbb{Q}(\sqrt{5})`: a formula that fails only on a common shorthand. */
function withAliases(tex: string): string {
  return tex.replace(/\\([A-Z])(?![A-Za-z])/g, (match, letter: string) => COMMON_MACRO_ALIASES[letter] ?? match);
}

/** A lost comma: a capitalized connective right after a formula (`... S_2 Where S_1 is`). */
const CONNECTIVE =
  /^(Where|Which|When|While|With|And|For|Then|Here|Thus|Hence|So|As|If|Given|Since|Because|Whereas|Wherein|Whose|That|With)\b/;

interface Options {
  /** Write URLs as Markdown links (abstracts) or as plain text (titles). */
  links: boolean;
}

interface DocumentState {
  repairs: Repair[];
  code: string[];
  links: string[];
  /** Capital Greek letters the text uses as math anywhere. */
  greek: Set<string>;
}

class Paragraph implements ProseContext {
  text: string;
  readonly slots: Slot[] = [];
  private readonly state: DocumentState;

  constructor(text: string, state: DocumentState) {
    this.state = state;
    // Placeholders must be unambiguous: characters already in that range are protected first.
    this.text = text.replace(PLACEHOLDER, (char) => this.add({ source: char, literal: char }));
  }

  add(slot: Slot): string {
    if (this.slots.length >= PLACEHOLDER_COUNT) {
      throw new Error(
        `Failed to repair a paragraph with more than ${PLACEHOLDER_COUNT} URLs, formulas and escapes: split it into paragraphs`,
      );
    }
    this.slots.push(slot);
    return String.fromCharCode(PLACEHOLDER_FIRST + this.slots.length - 1);
  }

  slotAt(index: number): Slot | undefined {
    const code = this.text.charCodeAt(index);
    return isPlaceholder(code) ? this.slots[code - PLACEHOLDER_FIRST] : undefined;
  }

  keep(source: string, markdown: string): string {
    return this.add({ source, markdown });
  }

  literal(source: string, literal: string): string {
    return this.add({ source, literal, escape: source.length === 2 && source.startsWith('\\') });
  }

  record(rule: string, before: string, after: string): void {
    if (before !== after) this.state.repairs.push({ rule, before, after });
  }

  show(text: string): string {
    let shown = text;
    for (let round = 0; round < 4 && /[\ue000-\uf8ff]/.test(shown); round += 1) {
      shown = shown.replace(PLACEHOLDER, (char) => this.slots[char.charCodeAt(0) - PLACEHOLDER_FIRST]?.source ?? char);
    }
    return shown;
  }

  /** Replace the given non-overlapping ranges of the text, in order. */
  splice(ranges: readonly { start: number; end: number; replacement: string }[]): void {
    let out = '';
    let last = 0;
    for (const range of ranges) {
      out += this.text.slice(last, range.start) + range.replacement;
      last = range.end;
    }
    this.text = out + this.text.slice(last);
  }

  /** Whether a formula at [start, end) would touch another formula: `$a$$b$` misparses. */
  touchesFormula(start: number, end: number): boolean {
    return [this.slotAt(start - 1), this.slotAt(end)].some((slot) => slot?.markdown?.includes('$') === true);
  }

  protectUrls(options: Options): void {
    const ranges: { start: number; end: number; replacement: string }[] = [];
    for (const span of findUrls(this.text)) {
      const source = this.text.slice(span.start, span.end);
      if (/[\ue000-\uf8ff]/.test(source)) continue;
      const plain = visibleUrl(source);
      // A bare URL that becomes a link reads the same; a flattened \href or a \url{} does not.
      const changed = !source.startsWith('[') && (span.label !== undefined || plain !== unescapeUrl(source));
      if (options.links) {
        const markdown = `[${escapeMarkdown(span.label ?? plain, { label: true })}](${span.url})`;
        if (changed) this.record('link', source, markdown);
        (isCodeUrl(span.url) ? this.state.code : this.state.links).push(span.url);
        ranges.push({ ...span, replacement: this.keep(source, markdown) });
      } else {
        // A title has no links: a labelled URL keeps both, so nothing is lost.
        const text = span.label === undefined ? plain : `${span.label} (${urlText(source)})`;
        if (changed) this.record('link-text', source, text);
        ranges.push({ ...span, replacement: this.add({ source, literal: text }) });
      }
    }
    this.splice(ranges);
  }

  /** Step 2: `$...$`, `$$...$$`, `\(...\)`, `\[...\]`. */
  readDelimitedMath(): void {
    const text = this.text;
    const n = text.length;
    let out = '';
    let last = 0;
    let i = 0;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === 92) {
        const next = text[i + 1];
        if (next === '(' || next === '[') {
          const close = text.indexOf(next === '(' ? '\\)' : '\\]', i + 2);
          const content = close > 0 ? text.slice(i + 2, close) : '';
          if (close > 0 && !/[\ue000-\uf8ff$]/.test(content)) {
            out += text.slice(last, i) + this.formula(text.slice(i, close + 2), content, next === '[');
            i = close + 2;
            last = i;
            continue;
          }
        }
        // `\$` is a literal dollar (step 3 makes it one); `\\` is a literal backslash.
        i += 2;
        continue;
      }
      if (code !== 36) {
        i += 1;
        continue;
      }
      const run = dollarRunEnd(text, i) - i;
      if (run > 2) {
        i += run;
        continue;
      }
      const close = closingDollars(text, i + run, run);
      const content = close > 0 ? text.slice(i + run, close) : '';
      // `$5 budget and $10`: an opening `$` before a number, with no formula shape, is money.
      const money = run === 1 && /^\d/.test(content) && (/\s$/.test(content) || /\d/.test(text[close + 1] ?? ''));
      if (close < 0 || money || content.trim() === '' || /[\ue000-\uf8ff]/.test(content)) {
        i += run;
        continue;
      }
      out += text.slice(last, i) + this.formula(text.slice(i, close + run), content, run === 2);
      i = close + run;
      last = i;
    }
    this.text = out + text.slice(last);
  }

  /** The Markdown (with placeholders) for one delimited formula from the source. */
  private formula(source: string, content: string, display: boolean): string {
    const analysis = analyzeFormula(content);
    // `\[...\]` becomes inline `$...$`: an abstract is one paragraph of running text.
    const delimiter = display && source.startsWith('$$') ? '$$' : '$';
    const displayed = delimiter === '$$';
    if (analysis.tex === '') {
      // The pair held only prose.
      this.record('math-unwrap', source, content);
      return content;
    }
    let tex = analysis.mangled ? analysis.tex : content;
    let rule = analysis.mangled ? (analysis.prose === '' ? 'math-backslash' : 'math-split') : 'math-delimiters';
    if (!renders(tex.trim(), displayed)) {
      const aliased = withAliases(tex);
      if (aliased !== tex && renders(aliased.trim(), displayed)) {
        tex = aliased;
        rule = 'math-macro-alias';
      } else {
        // Never write math KaTeX refuses: show the source as text instead.
        const dollars = (): string => [...delimiter].map(() => this.literal('$', '$')).join('');
        const shown = delimiter.replace(/\$/g, '\\$');
        this.record('math-unparseable', source, `${shown}${content}${shown}`);
        return `${dollars()}${content}${dollars()}`;
      }
    }
    capitalGreekIn(tex, this.state.greek);
    const markdown = `${delimiter}${tex}${delimiter}`;
    let prose = '';
    if (analysis.prose !== '') {
      const connective = CONNECTIVE.exec(analysis.prose);
      prose =
        connective === null
          ? ` ${analysis.prose}`
          : `, ${analysis.prose.charAt(0).toLowerCase()}${analysis.prose.slice(1)}`;
    }
    this.record(rule, source, `${markdown}${prose}`);
    return this.keep(source, markdown) + prose;
  }

  /** Step 4: formulas with no `$`. */
  wrapBareFormulas(): void {
    this.wrapFormulas(findBareFormulas(this.text));
  }

  /** Step 5: `models Phi and` when `C_Phi` is math in the same text. */
  wrapConfirmedGreek(): void {
    this.wrapFormulas(findConfirmedGreek(this.text, this.state.greek));
  }

  private wrapFormulas(candidates: readonly BareFormula[]): void {
    const ranges: { start: number; end: number; replacement: string }[] = [];
    for (const candidate of candidates) {
      const tex = candidate.tex;
      if (!renders(tex) || this.touchesFormula(candidate.start, candidate.end)) continue;
      const source = this.text.slice(candidate.start, candidate.end);
      const markdown = `$${tex}$`;
      capitalGreekIn(tex, this.state.greek);
      this.record('math-wrap', this.show(source), markdown);
      ranges.push({ start: candidate.start, end: candidate.end, replacement: this.keep(source, markdown) });
    }
    this.splice(ranges);
  }

  /** Step 7: the paragraph as Markdown. */
  toMarkdown(): string {
    // Literal pieces are spelled out so that escaping sees the characters around them.
    let expanded = '';
    const escapes = new Map<number, string>();
    for (const char of this.text) {
      const code = char.charCodeAt(0);
      const slot = isPlaceholder(code) ? this.slots[code - PLACEHOLDER_FIRST] : undefined;
      if (slot?.literal === undefined) {
        expanded += char;
      } else {
        if (slot.escape === true) escapes.set(expanded.length, slot.source);
        expanded += slot.literal;
      }
    }
    return escapeMarkdown(expanded, {
      markdown: (code) => this.slots[code - PLACEHOLDER_FIRST]?.markdown,
      onEscape: (index, written) => {
        const source = escapes.get(index);
        if (source !== undefined && source !== written) {
          const word = /[\p{L}\p{N}.]*$/u.exec(expanded.slice(Math.max(0, index - 12), index))?.[0] ?? '';
          this.record('tex-escape', `${word}${source}`, `${word}${written}`);
        }
      },
    });
  }
}

function dollarRunEnd(text: string, start: number): number {
  let end = start;
  while (text.charCodeAt(end) === 36) end += 1;
  return end;
}

/** Where a math run of `run` dollars closes, as remark-math reads it: the next run of exactly that length. */
function closingDollars(text: string, from: number, run: number): number {
  let i = text.indexOf('$', from);
  while (i >= 0) {
    const end = dollarRunEnd(text, i);
    if (end - i === run) return i;
    i = text.indexOf('$', end);
  }
  return -1;
}

function unescapeUrl(text: string): string {
  return text.replace(/\\([_%#&~])/g, '$1');
}

/** What a reader should see for a URL written without a label: `\url{x}` shows `x`. */
function visibleUrl(source: string): string {
  const tex = /^\\?url\{([^{}]*)\}$/.exec(source);
  if (tex !== null) return unescapeUrl(tex[1] ?? source);
  const auto = /^<(.*)>$/.exec(source);
  return unescapeUrl(auto?.[1] ?? source);
}

/** The URL as written in a labelled spelling: `\href{x}{label}`, `x{label}`, `[label](x)`. */
function urlText(source: string): string {
  const href = /^\\?href\{([^{}]*)\}/.exec(source) ?? /\]\(([^\s]*)\)$/.exec(source);
  return unescapeUrl(href?.[1] ?? source.replace(/\{[^{}]*\}$/, ''));
}

interface EscapeOptions {
  /** Inside `[...]` of a link: `]` must be escaped too. */
  label?: boolean;
  /** Markdown for a placeholder code, written as it is. */
  markdown?: (code: number) => string | undefined;
  /** Called with the index (in the text given) and the Markdown written for every character. */
  onEscape?: (index: number, written: string) => void;
}

/**
 * Literal text as Markdown that shows exactly that text: no emphasis, HTML, link, footnote,
 * strikethrough, code or math can start from it, and nothing at the start reads as a block
 * (heading, quote, list).
 */
function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  let out = '';
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const char = text.charAt(i);
    const code = char.charCodeAt(0);
    if (isPlaceholder(code) && options.markdown !== undefined) {
      const markdown = options.markdown(code);
      if (markdown !== undefined) {
        out += markdown;
        continue;
      }
    }
    let written: string;
    switch (char) {
      case '\\':
      case '*':
      case '_':
      case '$':
      case '[':
        written = `\\${char}`;
        break;
      case '<':
        // Only `<` before a letter, `/`, `!` or `?` can open HTML or an autolink; `p < 0.05` stays.
        written = /[A-Za-z/!?]/.test(text.charAt(i + 1)) ? '\\<' : '<';
        break;
      case '!': {
        // `![x](url)` would be an image: the `!` before a link is a literal.
        const next = text.charCodeAt(i + 1);
        const link = isPlaceholder(next) && options.markdown?.(next)?.startsWith('[') === true;
        written = link ? '\\!' : '!';
        break;
      }
      case ']':
        written = options.label === true ? '\\]' : ']';
        break;
      case '`':
      case '~':
        // `\~n` and `` \`e `` would read as TeX accents when repaired again: use references.
        written = /[A-Za-z{]/.test(text.charAt(i + 1)) ? (char === '`' ? '&#96;' : '&#126;') : `\\${char}`;
        break;
      case '#':
      case '>':
      case '+':
      case '-':
        written = out === '' ? `\\${char}` : char;
        break;
      case '.':
      case ')':
        // `1. Introduction` at the start would be a list.
        written = /^\d{1,9}$/.test(out) && /^\s?$/.test(text.charAt(i + 1)) ? `\\${char}` : char;
        break;
      default:
        written = char;
    }
    options.onEscape?.(i, written);
    out += written;
  }
  return out;
}

function normalizeWhitespace(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/[ \t\n\f\v]+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}

function repair(raw: string, options: Options): RepairedText & { code: string[]; links: string[] } {
  const state: DocumentState = { repairs: [], code: [], links: [], greek: new Set() };
  const paragraphs = normalizeWhitespace(raw).map((text) => new Paragraph(text, state));
  for (const paragraph of paragraphs) {
    paragraph.protectUrls(options);
    paragraph.readDelimitedMath();
    paragraph.text = replaceTextCommands(paragraph.text, paragraph);
    paragraph.text = replaceBackslashSequences(paragraph.text, paragraph);
    paragraph.text = keepMarkdownEmphasis(paragraph.text, paragraph);
    paragraph.wrapBareFormulas();
  }
  // Greek names are confirmed by the whole text, so this waits for every paragraph's formulas.
  for (const paragraph of paragraphs) {
    paragraph.wrapConfirmedGreek();
    paragraph.text = replaceTies(paragraph.text, paragraph);
    paragraph.text = replaceQuotes(paragraph.text, paragraph);
    paragraph.text = replaceDashes(paragraph.text, paragraph);
    paragraph.text = restoreSentenceSpaces(paragraph.text, paragraph);
  }
  const markdown = paragraphs.map((paragraph) => paragraph.toMarkdown()).join(options.links ? '\n\n' : ' ');
  return { markdown, repairs: state.repairs, code: unique(state.code), links: unique(state.links) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A title as one line of inline Markdown: math as $...$, no links. */
export function repairTitle(raw: string): RepairedText {
  const { markdown, repairs } = repair(raw, { links: false });
  return { markdown, repairs };
}

/** An abstract as Markdown paragraphs (\n\n between them), math as $...$, URLs as Markdown links. */
export function repairAbstract(raw: string): RepairedText & { code: string[]; links: string[] } {
  return repair(raw, { links: true });
}
