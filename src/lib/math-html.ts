import katex from 'katex';
import { KATEX_OPTIONS, MAX_FORMULA_LENGTH } from './katex-options.ts';
import { splitTitleMath, type Segment } from './math-text.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Prose and math as HTML: prose escaped, math rendered by KaTeX with the site's options (inline,
 * so a title or an excerpt stays one flowing line). This is the only way untrusted titles and
 * excerpts become markup. A formula KaTeX refuses throws, naming `where` (the paper file), so the
 * build stops instead of shipping a red error.
 */
export function segmentsToHtml(segments: readonly Segment[], where: string): string {
  let html = '';
  for (const segment of segments) {
    if (segment.kind === 'text') {
      html += escapeHtml(segment.text);
      continue;
    }
    if (segment.tex.length > MAX_FORMULA_LENGTH) {
      throw new Error(
        `${where}: a formula of ${segment.tex.length} characters exceeds the ${MAX_FORMULA_LENGTH}-character cap: shorten it`,
      );
    }
    try {
      html += katex.renderToString(segment.tex, { ...KATEX_OPTIONS, displayMode: false, throwOnError: true });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(
        `${where}: KaTeX cannot render the formula \`${segment.tex}\`: ${reason}. Fix the TeX or escape a literal dollar as \\$.`,
        { cause },
      );
    }
  }
  return html;
}

/** A paper title as HTML with its math rendered; `where` names the paper file in errors. */
export function titleHtml(title: string, where: string): string {
  return segmentsToHtml(splitTitleMath(title), where);
}

/** Whether any segment is math (the page then needs the KaTeX stylesheet). */
export function hasMath(segments: readonly Segment[]): boolean {
  return segments.some((segment) => segment.kind === 'math');
}
