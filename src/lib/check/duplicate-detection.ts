import { distance } from 'fastest-levenshtein';
import { identityKeys, normalizeTitle, paperIds, provenDistinct, type PaperIdentity } from '../paper/identity.ts';
import type { RuleId } from './rules.ts';
import type { Position } from './text-position.ts';

/** Titles whose word sets overlap at least this much (Jaccard) are near-duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.9;
/** Titles within this many character edits per character of length are near-duplicates... */
export const NEAR_DUPLICATE_EDIT_RATIO = 0.05;
/** ...when they are at least this long: short titles differ by one letter legitimately. */
export const NEAR_DUPLICATE_MIN_LENGTH = 20;
// Five-character shingles: rare enough to keep candidate buckets small, short enough that titles of
// 20 characters still share some after their edit budget.
const Q = 5;

function editBudget(length: number): number {
  return Math.floor(NEAR_DUPLICATE_EDIT_RATIO * length);
}

/** Numbers in a title ("GPT-3" vs "GPT-4", "Llama 2") name different papers, never typos. */
function numberSignature(tokens: readonly string[]): string {
  return tokens
    .filter((token) => /\d/.test(token))
    .sort()
    .join(' ');
}

/** A normalized title with everything the comparison needs computed once. */
interface PreparedTitle {
  text: string;
  tokens: ReadonlySet<string>;
  numbers: string;
}

