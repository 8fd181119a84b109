import type { Problem } from './rules.ts';

/**
 * An abstract is at most this many characters: five times arXiv's own limit (1,920), and far
 * above the seed's longest (about 1,900). The cap also bounds the Markdown parser's worst cases,
 * some of which grow with the square of the input (runs of `*a*a*a...`).
 */
export const MAX_ABSTRACT_CHARS = 10_000;

/** Deeper blockquote nesting than this is refused unparsed: the parser recurses once per level. */
export const MAX_QUOTE_DEPTH = 10;

/**
 * What makes a body too big or too deep to hand to the Markdown parser, which the site build
 * shares: a few thousand nested `>` overflow its stack, and long runs of emphasis markers take it
 * seconds. When this finds anything, the body is not parsed at all. Offsets are relative to `body`.
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
    const depth = (/^[>\s]*/.exec(line)?.[0] ?? '').split('>').length - 1;
    if (depth > MAX_QUOTE_DEPTH) {
      problems.push({
        rule: 'markdown-nesting',
        offset,
        message: `a blockquote nested ${depth} deep: an abstract needs none; remove the ">" signs`,
      });
      break;
    }
    offset += line.length + 1;
  }
  return problems;
}
