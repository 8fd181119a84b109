/**
 * Formulas written with no `$` at all in scraped text (`kgeq 1`, `8times 8`, `C_Phi`): an
 * expression grammar over the text, a formula accepted only with evidence. The rules are in
 * docs/tex-repair.md. Everything here is a linear scan with small bounded look-aheads, so a
 * paragraph costs time proportional to its length.
 */
import { CHAR, isAsciiAlnum, isAsciiDigit, isAsciiLetter } from '../text/char-codes.ts';
import { GREEK, GREEK_UPPER } from '../text/greek-letters.ts';
import {
  ARGUMENT_COMMANDS,
  GLUED_OPERATORS,
  INFIX_ARROWS,
  MATH_NAMES,
  PREFIX_OPERATORS,
  SCRIPT_NAMES,
  SPACED_OPERATORS,
  STRONG_NAMES,
  WORDLIKE_OPERATORS,
  splitGluedCommand,
  splitGluedOperator,
  splitNameChain,
} from './tex-macros.ts';
import {
  digitRunEnd,
  FORMULA_PLACEHOLDER_FIRST,
  isGlued,
  letterRunEnd,
  matchBracket,
  WORD_BLOCKER,
  WORD_BLOCKER_CODE,
} from './tex-scan.ts';
import { restoreBackslashes } from './tex-formula.ts';
import { refusedForSize } from '../math/math-check.ts';

type OperandKind = 'variable' | 'number' | 'greek' | 'symbol' | 'word' | 'group';

interface Operand {
  end: number;
  kind: OperandKind;
  /** Strong evidence of math: a script, a command with an argument, a glued operator... */
  strong: boolean;
  /** Ends with an operator that wants an operand after it (`Acdot`, `2.5times`). */
  trailingOperator: boolean;
}

interface Operator {
  end: number;
  strong: boolean;
  relation: boolean;
  /** Also an English word ("times"): the operands around it must be real variables. */
  wordlike: boolean;
}

/** Where a word may start: not inside another word or a command name. */
function isWordStart(text: string, i: number): boolean {
  const previous = text.charCodeAt(i - 1);
  if (Number.isNaN(previous)) return true;
  if (
    isGlued(previous) ||
    previous === CHAR.BACKSLASH ||
    previous === CHAR.PERIOD ||
    previous === CHAR.UNDERSCORE ||
    previous === CHAR.CARET ||
    previous === WORD_BLOCKER_CODE
  )
    return false;
  // The second half of a hyphenated word ("top-k") is not a fresh operand.
  return !(previous === CHAR.HYPHEN && isGlued(text.charCodeAt(i - 2)));
}

type ScriptKind = 'group' | 'name' | 'digits' | 'letter' | 'sign';

/** The script after the `_` or `^` at `i`, as scraped text writes it, or undefined. */
function parseScript(text: string, i: number): { end: number; kind: ScriptKind } | undefined {
  const start = i + 1;
  const code = text.charCodeAt(start);
  if (code === CHAR.OPEN_BRACE) {
    const close = matchBracket(text, start, 200);
    return close > start ? { end: close + 1, kind: 'group' } : undefined;
  }
  if (code === CHAR.BACKSLASH) {
    const end = letterRunEnd(text, start + 1);
    return end > start + 1 ? { end, kind: 'name' } : undefined;
  }
  if (isAsciiLetter(code)) {
    const end = letterRunEnd(text, start);
    const word = text.slice(start, end);
    if (SCRIPT_NAMES.has(word)) return { end, kind: 'name' };
    return end === start + 1 && !isAsciiDigit(text.charCodeAt(end)) ? { end, kind: 'letter' } : undefined;
  }
  if (isAsciiDigit(code)) return { end: digitRunEnd(text, start), kind: 'digits' };
  if (code === CHAR.PLUS || code === CHAR.HYPHEN || code === CHAR.ASTERISK) {
    const after = text.charCodeAt(start + 1);
    if (code === CHAR.HYPHEN && isAsciiDigit(after)) return { end: digitRunEnd(text, start + 1), kind: 'digits' };
    return isAsciiAlnum(after) ? undefined : { end: start + 1, kind: 'sign' };
  }
  return undefined;
}

