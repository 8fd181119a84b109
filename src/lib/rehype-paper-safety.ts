import { readFileSync } from 'node:fs';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Position } from 'unist';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { lineIndex } from './check/text-position.ts';
import { linkLabelProblem, urlProblem } from './http-url.ts';
import { totalBudgetProblem } from './math-budget.ts';
import { judgeMath, mathMessage } from './math-check.ts';

/**
 * What an abstract may contain once rendered: GitHub-style Markdown without images, raw HTML or
 * non-http(s) links, plus the `code.language-math` nodes remark-math emits for the math step.
 * Sanitizing runs *before* KaTeX so KaTeX's own markup (inline styles, MathML) is never filtered,
 * and a formula cannot add links or attributes either (the allow-list, and KaTeX's `trust: false`).
 */
export const PAPER_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => !['img', 'input', 'picture', 'source'].includes(tag)),
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', 'language-math', 'math-inline', 'math-display']],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https'], cite: ['http', 'https'] },
};

/** True for files whose content is trusted site prose (MDX pages in `src/`), not paper input. */
function isSiteProse(file: VFile): boolean {
  return typeof file.path === 'string' && file.path.endsWith('.mdx');
}

function isMath(node: Element): boolean {
  const classes = node.properties['className'];
  return node.tagName === 'code' && Array.isArray(classes) && classes.includes('language-math');
}

function mathSource(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
}

/**
 * Strips everything an untrusted abstract may not carry, marks links as user content, and leaves
 * a link that breaks the URL rule (src/lib/http-url.ts: a user name, a lookalike host, text naming
 * another site) as plain text; the check refuses such links before any build. Runs before the
 * math is typeset, so KaTeX's own markup is never filtered.
 */
export function rehypePaperSanitize() {
  return (tree: Root, file: VFile): Root => {
    if (isSiteProse(file)) return tree;
    const clean = sanitize(tree, PAPER_SCHEMA) as Root;
    visit(clean, 'element', (node) => {
      if (node.tagName === 'a') {
        const href = node.properties['href'];
        if (
          typeof href === 'string' &&
          (urlProblem(href) !== undefined || linkLabelProblem(toText(node), href) !== undefined)
        ) {
          delete node.properties['href'];
        }
        node.properties['rel'] = ['nofollow', 'ugc', 'noopener'];
      }
    });
    return clean;
  };
}

/**
 * Astro renders the body with the front matter cut out and the rest trimmed, so positions count
 * from the first non-blank line after the closing `---`. Error messages must point at the line a
 * contributor sees in their editor.
 */
function fileLine(file: VFile, position: Pick<Position, 'start'> | undefined): string {
  if (!position) return String(file.path);
  let offset = 0;
  try {
    const source = readFileSync(String(file.path), 'utf8');
    const frontmatter = /^(?:\uFEFF)?---[\s\S]*?\n---/.exec(source);
    const bodyStart = source.slice(frontmatter?.[0].length ?? 0).search(/\S/) + (frontmatter?.[0].length ?? 0);
    offset = source.slice(0, Math.max(0, bodyStart)).split('\n').length - 1;
  } catch {
    // The file is gone or unreadable: the body-relative line is still better than none.
  }
  return `${String(file.path)}:${position.start.line + offset}:${position.start.column}`;
}

/**
 * Typesets the math remark-math marks (`code.language-math`: inline, or in a `pre` for display)
 * with the shared judge (`judgeMath`: the allow-list, the site macros, KaTeX with the site's
 * options, the budget), the same call the check, the ingest and title rendering make. A refused
 * formula, or formulas over an abstract's budget together, stop the build naming the file, the
 * line and the formula. (rehype-katex, which this replaces, only warns on a formula KaTeX cannot
 * render and ships a red error, and cannot bound what KaTeX produces.)
 */
export function rehypePaperMath() {
  return (tree: Root, file: VFile): void => {
    let size = 0;
    const body = typeof file.value === 'string' ? file.value : undefined;
    const at = body === undefined ? undefined : lineIndex(body);
    /** Where to point: the refused command itself when the formula sits verbatim in the body, else the formula. */
    const where = (position: Position | undefined, tex: string, index: number | undefined): string => {
      const start = position?.start.offset;
      if (body === undefined || at === undefined || start === undefined || index === undefined) {
        return fileLine(file, position);
      }
      const inSource = body.slice(start, position?.end.offset).indexOf(tex);
      return inSource === -1 ? fileLine(file, position) : fileLine(file, { start: at(start + inSource + index) });
    };
    visit(tree, 'element', (node, index, parent) => {
      const math = node.tagName === 'pre' ? node.children.find((child) => child.type === 'element') : node;
      if (math?.type !== 'element' || !isMath(math) || parent === undefined || index === undefined) return undefined;
      const display = math !== node;
      const tex = mathSource(math);
      const position = math.position ?? node.position;
      const verdict = judgeMath(tex, display);
      const [refusal] = verdict.refusals;
      if (refusal !== undefined || verdict.html === undefined) {
        const message = refusal ? mathMessage(refusal, tex) : 'the formula did not render';
        file.fail(`${where(position, tex, refusal?.index)}: ${message}`, {
          ruleId: refusal?.rule,
          source: 'paper-archive',
        });
      }
      size += verdict.size;
      const over = totalBudgetProblem(size, 'abstract');
      if (over !== undefined) file.fail(`${fileLine(file, position)}: ${over}`, { source: 'paper-archive' });
      parent.children.splice(
        index,
        1,
        ...(fromHtml(verdict.html ?? '', { fragment: true }).children as ElementContent[]),
      );
      return [SKIP, index + 1];
    });
  };
}
