import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  abstractFile,
  abstractFilesDir,
  ensureAbstractFilesDir,
  hasAbstractFile,
  pruneAbstractFiles,
  readAbstractFile,
} from '../../../src/lib/build/abstract-files.ts';

let cache = '';
let dir = '';
beforeEach(async () => {
  cache = mkdtempSync(join(tmpdir(), 'abstract-files-'));
  dir = abstractFilesDir(cache);
  await ensureAbstractFilesDir(dir);
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

describe('abstract files', () => {
  it('names and reads the abstract of a paper version by its digest', () => {
    const path = abstractFile(dir, '0123abcdef');
    expect(path).toBe(join(cache, 'paper-abstracts', '0123abcdef.html'));
    expect(hasAbstractFile(path)).toBe(false);
    writeFileSync(path, '<p>An abstract with <span class="katex">x</span>.</p>');
    expect(hasAbstractFile(path)).toBe(true);
    expect(readAbstractFile(path, 'content/papers/a.md')).toBe('<p>An abstract with <span class="katex">x</span>.</p>');
  });

  it('counts an empty file as missing, so a build renders that abstract again', () => {
    const path = abstractFile(dir, 'emptied');
    writeFileSync(path, '');
    expect(hasAbstractFile(path)).toBe(false);
  });

  it('refuses a name that is not a digest, so no path can leave the folder', () => {
    expect(() => abstractFile(dir, '../../etc/passwd')).toThrow(/Not a digest/);
    expect(() => abstractFile(dir, '')).toThrow(/Not a digest/);
  });

  it('says which paper lost its abstract file and what to do', () => {
    expect(() => readAbstractFile(join(dir, 'gone.html'), 'content/papers/gone.md')).toThrow(
      /^content\/papers\/gone\.md: its rendered abstract .* is gone; .*build again/,
    );
  });

  it('removes the files of versions no longer in the archive and keeps the rest', async () => {
    const keep = abstractFile(dir, 'aaa');
    const stale = abstractFile(dir, 'bbb');
    writeFileSync(keep, 'kept');
    writeFileSync(stale, 'stale');
    expect(await pruneAbstractFiles(dir, new Set([keep]))).toBe(1);
    expect(readdirSync(dir)).toEqual(['aaa.html']);
    expect(existsSync(stale)).toBe(false);
    expect(await pruneAbstractFiles(join(cache, 'missing'), new Set())).toBe(0);
  });
});
