import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SetAside } from '../../../bench/set-aside.ts';

function folderWithFiles(parent: string, name: string, files: number): string {
  const folder = join(parent, name);
  mkdirSync(join(folder, 'sub'), { recursive: true });
  for (let i = 0; i < files; i += 1) writeFileSync(join(folder, 'sub', `f${i}.html`), `page ${i}`);
  return folder;
}

describe('SetAside', () => {
  it('moves a folder away whole, frees nothing until emptied, then deletes it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'set-aside-'));
    const folder = folderWithFiles(parent, '10000', 5);
    const inode = statSync(join(folder, 'sub', 'f3.html')).ino;
    const aside = new SetAside(join(parent, '.set-aside'));

    await aside.put(folder);
    expect(existsSync(folder)).toBe(false);
    const [moved] = readdirSync(join(parent, '.set-aside'));
    expect(moved).toMatch(/-10000$/);
    // The same file, renamed with its folder: not a copy, and not deleted.
    const kept = join(parent, '.set-aside', moved ?? '', 'sub', 'f3.html');
    expect(statSync(kept).ino).toBe(inode);
    expect(readFileSync(kept, 'utf8')).toBe('page 3');

    await aside.empty();
    expect(existsSync(join(parent, '.set-aside'))).toBe(false);
  });

  it('takes the same name twice, and a path that is not there, without complaint', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'set-aside-'));
    const aside = new SetAside(join(parent, '.set-aside'));
    await aside.put(folderWithFiles(parent, 'dist', 1));
    await aside.put(folderWithFiles(parent, 'dist', 2));
    await aside.put(join(parent, 'never-built'));
    expect(readdirSync(join(parent, '.set-aside'))).toHaveLength(2);
    await aside.empty();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('empties what an earlier run left set aside', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'set-aside-'));
    await new SetAside(join(parent, '.set-aside')).put(folderWithFiles(parent, '100000', 1));
    await new SetAside(join(parent, '.set-aside')).empty();
    expect(existsSync(join(parent, '.set-aside'))).toBe(false);
  });

  it('says which folder it could not set aside, and why', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'set-aside-'));
    const dist = folderWithFiles(parent, 'dist', 1);
    // The set-aside folder cannot be made inside a file.
    writeFileSync(join(parent, 'a-file'), '');
    await expect(new SetAside(join(parent, 'a-file', 'inside')).put(dist)).rejects.toThrow(
      /^Failed to set .*\/dist aside in .*a-file\/inside$/,
    );
    // Nor can a folder be moved into itself; either way it stays where it was.
    await expect(new SetAside(join(dist, 'sub')).put(dist)).rejects.toMatchObject({ cause: { code: 'EINVAL' } });
    expect(readFileSync(join(dist, 'sub', 'f0.html'), 'utf8')).toBe('page 0');
  });
});
