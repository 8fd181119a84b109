import { abstractText, excerptSegments } from '../site/paper-view.ts';
import { totalBudgetProblem } from '../math/math-budget.ts';
import { markdownParagraphs, splitTitleMath, type Segment } from '../text/math-text.ts';
import type { SiteMacros } from '../math/site-macros.ts';
import { cachedVerdict, formulaProblems, type MathCache } from './markdown-hazards.ts';
import type { Problem } from './rules.ts';

/**
 * The site renders two things without the Markdown pipeline, with its own math splitter, and
 * both stop the build on a formula KaTeX refuses: a paper's title (every formula inline; no
 * Markdown, so a `$` inside backticks is still math) and the abstract's first sentence, shown in
 * lists and feeds with every formula inline (a display formula too). The check reads them with
 * the very same functions, so that a file the check accepts also builds.
 */

/**
 * Formulas in `title` as the site's title renderer reads them, one by one and together (a title's
 * budget is smaller than an abstract's: it is shown on many pages); offsets are relative to the title.
 */
export function titleMathProblems(title: string, cache: MathCache, macros?: SiteMacros): Problem[] {
  const problems: Problem[] = [];
  let from = 0;
  let size = 0;
  for (const segment of splitTitleMath(title)) {
    if (segment.kind !== 'math') continue;
    const at = title.indexOf(segment.tex, from);
    from = at === -1 ? from : at + segment.tex.length;
    const offset = at === -1 ? 0 : Math.max(0, title.lastIndexOf('$', at));
    // Offsets inside the formula count from its first character, after the `$`.
    const source = at === -1 ? segment.tex : title.slice(offset, at + segment.tex.length);
    problems.push(...formulaProblems(segment.tex, false, offset, source, cache, '', macros));
    const before = size;
    size += cachedVerdict(segment.tex, false, cache, macros).size;
    const total = totalBudgetProblem(size, 'title');
    if (total !== undefined && totalBudgetProblem(before, 'title') === undefined) {
      problems.push({ rule: 'math-budget', offset, message: total });
    }
  }
  return problems;
}

/**
 * Formulas of the abstract's first sentence, rendered inline as the site's excerpt does, that
 * are refused there (a display-only command such as `\tag`, or a tall formula, in a `$$` block
 * that opens the abstract). Formulas in `reported` were already reported from the page rendering and are
 * skipped. Offsets are relative to the body, at the formula's first occurrence.
 */
export function excerptMathProblems(
  body: string,
  cache: MathCache,
  reported: ReadonlySet<string>,
  macros?: SiteMacros,
  paragraphs: readonly (readonly Segment[])[] = markdownParagraphs(body),
): Problem[] {
  const problems: Problem[] = [];
  for (const segment of excerptSegments({ body }, undefined, paragraphs)) {
    if (segment.kind !== 'math' || reported.has(segment.tex)) continue;
    const at = Math.max(0, body.indexOf(segment.tex));
    const found = formulaProblems(
      segment.tex,
      false,
      at,
      segment.tex,
      cache,
      ' inline, as the first sentence of the abstract is shown in lists (open the abstract with prose, or drop display-only commands)',
      macros,
    );
    // Only what inline rendering adds: the commands were judged with the page's rendering.
    problems.push(...found.filter((problem) => problem.rule === 'math-error' || problem.rule === 'math-budget'));
  }
  return problems;
}

/**
 * Only these make letters vanish from an abstract's text: math (blank space such as `$\quad$`), a
 * link or image whose label is empty, HTML, a character reference. An abstract without any of them
 * that holds a letter or a digit has text, and is not read again.
 */
const TEXT_HIDING = /[$[<&]/;

/**
 * An abstract that is written but reads as nothing in the text the site makes of it (`abstractText`:
 * the page's meta description, feeds, Scholar's `citation_abstract`): only blank math, or only
 * Markdown marks. An empty abstract is not this problem: the short-abstract warning names it.
 */
export function blankAbstractProblem(
  body: string,
  paragraphsOf: () => readonly (readonly Segment[])[] = () => markdownParagraphs(body),
): Problem | undefined {
  if (body.trim() === '' || (!TEXT_HIDING.test(body) && /[\p{L}\p{N}]/u.test(body))) return undefined;
  if (abstractText(paragraphsOf()) !== '') return undefined;
  return {
    rule: 'schema',
    offset: 0,
    message:
      'the abstract has no readable text (it is only math that renders as blank space, or Markdown marks): paste the paper’s abstract, in words',
  };
}
