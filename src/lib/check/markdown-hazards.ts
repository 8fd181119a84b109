import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { linkLabelProblem, urlProblem } from '../http-url.ts';
import { UNTRUSTED_TEX_COMMAND } from '../katex-options.ts';
import { refusedUrls } from '../links.ts';
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

/** True for a link every way in accepts: the one URL rule of src/lib/http-url.ts. */
export function isHttpUrl(url: string): boolean {
  return urlProblem(url) === undefined;
}

/** What is wrong with a link to `url` whose text is `label`: its target first, then whether the text tells the truth. */
function linkProblem(url: string, label: string | undefined, offset: number, what: string): Problem | undefined {
  const problem = urlProblem(url, what) ?? (label === undefined ? undefined : linkLabelProblem(label, url, what));
  return problem === undefined ? undefined : { ...problem, offset };
}

/**
 * Where `text` (decoded, as a text node holds it) starts in `source` (as written): verbatim, or
 * written with character references (`https&#58;//`), found by what follows the scheme; 0 when
 * it cannot be found.
 */
function sourceOffset(source: string, text: string): number {
  const verbatim = source.indexOf(text);
  if (verbatim !== -1) return verbatim;
  const tail = source.indexOf(text.replace(/^[a-z]+:\/\//i, ''));
  if (tail === -1) return 0;
  const scheme = source.toLowerCase().lastIndexOf('http', tail);
  return scheme !== -1 && tail - scheme <= 12 ? scheme : tail;
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
  // Reference links take their URL from a definition anywhere in the text.
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  visit(tree, (node: Nodes, _index, parent) => {
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
        const problem = linkProblem(node.url, toString(node), offset, 'a link');
        if (problem) problems.push(problem);
        break;
      }
      case 'linkReference': {
        const url = definitions.get(node.identifier);
        // A definition's own URL is reported at the definition; here only whether the text tells the truth.
        const problem =
          url === undefined || !isHttpUrl(url) ? undefined : linkProblem(url, toString(node), offset, 'a link');
        if (problem) problems.push(problem);
        break;
      }
      case 'definition': {
        const problem = linkProblem(
          node.url,
          undefined,
          offset,
          `the link definition [${node.label ?? node.identifier}]`,
        );
        if (problem) problems.push(problem);
        break;
      }
      case 'text': {
        // A link's text is judged with its link; elsewhere a deceptive URL is refused even as text.
        if (parent?.type === 'link' || parent?.type === 'linkReference') break;
        for (const refused of refusedUrls(node.value)) {
          problems.push({
            rule: refused.problem.rule,
            offset: offset + sourceOffset(source, node.value.slice(refused.start, refused.end)),
            message: refused.problem.message,
          });
        }
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
