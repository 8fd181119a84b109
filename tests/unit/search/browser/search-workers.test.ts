import { describe, expect, it } from 'vitest';
import {
  dateSortOf,
  inDateOrder,
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

describe('dateSortOf', () => {
  it('reads the date sort a search asks for, and nothing else', () => {
    expect(dateSortOf({ sort: { added: 'asc' } })).toBe('asc');
    expect(dateSortOf({ filters: {}, sort: { added: 'desc' } })).toBe('desc');
    expect(dateSortOf({ filters: {} })).toBeUndefined();
    expect(dateSortOf({ sort: { added: 'up' } })).toBeUndefined();
    expect(dateSortOf({ sort: { title: 'asc' } })).toBeUndefined();
    expect(dateSortOf({ sort: null })).toBeUndefined();
  });
});

describe('inDateOrder', () => {
  // A shard's pages in index order: day added, then path (index-shards.ts).
  const positions = new Map(['p0', 'p1', 'p2', 'p3', 'p4'].map((id, index) => [id, index]));
  const found = (...ids: string[]) => ids.map((id, index) => ({ id, score: 10 - index, data: id.toUpperCase() }));

  it('orders results by their place in the index, oldest or newest first, scored by rank', () => {
    const results = found('p3', 'p0', 'p4', 'p1');
    expect(inDateOrder(results, positions, 'asc').map((result) => result.id)).toEqual(['p0', 'p1', 'p3', 'p4']);
    expect(inDateOrder(results, positions, 'desc').map((result) => result.id)).toEqual(['p4', 'p3', 'p1', 'p0']);
    // Scores fall with the rank, so merging by score keeps the order; the rest of a result is kept.
    expect(inDateOrder(results, positions, 'desc')).toEqual([
      { id: 'p4', score: 4, data: 'P4' },
      { id: 'p3', score: 3, data: 'P3' },
      { id: 'p1', score: 2, data: 'P1' },
      { id: 'p0', score: 1, data: 'P0' },
    ]);
    expect(results.map((result) => result.id)).toEqual(['p3', 'p0', 'p4', 'p1']);
  });

  it('puts pages the index order does not know last, in the order found', () => {
    const ids = (direction: 'asc' | 'desc') =>
      inDateOrder(found('x', 'p2', 'y', 'p0'), positions, direction).map((result) => result.id);
    expect(ids('asc')).toEqual(['p0', 'p2', 'x', 'y']);
    expect(ids('desc')).toEqual(['p2', 'p0', 'x', 'y']);
    expect(inDateOrder([], positions, 'asc')).toEqual([]);
  });

  it('gives the order a sort by (day added, path) gives, for any results', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const days = ['2025-01-01', '2025-01-02', '2025-02-10'];
    const pages = Array.from({ length: 40 }, (_, index) => ({
      id: `page-${index}`,
      added: days[Math.floor(random() * days.length)] as string,
      path: `papers/${Math.floor(random() * 1000)}-${index}/`,
    })).sort((a, b) => a.added.localeCompare(b.added) || a.path.localeCompare(b.path));
    const order = new Map(pages.map((page, index) => [page.id, index]));
    const byId = new Map(pages.map((page) => [page.id, page]));
    for (let round = 0; round < 20; round += 1) {
      const results = pages
        .filter(() => random() < 0.5)
        .map((page) => ({ id: page.id, score: random() }))
        .sort((a, b) => b.score - a.score);
      const key = (id: string) => `${byId.get(id)?.added} ${byId.get(id)?.path}`;
      const expected = results.map((result) => result.id).sort((a, b) => key(a).localeCompare(key(b)));
      expect(inDateOrder(results, order, 'asc').map((result) => result.id)).toEqual(expected);
      expect(inDateOrder(results, order, 'desc').map((result) => result.id)).toEqual([...expected].reverse());
    }
  });
});
