import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import { PAPER_REMARK_PLUGINS } from './paper-markdown-parser.ts';
import { rehypeMathSearchText } from './rehype-math-search-text.ts';
import rehypeKatex from 'rehype-katex';
import {
  paperKatexOptions,
  rehypePaperMath,
  rehypePaperMathGuard,
  rehypePaperMathVerify,
  rehypePaperSanitize,
} from './rehype-paper-safety.ts';

/**
 * How Markdown becomes HTML through Astro's `markdown.processor` (the site's own prose, such as
 * `about.mdx`), with the rules a paper's Markdown follows; paper abstracts take `PAPER_ABSTRACT`
 * below, the same rules in fewer steps. Order matters: sanitize the untrusted tree, judge every
 * formula with the shared judge (a refused one stops the build), typeset them with rehype-katex
 * (after sanitizing, so KaTeX's own markup is never filtered), make sure none came out as an
 * error, then give search one readable form of each formula.
 */
export const PAPER_MARKDOWN = {
  remarkPlugins: PAPER_REMARK_PLUGINS,
  // Raw HTML in a paper is dropped when Markdown becomes HTML, before anything else sees it.
  remarkRehype: { allowDangerousHtml: false },
  rehypePlugins: [
    rehypePaperSanitize,
    rehypePaperMathGuard,
    [rehypeKatex, paperKatexOptions()],
    rehypePaperMathVerify,
    rehypeMathSearchText,
  ],
} satisfies UnifiedProcessorOptions;

/**
 * How a paper's abstract becomes HTML in the build (src/lib/markdown/paper-render.ts): the steps
 * above, with the guard, rehype-katex, its check and the search text done in one
 * (`rehypePaperMath`), whose KaTeX HTML the stringifier writes out as it is (raw nodes allowed:
 * the sanitizer, first, leaves none but the math step's).
 */
export const PAPER_ABSTRACT = {
  remarkRehype: PAPER_MARKDOWN.remarkRehype,
  rehypePlugins: [rehypePaperSanitize, rehypePaperMath],
  rehypeStringify: { allowDangerousHtml: true },
} as const;
