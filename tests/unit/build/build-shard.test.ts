import { describe, expect, it } from 'vitest';
import {
  buildsSharedPages,
  currentShard,
  inShard,
  parseShard,
  parseSliceRecord,
  sliceRecordText,
  sliceSetProblems,
} from '../../../src/lib/build/build-shard.ts';

describe('parseShard and currentShard', () => {
  it('reads i/N from --shard, --shard= or ARCHIVE_SHARD, the command line first', () => {
    expect(currentShard(['node', 'astro', 'build', '--shard', '2/3'], {})).toEqual({ index: 2, count: 3 });
    expect(currentShard(['node', 'astro', 'build', '--shard=1/2'], {})).toEqual({ index: 1, count: 2 });
    expect(currentShard(['node', 'astro', 'build'], { ARCHIVE_SHARD: '3/4' })).toEqual({ index: 3, count: 4 });
    expect(currentShard(['--shard', '1/2'], { ARCHIVE_SHARD: '2/2' })).toEqual({ index: 1, count: 2 });
    expect(currentShard(['node', 'astro', 'build'], {})).toBeUndefined();
  });

  it.each(['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2', ''])('refuses %j, saying what it takes', (value) => {
    expect(() => parseShard(value)).toThrow(/--shard takes i\/N with 1 <= i <= N/);
  });
});

describe('inShard', () => {
  const slugs = Array.from({ length: 2000 }, (_, i) => `paper-${i}-on-something`);

  it('puts every paper in exactly one slice, and every paper in a whole build', () => {
    const shards = [1, 2, 3].map((index) => ({ index, count: 3 }));
    for (const slug of slugs) {
      expect(shards.filter((shard) => inShard(slug, shard))).toHaveLength(1);
      expect(inShard(slug, undefined)).toBe(true);
    }
  });

  it('splits evenly and deterministically', () => {
    const counts = [1, 2, 3, 4].map((index) => slugs.filter((slug) => inShard(slug, { index, count: 4 })).length);
    for (const count of counts) expect(count).toBeGreaterThan(400);
    expect(inShard('attention-is-all-you-need', { index: 1, count: 2 })).toBe(
      inShard('attention-is-all-you-need', { index: 1, count: 2 }),
    );
  });

  it('leaves the shared pages to the first slice', () => {
    expect(buildsSharedPages(undefined)).toBe(true);
    expect(buildsSharedPages({ index: 1, count: 2 })).toBe(true);
    expect(buildsSharedPages({ index: 2, count: 2 })).toBe(false);
  });
});

describe('the slice record and sliceSetProblems', () => {
  const slice = (folder: string, index: number, count: number) => ({ folder, shard: { index, count } });

  it('reads back the slice a record was written for, and refuses one that names none', () => {
    expect(parseSliceRecord(sliceRecordText({ index: 2, count: 3 }))).toEqual({ index: 2, count: 3 });
    expect(() => parseSliceRecord('{"slice": 4, "of": 3}')).toThrow(/1 <= i <= N/);
    expect(() => parseSliceRecord('{"slice": "1"}')).toThrow(/names no slice/);
    expect(() => parseSliceRecord('not json')).toThrow(/not JSON/);
  });

  it('accepts each slice of one build once, in any order', () => {
    expect(sliceSetProblems([slice('c', 3, 3), slice('a', 1, 3), slice('b', 2, 3)])).toEqual([]);
    expect(sliceSetProblems([slice('a', 1, 1)])).toEqual([]);
  });

  it('names every slice missing and every slice given twice', () => {
    expect(sliceSetProblems([slice('a', 1, 3), slice('a2', 1, 3)])).toEqual([
      'slice 1/3 is given twice: a, a2',
      'slice 2/3 is missing',
      'slice 3/3 is missing',
    ]);
  });

  it('refuses slices of builds cut in different numbers of slices', () => {
    expect(sliceSetProblems([slice('a', 1, 2), slice('b', 2, 3)])).toEqual([
      'the slices were built for different numbers of slices: a is 1/2, b is 2/3',
    ]);
  });
});
