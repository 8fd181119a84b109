import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { sharedTextReader, shareTexts } from '../../../src/lib/ingest/shared-texts.ts';
import type { RecordText } from '../../../src/lib/ingest/repair-chunk.ts';

/** What the worker gets back for each record: the same strings, and `[]` for no categories. */
const expected = (records: readonly RecordText[]): RecordText[] =>
  records.map((record) => ({
    title: record.title,
    abstract: record.abstract,
    categories: [...(record.categories ?? [])],
  }));

describe('shareTexts and sharedTextReader', () => {
  const records: RecordText[] = [
    { title: 'Plain ASCII', abstract: 'We study $x^2$ and \\alpha.', categories: ['cs.LG', 'stat.ML'] },
    { title: 'Latin-1: café, naïve, ½', abstract: 'Über alles; ÿ at the edge of a byte.', categories: ['cs.LG'] },
    { title: 'Beyond a byte: λ-calculus, 数学, 🧮', abstract: 'An em dash — and ≤ signs.' },
    // A lone surrogate (JSON input may hold one) and its reversed pair: no UTF-8 round trip keeps these.
    { title: 'Lone \ud800 surrogate', abstract: 'Reversed \udc00\ud800 pair', categories: [] },
    { title: '', abstract: '', categories: ['math.OC', 'math.OC', 'cs.LG'] },
    { title: 'NUL \u0000 and \u00ff', abstract: 'x', categories: ['a\u0000b', 'weird\ncategory'] },
  ];

  it('gives back every record exactly, whatever its text holds', () => {
    const reader = sharedTextReader(shareTexts(records));
    expect([reader.first, reader.end]).toEqual([0, records.length]);
    expect(reader.read(0, records.length)).toEqual(expected(records));
  });

  it('holds the records from `first` on, read by their index in the whole array', () => {
    const texts = shareTexts(records, 2);
    const reader = sharedTextReader(texts);
    expect([reader.first, reader.end]).toEqual([2, records.length]);
    expect(reader.read(3, 5)).toEqual(expected(records).slice(3, 5));
    expect(() => reader.read(1, 3)).toThrow(/before 2/);
    // Only what it holds is copied.
    expect(texts.bytes.byteLength).toBeLessThan(shareTexts(records).bytes.byteLength);
    expect(texts.wide).toHaveLength(records.length - 2);
  });

  it('reads any range on its own, and stops at the last record', () => {
    const reader = sharedTextReader(shareTexts(records));
    expect(reader.read(2, 4)).toEqual(expected(records).slice(2, 4));
    expect(reader.read(5, 250)).toEqual(expected(records).slice(5));
    expect(reader.read(6, 250)).toEqual([]);
  });

  it('stores a record one byte a code unit when every code unit fits a byte, else two', () => {
    const texts = shareTexts(records);
    expect([...texts.wide]).toEqual([0, 0, 1, 1, 0, 0]);
    const units = records.reduce(
      (sum, record, index) => sum + (record.title.length + record.abstract.length) * ((texts.wide[index] ?? 0) + 1),
      0,
    );
    expect(texts.bytes.byteLength).toBe(units);
    // Each distinct category once.
    expect(texts.categoryNames).toEqual(['cs.LG', 'stat.ML', 'math.OC', 'a\u0000b', 'weird\ncategory']);
  });

  it('round-trips generated text of any code units (3,000 records)', () => {
    const next = seededRandom(20_261_205);
    const unit = (): string => {
      const pick = next();
      if (pick < 0.6) return String.fromCharCode(32 + Math.floor(next() * 95));
      if (pick < 0.8) return String.fromCharCode(128 + Math.floor(next() * 128));
      return String.fromCharCode(Math.floor(next() * 0x10000));
    };
    const text = (length: number): string => Array.from({ length }, unit).join('');
    const generated: RecordText[] = Array.from({ length: 3000 }, () => ({
      title: text(Math.floor(next() * 40)),
      abstract: text(Math.floor(next() * 400)),
      categories: next() < 0.2 ? undefined : [text(5), 'cs.LG'],
    }));
    const reader = sharedTextReader(shareTexts(generated));
    expect(reader.read(0, generated.length)).toEqual(expected(generated));
  });
});
