import type { KatexOptions } from 'katex';

/**
 * The one set of KaTeX options used everywhere math is rendered or checked: the site build
 * (rehype-katex), the ingest's repair validation and the pull-request check. Paper files are
 * untrusted, so nothing here may let a formula reach outside the page or hang the build.
 */
export const KATEX_OPTIONS = {
  // \href, \url, \includegraphics, \htmlClass ... stay inert: no links or attributes from content.
  trust: false,
  // A macro bomb expands at most this many times before KaTeX gives up with a ParseError.
  maxExpand: 1000,
  // Em; stops \rule{1000em}{1000em}-style page takeovers.
  maxSize: 20,
  // Unicode text in math and similar non-standard input render fine; they are not errors.
  strict: 'ignore',
  output: 'htmlAndMathml',
} as const satisfies KatexOptions;

/** Longer formulas are refused before KaTeX sees them: no abstract needs one, and parse time grows with length. */
export const MAX_FORMULA_LENGTH = 2000;

/**
 * Commands KaTeX refuses under `trust: false`. It does not throw for them: it paints the command
 * name in red and carries on, so they must be caught before rendering or they ship silently.
 */
export const UNTRUSTED_TEX_COMMAND = /\\(href|url|includegraphics|htmlClass|htmlId|htmlStyle|htmlData)(?![a-zA-Z])/;
