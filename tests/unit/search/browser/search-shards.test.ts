import { describe, expect, it } from 'vitest';
import {
  answerOf,
  dateOrder,
  isPhrase,
  knowingShards,
  needsWordLookups,
  parseShardManifest,
  queryWords,
  sameAnswer,
  shardsKnowing,
  slicesFor,
  undecidedShards,
  withShards,
  type ShardEntry,
} from '../../../../src/lib/search/browser/search-shards.ts';

const shard = (key: string, first: string, last: string): ShardEntry => ({
  key,
  dir: 'shards/0123abcd/',
  pages: 3,
  first,
  last,
});

describe('shardsKnowing', () => {
  const keys = ['a', 'b', 'c'];
  it('keeps a shard that has the word itself', () => {
    expect(shardsKnowing(keys, { a: 3, b: 1 }, { a: 3, b: 1 }, {})).toEqual(['a', 'b']);
  });
  it('keeps a shard with a longer word starting with it (its answer differs from the fallback)', () => {
    // "mamb": a has "mamba" (3 pages) and, as its longest prefix word, "mam" on 1 page.
    expect(shardsKnowing(keys, { a: 3 }, { a: 0 }, { a: 1 })).toEqual(['a']);
  });
  it('leaves out a shard that only answers with a shorter word (its fallback answer)', () => {
    // "mamba": b has no word starting with it, Pagefind answers with "ma" there.
    expect(shardsKnowing(keys, { a: 2, b: 5 }, { a: 2, b: 0 }, { a: 0, b: 5 })).toEqual(['a']);
  });
  it('leaves out a shard without matches', () => {
    expect(shardsKnowing(keys, { a: 0, c: 2 }, { c: 2 }, {})).toEqual(['c']);
    expect(shardsKnowing(keys, {}, {}, {})).toEqual([]);
  });
  it('keeps a shard with as many fallback matches when its answers were found to differ', () => {
    // "bayes": a has "Bayesian" on 1 page and, as its longest prefix word, "b" on another page.
    expect(shardsKnowing(keys, { a: 1, b: 1 }, {}, { a: 1, b: 1 }, new Set(['a']))).toEqual(['a']);
  });
});

describe('undecidedShards', () => {
  it('names the shards whose counts cannot tell a longer word from the fallback answer', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    // a: same count, no exact word; b: has the word; c: counts differ; d: no matches; e: same count.
    const counts = { a: 1, b: 2, c: 3, e: 4 };
    expect(undecidedShards(keys, counts, { b: 2 }, { a: 1, b: 2, c: 1, e: 4 })).toEqual(['a', 'e']);
  });
});

describe('sameAnswer', () => {
  it('is the same answer only for the same words on the same pages, in any order', () => {
    const bayesian = answerOf([{ id: 'p1', words: [4, 17] }]);
    const b = answerOf([{ id: 'p2', words: [9] }]);
    const bOnTheSamePage = answerOf([{ id: 'p1', words: [9] }]);
    expect(sameAnswer(bayesian, b)).toBe(false);
    expect(sameAnswer(bayesian, bOnTheSamePage)).toBe(false);
    const two = answerOf([
      { id: 'p1', words: [9] },
      { id: 'p2', words: [1, 2] },
    ]);
    expect(sameAnswer(two, [...two].reverse())).toBe(true);
    expect(sameAnswer(two, two.slice(0, 1))).toBe(false);
    expect(sameAnswer([], [])).toBe(true);
  });
});

describe('knowingShards', () => {
  const keys = ['a', 'b', 'c'];
  it('keeps the shards that know every word some shard knows', () => {
    // "scaling" everywhere, "law" only in a and c: b would answer "scaling" alone.
    expect(
      knowingShards(keys, [
        ['a', 'b', 'c'],
        ['a', 'c'],
      ]),
    ).toEqual(['a', 'c']);
  });
  it('drops a word no shard knows, as one index does', () => {
    expect(knowingShards(keys, [['a', 'b'], []])).toEqual(['a', 'b']);
    expect(knowingShards(keys, [[], []])).toEqual(keys);
  });
  it('can leave no shard: each word known somewhere, no shard knowing both', () => {
    expect(knowingShards(keys, [['a'], ['b']])).toEqual([]);
  });
});