/** Whether bracket content reads as math: variables, numbers, TeX names and operators only. */
function isMathLike(content: string): boolean {
  if (content.trim() === '') return false;
  for (const match of content.matchAll(/[A-Za-z]+/g)) {
    const word = match[0];
    const before = content.charCodeAt(match.index - 1);
    if (word.length === 1 || before === CHAR.BACKSLASH) continue;
    if (MATH_NAMES.has(word) || splitGluedOperator(word) !== undefined) continue;
    // A command glued to its operand before its argument: `nsqrt{n}` in `O(nsqrt{n})`.
    if (content.charCodeAt(match.index + word.length) === CHAR.OPEN_BRACE && splitGluedCommand(word) !== undefined)
      continue;
    return false;
  }
  return /^[\sA-Za-z0-9\\+\-*/=<>|,;:.!'^_{}()[\]]*$/.test(content);
}

/** Greek names that follow a version number as words: `2.0beta`, `3alpha`. */
const RELEASE_NAMES: ReadonlySet<string> = new Set(['alpha', 'beta']);

const BIG_OPERATORS = /^(?:sum|prod|int|oint|lim|max|min|sup|inf|log|ln|exp|det|Pr|arg|bigcup|bigcap)$/;

/** Multi-letter names that take any script, like a single letter: `log_2`, `sum_i`, `ell_1`, `alpha_t`. */
function takesAnyScript(word: string): boolean {
  return GREEK.has(word) || /^(?:ell|log|ln|exp|max|min|sum|prod|sup|inf|lim|arg|det|Pr|int|infty)$/.test(word);
}

function parseOperand(text: string, i: number, afterOperator: boolean, wordlike: boolean): Operand | undefined {
  const code = text.charCodeAt(i);
  let end: number;
  let kind: OperandKind;
  let strong = false;
  let scriptAllowed: (script: ScriptKind) => boolean = () => true;
  let appliesToNext = false;
  if (code === CHAR.BACKSLASH) {
    // A command that kept its backslash, in prose with no `$`.
    end = letterRunEnd(text, i + 1);
    const name = text.slice(i + 1, end);
    if (!MATH_NAMES.has(name) || SPACED_OPERATORS.has(name)) return undefined;
    kind = 'symbol';
    strong = true;
    if (ARGUMENT_COMMANDS.has(name)) {
      for (let groups = 0; groups < 2 && text.charCodeAt(end) === CHAR.OPEN_BRACE; groups += 1) {
        const close = matchBracket(text, end);
        if (close < 0) return undefined;
        end = close + 1;
      }
    }
  } else if (isAsciiLetter(code)) {
    if (!isWordStart(text, i)) return undefined;
    end = letterRunEnd(text, i);
    const word = text.slice(i, end);
    if (word.length === 1) {
      if (wordlike && (word === 'a' || word === 'A' || word === 'I')) return undefined;
      kind = 'variable';
    } else if (
      text.charCodeAt(end) === CHAR.OPEN_BRACE &&
      (ARGUMENT_COMMANDS.has(word) || splitGluedCommand(word) !== undefined)
    ) {
      // `mathcal{O}`, or a command glued to an operand: `Csqrt{k}`.
      kind = 'symbol';
      strong = true;
      const argumentsEnd = commandArgumentsEnd(text, end, splitGluedCommand(word)?.[1] ?? word);
      if (argumentsEnd === undefined) return undefined;
      end = argumentsEnd;
      // TeX multiplies by juxtaposition: `frac{1}{2}x`, `frac{1}{n}sum_j`, `sqrt{2}pi`.
      const factor = gluedFactorEnd(text, end);
      if (factor !== undefined) {
        end = factor.end;
        appliesToNext = factor.appliesToNext;
      }
    } else if (GREEK.has(word)) {
      kind = 'greek';
    } else if (STRONG_NAMES.has(word) && !SPACED_OPERATORS.has(word) && !PREFIX_OPERATORS.has(word)) {
      kind = 'symbol';
      strong = true;
    } else if (splitGluedOperator(word) !== undefined) {
      // `Acdot`, `kgeq`, `Phicirc`: an operand with its operator glued on.
      return isGlued(text.charCodeAt(end))
        ? undefined
        : { end, kind: 'variable', strong: true, trailingOperator: true };
    } else {
      kind = 'word';
      const anyScript = takesAnyScript(word);
      scriptAllowed = (script) => anyScript || script === 'group' || script === 'name' || script === 'sign';
    }
  } else if (isAsciiDigit(code)) {
    if (!isWordStart(text, i) || text.charCodeAt(i - 1) === CHAR.COMMA) return undefined;
    end = digitRunEnd(text, i);
    if (text.charCodeAt(end) === CHAR.PERIOD && isAsciiDigit(text.charCodeAt(end + 1)))
      end = digitRunEnd(text, end + 1);
    kind = 'number';
    if (isAsciiLetter(text.charCodeAt(end))) {
      // `2.5times`, `8times`: a number with an operator glued on; `3D`, `5x`, `2nd` are not math.
      const wordEnd = letterRunEnd(text, end);
      const word = text.slice(end, wordEnd);
      const coefficient = GREEK.has(word) && !RELEASE_NAMES.has(word);
      const factor = coefficient ? undefined : gluedFactorEnd(text, end, true);
      if (coefficient) {
        // `2.3sigma`, `2pi`: a coefficient of a Greek letter (scripts may follow, below).
        end = wordEnd;
        strong = true;
      } else if (factor !== undefined) {
        // `2sqrt{d-1}`: a coefficient of a command.
        end = factor.end;
        strong = true;
        appliesToNext = factor.appliesToNext;
      } else {
        if (!GLUED_OPERATORS.has(word) || isGlued(text.charCodeAt(wordEnd))) return undefined;
        return { end: wordEnd, kind: 'number', strong: true, trailingOperator: true };
      }
    }
  } else if (code === CHAR.OPEN_PAREN || code === CHAR.OPEN_BRACE) {
    const close = matchBracket(text, i, 200);
    if (close < 0) return undefined;
    const scripted = text.charCodeAt(close + 1) === CHAR.CARET || text.charCodeAt(close + 1) === CHAR.UNDERSCORE;
    if (!afterOperator && !scripted) return undefined;
    if (!isMathLike(text.slice(i + 1, close))) return undefined;
    end = close + 1;
    kind = 'group';
  } else {
    return undefined;
  }

  let scripted = false;
  // Every length the operand could stop at, shortest first: if it cannot stop at the longest
  // (glued to a word, or to a script that did not parse), it stops at the longest that can.
  const stops: { end: number; strong: boolean; scripted: boolean }[] = [{ end, strong, scripted }];
  for (;;) {
    const next = text.charCodeAt(end);
    if (next === CHAR.UNDERSCORE || next === CHAR.CARET) {
      const script = parseScript(text, end);
      if (script === undefined || !scriptAllowed(script.kind)) break;
      scripted = true;
      strong = true;
      end = script.end;
      stops.push({ end, strong, scripted });
      // `sigma_8sqrt{x}`: a command glued to the script is a product.
      const factor = gluedFactorEnd(text, end, true);
      if (factor !== undefined) {
        end = factor.end;
        appliesToNext = factor.appliesToNext;
        stops.push({ end, strong, scripted });
      }
      continue;
    }
    if (next === CHAR.OPEN_PAREN && kind !== 'number') {
      // Function application: `I(x;t)`, `D_{KL}(True||Model)`, `mathcal{O}(...)`.
      if (kind === 'word' && !scripted) break;
      const close = matchBracket(text, end, 200);
      // A group glued to a word on its right (`f(x)y`) is not an argument list.
      if (close < 0 || isGlued(text.charCodeAt(close + 1))) break;
      const content = text.slice(end + 1, close);
      if (isMathLike(content)) {
        if (kind === 'variable' || kind === 'symbol' || kind === 'greek' || scripted) strong = true;
      } else if (/[.!?;:,]\s/.test(content) || content.length > 60) {
        // `S(True)` may be math when something strong joins it; a parenthetical sentence is not.
        break;
      }
      end = close + 1;
      stops.push({ end, strong, scripted });
      continue;
    }
    break;
  }
  // Glued to a word, or to a script that did not parse (`x_`, an escaped `\_`): the operand
  // cannot end there, on the first repair or on a later one.
  const canStop = (stop: { end: number; scripted: boolean }): boolean => {
    const next = text.charCodeAt(stop.end);
    return (
      !(isGlued(next) || next === CHAR.UNDERSCORE || next === CHAR.CARET || next === WORD_BLOCKER_CODE) &&
      (kind !== 'word' || stop.scripted)
    );
  };
  const stop = stops.findLast(canStop);
  if (stop === undefined) return undefined;
  ({ end, strong } = stop);
  // `sum_{i=1}^n x_i`, `log_2 n`: a big operator or function name applies to what follows.
  if (kind === 'word') appliesToNext = BIG_OPERATORS.test(text.slice(i, letterRunEnd(text, i)));
  return { end, kind, strong, trailingOperator: appliesToNext };
}

/**
 * After a command's argument (`frac{1}{2}`), the factor glued on with no space, as TeX writes a
 * product: a single letter, a Greek or operator name (`pi`, `sum`, `log`), or a command with its
 * arguments (`sqrt{n}`, `logfrac{d}{2}` with names glued before it). `commandsOnly` (after a
 * number or a script: `2sqrt{d}`, `sigma_8sqrt{x}`) takes only the last kind. `undefined` when
 * the glued letters are anything else (`{x}ing`).
 */
function gluedFactorEnd(
  text: string,
  start: number,
  commandsOnly = false,
): { end: number; appliesToNext: boolean } | undefined {
  if (!isAsciiLetter(text.charCodeAt(start))) return undefined;
  const wordEnd = letterRunEnd(text, start);
  const word = text.slice(start, wordEnd);
  if (!commandsOnly && (word.length === 1 || GREEK.has(word))) return { end: wordEnd, appliesToNext: false };
  if (!commandsOnly && BIG_OPERATORS.test(word)) return { end: wordEnd, appliesToNext: true };
  const chain = splitNameChain(word);
  const command = ARGUMENT_COMMANDS.has(word) ? word : chain?.at(-1);
  if (command !== undefined && ARGUMENT_COMMANDS.has(command) && text.charCodeAt(wordEnd) === CHAR.OPEN_BRACE) {
    const argumentsEnd = commandArgumentsEnd(text, wordEnd, command);
    if (argumentsEnd === undefined) return undefined;
    return gluedFactorEnd(text, argumentsEnd) ?? { end: argumentsEnd, appliesToNext: false };
  }
  if (!commandsOnly && chain !== undefined && chain.every((name) => GREEK.has(name) || BIG_OPERATORS.test(name))) {
    return { end: wordEnd, appliesToNext: BIG_OPERATORS.test(chain.at(-1) ?? '') };
  }
  return undefined;
}

/** The end of a command's braced arguments starting at `end` (two for `frac` and `binom`). */
function commandArgumentsEnd(text: string, end: number, command: string): number | undefined {
  const groups = /(?:frac|binom)$/.test(command) ? 2 : 1;
  let at = end;
  for (let g = 0; g < groups; g += 1) {
    if (text.charCodeAt(at) !== CHAR.OPEN_BRACE) return undefined;
    const close = matchBracket(text, at);
    if (close < 0) return undefined;
    at = close + 1;
  }
  return at;
}

/**
 * Operators that are also the words prose joins two statements with: with no backslash they are
 * those words, and the formula ends before them. (Other English operator names, "in", "to",
 * "mid", join no formula in prose: only inside brackets that read as math do they become commands.)
 */
const PROSE_CONNECTIVES: ReadonlySet<string> = new Set(['implies', 'iff']);

function parseOperator(text: string, i: number): Operator | undefined {
  let k = i;
  const spaceBefore = text.charCodeAt(k) === CHAR.SPACE;
  if (spaceBefore) k += 1;
  const code = text.charCodeAt(k);
  const symbol = /^(?:\|\||<=|>=|:=|!=|[+\-=<>/|])/.exec(text.slice(k, k + 2));
  if (symbol !== null) {
    const after = k + symbol[0].length;
    const spaceAfter = text.charCodeAt(after) === CHAR.SPACE;
    // "x- y" or "x -y" are not binary operators; a hyphen between words is not one either.
    if (spaceBefore !== spaceAfter) return undefined;
    return {
      end: spaceAfter ? after + 1 : after,
      strong: false,
      relation: /^(?:[=<>]|<=|>=|:=|!=)$/.test(symbol[0]),
      wordlike: false,
    };
  }
  if (code === CHAR.OPEN_BRACE) {
    // `R^3 {times} S^2`: an operator in braces.
    const close = matchBracket(text, k, 40);
    const name = close > 0 ? text.slice(k + 1, close).replace(/^\\/, '') : '';
    if (!SPACED_OPERATORS.has(name)) return undefined;
    const spaceAfter = text.charCodeAt(close + 1) === CHAR.SPACE;
    return { end: spaceAfter ? close + 2 : close + 1, strong: true, relation: false, wordlike: false };
  }
  if (!spaceBefore) return undefined;
  const nameStart = code === CHAR.BACKSLASH ? k + 1 : k;
  if (!isAsciiLetter(text.charCodeAt(nameStart))) return undefined;
  const end = letterRunEnd(text, nameStart);
  const name = text.slice(nameStart, end);
  if (!SPACED_OPERATORS.has(name) || text.charCodeAt(end) !== CHAR.SPACE) return undefined;
  // "x = 0 implies y = 0": a sentence joining two formulas, not one formula.
  if (nameStart === k && PROSE_CONNECTIVES.has(name)) return undefined;
  return {
    end: end + 1,
    strong: true,
    relation: false,
    wordlike: code !== CHAR.BACKSLASH && (WORDLIKE_OPERATORS.has(name) || name === 'gg' || name === 'll'),
  };
}

/** A formula found in prose: `text.slice(start, end)` is its scraped spelling. */
export interface BareFormula {
  start: number;
  end: number;
  tex: string;
}

/**
 * The expression starting at `i`, if the text there is math with evidence. Weak operands
 * (a lone variable, number or Greek name) are math only when something strong joins them.
 */
function parseExpression(text: string, i: number): number {
  let pos = i;
  let strong = false;
  // `forall kgeq 1`: prefix operators, with or without their backslash.
  for (;;) {
    const nameStart = text.charCodeAt(pos) === CHAR.BACKSLASH ? pos + 1 : pos;
    if (nameStart === pos && !isWordStart(text, pos)) break;
    const end = letterRunEnd(text, nameStart);
    if (end === nameStart || !PREFIX_OPERATORS.has(text.slice(nameStart, end))) break;
    if (text.charCodeAt(end) !== CHAR.SPACE) break;
    pos = end + 1;
    strong = true;
  }
  const first = parseOperand(text, pos, pos !== i, false);
  if (first === undefined) return -1;
  strong ||= first.strong;
  let end = first.end;
  let last = first;
  let lastStart = pos;
  let endBeforeLast = -1;
  let greek = first.kind === 'greek';
  let relation = false;
  let numbersOnly = first.kind === 'number' && !first.trailingOperator;
  for (;;) {
    if (last.trailingOperator) {
      const start = text.charCodeAt(end) === CHAR.SPACE ? end + 1 : end;
      const operand = parseOperand(text, start, true, false);
      if (operand === undefined) break;
      endBeforeLast = end;
      lastStart = start;
      last = operand;
      end = operand.end;
      strong ||= operand.strong;
      greek ||= operand.kind === 'greek';
      continue;
    }
    const operator = parseOperator(text, end);
    if (operator === undefined) break;
    const operand = parseOperand(text, operator.end, true, operator.wordlike);
    if (operand === undefined) break;
    // "10 times 5 folds": a word-like operator between two plain numbers is English ("8 times
    // 10^{-19}", a power after it, is not).
    if (operator.wordlike && numbersOnly && operand.kind === 'number' && !operand.strong) break;
    endBeforeLast = end;
    lastStart = operator.end;
    last = operand;
    end = operand.end;
    strong ||= operator.strong || operand.strong;
    relation ||= operator.relation;
    greek ||= operand.kind === 'greek';
    numbersOnly &&= operand.kind === 'number';
  }
  // A weak last operand that starts a hyphenated word ("x_1 + k-means") belongs to the word.
  if (
    endBeforeLast >= 0 &&
    !last.strong &&
    text.charCodeAt(end) === CHAR.HYPHEN &&
    isAsciiLetter(text.charCodeAt(end + 1)) &&
    lastStart > i
  ) {
    end = endBeforeLast;
  }
  return strong || (greek && relation) ? end : -1;
}

/** Whether a candidate may be written as a formula (the KaTeX check, and what is around it). */
export type AcceptFormula = (formula: BareFormula) => boolean;

/**
 * The longest refused run searched for formulas inside, term by term. A run KaTeX refuses whole
 * (`a_b_0 + a_b_1 + ...`, a double subscript in every term) was searched again from each of its
 * terms, rendering the rest each time: a 1.9 KB run took 1.5 s, and an abstract of such runs
 * minutes. A longer run is read as one too large: text whole, with only what a later repair would
 * find inside it (`insideTooLarge`). Formulas written without `$` are far shorter than this.
 */
const MAX_SEARCHED_RUN = 400;

/** Whether a refused formula was refused for its size alone (math-check.ts, `refusedForSize`). */
export type TooLarge = (tex: string) => boolean;

/**
 * Formulas written with no `$` in `text` (prose with protected pieces as placeholders), in
 * order, with their TeX. A candidate `accept` refuses is not a formula, and the search goes on
 * inside it (`C_{Phicirc Psi} > C_Psi_x_1` fails KaTeX, `Phicirc Psi` in it does not), as it
 * will when the repaired text is repaired again. A candidate refused for its size alone
 * (`tooLarge`) is text whole: where to cut it would be arbitrary, and its shorter pieces are
 * not tried one by one (that would render it again from every term: quadratic).
 */
export function findBareFormulas(
  text: string,
  accept: AcceptFormula,
  tooLarge: TooLarge = refusedForSize,
): BareFormula[] {
  if (!mayHoldFormula(text)) return [];
  const outsideAt = atTokens(text);
  const acceptOutsideAt: AcceptFormula =
    outsideAt.length === 0 ? accept : (formula) => !overlapsAny(formula, outsideAt) && accept(formula);
  return scanFormulas(text, acceptOutsideAt, tooLarge, false);
}

/**
 * The finder's scan of `text`. `nested`: `text` is a run already found too large, seen as a later
 * repair sees it; a run too large in there is text, with nothing more to look for inside.
 */
function scanFormulas(text: string, accept: AcceptFormula, tooLarge: TooLarge, nested: boolean): BareFormula[] {
  const found: BareFormula[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const startsToken =
      isAsciiLetter(code) ||
      isAsciiDigit(code) ||
      code === CHAR.BACKSLASH ||
      code === CHAR.OPEN_PAREN ||
      code === CHAR.OPEN_BRACE;
    if (!startsToken) {
      i += 1;
      continue;
    }
    if (isAsciiLetter(code)) {
      // Most words are plain English: skip them without parsing (the common case, by far).
      const wordEnd = letterRunEnd(text, i);
      if (wordEnd - i > 1 && !mayStartFormula(text, i, wordEnd)) {
        if (wordEnd - i >= 11) found.push(...infixArrows(text, i, wordEnd).filter(accept));
        i = wordEnd;
        continue;
      }
    }
    const end = parseExpression(text, i);
    if (end > i) {
      let start = i;
      let stop = end;
      while (text.charCodeAt(stop - 1) === CHAR.SPACE) stop -= 1;
      while (text.charCodeAt(start) === CHAR.SPACE) start += 1;
      const whole = { start, end: stop, tex: formulaTex(text.slice(start, stop)) };
      if (accept(whole)) {
        found.push(whole);
        i = stop;
        continue;
      }
      if (stop - start > MAX_SEARCHED_RUN || tooLarge(whole.tex)) {
        if (!nested) found.push(...insideTooLarge(text, start, stop, accept, tooLarge));
        i = stop;
        continue;
      }
      const formula = acceptedPrefix(text, i, start, stop, accept);
      if (formula !== undefined) {
        found.push(formula);
        i = formula.end;
        continue;
      }
    }
    if (isAsciiLetter(code)) {
      const wordEnd = letterRunEnd(text, i);
      const arrows = infixArrows(text, i, wordEnd);
      if (arrows.length > 0) found.push(...arrows.filter(accept));
      else if (isWordStart(text, i) && !isGlued(text.charCodeAt(wordEnd))) {
        // A name that is never English stands for itself: `rightarrow`, `infty`, `forall`.
        const word = text.slice(i, wordEnd);
        const symbol = { start: i, end: wordEnd, tex: `\\${word}` };
        if (STRONG_NAMES.has(word) && text.charCodeAt(wordEnd) !== CHAR.OPEN_BRACE && accept(symbol))
          found.push(symbol);
      }
      i = wordEnd;
    } else if (isAsciiDigit(code)) {
      i = digitRunEnd(text, i);
    } else {
      i += 1;
    }
  }
  return found;
}

const byLength = (names: Iterable<string>): string => [...names].sort((a, b) => b.length - a.length).join('|');

/** Operator and symbol names, and operators between spaces, that can make a formula with no `_`, `^`, `{`, `\\` or `(` in sight. */
const MARKER = new RegExp(
  `${byLength(new Set([...GLUED_OPERATORS, ...STRONG_NAMES].filter((name) => !GREEK.has(name))))}| (?:${byLength(SPACED_OPERATORS)}) `,
  'g',
);
const GREEK_MARKER = new RegExp(byLength(GREEK), 'g');
/** A number with a Greek name glued on: `2.3sigma`, `2pi` (not a release: `2.0beta`). */
const NUMBER_GREEK = new RegExp(
  `[0-9](?:${byLength([...GREEK].filter((name) => !RELEASE_NAMES.has(name)))})(?![A-Za-z])`,
);

/** The letters of the word ending at `end` (exclusive). */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (isAsciiLetter(text.charCodeAt(start - 1))) start -= 1;
  return text.slice(start, end);
}

