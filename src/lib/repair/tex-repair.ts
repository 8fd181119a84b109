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
import { CHAR } from '../text/char-codes.ts';
import { closingRun, runLength } from '../text/delimiter-runs.ts';
import { findUrls, isCodeUrl, unescapeUrl } from './links.ts';
import { mathError } from '../math/math-check.ts';
import { formulaAroundStray, singleDollars, strayDollar } from './tex-dollars.ts';
import { braceAccentArguments, COMMAND_TOKEN, replaceCitations, replaceFontSwitches } from './tex-prose.ts';
import { COMMON_MACRO_ALIASES } from './tex-macros.ts';
import { findBareFormulas, findConfirmedGreek, type BareFormula } from './tex-bare-formulas.ts';
import { analyzeFormula, capitalGreekIn, escapeTexSpecials } from './tex-formula.ts';
import { FORMULA_PLACEHOLDER_FIRST, isEscaped, WORD_BLOCKER } from './tex-scan.ts';
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

// Formulas get their own range, so the formula finder can tell them from other placeholders.
const PLACEHOLDER_FIRST = 0xe000;
const OTHER_COUNT = FORMULA_PLACEHOLDER_FIRST - PLACEHOLDER_FIRST;
const FORMULA_COUNT = 0xf8ff - FORMULA_PLACEHOLDER_FIRST + 1;
const PLACEHOLDER = /[\ue000-\uf8ff]/g;

interface Slot {
  /** The text this placeholder replaced, for repair records. */
  source: string;
  /** Markdown written as it is... */
  markdown?: string;
  /** ...or literal text, escaped for Markdown on output. */
  literal?: string;
  /** For a formula: its TeX (written as `$tex$`, or `$$tex$$` when `display`). */
  tex?: string;
  display?: boolean;
  /** A single escaped character (`\%`): reported when its Markdown differs from the source. */
  escape?: boolean;
  /** A URL: no formula may touch it (which text is URL depends on what is glued to it). */
  url?: boolean;
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

const UNDEFINED_COMMAND = /Undefined control sequence: \\([A-Za-z]+)/;

/**
 * `tex` with each command KaTeX does not know (an author's own macro, defined in a preamble the
 * abstract does not carry: `\si_1\si_2`) shown by its name, upright (`\mathrm{si}_1\mathrm{si}_2`),
 * and the names; `undefined` when the formula fails for another reason too. A reader sees the
 * formula as math with the unknown command visible by name, never the escaped source.
 */
function showUnknownCommands(tex: string, display = false): { tex: string; unknown: string[] } | undefined {
  let current = tex;
  const unknown: string[] = [];
  // A formula rarely uses more than a few macros of its own; the bound keeps hostile input cheap.
  for (let round = 0; round < 8; round += 1) {
    const error = mathError(current.trim(), display);
    if (error === undefined) return unknown.length > 0 ? { tex: current, unknown } : undefined;
    const name = UNDEFINED_COMMAND.exec(error)?.[1];
    if (name === undefined || unknown.includes(name)) return undefined;
    unknown.push(name);
    current = current.replace(new RegExp(`\\\\${name}(?![A-Za-z])`, 'g'), `\\mathrm{${name}}`);
  }
  return undefined;
}

/** `\Q(\sqrt{5})` -> `\mathbb{Q}(\sqrt{5})`: a formula that fails only on a common shorthand. */
function withAliases(tex: string): string {
  return tex.replace(/\\([A-Z])(?![A-Za-z])/g, (match, letter: string) => COMMON_MACRO_ALIASES[letter] ?? match);
}

/** A lost comma: a capitalized connective right after a formula (`... S_2 Where S_1 is`). */
const CONNECTIVE =
  /^(Where|Which|When|While|With|And|For|Then|Here|Thus|Hence|So|As|If|Given|Since|Because|Whereas|Wherein|Whose|That)\b/;

interface Options {
  /**
   * An abstract (Markdown: URLs become links, prose is escaped for Markdown) or a title (plain text
   * with `$...$` math, as the site reads titles: only a literal dollar or backslash is escaped, and
   * no emphasis is written).
   */
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
  private readonly slots = new Map<number, Slot>();
  private others = 0;
  private formulas = 0;
  private readonly state: DocumentState;
  private readonly options: Options;
  /** A `$` pair was split or removed: text it kept from reading as a URL may be one now. */
  dollarsRemoved = false;

