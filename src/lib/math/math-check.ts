import katex from 'katex';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { snippet } from '../check/text-position.ts';
import { KATEX_OPTIONS, MAX_FORMULA_LENGTH } from './katex-options.ts';
import { refusedCommandMessage, refusedCommands } from './math-allow-list.ts';
import { MATH_BUDGET, outputBudgetProblem, tokenBudgetProblem } from './math-budget.ts';
import { paperMarkdownParser } from '../markdown/paper-markdown-parser.ts';
import { katexMacros, siteMacros, type SiteMacros } from './site-macros.ts';
import { texTokens } from './tex-tokens.ts';

/**
 * The one judge of a formula in a paper: every way math gets in or out (the check, the ingest's
 * repair and validation, `npm run new`, the build's abstract renderer and the title and excerpt
 * renderer) calls `judgeMath`, so they accept and refuse exactly the same formulas. In order:
 *
 *   1. the length cap;
 *   2. the allow-list (`math-allow-list.ts`): no macro definitions, colour, size switches, boxes that
 *      leave their line, arbitrary lengths or links; the site macros (`site-macros.ts`) are allowed;
 *   3. the budget on the tokens (`math-budget.ts`): nesting, negative space;
 *   4. KaTeX with the site's options and a fresh copy of the site macros;
 *   5. the budget on KaTeX's output: HTML size and height.
 *
 * Steps 1-3 cost microseconds and run before KaTeX, so a refused formula is never rendered.
 */

/** A formula found in Markdown, where the site's parser (remark-math) sees it. */
export interface MathSpan {
  tex: string;
  display: boolean;
  /** 1-based line and column in the Markdown given. */
  line: number;
  column: number;
}

export interface MathProblem extends MathSpan {
  message: string;
}

/** Why a formula is refused: the check's rule, what is wrong, and where in the TeX when one spot is to blame. */
export interface MathRefusal {
  rule: 'math-error' | 'math-command' | 'inert-tex-command' | 'math-budget';
  /** For `math-error`, KaTeX's reason; for `math-budget`, the rest of "the formula ... "; else the whole message. */
  detail: string;
  /** Index into the TeX of the command to blame. */
  index?: number;
  /**
   * Refused for its size alone (longer than the length cap, or more HTML than a formula may have):
   * no one spot is to blame, and any formula holding this one is refused too.
   */
  tooLarge?: true;
}

export interface MathVerdict {
  /** KaTeX's HTML, when the formula passed. */
  html?: string;
  /** Characters of HTML (0 when refused). */
  size: number;
  /** Empty when the formula passed. */
  refusals: MathRefusal[];
}

/** The message for a refusal of `tex`; `context` follows the quoted formula ("inline, as ..."). */
export function mathMessage(refusal: MathRefusal, tex: string, context = ''): string {
  if (refusal.rule === 'math-error') {
    return `KaTeX cannot render the formula "${snippet(tex, 60)}"${context}: ${refusal.detail}. Fix the TeX, or write a literal dollar sign as \\$`;
  }
  if (refusal.rule === 'math-budget') return `the formula "${snippet(tex, 60)}"${context} ${refusal.detail}`;
  return refusal.detail;
}

/** Judges and, if it passes, renders one formula, `display` or inline, with the site macros. */
export function judgeMath(tex: string, display: boolean, macros: SiteMacros = siteMacros()): MathVerdict {
  if (tex.length > MAX_FORMULA_LENGTH) {
    return {
      size: 0,
      refusals: [
        {
          rule: 'math-error',
          detail: `formula is ${tex.length} characters; the limit is ${MAX_FORMULA_LENGTH}`,
          tooLarge: true,
        },
      ],
    };
  }
  const tokens = texTokens(tex);
  const refused = refusedCommands(tokens, new Set(Object.keys(macros)));
  if (refused.length > 0) {
    return {
      size: 0,
      refusals: refused.map((command) => ({
        rule: command.reason === 'link-or-html' ? 'inert-tex-command' : 'math-command',
        detail: refusedCommandMessage(command),
        index: command.index,
      })),
    };
  }
  const overBudget = tokenBudgetProblem(tokens);
  if (overBudget) {
    return { size: 0, refusals: [{ rule: 'math-budget', detail: overBudget.detail, index: overBudget.index }] };
  }
  let html: string;
  try {
    html = katex.renderToString(tex, {
      ...KATEX_OPTIONS,
      macros: katexMacros(macros),
      displayMode: display,
      throwOnError: true,
    });
  } catch (error) {
    return {
      size: 0,
      refusals: [{ rule: 'math-error', detail: error instanceof Error ? error.message : String(error) }],
    };
  }
  const tooBig = outputBudgetProblem(html, display);
  if (tooBig) {
    const refusal: MathRefusal = { rule: 'math-budget', detail: tooBig };
    if (html.length > MATH_BUDGET.formulaHtml) refusal.tooLarge = true;
    return { size: 0, refusals: [refusal] };
  }
  return { html, size: html.length, refusals: [] };
}

/** Why the site would refuse `tex` (the first reason, as a message); `undefined` when it renders. */
export function mathError(tex: string, display = false, macros?: SiteMacros): string | undefined {
  const [refusal] = judgeMath(tex, display, macros).refusals;
  return refusal === undefined ? undefined : mathMessage(refusal, tex);
}

/**
 * Whether the site refuses the inline formula `tex` for its size alone (`MathRefusal.tooLarge`):
 * then cutting it anywhere is as arbitrary as the limit, so a repair guessing where a formula is
 * leaves the whole of it as text.
 */
export function refusedForSize(tex: string): boolean {
  return judgeMath(tex, false).refusals[0]?.tooLarge === true;
}

// The site's parser, so a span found here is a span rendered there.
const parser = paperMarkdownParser();

/** Every formula remark-math finds in `markdown`, in document order. */
export function findMath(markdown: string): MathSpan[] {
  const tree = parser.parse(markdown) as Root;
  const spans: MathSpan[] = [];
  visit(tree, (node) => {
    if (node.type === 'inlineMath' || node.type === 'math') {
      spans.push({
        tex: node.value,
        display: node.type === 'math',
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
      });
    }
  });
  return spans;
}

/** Every formula in `markdown` that would fail the site build. */
export function checkMath(markdown: string): MathProblem[] {
  const problems: MathProblem[] = [];
  for (const span of findMath(markdown)) {
    const message = mathError(span.tex, span.display);
    if (message !== undefined) problems.push({ ...span, message });
  }
  return problems;
}