/** An operand as the finder reads one with nothing but letters and digits: `m`, `8`, `Phi`. */
function isSimpleOperand(word: string): boolean {
  return word.length === 1 || GREEK.has(word);
}

/**
 * Whether the marker found at [start, end) has the shape the finder needs: a glued operator
 * after a one-letter, digit or Greek operand (`Acdot`, `5times`, `Phicirc`), a symbol standing
 * alone, an arrow anywhere, an operator between two simple operands (`m gg n`).
 */
function isMarker(text: string, start: number, end: number): boolean {
  const name = text.slice(start, end);
  if (name.endsWith('arrow')) return true;
  if (isAsciiLetter(text.charCodeAt(end)) && !name.startsWith(' ')) return false;
  if (name.startsWith(' ')) {
    const left = text.charCodeAt(start - 1);
    const right = text.charCodeAt(end);
    const rightWordEnd = letterRunEnd(text, end);
    const rightOperand =
      isAsciiDigit(right) || (isAsciiLetter(right) && isSimpleOperand(text.slice(end, rightWordEnd)));
    if ((isAsciiDigit(left) || isSimpleOperand(wordBefore(text, start))) && rightOperand) return true;
    // The name between the spaces may still be a symbol standing alone (`a rightarrow alone`).
    return isMarker(text, start + 1, end - 1);
  }
  const before = text.charCodeAt(start - 1);
  if (isAsciiDigit(before)) return true;
  const prefix = wordBefore(text, start);
  // `times` alone is English; `Atimes`, `Phitimes` are not. Strong names need no operand.
  if (prefix === '') return !WORDLIKE_OPERATORS.has(name);
  return isSimpleOperand(prefix);
}

