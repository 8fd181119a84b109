/**
 * "Related papers" by content similarity, for the whole archive at once, in near-linear time.
 *
 * Each paper is reduced to its few most distinctive terms (TF-IDF over title, abstract and
 * topics). An inverted index maps each term to the papers it is most distinctive for, capped per
 * term, so a paper is only ever compared with the bounded set of papers that share one of its
 * distinctive terms: O(papers x terms per paper x postings per term), never all pairs. At 100,000
 * papers that is a few hundred million multiply-adds, computed once per build.
 */
import { segmentWords } from '../text/word-segments.ts';
import { ASCII_LIMIT, CHAR, isAsciiAlnum, isAsciiDigit } from '../text/char-codes.ts';

/** What a paper's terms are counted from. */
export interface TermSource {
  /** Title as plain text; its terms count more than the abstract's. */
  title: string;
  /** Abstract as plain text. */
  text: string;
  topics: readonly string[];
}

/**
 * A paper's terms with their weighted counts (title words weigh more; topics are terms `#<id>`), as
 * one string, `term count term count ...` (no term holds a space). The loader keeps it for every
 * paper between builds: at 100,000 papers an object with a property per term cost the build its
 * heap (V8 keeps such objects as hash tables), while a string costs a byte a character.
 */
export type PaperTerms = string;

/**
 * Calls `visit` with each term of `terms` and its count, in order (a last term without a count is
 * left out). Only the terms are cut out as strings: `relatedPapers` reads every paper's terms each
 * build, and splitting them all into parts was a fifth of its time.
 */
export function forEachTerm(terms: PaperTerms, visit: (term: string, count: number) => void): void {
  let start = 0;
  for (let space = terms.indexOf(' '); space >= 0; space = terms.indexOf(' ', start)) {
    const next = terms.indexOf(' ', space + 1);
    const end = next < 0 ? terms.length : next;
    let count = 0;
    for (let at = space + 1; at < end && count >= 0; at += 1) {
      const code = terms.charCodeAt(at);
      count = isAsciiDigit(code) ? count * 10 + code - 48 : -1;
    }
    // paperTerms writes whole counts; anything else is read as a number.
    if (count < 0 || end === space + 1) count = Number(terms.slice(space + 1, end));
    visit(terms.slice(start, space), count);
    if (next < 0) return;
    start = next + 1;
  }
}

/** The terms and counts of `terms`, in order. */
export function termEntries(terms: PaperTerms): [string, number][] {
  const entries: [string, number][] = [];
  forEachTerm(terms, (term, count) => entries.push([term, count]));
  return entries;
}

export interface RelatedInput {
  /** Unique id (the slug). */
  id: string;
  /** The paper's terms, from `paperTerms` (kept per paper between builds: see paper-view.ts). */
  terms: PaperTerms;
  topics: readonly string[];
}

export interface RelatedOptions {
  /** How many related papers per paper. */
  count?: number;
  /** Distinctive terms kept per paper. */
  termsPerPaper?: number;
  /** Papers kept per term in the inverted index (the most distinctive holders of the term). */
  postingsPerTerm?: number;
  /** Receives how much work the run did: the bound that keeps it near-linear is checked by tests and the benchmark. */
  onStats?: (stats: RelatedStats) => void;
}

export interface RelatedStats {
  /** Score updates performed (paper, candidate) over all papers. */
  comparisons: number;
  /** The most candidates any one paper was scored against. */
  maxCandidates: number;
}

// prettier-ignore
const STOPWORDS = new Set(
  `a about above across after again against all almost along also although always am among an and another any
  are around as at be because been before being below between both but by can cannot could did do does doing done
  down during each either else enough especially even ever every few for from further had has have having he her
  here hers him his how however i if in into is it its itself just least less like made make makes many may me
  might more most much must my neither no nor not now of off often on once one only onto or other others otherwise
  our ours out over own per perhaps quite rather really same several shall she should show shows shown since so
  some still such than that the their theirs them themselves then there therefore these they this those though
  through thus to together too toward towards under until up upon us use used uses using very via was we well were
  what when where whereas whether which while who whom whose why will with within without would yet you your
  paper papers propose proposed proposes present presents approach approaches method methods new novel results
  result based work show demonstrate demonstrates study studies first two three also e.g i.e et al etc however
  can't don't it's we're`.split(/\s+/),
);

