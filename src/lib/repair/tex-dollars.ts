/**
 * One unbalanced `$` in a paragraph: an author's formula missing its opening (or closing) dollar,
 * as in `... shifts, \Delta\alpha_n=0.8\pm 1.7$ and $\Delta\beta_n=2.0\mp 1.8$ are ...`. Read left
 * to right, that one dollar shifts every later pair: prose becomes math and math becomes prose for
 * the rest of the paragraph. This finds the dollar that has no partner, by the pairing of the
 * others that reads most like "math inside, prose outside", so the damage stays where it is.
 *
 * Only single dollars take part (a `$$` run is display math, `\$` a literal dollar), and only when
 * their count is odd: a paragraph whose dollars pair up is never re-paired.
 */
import { CHAR } from '../text/char-codes.ts';

const MAX_DOLLARS = 41;

/** Indexes of the single, unescaped dollars of `text`. */
export function singleDollars(text: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === CHAR.BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 1) continue;
    if (text.charCodeAt(i + 1) === CHAR.DOLLAR) {
      while (text.charCodeAt(i + 1) === CHAR.DOLLAR) i += 1;
      continue;
    }
    found.push(i);
  }
  return found;
}

const COMMAND = /\\[A-Za-z]+/g;
// Commands that typeset prose (citations, emphasis, links) say nothing about math.
const MATH_COMMAND =
  /\\(?!(?:cite[a-z]*|nocite|ref|eqref|autoref|cref|Cref|emph|text(?:bf|it|sl|tt|rm|sf|sc|normal|up|md)|url|href|footnote)(?![A-Za-z]))[A-Za-z]+/g;
const SYMBOL = /[_^={}]|\\[,;!:]/g;
// A word of prose: three letters or more, not a command name (no backslash before it).
const PROSE_WORD = /(?<![\\A-Za-z])[A-Za-z]{3,}(?![A-Za-z])/g;
const HAS_PROSE_WORD = new RegExp(PROSE_WORD.source);

interface Signals {
  /** Math commands (twice), sub- and superscripts, equals signs, braces, spacing commands. */
  math: number;
  /** Words of prose: three letters or more, not command names. */
  prose: number;
}

function signals(text: string): Signals {
  const commands = text.match(MATH_COMMAND)?.length ?? 0;
  const symbols = text.match(SYMBOL)?.length ?? 0;
  const prose = text.match(PROSE_WORD)?.length ?? 0;
  return { math: 2 * commands + symbols + (/\d/.test(text) && prose === 0 ? 1 : 0), prose };
}

/**
 * How well `text` fits where a pairing puts it. A formula holds almost no prose words, and prose
 * almost no TeX: each counts three times against the side it contradicts.
 */
function fit(text: string, inside: boolean): number {
  const { math, prose } = signals(text);
  return inside ? math - 3 * prose : prose - 3 * math;
}

/**
 * Which of `dollars` (indexes into `text`, an odd number of them) has no partner: the one whose
 * removal leaves pairs that read most like math inside and prose outside. Every stretch of the
 * paragraph counts once, whatever the pairing (prose before, between and after the pairs too), and
 * the text around the stray is read as what the repair would make of it: its lost formula as math,
 * the rest as prose. Only a dollar outside the pairs the others make is a candidate: one inside a
 * pair can be given no partner without re-pairing the others. Ties go to a dollar whose formula can
 * be given back, then to the last dollar, which is how the paragraph reads left to right anyway.
 */
export function strayDollar(text: string, dollars: readonly number[]): number | undefined {
  // Each candidate reads the whole paragraph: beyond a few dozen dollars (no real abstract has
  // them unbalanced) the left-to-right reading stands, so hostile text stays linear.
  if (dollars.length % 2 === 0 || dollars.length > MAX_DOLLARS) return undefined;
  let best: number | undefined;
  let bestScore = -Infinity;
  let bestResolves = false;
  // Dollars at even positions are the ones the others' pairs leave outside.
  for (let stray = dollars.length - 1; stray >= 0; stray -= 2) {
    const at = dollars[stray] ?? 0;
    const rest = dollars.filter((_, index) => index !== stray);
    const lost = formulaAroundStray(text, at);
    let score = 0;
    for (let k = -1; k < rest.length; k += 1) {
      const from = k < 0 ? 0 : (rest[k] ?? 0) + 1;
      const to = k + 1 < rest.length ? (rest[k + 1] ?? 0) : text.length;
      const inside = k % 2 === 0;
      if (lost === undefined || at < from || at > to) {
        score += fit(text.slice(from, to), inside);
        continue;
      }
      const start = Math.min(lost.start, at);
      const end = Math.max(lost.end, at + 1);
      score += fit(text.slice(lost.start, lost.end), true);
      score += fit(`${text.slice(from, start)} ${text.slice(end, to)}`, inside);
    }
    const resolves = lost !== undefined;
    if (score > bestScore || (score === bestScore && resolves && !bestResolves)) {
      bestScore = score;
      bestResolves = resolves;
      best = stray;
    }
  }
  return best === undefined ? undefined : dollars[best];
}