  get writesEmphasis(): boolean {
    return this.options.links;
  }

  constructor(text: string, state: DocumentState, options: Options) {
    this.state = state;
    this.options = options;
    // Placeholders must be unambiguous: characters already in that range are protected first.
    this.text = /[\ue000-\uf8ff]/.test(text)
      ? text.replace(PLACEHOLDER, (char) => this.add({ source: char, literal: char }))
      : text;
  }

  add(slot: Slot): string {
    const formula = slot.tex !== undefined;
    if (formula ? this.formulas >= FORMULA_COUNT : this.others >= OTHER_COUNT) {
      throw new Error(
        `Failed to repair a paragraph with more than ${formula ? `${FORMULA_COUNT} formulas` : `${OTHER_COUNT} URLs and escapes`}: split it into paragraphs`,
      );
    }
    const code = formula ? FORMULA_PLACEHOLDER_FIRST + this.formulas++ : PLACEHOLDER_FIRST + this.others++;
    this.slots.set(code, slot);
    return String.fromCharCode(code);
  }

  slot(char: string | undefined): Slot | undefined {
    return char === undefined ? undefined : this.slots.get(char.charCodeAt(0));
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
    // One pass: a source never holds a placeholder (only a protected input character is one).
    return text.replace(PLACEHOLDER, (char) => this.slot(char)?.source ?? char);
  }

  neighbour(text: string, index: number, side: 'first' | 'last'): string | undefined {
    const char = text[index];
    const slot = this.slot(char);
    if (slot === undefined) return char;
    const written = slot.markdown ?? slot.literal ?? '';
    return side === 'first' ? written[0] : written.at(-1);
  }

  protectUrls(): void {
    this.text = this.withUrlsProtected(this.text);
  }

