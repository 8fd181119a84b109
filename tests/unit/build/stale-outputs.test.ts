import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, markBuildStart, removeFiles, staleFiles } from '../../../src/lib/build/stale-outputs.ts';

let root = '';
const write = async (path: string, body = 'x') => {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), body);
};
/** Dates a file an hour back: written by an earlier build. */
const age = (path: string) =>
  utimes(join(root, path), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stale-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('staleFiles', () => {
  it('lists files older than the start mark that the build did not keep, and nothing else', async () => {
    for (const path of [
      'papers/kept/index.html',
      'papers/gone/index.html',
      'papers/gone.bib',
      '_astro/old.css',
      'pagefind/x.pf_meta',
    ]) {
      await write(path);
      await age(path);
    }
    const mark = await markBuildStart(join(root, '..', `${root.split('/').at(-1)}-mark`, 'started'));
    await write('papers/new/index.html');
    await write('_astro/new.css');
    const stale = await staleFiles(root, mark, new Set(['papers/kept/index.html']), ['pagefind/']);
    expect(stale).toEqual(['_astro/old.css', 'papers/gone.bib', 'papers/gone/index.html']);
    await rm(join(root, '..', `${root.split('/').at(-1)}-mark`), { recursive: true, force: true });
  });

  it('treats a file written right after the mark as this build’s, whatever the clock’s granularity', async () => {
    const mark = await markBuildStart(join(root, 'mark'));
    await write('index.html');
    expect(await staleFiles(root, mark, new Set())).toEqual([]);
  });

  it('judges the files the caller listed, when given them, instead of listing the folder again', async () => {
    await write('papers/gone/index.html');
    await write('papers/unlisted/index.html');
    await age('papers/gone/index.html');
    await age('papers/unlisted/index.html');
    const mark = await markBuildStart(join(root, '.cache/build-started'));
    expect(await staleFiles(root, mark, new Set(), ['.cache/'], ['papers/gone/index.html'])).toEqual([
      'papers/gone/index.html',
    ]);
  });

  it('finds nothing in a folder that does not exist yet (a first build)', async () => {
    expect(await staleFiles(join(root, 'missing'), 0n, new Set())).toEqual([]);
  });
});

describe('filesUnder', () => {
  it('lists every file below a folder as a relative path, sorted by the caller', async () => {
    await write('favicon.svg');
    await write('icons/icon-192.png');
    await write('icons/deep/x.txt');
    expect((await filesUnder(root)).sort()).toEqual(['favicon.svg', 'icons/deep/x.txt', 'icons/icon-192.png']);
  });

  it('leaves out the top-level folders it is told to skip, and only those', async () => {
    await write('pagefind/shards/a/x.pf_index');
    await write('pagefind.txt');
    await write('papers/pagefind/index.html');
    expect((await filesUnder(root, ['pagefind'])).sort()).toEqual(['pagefind.txt', 'papers/pagefind/index.html']);
  });

  it('lists nothing for a folder that does not exist', async () => {
    expect(await filesUnder(join(root, 'missing'))).toEqual([]);
  });

  it('lists symbolic links as files without following them, so a linked folder is one entry', async () => {
    await write('target/inside.txt');
    await write('plain.txt');
    await symlink(join(root, 'target'), join(root, 'linked-folder'));
    await symlink(join(root, 'plain.txt'), join(root, 'linked-file'));
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    expect((await filesUnder(root)).sort()).toEqual([
      'dangling',
      'linked-file',
      'linked-folder',
      'plain.txt',
      'target/inside.txt',
    ]);
  });

  it('never lists nothing for a folder that exists while a folder inside it is renamed', async () => {
    // A build lists its output while the search index worker renames shard folders into place
    // (sharded-index.ts): a folder gone between being seen and being read must not read as "no
    // output at all", which wrote a service worker with no page and removed no stale file.
    await write('index.html');
    await write('pagefind/shards/.a.tmp/x.pf_index');
    const renamer = spawn(
      process.execPath,
      [
        '-e',
        `const { renameSync } = require('node:fs');
         const [a, b] = process.argv.slice(1);
         process.stdout.write('renaming\\n');
         for (;;) { try { renameSync(a, b); renameSync(b, a); } catch {} }`,
        join(root, 'pagefind/shards/.a.tmp'),
        join(root, 'pagefind/shards/a'),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      await new Promise((resolve) => renamer.stdout.once('data', resolve));
      const empty: number[] = [];
      for (let round = 0; round < 2000; round += 1) {
        const listed = await filesUnder(root).catch(() => undefined);
        if (listed !== undefined && !listed.includes('index.html')) empty.push(round);
      }
      expect(empty).toEqual([]);
    } finally {
      renamer.kill();
    }
  });

  it('fails, rather than listing nothing, when the folder cannot be listed', async () => {
    await write('not-a-folder');
    await expect(filesUnder(join(root, 'not-a-folder'))).rejects.toThrow(/Failed to list .*not-a-folder/);
  });
});

describe('removeFiles', () => {
  it('removes the files and the folders they leave empty, not the others', async () => {
    await write('papers/gone/index.html');
    await write('papers/kept/index.html');
    await write('papers/gone.bib');
    await removeFiles(root, ['papers/gone/index.html', 'papers/gone.bib']);
    expect(existsSync(join(root, 'papers/gone'))).toBe(false);
    expect(existsSync(join(root, 'papers/gone.bib'))).toBe(false);
    expect(existsSync(join(root, 'papers/kept/index.html'))).toBe(true);
    expect(existsSync(root)).toBe(true);
  });
});
