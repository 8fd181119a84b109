/**
 * Formulas between `$...$` in scraped text: restoring the backslashes a scraper stripped, and
 * telling a pair that swallowed prose from a real formula. The rules are in docs/tex-repair.md.
 */
import { CHAR, isAsciiLetter } from '../text/char-codes.ts';
import { GREEK, GREEK_UPPER } from '../text/greek-letters.ts';
import {
  ARGUMENT_COMMANDS,
  MATH_NAMES,
  SCRIPT_NAMES,
  SPACED_OPERATORS,
  STRONG_NAMES,
  TEXT_ARGUMENT_COMMANDS,
  splitGluedCommand,
  splitGluedOperator,
  splitNameChain,
  SIZING_COMMANDS,
} from './tex-macros.ts';
import { letterRunEnd, matchBracket } from './tex-scan.ts';

/**
 * Give back the backslashes a scraper stripped from a formula: `Acdot S_1^{-alpha}` ->
 * `A\cdot S_1^{-\alpha}`, `C_Phi` -> `C_\Phi`, `mathcal{O}` -> `\mathcal{O}`, `Phicirc` ->
 * `\Phi\circ`. Commands that still have their backslash and the arguments of text commands
 * (`\text{...}`, `\mathrm{...}`) are copied unchanged; so is everything that is not a known
 * name, which makes the function idempotent.
 */
export function restoreBackslashes(formula: string): string {
  let out = '';
  let i = 0;
  const n = formula.length;
  const sizing = sizingAllowed(formula);
  while (i < n) {
    const code = formula.charCodeAt(i);
    if (code === CHAR.BACKSLASH) {
      const nameEnd = letterRunEnd(formula, i + 1);
      if (nameEnd === i + 1) {
        out += formula.slice(i, i + 2);
        i += 2;
        continue;
      }
      const name = formula.slice(i + 1, nameEnd);
      if (TEXT_ARGUMENT_COMMANDS.has(name) && formula.charCodeAt(nameEnd) === CHAR.OPEN_BRACE) {
        const close = matchBracket(formula, nameEnd, n);
        if (close > 0) {
          out += formula.slice(i, close + 1);
          i = close + 1;
          continue;
        }
      }
      out += formula.slice(i, nameEnd);
      i = nameEnd;
      continue;
    }
    if (!isAsciiLetter(code)) {
      out += formula.charAt(i);
      i += 1;
      continue;
    }
    const end = letterRunEnd(formula, i);
    const word = formula.slice(i, end);
    const previous = formula.charCodeAt(i - 1);
    const inScript = previous === CHAR.UNDERSCORE || previous === CHAR.CARET;
    if (TEXT_ARGUMENT_COMMANDS.has(word) && formula.charCodeAt(end) === CHAR.OPEN_BRACE) {
      const close = matchBracket(formula, end, n);
      if (close > 0) {
        out += `\\${formula.slice(i, close + 1)}`;
        i = close + 1;
        continue;
      }
    }
    const chain = inScript ? undefined : splitNameChain(word, sizing && isDelimiterAt(formula, end));
    const gluedCommand = !inScript && formula.charCodeAt(end) === CHAR.OPEN_BRACE ? splitGluedCommand(word) : undefined;
    if (
      word.length > 1 &&
      (inScript ? SCRIPT_NAMES.has(word) : MATH_NAMES.has(word)) &&
      (!SHORT_RELATIONS.has(word) || betweenOperands(formula, i, end))
    ) {
      out += `\\${word}`;
    } else if (gluedCommand !== undefined) {
      const [operand, command] = gluedCommand;
      out += `${GREEK.has(operand) ? `\\${operand}` : operand}\\${command}`;
    } else if (sizing && SIZING_COMMANDS.has(word) && isDelimiterAt(formula, end)) {
      out += `\\${word}`;
    } else if (chain !== undefined) {
      out += chain.map((name) => (name.length === 1 ? name : `\\${name}`)).join('');
    } else {
      const glued = word.length > 2 && !inScript ? splitGluedOperator(word) : undefined;
      if (glued === undefined) {
        out += word;
      } else {
        const [operand, operator] = glued;
        out += `${GREEK.has(operand) ? `\\${operand}` : operand}\\${operator}`;
      }
    }
    i = end;
  }
  return out;
}