describe('needsWordLookups', () => {
  it('looks words up for a query over several shards', () => {
    expect(needsWordLookups('scaling law', 2)).toBe(true);
    expect(needsWordLookups('kernel', 5)).toBe(true);
  });
  it('does not with one shard or for an exact phrase', () => {
    expect(needsWordLookups('scaling law', 1)).toBe(false);
    expect(needsWordLookups('"neural collapse"', 3)).toBe(false);
  });
});

describe('queries', () => {
  it('splits words as typed, once each', () => {
    expect(queryWords('  scaling   law scaling ')).toEqual(['scaling', 'law']);
    expect(queryWords('key-value bottleneck')).toEqual(['key-value', 'bottleneck']);
  });
  it('knows a phrase in quotes', () => {
    expect(isPhrase('"neural collapse"')).toBe(true);
    expect(isPhrase('neural "collapse"')).toBe(false);
  });
  it("adds the shards to the reader's filters", () => {
    expect(withShards({ topic: { any: ['x'] }, code: 'yes' }, ['a', 'b'])).toEqual({
      topic: { any: ['x'] },
      code: 'yes',
      shard: { any: ['a', 'b'] },
    });
    expect(withShards({}, 'a')).toEqual({ shard: 'a' });
  });
});

describe('date order', () => {
  const shards = [
    shard('old', '2024-01-01', '2024-12-31'),
    shard('mid', '2025-03-01', '2025-03-13'),
    shard('new', '2025-03-14', '2025-03-14'),
  ];
  it('reads shards newest first or oldest first', () => {
    expect(dateOrder(shards, 'desc')).toEqual(['new', 'mid', 'old']);
    expect(dateOrder(shards, 'asc')).toEqual(['old', 'mid', 'new']);
  });

  it('finds which shards a page of results comes from', () => {
    const counts = [
      { key: 'new', matches: 3 },
      { key: 'mid', matches: 12 },
      { key: 'old', matches: 5 },
    ];
    expect(slicesFor(counts, 0, 10)).toEqual([
      { key: 'new', offset: 0, count: 3 },
      { key: 'mid', offset: 0, count: 7 },
    ]);
    expect(slicesFor(counts, 10, 10)).toEqual([
      { key: 'mid', offset: 7, count: 5 },
      { key: 'old', offset: 0, count: 5 },
    ]);
    expect(slicesFor(counts, 20, 10)).toEqual([]);
    // Every result exactly once, in order, whatever the page size.
    for (const size of [1, 4, 7, 10, 25]) {
      const seen: string[] = [];
      for (let from = 0; from < 20; from += size) {
        for (const slice of slicesFor(counts, from, size)) {
          for (let i = 0; i < slice.count; i += 1) seen.push(`${slice.key}${slice.offset + i}`);
        }
      }
      expect(seen).toEqual([
        ...Array.from({ length: 3 }, (_, i) => `new${i}`),
        ...Array.from({ length: 12 }, (_, i) => `mid${i}`),
        ...Array.from({ length: 5 }, (_, i) => `old${i}`),
      ]);
    }
  });
});

describe('parseShardManifest', () => {
  it('reads the manifest the build writes', () => {
    const entry = { key: '2025-03-14', dir: 'shards/0123abcd/', pages: 2, first: '2025-03-14', last: '2025-03-14' };
    expect(parseShardManifest({ version: 1, shards: [entry] })).toEqual([entry]);
  });
  it('refuses another version, a folder outside shards/ and junk', () => {
    expect(() => parseShardManifest({ version: 2, shards: [] })).toThrow(/shard list/);
    expect(() => parseShardManifest(null)).toThrow(/shard list/);
    expect(() =>
      parseShardManifest({ version: 1, shards: [{ key: 'x', dir: '../../evil/', pages: 1, first: '', last: '' }] }),
    ).toThrow(/cannot use/);
  });
});
