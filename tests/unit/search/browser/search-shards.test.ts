import { describe, expect, it } from 'vitest';
import {
  dateOrder,
  isPhrase,
  knowingShards,
  needsWordLookups,
  parseShardManifest,
  queryWords,
  shardsKnowing,
  slicesFor,
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