/**
 * Whether `text` may hold a formula the finder could find; false for most paragraphs, decided
 * natively instead of word by word. A superset of what the finder accepts: a script, brace or
 * backslash; a letter glued to `(`; an operator or symbol name of the right shape; a Greek name
 * glued to a number (`2pi`) or next to a relation (`alpha = 0.5`).
 */
export function mayHoldFormula(text: string): boolean {
  if (/[_^{\\]/.test(text)) return true;
  for (let paren = text.indexOf('('); paren > 0; paren = text.indexOf('(', paren + 1)) {
    if (isAsciiLetter(text.charCodeAt(paren - 1))) return true;
  }
  // `exec` in a loop, not `matchAll`: no iterator, the largest part of this test's cost after the
  // matching itself (4-6 µs against 5-8 µs an abstract).
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    if (isMarker(text, match.index, MARKER.lastIndex)) return true;
  }
  if (NUMBER_GREEK.test(text)) return true;
  if (!/[=<>]/.test(text)) return false;
  GREEK_MARKER.lastIndex = 0;
  for (let match = GREEK_MARKER.exec(text); match !== null; match = GREEK_MARKER.exec(text)) {
    if (!isAsciiLetter(text.charCodeAt(match.index - 1)) && !isAsciiLetter(text.charCodeAt(GREEK_MARKER.lastIndex)))
      return true;
  }
  return false;
}

