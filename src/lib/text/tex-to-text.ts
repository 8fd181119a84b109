/**
 * TeX as readable text, for places that cannot hold rendered math. One reader, two output styles:
 *
 * - `symbols`: plain Unicode as a reader sees it, for the `<title>`, meta tags, feeds, plain-text
 *   citations and similarity. `\alpha` becomes α, `x^2` becomes x², `\frac{a}{b}` becomes a/b.
 * - `words`: the search index's form. KaTeX writes every formula three times (MathML, the TeX
 *   annotation and glyph HTML); the index gets this form instead, so excerpts read cleanly and the
 *   names a reader types ("alpha", "Phi", "KL", "log") find the paper. Greek letters and named
 *   functions are spelled as words, runs of letters are words, and source spacing is ignored (it
 *   comes from operators and words). Pagefind splits words only at white space and hyphens and
 *   drops other punctuation inside a word (so `S₁^(−alpha)` would be one word, "s₁alpha"), which is
 *   why every spelled name is kept apart from neighbouring letters and digits by a space:
 *   `S₁ ^(−alpha)`.
 *
 * In both, operators and relations become their Unicode signs, simple sub- and superscripts become
 * Unicode script digits and letters, and what has no plain form keeps its letters rather than vanishing.
 * Every command of the math allow-list has a reading: a command that takes no argument reads as
 * KaTeX draws it (tex-symbols.json, generated from KaTeX by `npm run math-commands`), one that takes
 * arguments reads as its arguments (a box, an accent, a font), or as nothing when KaTeX draws them
 * invisible (`\phantom`). A command's name is text only where the page shows it (`\log`, `\TeX`) or
 * where search spells a Greek letter; a unit test walks the whole allow-list to keep it so.
 */

import { GREEK_LETTERS, GREEK_VARIANTS } from './greek-letters.ts';
import TEX_SYMBOLS from './tex-symbols.json' with { type: 'json' };
import { splitTitleMath, type Segment } from './math-text.ts';
import { singleSpaced } from './whitespace.ts';

export type TextStyle = 'symbols' | 'words';

