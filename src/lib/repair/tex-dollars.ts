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
const SYMBOL = /[_^={}]|\\[,;!:]/g;
// A word of prose: three letters or more, not a command name (no backslash before it).
const PROSE_WORD = /(?<![\\A-Za-z])[A-Za-z]{3,}(?![A-Za-z])/g;
const HAS_PROSE_WORD = new RegExp(PROSE_WORD.source);

interface Signals {
  /** TeX commands (twice), sub- and superscripts, equals signs, braces, spacing commands. */
  math: number;
  /** Words of prose: three letters or more, not command names. */
  prose: number;
}

function signals(text: string): Signals {
  const commands = text.match(COMMAND)?.length ?? 0;
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
 * removal leaves pairs that read most like math inside and prose between. The text around the
 * stray is read as what the repair would make of it: its lost formula as math, the rest by where
 * it falls. Ties go to the last dollar, which is how the paragraph reads left to right anyway.
 */
export function strayDollar(text: string, dollars: readonly number[]): number | undefined {
  // Each candidate reads the whole paragraph: beyond a few dozen dollars (no real abstract has
  // them unbalanced) the left-to-right reading stands, so hostile text stays linear.
  if (dollars.length % 2 === 0 || dollars.length > MAX_DOLLARS) return undefined;
  let best: number | undefined;
  let bestScore = -Infinity;
  for (let stray = dollars.length - 1; stray >= 0; stray -= 1) {
    const at = dollars[stray] ?? 0;
    const rest = dollars.filter((_, index) => index !== stray);
    const lost = formulaAroundStray(text, at);
    let score = 0;
    for (let k = 0; k + 1 < rest.length; k += 1) {
      const from = (rest[k] ?? 0) + 1;
      const to = rest[k + 1] ?? 0;
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
    if (score > bestScore) {
      bestScore = score;
      best = stray;
    }
  }
  return best === undefined ? undefined : dollars[best];
}

/** A token that can be part of a formula written without `$`: TeX, symbols, numbers, one letter. */
function mathToken(token: string): boolean {
  const bare = token.replace(/[.,;:]$/, '');
  if (bare === '') return false;
  if (/\\[A-Za-z]|[_^=<>+\-*/|(){}[\]]/.test(bare)) return !HAS_PROSE_WORD.test(bare.replace(COMMAND, ''));
  return /^(?:\d+(?:\.\d+)?|[A-Za-z])$/.test(bare);
}

/** Whether the tokens hold a formula, not a number or a letter alone. */
function hasFormula(tokens: readonly string[]): boolean {
  return tokens.some((token) => /\\[A-Za-z]|[_^=]/.test(token));
}

/**
 * The formula that lost the stray dollar at `at`: the run of math-looking tokens glued to it on
 * the side it closes or opens (`\Delta\alpha_n=0.8\pm 1.7$` closes what starts at `\Delta`).
 * `undefined` when neither side holds a formula: then the dollar is a literal one.
 */
export function formulaAroundStray(text: string, at: number): { start: number; end: number } | undefined {
  const before = text.slice(0, at);
  const after = text.slice(at + 1);
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
    return taken > 0 && hasFormula(run) ? { start: at - length, end: at } : undefined;
  };
  const right = (): { start: number; end: number } | undefined => {
    const tokens = after.split(' ');
    let taken = 0;
    let length = 0;
    for (const token of tokens) {
      if (!mathToken(token)) break;
      taken += 1;
      length += token.length + (taken > 1 ? 1 : 0);
      if (/[.,;:]$/.test(token)) {
        length -= 1;
        break;
      }
    }
    const run = tokens.slice(0, taken);
    return taken > 0 && hasFormula(run) ? { start: at + 1, end: at + 1 + length } : undefined;
  };
  if (closes) return left();
  if (opens) return right();
  return left() ?? right();
}
