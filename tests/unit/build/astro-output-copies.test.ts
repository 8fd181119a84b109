/**
 * The patch to Astro's incremental build (.config/patches/astro+*.patch): the copy Astro keeps of
 * each page it renders, to restore an output folder that is gone, is a hard link to the page just
 * written rather than a second write of the same bytes, and a written copy where no link can be made;
 * the copies are files of one folder, not a folder per page.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

/** Where the copy of the page `file` is kept: its path escaped into one name, in one folder. */
const copyOf = (file: string) => join(root, 'cache/pages', file.replaceAll('%', '%25').replaceAll('/', '%2F'));

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

  it('keeps every copy in one folder, named by its path, a page with a long path under a digest', async () => {
    const files = ['papers/a/index.html', 'papers/a%2Fb/index.html', 'topics/a/2/index.html', 'papers.json'];
    const long = `papers/${'x'.repeat(250)}/index.html`;
    for (const file of [...files, long]) {
      await cache.writeOutputFile(settings, file, `<p>${file}</p>`, await writePage(file, `<p>${file}</p>`));
    }
    const names = await readdir(join(root, 'cache/pages'), { withFileTypes: true });
    expect(names.every((entry) => entry.isFile())).toBe(true);
    expect(names).toHaveLength(files.length + 1);
    // Two paths never share a name: "/" and an escaped "%2F" stay apart.
    for (const file of files) expect(await readFile(copyOf(file), 'utf8')).toBe(`<p>${file}</p>`);
    const digest = names.map((entry) => entry.name).find((name) => name.startsWith('%%'));
    expect(digest).toMatch(/^%%[0-9a-f]{64}$/);
    await rm(join(root, 'dist'), { recursive: true });
    const page = pathToFileURL(join(root, 'dist', long));
    expect(await cache.restoreOutputFile(settings, long, page)).toBe(true);
    expect(await readFile(page, 'utf8')).toBe(`<p>${long}</p>`);
  });

  it('removes the folder tree earlier builds kept the copies in once it writes its manifest', async () => {
    await mkdir(join(root, 'cache/dist/papers/old'), { recursive: true });
    await writeFile(join(root, 'cache/dist/papers/old/index.html'), '<p>old</p>');
    cache.writeManifest(settings);
    await expect(stat(join(root, 'cache/dist'))).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(join(root, 'cache/incremental-build.json'), 'utf8'))).toHaveProperty('version');
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