/** Last two letters of the operators that may be glued to an operand (`Acdot` ends in `ot`). */
const GLUED_ENDINGS = new Set([...GLUED_OPERATORS].map((name) => name.slice(-2)));

const LONGEST_NAME = Math.max(...[...MATH_NAMES].map((name) => name.length), 20);

/** Whether the word at [start, end) could begin a formula: a TeX name, a glued operator, or a script or argument after it. */
function mayStartFormula(text: string, start: number, end: number): boolean {
  const next = text.charCodeAt(end);
  if (next === CHAR.UNDERSCORE || next === CHAR.CARET || next === CHAR.OPEN_PAREN || next === CHAR.OPEN_BRACE)
    return true;
  if (end - start > LONGEST_NAME) return false;
  const word = text.slice(start, end);
  if (MATH_NAMES.has(word)) return true;
  return word.length > 2 && GLUED_ENDINGS.has(word.slice(-2)) && splitGluedOperator(word) !== undefined;
}

/**
 * For a formula refused whole at [start, stop): the longest shorter formula that the text at `i`
 * also reads as (a second repair sees the refused tail as plain text and may accept the head; so
 * must the first). A few tries at most.
 */
function acceptedPrefix(
  text: string,
  i: number,
  start: number,
  stop: number,
  accept: AcceptFormula,
): BareFormula | undefined {
  let end = stop;
  for (let tries = 0; tries < 6; tries += 1) {
    const shorter = parseExpression(text.slice(0, end - 1), i);
    if (shorter <= start) return undefined;
    end = shorter;
    while (text.charCodeAt(end - 1) === CHAR.SPACE) end -= 1;
    const formula = { start, end, tex: formulaTex(text.slice(start, end)) };
    if (accept(formula)) return formula;
  }
  return undefined;
}

