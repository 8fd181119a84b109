import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import type { Processor } from 'unified';
import { VFile } from 'vfile';
import { paperMarkdownParser } from './paper-markdown-parser.ts';
import { PAPER_ABSTRACT } from './paper-markdown.ts';
import { plainParagraphsHtml } from './plain-paragraphs.ts';

/**
 * Renders a paper's Markdown body to HTML: remark-parse, remark-math, remark-rehype, then the
 * abstract's rehype steps (sanitize; the math judged, typeset and marked for search), nothing else.
 *
 * Astro's own Markdown renderer also runs GFM, SmartyPants, image collection, heading ids and a
 * full rehype-raw re-parse; on abstracts that made rendering ~10x slower (about 6 ms against 0.7 ms
 * a paper, the bulk of a 10,000-paper build) while adding nothing an abstract uses: the ingest's
 * repair already writes typographic quotes and dashes, and raw HTML is never allowed. An abstract
 * of plain paragraphs, most of them, skips even these steps (plain-paragraphs.ts): same HTML.
 */
export function createPaperRenderer(
  options: {
    /** `false`: every abstract through the full pipeline (how the tests compare the two). */
    plainParagraphs?: boolean;
  } = {},
): (markdown: string, path: string) => Promise<string> {
  let processor = paperMarkdownParser().use(remarkRehype, PAPER_ABSTRACT.remarkRehype) as unknown as Processor;
  for (const plugin of PAPER_ABSTRACT.rehypePlugins) processor = processor.use(plugin) as unknown as Processor;
  const pipeline = processor.use(rehypeStringify, PAPER_ABSTRACT.rehypeStringify);
  const full = async (markdown: string, path: string) =>
    String(await pipeline.process(new VFile({ value: markdown, path })));
  if (options.plainParagraphs === false) return full;
  return async (markdown, path) => plainParagraphsHtml(markdown) ?? full(markdown, path);
}
