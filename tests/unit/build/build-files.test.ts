import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideBuildFiles, providedBuildFiles, writeChangedFiles } from '../../../src/lib/build/build-files.ts';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'build-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeChangedFiles', () => {
  it('writes new and changed files, leaves unchanged ones untouched, and lists all of them', async () => {
    const first = await writeChangedFiles(root, [
      ['papers/a.bib', '@article{a}\n'],
      ['papers/b.bib', '@article{b}\n'],
    ]);
    expect(first.written).toBe(2);
    const before = await stat(join(root, 'papers/a.bib'), { bigint: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await writeChangedFiles(root, [
      ['papers/a.bib', '@article{a}\n'],
      ['papers/b.bib', '@article{b, title={B}}\n'],
    ]);
    expect(second.written).toBe(1);
    expect([...second.paths].sort()).toEqual(['papers/a.bib', 'papers/b.bib']);
    expect((await stat(join(root, 'papers/a.bib'), { bigint: true })).mtimeNs).toBe(before.mtimeNs);
    expect(await readFile(join(root, 'papers/b.bib'), 'utf8')).toBe('@article{b, title={B}}\n');
  });

  it('replaces a changed file whole (a new file renamed over it) and leaves no temporary file', async () => {
    await writeChangedFiles(root, [
      ['papers/a.bib', '@article{a}\n'],
      ['papers/b.bib', '@article{b}\n'],
    ]);
    const before = await stat(join(root, 'papers/b.bib'));
    await writeChangedFiles(root, [
      ['papers/a.bib', '@article{a}\n'],
      ['papers/b.bib', '@article{b, title={B}}\n'],
    ]);
    // Truncating and writing in place would keep the inode, and a reader could see part of the text.
    expect((await stat(join(root, 'papers/b.bib'))).ino).not.toBe(before.ino);
    expect((await readdir(join(root, 'papers'))).sort()).toEqual(['a.bib', 'b.bib']);
  });

  it('fails on a path it cannot read, rather than taking it for a missing file', async () => {
    await mkdir(join(root, 'papers/a.bib'), { recursive: true });
    await expect(writeChangedFiles(root, [['papers/a.bib', '@article{a}\n']])).rejects.toThrow(/EISDIR/);
  });

  it('refuses two files at one path', async () => {
    await expect(
      writeChangedFiles(root, [
        ['papers/a.bib', 'one'],
        ['papers/a.bib', 'two'],
      ]),
    ).rejects.toThrow(/Two build files would be written to papers\/a\.bib/);
  });
});

describe('provideBuildFiles', () => {
  it('hands the files from one copy of the module to another through a process-wide key', () => {
    const files = () => [['x.bib', 'x'] as const];
    provideBuildFiles(files);
    expect(providedBuildFiles()).toBe(files);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('paper-archive.build-files')]).toBe(files);
  });
});