/** Greek letters and letter-like symbols: a Unicode letter, or (in words) spelled by name. */
const LETTERS: Record<string, string> = { ...GREEK_LETTERS, ell: 'ℓ' };
/** Variant letter forms are searched by their plain name. */
const VARIANT_NAMES: Record<string, string> = GREEK_VARIANTS;
/** Named operators KaTeX sets upright: written as their name (a word of its own for search). */
// prettier-ignore
const FUNCTIONS = new Set([
  'log', 'ln', 'lg', 'exp', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos',
  'arctan', 'max', 'min', 'sup', 'inf', 'lim', 'arg', 'det', 'dim', 'ker',
  'deg', 'gcd', 'hom', 'Pr', 'tr', 'diag', 'sgn', 'softmax',
]);
// prettier-ignore
const SIGNS: Record<string, string> = {
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', ast: '∗', star: '⋆', circ: '∘', bullet: '•',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', cong: '≅',
  equiv: '≡', propto: '∝', ll: '≪', gg: '≫', in: '∈', notin: '∉', ni: '∋', subset: '⊂', subseteq: '⊆',
  supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', setminus: '∖', land: '∧', wedge: '∧', lor: '∨', vee: '∨',
  oplus: '⊕', otimes: '⊗', odot: '⊙', to: '→', rightarrow: '→', leftarrow: '←', leftrightarrow: '↔',
  Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔', mapsto: '↦', implies: '⟹', iff: '⟺', mid: '|',
  perp: '⊥', parallel: '∥', forall: '∀', exists: '∃', neg: '¬', lnot: '¬', infty: '∞', partial: '∂',
  nabla: '∇', sum: '∑', prod: '∏', int: '∫', oint: '∮', emptyset: '∅', varnothing: '∅', cdots: '⋯',
  ldots: '…', dots: '…', vdots: '⋮', langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈',
  rceil: '⌉', vert: '|', Vert: '‖', '|': '‖', top: '⊤', bot: '⊥', prime: '′', dagger: '†', hbar: 'ℏ',
  uparrow: '↑', downarrow: '↓', degree: '°', triangle: '△', square: '□', checkmark: '✓', Re: 'ℜ', Im: 'ℑ',
  aleph: 'ℵ', '{': '{', '}': '}', '%': '%', '&': '&', '#': '#', _: '_', $: '$',
};
/** Relations and binary operators get a space either side, however the source was spaced. */
const SPACED_SIGNS = new Set([
  ...'times cdot div pm mp circ leq le geq ge neq ne approx sim simeq cong equiv propto ll gg in notin ni'.split(' '),
  ...'subset subseteq supset supseteq cup cap setminus land wedge lor vee oplus otimes odot to rightarrow'.split(' '),
  ...'leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto implies iff mid perp'.split(' '),
]);
/** Spacing commands become one space; sizing and delimiter-size commands vanish. */
const SPACES = new Set([
  ',',
  ';',
  ':',
  ' ',
  'quad',
  'qquad',
  'enspace',
  'thinspace',
  'medspace',
  'thickspace',
  'newline',
]);
// prettier-ignore
const DROPPED = new Set([
  '!', 'left', 'right', 'middle', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr',
  'Biggl', 'Biggr', 'bigm', 'Bigm', 'biggm', 'Biggm', 'displaystyle', 'textstyle', 'scriptstyle',
  'scriptscriptstyle', 'limits', 'nolimits', 'nonumber', 'notag', 'hline', 'hdashline', 'bgroup', 'egroup',
  '(', ')', '[', ']',
]);
/** Font, accent, box and class commands: their argument is what a reader sees. */
// prettier-ignore
const TRANSPARENT = new Set([
  'mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathnormal', 'mathcal', 'mathscr', 'mathfrak', 'mathsfit',
  'boldsymbol', 'bm', 'bold', 'frak', 'pmb', 'operatorname', 'operatornamewithlimits', 'overline', 'underline',
  'underbar', 'widetilde', 'widehat', 'widecheck', 'utilde', 'tilde', 'hat', 'bar', 'vec', 'dot', 'ddot', 'dddot',
  'ddddot', 'check', 'breve', 'acute', 'grave', 'mathring', 'textcircled', 'overbrace', 'underbrace',
  'overbracket', 'underbracket', 'overgroup', 'undergroup', 'overleftarrow', 'overrightarrow', 'Overrightarrow',
  'overleftrightarrow', 'overleftharpoon', 'overrightharpoon', 'overlinesegment', 'underleftarrow',
  'underrightarrow', 'underleftrightarrow', 'underlinesegment', 'boxed', 'fbox', 'cancel', 'bcancel', 'xcancel',
  'sout', 'angl', 'phase', 'vcenter', 'substack', 'mathord', 'mathop', 'mathbin', 'mathrel', 'mathopen',
  'mathclose', 'mathpunct', 'mathinner',
]);
/** Drawn invisible, only to take up room: what they hold is not shown, so it is not text. */
const INVISIBLE = new Set(['phantom', 'hphantom', 'vphantom']);
/** Text accents: their argument with the accent as a combining mark (`\"o` is ö). */
// prettier-ignore
const ACCENT_MARKS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', r: '\u030A',
};
/** Extensible arrows (`\xrightarrow[below]{above}`): the arrow KaTeX draws, then its labels as scripts. */
// prettier-ignore
const EXTENSIBLE_ARROWS: Record<string, string> = {
  xrightarrow: '→', xleftarrow: '←', xRightarrow: '⇒', xLeftarrow: '⇐', xleftrightarrow: '↔', xLeftrightarrow: '⇔',
  xhookleftarrow: '↩', xhookrightarrow: '↪', xmapsto: '↦', xrightharpoondown: '⇁', xrightharpoonup: '⇀',
  xleftharpoondown: '↽', xleftharpoonup: '↼', xrightleftharpoons: '⇌', xleftrightharpoons: '⇋', xlongequal: '=',
  xtwoheadrightarrow: '↠', xtwoheadleftarrow: '↞', xtofrom: '⇄', xrightleftarrows: '⇄', xrightequilibrium: '⇌',
  xleftequilibrium: '⇋',
};
/** Quantum-mechanics brackets and set braces (braket package): the argument between its delimiters. */
// prettier-ignore
const BRACKETS: Record<string, readonly [string, string]> = {
  bra: ['⟨', '|'], Bra: ['⟨', '|'], ket: ['|', '⟩'], Ket: ['|', '⟩'], braket: ['⟨', '⟩'], Braket: ['⟨', '⟩'],
  set: ['{', '}'], Set: ['{', '}'],
};
/** Generalized fractions written between their operands (`{a \over b}`), found at a group's top level. */
const INFIX = /\\(over|choose|atop|brace|brack)(?![a-zA-Z])/y;
const ANY_INFIX = new RegExp(INFIX.source);
/** Matrix environments' delimiters, opening and closing. */
// prettier-ignore
const ENVIRONMENT_DELIMITERS: Record<string, readonly [string, string]> = {
  pmatrix: ['(', ')'], bmatrix: ['[', ']'], Bmatrix: ['{', '}'], vmatrix: ['|', '|'], Vmatrix: ['‖', '‖'],
  cases: ['{', ''], dcases: ['{', ''], rcases: ['', '}'], drcases: ['', '}'],
};
/** Environments whose `\begin` takes a second argument (a column spec, a count) that is not text. */
const ENVIRONMENT_SPECS = new Set(['array', 'darray', 'subarray', 'alignat', 'alignat*', 'alignedat']);
/** Text-mode commands: their argument is prose, kept as written (a hyphen stays a hyphen). */
// prettier-ignore
const TEXT_MODE = new Set(['text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'textnormal', 'textup', 'textmd', 'mbox', 'hbox', 'emph']);
/** Commands that take no argument, as KaTeX draws them (generated: src/lib/text/tex-symbol-table.ts). */
const DRAWN: Readonly<Record<string, string>> = TEX_SYMBOLS;
const DOUBLE_STRUCK: Record<string, string> = { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' };
// prettier-ignore
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*', '′': '′',
};
// prettier-ignore
const SUBSCRIPTS: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', o: 'ₒ',
  t: 'ₜ', x: 'ₓ', m: 'ₘ', p: 'ₚ', s: 'ₛ', l: 'ₗ', r: 'ᵣ', h: 'ₕ', u: 'ᵤ', v: 'ᵥ',
};

// In the words style, words are fenced by these while the text is assembled; the final pass turns
// fences into spaces where a word would otherwise touch a letter or digit.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const FENCES = /[\uE000\uE001]/g;

/** Formulas nest braces; anything deeper than this is not an abstract's math and is read flat. */
const MAX_DEPTH = 50;

/** A command's entry in a table; never one of Object.prototype's members (`\constructor` is just a name). */
function entry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

class Reader {
  index = 0;
  readonly source: string;
  readonly depth: number;
  readonly words: boolean;
  constructor(source: string, depth: number, words: boolean) {
    this.source = source;
    this.depth = depth;
    this.words = words;
  }

  /** A name or a run of letters as one word: fenced for search, as is in symbols. */
  word(text: string): string {
    return this.words && text !== '' ? `${OPEN}${text}${CLOSE}` : text;
  }

  skipSpaces(): void {
    while (this.source[this.index] === ' ' || this.source[this.index] === '\n') this.index += 1;
  }

  /** The raw text of the next argument: a `{group}`'s inside, a `\command` or one character. */
  rawArgument(): string {
    this.skipSpaces();
    const char = this.source[this.index];
    if (char === undefined) return '';
    if (char === '{') {
      let level = 0;
      const start = this.index;
      for (; this.index < this.source.length; this.index += 1) {
        const current = this.source[this.index];
        if (current === '\\') this.index += 1;
        else if (current === '{') level += 1;
        else if (current === '}') {
          level -= 1;
          if (level === 0) break;
        }
      }
      this.index += 1;
      return this.source.slice(start + 1, this.index - 1);
    }
    if (char === '\\') {
      const match = /^\\(?:[a-zA-Z]+|.)/.exec(this.source.slice(this.index));
      const command = match?.[0] ?? '\\';
      this.index += command.length;
      return command;
    }
    this.index += 1;
    return char;
  }

  /**
   * The next argument, converted. In symbols each argument reads as a formula of its own, trimmed
   * (`8{\times}8` is 8×8); search keeps the spaces that keep words apart.
   */
  argument(): string {
    const text = convert(this.rawArgument(), this.depth + 1, this.words);
    return this.words ? text : singleSpaced(text);
  }

  /**
   * Prose from a text-mode argument: escapes resolved, accents and text symbols (`\ss`, `\textemdash`)
   * as KaTeX draws them, other commands and braces dropped, each run of letters a word.
   */
  prose(): string {
    const text = this.rawArgument()
      .replace(/\\([%&#_{}$ ])/g, '$1')
      .replace(
        /\\([`'^"~=.]|[uvHcr](?![a-zA-Z]))\s*(?:\{([^{}]*)\}|([^\\\s{}]))?/g,
        (_all, accent: string, group?: string, char?: string) =>
          `${group ?? char ?? ''}${entry(ACCENT_MARKS, accent) ?? ''}`.normalize('NFC'),
      )
      .replace(/\\([a-zA-Z]+)\s*/g, (_all, name: string) => entry(DRAWN, name)?.trim() ?? ' ')
      .replace(/[{}]/g, '');
    return text.replace(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu, (run) => this.word(run));
  }

  /** An optional `[...]` argument's raw text ('' when there is none). */
  optional(): string {
    this.skipSpaces();
    if (this.source[this.index] !== '[') return '';
    const end = this.source.indexOf(']', this.index);
    const text = this.source.slice(this.index + 1, end === -1 ? this.source.length : end);
    this.index = end === -1 ? this.source.length : end + 1;
    return text;
  }

  /** A command KaTeX draws alone, as it draws it; in words, its names are words (`\argmax` is "arg max"). */
  drawn(text: string): string {
    if (!this.words) return /^\p{L}{2,}$/u.test(text) ? `${text}${this.operatorSpace()}` : text;
    return text.replace(/\p{L}{2,}/gu, (name) => this.word(name));
  }

  /**
   * The space KaTeX sets between an operator name and a letter, digit or command after it (`\log p`
   * is "log p", not "logp"; `\sin(x)` stays "sin(x)"). Search keeps names apart by itself.
   */
  operatorSpace(): string {
    if (this.words) return '';
    const next = this.source[this.index] ?? '';
    if (next !== '\\') return /[\p{L}\p{N}]/u.test(next) ? ' ' : '';
    // A command after it: a space unless it sizes a delimiter (`\exp\left(` is "exp(") or is space itself.
    const command = /^\\([a-zA-Z]+)/.exec(this.source.slice(this.index, this.index + 40))?.[1];
    return command !== undefined && !DROPPED.has(command) && !SPACES.has(command) ? ' ' : '';
  }

  /** A control word or symbol at `\`, converted. */
  command(): string {
    const match = /^\\([a-zA-Z]+|.?)/.exec(this.source.slice(this.index));
    const name = match?.[1] ?? '';
    this.index += (match?.[0].length ?? 1) || 1;
    // TeX ignores spaces after a control word.
    if (/^[a-zA-Z]/.test(name)) this.skipSpaces();
    if (name === '') return '';
    if (name === '\\') return ' ';
    const letter = entry(LETTERS, name);
    if (letter !== undefined) return this.words ? this.word(entry(VARIANT_NAMES, name) ?? name) : letter;
    if (FUNCTIONS.has(name)) return `${this.word(name)}${this.operatorSpace()}`;
    if (SPACES.has(name)) return ' ';
    if (DROPPED.has(name)) return '';
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      if (name === 'cfrac') this.optional();
      const top = this.argument();
      const bottom = this.argument();
      return `${wrap(top)}/${wrap(bottom)}`;
    }
    if (name === 'binom' || name === 'dbinom' || name === 'tbinom') {
      const top = this.argument();
      const bottom = this.argument();
      return `(${top} choose ${bottom})`;
    }
    if (name === 'sqrt') {
      this.optional();
      return `√${wrap(this.argument())}`;
    }
    if (name === 'mathbb' || name === 'mathbbm' || name === 'Bbb') {
      return [...this.argument()].map((letter) => DOUBLE_STRUCK[letter] ?? letter).join('');
    }
    if (TEXT_MODE.has(name) || name === 'url') return this.prose();
    if (name === 'href') {
      // \href{url}{text}: the text is what a reader sees; with trust off KaTeX shows no link.
      this.rawArgument();
      return this.prose();
    }
    if (TRANSPARENT.has(name)) return this.argument();
    if (INVISIBLE.has(name)) {
      this.rawArgument();
      return '';
    }
    const accent = entry(ACCENT_MARKS, name);
    if (accent !== undefined) return `${this.argument()}${accent}`.normalize('NFC');
    if (name === 'overset' || name === 'underset' || name === 'stackrel') {
      // What is set above reads as a superscript of the base, what is set below as a subscript.
      const label = this.argument();
      return `${this.argument()}${script(label, name !== 'underset', this.words)}`;
    }
    const arrow = entry(EXTENSIBLE_ARROWS, name);
    if (arrow !== undefined) {
      const below = convert(this.optional(), this.depth + 1, this.words);
      const above = this.argument();
      const labels = `${above === '' ? '' : script(above, true, this.words)}${below.trim() === '' ? '' : script(below, false, this.words)}`;
      return ` ${arrow}${labels} `;
    }
    const brackets = entry(BRACKETS, name);
    if (brackets !== undefined) return `${brackets[0]}${this.argument()}${brackets[1]}`;
    if (name === 'mod' || name === 'pmod' || name === 'pod') {
      const modulus = this.argument();
      if (name === 'mod') return ` ${this.word('mod')} ${modulus}`;
      return name === 'pmod' ? ` (${this.word('mod')} ${modulus})` : ` (${modulus})`;
    }
    if (name === 'tag') return ` (${this.argument()})`;
    if (name === 'begin' || name === 'end') {
      const environment = this.rawArgument().trim();
      if (name === 'begin' && ENVIRONMENT_SPECS.has(environment)) this.rawArgument();
      // An environment's rows and cells read as its entries in order; a matrix keeps its delimiters.
      const delimiters = entry(ENVIRONMENT_DELIMITERS, environment.replace(/\*$/, '')) ?? [' ', ' '];
      return name === 'begin' ? delimiters[0] : delimiters[1];
    }
    if (name === 'mathchoice') {
      // Four versions of one thing, one per style: the display one stands for all.
      const display = this.argument();
      for (let other = 0; other < 3; other += 1) this.rawArgument();
      return display;
    }
    if (name === 'not') {
      // A combining long solidus strikes the sign through; search cannot index a combining mark.
      return this.words ? `¬${this.argument()}` : ` ${this.argument().trim()}\u0338 `;
    }
    const sign = entry(SIGNS, name);
    if (sign !== undefined) return SPACED_SIGNS.has(name) ? ` ${sign} ` : sign;
    const drawn = entry(DRAWN, name);
    if (drawn !== undefined) return this.drawn(drawn);
    // A command KaTeX does not know (a site macro) keeps its name as a word: better "foo" than nothing at all.
    return /^[a-zA-Z]+$/.test(name) ? this.word(name) : '';
  }
}

/** Parentheses around a multi-character operand of `/`, so `\frac{a+b}{2}` reads (a + b)/2. */
function wrap(value: string): string {
  const visible = value.replace(FENCES, '').trim();
  return [...visible].length <= 1 || /^[\p{L}\p{N}.]+$/u.test(visible) ? value.trim() : `(${value.trim()})`;
}

/**
 * A sub- or superscript: in Unicode script characters when every character has one (x², xᵢ),
 * otherwise written out after `^` or `_`. In search, a subscript that is a name reads as that name
 * after a space ("D KL", "C Phi"), because an underscore would join it to its base as one word, and
 * a long superscript keeps the spaces around its operators; symbols packs it ("S₁^(−α)").
 */
function script(value: string, superscript: boolean, words: boolean): string {
  const table = superscript ? SUPERSCRIPTS : SUBSCRIPTS;
  const marker = superscript ? '^' : '_';
  const compact = value.replace(/\s+/g, '');
  const chars = [...compact];
  if (chars.length === 0) return words ? '' : marker;
  const named = compact.includes(OPEN);
  if (!named && chars.every((char) => table[char] !== undefined)) return chars.map((char) => table[char]).join('');
  if (words && named && !superscript) return ` ${value.trim()}`;
  if (chars.length === 1) return `${marker}${compact}`;
  return `${marker}(${words && superscript ? value.trim() : compact})`;
}

/** The first generalized fraction at the top level of `tex` (outside braces): its command and operands. */
function infixFraction(tex: string): { command: string; left: string; right: string } | undefined {
  if (!ANY_INFIX.test(tex)) return undefined;
  let level = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const char = tex[index];
    if (char === '{') level += 1;
    else if (char === '}') level -= 1;
    else if (char === '\\') {
      INFIX.lastIndex = index;
      const match = level === 0 ? INFIX.exec(tex) : null;
      if (match) {
        return { command: match[1] ?? '', left: tex.slice(0, index), right: tex.slice(index + match[0].length) };
      }
      index += 1;
    }
  }
  return undefined;
}

/** One formula converted, word fences still in place (the words style separates them at the end). */
function convert(tex: string, depth: number, words: boolean): string {
  if (depth > MAX_DEPTH) return tex.replace(/[\\{}^_]/g, ' ');
  const fraction = infixFraction(tex);
  if (fraction !== undefined) {
    // `{a \over b}` is `\frac{a}{b}`, `{n \choose k}` is `\binom{n}{k}`, and so on.
    const left = singleSpaced(convert(fraction.left, depth + 1, words));
    const right = singleSpaced(convert(fraction.right, depth + 1, words));
    if (fraction.command === 'over') return `${wrap(left)}/${wrap(right)}`;
    if (fraction.command === 'choose') return `(${left} choose ${right})`;
    if (fraction.command === 'brace') return `{${left} ${right}}`;
    if (fraction.command === 'brack') return `[${left} ${right}]`;
    return `${left} ${right}`;
  }
  const reader = new Reader(tex, depth, words);
  let out = '';
  while (reader.index < tex.length) {
    const char = tex[reader.index] ?? '';
    if (char === '\\') out += reader.command();
    else if (char === '{') out += reader.argument();
    else if (char === '^' || char === '_') {
      reader.index += 1;
      out += script(reader.argument(), char === '^', words);
    } else if (char === '~') {
      reader.index += 1;
      out += ' ';
    } else if (words && /\s/.test(char)) {
      // Math mode ignores spaces in the source; in search, spacing comes from operators and words.
      reader.index += 1;
    } else if (char === '}' || char === '&') {
      reader.index += 1;
    } else if (char === "'") {
      reader.index += 1;
      out += '′';
    } else if (words && (char === ',' || char === ';')) {
      reader.index += 1;
      out += `${char} `;
    } else if (char === '=' || char === '<' || char === '>') {
      reader.index += 1;
      out += ` ${char} `;
    } else if (char === '-' || char === '+') {
      reader.index += 1;
      const sign = char === '-' ? '−' : '+';
      // Binary after an operand ("a − b"), unary otherwise ("−1").
      const before = out.replace(/[\s\uE000\uE001]+$/, '');
      out += /[\p{L}\p{N})\]′\p{No}]$/u.test(before) ? ` ${sign} ` : sign;
    } else if (/[a-zA-Z]/.test(char)) {
      // A run of letters in math is a product of variables to TeX, but a name to a reader ("Fid", "KL").
      const run = /^[a-zA-Z]+/.exec(tex.slice(reader.index))?.[0] ?? char;
      reader.index += run.length;
      out += run.length > 1 ? reader.word(run) : run;
    } else {
      reader.index += 1;
      out += char;
    }
  }
  return out;
}

/** Characters Pagefind keeps inside a word: letters and numbers, script digits and letters included. */
const ALNUM = /[\p{L}\p{N}]/u;
/** Where Pagefind splits words: white space, and hyphens (a hyphenated word is also its parts). */
const BOUNDARY = /[\s-]/;
const OPENING = /[([{⟨]/;
const CLOSING = /[)\]}⟩|‖]/;

/**
 * Turns word fences into spaces where a word would otherwise share a chunk (text between white
 * space or hyphens) with another letter or digit, since Pagefind would fuse them into one word
 * ("S₁^(−alpha)" is "s₁alpha" to it). The space goes where it reads best: after the neighbour's
 * last letter on the left ("S₁ ^(−alpha)"), before its first letter on the right ("(alpha) x"),
 * but next to the word when a bracket would otherwise be split from its contents ("KL (p‖q)").
 */
function separateWords(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === OPEN) {
      let back = out.length - 1;
      let lastAlnum = -1;
      let closed = false;
      while (back >= 0 && !BOUNDARY.test(out[back] ?? ' ')) {
        const previous = out[back] ?? '';
        if (ALNUM.test(previous)) {
          lastAlnum = back;
          break;
        }
        if (CLOSING.test(previous)) closed = true;
        back -= 1;
      }
      if (lastAlnum !== -1) {
        const at = closed ? out.length : lastAlnum + 1;
        out = `${out.slice(0, at)} ${out.slice(at)}`;
      }
    } else if (char === CLOSE) {
      let ahead = index + 1;
      let opened = false;
      let touch = -1;
      while (ahead < text.length && !BOUNDARY.test(text[ahead] ?? ' ')) {
        const next = text[ahead] ?? '';
        if (next === OPEN || ALNUM.test(next)) {
          touch = ahead;
          break;
        }
        if (OPENING.test(next)) opened = true;
        ahead += 1;
      }
      if (touch !== -1) {
        if (opened) out += ' ';
        else {
          // The punctuation between stays with the word; the space goes before the neighbour.
          const between = text.slice(index + 1, touch).replace(FENCES, '');
          out += `${between} `;
          index = touch - 1;
        }
      }
    } else {
      out += char;
    }
  }
  return out;
}

/** One formula converted, fences still in place in words. */
function read(tex: string, words: boolean): string {
  // The fence characters are private-use code points; in search, a formula that holds them loses them.
  return convert(words ? tex.replace(FENCES, '') : tex, 0, words);
}

function finish(text: string, words: boolean): string {
  return singleSpaced(words ? separateWords(text) : text);
}

/** The readable text of one TeX formula, in `style`. */
export function texToText(tex: string, style: TextStyle): string {
  const words = style === 'words';
  return finish(read(tex, words), words);
}

/** Prose and math as one line of text, math read out in `style`. */
export function segmentsToText(segments: readonly Segment[], style: TextStyle): string {
  const words = style === 'words';
  const pieces = segments.map((segment) => {
    if (segment.kind === 'text') return words ? segment.text.replace(FENCES, '') : segment.text;
    // Symbols reads each formula on its own ("2$\times$ faster" is 2× faster); search separates a
    // formula's words from the prose around them only once the line is whole ("Learning alpha fast").
    const text = read(segment.tex, words);
    return words ? text : singleSpaced(text);
  });
  return finish(pieces.join(''), words);
}

/** A title (or any one line with `$...$` math) as text: `symbols` for `<title>`, feeds, meta tags and citations, `words` for search. */
export function titleToText(title: string, style: TextStyle): string {
  return segmentsToText(splitTitleMath(title), style);
}
