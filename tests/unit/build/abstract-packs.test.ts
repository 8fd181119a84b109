import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  abstractFilesDir,
  createAbstractPackWriter,
  createAbstractReader,
  ensureAbstractFilesDir,
  isAbstractLocation,
  packSizes,
  pruneAbstractFiles,
  sparsePacks,
  SPARSE_SHARE,
  type AbstractLocation,
} from '../../../src/lib/build/abstract-packs.ts';

let cache = '';
let dir = '';
beforeEach(async () => {
  cache = mkdtempSync(join(tmpdir(), 'abstract-packs-'));
  dir = abstractFilesDir(cache);
  await ensureAbstractFilesDir(dir);
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const abstract = {
  html: '<p>An abstract with <span class="katex">x</span>.</p>',
  text: 'An abstract with x.',
  description: 'An abstract with x.',
  hasMath: true,
  original: 'An abstract with $x $.',
};
const numbered = (n: number) => ({ ...abstract, text: `Abstract ${n}: ${'ü'.repeat(n % 7)}` });
const packs = () => readdirSync(dir).filter((name) => name.endsWith('.pack'));

describe('abstract packs', () => {
  it('appends abstracts to one pack and reads each back from where the writer said it is', () => {
    const writer = createAbstractPackWriter(dir);
    const locations = Array.from({ length: 50 }, (_, n) => writer.write(numbered(n)));
    writer.close();
    expect(packs()).toHaveLength(1);
    expect(locations.every(isAbstractLocation)).toBe(true);
    expect(new Set(locations.map((location) => location.pack)).size).toBe(1);
    // One after the other, each on a line of its own for a person reading the pack.
    for (const [n, location] of locations.entries()) {
      const next = locations[n + 1];
      if (next !== undefined) expect(next.offset).toBe(location.offset + location.length + 1);
    }
    const reader = createAbstractReader(dir);
    try {
      expect(locations.every((location) => reader.usable(location))).toBe(true);
      expect(locations.map((location, n) => reader.read(location, `p${n}.md`))).toEqual(
        Array.from({ length: 50 }, (_, n) => numbered(n)),
      );
    } finally {
      reader.close();
    }
    const { original: _original, ...unrepaired } = abstract;
    const second = createAbstractPackWriter(dir);
    const location = second.write(unrepaired);
    second.close();
    const again = createAbstractReader(dir);
    expect(again.read(location, 'a.md')).toEqual(unrepaired);
    again.close();
    // A writer never appends to another's pack, nor leaves anything else behind.
    expect(packs()).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(packs());
    expect(readFileSync(join(dir, location.pack), 'utf8')).toBe(`${JSON.stringify(unrepaired)}\n`);
  });

  it('starts a new pack past its size, and after close', () => {
    const one = Buffer.byteLength(`${JSON.stringify(numbered(0))}\n`);
    const writer = createAbstractPackWriter(dir, one * 3);
    const locations = Array.from({ length: 7 }, () => writer.write(numbered(0)));
    writer.close();
    const byPack = Map.groupBy(locations, (location) => location.pack);
    expect([...byPack.values()].map((members) => members.length)).toEqual([3, 3, 1]);
    const later = writer.write(numbered(1));
    writer.close();
    expect(byPack.has(later.pack)).toBe(false);
    expect(packs()).toHaveLength(4);
    // An abstract larger than a pack gets a pack of its own.
    const small = createAbstractPackWriter(dir, 10);
    const [a, b] = [small.write(numbered(2)), small.write(numbered(3))];
    small.close();
    expect(a.pack).not.toBe(b.pack);
  });

  it('counts a location in a pack that is gone or too short as unusable, so a build renders that abstract again', () => {
    const writer = createAbstractPackWriter(dir);
    const first = writer.write(numbered(1));
    const second = writer.write(numbered(2));
    writer.close();
    truncateSync(join(dir, first.pack), second.offset + 5);
    const reader = createAbstractReader(dir);
    expect(reader.usable(first)).toBe(true);
    expect(reader.usable(second)).toBe(false);
    expect(reader.usable({ ...first, pack: 'abstracts-gone-1.pack' })).toBe(false);
    // Not a location at all (an older build's record, a hand-edited one): never read.
    expect(reader.usable({ ...first, pack: '../../etc/passwd' })).toBe(false);
    expect(reader.usable({ ...first, length: 0 })).toBe(false);
    expect(reader.usable({ ...first, offset: -1 })).toBe(false);
    reader.close();
  });

  it('says which paper lost its abstract, or has a damaged one, and what to do', () => {
    const reader = createAbstractReader(dir);
    const gone: AbstractLocation = { pack: 'abstracts-gone-1.pack', offset: 0, length: 10 };
    expect(() => reader.read(gone, 'content/papers/gone.md')).toThrow(
      /^content\/papers\/gone\.md: its rendered abstract .*abstracts-gone-1\.pack, bytes 0-10\) is gone; .*build again/,
    );
    // A location out of the folder is never read, though a file is there.
    const outside = JSON.stringify(abstract);
    writeFileSync(join(cache, 'outside.pack'), outside);
    const escape = { pack: '../outside.pack', offset: 0, length: Buffer.byteLength(outside) };
    expect(() => reader.read(escape, 'content/papers/out.md')).toThrow(/^content\/papers\/out\.md: .* is gone/);
    for (const [n, text] of [
      '{"html":"<p>cut',
      '<p>An abstract from an older build.</p>',
      '{"html":"<p>x</p>"}',
    ].entries()) {
      const pack = `abstracts-damaged-${n}.pack`;
      writeFileSync(join(dir, pack), text);
      expect(() =>
        reader.read({ pack, offset: 0, length: Buffer.byteLength(text) }, 'content/papers/damaged.md'),
      ).toThrow(/^content\/papers\/damaged\.md: its rendered abstract .* is damaged; delete the cache folder/);
    }
    reader.close();
  });

  it('reads a pack again when a location ends past what it read (a pack still being written)', () => {
    const writer = createAbstractPackWriter(dir);
    const first = writer.write(numbered(1));
    const reader = createAbstractReader(dir);
    expect(reader.read(first, 'a.md')).toEqual(numbered(1));
    const second = writer.write(numbered(2));
    expect(second.pack).toBe(first.pack);
    expect(reader.usable(second)).toBe(true);
    expect(reader.read(second, 'b.md')).toEqual(numbered(2));
    writer.close();
    reader.close();
  });

  it('finds the packs the last build used less than half of', () => {
    const location = (pack: string, length: number): AbstractLocation => ({ pack, offset: 0, length: length - 1 });
    const sizes = new Map([
      ['abstracts-a.pack', 1000],
      ['abstracts-b.pack', 1000],
      ['abstracts-c.pack', 1000],
      ['abstracts-left-by-a-crash.pack', 300],
    ]);
    const used = [
      location('abstracts-a.pack', 600),
      location('abstracts-a.pack', 400),
      location('abstracts-b.pack', 500),
      location('abstracts-c.pack', 200),
      location('abstracts-c.pack', 299),
    ];
    expect(SPARSE_SHARE).toBe(0.5);
    expect([...sparsePacks(used, sizes)].sort()).toEqual(['abstracts-c.pack', 'abstracts-left-by-a-crash.pack']);
  });

  it('lists the packs of a folder with their sizes', () => {
    const writer = createAbstractPackWriter(dir);
    const location = writer.write(abstract);
    writer.close();
    writeFileSync(join(dir, 'records-00-abc.json'), '{}');
    expect(packSizes(dir)).toEqual(new Map([[location.pack, location.length + 1]]));
    expect(packSizes(join(cache, 'missing'))).toEqual(new Map());
  });

  it('removes every file it is not told to keep: old packs, per-paper files of earlier versions, leftovers', async () => {
    for (const name of [
      'abstracts-kept.pack',
      'abstracts-old.pack',
      '0123abcdef.json',
      'x.json.1-2-3.tmp',
      'records-00-a.json',
    ])
      writeFileSync(join(dir, name), 'x');
    expect(await pruneAbstractFiles(dir, new Set(['abstracts-kept.pack', 'records-00-a.json']))).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['abstracts-kept.pack', 'records-00-a.json']);
    expect(existsSync(join(dir, 'abstracts-old.pack'))).toBe(false);
    expect(await pruneAbstractFiles(join(cache, 'missing'), new Set())).toBe(0);
  });
});
