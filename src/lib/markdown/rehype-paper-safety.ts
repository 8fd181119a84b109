import { readFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import type { Position } from 'unist';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import type { KatexOptions } from 'katex';
import { SKIP, visit } from 'unist-util-visit';
import { lineIndex } from '../check/text-position.ts';
import { KATEX_OPTIONS } from '../math/katex-options.ts';
import { linkLabelProblem, urlProblem } from '../paper/http-url.ts';
import { totalBudgetProblem } from '../math/math-budget.ts';
import { judgeMath, mathMessage } from '../math/math-check.ts';
import { katexMacros, siteMacros } from '../math/site-macros.ts';
import { searchableMathHtml } from './rehype-math-search-text.ts';

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
 * a link that breaks the URL rule (src/lib/paper/http-url.ts: a user name, a lookalike host, text naming
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
 * Judges every formula remark-math marks (`code.language-math`: inline, or in a `pre` for display)
 * with the shared judge (`judgeMath`: the allow-list, the site macros, KaTeX with the site's
 * options, the budget), the same call the check, the ingest and title rendering make. A refused
 * formula, or formulas over an abstract's budget together, stop the build naming the file, the
 * line and the formula: rehype-katex alone only warns on a formula KaTeX cannot render and ships a
 * red error, and cannot bound what KaTeX produces. `typeset` gets each accepted formula's HTML
 * and its place (`parent.children[index]`: the `pre` for display math, else the `code`).
 */
function judgeFormulas(
  tree: Root,
  file: VFile,
  typeset?: (html: string, tex: string, parent: Root | Element, index: number) => void,
): void {
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
    typeset?.(verdict.html, tex, parent, index);
    return SKIP;
  });
}

/** Judges every formula (`judgeFormulas`) before rehype-katex typesets them: Astro's processor, for the site's own prose. */
export function rehypePaperMathGuard() {
  return (tree: Root, file: VFile): void => judgeFormulas(tree, file);
}

/**
 * The guard, rehype-katex and `rehypeMathSearchText` in one step, for paper abstracts
 * (src/lib/markdown/paper-render.ts): each formula is judged as the guard judges it, and the
 * judge's own KaTeX HTML, marked for search (`searchableMathHtml`), takes its place as a `raw`
 * node. KaTeX then runs once a formula instead of twice, and its HTML is not parsed into a tree
 * (parse5) and serialized again: 510 µs an abstract became 160 µs (warm, the bench's papers,
 * docs/scaling.md). The HTML is the other steps'
 * once parsed (tests/unit/markdown/paper-render.test.ts). Only a stringifier with
 * `allowDangerousHtml` writes `raw` nodes out, and `rehypePaperSanitize`, which runs first, drops
 * any other, so the only raw HTML in an abstract is KaTeX's.
 */
export function rehypePaperMath() {
  return (tree: Root, file: VFile): void =>
    judgeFormulas(tree, file, (html, tex, parent, index) => {
      parent.children[index] = { type: 'raw', value: searchableMathHtml(html, tex) };
    });
}

/**
 * rehype-katex with the site's options and macros. KaTeX writes into the macros object it is
 * given, so every formula gets a fresh copy: the getter runs on each render, as rehype-katex
 * spreads these options into KaTeX's.
 */
export function paperKatexOptions(): KatexOptions {
  const macros = katexMacros(siteMacros());
  return {
    ...KATEX_OPTIONS,
    get macros() {
      return { ...macros };
    },
  };
}

/**
 * After rehype-katex: any formula it could not render (a `.katex-error`, or its own warning)
 * stops the build. The guard makes this unreachable for paper math; it stays as the last line.
 */
export function rehypePaperMathVerify() {
  return (tree: Root, file: VFile): void => {
    const warning = file.messages.find((message) => message.source === 'rehype-katex');
    if (warning !== undefined)
      file.fail(
        `${fileLine(file, warning.place && 'start' in warning.place ? warning.place : undefined)}: ${warning.reason}`,
        { source: 'paper-archive' },
      );
    visit(tree, 'element', (node) => {
      const classes = node.properties['className'];
      if (Array.isArray(classes) && classes.includes('katex-error')) {
        file.fail(`${fileLine(file, node.position)}: KaTeX could not render the formula "${toText(node)}"`, {
          source: 'paper-archive',
        });
      }
    });
  };
}
