import katex from 'katex';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { KATEX_OPTIONS, MAX_FORMULA_LENGTH, UNTRUSTED_TEX_COMMAND } from './katex-options.ts';
import { paperMarkdownParser } from './paper-markdown-parser.ts';

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

/**
 * Why `tex` is refused before KaTeX ever parses it: longer than the cap, or using a command that
 * `trust: false` disables (KaTeX paints those red instead of throwing, so they would ship silently).
 */
export function refusedMath(tex: string): string | undefined {
  if (tex.length > MAX_FORMULA_LENGTH) {
    return `formula is ${tex.length} characters; the limit is ${MAX_FORMULA_LENGTH}`;
  }
  const untrusted = UNTRUSTED_TEX_COMMAND.exec(tex);
  if (untrusted) {
    return `${untrusted[0]} is not allowed in math (it would render as red error text): put links in the prose`;
  }
  return undefined;
}

/** Why KaTeX, with the site's options, would refuse `tex`; `undefined` when it renders. */
export function mathError(tex: string, display = false): string | undefined {
  const refused = refusedMath(tex);
  if (refused !== undefined) return refused;
  try {
    katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
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
