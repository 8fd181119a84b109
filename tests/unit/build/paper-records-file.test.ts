import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isPaperRecordsFile,
  loadPaperRecords,
  paperRecordFiles,
  readAllPaperRecords,
  readPaperRecords,
  writePaperRecords,
  type PaperRecord,
} from '../../../src/lib/build/paper-records-file.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-records-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(title: string, terms: string): PaperRecord {
  return {
    data: {
      title,
      authors: ['Ada Lovelace'],
      published: new Date('2024-01-05T00:00:00Z'),
      added: new Date('2025-03-14T00:00:00Z'),
      topics: ['learning-theory'],
      source: 'inbox/2025-03-14-seed.txt',
    },
    summary: {
      titleHtml: title,
      titleText: title,
      titleHasMath: false,
      excerpt: { html: 'A first sentence.', math: false },
      repaired: false,
      terms,
    },
  };
}

const records = new Map([
  ['aa1111', record('Regret Bounds', 'regret 4 bandit 3 #learning-theory 2')],
  ['aa2222', record('Kernel Regression', 'kernel 4 regression 2')],
  ['bb3333', record('Graph Learning', 'graph 4')],
]);

describe('paper records files', () => {
  it('are one per bucket of digests, named by the set of paper versions each holds, whatever their order', () => {
    const files = paperRecordFiles(dir, ['bb3333', 'aa2222', 'aa1111']);
    expect(files).toHaveLength(2);
    expect(paperRecordFiles(dir, ['aa1111', 'aa2222', 'bb3333'])).toEqual(files);
    // A new paper renames only its bucket's file.
    const more = paperRecordFiles(dir, ['aa1111', 'aa2222', 'bb3333', 'bb4444']);
    expect(more[0]).toBe(files[0]);
    expect(more[1]).not.toBe(files[1]);
    // Digests are joined unambiguously: two sets never share a name by concatenation.
    expect(paperRecordFiles(dir, ['aab', 'aac'])).not.toEqual(paperRecordFiles(dir, ['aa', 'bc']));
    expect(files.every((file) => isPaperRecordsFile(file.slice(dir.length + 1)))).toBe(true);
    expect(isPaperRecordsFile('0123abcdef.json')).toBe(false);
    expect(() => paperRecordFiles(dir, ['../escape'])).toThrow(/Not a digest/);
  });

  it('writes and reads the records by digest, dates as dates, leaving nothing else behind', () => {
    const files = writePaperRecords(dir, records);
    expect(files).toEqual(paperRecordFiles(dir, records.keys()));
    expect(readPaperRecords(files[0] ?? '')).toEqual(new Map([...records].filter(([digest]) => digest < 'b')));
    const loaded = loadPaperRecords(dir, ['bb3333', 'aa1111', 'aa2222']);
    expect(loaded).toEqual(records);
    expect(loaded.get('aa1111')?.data.added).toBeInstanceOf(Date);
    expect(readdirSync(dir).sort()).toEqual(files.map((file) => file.slice(dir.length + 1)).sort());
  });

  it('rewrites only the files of new sets, or holding a paper rendered again', () => {
    const [first = '', second = ''] = writePaperRecords(dir, records);
    const written = (path: string) => statSync(path).mtimeMs;
    writeFileSync(first, '{"damaged": true');
    const before = written(second);
    writePaperRecords(dir, records, () => false);
    expect(() => readPaperRecords(first)).toThrow();
    writePaperRecords(dir, records, (digest) => digest === 'aa1111');
    expect(readPaperRecords(first).get('aa1111')).toEqual(records.get('aa1111'));
    expect(written(second)).toBe(before);
    const added = new Map([...records, ['bb4444', record('Graph Theory', 'graph 2 theory 2')]]);
    const [, third = ''] = writePaperRecords(dir, added, () => false);
    expect(readPaperRecords(third).size).toBe(2);
  });

  it("keep where each paper's abstract is, and drop a location that is not one (its paper is rendered again)", () => {
    const located = new Map([
      ['aa1111', { ...record('One', 'one 1'), abstract: { pack: 'abstracts-x-1.pack', offset: 120, length: 40 } }],
      ['aa2222', { ...record('Two', 'two 1'), abstract: { pack: '../outside.pack', offset: 0, length: 40 } }],
    ]);
    const [path = ''] = writePaperRecords(dir, located);
    const read = readPaperRecords(path);
    expect(read.get('aa1111')?.abstract).toEqual({ pack: 'abstracts-x-1.pack', offset: 120, length: 40 });
    expect(read.get('aa2222')?.abstract).toBeUndefined();
    expect(read.get('aa2222')?.summary.terms).toBe('two 1');
  });

  it('write a file again that a power cut left empty, though its set of papers did not change', () => {
    const [path = ''] = writePaperRecords(dir, records);
    writeFileSync(path, '');
    writePaperRecords(dir, records, () => false);
    expect(readPaperRecords(path)).toEqual(new Map([...records].filter(([digest]) => digest < 'b')));
  });

  it('tell the pages to build again when a file for their papers is missing or damaged', () => {
    expect(() => loadPaperRecords(dir, ['aa1111'])).toThrow(
      /records of this archive .* missing or damaged; build again/,
    );
    const [path = ''] = paperRecordFiles(dir, ['aa1111']);
    writeFileSync(path, '["not", "records"]');
    expect(() => loadPaperRecords(dir, ['aa1111'])).toThrow(/missing or damaged/);
    writeFileSync(path, '{"aa1111": {"data": {}, "summary": {"terms": 3}}}');
    expect(() => loadPaperRecords(dir, ['aa1111'])).toThrow(/missing or damaged/);
  });

  it('give the loader every readable file, skipping damaged ones and other files', () => {
    writePaperRecords(dir, new Map([['aa1111', record('One', 'one 1')]]));
    writePaperRecords(dir, new Map([['bb3333', record('Two', 'two 1')]]));
    writeFileSync(paperRecordFiles(dir, ['cc5555'])[0] ?? '', '{"cc5555": {"data": trunc');
    writeFileSync(join(dir, 'dd6666.json'), '{"dd6666": "an abstract file, not records"}');
    expect([...readAllPaperRecords(dir).keys()].sort()).toEqual(['aa1111', 'bb3333']);
    expect(readAllPaperRecords(join(dir, 'missing'))).toEqual(new Map());
  });
});
