/**
 * Words of scripts written without spaces between them (Chinese, Japanese, Thai, Lao, Khmer,
 * Burmese), as the search index and a query must both see them. The index is made for English
 * (one language for the site): Pagefind splits text at white space only, so `基于深度学习的图像分割`
 * is one word to it, found only by its beginning (`图像` found nothing). Pagefind segments such text
 * only in an index made for that language, and the site's papers share one index; so the build
 * separates such words with spaces in what it gives Pagefind (src/lib/search/build/indexed-pages.ts),
 * and the search page separates a query's alike (src/scripts/search-page.ts), with the same
 * segmenter: Unicode's word boundaries with ICU's dictionaries (`Intl.Segmenter`), which Node and
 * every current browser carry. No library: a JavaScript segmenter would ship its dictionary (MBs)
 * to every reader; ICU's is already in the browser. Text in other scripts is left exactly as it is.
 *
 * The excerpts Pagefind cuts from that text show the spaces; `withoutSegmentSpaces` takes out again
 * exactly the ones put in (each follows an invisible mark, `SEGMENT_MARK`).
 */

/** A letter of a script written without spaces between words (and the marks Japanese writes inside words). */
const NO_SPACE_LETTER =
  '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\u30FC\\uFF70\\uFF9E\\uFF9F\\u309B\\u309C';
/** A quick first look: every such letter is in these blocks (most text has none). */
const MAY_NEED_SEGMENTS =
  /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\u2E80-\u9FFF\uA9E0-\uA9FF\uAA60-\uAA7F\uF900-\uFAFF\uFF66-\uFF9F\uD840-\uD88F]/;
const NO_SPACE_RUN = new RegExp(`[${NO_SPACE_LETTER}]+`, 'gu');
const NO_SPACE_ONE = new RegExp(`[${NO_SPACE_LETTER}]`, 'u');
/** A letter, digit or mark: what a run of such words is separated from by a space. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;

let segmenter: Intl.Segmenter | null | undefined;
/**
 * One segmenter for every call, for no particular language ('und'): ICU chooses words of these
 * scripts by their script's dictionary, not by the locale, so the index and a browser in any
 * language split alike. Null where `Intl.Segmenter` is missing (no browser the site supports).
 */
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** Whether `text` holds a letter of a script written without spaces between words. */
export function needsWordSegments(text: string): boolean {
  return MAY_NEED_SEGMENTS.test(text) && NO_SPACE_ONE.test(text);
}

/**
 * Where `text` needs a space inserted (offsets, ascending, each at most once) to separate each two
 * words of a script written without spaces, and such a word from a letter or digit of another
 * script beside it (`基于BERT的` is `基于 BERT 的`). Punctuation stays with the word before it
 * (`模型。本文` is `模型。 本文`), as it does in English. None where no segmenter is available.
 */
export function wordSegmentOffsets(text: string): number[] {
  if (!needsWordSegments(text)) return [];
  const words = wordSegmenter();
  if (words === null) return [];
  const offsets: number[] = [];
  for (const match of text.matchAll(NO_SPACE_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = start > 0 ? text.charAt(start - 1) : '';
    if (before !== '' && !SPACE.test(before) && offsets.at(-1) !== start) offsets.push(start);
    for (const part of words.segment(match[0])) if (part.index > 0) offsets.push(start + part.index);
    if (WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(end) ?? 0x20))) offsets.push(end);
  }
  return offsets;
}

/** `text` with the spaces `wordSegmentOffsets` asks for; anything else unchanged. */
export function segmentWords(text: string): string {
  const offsets = wordSegmentOffsets(text);
  if (offsets.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const offset of offsets) {
    out += `${text.slice(copied, offset)} `;
    copied = offset;
  }
  return out + text.slice(copied);
}

/**
 * What the index writes before each space it puts in: a word joiner, invisible and not a letter, so
 * Pagefind indexes the word before it as if it were not there (and keeps it in the text it cuts
 * excerpts from). `withoutSegmentSpaces` takes out exactly those spaces: every space the paper has
 * (a Japanese name written `山田 太郎`, a space between Thai sentences, one beside a Latin word)
 * stays as written. A paper's own text holds no word joiner: the check refuses invisible
 * characters and the ingest removes them (src/lib/check/hidden-characters.ts).
 */
export const SEGMENT_MARK = '\u2060';

/**
 * Where the index's copy of `text` gets a space, each after `SEGMENT_MARK`: `wordSegmentOffsets`,
 * as `[offset, insert]`.
 */
export function indexedSegmentInsertions(text: string): [offset: number, insert: string][] {
  return wordSegmentOffsets(text).map((offset) => [offset, `${SEGMENT_MARK} `]);
}

/**
 * Text parts (an excerpt's runs, some marked) as the paper writes them: without the spaces the
 * index put in (`SEGMENT_MARK` and the space after it), also where a part ends and the next
 * begins. Returns the same array when there are none.
 */
export function withoutSegmentSpaces<Part extends { text: string }>(parts: readonly Part[]): readonly Part[] {
  if (!parts.some((part) => part.text.includes(SEGMENT_MARK))) return parts;
  const text = parts.map((part) => part.text).join('');
  const drop = new Set<number>();
  for (let at = text.indexOf(SEGMENT_MARK); at >= 0; at = text.indexOf(SEGMENT_MARK, at + 1)) {
    drop.add(at);
    if (/\s/u.test(text.charAt(at + 1))) drop.add(at + 1);
  }
  let offset = 0;
  return parts
    .map((part) => {
      let kept = '';
      for (let i = 0; i < part.text.length; i += 1) if (!drop.has(offset + i)) kept += part.text.charAt(i);
      offset += part.text.length;
      return { ...part, text: kept };
    })
    .filter((part) => part.text !== '');
}
