import { totalBudgetProblem } from './math-budget.ts';
import { judgeMath, mathMessage } from './math-check.ts';
import { splitTitleMath, type Segment } from '../text/math-text.ts';
import { texToText } from '../text/tex-to-text.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const MATH_OPEN = /<math\b/;

/**
 * A rendered formula with its plain text (`tex` read as `<title>` reads it: "O(n²)") as the MathML
 * element's `aria-label`. Chromium leaves MathML out of a name computed from content, so a heading
 * or link holding `$\beta$-VAE` was named "-VAE" in a screen reader's list of headings or links;
 * labelled, it is named "β-VAE", as the page's title is. A formula that reads as nothing stays
 * unlabelled (an empty label would name it nothing on purpose).
 */
export function labelFormula(html: string, tex: string): string {
  const label = texToText(tex, 'symbols');
  if (label === '') return html;
  return html.replace(MATH_OPEN, (open) => `${open} aria-label="${escapeHtml(label)}"`);
}

/**
 * Prose and math as HTML: prose escaped, math judged and rendered by the shared judge (`judgeMath`:
 * the allow-list, the site macros, KaTeX with the site's options, the budget), inline, so a title or
 * an excerpt stays one flowing line. This is the only way untrusted titles and excerpts become
 * markup. A refused formula throws, naming `where` (the paper file), so the build stops instead of
 * shipping a red error; so do formulas over `total`'s budget together.
 */
export function segmentsToHtml(
  segments: readonly Segment[],
  where: string,
  total: 'title' | 'abstract' = 'abstract',
): string {
  let html = '';
  let size = 0;
  for (const segment of segments) {
    if (segment.kind === 'text') {
      html += escapeHtml(segment.text);
      continue;
    }
    const verdict = judgeMath(segment.tex, false);
    const [refusal] = verdict.refusals;
    if (refusal !== undefined || verdict.html === undefined) {
      throw new Error(`${where}: ${refusal ? mathMessage(refusal, segment.tex) : 'the formula did not render'}`);
    }
    size += verdict.size;
    const over = totalBudgetProblem(size, total);
    if (over !== undefined) throw new Error(`${where}: ${over}`);
    // A title goes into headings and links, which take their names from their content.
    html += total === 'title' ? labelFormula(verdict.html, segment.tex) : verdict.html;
  }
  return html;
}

/** A paper title as HTML with its math rendered; `where` names the paper file in errors. */
export function titleHtml(title: string, where: string): string {
  return segmentsToHtml(splitTitleMath(title), where, 'title');
}

/** Whether any segment is math (the page then needs the KaTeX stylesheet). */
export function hasMath(segments: readonly Segment[]): boolean {
  return segments.some((segment) => segment.kind === 'math');
}
