/**
 * The records' texts handed to the repair worker (repair-pool.ts) in one shared buffer, which the
 * worker decodes a chunk at a time as it claims chunks.
 *
 * Why not `workerData` as objects: structured-cloning 100,000 records cost the calling thread
 * about half a second before any repair began, and the worker as long again to read them back
 * before its first chunk, though it claims fewer than half of them. Here the calling thread copies
 * each title and abstract the worker may take once, natively, into memory both threads see, and the
 * worker reads back only the records it repairs.
 *
 * The copy is exact, code unit for code unit, whatever the text holds (a lone surrogate from JSON
 * input included), so the worker repairs the very strings this thread would have: a record whose
 * code units all fit a byte is stored as Latin-1, one byte each, and any other as UTF-16. UTF-8
 * would be neither: it changes lone surrogates, and Node writes it several times slower.
 */
import { Buffer } from 'node:buffer';
import type { RecordText } from './repair-chunk.ts';

/** The texts of the records from `first` to the end; below, `i` counts from `first`. */
export interface SharedTexts {
  /** The index of the first record held. */
  first: number;
  /** Every title and abstract held, in record order. */
  bytes: SharedArrayBuffer;
  /** Record i's title is bytes [offsets[2i], offsets[2i+1]), its abstract up to offsets[2i+2]. */
  offsets: Float64Array;
  /** 1 where record i is stored as UTF-16 (a code unit above U+00FF), 0 for Latin-1. */
  wide: Uint8Array;
  /** The distinct category strings. */
  categoryNames: string[];
  /** Record i's categories are `categoryNames[categoryIds[k]]` for k in [categoryStarts[i], categoryStarts[i+1]). */
  categoryStarts: Int32Array;
  categoryIds: Int32Array;
}

/** A code unit above U+00FF (any such text is stored as UTF-16). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * The texts of `all` from index `first` on (the records the worker may take), in a shared buffer.
 * A record with no categories reads back with `[]`.
 */
export function shareTexts(all: readonly RecordText[], first = 0): SharedTexts {
  const records = all.slice(first);
  const wide = new Uint8Array(records.length);
  let size = 0;
  let categoryCount = 0;
  records.forEach((record, index) => {
    const isWide = BEYOND_LATIN1.test(record.title) || BEYOND_LATIN1.test(record.abstract);
    wide[index] = isWide ? 1 : 0;
    size += (record.title.length + record.abstract.length) * (isWide ? 2 : 1);
    categoryCount += record.categories?.length ?? 0;
  });
  const bytes = new SharedArrayBuffer(size);
  const view = Buffer.from(bytes);
  const offsets = new Float64Array(2 * records.length + 1);
  const categoryIndex = new Map<string, number>();
  const categoryStarts = new Int32Array(records.length + 1);
  const categoryIds = new Int32Array(categoryCount);
  let at = 0;
  let category = 0;
  records.forEach((record, index) => {
    const encoding = wide[index] === 1 ? 'utf16le' : 'latin1';
    offsets[2 * index] = at;
    at += view.write(record.title, at, encoding);
    offsets[2 * index + 1] = at;
    at += view.write(record.abstract, at, encoding);
    categoryStarts[index] = category;
    for (const name of record.categories ?? []) {
      let id = categoryIndex.get(name);
      if (id === undefined) {
        id = categoryIndex.size;
        categoryIndex.set(name, id);
      }
      categoryIds[category] = id;
      category += 1;
    }
  });
  offsets[2 * records.length] = at;
  categoryStarts[records.length] = category;
  return { first, bytes, offsets, wide, categoryNames: [...categoryIndex.keys()], categoryStarts, categoryIds };
}

/**
 * The records `texts` holds: the index of the first and of the one after the last, and the records
 * from `start` up to (not including) `end`, indexes as in the array shared.
 */
export function sharedTextReader(texts: SharedTexts): {
  first: number;
  end: number;
  read: (start: number, end: number) => RecordText[];
} {
  const view = Buffer.from(texts.bytes);
  const { first, offsets, wide, categoryNames, categoryStarts, categoryIds } = texts;
  const count = wide.length;
  return {
    first,
    end: first + count,
    read(start, end) {
      if (start < first) throw new RangeError(`Records before ${first} are not shared (asked from ${start})`);
      const records: RecordText[] = [];
      for (let index = start - first; index < Math.min(end - first, count); index += 1) {
        const encoding = wide[index] === 1 ? 'utf16le' : 'latin1';
        const titleStart = offsets[2 * index] ?? 0;
        const abstractStart = offsets[2 * index + 1] ?? 0;
        const categories: string[] = [];
        for (let k = categoryStarts[index] ?? 0; k < (categoryStarts[index + 1] ?? 0); k += 1) {
          categories.push(categoryNames[categoryIds[k] ?? 0] ?? '');
        }
        records.push({
          title: view.toString(encoding, titleStart, abstractStart),
          abstract: view.toString(encoding, abstractStart, offsets[2 * index + 2] ?? 0),
          categories,
        });
      }
      return records;
    },
  };
}
