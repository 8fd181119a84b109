import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isPaperTermsFile,
  loadPaperTerms,
  paperTermsFile,
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
    const path = paperTermsFile(dir, ['aaa111', 'bbb222']);
    expect(paperTermsFile(dir, ['bbb222', 'aaa111'])).toBe(path);
    expect(paperTermsFile(dir, ['aaa111'])).not.toBe(path);
    expect(paperTermsFile(dir, ['aaa111', 'bbb222', 'ccc333'])).not.toBe(path);
    // Digests are joined unambiguously: two sets never share a name by concatenation.
    expect(paperTermsFile(dir, ['ab', 'c'])).not.toBe(paperTermsFile(dir, ['a', 'bc']));
    const name = path.slice(dir.length + 1);
    expect(isPaperTermsFile(name)).toBe(true);
    expect(isPaperTermsFile('0123abcdef.json')).toBe(false);
  });

  it('writes and reads the terms by digest, leaving nothing else behind', () => {
    const path = paperTermsFile(dir, terms.keys());
    writePaperTerms(path, terms);
    expect(readPaperTerms(path)).toEqual(terms);
    expect(loadPaperTerms(dir, ['bbb222', 'aaa111'])).toEqual(terms);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('tells the pages to build again when the file for their papers is missing or damaged', () => {
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/terms of this archive .* missing or damaged; build again/);
    const path = paperTermsFile(dir, ['aaa111']);
    writeFileSync(path, '["not", "terms"]');
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/missing or damaged/);
    writeFileSync(path, '{"aaa111": 3}');
    expect(() => loadPaperTerms(dir, ['aaa111'])).toThrow(/missing or damaged/);
  });

  it('gives the loader every readable file, skipping damaged ones and other files', () => {
    writePaperTerms(paperTermsFile(dir, ['aaa111']), new Map([['aaa111', 'regret 4']]));
    writePaperTerms(paperTermsFile(dir, ['bbb222']), new Map([['bbb222', 'kernel 4']]));
    writeFileSync(paperTermsFile(dir, ['ccc333']), '{"ccc333": "trunc');
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
