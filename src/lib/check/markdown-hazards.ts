import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { linkLabelProblem, urlProblem } from '../paper/http-url.ts';
import { refusedUrls } from '../repair/links.ts';
import { judgeMath, mathMessage, type MathVerdict } from '../math/math-check.ts';
import { totalBudgetProblem } from '../math/math-budget.ts';
import { paperMarkdownParser } from '../markdown/paper-markdown-parser.ts';
import type { SiteMacros } from '../math/site-macros.ts';
import type { Problem } from './rules.ts';
import { snippet } from './text-position.ts';

// The site's Markdown parser, so every node found here is a node the build renders.
const parser = paperMarkdownParser();

/**
 * Verdicts on formulas, remembered across files: abstracts repeat the same small formulas. Only
 * the size is kept of what KaTeX made, not the HTML (a large archive has hundreds of thousands).
 */
export type MathCache = Map<string, Pick<MathVerdict, 'size' | 'refusals'>>;

/** True for a link every way in accepts: the one URL rule of src/lib/paper/http-url.ts. */
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

/** TeX's delimiters of inline `\(...\)` and displayed `\[...\]` math, and a TeX command (`\emph{`, `\alpha`). */
const PROSE_TEX = /\\\\|\\\((.*?)\\\)|\\\[(.*?)\\\]|\\[A-Za-z]+(?![0-9])/gs;
/** What a formula holds and a bracketed note ("\[1\]", "\[citation needed\]") does not. */
const MATH_SIGN = /[\\^_{}=<>+]/;

/** What to write instead of a TeX command found in prose. */
function proseCommandFix(command: string, title: boolean): string {
  const style = /^\\(?:emph|textit|textsl|it|em)$/.test(command)
    ? 'emphasis'
    : /^\\(?:textbf|bf)$/.test(command)
      ? 'bold'
      : undefined;
  // A title is shown as text and math: it has no emphasis, and asterisks would show.
  if (style !== undefined && title) return 'delete it and its braces, keeping the words (a title has no emphasis)';
  if (style !== undefined) return style === 'emphasis' ? 'write emphasis as *text*' : 'write bold as **text**';
  if (/^\\(?:cite[a-z]*|ref|eqref|label|footnote)$/.test(command)) {
    return 'delete it (a citation or a reference points nowhere on this page)';
  }
  return `put it inside $...$, e.g. $${command}$ (if it is inside already, a $ before it is unpaired: write a literal dollar sign as \\$)`;
}

/**
 * TeX written in the prose of an abstract or a title (the source of a Markdown text node, as
 * written), which the site shows as typed: `\(x^2\)` and `\[x^2\]` are Markdown escapes of
 * the brackets, not math, and a command outside `$...$` (`\emph{new}`, `\alpha`) is shown with
 * its backslash. The first one, with where it is in `source`, and what to write instead; a
 * Markdown escape of a sign (`\$`, `\*`, `\_`) or of a backslash (`\\emph`) is not TeX, nor is
 * `\u202E` (a character code written out).
 */
export function proseTex(source: string, title = false): { index: number; message: string } | undefined {
  for (const match of source.matchAll(PROSE_TEX)) {
    const [written, inline, displayed] = match;
    // An escaped backslash is a backslash shown on purpose (npm run new writes refused math so).
    if (written === '\\\\') continue;
    if (displayed !== undefined && !MATH_SIGN.test(displayed)) continue;
    const inner = inline ?? displayed;
    const message =
      inner !== undefined
        ? `"${snippet(written, 50)}" is TeX's ${inline !== undefined ? 'inline' : 'displayed'} math, which this site does not read (Markdown shows it as typed, brackets and backslashes): write it as ${inline !== undefined ? `$${snippet(inner, 40)}$` : `$$${snippet(inner, 40)}$$`}`
        : `the TeX command ${written} is outside math, so the page shows it as typed: ${proseCommandFix(written, title)}`;
    return { index: match.index, message };
  }
  return undefined;
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
  options: {
    math?: boolean;
    failed?: Set<string>;
    macros?: SiteMacros;
    total?: 'abstract' | 'title';
    /** The text is a title: shown as text and math, without Markdown's emphasis. */
    title?: boolean;
  } = {},
): Problem[] {
  const tree = parser.parse(markdown) as Root;
  const problems: Problem[] = [];
  // Reference links take their URL from a definition anywhere in the text.
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  // What the formulas make together, against the budget of a whole abstract (or title).
  let size = 0;
  let overTotal = false;
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
        const tex = proseTex(source, options.title === true);
        if (tex !== undefined) problems.push({ rule: 'math-error', offset: offset + tex.index, message: tex.message });
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