/**
 * The formulas inside a run left as text for being too large, at [start, stop) of `text`. A
 * later repair of an abstract reads the run's `_` and `\` as escaped (they block a formula as
 * the word blocker does), so what is found in that reading is found now; and a later repair
 * of a title reads the run as it is, around those formulas, so that reading is searched too.
 */
function insideTooLarge(
  text: string,
  start: number,
  stop: number,
  accept: AcceptFormula,
  tooLarge: TooLarge,
): BareFormula[] {
  const shift = (formula: BareFormula, by: number): BareFormula => ({
    ...formula,
    start: formula.start + by,
    end: formula.end + by,
  });
  const acceptHere: AcceptFormula = (formula) => accept(shift(formula, start));
  const run = text.slice(start, stop);
  const escaped = scanFormulas(run.replace(/[_\\]/g, WORD_BLOCKER), acceptHere, tooLarge, true);
  if (escaped.length === 0) return [];
  // A formula written is glued to what is beside it, as a formula placeholder is.
  let around = '';
  let last = 0;
  for (const formula of escaped) {
    around += run.slice(last, formula.start) + FORMULA_MASK.repeat(formula.end - formula.start);
    last = formula.end;
  }
  around += run.slice(last);
  const plain = scanFormulas(around, acceptHere, tooLarge, true);
  return [...escaped, ...plain].sort((a, b) => a.start - b.start).map((formula) => shift(formula, start));
}

