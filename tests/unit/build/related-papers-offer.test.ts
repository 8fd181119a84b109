import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  offerRelatedPapers,
  relatedInputOf,
  relatedPapersNote,
  takeRelatedPapers,
  type RelatedAnswer,
  type RelatedSource,
} from '../../../src/lib/build/related-papers-offer.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const source = (slug: string, added: string, terms: string, topics: string[] = ['t']): RelatedSource => ({
  slug,
  data: { title: `Title ${slug}`, added: day(added), topics },
  terms,
});
// Given in any order; the worker's answer orders them (newest first: c, b, a).
const papers = [
  source('a', '2025-01-01', 'alpha 2'),
  source('c', '2025-03-01', 'gamma 1'),
  source('b', '2025-02-01', 'beta 3'),
];
const answer: RelatedAnswer = { order: [1, 2, 0], related: [['b'], ['a'], ['c']] };
/** What the archive gives `relatedPapers` for these papers: newest first. */
const inputs = () => answer.order.map((index) => relatedInputOf(papers[index] as RelatedSource));

afterEach(async () => {
  // Nothing left over for the next test.
  await takeRelatedPapers();
  relatedPapersNote();
});

describe('the related papers offered by the paper loader', () => {
  it('are there for the archive to take once, answering exactly the inputs they were computed from', async () => {
    const hold = vi.fn();
    offerRelatedPapers({ papers, answer: Promise.resolve(answer), hold });
    const ahead = await takeRelatedPapers();
    // Held alive while the pages wait for the worker.
    expect(hold).toHaveBeenCalledOnce();
    expect(ahead?.(inputs())).toEqual(answer.related);
    expect(relatedPapersNote()).toMatch(/^related papers of 3 papers computed on a worker thread .*waited \d+ ms/);
    expect(relatedPapersNote()).toBeUndefined();
    expect(await takeRelatedPapers()).toBeUndefined();
  });

  it.each([
    ['another order', () => [...inputs()].reverse()],
    ['a paper more', () => [...inputs(), { id: 'd', terms: 'delta 1', topics: ['t'] }]],
    ['a paper less', () => inputs().slice(1)],
    ['another term count', () => inputs().map((input, at) => (at === 1 ? { ...input, terms: 'beta 4' } : input))],
    ['another topic', () => inputs().map((input, at) => (at === 2 ? { ...input, topics: ['u'] } : input))],
    ['a topic more', () => inputs().map((input, at) => (at === 0 ? { ...input, topics: ['t', 'u'] } : input))],
    ['another slug', () => inputs().map((input, at) => (at === 0 ? { ...input, id: 'z' } : input))],
  ])('are not used for other inputs (%s): the archive computes them itself', async (_, other) => {
    offerRelatedPapers({ papers, answer: Promise.resolve(answer), hold: () => undefined });
    const ahead = await takeRelatedPapers();
    expect(ahead?.(other())).toBeUndefined();
    expect(relatedPapersNote()).toBe(
      "related papers computed on the main thread: the worker's papers were not the archive's",
    );
  });

  it('are not used when their worker failed, which the note says, and fail nothing when never taken', async () => {
    offerRelatedPapers({ papers, answer: Promise.reject(new Error('out of memory')), hold: () => undefined });
    expect(await takeRelatedPapers()).toBeUndefined();
    expect(relatedPapersNote()).toBe('related papers computed on the main thread: their worker failed (out of memory)');
    // An offer nobody takes (`astro sync`) whose worker fails is no unhandled rejection.
    offerRelatedPapers({ papers, answer: Promise.reject(new Error('never taken')), hold: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('are replaced by a later offer', async () => {
    offerRelatedPapers({ papers, answer: Promise.resolve({ order: [], related: [] }), hold: () => undefined });
    offerRelatedPapers({ papers, answer: Promise.resolve(answer), hold: () => undefined });
    expect((await takeRelatedPapers())?.(inputs())).toEqual(answer.related);
  });

  it('are nothing without an offer (a dev server derives them per request)', async () => {
    expect(await takeRelatedPapers()).toBeUndefined();
    expect(relatedPapersNote()).toBeUndefined();
  });
});
