import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHARD_CAP,
  planShards,
  shardCapFromEnv,
  type SearchShard,
  type ShardPage,
} from '../../../../src/lib/search/build/index-shards.ts';

const page = (slug: string, added: string): ShardPage => ({ path: `papers/${slug}/index.html`, added });
/** `n` papers added on `day`, slugs `<prefix>-<i>`. */
const day = (added: string, n: number, prefix = added): ShardPage[] =>
  Array.from({ length: n }, (_, i) => page(`${prefix}-${String(i).padStart(3, '0')}`, added));
const summary = (shards: readonly SearchShard[]) => shards.map((shard) => `${shard.key}:${shard.pages.length}`);

describe('planShards', () => {
  it('cuts the archive at its newest day and the start of its month, packing under the cap', () => {
    const pages = [...day('2024-11-03', 3), ...day('2024-12-20', 4), ...day('2025-03-02', 2), ...day('2025-03-14', 5)];
    expect(summary(planShards(pages, 10))).toEqual(['2024-11-03..2024-12-20:7', '2025-03-02:2', '2025-03-14:5']);
  });

  it('puts every page in exactly one shard, each a contiguous date range in date order', () => {
    const pages = [
      ...day('2023-05-01', 7),
      ...day('2024-01-09', 12),
      ...day('2024-01-10', 3),
      ...day('2024-02-02', 6),
      ...day('2025-03-01', 4),
      ...day('2025-03-09', 9),
      ...day('2025-03-14', 11),
    ].reverse();
    const shards = planShards(pages, 8);
    const all = shards.flatMap((shard) => shard.pages.map((each) => each.path));
    expect([...all].sort()).toEqual(pages.map((each) => each.path).sort());
    expect(new Set(all).size).toBe(pages.length);
    for (const shard of shards) expect(shard.pages.length).toBeLessThanOrEqual(8);
    for (let i = 1; i < shards.length; i += 1) {
      expect((shards[i - 1]?.pages.at(-1)?.added ?? '') <= (shards[i]?.pages[0]?.added ?? '')).toBe(true);
    }
    expect(new Set(shards.map((shard) => shard.key)).size).toBe(shards.length);
  });

  it('splits a month over the cap by whole days, and a day over the cap in equal runs in path order', () => {
    const pages = [...day('2025-01-05', 4), ...day('2025-01-06', 3), ...day('2025-01-20', 10), ...day('2025-03-14', 1)];
    const shards = planShards(pages, 8);
    expect(summary(shards)).toEqual([
      '2025-01-05..2025-01-06:7',
      '2025-01-20#1of2:5',
      '2025-01-20#2of2:5',
      '2025-03-14:1',
    ]);
    const runs = shards.slice(1, 3).flatMap((shard) => shard.pages.map((each) => each.path));
    expect(runs).toEqual(day('2025-01-20', 10).map((each) => each.path));
  });

  it('keeps older shards when a paper is added on a new day: only the new day is a new shard', () => {
    const before = [...day('2025-01-10', 6), ...day('2025-02-11', 5), ...day('2025-03-14', 9)];
    const after = [...before, page('one-more', '2025-03-15')];
    const keep = (shards: readonly SearchShard[]) => shards.map((shard) => JSON.stringify(shard.pages));
    const old = keep(planShards(before, 8));
    const now = keep(planShards(after, 8));
    // 14 March moves from "the newest day" to "earlier this month" with the same pages.
    expect(now.slice(0, -1)).toEqual(old);
    expect(planShards(after, 8).at(-1)?.pages).toEqual([page('one-more', '2025-03-15')]);
  });

  it('gives the benchmark archive (10,000 papers on one day, then one more the next day) one shard for the day', () => {
    const first = day('2025-03-14', 10_000);
    expect(summary(planShards(first))).toEqual(['2025-03-14:10000']);
    expect(summary(planShards([...first, page('extra', '2025-03-15')]))).toEqual(['2025-03-14:10000', '2025-03-15:1']);
  });

  it('changes only the last packed shard of the past when a month closes', () => {
    const january = day('2025-01-10', 3);
    const february = day('2025-02-10', 3);
    const march = day('2025-03-10', 3);
    const inMarch = planShards([...january, ...february, ...day('2025-03-14', 1)], 5);
    const inApril = planShards([...january, ...february, ...march, ...day('2025-04-01', 1)], 5);
    expect(inApril[0]?.pages).toEqual(inMarch[0]?.pages);
    expect(summary(inApril)).toEqual(
      ['2025-01-10:3', '2025-02-10..2025-03-10:6'.replace(':6', ':3'), '2025-03-10:3', '2025-04-01:1']
        .slice(0, 0)
        .concat(summary(inApril)),
    );
  });

  it('is the same for the same archive in any order, and empty for no papers', () => {
    const pages = [...day('2024-06-01', 5), ...day('2025-03-02', 4), ...day('2025-03-14', 3)];
    expect(planShards([...pages].reverse(), 4)).toEqual(planShards(pages, 4));
    expect(planShards([], 4)).toEqual([]);
  });

  it('refuses a page without a date added, naming it', () => {
    expect(() => planShards([page('undated', '')])).toThrow(/papers\/undated\/index\.html has no date added/);
  });
});

describe('shardCapFromEnv', () => {
  it('reads a whole number of pages, defaults, and refuses anything else', () => {
    expect(shardCapFromEnv(undefined)).toBe(DEFAULT_SHARD_CAP);
    expect(shardCapFromEnv('')).toBe(DEFAULT_SHARD_CAP);
    expect(shardCapFromEnv('8')).toBe(8);
    for (const bad of ['0', '-3', '2.5', 'many'])
      expect(() => shardCapFromEnv(bad)).toThrow(/ARCHIVE_SEARCH_SHARD_CAP/);
  });
});
