import { describe, expect, it } from 'vitest';
import {
  answerOf,
  dateOrder,
  isPhrase,
  knowingShards,
  needsWordLookups,
  NOT_A_WORD,
  parseShardManifest,
  prefixProbes,
  queryWords,
  sameAnswer,
  shardsKnowing,
  shardsKnowingWord,
  shardsWithLongestPrefix,
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

/**
 * Pagefind's matching rules over indexes of pages given as their (already stemmed) words: a word
 * matches every indexed word starting with it, else the longest indexed word it starts with; a
 * phrase in quotes only the word itself. Each page is a record of its words, in order.
 */
type ModelIndex = Record<string, string[]>;
function modelMatches(index: ModelIndex, term: string): { id: string; words: number[] }[] {
  const phrase = /^"(.*)"$/.exec(term)?.[1];
  const word = phrase ?? term;
  const indexed = [...new Set(Object.values(index).flat())];
  let matching = phrase !== undefined ? indexed.filter((w) => w === word) : indexed.filter((w) => w.startsWith(word));
  if (phrase === undefined && matching.length === 0) {
    const longest = indexed.filter((w) => word.startsWith(w)).sort((a, b) => b.length - a.length)[0];
    matching = longest === undefined ? [] : [longest];
  }
  return Object.entries(index)
    .map(([id, words]) => ({ id, words: words.flatMap((w, at) => (matching.includes(w) ? [at] : [])) }))
    .filter((result) => result.words.length > 0);
}
/** The pages one index over every shard finds for `words`, each word by the rules above, ANDed. */
function oneIndexPages(shards: Record<string, ModelIndex>, words: readonly string[]): string[] {
  const all: ModelIndex = Object.assign({}, ...Object.values(shards));
  const found = words.map((word) => modelMatches(all, word).map((result) => result.id)).filter((ids) => ids.length > 0);
  return Object.keys(all).filter((id) => found.every((ids) => ids.includes(id)));
}
/** The pages the shards find for `words`, searched only in the shards knowingShards leaves. */
async function shardedPages(
  shards: Record<string, ModelIndex>,
  words: readonly string[],
): Promise<{ pages: string[]; searches: number }> {
  const keys = Object.keys(shards);
  let searches = 0;
  const lookups = {
    matchesPerShard: (term: string) => {
      searches += 1;
      return Promise.resolve(
        Object.fromEntries(keys.map((key) => [key, modelMatches(shards[key] ?? {}, term).length])),
      );
    },
    answer: (term: string, key: string) => {
      searches += 1;
      return Promise.resolve(answerOf(modelMatches(shards[key] ?? {}, term)));
    },
  };
  const knowing = [];
  for (const word of words) knowing.push(await shardsKnowingWord(word, keys, lookups));
  const pages = knowingShards(keys, knowing).flatMap((key) => oneIndexPages({ [key]: shards[key] ?? {} }, words));
  return { pages, searches };
}

describe('shardsKnowingWord', () => {
  // "mechanism" and "mechanics" stem to "mechan", "MEC" to "mec", "optimal" and "optimization" to "optim".
  const shards: Record<string, ModelIndex> = {
    a: { a1: ['mechan', 'learn'], a2: ['learn', 'optim', 'gradient'] },
    b: { b1: ['mec', 'learn'], b2: ['learn', 'gradient'] },
    c: { c1: ['learn', 'deep'], c2: ['mechanist', 'learn', 'model'] },
    d: { d1: ['mechan', 'optim'], d2: ['gradient', 'learn'] },
  };
  const withoutMechanist = { a: shards['a'] ?? {}, b: shards['b'] ?? {}, d: shards['d'] ?? {} };
  const oneWithMechan = { a: shards['a'] ?? {}, e: { e1: ['learn', 'gradient'] } };

  it.each([
    // No shard has a word starting with the first word: one index answers it with the longest
    // indexed word it starts with ("mechan"), in every shard holding it, and in no other.
    ['mechanis learn (no shard with "mechanist")', withoutMechanist, ['mechanis', 'learn']],
    ['optimi gradient (no shard with "mechanist")', withoutMechanist, ['optimi', 'gradient']],
    ['learn mechanis (no shard with "mechanist")', withoutMechanist, ['learn', 'mechanis']],
    // Only one shard has a word "mechanis" starts with: the others, where it finds nothing, drop it.
    ['mechanis learn (only one shard with "mechan")', oneWithMechan, ['mechanis', 'learn']],
    // One shard has a longer word: only it answers.
    ['mechanis learn', shards, ['mechanis', 'learn']],
    ['mechani model', shards, ['mechani', 'model']],
    // A word nothing matches is left out of the AND.
    ['xyzzy learn', shards, ['xyzzy', 'learn']],
    ['mechanis xyzzy', shards, ['mechanis', 'xyzzy']],
  ])(
    'finds what one index finds, whichever word a shard answers only with a shorter one: %s',
    async (_, index, words) => {
      const expected = oneIndexPages(index, words);
      expect(expected.length).toBeGreaterThan(0);
      expect((await shardedPages(index, words)).pages.sort()).toEqual(expected.sort());
    },
  );

  it('costs one search for a word no shard has anything for, and no probe when a shard has a longer word', async () => {
    expect((await shardedPages(shards, ['zzz'])).searches).toBe(1);
    // "mechani": counts, exact phrase, fallback, and two answers for each of a, b and d (their counts
    // alike); c has "mechanist", so no cut word is probed.
    expect((await shardedPages(shards, ['mechani'])).searches).toBe(3 + 6);
  });

  it('probes cut words, longest first, only until one is found', async () => {
    // counts, exact, fallback, two answers for each of a, b and d (alike counts), then "mechani", "mechan".
    expect((await shardedPages(withoutMechanist, ['mechanis'])).searches).toBe(3 + 6 + 2);
  });
});

describe('prefixProbes', () => {
  it('cuts the word as Pagefind reads it, one character at a time, each an exact phrase', () => {
    expect(prefixProbes('Mecha')).toEqual(['"mech"', '"mec"', '"me"', '"m"']);
    expect(prefixProbes('e.g.')).toEqual(['"e"']);
    expect(prefixProbes('a')).toEqual([]);
    expect(prefixProbes(`x${NOT_A_WORD}`)).toEqual([]);
  });
  it('names the candidate shards a probe finds', () => {
    expect(shardsWithLongestPrefix(['a', 'b'], { a: 2, c: 1 })).toEqual(['a']);
    expect(shardsWithLongestPrefix(['a', 'b'], {})).toEqual([]);
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