  /** `text` with every URL in it replaced by a placeholder (a Markdown link, or text in a title). */
  private withUrlsProtected(text: string): string {
    const ranges: Replacement[] = [];
    for (const span of findUrls(text)) {
      const source = text.slice(span.start, span.end);
      if (/[\ue000-\uf8ff]/.test(source)) continue;
      const plain = visibleUrl(source);
      if (!this.options.links) {
        // A title has no links: its URL text is only kept out of the TeX repair.
        ranges.push({
          ...span,
          replacement: this.add({ source, literal: /^\\?url\{/.test(source) ? plain : unescapeUrl(source), url: true }),
        });
        continue;
      }
      // A bare URL that becomes a link reads the same; a flattened \href or a \url{} does not.
      const changed = !source.startsWith('[') && (span.label !== undefined || plain !== unescapeUrl(source));
      const markdown = `[${escapeMarkdown(span.label ?? plain, { label: true })}](${span.url})`;
      if (changed) this.record('link', source, markdown);
      (isCodeUrl(span.url) ? this.state.code : this.state.links).push(span.url);
      ranges.push({ ...span, replacement: this.add({ source, markdown, url: true }) });
    }
    return splice(text, ranges);
  }

  /**
   * Step 2, first: one unbalanced `$` is resolved where it is (tex-dollars.ts), so it cannot shift
   * every later pair. The formula that lost its partner gets it back; a dollar with no formula
   * beside it is a literal dollar.
   */
  resolveStrayDollar(): void {
    const dollars = singleDollars(this.text);
    const stray = strayDollar(this.text, dollars);
    if (stray === undefined) return;
    const around = formulaAroundStray(this.text, stray);
    const run = around === undefined ? '' : this.text.slice(around.start, around.end);
    if (around !== undefined && !/[\ue000-\uf8ff]/.test(run) && renders(analyzeFormula(run).tex.trim())) {
      const closes = around.end === stray;
      const source = closes ? `${run}$` : `$${run}`;
      this.record('math-stray-dollar', source, `$${run}$`);
      this.text = closes
        ? `${this.text.slice(0, around.start)}$${this.text.slice(around.start)}`
        : `${this.text.slice(0, around.end)}$${this.text.slice(around.end)}`;
      return;
    }
    // The last dollar left alone is read as a literal one anyway.
    if (stray === dollars.at(-1)) return;
    this.record('math-stray-dollar', '$', '\\$');
    this.text = `${this.text.slice(0, stray)}\\$${this.text.slice(stray + 1)}`;
  }

  /** Step 2: `$...$`, `$$...$$`, `\(...\)`, `\[...\]`. */
  readDelimitedMath(): void {
    const text = this.text;
    if (!text.includes('$') && !text.includes('\\')) return;
    const n = text.length;
    let out = '';
    let last = 0;
    let i = 0;
    const interesting = /[$\\]/g;
    while (i < n) {
      interesting.lastIndex = i;
      const found = interesting.exec(text);
      if (found === null) break;
      i = found.index;
      const code = text.charCodeAt(i);
      if (code === CHAR.BACKSLASH) {
        const next = text[i + 1];
        if (next === '(' || next === '[') {
          const close = closingEscape(text, i + 2, next === '(' ? ')' : ']');
          const content = close > 0 ? text.slice(i + 2, close) : '';
          if (close > 0 && content.trim() !== '' && !/[\ue000-\uf8ff$]/.test(content)) {
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
      if (code !== CHAR.DOLLAR) {
        i += 1;
        continue;
      }
      const run = runLength(text, i, '$');
      if (run > 2) {
        i += run;
        continue;
      }
      const signed = run === 1 ? formulaWithDollarSigns(text, i + 1) : undefined;
      if (signed !== undefined) {
        out += text.slice(last, i) + this.formula(text.slice(i, signed.end + 1), signed.tex, false);
        i = signed.end + 1;
        last = i;
        continue;
      }
      const close = closingRun(text, i + run, '$', run);
      const content = close > 0 ? text.slice(i + run, close) : '';
      // `$5 budget and $10`: an opening `$` before a number, with no formula shape, is money.
      const money = run === 1 && /^\d/.test(content) && (/\s$/.test(content) || /\d/.test(text[close + 1] ?? ''));
      // No formula holds a URL: `$https://...$` is dollars around text.
      const url = /:\/\/|www\./.test(content);
      if (close < 0 || money || url || content.trim() === '' || /[\ue000-\uf8ff]/.test(content)) {
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
      this.dollarsRemoved = true;
      this.record('math-unwrap', source, content);
      return this.withUrlsProtected(content);
    }
    let tex = analysis.mangled ? analysis.tex : content;
    let rule = analysis.mangled ? (analysis.prose === '' ? 'math-backslash' : 'math-split') : 'math-delimiters';
    // Lines are joined, so a `%` would comment out the rest of the formula: it is a percent sign.
    const percents = escapeTexSpecials(tex, '%');
    if (percents !== tex) {
      tex = percents;
      rule = 'math-backslash';
    }
    // `#` and `&` are errors outside a macro or an array: a stripped `\#P`, `a \& b`.
    if (!renders(tex.trim(), displayed)) {
      const escaped = escapeTexSpecials(tex, '#&');
      if (escaped !== tex && renders(escaped.trim(), displayed)) {
        tex = escaped;
        rule = 'math-backslash';
      }
    }
    if (!renders(tex.trim(), displayed)) {
      const aliased = withAliases(tex);
      const shown =
        aliased !== tex && renders(aliased.trim(), displayed) ? undefined : showUnknownCommands(tex, displayed);
      if (aliased !== tex && renders(aliased.trim(), displayed)) {
        tex = aliased;
        rule = 'math-macro-alias';
      } else if (shown !== undefined) {
        tex = shown.tex;
        rule = 'math-unknown-command';
        for (const name of shown.unknown) this.record('unknown-command', `\\${name}`, `\\mathrm{${name}}`);
      } else {
        // Never write math KaTeX refuses: show the source as text instead. Its backslashes are
        // literal (as a second repair reads them, escaped), so no command in it is read as TeX.
        const dollars = (): string => [...delimiter].map(() => this.literal('$', '$')).join('');
        const shown = delimiter.replace(/\$/g, '\\$');
        this.record('math-unparseable', source, `${shown}${content}${shown}`);
        const text = content.replace(/\\/g, () => this.literal('\\', '\\'));
        return `${dollars()}${text}${dollars()}`;
      }
    }
    capitalGreekIn(tex, this.state.greek);
    const markdown = `${delimiter}${tex}${delimiter}`;
    const slot: Slot = { source, markdown, tex, display: displayed };
    let prose = '';
    if (analysis.prose !== '') {
      this.dollarsRemoved = true;
      const connective = CONNECTIVE.exec(analysis.prose);
      prose =
        connective === null
          ? ` ${analysis.prose}`
          : `, ${analysis.prose.charAt(0).toLowerCase()}${analysis.prose.slice(1)}`;
    }
    this.record(rule, source, `${markdown}${prose}`);
    return this.add(slot) + this.withUrlsProtected(prose);
  }

  /**
   * The text as the formula finder must see it: an escaped `_`, `^`, `\` or `.` blocks a word
   * start as the character itself did when the text was first repaired.
   */
  private formulaView(): string {
    if (this.slots.size === 0) return this.text;
    // The same on a first repair and on a second one, when characters this repair escapes come
    // back as escapes: `_`, `^`, `\\`, `.` block a word start as the characters did; `*`, `[`,
    // `<`, `!`, `-`, `+`, `#`, `>`, `)` read as themselves; `$`, `~`, backtick and braces stay opaque.
    return this.text.replace(PLACEHOLDER, (char) => {
      const literal = this.slot(char)?.literal;
      if (literal === undefined || literal.length !== 1) return char;
      if (/[_^\\.]/.test(literal)) return WORD_BLOCKER;
      return /[*[<!\-+#>)]/.test(literal) ? literal : char;
    });
  }

  /**
   * Whether a formula may be written at [start, end): KaTeX renders it, and it does not touch
   * URL text (which text is URL depends on what is glued to it, so neither may move).
   */
  private accepts(formula: BareFormula): boolean {
    const touchesUrl = (index: number, side: 'first' | 'last'): boolean =>
      this.slot(this.text[index])?.url === true &&
      /[\p{L}\p{N}/\-._~%#?=&+]/u.test(this.neighbour(this.text, index, side) ?? '');
    return renders(formula.tex) && !touchesUrl(formula.start - 1, 'last') && !touchesUrl(formula.end, 'first');
  }

  /** Step 4: formulas with no `$`. */
  wrapBareFormulas(): void {
    this.wrapFormulas(findBareFormulas(this.formulaView(), (formula) => this.accepts(formula)));
  }

  /**
   * Step 4, last: TeX commands still in the prose (`\mu0H`, `\kms`, an author's `\lam`) are math:
   * as written when KaTeX renders them, else with the unknown command shown by name.
   */
  wrapCommandTokens(): void {
    if (!this.text.includes('\\')) return;
    const ranges: Replacement[] = [];
    for (const match of this.text.matchAll(COMMAND_TOKEN)) {
      const source = match[0];
      // Written as a second repair reads the formula (`\si_1alpha` holds `\alpha` there), so that
      // it reads it unchanged.
      const analysis = analyzeFormula(source);
      if (analysis.prose !== '') continue;
      let tex = analysis.tex;
      if (!renders(tex)) {
        const shown = showUnknownCommands(tex);
        if (shown === undefined) continue;
        tex = shown.tex;
        for (const name of shown.unknown) this.record('unknown-command', `\\${name}`, `\\mathrm{${name}}`);
      }
      const markdown = `$${tex}$`;
      this.record('math-wrap', source, markdown);
      ranges.push({
        start: match.index,
        end: match.index + source.length,
        replacement: this.add({ source, markdown, tex }),
      });
    }
    this.text = splice(this.text, ranges);
  }

  /** Step 5: `models Phi and` when `C_Phi` is math in the same text. */
  wrapConfirmedGreek(): void {
    this.wrapFormulas(findConfirmedGreek(this.formulaView(), this.state.greek));
  }

  /** `$a$$b$` misparses: formulas that touch become one (`$a b$`), or only the first stays math. */
  joinTouchingFormulas(): void {
    if (this.formulas < 2) return;
    this.text = this.text.replace(/[\uf000-\uf8ff]{2,}/g, (run) => {
      const slots = [...run].map((char) => this.slot(char));
      const tex = slots.map((slot) => slot?.tex?.trim() ?? '').join(' ');
      const source = this.show(run);
      if (renders(tex)) {
        const markdown = `$${tex}$`;
        this.record('math-join', source, markdown);
        return this.add({ source, markdown, tex });
      }
      return [...run]
        .map((char, index) => (index === 0 ? char : this.add({ source: this.show(char), literal: this.show(char) })))
        .join('');
    });
  }

  private wrapFormulas(candidates: readonly BareFormula[]): void {
    const ranges: Replacement[] = [];
    for (const candidate of candidates) {
      if (!this.accepts(candidate)) continue;
      const { start, end, tex } = candidate;
      const source = this.show(this.text.slice(start, end));
      const markdown = `$${tex}$`;
      capitalGreekIn(tex, this.state.greek);
      this.record('math-wrap', source, markdown);
      ranges.push({ start, end, replacement: this.add({ source, markdown, tex }) });
    }
    this.text = splice(this.text, ranges);
  }

  /** Step 7: the paragraph as Markdown. */
  toMarkdown(): string {
    // Literal pieces are spelled out so that escaping sees the characters around them; Markdown
    // pieces stay one character each, found by position (a literal may itself be a PUA character).
    const text = this.text.includes('  ') ? this.text.replace(/ {2,}/g, ' ') : this.text;
    const escape = this.options.links ? escapeMarkdown : escapeTitle;
    if (this.slots.size === 0) {
      const trimmed = text.trim();
      return escape(trimmed);
    }
    const escapes = new Map<number, string>();
    const forced = new Set<number>();
    const markdown = new Map<number, string>();
    let expanded = '';
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      expanded += text.slice(last, match.index);
      last = match.index + 1;
      const slot = this.slot(match[0]);
      if (slot?.markdown !== undefined) {
        markdown.set(expanded.length, slot.markdown);
        expanded += match[0];
      } else if (slot?.literal !== undefined) {
        if (slot.escape === true) {
          escapes.set(expanded.length, slot.source);
          // Read as TeX syntax when repaired again if written plain: keep the backslash.
          if (/^[{}()^]$/.test(slot.literal)) forced.add(expanded.length);
        }
        expanded += slot.literal;
      } else {
        expanded += match[0];
      }
    }
    expanded += text.slice(last);
    // Spacing commands (`\,`) can leave spaces at the ends.
    const start = expanded.length - expanded.trimStart().length;
    return escape(expanded.trimEnd(), {
      start,
      forced,
      markdown,
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

/** A stretch of text to replace, `replacement` standing for [start, end). */
interface Replacement {
  start: number;
  end: number;
  replacement: string;
}

/** `text` with the given non-overlapping ranges replaced, in order. */
function splice(text: string, ranges: readonly Replacement[]): string {
  let out = '';
  let last = 0;
  for (const range of ranges) {
    out += text.slice(last, range.start) + range.replacement;
    last = range.end;
  }
  return out + text.slice(last);
}

const ESCAPED_DOLLAR = /(?<=(?:^|[^\\])(?:\\\\)*)\\\$/g;

/**
 * `$\$5$`: an author's formula with a dollar sign in it, whose content starts at `from`. The site's
 * parser closes a formula at the first `$`, escaped or not, so the sign is written as text KaTeX
 * shows (`\text{\textdollar}`); only when that formula renders. `end` is its closing dollar.
 */
function formulaWithDollarSigns(text: string, from: number): { end: number; tex: string } | undefined {
  let close = closingRun(text, from, '$', 1);
  if (close < 0 || !isEscaped(text, close)) return undefined;
  // A few signs at most in one formula; the bound keeps hostile text linear.
  for (let sign = 0; sign < 8 && close >= 0 && isEscaped(text, close); sign += 1) {
    close = closingRun(text, close + 1, '$', 1);
  }
  if (close < 0 || isEscaped(text, close)) return undefined;
  const content = text.slice(from, close);
  // `$5 and \$3 and $x$` is prices and prose: a formula holds no word, and does not start as a price.
  if (/^\d/.test(content) || /[A-Za-z]{3,}/.test(content.replace(/\\[A-Za-z]+/g, ' '))) return undefined;
  const tex = content.replace(ESCAPED_DOLLAR, String.raw`\text{\textdollar}`);
  return /[\ue000-\uf8ff]/.test(tex) || !renders(tex.trim()) ? undefined : { end: close, tex };
}

/** Where `\)` or `\]` closes, skipping escaped backslashes (`\\]` is not a closer); -1 if nowhere. */
function closingEscape(text: string, from: number, bracket: string): number {
  for (let i = text.indexOf('\\', from); i >= 0; i = text.indexOf('\\', i + 2)) {
    if (text[i + 1] === bracket) return i;
  }
  return -1;
}

/** What a reader should see for a URL written without a label: `\url{x}` shows `x`. */
function visibleUrl(source: string): string {
  const tex = /^\\?url\{([^{}]*)\}$/.exec(source);
  if (tex !== null) return unescapeUrl(tex[1] ?? source);
  const auto = /^<(.*)>$/.exec(source);
  return unescapeUrl(auto?.[1] ?? source);
}

interface EscapeOptions {
  /** Inside `[...]` of a link: `]` must be escaped too. */
  label?: boolean;
  /** Where the text starts (leading characters are skipped). */
  start?: number;
  /** Markdown to write as it is at an index, instead of the character there. */
  markdown?: ReadonlyMap<number, string>;
  /** Indexes of characters to write with a backslash whatever they are. */
  forced?: ReadonlySet<number>;
  /** Called with the index (in the text given) and what was written for every character that may need escaping. */
  onEscape?: (index: number, written: string) => void;
}

/**
 * What may need escaping anywhere in a paragraph, and placeholders; everything else is copied in
 * runs. (What needs escaping only at the start, `#`, `-`, `1.`, is handled there.)
 */
const SPECIAL = /[\\*_$[\]<!`~{}()^\ue000-\uf8ff]|''|https?:\/\/|www\./gi;

/**
 * Literal text as Markdown that shows exactly that text: no emphasis, HTML, link, footnote,
 * strikethrough, code or math can start from it, and nothing at the start reads as a block
 * (heading, quote, list).
 */
function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  let out = '';
  let last = options.start ?? 0;
  // At the start: `#`, `>`, `+`, `-` open blocks, and so do `1.` and `2)` before a space.
  const lead = /^[#>+-]|^\d{1,9}[.)](?=\s|$)/.exec(text.slice(last, last + 11));
  if (lead !== null && options.markdown?.get(last) === undefined) {
    const marker = last + lead[0].length - 1;
    out += `${text.slice(last, marker)}\\${text.charAt(marker)}`;
    options.onEscape?.(marker, `\\${text.charAt(marker)}`);
    last = marker + 1;
  }
  SPECIAL.lastIndex = last;
  for (let match = SPECIAL.exec(text); match !== null; match = SPECIAL.exec(text)) {
    const i = match.index;
    out += text.slice(last, i);
    const found = match[0];
    if (found.length > 1) {
      // `''`, `https://`, `www.`: written whole (see escapeRun for why).
      const glued = /[\p{L}\p{N}]/u.test(text.charAt(i - 1));
      const written = glued && /^w/i.test(found) ? found : escapeRun(found, options);
      out += written;
      last = i + found.length;
      continue;
    }
    last = i + 1;
    const markdown = options.markdown?.get(i);
    if (markdown !== undefined) {
      out += markdown;
      continue;
    }
    const written = escapeChar(text, i, found, options);
    options.onEscape?.(i, written);
    out += written;
  }
  return out + text.slice(last);
}

/**
 * Literal title text: the site reads a title as plain text with `$...$` math and Markdown's
 * backslash escapes (math-text.ts, splitTitleMath), so only a dollar and a backslash are escaped;
 * `*`, `_` or `<` are the title's own characters. A backslash written bare would be read as a TeX
 * command by the next repair (`\\emph{x}` gives `\x`, then `$\mathrm{x}$`).
 */
function escapeTitle(text: string, options: EscapeOptions = {}): string {
  // Copied in runs between the characters written otherwise: a string built a character at a
  // time was the largest garbage of the ingest's title repair.
  let out = '';
  let last = options.start ?? 0;
  for (let i = last; i < text.length; i += 1) {
    const markdown = options.markdown?.get(i);
    if (markdown !== undefined) {
      out += text.slice(last, i) + markdown;
      last = i + 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code !== CHAR.DOLLAR && code !== CHAR.BACKSLASH && options.forced?.has(i) !== true) continue;
    const written = `\\${text.charAt(i)}`;
    options.onEscape?.(i, written);
    out += text.slice(last, i) + written;
    last = i + 1;
  }
  return out + text.slice(last);
}

/** `''` would read as TeX's closing quote, and micromark reads `https://...` and `www....` on as a link through `$`s: references keep them text (not in a link's label: links do not nest). */
function escapeRun(found: string, options: EscapeOptions): string {
  if (found === "''") return '&#39;&#39;';
  if (options.label === true) return found;
  return found.startsWith('www') ? `${found.slice(0, 3)}&#46;` : found.replace(':', '&#58;');
}

/** How to write `char`, at `i` of `text`. */
function escapeChar(text: string, i: number, char: string, options: EscapeOptions): string {
  if (options.forced?.has(i) === true) {
    // `\^e` would read as a circumflex accent when repaired again.
    return char === '^' && /[A-Za-z]/.test(text.charAt(i + 1)) ? '&#94;' : `\\${char}`;
  }
  switch (char) {
    case '\\':
    case '*':
    case '_':
    case '$':
    case '[':
      return `\\${char}`;
    case '<':
      // Only `<` before a letter, `/`, `!` or `?` can open HTML or an autolink; `p < 0.05` stays.
      return /[A-Za-z/!?]/.test(text.charAt(i + 1)) ? '\\<' : '<';
    case '!':
      // `![x](url)` would be an image: the `!` before a link is a literal.
      return options.markdown?.get(i + 1)?.startsWith('[') === true ? '\\!' : '!';
    case ']':
      return options.label === true ? '\\]' : ']';
    case '`':
    case '~':
      // `\~n` and `` \`e `` would read as TeX accents when repaired again: use references.
      if (/[A-Za-z{]/.test(text.charAt(i + 1))) return char === '`' ? '&#96;' : '&#126;';
      return `\\${char}`;
    default:
      return char;
  }
}

function normalizeWhitespace(text: string): string[] {
  const unified = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Most titles and abstracts are one line: no paragraph break to split at, and no regex run.
  return (unified.includes('\n') ? unified.split(/\n[ \t]*\n/) : [unified])
    .map((paragraph) =>
      (/[\t\n\f\v]| {2}/.test(paragraph) ? paragraph.replace(/[ \t\n\f\v]+/g, ' ') : paragraph).trim(),
    )
    .filter((paragraph) => paragraph !== '');
}

function repair(raw: string, options: Options): RepairedText & { code: string[]; links: string[] } {
  const state: DocumentState = { repairs: [], code: [], links: [], greek: new Set() };
  // A title is one line: its paragraphs are joined before anything reads them.
  const texts = options.links ? normalizeWhitespace(raw) : [normalizeWhitespace(raw).join(' ')].filter(Boolean);
  const paragraphs = texts.map((text) => new Paragraph(text, state, options));
  for (const paragraph of paragraphs) {
    paragraph.protectUrls();
    paragraph.resolveStrayDollar();
    // Prose a `$` pair gave back may hold `\(...\)` of its own: read until nothing changes.
    for (let round = 0; round < 4; round += 1) {
      const before = paragraph.text;
      paragraph.readDelimitedMath();
      if (paragraph.dollarsRemoved) paragraph.protectUrls();
      paragraph.dollarsRemoved = false;
      if (paragraph.text === before) break;
    }
    paragraph.text = replaceBackslashSequences(paragraph.text, paragraph);
    paragraph.text = replaceTextCommands(paragraph.text, paragraph);
    paragraph.text = replaceCitations(paragraph.text, paragraph);
    paragraph.text = replaceFontSwitches(paragraph.text, paragraph);
    paragraph.text = braceAccentArguments(paragraph.text, paragraph);
    if (paragraph.text.includes('  ')) paragraph.text = paragraph.text.replace(/ {2,}/g, ' ');
    paragraph.text = keepMarkdownEmphasis(paragraph.text, paragraph);
    paragraph.wrapBareFormulas();
    paragraph.wrapCommandTokens();
  }
  // Greek names are confirmed by the whole text, so this waits for every paragraph's formulas.
  for (const paragraph of paragraphs) {
    paragraph.text = replaceTies(paragraph.text, paragraph);
    paragraph.text = replaceQuotes(paragraph.text, paragraph);
    paragraph.text = replaceDashes(paragraph.text, paragraph);
    paragraph.text = restoreSentenceSpaces(paragraph.text, paragraph);
    // After the typography: whether a name stands alone depends on the quotes and dashes around it.
    paragraph.wrapConfirmedGreek();
    paragraph.joinTouchingFormulas();
  }
  const markdown = paragraphs
    .map((paragraph) => paragraph.toMarkdown())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
  return { markdown, repairs: state.repairs, code: unique(state.code), links: unique(state.links) };
}

function unique(values: readonly string[]): string[] {
  // Most texts have no code or link, or one: no Set for those (two a text showed in the ingest's allocations).
  return values.length < 2 ? [...values] : [...new Set(values)];
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
