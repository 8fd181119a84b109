/**
 * Related papers computed before the pages ask for them. `relatedPapers` needs every paper's terms,
 * so it ran on the main thread before the first page, with the other core idle (0.8 s at 10,000
 * papers, 6.5 s at 100,000). Now the paper loader, once it has every paper's terms, starts them on
 * a worker thread (related-papers-ahead.ts), which orders the papers and computes them beside the
 * rest of content sync and Astro's bundling; the pages' code takes the answer when it builds the
 * archive (site-data.ts).
 *
 * The archive uses the answer only for the very inputs it would compute from itself (the same
 * papers, terms and topics, in the same order); for anything else, or when the worker failed, it
 * computes them itself, as before. So the pages show the same related papers either way.
 */
import type { OrderedPaper } from '../site/paper-sort.ts';
import type { PaperTerms, RelatedInput } from '../site/related-papers.ts';

/** A paper as the worker is given it: what orders it, its terms and its topics. */
export interface RelatedSource extends OrderedPaper {
  data: OrderedPaper['data'] & { topics: readonly string[] };
  terms: PaperTerms;
}

/**
 * The worker's answer: the papers' indexes newest first, and each one's related papers in that
 * order, as positions in that order (`related[ends[i - 1] .. ends[i]]` for the `i`th): integers,
 * moved to this thread without a copy, which the pages turn into their own slugs.
 */
export interface RelatedAnswer {
  order: Int32Array;
  related: Int32Array;
  ends: Int32Array;
}

/** `relatedPapers`' answer for `inputs`, as positions in `inputs` (`RelatedAnswer`). */
export function relatedPositions(
  inputs: readonly RelatedInput[],
  related: readonly (readonly string[])[],
): Pick<RelatedAnswer, 'related' | 'ends'> {
  const positions = new Map(inputs.map((input, position) => [input.id, position]));
  const ends = new Int32Array(related.length);
  const flat = new Int32Array(related.reduce((sum, list) => sum + list.length, 0));
  let end = 0;
  related.forEach((list, index) => {
    for (const id of list) {
      const position = positions.get(id);
      if (position === undefined) throw new Error(`related papers named ${id}, which is not an input`);
      flat[end] = position;
      end += 1;
    }
    ends[index] = end;
  });
  return { related: flat, ends };
}

export interface RelatedPapersOffer {
  papers: readonly RelatedSource[];
  /** Rejected if the worker failed. */
  answer: Promise<RelatedAnswer>;
  /** Keeps the process alive for the worker while someone waits for it (it does not otherwise). */
  hold: () => void;
}

/** What `relatedPapers` is given for one paper. */
export function relatedInputOf(paper: RelatedSource): RelatedInput {
  return { id: paper.slug, terms: paper.terms, topics: paper.data.topics };
}

// Globals, not module variables: the loader and the pages' bundle each load their own copy of
// this module (as build-files.ts).
const OFFER = Symbol.for('paper-archive.related-papers');
const NOTE = Symbol.for('paper-archive.related-papers-note');
type Holder = { [OFFER]?: RelatedPapersOffer; [NOTE]?: string };
const holder = globalThis as Holder;

/** Called by the paper loader: replaces any earlier offer. */
export function offerRelatedPapers(offer: RelatedPapersOffer): void {
  // Nobody may take it (a sync without a build): its failure must not be an unhandled rejection.
  offer.answer.catch(() => undefined);
  holder[OFFER] = offer;
}

/**
 * Waits for the offered related papers, then returns a function that gives them for the archive's
 * related inputs (`orderPapers`' `relatedInputs`, in the pages' own slugs) if they are exactly
 * the offered ones, and `undefined` for any others. `undefined` without an offer, or when the
 * worker failed. Takes the offer: a second call finds none.
 */
export async function takeRelatedPapers(): Promise<
  ((inputs: readonly RelatedInput[]) => string[][] | undefined) | undefined
> {
  const offer = holder[OFFER];
  delete holder[OFFER];
  if (offer === undefined) return undefined;
  const started = performance.now();
  offer.hold();
  let answer: RelatedAnswer;
  try {
    answer = await offer.answer;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    holder[NOTE] = `related papers computed on the main thread: their worker failed (${reason})`;
    return undefined;
  }
  const waited = Math.round(performance.now() - started);
  return (inputs) => {
    if (!sameInputs(offer.papers, answer.order, inputs) || !withinInputs(answer, inputs.length)) {
      holder[NOTE] = "related papers computed on the main thread: the worker's papers were not the archive's";
      return undefined;
    }
    holder[NOTE] =
      `related papers of ${inputs.length} papers computed on a worker thread during content sync and bundling; the pages waited ${waited} ms for them`;
    // The pages' own slugs, not copies of the worker's.
    return inputs.map((_, index) =>
      Array.from(
        answer.related.subarray(answer.ends[index - 1] ?? 0, answer.ends[index]),
        (at) => (inputs[at] as RelatedInput).id,
      ),
    );
  };
}

/** Whether `papers` in `order` are `inputs`: the same papers with the same terms and topics, in the same order. */
function sameInputs(papers: readonly RelatedSource[], order: Int32Array, inputs: readonly RelatedInput[]): boolean {
  if (order.length !== inputs.length || order.length !== papers.length) return false;
  return inputs.every((input, at) => {
    const paper = papers[order[at] ?? -1];
    if (paper === undefined) return false;
    const { id, terms, topics } = relatedInputOf(paper);
    return (
      id === input.id &&
      terms === input.terms &&
      topics.length === input.topics.length &&
      topics.every((topic, index) => topic === input.topics[index])
    );
  });
}

/** Whether the answer has a list for each of `count` papers, each naming one of them. */
function withinInputs({ related, ends }: RelatedAnswer, count: number): boolean {
  return ends.length === count && ends.at(-1) === related.length && related.every((at) => at >= 0 && at < count);
}

/** What became of the offer in this process's last build, once: for the build's log. */
export function relatedPapersNote(): string | undefined {
  const note = holder[NOTE];
  delete holder[NOTE];
  return note;
}
