import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/** The remark plugins a paper's Markdown is parsed with, on the site and in every check. */
export const PAPER_REMARK_PLUGINS = [remarkMath];

/**
 * How remark sees a paper's Markdown: the site's renderer, the math check and the pull-request
 * check all parse with this, so they find exactly the formulas, links and HTML the site renders.
 * Kept apart from the renderer so the check can parse without loading KaTeX's rehype side.
 */
export function paperMarkdownParser(): Processor {
  let processor = unified().use(remarkParse) as unknown as Processor;
  for (const plugin of PAPER_REMARK_PLUGINS) processor = processor.use(plugin) as unknown as Processor;
  return processor;
}
