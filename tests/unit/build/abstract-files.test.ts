import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  abstractFile,
  abstractFilesDir,
  ensureAbstractFilesDir,
  hasCacheFile,
  pruneAbstractFiles,
  readAbstractFile,
  writeAbstractFile,
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
  const abstract = {
    html: '<p>An abstract with <span class="katex">x</span>.</p>',
    text: 'An abstract with x.',
    description: 'An abstract with x.',
    hasMath: true,
    original: 'An abstract with $x $.',
  };

  it('names, writes and reads the abstract of a paper version by its digest', () => {
    const path = abstractFile(dir, '0123abcdef');
    expect(path).toBe(join(cache, 'paper-abstracts', '0123abcdef.json'));
    expect(hasCacheFile(path)).toBe(false);
    writeAbstractFile(path, abstract);
    expect(hasCacheFile(path)).toBe(true);
    expect(readAbstractFile(path, 'content/papers/a.md')).toEqual(abstract);
    // Nothing but the file is left behind (write-file-atomic writes a temporary file, then renames it).
    expect(readdirSync(dir)).toEqual(['0123abcdef.json']);
    const { original: _original, ...unrepaired } = abstract;
    writeAbstractFile(path, unrepaired);
    expect(readAbstractFile(path, 'content/papers/a.md')).toEqual(unrepaired);
    expect(readFileSync(path, 'utf8')).not.toContain('original');
  });

  it('counts an empty file as missing, so a build renders that abstract again', () => {
    const path = abstractFile(dir, 'emptied');
    writeFileSync(path, '');
    expect(hasCacheFile(path)).toBe(false);
  });

  it('refuses a name that is not a digest, so no path can leave the folder', () => {
    expect(() => abstractFile(dir, '../../etc/passwd')).toThrow(/Not a digest/);
    expect(() => abstractFile(dir, '')).toThrow(/Not a digest/);
  });

  it('says which paper lost its abstract file, or has a damaged one, and what to do', () => {
    expect(() => readAbstractFile(join(dir, 'gone.json'), 'content/papers/gone.md')).toThrow(
      /^content\/papers\/gone\.md: its rendered abstract .* is gone; .*build again/,
    );
    const damaged = abstractFile(dir, 'damaged');
    for (const text of ['{"html":"<p>cut', '<p>An abstract from an older build.</p>', '{"html":"<p>x</p>"}']) {
      writeFileSync(damaged, text);
      expect(() => readAbstractFile(damaged, 'content/papers/damaged.md')).toThrow(
        /^content\/papers\/damaged\.md: its rendered abstract .* is damaged; delete the cache folder/,
      );
    }
  });

  it('removes the files of versions no longer in the archive and keeps the rest', async () => {
    const keep = abstractFile(dir, 'aaa');
    const stale = abstractFile(dir, 'bbb');
    writeFileSync(keep, 'kept');
    writeFileSync(stale, 'stale');
    expect(await pruneAbstractFiles(dir, new Set([keep]))).toBe(1);
    expect(readdirSync(dir)).toEqual(['aaa.json']);
    expect(existsSync(stale)).toBe(false);
    expect(await pruneAbstractFiles(join(cache, 'missing'), new Set())).toBe(0);
  });
});
