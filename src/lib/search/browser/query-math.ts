/**
 * Formulas in a query, read as the index reads the papers' formulas. The index holds each formula
 * once, in words (`$\alpha$` is "alpha", `$L_0$` is "L₀": src/lib/markdown/rehype-math-search-text.ts),
 * so a reader who types TeX, as papers write it, must be searched for those words: Pagefind reads
 * `$\alpha$` as one unknown word and finds nothing. A module of its own, which the search page
 * loads only for a query with a `$`: the TeX reader (about 9 KB gzip) costs other queries nothing.
 */
import { titleToText } from '../../text/tex-to-text.ts';

/** `query` with each `$...$` formula in the words the index holds for it; other text as typed. */
export function readQueryMath(query: string): string {
  return titleToText(query, 'words');
}
