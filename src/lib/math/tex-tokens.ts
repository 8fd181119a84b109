/**
 * TeX split into tokens exactly as KaTeX's lexer splits it (the token grammar below is KaTeX's own,
 * from katex/src/Lexer.ts), so the commands the allow-list sees are the commands KaTeX will run:
 * `\def` glued to letters is one command (`\defx`), `\verb|...|` is one token whose inside is never
 * a command, a `%` comment hides the rest of its line, and `@` counts as a letter (`\@char`).
 */

export interface TexToken {
  /** A control sequence (`\frac`, `\,`, `\\`), a single character, or `\verb...` whole. */
  text: string;
  /** Where it starts in the TeX, in UTF-16 code units. */
  index: number;
}

const SPACE = '[ \\r\\n\\t]';
const CONTROL_WORD = '\\\\[a-zA-Z@]+';
const COMBINING = '[\\u0300-\\u036f]';
// KaTeX's tokenRegexString, group for group: [1] white space, [2] backslash + white space,
// [3] anything else: [4]/[5] \verb delimiters, [6] a control word without its trailing spaces.
const TOKEN = new RegExp(
  `(${SPACE}+)|\\\\(\\n|[ \\r\\t]+\\n?)[ \\r\\t]*|` +
    `([!-\\[\\]-\\u2027\\u202A-\\uD7FF\\uF900-\\uFFFF]${COMBINING}*` +
    `|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]${COMBINING}*` +
    `|\\\\verb\\*([^]).*?\\4` +
    `|\\\\verb([^*a-zA-Z]).*?\\5` +
    `|(${CONTROL_WORD})${SPACE}*` +
    `|\\\\[^\\uD800-\\uDFFF])`,
  'g',
);

/**
 * The tokens of `tex`, white space left out. Stops at the first character KaTeX's lexer refuses
 * (a control character, a lone surrogate): KaTeX reports that itself when it parses.
 */
export function texTokens(tex: string): TexToken[] {
  const tokens: TexToken[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < tex.length) {
    const index = TOKEN.lastIndex;
    const match = TOKEN.exec(tex);
    if (match === null || match.index !== index) break;
    if (match[1] !== undefined) continue;
    const text = match[6] ?? match[3] ?? '\\ ';
    if (text === '%') {
      // A comment runs to the end of its line, as in KaTeX.
      const newline = tex.indexOf('\n', TOKEN.lastIndex);
      TOKEN.lastIndex = newline === -1 ? tex.length : newline + 1;
      continue;
    }
    tokens.push({ text: match[4] !== undefined || match[5] !== undefined ? '\\verb' : text, index });
  }
  return tokens;
}

/** Whether a token is a control sequence (`\name` or `\` and one character). */
export function isControlSequence(token: TexToken): boolean {
  return token.text.startsWith('\\');
}
