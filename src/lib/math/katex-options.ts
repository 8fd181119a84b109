import type { KatexOptions } from 'katex';

/**
 * The one set of KaTeX options used everywhere math is rendered or checked (through `judgeMath` in
 * math-check.ts, which adds the site macros): the site build, title rendering, the ingest's repair
 * validation and the pull-request check. Paper files are untrusted, so nothing here may let a
 * formula reach outside the page or hang the build.
 */
export const KATEX_OPTIONS = {
  // \href, \url, \includegraphics, \htmlClass ... stay inert: no links or attributes from content.
  // (The allow-list refuses them before KaTeX sees them: KaTeX would paint them red, not throw.)
  trust: false,
  // Papers cannot define macros (the allow-list), so this bounds only KaTeX's and the site's own.
  maxExpand: 1000,
  // Em; caps any length a formula gives. (\rule, \kern, \raisebox are refused by the allow-list;
  // what remains is a row space, \\[2em], whose total the height budget bounds.)
  maxSize: 20,
  // Unicode text in math and similar non-standard input render fine; they are not errors. A `%`
  // whose comment runs to the end of the formula is: KaTeX shows `a % b + c` as "a", the rest
  // silently gone (a percent sign is `\%`).
  strict: (errorCode: string) => (errorCode === 'commentAtEnd' ? 'error' : 'ignore'),
  output: 'htmlAndMathml',
} as const satisfies KatexOptions;

/** Longer formulas are refused before KaTeX sees them: no abstract needs one, and parse time grows with length. */
export const MAX_FORMULA_LENGTH = 2000;
