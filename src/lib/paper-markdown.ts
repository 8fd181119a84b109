import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import rehypeKatex from 'rehype-katex';
import { KATEX_OPTIONS } from './katex-options.ts';
import { PAPER_REMARK_PLUGINS } from './paper-markdown-parser.ts';
import { rehypeMathSearchText } from './rehype-math-search-text.ts';
import { rehypeFailOnMathErrors, rehypePaperSanitize } from './rehype-paper-safety.ts';

/**
 * How a paper's Markdown becomes HTML: the site's `markdown.processor` and the tests that prove
 * its safety use this one definition. Order matters: sanitize the untrusted tree, then typeset math
 * (so KaTeX's own markup is never filtered), then give search one readable form of each formula,
 * then stop on any formula KaTeX could not render.
 */
export const PAPER_MARKDOWN = {
  remarkPlugins: PAPER_REMARK_PLUGINS,
  // Raw HTML in a paper is dropped when Markdown becomes HTML, before anything else sees it.
  remarkRehype: { allowDangerousHtml: false },
  rehypePlugins: [rehypePaperSanitize, [rehypeKatex, KATEX_OPTIONS], rehypeMathSearchText, rehypeFailOnMathErrors],
} satisfies UnifiedProcessorOptions;
