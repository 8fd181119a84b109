import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isPaperTermsFile,
  loadPaperTerms,
  paperTermsFiles,
  readAllPaperTerms,
  readPaperTerms,
  writePaperTerms,
} from '../../../src/lib/build/paper-terms-file.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-terms-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const terms = new Map([
  ['aaa111', 'regret 4 bandit 3 #learning-theory 2'],
  ['bbb222', 'kernel 4 regression 2'],
]);

describe('paper terms file', () => {
  it('is named by the set of paper versions it covers, whatever their order', () => {
    const [path = ''] = paperTermsFiles(dir, ['aaa111', 'bbb222']);
    expect(paperTermsFiles(dir, ['bbb222', 'aaa111'])).toEqual([path]);
    expect(paperTermsFiles(dir, ['aaa111'])).not.toEqual([path]);
    expect(paperTermsFiles(dir, ['aaa111', 'bbb222', 'ccc333'])).not.toEqual([path]);
    // Digests are joined unambiguously: two sets never share a name by concatenation.
    expect(paperTermsFiles(dir, ['ab', 'c'])).not.toEqual(paperTermsFiles(dir, ['a', 'bc']));
    expect(isPaperTermsFile(path.slice(dir.length + 1))).toBe(true);
    expect(isPaperTermsFile('0123abcdef.json')).toBe(false);
  });

  it('writes and reads the terms by digest, leaving nothing else behind', () => {
    const files = writePaperTerms(dir, terms);
    expect(files).toEqual(paperTermsFiles(dir, terms.keys()));
    expect(readPaperTerms(files[0] ?? '')).toEqual(terms);
    expect(loadPaperTerms(dir, ['bbb222', 'aaa111'])).toEqual(terms);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('splits a large archive into parts, each read as one string, and reads them all back', () => {
    const many = new Map(Array.from({ length: 7 }, (_, n) => [`d${n}`, `term${n} ${n + 1}`] as const));
    const files = writePaperTerms(dir, many, 3);
    expect(files).toHaveLength(3);
    expect(files.map((file) => readPaperTerms(file).size)).toEqual([3, 3, 1]);
    expect(loadPaperTerms(dir, [...many.keys()].reverse(), 3)).toEqual(many);
    expect(readAllPaperTerms(dir)).toEqual(many);
    // One part missing: the pages are told to build again, never handed part of the archive.
    rmSync(files[1] ?? '');
    expect(() => loadPaperTerms(dir, [...many.keys()], 3)).toThrow(/missing or damaged; build again/);
    expect(paperTermsFiles(dir, [], 3)).toHaveLength(1);
  });

  it('tells the pages to build again when the file for their papers is missing or damaged', () => {
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/terms of this archive .* missing or damaged; build again/);
    const [path = ''] = paperTermsFiles(dir, ['aaa111']);
    writeFileSync(path, '["not", "terms"]');
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/missing or damaged/);
    writeFileSync(path, '{"aaa111": 3}');
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/missing or damaged/);
  });

  it('gives the loader every readable file, skipping damaged ones and other files', () => {
    writePaperTerms(dir, new Map([['aaa111', 'regret 4']]));
    writePaperTerms(dir, new Map([['bbb222', 'kernel 4']]));
    writeFileSync(paperTermsFiles(dir, ['ccc333'])[0] ?? '', '{"ccc333": "trunc');
    writeFileSync(join(dir, 'ddd444.json'), '{"ddd444": "an abstract file, not terms"}');
    expect(readAllPaperTerms(dir)).toEqual(
      new Map([
        ['aaa111', 'regret 4'],
        ['bbb222', 'kernel 4'],
      ]),
    );
    expect(readAllPaperTerms(join(dir, 'missing'))).toEqual(new Map());
  });
});
