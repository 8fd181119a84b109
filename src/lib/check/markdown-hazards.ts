import type { Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { UNTRUSTED_TEX_COMMAND } from '../katex-options.ts';
import { mathError } from '../math-check.ts';
import { paperMarkdownParser } from '../paper-markdown-parser.ts';
import type { Problem } from './rules.ts';
import { snippet } from './text-position.ts';

// The site's Markdown parser, so every node found here is a node the build renders.
const parser = paperMarkdownParser();

/** TeX commands KaTeX leaves inert with `trust: false`: it renders them as red error text instead. */
const INERT = new RegExp(UNTRUSTED_TEX_COMMAND.source, 'g');

/** Why KaTeX refuses a formula, remembered across files: abstracts repeat the same small formulas. */
export type MathCache = Map<string, string | undefined>;

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

/**
 * What is wrong with one formula as the site renders it (`display` or inline), at `offset`:
 * KaTeX's refusal, and TeX commands KaTeX leaves inert. `source` is the formula as written in the
 * text, so an inert command can be pointed at exactly.
 */
export function formulaProblems(
  tex: string,
  display: boolean,
  offset: number,
  source: string,
  cache: MathCache,
  context = '',
): Problem[] {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let error = cache.get(key);
  if (!cache.has(key)) {
    error = mathError(tex, display);
    cache.set(key, error);
  }
  const problems: Problem[] = [];
  const inert = [...tex.matchAll(INERT)];
  // An inert command is reported as such, exactly where it is; whatever else KaTeX may say about
  // the formula (the shared math check refuses these commands too) waits until it is removed.
  if (error !== undefined && inert.length === 0) {
    problems.push({
      rule: 'math-error',
      offset,
      message: `KaTeX cannot render the formula "${snippet(tex, 60)}"${context}: ${error}. Fix the TeX, or write a literal dollar sign as \\$`,
    });
  }
  for (const match of inert) {
    // Point at the command itself when the formula sits verbatim in the source.
    const inSource = source.indexOf(match[0]);
    problems.push({
      rule: 'inert-tex-command',
      offset: inSource === -1 ? offset : offset + inSource,
      message: `\\${match[1]} in a formula renders as red error text on this site (KaTeX runs with trust: false): remove it, and put links outside the math as [text](https://...)`,
    });
  }
  return problems;
}

/**
 * Everything in a piece of paper Markdown (an abstract or a title) that the site would strip,
 * refuse or render as an error: raw HTML, images, links that are not absolute http(s) URLs
 * (including autolinks and reference definitions), formulas KaTeX cannot render and TeX commands
 * it leaves inert. Offsets are relative to `markdown`.
 */
export function markdownHazards(
  markdown: string,
  cache: MathCache = new Map(),
  options: { math?: boolean; failed?: Set<string> } = {},
): Problem[] {
  const tree = parser.parse(markdown) as Root;
  const problems: Problem[] = [];
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
      case 'math':
        if (options.math === false) break;
        for (const problem of formulaProblems(node.value, node.type === 'math', offset, source, cache)) {
          if (problem.rule === 'math-error') options.failed?.add(node.value);
          problems.push(problem);
        }
        break;
      default:
        break;
    }
  });
  return problems;
}