const DELIMITER = /^(?:[()[\]|.]|\\[{}|]|\\?[lr]angle)/;

/** Whether a delimiter starts at `i`: what a sizing command (`\left`, `\big`) applies to. */
function isDelimiterAt(formula: string, i: number): boolean {
  return DELIMITER.test(formula.slice(i, i + 8));
}

/**
 * Whether stripped sizing commands may be restored: every `left` before a delimiter has its
 * `right` (KaTeX refuses a `\left` alone, and the whole formula would be lost).
 */
function sizingAllowed(formula: string): boolean {
  const count = (name: string): number =>
    [...formula.matchAll(new RegExp(`${name}(?=[()[\\]|.]|\\\\[{}|]|\\\\?[lr]angle)`, 'g'))].length;
  return count('left') === count('right');
}

/**
 * `5%` -> `5\\%`: each of `chars` in `tex` that is not escaped gets its backslash (a scraper strips
 * it from `\\%`, `\\#`, `\\&` as from a command). Escaped characters and commands are kept.
 */
export function escapeTexSpecials(tex: string, chars: string): string {
  let out = '';
  for (let i = 0; i < tex.length; i += 1) {
    const char = tex.charAt(i);
    if (char === '\\') {
      out += tex.slice(i, i + 2);
      i += 1;
    } else {
      out += chars.includes(char) ? `\\${char}` : char;
    }
  }
  return out;
}

/** Capital Greek letters used as commands in `tex` (`\Phi`, `\Delta`). */
export function capitalGreekIn(tex: string, into: Set<string>): void {
  for (const match of tex.matchAll(/\\([A-Z][a-z]+)/g)) {
    const name = match[1] ?? '';
    if (GREEK_UPPER.has(name)) into.add(name);
  }
}

/**
 * Names of operators and functions (`log n`, `sum_i`, `Pr[X]`, `partial f`) that are letters of a
 * product only in contrived text: applied to an argument, each is a command that lost its backslash.
 * The words among TeX's names ("in", "to", "cup", "top") are not here: `$x_1 in X$` stays as written.
 */
const OPERATOR_NAMES: ReadonlySet<string> = new Set(
  `ell partial nabla hbar aleph log ln exp sin cos tan sinh cosh tanh arcsin arccos arctan max min sup inf
  lim liminf limsup arg det dim ker deg gcd hom Pr sum prod int oint bigcup bigcap coprod`.split(/\s+/),
);

