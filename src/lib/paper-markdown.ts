import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import { PAPER_REMARK_PLUGINS } from './paper-markdown-parser.ts';
import { rehypeMathSearchText } from './rehype-math-search-text.ts';
import { rehypePaperMath, rehypePaperSanitize } from './rehype-paper-safety.ts';

/**
 * How a paper's Markdown becomes HTML: the site's `markdown.processor` and the tests that prove
 * its safety use this one definition. Order matters: sanitize the untrusted tree, then typeset math
 * with the shared judge (so KaTeX's own markup is never filtered, and a refused formula stops the
 * build), then give search one readable form of each formula.
 */
export const PAPER_MARKDOWN = {
  remarkPlugins: PAPER_REMARK_PLUGINS,
  // Raw HTML in a paper is dropped when Markdown becomes HTML, before anything else sees it.
  remarkRehype: { allowDangerousHtml: false },
  rehypePlugins: [rehypePaperSanitize, rehypePaperMath, rehypeMathSearchText],
} satisfies UnifiedProcessorOptions;
