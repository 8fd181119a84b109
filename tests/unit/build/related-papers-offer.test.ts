import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  offerRelatedPapers,
  relatedInputOf,
  relatedPositions,
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
const order = [1, 2, 0];
/** What the archive gives `relatedPapers` for these papers: newest first. */
const inputs = () => order.map((index) => relatedInputOf(papers[index] as RelatedSource));
// c's related papers are b then a; b's, c; a's, none.
const related = [['b', 'a'], ['c'], []];
const answer: RelatedAnswer = { order: Int32Array.from(order), ...relatedPositions(inputs(), related) };

afterEach(async () => {
  // Nothing left over for the next test.
  await takeRelatedPapers();
  relatedPapersNote();
});

describe('relatedPositions', () => {
  it("writes each paper's related papers as positions in the inputs, in one array with each paper's end", () => {
    expect(relatedPositions(inputs(), related)).toEqual({
      related: Int32Array.from([1, 2, 0]),
      ends: Int32Array.from([2, 3, 3]),
    });
    expect(() => relatedPositions(inputs(), [['z'], [], []])).toThrow(/named z, which is not an input/);
  });
});

describe('the related papers offered by the paper loader', () => {
  it('are there for the archive to take once, answering exactly the inputs they were computed from', async () => {
    const hold = vi.fn();
    offerRelatedPapers({ papers, answer: Promise.resolve(answer), hold });
    const ahead = await takeRelatedPapers();
    // Held alive while the pages wait for the worker.
    expect(hold).toHaveBeenCalledOnce();
    const given = inputs();
    const taken = ahead?.(given);
    expect(taken).toEqual(related);
    // The slugs are the archive's own strings, not the worker's copies.
    expect(taken?.[0]?.[0]).toBe(given[1]?.id);
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

  it('are not used when the answer names papers that are not there', async () => {
    const beyond = { ...answer, related: Int32Array.from([1, 3, 0]) };
    offerRelatedPapers({ papers, answer: Promise.resolve(beyond), hold: () => undefined });
    expect((await takeRelatedPapers())?.(inputs())).toBeUndefined();
    const short = { ...answer, ends: Int32Array.from([2, 3]) };
    offerRelatedPapers({ papers, answer: Promise.resolve(short), hold: () => undefined });
    expect((await takeRelatedPapers())?.(inputs())).toBeUndefined();
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
    const none = new Int32Array(0);
    offerRelatedPapers({
      papers,
      answer: Promise.resolve({ order: none, related: none, ends: none }),
      hold: () => undefined,
    });
    offerRelatedPapers({ papers, answer: Promise.resolve(answer), hold: () => undefined });
    expect((await takeRelatedPapers())?.(inputs())).toEqual(related);
  });

  it('are nothing without an offer (a dev server derives them per request)', async () => {
    expect(await takeRelatedPapers()).toBeUndefined();
    expect(relatedPapersNote()).toBeUndefined();
  });
});
