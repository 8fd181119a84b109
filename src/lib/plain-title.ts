import { splitTitleMath, type Segment } from './math-text.ts';

/**
 * TeX as readable plain text, for places that cannot hold rendered math: the `<title>`, meta tags,
 * feeds, BibTeX-free citations and similarity. `\alpha` becomes α, `x^2` becomes x², `\frac{a}{b}`
 * becomes a/b; what has no plain form keeps its letters rather than vanishing.
 */

// prettier-ignore
const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ',
  Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', cdots: '⋯', ldots: '…', dots: '…', div: '÷', pm: '±', mp: '∓', ast: '∗',
  star: '⋆', circ: '∘', bullet: '•', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠',
  approx: '≈', sim: '∼', simeq: '≃', cong: '≅', equiv: '≡', propto: '∝', ll: '≪', gg: '≫',
  in: '∈', notin: '∉', ni: '∋', subset: '⊂', subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪',
  cap: '∩', setminus: '∖', emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', neg: '¬',
  land: '∧', wedge: '∧', lor: '∨', vee: '∨', oplus: '⊕', otimes: '⊗', odot: '⊙', infty: '∞',
  partial: '∂', nabla: '∇', sum: 'Σ', prod: 'Π', int: '∫', oint: '∮', to: '→', rightarrow: '→',
  leftarrow: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔',
  mapsto: '↦', implies: '⟹', iff: '⟺', uparrow: '↑', downarrow: '↓', langle: '⟨', rangle: '⟩',
  lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', mid: '|', vert: '|', Vert: '‖', '|': '‖',
  perp: '⊥', parallel: '∥', top: '⊤', bot: '⊥', ell: 'ℓ', hbar: 'ℏ', Re: 'ℜ', Im: 'ℑ', aleph: 'ℵ',
  prime: '′', dagger: '†', degree: '°', triangle: '△', square: '□', checkmark: '✓',
  log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', max: 'max', min: 'min',
  arg: 'arg', argmax: 'argmax', argmin: 'argmin', sup: 'sup', inf: 'inf', lim: 'lim', det: 'det',
  dim: 'dim', ker: 'ker', Pr: 'Pr', deg: 'deg', gcd: 'gcd', tr: 'tr',
  '{': '{', '}': '}', '%': '%', '&': '&', '#': '#', _: '_', $: '$',
};
/** Operators and relations, written with a space either side whatever the source's spacing. */
// prettier-ignore
const SPACED = new Set([
  'times', 'cdot', 'div', 'pm', 'mp', 'circ', 'leq', 'le', 'geq', 'ge', 'neq', 'ne', 'approx', 'sim', 'simeq',
  'cong', 'equiv', 'propto', 'll', 'gg', 'in', 'notin', 'ni', 'subset', 'subseteq', 'supset', 'supseteq', 'cup',
  'cap', 'setminus', 'land', 'wedge', 'lor', 'vee', 'oplus', 'otimes', 'odot', 'to', 'rightarrow', 'leftarrow',
  'leftrightarrow', 'Rightarrow', 'Leftarrow', 'Leftrightarrow', 'mapsto', 'implies', 'iff', 'mid', 'perp',
]);
/** Spacing commands become one space; sizing and delimiter-size commands vanish. */
const SPACES = new Set([',', ';', ':', ' ', 'quad', 'qquad', 'enspace', 'thinspace', 'medspace', 'thickspace']);
// prettier-ignore
const DROPPED = new Set([
  '!', 'left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr',
  'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'nonumber', 'notag',
]);
/** Commands whose argument is shown as is (fonts, text, boxes). */
// prettier-ignore
const TRANSPARENT = new Set([
  'mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathnormal', 'boldsymbol', 'bm', 'operatorname', 'mathcal', 'mathscr', 'mathfrak', 'overline', 'underline', 'widetilde', 'widehat', 'tilde', 'hat',
  'bar', 'vec', 'dot', 'ddot', 'check', 'breve', 'acute', 'grave', 'mathring',
]);
/** Commands whose argument is prose: shown as written, with no math conversion (a hyphen stays a hyphen). */
// prettier-ignore
const TEXT_MODE = new Set(['text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'textnormal', 'textup', 'mbox', 'hbox', 'emph']);
const DOUBLE_STRUCK: Record<string, string> = { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' };
// prettier-ignore
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*', '′': '′',
};
// prettier-ignore
const SUBSCRIPTS: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ',
  n: 'ₙ', o: 'ₒ', t: 'ₜ', x: 'ₓ', m: 'ₘ', p: 'ₚ', s: 'ₛ', l: 'ₗ', r: 'ᵣ', h: 'ₕ', u: 'ᵤ', v: 'ᵥ',
};

class TexReader {
  index = 0;
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }

  /** The next argument: a `{group}`, a `\command` or one character; '' at the end. */
  argument(): string {
    this.skipSpaces();
    const char = this.source[this.index];
    if (char === undefined) return '';
    if (char === '{') return this.group();
    if (char === '\\') return this.command();
    this.index += 1;
    return char;
  }

  skipSpaces(): void {
    while (this.source[this.index] === ' ') this.index += 1;
  }

  /** A text-mode argument: its characters as written, escapes resolved, nested groups flattened. */
  prose(): string {
    this.skipSpaces();
    if (this.source[this.index] !== '{') return this.argument();
    const start = this.index;
    this.group();
    return this.source
      .slice(start + 1, this.index - 1)
      .replace(/\\([%&#_{}$ ])/g, '$1')
      .replace(/[{}]/g, '');
  }

  group(): string {
    // At "{": read to the matching "}" and convert the inside.
    let depth = 0;
    const start = this.index + 1;
    for (; this.index < this.source.length; this.index += 1) {
      const char = this.source[this.index];
      if (char === '\\') this.index += 1;
      else if (char === '{') depth += 1;
      else if (char === '}') {
        depth -= 1;
        if (depth === 0) break;
      }
    }
    const inside = this.source.slice(start, this.index);
    this.index += 1;
    return texToPlain(inside);
  }

  command(): string {
    // At "\": a control word or a control symbol.
    const match = /^\\([a-zA-Z]+|.)/.exec(this.source.slice(this.index));
    if (!match) {
      this.index += 1;
      return '';
    }
    this.index += match[0].length;
    const name = match[1] ?? '';
    // TeX ignores spaces after a control word.
    if (/^[a-zA-Z]/.test(name)) this.skipSpaces();
    if (SPACES.has(name)) return ' ';
    if (DROPPED.has(name)) return '';
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      const top = this.argument();
      const bottom = this.argument();
      return `${wrap(top)}/${wrap(bottom)}`;
    }
    if (name === 'sqrt') {
      this.skipSpaces();
      if (this.source[this.index] === '[') {
        const end = this.source.indexOf(']', this.index);
        this.index = end === -1 ? this.source.length : end + 1;
      }
      return `√${wrap(this.argument())}`;
    }
    if (name === 'mathbb' || name === 'mathbbm') {
      const letters = this.argument();
      return [...letters].map((letter) => DOUBLE_STRUCK[letter] ?? letter).join('');
    }
    if (TEXT_MODE.has(name)) return this.prose();
    if (name === 'href') {
      // \href{url}{text}: the text is what a reader sees (KaTeX, with trust off, shows no link).
      this.argument();
      return this.argument();
    }
    if (name === 'url') return this.prose();
    if (TRANSPARENT.has(name)) return this.argument();
    if (name === 'not') return ` ${this.argument().trim()}\u0338 `;
    const symbol = SYMBOLS[name];
    if (symbol !== undefined) return SPACED.has(name) ? ` ${symbol} ` : symbol;
    // An unknown command keeps its name as a word: better "foo" than nothing at all.
    return /^[a-zA-Z]+$/.test(name) ? name : '';
  }
}

/** Parentheses around a multi-character operand of `/`, so `\frac{a+b}{2}` reads (a+b)/2. */
function wrap(value: string): string {
  return [...value].length <= 1 || /^[\p{L}\p{N}.]+$/u.test(value) ? value : `(${value})`;
}

function script(value: string, table: Record<string, string>, marker: string): string {
  const chars = [...value.replace(/\s+/g, '')];
  if (chars.length === 0) return marker;
  if (chars.length > 0 && chars.every((char) => table[char] !== undefined)) {
    return chars.map((char) => table[char]).join('');
  }
  return chars.length === 1 ? `${marker}${chars[0] ?? ''}` : `${marker}(${chars.join('')})`;
}

/** Plain Unicode text for one TeX formula. */
export function texToPlain(tex: string): string {
  const reader = new TexReader(tex);
  let out = '';
  while (reader.index < tex.length) {
    const char = tex[reader.index] ?? '';
    if (char === '\\') out += reader.command();
    else if (char === '{') out += reader.group();
    else if (char === '^') {
      reader.index += 1;
      out += script(reader.argument(), SUPERSCRIPTS, '^');
    } else if (char === '_') {
      reader.index += 1;
      out += script(reader.argument(), SUBSCRIPTS, '_');
    } else if (char === '~') {
      reader.index += 1;
      out += ' ';
    } else if (char === '}' || char === '&') {
      reader.index += 1;
    } else if (char === "'") {
      reader.index += 1;
      out += '′';
    } else if (char === '=' || char === '<' || char === '>') {
      reader.index += 1;
      out += ` ${char} `;
    } else if (char === '-' || char === '+') {
      reader.index += 1;
      const sign = char === '-' ? '−' : '+';
      // Binary after an operand ("a - b" reads a − b), unary otherwise ("-1" reads −1).
      out += /[\p{L}\p{N})\]′\p{No}]$/u.test(out.trimEnd()) ? ` ${sign} ` : sign;
    } else {
      reader.index += 1;
      out += char;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Segments as one line of plain text, math in its Unicode approximation. */
export function segmentsToPlain(segments: readonly Segment[]): string {
  return segments
    .map((segment) => (segment.kind === 'text' ? segment.text : texToPlain(segment.tex)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A title as plain text: what goes in `<title>`, feeds, meta tags and sort keys. */
export function plainTitle(title: string): string {
  return segmentsToPlain(splitTitleMath(title));
}