/** Whether what follows a name is its argument: a script, a bracket, or an operand after a space. */
function appliedAt(content: string, end: number): boolean {
  return /^(?:[_^([{]| +[A-Za-z0-9\\(])/.test(content.slice(end, end + 2));
}

/** TeX's short relations, also words (French articles, MongoDB's `$ne`): evidence only between operands. */
const SHORT_RELATIONS: ReadonlySet<string> = new Set(['le', 'ge', 'ne']);

/** Whether the word at [start, end) stands between two operands: `x le y`, `(G) ge 2`. */
function betweenOperands(content: string, start: number, end: number): boolean {
  return (
    /[^\s] $/.test(content.slice(Math.max(0, start - 2), start)) &&
    /^ +[A-Za-z0-9\\({]/.test(content.slice(end, end + 3))
  );
}

/** A word that reads as prose inside a formula: lower-case or capitalized, two letters or more, not a TeX name. */
function isProseWord(word: string): boolean {
  return (
    word.length >= 2 && /^[A-Za-z][a-z]+$/.test(word) && !MATH_NAMES.has(word) && splitGluedOperator(word) === undefined
  );
}

export interface DelimitedFormula {
  /** The formula with backslashes restored (or the content unchanged when it was not mangled). */
  tex: string;
  /** Prose the `$...$` pair swallowed, from the first prose word on; '' when none. */
  prose: string;
  /** Whether the content had stripped backslashes or swallowed prose. */
  mangled: boolean;
}

/**
 * Look at the content of a `$...$` pair from scraped text. Proper TeX (backslashes present, no
 * prose) comes back unchanged. Content with stripped command names gets them back; content
 * that swallowed prose (two prose words in a row outside any bracket, as in `... S_2 Where S_1
 * is forward area and S_2`) is cut at its first prose word: what follows goes back to the prose.
 */
export function analyzeFormula(content: string): DelimitedFormula {
  let stripped = false;
  let firstProse = -1;
  let proseRun = false;
  let previousProseEnd = -2;
  let depth = 0;
  const n = content.length;
  let i = 0;
  while (i < n) {
    const code = content.charCodeAt(i);
    if (code === CHAR.BACKSLASH) {
      const nameEnd = letterRunEnd(content, i + 1);
      const name = content.slice(i + 1, nameEnd);
      if (TEXT_ARGUMENT_COMMANDS.has(name) && content.charCodeAt(nameEnd) === CHAR.OPEN_BRACE) {
        const close = matchBracket(content, nameEnd, n);
        i = close > 0 ? close + 1 : nameEnd;
      } else {
        i = Math.max(nameEnd, i + 2);
      }
      continue;
    }
    if (code === CHAR.OPEN_BRACE || code === CHAR.OPEN_PAREN || code === CHAR.OPEN_BRACKET) depth += 1;
    else if (code === CHAR.CLOSE_BRACE || code === CHAR.CLOSE_PAREN || code === CHAR.CLOSE_BRACKET)
      depth = Math.max(0, depth - 1);
    if (!isAsciiLetter(code)) {
      i += 1;
      continue;
    }
    const end = letterRunEnd(content, i);
    const word = content.slice(i, end);
    const previous = content.charCodeAt(i - 1);
    const next = content.charCodeAt(end);
    const inScript = previous === CHAR.UNDERSCORE || previous === CHAR.CARET;
    if (TEXT_ARGUMENT_COMMANDS.has(word) && next === CHAR.OPEN_BRACE) {
      stripped = true;
      const close = matchBracket(content, end, n);
      i = close > 0 ? close + 1 : end;
      continue;
    }
    if (
      STRONG_NAMES.has(word) ||
      GREEK.has(word) ||
      (SPACED_OPERATORS.has(word) && (!SHORT_RELATIONS.has(word) || betweenOperands(content, i, end))) ||
      (inScript && SCRIPT_NAMES.has(word)) ||
      (ARGUMENT_COMMANDS.has(word) && next === CHAR.OPEN_BRACE) ||
      (!inScript && next === CHAR.OPEN_BRACE && splitGluedCommand(word) !== undefined) ||
      (!inScript && splitNameChain(word) !== undefined) ||
      (SIZING_COMMANDS.has(word) && isDelimiterAt(content, end) && sizingAllowed(content)) ||
      (!inScript && OPERATOR_NAMES.has(word) && appliedAt(content, end)) ||
      (word.length > 2 && splitGluedOperator(word) !== undefined)
    ) {
      stripped = true;
    } else if (
      depth === 0 &&
      !inScript &&
      (isProseWord(word) || (SHORT_RELATIONS.has(word) && !betweenOperands(content, i, end))) &&
      next !== CHAR.UNDERSCORE &&
      next !== CHAR.CARET &&
      next !== CHAR.OPEN_PAREN &&
      next !== CHAR.OPEN_BRACE
    ) {
      if (firstProse < 0) firstProse = i;
      if (previousProseEnd >= 0 && /^\s+$/.test(content.slice(previousProseEnd, i))) proseRun = true;
      previousProseEnd = end;
    }
    i = end;
  }
  if (!stripped && !proseRun) return { tex: content, prose: '', mangled: false };
  if (!proseRun) return { tex: restoreBackslashes(content), prose: '', mangled: true };
  return {
    tex: restoreBackslashes(content.slice(0, firstProse).trim()),
    prose: content.slice(firstProse),
    mangled: true,
  };
}
