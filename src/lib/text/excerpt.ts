import type { Segment } from './math-text.ts';

/** Abbreviations after which a full stop does not end a sentence (compared in lower case). */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'cf',
  'vs',
  'etc',
  'al',
  'fig',
  'figs',
  'eq',
  'eqs',
  'sec',
  'secs',
  'ref',
  'refs',
  'approx',
  'resp',
  'no',
  'nos',
  'vol',
  'pp',
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'st',
  'jr',
  'sr',
  'viz',
  'ca',
  'incl',
  'thm',
  'lem',
  'def',
  'prop',
  'cor',
  'alg',
  'app',
  'ch',
  'ie',
  'eg',
  'w.r.t',
  'a.k.a',
  'u.s',
]);

/**
 * Index of the character just after the first sentence end in `text`, or -1. A sentence ends at
 * `.`, `!` or `?` (with closing quotes or brackets) followed by white space and then something
 * that can start a sentence; not after an abbreviation, an initial ("J. Smith") or inside a
 * number. `atEnd` says whether nothing follows `text`, so a final stop counts.
 */
function sentenceEnd(text: string, atEnd: boolean, nextStartsSentence: boolean): number {
  const pattern = /[.!?]+["'”’)\]]*(?=\s|$)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const end = match.index + match[0].length;
    const after = text.slice(end);
    const following = after.trimStart();
    if (following === '' && !atEnd && !nextStartsSentence) continue;
    if (following !== '' && !/^["'“‘([]?[\p{Lu}\p{N}]/u.test(following)) continue;
    if (match[0].startsWith('.')) {
      const word = /(\S+)$/.exec(text.slice(0, match.index))?.[1] ?? '';
      const bare = word.replace(/^["'“‘([]+/, '');
      if (ABBREVIATIONS.has(bare.toLowerCase())) continue;
      // A single capital letter is an initial (J. Smith), not a sentence.
      if (/^\p{Lu}$/u.test(bare)) continue;
    }
    return end;
  }
  return -1;
}

function lengthOf(segments: readonly Segment[]): number {
  return segments.reduce(
    (sum, segment) => sum + (segment.kind === 'text' ? segment.text.length : segment.tex.length),
    0,
  );
}

/**
 * Cuts segments to at most `maxLength` characters at a word boundary, never inside a formula, and
 * marks the cut with an ellipsis.
 */
function truncate(segments: readonly Segment[], maxLength: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const segment of segments) {
    const size = segment.kind === 'text' ? segment.text.length : segment.tex.length;
    if (used + size <= maxLength) {
      out.push(segment);
      used += size;
      continue;
    }
    if (segment.kind === 'text') {
      const room = segment.text.slice(0, Math.max(0, maxLength - used));
      const boundary = room.lastIndexOf(' ');
      const kept = (boundary > 0 ? room.slice(0, boundary) : '').replace(/[\s,;:–—-]+$/, '');
      if (kept !== '') out.push({ kind: 'text', text: kept });
    }
    break;
  }
  const last = out.at(-1);
  if (last?.kind === 'text') last.text = `${last.text.trimEnd()}…`;
  else out.push({ kind: 'text', text: '…' });
  return out;
}

/**
 * The first sentence of a paragraph of prose and math, at most `maxLength` characters (cut at a
 * word with an ellipsis when longer). Formulas are never split.
 */
export function firstSentence(paragraph: readonly Segment[], maxLength = 300): Segment[] {
  const out: Segment[] = [];
  for (let index = 0; index < paragraph.length; index += 1) {
    const segment = paragraph[index];
    if (segment === undefined) continue;
    if (segment.kind === 'math') {
      out.push(segment);
      continue;
    }
    const next = paragraph[index + 1];
    const end = sentenceEnd(segment.text, next === undefined, next?.kind === 'math');
    if (end === -1) {
      out.push(segment);
      continue;
    }
    out.push({ kind: 'text', text: segment.text.slice(0, end).trimEnd() });
    break;
  }
  return lengthOf(out) > maxLength ? truncate(out, maxLength) : out;
}
