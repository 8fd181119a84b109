/**
 * "Related papers" by content similarity, for the whole archive at once, in near-linear time.
 *
 * Each paper is reduced to its few most distinctive terms (TF-IDF over title, abstract and
 * topics). An inverted index maps each term to the papers it is most distinctive for, capped per
 * term, so a paper is only ever compared with the bounded set of papers that share one of its
 * distinctive terms: O(papers x terms per paper x postings per term), never all pairs. At 100,000
 * papers that is a few hundred million multiply-adds, computed once per build.
 */

export interface RelatedInput {
  /** Unique id (the slug). */
  id: string;
  /** Title as plain text; its terms count more than the abstract's. */
  title: string;
  /** Abstract as plain text. */
  text: string;
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
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|as)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Lower-case word tokens of `text`, accents folded, stopwords and bare numbers dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  for (const word of words) {
    if (word.length < 2 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}

const TITLE_WEIGHT = 3;
const TOPIC_WEIGHT = 2;

function termCounts(paper: RelatedInput): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string, weight: number): void => {
    counts.set(term, (counts.get(term) ?? 0) + weight);
  };
  for (const token of tokenize(paper.title)) add(token, TITLE_WEIGHT);
  for (const token of tokenize(paper.text)) add(token, 1);
  // Topic ids cannot collide with word tokens: those never contain "#".
  for (const topic of paper.topics) add(`#${topic}`, TOPIC_WEIGHT);
  return counts;
}

interface Posting {
  paper: number;
  weight: number;
}

/** Indexes of the `count` largest scores among `candidates` (ties: lower index first). */
function topScores(candidates: readonly number[], scores: Float64Array, count: number): number[] {
  return [...candidates].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b).slice(0, count);
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

  const counts = papers.map(termCounts);
  const documentFrequency = new Map<string, number>();
  for (const terms of counts) {
    for (const term of terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }

  // Each paper's distinctive terms, weighted and normalized to unit length.
  const vectors: { term: string; weight: number }[][] = counts.map((terms) => {
    const weighted: { term: string; weight: number }[] = [];
    for (const [term, tf] of terms) {
      const df = documentFrequency.get(term) ?? 1;
      // A term only this paper has cannot relate it to anything; one in every paper says nothing.
      if (df < 2 || df === total) continue;
      weighted.push({ term, weight: (1 + Math.log(tf)) * Math.log(total / df) });
    }
    weighted.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    const kept = weighted.slice(0, termsPerPaper);
    const norm = Math.hypot(...kept.map((entry) => entry.weight)) || 1;
    return kept.map((entry) => ({ term: entry.term, weight: entry.weight / norm }));
  });

  const postings = new Map<string, Posting[]>();
  vectors.forEach((vector, paper) => {
    for (const { term, weight } of vector) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ paper, weight });
    }
  });
  for (const list of postings.values()) {
    if (list.length > postingsPerTerm) {
      list.sort((a, b) => b.weight - a.weight || a.paper - b.paper);
      list.length = postingsPerTerm;
    }
  }

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
  for (let paper = 0; paper < total; paper += 1) {
    const touched: number[] = [];
    for (const { term, weight } of vectors[paper] ?? []) {
      for (const posting of postings.get(term) ?? []) {
        if (posting.paper === paper) continue;
        stats.comparisons += 1;
        if (scores[posting.paper] === 0) touched.push(posting.paper);
        scores[posting.paper] = (scores[posting.paper] ?? 0) + weight * posting.weight;
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
  options.onStats?.(stats);
  return result;
}
