/**
 * Math in scraped text: restoring stripped backslashes inside a formula, telling a `$...$` pair
 * that swallowed prose from a real formula, and finding formulas written with no `$` at all.
 *
 * This is the product's own code, not a library: the rules and the evidence each needs are in
 * docs/tex-repair.md. Everything here is a linear scan over the text with small bounded
 * look-aheads (a bracket group is at most a few hundred characters), so a paragraph costs time
 * proportional to its length.
 */
import {
  ARGUMENT_COMMANDS,
  GLUED_OPERATORS,
  GREEK,
  GREEK_UPPER,
  INFIX_ARROWS,
  MATH_NAMES,
  PREFIX_OPERATORS,
  SCRIPT_NAMES,
  SPACED_OPERATORS,
  STRONG_NAMES,
  TEXT_ARGUMENT_COMMANDS,
  WORDLIKE_OPERATORS,
  splitGluedOperator,
} from './tex-macros.ts';

const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isAlnum(code: number): boolean {
  return isLetter(code) || isDigit(code);
}
/** Placeholders for protected pieces (URLs, formulas, escapes) live in the Private Use Area. */
function isPlaceholder(code: number): boolean {
  return code >= 0xe000 && code <= 0xf8ff;
}

function letterRunEnd(text: string, start: number): number {
  let end = start;
  while (isLetter(text.charCodeAt(end))) end += 1;
  return end;
}
function digitRunEnd(text: string, start: number): number {
  let end = start;
  while (isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/**
 * The index of the bracket closing the one at `open`, or -1: none within `limit` characters,
 * or a placeholder or line break on the way (a group never spans protected text).
 */
export function matchBracket(text: string, open: number, limit = 400): number {
  const opener = text.charCodeAt(open);
  const closer = opener === 40 ? 41 : opener === 91 ? 93 : CLOSE_BRACE;
  let depth = 0;
  const stop = Math.min(text.length, open + limit);
  for (let i = open; i < stop; i += 1) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      i += 1;
    } else if (code === opener) {
      depth += 1;
    } else if (code === closer) {
      depth -= 1;
      if (depth === 0) return i;
    } else if (code === 10 || isPlaceholder(code)) {
      return -1;
    }
  }
  return -1;
}

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
  while (i < n) {
    const code = formula.charCodeAt(i);
    if (code === BACKSLASH) {
      const nameEnd = letterRunEnd(formula, i + 1);
      if (nameEnd === i + 1) {
        out += formula.slice(i, i + 2);
        i += 2;
        continue;
      }
      const name = formula.slice(i + 1, nameEnd);
      if (TEXT_ARGUMENT_COMMANDS.has(name) && formula.charCodeAt(nameEnd) === OPEN_BRACE) {
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
    if (!isLetter(code)) {
      out += formula.charAt(i);
      i += 1;
      continue;
    }
    const end = letterRunEnd(formula, i);
    const word = formula.slice(i, end);
    const previous = formula.charCodeAt(i - 1);
    const inScript = previous === 95 || previous === 94;
    if (TEXT_ARGUMENT_COMMANDS.has(word) && formula.charCodeAt(end) === OPEN_BRACE) {
      const close = matchBracket(formula, end, n);
      if (close > 0) {
        out += `\\${formula.slice(i, close + 1)}`;
        i = close + 1;
        continue;
      }
    }
    if (word.length > 1 && (inScript ? SCRIPT_NAMES.has(word) : MATH_NAMES.has(word))) {
      out += `\\${word}`;
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

/** Capital Greek letters used as commands in `tex` (`\Phi`, `\Delta`). */
export function capitalGreekIn(tex: string, into: Set<string>): void {
  for (const match of tex.matchAll(/\\([A-Z][a-z]+)/g)) {
    const name = match[1] ?? '';
    if (GREEK_UPPER.has(name)) into.add(name);
  }
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
    if (code === BACKSLASH) {
      const nameEnd = letterRunEnd(content, i + 1);
      const name = content.slice(i + 1, nameEnd);
      if (TEXT_ARGUMENT_COMMANDS.has(name) && content.charCodeAt(nameEnd) === OPEN_BRACE) {
        const close = matchBracket(content, nameEnd, n);
        i = close > 0 ? close + 1 : nameEnd;
      } else {
        i = Math.max(nameEnd, i + 2);
      }
      continue;
    }
    if (code === OPEN_BRACE || code === 40 || code === 91) depth += 1;
    else if (code === CLOSE_BRACE || code === 41 || code === 93) depth = Math.max(0, depth - 1);
    if (!isLetter(code)) {
      i += 1;
      continue;
    }
    const end = letterRunEnd(content, i);
    const word = content.slice(i, end);
    const previous = content.charCodeAt(i - 1);
    const next = content.charCodeAt(end);
    const inScript = previous === 95 || previous === 94;
    if (TEXT_ARGUMENT_COMMANDS.has(word) && next === OPEN_BRACE) {
      stripped = true;
      const close = matchBracket(content, end, n);
      i = close > 0 ? close + 1 : end;
      continue;
    }
    if (
      STRONG_NAMES.has(word) ||
      GREEK.has(word) ||
      SPACED_OPERATORS.has(word) ||
      (inScript && SCRIPT_NAMES.has(word)) ||
      (ARGUMENT_COMMANDS.has(word) && next === OPEN_BRACE) ||
      (word.length > 2 && splitGluedOperator(word) !== undefined)
    ) {
      stripped = true;
    } else if (
      depth === 0 &&
      !inScript &&
      isProseWord(word) &&
      next !== 95 &&
      next !== 94 &&
      next !== 40 &&
      next !== OPEN_BRACE
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

// ---------------------------------------------------------------------------------------------
// Formulas with no `$`: an expression grammar over scraped text, accepted only with evidence.

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

/** Where a word may start: not inside another word, a command name or a script. */
function isWordStart(text: string, i: number): boolean {
  const previous = text.charCodeAt(i - 1);
  if (Number.isNaN(previous)) return true;
  if (isAlnum(previous) || previous === 95 || previous === 94 || previous === BACKSLASH || previous === 46)
    return false;
  // The second half of a hyphenated word ("top-k") is not a fresh operand.
  if (previous === 45 && isLetter(text.charCodeAt(i - 2))) return false;
  return !isPlaceholder(previous);
}

type ScriptKind = 'group' | 'name' | 'digits' | 'letter' | 'sign';

/** The script after the `_` or `^` at `i`, as scraped text writes it, or undefined. */
function parseScript(text: string, i: number): { end: number; kind: ScriptKind } | undefined {
  const start = i + 1;
  const code = text.charCodeAt(start);
  if (code === OPEN_BRACE) {
    const close = matchBracket(text, start, 200);
    return close > start ? { end: close + 1, kind: 'group' } : undefined;
  }
  if (code === BACKSLASH) {
    const end = letterRunEnd(text, start + 1);
    return end > start + 1 ? { end, kind: 'name' } : undefined;
  }
  if (isLetter(code)) {
    const end = letterRunEnd(text, start);
    const word = text.slice(start, end);
    if (SCRIPT_NAMES.has(word)) return { end, kind: 'name' };
    return end === start + 1 && !isDigit(text.charCodeAt(end)) ? { end, kind: 'letter' } : undefined;
  }
  if (isDigit(code)) return { end: digitRunEnd(text, start), kind: 'digits' };
  if (code === 43 || code === 45 || code === 42) {
    const after = text.charCodeAt(start + 1);
    if (code === 45 && isDigit(after)) return { end: digitRunEnd(text, start + 1), kind: 'digits' };
    return isAlnum(after) ? undefined : { end: start + 1, kind: 'sign' };
  }
  return undefined;
}

/** Whether bracket content reads as math: variables, numbers, TeX names and operators only. */
function isMathLike(content: string): boolean {
  if (content.trim() === '') return false;
  for (const match of content.matchAll(/[A-Za-z]+/g)) {
    const word = match[0];
    const before = content.charCodeAt(match.index - 1);
    if (word.length === 1 || before === BACKSLASH) continue;
    if (MATH_NAMES.has(word) || splitGluedOperator(word) !== undefined) continue;
    return false;
  }
  return /^[\sA-Za-z0-9\\+\-*/=<>|,;:.!'^_{}()[\]]*$/.test(content);
}

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
  if (code === BACKSLASH) {
    // A command that kept its backslash, in prose with no `$`.
    end = letterRunEnd(text, i + 1);
    const name = text.slice(i + 1, end);
    if (!MATH_NAMES.has(name) || SPACED_OPERATORS.has(name)) return undefined;
    kind = 'symbol';
    strong = true;
    if (ARGUMENT_COMMANDS.has(name)) {
      for (let groups = 0; groups < 2 && text.charCodeAt(end) === OPEN_BRACE; groups += 1) {
        const close = matchBracket(text, end);
        if (close < 0) return undefined;
        end = close + 1;
      }
    }
  } else if (isLetter(code)) {
    if (!isWordStart(text, i)) return undefined;
    end = letterRunEnd(text, i);
    const word = text.slice(i, end);
    if (word.length === 1) {
      if (wordlike && (word === 'a' || word === 'A' || word === 'I')) return undefined;
      kind = 'variable';
    } else if (ARGUMENT_COMMANDS.has(word) && text.charCodeAt(end) === OPEN_BRACE) {
      kind = 'symbol';
      strong = true;
      const groups = /^(?:frac|dfrac|tfrac|binom)$/.test(word) ? 2 : 1;
      for (let g = 0; g < groups; g += 1) {
        if (text.charCodeAt(end) !== OPEN_BRACE) return undefined;
        const close = matchBracket(text, end);
        if (close < 0) return undefined;
        end = close + 1;
      }
    } else if (GREEK.has(word)) {
      kind = 'greek';
    } else if (STRONG_NAMES.has(word) && !SPACED_OPERATORS.has(word) && !PREFIX_OPERATORS.has(word)) {
      kind = 'symbol';
      strong = true;
    } else if (splitGluedOperator(word) !== undefined) {
      // `Acdot`, `kgeq`, `Phicirc`: an operand with its operator glued on.
      return isAlnum(text.charCodeAt(end))
        ? undefined
        : { end, kind: 'variable', strong: true, trailingOperator: true };
    } else {
      kind = 'word';
      const anyScript = takesAnyScript(word);
      scriptAllowed = (script) => anyScript || script === 'group' || script === 'name' || script === 'sign';
    }
  } else if (isDigit(code)) {
    if (!isWordStart(text, i) || text.charCodeAt(i - 1) === 44) return undefined;
    end = digitRunEnd(text, i);
    if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) end = digitRunEnd(text, end + 1);
    kind = 'number';
    if (isLetter(text.charCodeAt(end))) {
      // `2.5times`, `8times`: a number with an operator glued on; `3D`, `5x`, `2nd` are not math.
      const wordEnd = letterRunEnd(text, end);
      const word = text.slice(end, wordEnd);
      if (!GLUED_OPERATORS.has(word) || isAlnum(text.charCodeAt(wordEnd))) return undefined;
      return { end: wordEnd, kind: 'number', strong: true, trailingOperator: true };
    }
  } else if (code === 40 || code === OPEN_BRACE) {
    const close = matchBracket(text, i, 200);
    if (close < 0) return undefined;
    const scripted = text.charCodeAt(close + 1) === 94 || text.charCodeAt(close + 1) === 95;
    if (!afterOperator && !scripted) return undefined;
    if (!isMathLike(text.slice(i + 1, close))) return undefined;
    end = close + 1;
    kind = 'group';
  } else {
    return undefined;
  }

  let scripted = false;
  for (;;) {
    const next = text.charCodeAt(end);
    if (next === 95 || next === 94) {
      const script = parseScript(text, end);
      if (script === undefined || !scriptAllowed(script.kind)) break;
      scripted = true;
      strong = true;
      end = script.end;
      continue;
    }
    if (next === 40 && kind !== 'number') {
      // Function application: `I(x;t)`, `D_{KL}(True||Model)`, `mathcal{O}(...)`.
      if (kind === 'word' && !scripted) break;
      const close = matchBracket(text, end, 200);
      if (close < 0) break;
      const content = text.slice(end + 1, close);
      if (isMathLike(content)) {
        if (kind === 'variable' || kind === 'symbol' || kind === 'greek' || scripted) strong = true;
      } else if (/[.!?;:,]\s/.test(content) || content.length > 60) {
        // `S(True)` may be math when something strong joins it; a parenthetical sentence is not.
        break;
      }
      end = close + 1;
      continue;
    }
    break;
  }
  if (kind === 'word' && !scripted) return undefined;
  if (isAlnum(text.charCodeAt(end))) return undefined;
  // `sum_{i=1}^n x_i`, `log_2 n`: a big operator or function name applies to what follows.
  const appliesToNext = kind === 'word' && BIG_OPERATORS.test(text.slice(i, letterRunEnd(text, i)));
  return { end, kind, strong, trailingOperator: appliesToNext };
}

function parseOperator(text: string, i: number): Operator | undefined {
  let k = i;
  const spaceBefore = text.charCodeAt(k) === 32;
  if (spaceBefore) k += 1;
  const code = text.charCodeAt(k);
  const symbol = /^(?:\|\||<=|>=|:=|!=|[+\-=<>/|])/.exec(text.slice(k, k + 2));
  if (symbol !== null) {
    const after = k + symbol[0].length;
    const spaceAfter = text.charCodeAt(after) === 32;
    // "x- y" or "x -y" are not binary operators; a hyphen between words is not one either.
    if (spaceBefore !== spaceAfter) return undefined;
    return {
      end: spaceAfter ? after + 1 : after,
      strong: false,
      relation: /^(?:[=<>]|<=|>=|:=|!=)$/.test(symbol[0]),
      wordlike: false,
    };
  }
  if (code === OPEN_BRACE) {
    // `R^3 {times} S^2`: an operator in braces.
    const close = matchBracket(text, k, 40);
    const name = close > 0 ? text.slice(k + 1, close).replace(/^\\/, '') : '';
    if (!SPACED_OPERATORS.has(name)) return undefined;
    const spaceAfter = text.charCodeAt(close + 1) === 32;
    return { end: spaceAfter ? close + 2 : close + 1, strong: true, relation: false, wordlike: false };
  }
  if (!spaceBefore) return undefined;
  const nameStart = code === BACKSLASH ? k + 1 : k;
  if (!isLetter(text.charCodeAt(nameStart))) return undefined;
  const end = letterRunEnd(text, nameStart);
  const name = text.slice(nameStart, end);
  if (!SPACED_OPERATORS.has(name) || text.charCodeAt(end) !== 32) return undefined;
  return {
    end: end + 1,
    strong: true,
    relation: false,
    wordlike: code !== BACKSLASH && (WORDLIKE_OPERATORS.has(name) || name === 'gg' || name === 'll'),
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
    const nameStart = text.charCodeAt(pos) === BACKSLASH ? pos + 1 : pos;
    if (nameStart === pos && !isWordStart(text, pos)) break;
    const end = letterRunEnd(text, nameStart);
    if (end === nameStart || !PREFIX_OPERATORS.has(text.slice(nameStart, end))) break;
    if (text.charCodeAt(end) !== 32) break;
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
      const start = text.charCodeAt(end) === 32 ? end + 1 : end;
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
    // "10 times 5 folds": a word-like operator between two plain numbers is English.
    if (operator.wordlike && numbersOnly && operand.kind === 'number') break;
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
    text.charCodeAt(end) === 45 &&
    isLetter(text.charCodeAt(end + 1)) &&
    lastStart > i
  ) {
    end = endBeforeLast;
  }
  return strong || (greek && relation) ? end : -1;
}

/**
 * Formulas written with no `$` in `text` (prose with protected pieces as placeholders), in
 * order, with their TeX. Candidates only: the caller checks each with KaTeX.
 */
export function findBareFormulas(text: string): BareFormula[] {
  const found: BareFormula[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const startsToken = isLetter(code) || isDigit(code) || code === BACKSLASH || code === 40 || code === OPEN_BRACE;
    if (!startsToken) {
      i += 1;
      continue;
    }
    const end = parseExpression(text, i);
    if (end > i) {
      let start = i;
      let stop = end;
      while (text.charCodeAt(stop - 1) === 32) stop -= 1;
      while (text.charCodeAt(start) === 32) start += 1;
      found.push({ start, end: stop, tex: restoreBackslashes(text.slice(start, stop)) });
      i = end;
      continue;
    }
    if (isLetter(code)) {
      const wordEnd = letterRunEnd(text, i);
      const arrow = infixArrow(text, i, wordEnd);
      if (arrow !== undefined) found.push(arrow);
      else if (isWordStart(text, i) && !isAlnum(text.charCodeAt(wordEnd))) {
        // A name that is never English stands for itself: `rightarrow`, `infty`, `forall`.
        const word = text.slice(i, wordEnd);
        if (STRONG_NAMES.has(word) && text.charCodeAt(wordEnd) !== OPEN_BRACE) {
          found.push({ start: i, end: wordEnd, tex: `\\${word}` });
        }
      }
      i = wordEnd;
    } else if (isDigit(code)) {
      i = digitRunEnd(text, i);
    } else {
      i += 1;
    }
  }
  return found;
}

const INFIX_ARROW_PATTERN = new RegExp(`(${[...INFIX_ARROWS].sort((a, b) => b.length - a.length).join('|')})`);

/** `imageleftrightarrowtext`: a long arrow name inside a word, between two words. */
function infixArrow(text: string, start: number, end: number): BareFormula | undefined {
  if (end - start < 11) return undefined;
  const match = INFIX_ARROW_PATTERN.exec(text.slice(start, end));
  if (match === null || match.index === 0 || match.index + match[0].length === end - start) return undefined;
  const arrowStart = start + match.index;
  return { start: arrowStart, end: arrowStart + match[0].length, tex: `\\${match[0]}` };
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
    if (isAlnum(previous) || previous === BACKSLASH || previous === 45 || previous === 95 || previous === 94) continue;
    if (isAlnum(next) || next === 45 || next === 95 || next === 94 || next === 39 || next === 0x2019) continue;
    if (/^ [A-Z]/.test(text.slice(end, end + 2))) continue;
    found.push({ start, end, tex: `\\${word}` });
  }
  return found;
}