/** A token that can be part of a formula written without `$`: TeX, symbols, numbers, one letter. */
function mathToken(token: string): boolean {
  const bare = token.replace(/[.,;:]$/, '');
  if (bare === '') return false;
  // `80~K`: a tie inside a formula is TeX spacing.
  if (/\\[A-Za-z]|[_^=<>+\-*/|(){}[\]~]/.test(bare)) return !HAS_PROSE_WORD.test(bare.replace(COMMAND, ''));
  return /^(?:\d+(?:\.\d+)?|[A-Za-z])$/.test(bare);
}

/**
 * The formula at the start of a hyphenated word (`d-regular`, `\ell_1-regularized`,
 * `(\varepsilon,\delta)-differentially`): what comes before the hyphen when it is math and a prose
 * word follows; `undefined` otherwise.
 */
function formulaBeforeHyphen(token: string): string | undefined {
  const hyphenated = /^(.+?)-[A-Za-z]{2,}(?:-[A-Za-z]+)*[.,;:]?$/.exec(token);
  const formula = hyphenated?.[1];
  return formula !== undefined && mathToken(formula) ? formula : undefined;
}

/** Whether the tokens hold a formula, not a number or a letter alone. */
function hasFormula(tokens: readonly string[]): boolean {
  return tokens.some((token) => /\\[A-Za-z]|[_^=]/.test(token));
}

/**
 * The formula that lost the stray dollar at `at`: the run of math-looking tokens glued to it on
 * the side it closes or opens (`\Delta\alpha_n=0.8\pm 1.7$` closes what starts at `\Delta`). It
 * never reaches another dollar: a run glued to one is that dollar's formula. A dollar glued before a
 * variable opens a formula even when the variable is alone (`$d-regular`, `$N steps`): a price is a
 * number. `undefined` when neither side holds a formula: then the dollar is a literal one.
 */
export function formulaAroundStray(text: string, at: number): { start: number; end: number } | undefined {
  const previousDollar = text.lastIndexOf('$', at - 1);
  const nextDollar = text.indexOf('$', at + 1);
  const before = text.slice(previousDollar + 1, at);
  const after = text.slice(at + 1, nextDollar < 0 ? text.length : nextDollar);
  const closes = /\S$/.test(before) && !/^\S/.test(after);
  const opens = /^\S/.test(after) && !/\S$/.test(before);
  const left = (): { start: number; end: number } | undefined => {
    const tokens = before.split(' ');
    let taken = 0;
    let length = 0;
    for (let k = tokens.length - 1; k >= 0; k -= 1) {
      const token = tokens[k] ?? '';
      // Punctuation after a token ends the formula before it: `shifts, \Delta...` stops at `shifts,`.
      if (!mathToken(token) || (taken > 0 && /[.,;:]$/.test(token))) break;
      taken += 1;
      length += token.length + (taken > 1 ? 1 : 0);
    }
    const run = tokens.slice(tokens.length - taken);
    // A run glued to the dollar before it (`La$_3$`) is that dollar's formula, not a lost one.
    const delimited = previousDollar >= 0 && taken === tokens.length;
    return taken > 0 && !delimited && hasFormula(run) ? { start: at - length, end: at } : undefined;
  };
  const right = (): { start: number; end: number } | undefined => {
    const tokens = after.split(' ');
    const run: string[] = [];
    let length = 0;
    for (const token of tokens) {
      const whole = mathToken(token);
      const part = whole ? token : formulaBeforeHyphen(token);
      if (part === undefined) break;
      run.push(part);
      length += part.length + (run.length > 1 ? 1 : 0);
      if (!whole) break;
      if (/[.,;:]$/.test(token)) {
        length -= 1;
        break;
      }
    }
    const variable = run.length === 1 && /^[A-Za-z]$/.test(run[0] ?? '');
    const delimited = nextDollar >= 0 && length === after.length;
    return run.length > 0 && !delimited && (hasFormula(run) || variable)
      ? { start: at + 1, end: at + 1 + length }
      : undefined;
  };
  if (closes) return left();
  if (opens) return right();
  return left() ?? right();
}
