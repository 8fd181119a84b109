/**
 * The patch to Astro's incremental build (.config/patches/astro+*.patch): the copy Astro keeps of
 * each page it renders, to restore an output folder that is gone, is a hard link to the page just
 * written rather than a second write of the same bytes, and a written copy where no link can be made.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AstroSettings } from '../../../node_modules/astro/dist/types/astro.js';
import { IncrementalBuildCache } from '../../../node_modules/astro/dist/core/build/incremental.js';

let root = '';
let settings: AstroSettings;
let cache: IncrementalBuildCache;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'astro-copies-'));
  // Only `config.cacheDir` is read to place the copies.
  settings = { config: { cacheDir: pathToFileURL(join(root, 'cache/')) } } as unknown as AstroSettings;
  cache = new IncrementalBuildCache('config', 'lockfile', 'keys');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes the page `file` under root/dist as Astro does, and returns its URL. */
async function writePage(file: string, body: string): Promise<URL> {
  const path = join(root, 'dist', file);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, body);
  return pathToFileURL(path);
}

const copyOf = (file: string) => join(root, 'cache/dist', file);

describe("Astro's kept copy of a rendered page", () => {
  it('is the page itself, linked, and follows the page when it is written again', async () => {
    const page = await writePage('papers/a/index.html', '<p>first</p>');
    await cache.writeOutputFile(settings, 'papers/a/index.html', '<p>first</p>', page);
    const [written, kept] = await Promise.all([stat(page), stat(copyOf('papers/a/index.html'))]);
    expect(kept.ino).toBe(written.ino);
    expect(kept.nlink).toBe(2);

    // Rendered again into a file of its own (as a page restored by copying is): linked anew.
    await rm(page);
    const again = await writePage('papers/a/index.html', '<p>second</p>');
    await cache.writeOutputFile(settings, 'papers/a/index.html', '<p>second</p>', again);
    expect((await stat(copyOf('papers/a/index.html'))).ino).toBe((await stat(again)).ino);
    expect(await readFile(copyOf('papers/a/index.html'), 'utf8')).toBe('<p>second</p>');
  });

  it('is written out where the page cannot be linked', async () => {
    // No file to link to (as across file systems, where a link fails too): the body is written.
    const missing = pathToFileURL(join(root, 'elsewhere/papers/b/index.html'));
    await cache.writeOutputFile(settings, 'papers/b/index.html', '<p>b</p>', missing);
    expect(await readFile(copyOf('papers/b/index.html'), 'utf8')).toBe('<p>b</p>');
    expect((await stat(copyOf('papers/b/index.html'))).nlink).toBe(1);
  });

  it('is restored as a file of its own, so a page written in place later leaves the copy alone', async () => {
    const page = await writePage('papers/c/index.html', '<p>kept</p>');
    await cache.writeOutputFile(settings, 'papers/c/index.html', '<p>kept</p>', page);
    await rm(join(root, 'dist'), { recursive: true });
    expect(await cache.restoreOutputFile(settings, 'papers/c/index.html', page)).toBe(true);
    await writeFile(page, '<p>edited in place</p>');
    expect(await readFile(copyOf('papers/c/index.html'), 'utf8')).toBe('<p>kept</p>');
  });
});
