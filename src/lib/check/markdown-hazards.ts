import type { Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { judgeMath, mathMessage, type MathVerdict } from '../math-check.ts';
import { totalBudgetProblem } from '../math-budget.ts';
import { paperMarkdownParser } from '../paper-markdown-parser.ts';
import type { SiteMacros } from '../site-macros.ts';
import type { Problem } from './rules.ts';
import { snippet } from './text-position.ts';

// The site's Markdown parser, so every node found here is a node the build renders.
const parser = paperMarkdownParser();

/**
 * Verdicts on formulas, remembered across files: abstracts repeat the same small formulas. Only
 * the size is kept of what KaTeX made, not the HTML (a large archive has hundreds of thousands).
 */
export type MathCache = Map<string, Pick<MathVerdict, 'size' | 'refusals'>>;

/** True for an absolute http(s) URL, the only kind of link a paper may carry. */
export function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:';
}

function linkProblem(url: string, offset: number, what: string): Problem | undefined {
  if (isHttpUrl(url)) return undefined;
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  return {
    rule: 'unsafe-link',
    offset,
    message: scheme
      ? `${what} to "${snippet(url, 50)}" uses "${scheme.toLowerCase()}:": only http(s) links are allowed; link to an https:// page or remove it`
      : `${what} "${snippet(url, 50)}" is not an absolute URL: write the full https:// address`,
  };
}

/** One formula's verdict with the site macros, from the cache when it was judged before. */
export function cachedVerdict(
  tex: string,
  display: boolean,
  cache: MathCache,
  macros?: SiteMacros,
): Pick<MathVerdict, 'size' | 'refusals'> {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let verdict = cache.get(key);
  if (verdict === undefined) {
    const { size, refusals } = judgeMath(tex, display, macros);
    verdict = { size, refusals };
    cache.set(key, verdict);
  }
  return verdict;
}

/**
 * What is wrong with one formula as the site renders it (`display` or inline), at `offset`: the
 * refusals of the shared judge (`judgeMath`): refused commands, pointed at exactly when the formula
 * sits verbatim in `source` (the formula as written in the text), the budget, and KaTeX's errors.
 */
export function formulaProblems(
  tex: string,
  display: boolean,
  offset: number,
  source: string,
  cache: MathCache,
  context = '',
  macros?: SiteMacros,
): Problem[] {
  const start = source.indexOf(tex);
  return cachedVerdict(tex, display, cache, macros).refusals.map((refusal) => ({
    rule: refusal.rule,
    offset: offset + (refusal.index !== undefined && start !== -1 ? start + refusal.index : 0),
    message: mathMessage(refusal, tex, context),
  }));
}

/**
 * Everything in a piece of paper Markdown (an abstract or a title) that the site would strip,
 * refuse or render as an error: raw HTML, images, links that are not absolute http(s) URLs
 * (including autolinks and reference definitions), and formulas the shared judge refuses, one by
 * one and together (the budget of a whole abstract, or title). Offsets are relative to `markdown`.
 */
export function markdownHazards(
  markdown: string,
  cache: MathCache = new Map(),
  options: { math?: boolean; failed?: Set<string>; macros?: SiteMacros; total?: 'abstract' | 'title' } = {},
): Problem[] {
  const tree = parser.parse(markdown) as Root;
  const problems: Problem[] = [];
  // What the formulas make together, against the budget of a whole abstract (or title).
  let size = 0;
  let overTotal = false;
  visit(tree, (node: Nodes) => {
    const offset = node.position?.start.offset ?? 0;
    const source = markdown.slice(offset, node.position?.end.offset ?? offset);
    switch (node.type) {
      case 'html':
        problems.push({
          rule: 'raw-html',
          offset,
          message: `raw HTML is not allowed: remove "${snippet(node.value, 50)}" (use Markdown: *emphasis*, **bold**, [text](https://...))`,
        });
        break;
      case 'image':
      case 'imageReference':
        problems.push({
          rule: 'image',
          offset,
          message: `images are not allowed in a paper file: remove "${snippet(source, 50)}"`,
        });
        break;
      case 'link': {
        const problem = linkProblem(node.url, offset, 'a link');
        if (problem) problems.push(problem);
        break;
      }
      case 'definition': {
        const problem = linkProblem(node.url, offset, `the link definition [${node.label ?? node.identifier}]`);
        if (problem) problems.push(problem);
        break;
      }
      case 'inlineMath':
      case 'math': {
        if (options.math === false) break;
        const display = node.type === 'math';
        for (const problem of formulaProblems(node.value, display, offset, source, cache, '', options.macros)) {
          options.failed?.add(node.value);
          problems.push(problem);
        }
        size += cachedVerdict(node.value, display, cache, options.macros).size;
        const total = overTotal ? undefined : totalBudgetProblem(size, options.total ?? 'abstract');
        if (total !== undefined) {
          overTotal = true;
          problems.push({ rule: 'math-budget', offset, message: total });
        }
        break;
      }
      default:
        break;
    }
  });
  return problems;
}
