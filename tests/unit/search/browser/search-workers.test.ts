import { describe, expect, it } from 'vitest';
import {
  MAX_WORKERS,
  mergeRanked,
  PAGES_PER_WORKER,
  splitShards,
  sumFilterCounts,
} from '../../../../src/lib/search/browser/search-workers.ts';

const shards = (...pages: number[]) => pages.map((count, index) => ({ key: `s${index}`, pages: count }));
const keys = (runs: { key: string }[][]) => runs.map((run) => run.map((shard) => shard.key));

describe('splitShards', () => {
  it('keeps a small archive on one worker, however many cores', () => {
    expect(keys(splitShards(shards(9741, 251, 8), { cores: 16 }))).toEqual([['s0', 's1', 's2']]);
    expect(splitShards(shards(PAGES_PER_WORKER * 2 - 1, 1), { cores: 16 })).toHaveLength(2);
    expect(splitShards(shards(PAGES_PER_WORKER - 1, 0), { cores: 16 })).toHaveLength(1);
  });

  it('gives each worker a contiguous run of about equal pages', () => {
    const ten = shards(...Array.from({ length: 10 }, () => 10_000));
    expect(keys(splitShards(ten, { cores: 2 }))).toEqual([
      ['s0', 's1', 's2', 's3', 's4'],
      ['s5', 's6', 's7', 's8', 's9'],
    ]);
    const runs = splitShards(ten, { cores: 8 });
    expect(runs).toHaveLength(MAX_WORKERS);
    expect(runs.flat().map((shard) => shard.key)).toEqual(ten.map((shard) => shard.key));
    for (const run of runs) expect(run.reduce((sum, shard) => sum + shard.pages, 0)).toBeGreaterThanOrEqual(20_000);
    // Uneven shards: the big one alone, the small ones together.
    expect(keys(splitShards(shards(60_000, 10_000, 10_000, 10_000, 10_000), { cores: 2 }))).toEqual([
      ['s0'],
      ['s1', 's2', 's3', 's4'],
    ]);
  });

  it('starts no more workers than cores, shards or the settings allow', () => {
    expect(splitShards(shards(50_000, 50_000, 50_000), { cores: 1 })).toHaveLength(1);
    expect(splitShards(shards(50_000, 50_000, 50_000), { cores: Number.NaN })).toHaveLength(1);
    expect(splitShards(shards(200_000), { cores: 8 })).toHaveLength(1);
    expect(splitShards(shards(50_000, 50_000, 50_000), { cores: 8, maxWorkers: 2 })).toHaveLength(2);
    // Tests split a small archive: a worker for every page, each shard its own run when shards are few.
    expect(keys(splitShards(shards(3, 2, 1), { cores: 8, pagesPerWorker: 1 }))).toEqual([['s0'], ['s1'], ['s2']]);
    expect(splitShards([], { cores: 8 })).toEqual([]);
  });

  it('never leaves a worker without a shard', () => {
    for (const pages of [
      [1, 1, 1, 100],
      [100, 1, 1, 1],
      [1, 100, 1, 100, 1],
      [5, 5],
    ]) {
      const runs = splitShards(shards(...pages), { cores: 4, pagesPerWorker: 1 });
      expect(runs.every((run) => run.length > 0)).toBe(true);
      expect(runs.flat()).toHaveLength(pages.length);
    }
  });
});

describe('mergeRanked', () => {
  /** What Pagefind does with its instances' results: all of them, one list after another, sorted by score (stable). */
  function pagefindMerge(lists: number[][]) {
    return lists
      .flatMap((scores, list) => scores.map((score, index) => ({ score, list, index })))
      .sort((a, b) => b.score - a.score)
      .map(({ list, index }) => ({ list, index }));
  }

  it('ranks as a stable sort of the lists one after another, ties in list order', () => {
    const lists = [[9, 5, 5, 1], [9, 7, 5], [], [10, 5, 0.5]];
    expect(mergeRanked(lists, 0, 100)).toEqual(pagefindMerge(lists));
  });

  it('gives any window of the ranking', () => {
    const lists = [
      [8, 6, 6, 3, 2],
      [7, 6, 4],
      [6, 6, 1],
    ];
    const all = pagefindMerge(lists);
    for (const [from, count] of [
      [0, 3],
      [3, 4],
      [9, 5],
      [11, 1],
      [20, 3],
    ] as const) {
      expect(mergeRanked(lists, from, count)).toEqual(all.slice(from, from + count));
    }
  });

  it('matches the stable sort on random score lists, with many ties', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round += 1) {
      const lists = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * 5)).sort((a, b) => b - a),
      );
      const from = Math.floor(random() * 10);
      expect(mergeRanked(lists, from, 7)).toEqual(pagefindMerge(lists).slice(from, from + 7));
    }
  });
});

describe('sumFilterCounts', () => {
  it("sums each value's matches over the workers", () => {
    expect(
      sumFilterCounts([
        { shard: { a: 2, b: 1 }, topic: { x: 3 } },
        { shard: { c: 4 }, topic: { x: 1, y: 2 } },
        { code: undefined },
      ]),
    ).toEqual({ shard: { a: 2, b: 1, c: 4 }, topic: { x: 4, y: 2 }, code: {} });
    expect(sumFilterCounts([])).toEqual({});
  });
});
