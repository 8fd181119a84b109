import type { Problem } from './rules.ts';

/**
 * An abstract is at most this many characters: five times arXiv's own limit (1,920), and far
 * above the seed's longest (about 1,900). The cap also bounds the Markdown parser's worst cases,
 * some of which grow with the square of the input (runs of `*a*a*a...`).
 */
export const MAX_ABSTRACT_CHARS = 10_000;

/** Deeper nesting of blockquotes and lists than this is refused unparsed: the parser recurses once per level. */
export const MAX_QUOTE_DEPTH = 10;

/** The containers a line opens before its text: `>`, or a list marker (`-`, `*`, `+`, `1.`, `1)`) and a space. */
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*/;
/** `- - -` and `* * *` alone on a line are a rule, not lists. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * What makes a body too big or too deep to hand to the Markdown parser, which the site build
 * shares: a few thousand nested `>` or list markers on one line (`- - - - ... x`) overflow its
 * stack, a thousand take it a second, and long runs of emphasis markers take it seconds. When
 * this finds anything, the body is not parsed at all. Offsets are relative to `body`.
 */
export function markdownLimits(body: string): Problem[] {
  if (body.length > MAX_ABSTRACT_CHARS) {
    return [
      {
        rule: 'abstract-too-long',
        offset: 0,
        message: `the abstract is ${body.length} characters; the limit is ${MAX_ABSTRACT_CHARS}: paste the abstract only (arXiv's own limit is 1920)`,
      },
    ];
  }
  const problems: Problem[] = [];
  let offset = 0;
  for (const line of body.split('\n')) {
    const prefix = CONTAINERS.exec(line)?.[0] ?? '';
    const markers = prefix.match(/>|[-*+]|\d+[.)]/g) ?? [];
    if (markers.length > MAX_QUOTE_DEPTH && !THEMATIC_BREAK.test(line)) {
      const quotes = markers.every((marker) => marker === '>');
      problems.push({
        rule: 'markdown-nesting',
        offset,
        message: quotes
          ? `a blockquote nested ${markers.length} deep: an abstract needs none; remove the ">" signs`
          : `blockquotes or lists nested ${markers.length} deep on one line: an abstract needs none; write it as plain paragraphs (remove the leading "-", "*", "1." or ">" signs)`,
      });
      break;
    }
    offset += line.length + 1;
  }
  return problems;
}