/** Light suffix folding so "networks" meets "network" and "studies" meets "study". */
function stem(word: string): string {
  const length = word.length;
  if (word.charCodeAt(length - 1) !== CHAR.LOWER_S) return word;
  if (length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (length <= 3) return word;
  // "ss", "us", "is", "as" are not plural endings.
  const before = word.charCodeAt(length - 2);
  const notPlural =
    before === CHAR.LOWER_S || before === CHAR.LOWER_U || before === CHAR.LOWER_I || before === CHAR.LOWER_A;
  return notPlural ? word : word.slice(0, -1);
}

const NON_ASCII = /[\u0080-\uffff]/;

// What a character is to the tokenizer, once accents are folded apart (NFKD): a letter or digit
// (`\p{L}`, `\p{N}`) is part of a word; a combining mark (`\p{M}`) is dropped, so the letters on
// either side stay one word; anything else ends a word.
const WORD_PART = 0;
const MARK = 1;
const SEPARATOR = 2;

const nonAsciiParts = new Map<number, number>();

function nonAsciiPart(codePoint: number): number {
  let part = nonAsciiParts.get(codePoint);
  if (part === undefined) {
    const char = String.fromCodePoint(codePoint);
    part = /\p{M}/u.test(char) ? MARK : /[\p{L}\p{N}]/u.test(char) ? WORD_PART : SEPARATOR;
    nonAsciiParts.set(codePoint, part);
  }
  return part;
}

/**
 * Calls `visit` with each token of `tokenize(text)`, in order, scanning the text in place: each
 * word is cut out once, and text with accents or math in Unicode (a third of the bench's abstracts)
 * is folded in one pass, not three over the whole text (normalize, drop the marks, split). Splitting
 * into an array first, a regular expression per plural and those passes made `paperTerms` the
 * largest part of a render thread's work on a paper after KaTeX and the Markdown parser.
 */
function forEachToken(text: string, visit: (token: string) => void): void {
  // Chinese, Japanese or Thai text in words, as search reads it (a run of it was one "word", so
  // two Chinese papers on image segmentation shared no term); a look at most texts, which have none.
  const lower = segmentWords(text).toLowerCase();
  // Accents folded apart (é is e and a mark) only when there is something to fold.
  const folded = NON_ASCII.test(lower) ? lower.normalize('NFKD') : lower;
  const length = folded.length;
  // The word being read: `done` holds its letters before the last mark, `from` where the rest start.
  let done = '';
  let from = -1;
  const end = (at: number): void => {
    if (from < 0 && done === '') return;
    const word = from < 0 ? done : done + folded.slice(from, at);
    done = '';
    from = -1;
    // Bare numbers ("2024", "100") relate nothing.
    if (word.length < 2 || STOPWORDS.has(word) || (isAsciiDigit(word.charCodeAt(0)) && /^\d+$/.test(word))) return;
    visit(stem(word));
  };
  for (let i = 0; i < length;) {
    const code = folded.charCodeAt(i);
    if (code < ASCII_LIMIT) {
      // Capitals too: lower-cased text has none, but folding may make some (math bold 𝐀 is A).
      if (isAsciiAlnum(code)) {
        if (from < 0) from = i;
      } else {
        end(i);
      }
      i += 1;
      continue;
    }
    const codePoint = folded.codePointAt(i) ?? code;
    const width = codePoint > 0xffff ? 2 : 1;
    const part = nonAsciiPart(codePoint);
    if (part === WORD_PART) {
      if (from < 0) from = i;
    } else if (part === MARK) {
      if (from >= 0) done += folded.slice(from, i);
      from = -1;
    } else {
      end(i);
    }
    i += width;
  }
  end(length);
}

/** Lower-case word tokens of `text`, accents folded, stopwords and bare numbers dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (token) => tokens.push(token));
  return tokens;
}

const TITLE_WEIGHT = 3;
const TOPIC_WEIGHT = 2;

/** The terms of one paper with their weighted counts: the part of the similarity that depends on the paper alone. */
export function paperTerms(paper: TermSource): PaperTerms {
  const counts = new Map<string, number>();
  const add = (term: string, weight: number): void => {
    counts.set(term, (counts.get(term) ?? 0) + weight);
  };
  forEachToken(paper.title, (term) => add(term, TITLE_WEIGHT));
  forEachToken(paper.text, (term) => add(term, 1));
  // Topic ids cannot collide with word tokens: those never contain "#".
  for (const topic of paper.topics) add(`#${topic}`, TOPIC_WEIGHT);
  let terms = '';
  for (const [term, count] of counts) terms += terms === '' ? `${term} ${count}` : ` ${term} ${count}`;
  return terms;
}

/**
 * The `count` best of `length` items (indexes 0..length-1), best first, by `better(a, b)` (a strict
 * total order). One pass with a small sorted buffer: `count` is tiny next to `length`, so this
 * beats sorting everything.
 */
function topIndexes(length: number, count: number, better: (a: number, b: number) => boolean): number[] {
  const best: number[] = [];
  for (let item = 0; item < length; item += 1) {
    let position = best.length;
    while (position > 0 && better(item, best[position - 1] ?? 0)) position -= 1;
    if (position < count) {
      best.splice(position, 0, item);
      if (best.length > count) best.pop();
    }
  }
  return best;
}

/** `array` copied into one twice its length. */
function grown<T extends Int32Array | Float64Array>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
  larger.set(array);
  return larger;
}

