/**
 * The HTML of a paper's Markdown when it is nothing but paragraphs of plain prose, without parsing
 * it; `undefined` for anything else, which goes through the full renderer (paper-render.ts).
 *
 * Why not always the full renderer: most abstracts hold no Markdown at all (6,240 of the 10,057 of
 * the bench and the seed, whose HTML is `<p>` around each paragraph), yet parsing one through
 * micromark, mdast, hast and the stringifier cost about 100 µs, the bulk of a render thread's time
 * for those papers (5 µs here). This is not a second Markdown parser: it only recognizes text in
 * which no CommonMark or remark-math construct can start, and the unit tests compare it with the
 * full renderer on every abstract of the fixtures and on generated text made of the characters
 * that matter to Markdown. Nothing untrusted gets through unescaped: text on this path holds no `<`,
 * `>` or `&`, so it is HTML as it stands, and the paper's sanitizer would find nothing in it.
 */

/**
 * Characters that may mean something to CommonMark or remark-math anywhere in a line, or that the
 * parser or stringifier rewrites: backslash escapes, code, emphasis, links and images, raw HTML,
 * autolinks and character references, math, fences, headings, tabs and every control character
 * but the line feed (carriage returns and NUL included).
 */
// eslint-disable-next-line no-control-regex -- control characters are among what the full renderer rewrites
const MARKUP = /[\\`*_[\]<>&$~#|\u0000-\u0009\u000b-\u001f\u007f]/;

/**
 * A line that could start a block, or a hard break: every line of a plain paragraph starts with a
 * letter (no list marker, quote, heading, indented code, thematic break or setext underline can)
 * and none ends with a space (two would be a hard break). Blank lines only separate paragraphs;
 * text that starts or ends with a line feed is left to the full renderer.
 */
const NOT_A_PARAGRAPH_LINE = /^(?!\p{L})|\n(?!\p{L}|\n)| \n| $/u;

/** `<p>` around each paragraph of `markdown` if it is plain prose (see above), else `undefined`. */
export function plainParagraphsHtml(markdown: string): string | undefined {
  if (MARKUP.test(markdown) || NOT_A_PARAGRAPH_LINE.test(markdown)) return undefined;
  return markdown
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph}</p>`)
    .join('\n');
}