function prepare(text: string): PreparedTitle {
  const list = text.split(' ').filter(Boolean);
  return { text, tokens: new Set(list), numbers: numberSignature(list) };
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function similar(a: PreparedTitle, b: PreparedTitle): boolean {
  if (a.text === b.text || a.numbers !== b.numbers) return false;
  const [small, large] = a.tokens.size <= b.tokens.size ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
  if (small.size >= NEAR_DUPLICATE_JACCARD * large.size && jaccard(small, large) >= NEAR_DUPLICATE_JACCARD) return true;
  const longest = Math.max(a.text.length, b.text.length);
  if (longest < NEAR_DUPLICATE_MIN_LENGTH) return false;
  const budget = editBudget(longest);
  return Math.abs(a.text.length - b.text.length) <= budget && distance(a.text, b.text) <= budget;
}

/** True when two normalized titles (see `normalizeTitle`) are different strings naming, very likely, the same paper. */
export function isNearDuplicateTitle(a: string, b: string): boolean {
  return similar(prepare(a), prepare(b));
}

/**
 * Candidate pairs by prefix filtering: each record's features are sorted rarest first, and two
 * records that could pass the similarity test must share one of their first few features. Only
 * records sharing a rare feature (and the same numbers) are compared, so the work grows about
 * linearly with the archive instead of with the square of it. Each candidate `(j, i)`, `j < i`, is
 * given to `visit` as it is found, once per pass: titles that share much (1,300 variants of one
 * title, as in the benchmark's 100,000 papers) make tens of millions of candidates, which a set of
 * them all could not hold (a JavaScript Set stops at 2^24 entries).
 */
function prefixCandidates(
  titles: readonly PreparedTitle[],
  features: readonly string[][],
  prefixLength: (index: number) => number,
  visit: (j: number, i: number) => void,
  scope: PairScope,
): void {
  const frequency = new Map<string, number>();
  for (const list of features) for (const feature of list) frequency.set(feature, (frequency.get(feature) ?? 0) + 1);
  // Each feature's holders in four lists by (probed, open), so a title skips whole lists of partners
  // `scope` rules out instead of testing them one by one: one incoming paper, or an archive whose
  // titles all carry their own arXiv ids, then costs a walk over the few partners that matter.
  const index = new Map<string, number[][]>();
  const seen = new Set<number>();
  const classOf = (i: number) =>
    (scope.probe === undefined || scope.probe(i) ? 2 : 0) + ((scope.open?.(i) ?? true) ? 1 : 0);
  features.forEach((list, i) => {
    const numbers = titles[i]?.numbers;
    const ordered = [...list].sort((x, y) => (frequency.get(x) ?? 0) - (frequency.get(y) ?? 0) || (x < y ? -1 : 1));
    const mine = classOf(i);
    // A pair is searched when one side is probed and one side is open.
    const partners = [0, 1, 2, 3].filter((other) => (mine | other) === 3);
    seen.clear();
    for (const feature of ordered.slice(0, prefixLength(i))) {
      let buckets = index.get(feature);
      if (!buckets) index.set(feature, (buckets = [[], [], [], []]));
      for (const other of partners) {
        for (const j of buckets[other] ?? []) {
          if (titles[j]?.numbers !== numbers || seen.has(j)) continue;
          seen.add(j);
          visit(j, i);
        }
      }
      buckets[mine]?.push(i);
    }
  });
}

/** Which pairs a search covers: those with a probed side (all without `probe`) and an open side (all without `open`). */
interface PairScope {
  probe?: ((index: number) => boolean) | undefined;
  open?: ((index: number) => boolean) | undefined;
}

/** Q-grams of `text`, numbered by occurrence so a repeated gram stays a separate feature. */
function qgrams(text: string): string[] {
  const seen = new Map<string, number>();
  const grams: string[] = [];
  for (let i = 0; i + Q <= text.length; i += 1) {
    const gram = text.slice(i, i + Q);
    const n = (seen.get(gram) ?? 0) + 1;
    seen.set(gram, n);
    grams.push(`${gram}\u0000${n}`);
  }
  return grams;
}

/**
 * All pairs `[i, j]` (i < j) of near-duplicate titles among distinct normalized titles: word sets
 * with Jaccard similarity >= 0.9, or an edit distance within 5% of the length, never when the
 * numbers in the titles differ. With `probe`, only the pairs with at least one title it accepts:
 * one new paper against a whole archive is then a lookup, not a search of every pair. With `open`,
 * only pairs with at least one title it accepts: titles it refuses are known to be different papers
 * from each other (each has its own arXiv id), so they are compared with the open ones only.
 */
export function nearDuplicateTitlePairs(
  texts: readonly string[],
  probe?: (index: number) => boolean,
  open?: (index: number) => boolean,
  /** Up to this many comparisons, probed titles are compared with every title directly. */
  directComparisons = DIRECT_COMPARISONS,
): [number, number][] {
  const titles = texts.map(prepare);
  // Only the pairs found similar are kept; a pair both passes find is compared twice, never listed twice.
  const found = new Set<number>();
  const candidates = (j: number, i: number): void => {
    const [a, b] = [titles[j], titles[i]];
    if (a && b && similar(a, b)) found.add(j * titles.length + i);
  };
  const probed = probe === undefined ? [] : titles.flatMap((_, i) => (probe(i) ? [i] : []));
  if (probe !== undefined && probed.length * titles.length <= directComparisons) {
    // A few new papers against the archive: comparing them with every title is cheaper than
    // indexing every title's features (0.75 s at 10,000 papers, 7 s at 100,000), and finds the same.
    const isProbed = new Set(probed);
    for (const i of probed) {
      for (let j = 0; j < titles.length; j += 1) {
        // A pair of two probed titles is compared once, from its earlier title.
        if (j === i || (j < i && isProbed.has(j)) || (!(open?.(i) ?? true) && !(open?.(j) ?? true))) continue;
        candidates(Math.min(i, j), Math.max(i, j));
      }
    }
    return pairsOf(found, titles.length);
  }
  prefixCandidates(
    titles,
    titles.map((title) => [...title.tokens]),
    (i) => {
      const size = titles[i]?.tokens.size ?? 0;
      return size - Math.ceil(NEAR_DUPLICATE_JACCARD * size) + 1;
    },
    candidates,
    { probe, open },
  );
  // Each edit destroys at most Q grams, so titles within k edits share all but Q*k of their grams;
  // the budget is taken one higher than the title's own, for a partner slightly longer than it.
  const budgetFor = (i: number) => editBudget(titles[i]?.text.length ?? 0) + 1;
  prefixCandidates(
    titles,
    titles.map((title, i) => (title.text.length + budgetFor(i) >= NEAR_DUPLICATE_MIN_LENGTH ? qgrams(title.text) : [])),
    (i) => Q * budgetFor(i) + 1,
    candidates,
    { probe, open },
  );

  return pairsOf(found, titles.length);
}

/** A few hundred milliseconds of comparisons: past that, indexing every title's features is cheaper. */
const DIRECT_COMPARISONS = 2_000_000;

function pairsOf(found: ReadonlySet<number>, count: number): [number, number][] {
  const pairs = [...found].map((key): [number, number] => [Math.floor(key / count), key % count]);
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** A paper as the duplicate check sees it: what identifies it and where that is written. */
export interface IdentifiedPaper {
  file: string;
  title: string;
  arxiv?: string | undefined;
  doi?: string | undefined;
  /** Where the title, arXiv id and DOI are written in the file. */
  at: { title: Position; arxiv?: Position | undefined; doi?: Position | undefined };
}

/** A duplicate found for one paper: which of its values, and which other papers hold the same. */
export interface DuplicateProblem {
  /** Index of the paper in the list given. */
  paper: number;
  field: 'title' | 'arxiv' | 'doi';
  rule: RuleId;
  message: string;
}

function otherPlaces(
  papers: readonly IdentifiedPaper[],
  members: readonly number[],
  self: number,
  field: 'title' | 'arxiv' | 'doi',
): string {
  const others = members.filter((m) => m !== self);
  const shown = others.slice(0, 3).map((m) => {
    const paper = papers[m];
    // An arXiv id may be held through arXiv's DOI (10.48550/arXiv.ID) alone: then the DOI's line.
    const written = field === 'arxiv' && paper?.arxiv === undefined ? 'doi' : field;
    const at = paper?.at[written] ?? paper?.at.title;
    return `${paper?.file ?? '?'}${at ? `:${at.line}` : ''}`;
  });
  return shown.join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
}

/** Whether two papers have the same DOI (in any case, with or without a resolver). */
function sameDoi(a: IdentifiedPaper | undefined, b: IdentifiedPaper | undefined): boolean {
  const doi = a === undefined ? undefined : paperIds(a).doi;
  return doi !== undefined && b !== undefined && paperIds(b).doi === doi;
}

/**
 * Papers that are already in the archive under another file: the same arXiv id, DOI or
 * normalized title (the identity keys the ingest merges on), or a near-duplicate title. Every
 * member of a duplicate group is reported, naming the others, so the message is on whichever
 * file a pull request touches.
 */
export function findDuplicates(
  papers: readonly IdentifiedPaper[],
  /** When given, near-duplicate titles are searched only for these papers (the rest may go unreported). */
  concerning?: (index: number) => boolean,
): DuplicateProblem[] {
  const groups = new Map<string, number[]>();
  papers.forEach((paper, i) => {
    for (const key of identityKeys(paper)) {
      if (key === 'title:') continue;
      const members = groups.get(key);
      if (members) members.push(i);
      else groups.set(key, [i]);
    }
  });
  const problems: DuplicateProblem[] = [];
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const kind = key.slice(0, key.indexOf(':')) as 'title' | 'arxiv' | 'doi';
    const value = key.slice(kind.length + 1);
    for (const self of members) {
      const same =
        kind === 'title'
          ? members.filter((m) => !provenDistinct(papers[self], papers[m]))
          : kind === 'arxiv'
            ? // An arXiv id shared through the same arXiv DOI is reported once, as that DOI.
              members.filter((m) => m === self || !sameDoi(papers[self], papers[m]))
            : members;
      if (kind === 'arxiv' && same.length < 2) continue;
      if (same.length < 2) {
        problems.push({
          paper: self,
          field: 'title',
          rule: 'same-title-different-id',
          message: `${otherPlaces(papers, members, self, 'title')} has the same title but another arXiv id or DOI: fine if they are different papers (a series, a common title); if not, keep one file`,
        });
        continue;
      }
      const where = otherPlaces(papers, same, self, kind);
      // A paper given by arXiv's DOI alone (10.48550/arXiv.ID) shares the key through its DOI.
      const own = papers[self];
      const throughDoi = kind === 'arxiv' && own !== undefined && paperIds(own).arxiv !== value;
      const [rule, what]: [RuleId, string] =
        kind === 'arxiv'
          ? [
              'duplicate-arxiv',
              throughDoi
                ? `the DOI ${own.doi ?? ''} is arXiv's DOI of ${value}, which is already used by ${where}`
                : `the arXiv id ${value} is already used by ${where}`,
            ]
          : kind === 'doi'
            ? ['duplicate-doi', `the DOI ${value} is already used by ${where}`]
            : [
                'duplicate-title',
                `the same title (ignoring case, accents, punctuation, invisible characters and lookalike letters) is already used by ${where}`,
              ];
      problems.push({
        paper: self,
        field: throughDoi ? 'doi' : kind,
        rule,
        message: `${what}: this paper is already in the archive; keep one file (fix the id if they are different papers)`,
      });
    }
  }

  const normalized = papers.map((paper) => normalizeTitle(paper.title));
  const distinct = [...new Set(normalized.filter(Boolean))];
  const holders = new Map<string, number[]>();
  normalized.forEach((title, i) => {
    const list = holders.get(title);
    if (list === undefined) holders.set(title, [i]);
    else list.push(i);
  });
  const probe =
    concerning === undefined
      ? undefined
      : (index: number) => (holders.get(distinct[index] ?? '') ?? []).some((holder) => concerning(holder));
  // Two titles whose papers each have an arXiv id no other title's paper has are different papers
  // (`provenDistinct`): the rule cannot flag them, so only pairs with an open title are searched.
  const arxivOf = papers.map((paper) => paperIds(paper).arxiv);
  const titlesOfArxiv = new Map<string, Set<string>>();
  arxivOf.forEach((arxiv, i) => {
    if (arxiv !== undefined) titlesOfArxiv.set(arxiv, (titlesOfArxiv.get(arxiv) ?? new Set()).add(normalized[i] ?? ''));
  });
  const open = (index: number) =>
    (holders.get(distinct[index] ?? '') ?? []).some((holder) => {
      const arxiv = arxivOf[holder];
      return arxiv === undefined || (titlesOfArxiv.get(arxiv)?.size ?? 0) > 1;
    });
  for (const [a, b] of nearDuplicateTitlePairs(distinct, probe, open)) {
    const left = holders.get(distinct[a] ?? '') ?? [];
    const right = holders.get(distinct[b] ?? '') ?? [];
    for (const [mine, theirs] of [
      [left, right],
      [right, left],
    ] as const) {
      for (const self of mine) {
        if (theirs.every((other) => provenDistinct(papers[self], papers[other]))) continue;
        problems.push({
          paper: self,
          field: 'title',
          rule: 'near-duplicate-title',
          message: `the title is nearly the same as "${papers[theirs[0] ?? 0]?.title ?? ''}" in ${otherPlaces(papers, theirs, -1, 'title')}: if it is the same paper, keep one file; if not, make the titles differ as published`,
        });
      }
    }
  }
  return problems.sort((x, y) => x.paper - y.paper);
}

/** The first check rule that two papers, both in the archive, would break; `undefined` when none. */
export function duplicatePair(a: PaperIdentity, b: PaperIdentity): RuleId | undefined {
  if (provenDistinct(a, b)) {
    // Different ids may still collide on the other id: one arXiv id for two DOIs is one paper.
    const shared = identityKeys(a).find((key) => !key.startsWith('title:') && identityKeys(b).includes(key));
    return shared === undefined ? undefined : shared.startsWith('arxiv:') ? 'duplicate-arxiv' : 'duplicate-doi';
  }
  const theirs = new Set(identityKeys(b));
  const shared = identityKeys(a).find((key) => key !== 'title:' && theirs.has(key));
  if (shared !== undefined) {
    return shared.startsWith('arxiv:')
      ? 'duplicate-arxiv'
      : shared.startsWith('doi:')
        ? 'duplicate-doi'
        : 'duplicate-title';
  }
  return isNearDuplicateTitle(normalizeTitle(a.title), normalizeTitle(b.title)) ? 'near-duplicate-title' : undefined;
}

/**
 * Which of `incoming` (papers about to be written) the check's duplicate rules would refuse beside
 * `existing` (the archive) and the incoming papers before them: each with the rule and the paper
 * it collides with. The ingest skips them, so it never writes an archive the check fails. Linear
 * like `findDuplicates`, which finds the candidates; only those are compared pairwise.
 */
export function refusedDuplicates(
  existing: readonly IdentifiedPaper[],
  incoming: readonly IdentifiedPaper[],
): Map<number, { rule: RuleId; other: IdentifiedPaper }> {
  const refused = new Map<number, { rule: RuleId; other: IdentifiedPaper }>();
  // Nothing to write, nothing to refuse: a re-run over inputs already in the archive skips the search.
  if (incoming.length === 0) return refused;
  const all = [...existing, ...incoming];
  const flagged = new Set(
    findDuplicates(all, (index) => index >= existing.length)
      .filter((problem) => problem.rule !== 'same-title-different-id')
      .map((problem) => problem.paper),
  );
  if (flagged.size === 0) return refused;
  const kept = existing.filter((_, index) => flagged.has(index));
  incoming.forEach((paper, index) => {
    if (!flagged.has(existing.length + index)) return;
    for (const other of kept) {
      const rule = duplicatePair(paper, other);
      if (rule !== undefined) {
        refused.set(index, { rule, other });
        return;
      }
    }
    kept.push(paper);
  });
  return refused;
}
