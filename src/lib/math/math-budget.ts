/**
 * What one formula, and one paper's formulas together, may cost: checked cheaply on the tokens
 * before KaTeX runs (nesting, negative space) and, after it, on what KaTeX produced (HTML size and
 * height). With the allow-list (no macro definitions, so nothing expands beyond KaTeX's and the
 * site's own bounded macros) and the length cap, this bounds KaTeX's time as well: the slowest
 * formula these rules let through renders in well under a second (docs/check.md, "Math").
 *
 * The numbers leave the archive's real formulas a wide margin (its largest renders to 6.6 KB and
 * 2.5em) and stop what the allow-list lets through: a tower of 285 nested roots (300 KB of HTML),
 * 125 `\underbrace`s in a row (330 KB), a 40-row matrix in a title (49em tall), 30 `\!` (5em to the left).
 */
import type { TexToken } from './tex-tokens.ts';

export const MATH_BUDGET = {
  /** Groups (`{`, `\left`, `\begin`) open at once. */
  nesting: 20,
  /** Negative space (`\!`, `\negthinspace`, ...) in one formula, in em: more moves text over what is beside it. */
  negativeSpaceEm: 2,
  /** KaTeX's HTML (with its MathML) for one formula, in characters. */
  formulaHtml: 50_000,
  /** All formulas of one abstract together. */
  abstractHtml: 200_000,
  /** All formulas of one title together: a title is shown on about ten pages (lists, neighbours, related). */
  titleHtml: 20_000,
  /** Height of an inline formula (titles, math in a sentence, list excerpts), in em. */
  inlineHeightEm: 6,
  /** Height of a displayed formula (`$$ ... $$` on lines of its own), in em. */
  displayHeightEm: 30,
} as const;

/** Negative spaces, in em (KaTeX: 1mu = 1/18em). */
const NEGATIVE_SPACE: Readonly<Record<string, number>> = {
  '\\!': 3 / 18,
  '\\negthinspace': 3 / 18,
  '\\negmedspace': 4 / 18,
  '\\negthickspace': 5 / 18,
};
const OPENS = new Set(['{', '\\bgroup', '\\left', '\\begin']);
const CLOSES = new Set(['}', '\\egroup', '\\right', '\\end']);

const em = (value: number) => `${Number(value.toFixed(1))}em`;

/**
 * Why the tokens of a formula are over budget before rendering, or `undefined`: groups nested too
 * deep, too much negative space, or a negative row space (`\\[-2em]`, which lifts a row over the one
 * above). The text completes "the formula ... ".
 */
export function tokenBudgetProblem(tokens: readonly TexToken[]): { detail: string; index: number } | undefined {
  let depth = 0;
  let deepest = 0;
  let deepestAt = 0;
  let negative = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as TexToken;
    if (OPENS.has(token.text)) {
      depth += 1;
      // Point where the nesting first goes over the limit.
      if (depth === MATH_BUDGET.nesting + 1 && deepest <= MATH_BUDGET.nesting) deepestAt = token.index;
      deepest = Math.max(deepest, depth);
    } else if (CLOSES.has(token.text)) {
      depth -= 1;
    }
    negative += NEGATIVE_SPACE[token.text] ?? 0;
    // KaTeX reads `\\[size]` only when the `[` follows at once.
    const next = tokens[i + 1];
    if (token.text === '\\\\' && next?.text === '[' && next.index === token.index + 2) {
      let size = '';
      for (let j = i + 2; j < tokens.length && tokens[j]?.text !== ']'; j += 1) size += tokens[j]?.text ?? '';
      if (size.includes('-')) {
        return {
          detail: `lifts a row over the one above with the negative row space \\\\[${size}]: remove the minus sign`,
          index: token.index,
        };
      }
    }
  }
  if (deepest > MATH_BUDGET.nesting) {
    return {
      detail: `nests groups ${deepest} deep ({...}, \\left, \\begin); the limit is ${MATH_BUDGET.nesting}: simplify it`,
      index: deepestAt,
    };
  }
  if (negative > MATH_BUDGET.negativeSpaceEm) {
    return {
      detail: `has ${em(negative)} of negative space (\\!, \\negthinspace, \\negmedspace, \\negthickspace), enough to move text over what is beside it; the limit is ${em(MATH_BUDGET.negativeSpaceEm)}: remove some`,
      index: 0,
    };
  }
  return undefined;
}

const STRUT = /katex-strut" style="height:([\d.]+)em/g;
const NEWLINE_GAP = /katex-newline" style="margin-top:([\d.]+)em/;

/**
 * How tall KaTeX's rendering is, in em, read from its own layout: each line's tallest strut (KaTeX
 * sizes a strut to its line's height plus depth), plus any gap a top-level `\\[size]` puts between lines.
 */
export function renderedHeight(html: string): number {
  let total = 0;
  for (const line of html.split('katex-newline')) {
    let tallest = 0;
    for (const match of line.matchAll(STRUT)) tallest = Math.max(tallest, Number(match[1]));
    total += tallest;
  }
  for (const match of html.matchAll(new RegExp(NEWLINE_GAP.source, 'g'))) total += Number(match[1]);
  return total;
}

/** Why KaTeX's output for one formula is over budget, or `undefined`. The text completes "the formula ... ". */
export function outputBudgetProblem(html: string, display: boolean): string | undefined {
  if (html.length > MATH_BUDGET.formulaHtml) {
    return `renders to ${html.length.toLocaleString('en-US')} characters of HTML; the limit is ${MATH_BUDGET.formulaHtml.toLocaleString('en-US')} a formula: simplify it or split it`;
  }
  const height = renderedHeight(html);
  const limit = display ? MATH_BUDGET.displayHeightEm : MATH_BUDGET.inlineHeightEm;
  if (height > limit) {
    return `is ${em(height)} tall; the limit is ${em(limit)} for ${display ? 'a displayed formula' : 'an inline formula (titles, math in a sentence, list excerpts)'}: simplify it${display ? '' : ', or display it on lines of its own ($$ ... $$) in the abstract'}`;
  }
  return undefined;
}

/** Why a paper's formulas together are over budget, or `undefined`. */
export function totalBudgetProblem(size: number, where: 'title' | 'abstract'): string | undefined {
  const limit = where === 'title' ? MATH_BUDGET.titleHtml : MATH_BUDGET.abstractHtml;
  if (size <= limit) return undefined;
  return `the formulas of the ${where} render to ${size.toLocaleString('en-US')} characters of HTML together; the limit is ${limit.toLocaleString('en-US')} for ${where === 'title' ? 'a title (shown on about ten pages)' : 'an abstract'}: simplify or remove some`;
}