/** The `count` highest-scoring candidates, best first; ties go to the lower paper index. */
function topScores(candidates: readonly number[], scores: Float64Array, count: number): number[] {
  return topIndexes(candidates.length, count, (a, b) => {
    const first = candidates[a] ?? 0;
    const second = candidates[b] ?? 0;
    const difference = (scores[first] ?? 0) - (scores[second] ?? 0);
    return difference > 0 || (difference === 0 && first < second);
  }).map((index) => candidates[index] ?? 0);
}

/**
 * For every paper (same order as `papers`), the ids of up to `count` most similar other papers,
 * best first. Papers with too little in common with anything are topped up with papers sharing a
 * topic (earliest in the input first), so every page can show `count` when the archive has them.
 * Deterministic: the same input gives the same answer on every machine.
 */
export function relatedPapers(papers: readonly RelatedInput[], options: RelatedOptions = {}): string[][] {
  const count = options.count ?? 5;
  const termsPerPaper = options.termsPerPaper ?? 24;
  const postingsPerTerm = options.postingsPerTerm ?? 64;
  const total = papers.length;

  // Every term as an integer, read once: each paper's terms and counts, and how many papers hold each
  // term. Reading each paper's terms string into [term, count] pairs and looking each term up by its
  // text twice took two thirds of this function (0.8 s of 1.2 s at 10,000 papers).
  const termIds = new Map<string, number>();
  const termText: string[] = [];
  const paperTermIds: Int32Array[] = [];
  const paperTermCounts: Float64Array[] = [];
  let documentFrequency = new Int32Array(1024);
  // One paper's terms as read, before they are copied out at their number.
  let readIds = new Int32Array(256);
  let readCounts = new Float64Array(256);
  for (const paper of papers) {
    let length = 0;
    forEachTerm(paper.terms, (term, count) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termText.length;
        termIds.set(term, id);
        termText.push(term);
        if (id === documentFrequency.length) documentFrequency = grown(documentFrequency);
      }
      documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
      if (length === readIds.length) {
        readIds = grown(readIds);
        readCounts = grown(readCounts);
      }
      readIds[length] = id;
      readCounts[length] = count;
      length += 1;
    });
    paperTermIds.push(readIds.slice(0, length));
    paperTermCounts.push(readCounts.slice(0, length));
  }
  // A term only one paper has cannot relate it to anything; one in every paper says nothing (NaN: skipped).
  const inverseFrequency = new Float64Array(termText.length);
  for (let id = 0; id < termText.length; id += 1) {
    const df = documentFrequency[id] ?? 1;
    inverseFrequency[id] = df < 2 || df === total ? Number.NaN : Math.log(total / df);
  }

  // Each paper's distinctive terms (as dense integer ids), weighted and normalized to unit length.
  const denseIds = new Int32Array(termText.length).fill(-1);
  let denseCount = 0;
  const vectorTerms: Int32Array[] = [];
  const vectorWeights: Float64Array[] = [];
  for (let paper = 0; paper < total; paper += 1) {
    const ids = paperTermIds[paper] ?? new Int32Array(0);
    const tfs = paperTermCounts[paper] ?? new Float64Array(0);
    const candidates: number[] = [];
    const scoresOf: number[] = [];
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] ?? 0;
      const idf = inverseFrequency[id] ?? Number.NaN;
      if (Number.isNaN(idf)) continue;
      candidates.push(id);
      scoresOf.push((1 + Math.log(tfs[i] ?? 1)) * idf);
    }
    const kept = topIndexes(
      candidates.length,
      termsPerPaper,
      (a, b) =>
        (scoresOf[a] ?? 0) > (scoresOf[b] ?? 0) ||
        (scoresOf[a] === scoresOf[b] && (termText[candidates[a] ?? 0] ?? '') < (termText[candidates[b] ?? 0] ?? '')),
    );
    let norm = 0;
    for (const index of kept) norm += (scoresOf[index] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    const vector = new Int32Array(kept.length);
    const weights = new Float64Array(kept.length);
    kept.forEach((index, position) => {
      const id = candidates[index] ?? 0;
      let dense = denseIds[id] ?? -1;
      if (dense < 0) denseIds[id] = dense = denseCount++;
      vector[position] = dense;
      weights[position] = (scoresOf[index] ?? 0) / norm;
    });
    vectorTerms.push(vector);
    vectorWeights.push(weights);
  }

  // The inverted index: for each term, the papers it is most distinctive for (capped).
  const holderCount = new Int32Array(denseCount);
  for (const ids of vectorTerms) for (const id of ids) holderCount[id] = (holderCount[id] ?? 0) + 1;
  const postingPapers: Int32Array[] = Array.from(holderCount, (n) => new Int32Array(n));
  const postingWeights: Float64Array[] = Array.from(holderCount, (n) => new Float64Array(n));
  const filled = new Int32Array(denseCount);
  vectorTerms.forEach((ids, paper) => {
    ids.forEach((id, index) => {
      const slot = filled[id] ?? 0;
      filled[id] = slot + 1;
      (postingPapers[id] as Int32Array)[slot] = paper;
      (postingWeights[id] as Float64Array)[slot] = vectorWeights[paper]?.[index] ?? 0;
    });
  });
  postingPapers.forEach((holders, id) => {
    if (holders.length <= postingsPerTerm) return;
    const weights = postingWeights[id] as Float64Array;
    const order = Array.from(holders.keys()).sort(
      (a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || (holders[a] ?? 0) - (holders[b] ?? 0),
    );
    const kept = order.slice(0, postingsPerTerm);
    postingPapers[id] = Int32Array.from(kept, (index) => holders[index] ?? 0);
    postingWeights[id] = Float64Array.from(kept, (index) => weights[index] ?? 0);
  });

  // Papers by topic, for topping up; input order.
  const byTopic = new Map<string, number[]>();
  papers.forEach((paper, index) => {
    for (const topic of paper.topics) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(index);
    }
  });

  const scores = new Float64Array(total);
  const result: string[][] = [];
  const stats: RelatedStats = { comparisons: 0, maxCandidates: 0 };
  let comparisons = 0;
  for (let paper = 0; paper < total; paper += 1) {
    const touched: number[] = [];
    const ids = vectorTerms[paper] ?? new Int32Array(0);
    const weights = vectorWeights[paper] ?? new Float64Array(0);
    for (let t = 0; t < ids.length; t += 1) {
      const id = ids[t] ?? 0;
      const weight = weights[t] ?? 0;
      const others = postingPapers[id] ?? new Int32Array(0);
      const otherWeights = postingWeights[id] ?? new Float64Array(0);
      for (let p = 0; p < others.length; p += 1) {
        const other = others[p] ?? 0;
        if (other === paper) continue;
        comparisons += 1;
        const before = scores[other] ?? 0;
        if (before === 0) touched.push(other);
        scores[other] = before + weight * (otherWeights[p] ?? 0);
      }
    }
    stats.maxCandidates = Math.max(stats.maxCandidates, touched.length);
    const chosen = topScores(touched, scores, count);
    for (const index of touched) scores[index] = 0;

    if (chosen.length < count) {
      const seen = new Set([paper, ...chosen]);
      for (const topic of papers[paper]?.topics ?? []) {
        for (const index of byTopic.get(topic)?.slice(0, count * 4) ?? []) {
          if (chosen.length >= count) break;
          if (!seen.has(index)) {
            seen.add(index);
            chosen.push(index);
          }
        }
      }
    }
    result.push(chosen.map((index) => papers[index]?.id ?? ''));
  }
  stats.comparisons = comparisons;
  options.onStats?.(stats);
  return result;
}
