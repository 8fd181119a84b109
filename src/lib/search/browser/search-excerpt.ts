/**
 * Search-result excerpts as plain text runs, some highlighted. The page builds them with text
 * nodes and `<mark>` elements, never `innerHTML`: the text is a paper's, and papers are untrusted.
 */

export interface ExcerptPart {
  text: string;
  /** A matched word, shown in `<mark>`. */
  mark: boolean;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    // Own names only: `&constructor;` is not an entity, whatever Object.prototype holds.
    const key = name.toLowerCase();
    return Object.hasOwn(ENTITIES, key) ? (ENTITIES[key] ?? entity) : entity;
  });
}

function push(parts: ExcerptPart[], text: string, mark: boolean): void {
  if (text === '') return;
  const last = parts.at(-1);
  if (last !== undefined && last.mark === mark) last.text += text;
  else parts.push({ text, mark });
}

/**
 * Pagefind's excerpt (escaped text with `<mark>` around matches) as runs. Only `<mark>` and
 * `</mark>` are markup; anything else that looks like a tag is text, shown as written.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let marked = false;
  for (const piece of excerpt.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) marked = true;
    else if (/^<\/mark>$/i.test(piece)) marked = false;
    else push(parts, decodeEntities(piece), marked);
  }
  return parts;
}

/**
 * The words of a text with their positions, as Pagefind's excerpts count and mark them: separated by
 * whitespace, punctuation included ("cross-entropy," is one word, marked whole).
 */
export function words(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(/\S+/gu)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Lower case without accents: how the fallback index compares words. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * An excerpt of `text` around the first word `isMatch` accepts: about `length` words, matched
 * words marked, "…" where text was cut. Without a match it is the opening of the text.
 */
export function highlightExcerpt(text: string, isMatch: (word: string) => boolean, length = 30): ExcerptPart[] {
  const tokens = words(text);
  if (tokens.length === 0) return text.trim() === '' ? [] : [{ text: text.trim(), mark: false }];
  const first = tokens.findIndex((token) => isMatch(token.word));
  // A few words of context before the match, as Pagefind does.
  const startWord = first === -1 ? 0 : Math.max(0, Math.min(first - 5, tokens.length - length));
  const endWord = Math.min(tokens.length, startWord + length);
  const from = startWord === 0 ? 0 : (tokens[startWord]?.start ?? 0);
  // Words hold their punctuation: only whitespace follows the last one.
  const to = tokens[endWord - 1]?.end ?? text.length;
  const parts: ExcerptPart[] = [];
  if (from > 0) push(parts, '… ', false);
  let cursor = from;
  for (const token of tokens.slice(startWord, endWord)) {
    if (!isMatch(token.word)) continue;
    push(parts, text.slice(cursor, token.start), false);
    push(parts, token.word, true);
    cursor = token.end;
  }
  push(parts, text.slice(cursor, to), false);
  if (endWord < tokens.length) push(parts, ' …', false);
  const firstPart = parts[0];
  if (firstPart && !firstPart.mark) firstPart.text = firstPart.text.trimStart();
  return parts;
}