/** Stands for a formula already found: the first formula placeholder (tex-scan.ts). */
const FORMULA_MASK = String.fromCharCode(FORMULA_PLACEHOLDER_FIRST);

/**
 * The formula's TeX from its scraped spelling: backslashes restored, and a script of more than
 * one character braced (`10^12` meant $10^{12}$, not $10^1 2$; `x_13` meant $x_{13}$).
 */
function formulaTex(spelled: string): string {
  return restoreBackslashes(bracedScripts(spelled));
}

function bracedScripts(spelled: string): string {
  if (!/[_^]-?\d\d|[_^]-\d/.test(spelled)) return spelled;
  let out = '';
  let last = 0;
  for (let i = 0; i < spelled.length; i += 1) {
    const code = spelled.charCodeAt(i);
    if ((code !== CHAR.UNDERSCORE && code !== CHAR.CARET) || spelled.charCodeAt(i - 1) === CHAR.BACKSLASH) continue;
    const script = parseScript(spelled, i);
    if (script?.kind !== 'digits' || script.end - i <= 2) continue;
    out += `${spelled.slice(last, i + 1)}{${spelled.slice(i + 1, script.end)}}`;
    last = script.end;
    i = script.end - 1;
  }
  return out + spelled.slice(last);
}

/**
 * Runs of non-space text with an `@` glued in (an email address, a handle, `pass@k`): names and
 * addresses, not prose a formula can be in. As [start, end) pairs, in order.
 */
