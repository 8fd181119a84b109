import { readFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import type { Node, Position } from 'unist';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { linkLabelProblem, urlProblem } from './http-url.ts';
import { refusedMath } from './math-check.ts';

/**
 * What an abstract may contain once rendered: GitHub-style Markdown without images, raw HTML or
 * non-http(s) links, plus the `code.language-math` nodes remark-math emits for rehype-katex.
 * Sanitizing runs *before* KaTeX so KaTeX's own markup (inline styles, MathML) is never filtered,
 * and KaTeX runs with `trust: false` so a formula cannot add links or attributes either.
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
 * Runs before rehype-katex: strips everything an untrusted abstract may not carry, marks links
 * as user content, leaves a link that breaks the URL rule (src/lib/http-url.ts: a user name, a
 * lookalike host, text naming another site) as plain text, and refuses formulas KaTeX would not
 * report itself (too long, untrusted commands). The check refuses such links before any build.
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
      if (isMath(node)) {
        // KaTeX's own errors are caught after rendering; these it would not report (length cap,
        // commands disabled by trust: false), so they are refused here, before rendering.
        const problem = refusedMath(mathSource(node));
        if (problem !== undefined) {
          file.fail(`${fileLine(file, node.position)}: ${problem}`, {
            ruleId: 'math-refused',
            source: 'paper-archive',
          });
        }
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
function fileLine(file: VFile, position: Position | undefined): string {
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

function nearestPosition(nodes: readonly Node[] | undefined): Position | undefined {
  return [...(nodes ?? [])].reverse().find((node) => node.position)?.position;
}

/**
 * Runs after rehype-katex, which only *warns* on math it cannot parse and then renders a red
 * `katex-error` span. A broken formula must stop the build instead, naming the file, the line
 * and the formula, so it is fixed rather than shipped.
 */
export function rehypeFailOnMathErrors() {
  return (tree: Root, file: VFile): void => {
    const problem = file.messages.find((message) => message.source === 'rehype-katex');
    if (problem) {
      const formula = problem.ancestors?.at(-1);
      const text = formula && formula.type === 'element' ? mathSource(formula as Element) : '';
      const reason = problem.cause instanceof Error ? problem.cause.message : problem.reason;
      const where = fileLine(file, nearestPosition(problem.ancestors));
      file.fail(
        `${where}: KaTeX cannot render the formula \`${text}\`: ${reason}. Fix the TeX or escape a literal dollar as \\$.`,
        {
          ruleId: 'katex-error',
          source: 'paper-archive',
        },
      );
    }
    visit(tree, 'element', (node) => {
      const classes = node.properties['className'];
      if (Array.isArray(classes) && classes.includes('katex-error')) {
        file.fail(
          `${fileLine(file, node.position)}: KaTeX could not render a formula: ${String(node.properties['title'] ?? '')}`,
          {
            ruleId: 'katex-error',
            source: 'paper-archive',
          },
        );
      }
    });
  };
}
