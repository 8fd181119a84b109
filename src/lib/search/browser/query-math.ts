/**
 * Formulas in a query, read as the index reads the papers' formulas. The index holds each formula
 * once, in words (`$\alpha$` is "alpha", `$L_0$` is "L₀": src/lib/markdown/rehype-math-search-text.ts),
 * so a reader who types TeX, as papers write it, must be searched for those words: Pagefind reads
 * `$\alpha$` as one unknown word and finds nothing. So must a reader who types TeX without dollars
 * (`L_2`, `D_{KL}`, `\alpha`), or a Greek letter (`α`, `β-VAE`): the index spells a formula's
 * Greek letters as names. A module of its own, which the search page loads only for a query that
 * may hold math (search-state.ts, mayHoldMath): the TeX reader (about 9 KB gzip) costs other
 * queries nothing.
 */
import { GREEK_LETTERS } from '../../text/greek-letters.ts';
import { titleToText } from '../../text/tex-to-text.ts';

/** Each Greek letter's TeX name, the plain name first (`ε` is `epsilon`, not `varepsilon`). */
const GREEK_NAMES = new Map<string, string>();
for (const [name, letter] of Object.entries(GREEK_LETTERS)) {
  if (!GREEK_NAMES.has(letter)) GREEK_NAMES.set(letter, name);
}

/**
 * A word typed as TeX: a command (`\alpha`), or one letter with a sub- or superscript (`L_2`,
 * `x^2`, `D_{KL}`), not a name with an underscore inside (`state_dict`).
 */
const TEX_WORD = /\\[A-Za-z]|(?:^|[^\p{L}\p{N}])\p{L}[_^](?:\{[^{}]*\}|[\p{L}\p{N}])/u;

/** A formula in dollars, which titleToText reads as it is. */
const FORMULA = /(\$\$[^$]*\$\$|\$[^$]*\$)/;

/** A word outside formulas as a formula when it is TeX, its Greek letters as formulas otherwise. */
function wordAsMath(word: string): string {
  if (word.includes('$')) return word;
  if (TEX_WORD.test(word)) return `$${word}$`;
  return word.replace(/\p{Script=Greek}/gu, (letter) => {
    const name = GREEK_NAMES.get(letter);
    return name === undefined ? letter : `$\\${name}$`;
  });
}

/**
 * `query` with each `$...$` formula, each word typed as TeX and each Greek letter in the words the
 * index holds for it; other text as typed.
 */
export function readQueryMath(query: string): string {
  const marked = query
    .split(FORMULA)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .split(/(\s+)/)
            .map((word) => (/^\s*$/.test(word) ? word : wordAsMath(word)))
            .join(''),
    )
    .join('');
  return titleToText(marked, 'words');
}