function atTokens(text: string): [number, number][] {
  const tokens: [number, number][] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    let end = at + 1;
    while (start > 0 && !/\s/.test(text.charAt(start - 1))) start -= 1;
    while (end < text.length && !/\s/.test(text.charAt(end))) end += 1;
    if (end - start === 1) continue;
    const previous = tokens.at(-1);
    if (previous !== undefined && previous[1] >= start) previous[1] = Math.max(previous[1], end);
    else tokens.push([start, end]);
    at = end - 1;
  }
  return tokens;
}

function overlapsAny(formula: BareFormula, ranges: readonly [number, number][]): boolean {
  return ranges.some(([start, end]) => formula.start < end && formula.end > start);
}

const INFIX_ARROW_PATTERN = new RegExp(`(${byLength(INFIX_ARROWS)})`, 'g');

/** `imageleftrightarrowtext`: long arrow names inside a word, each between two words. */
function infixArrows(text: string, start: number, end: number): BareFormula[] {
  if (end - start < 11) return [];
  const word = text.slice(start, end);
  if (!word.includes('arrow')) return [];
  const arrows: BareFormula[] = [];
  let last = 0;
  for (const match of word.matchAll(INFIX_ARROW_PATTERN)) {
    const arrowEnd = match.index + match[0].length;
    if (match.index > last && arrowEnd < word.length) {
      arrows.push({ start: start + match.index, end: start + arrowEnd, tex: `\\${match[0]}` });
    }
    last = arrowEnd;
  }
  return arrows;
}

/**
 * Capital Greek names standing alone in prose (`models Phi and`) that the same text uses as
 * math elsewhere (`C_Phi`): positions of those that read as symbols, not names. A name followed
 * by a hyphen (`Phi-3`) or by another capitalized word (`Delta Airlines`) stays a name.
 */
export function findConfirmedGreek(text: string, confirmed: ReadonlySet<string>): BareFormula[] {
  const found: BareFormula[] = [];
  if (confirmed.size === 0) return found;
  for (const match of text.matchAll(/[A-Z][a-z]+/g)) {
    const word = match[0];
    if (!confirmed.has(word)) continue;
    const start = match.index;
    const end = start + word.length;
    const previous = text.charCodeAt(start - 1);
    const next = text.charCodeAt(end);
    if (isGlued(previous) || [CHAR.BACKSLASH, 45, 95, 94, WORD_BLOCKER_CODE].includes(previous)) continue;
    if (isGlued(next) || [45, 95, 94, WORD_BLOCKER_CODE, 39, 0x2019].includes(next) || text.startsWith('&#39;', end))
      continue;
    // ...nor one next to another name or formula (`Sigma Xi`, `Psi Phi`).
    if (/^ [A-Z\uf000-\uf8ff]/.test(text.slice(end, end + 2))) continue;
    if (/[A-Z][a-z]* $|[\uf000-\uf8ff] $/.test(text.slice(Math.max(0, start - 20), start)) && start > 1) {
      const before = /([A-Za-z]+) $/.exec(text.slice(Math.max(0, start - 20), start))?.[1];
      if (before === undefined || GREEK_UPPER.has(before)) continue;
    }
    found.push({ start, end, tex: `\\${word}` });
  }
  return found;
}
