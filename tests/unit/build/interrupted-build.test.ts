import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  distrustedSince,
  forgetInterruptedPages,
  forgetPages,
  INCREMENTAL_MANIFEST,
  type IncrementalManifest,
  interruptedBuildStart,
  markBuildFinished,
} from '../../../src/lib/build/interrupted-build.ts';
import { markBuildStart } from '../../../src/lib/build/stale-outputs.ts';

let root = '';
const dist = () => join(root, 'dist');
const cache = () => join(root, 'cache');
const page = async (path: string, ageMs = 0) => {
  await mkdir(join(dist(), path, '..'), { recursive: true });
  await writeFile(join(dist(), path), 'x');
  if (ageMs > 0) await utimes(join(dist(), path), new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
};
/** A manifest as Astro writes it: routes, their paths, each with its key and output file. */
const manifest = (outputFiles: Record<string, string>) => ({
  version: 1,
  configHash: 'c',
  routes: {
    'src/pages/papers/[slug].astro': {
      dependencyHash: 'd',
      paths: Object.fromEntries(
        Object.entries(outputFiles).map(([path, outputFile]) => [path, { cacheKey: `key of ${path}`, outputFile }]),
      ),
    },
  },
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'interrupted-'));
  await mkdir(cache(), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('forgetPages', () => {
  it('drops the paths whose output the interrupted build wrote, and keeps everything else of the manifest', () => {
    const before = manifest({ '/papers/a/': 'papers/a/index.html', '/papers/b/': 'papers/b/index.html' });
    const { manifest: after, forgotten } = forgetPages(before, (file) => file === 'papers/b/index.html');
    expect(forgotten).toBe(1);
    expect(after).toEqual({
      ...before,
      routes: {
        'src/pages/papers/[slug].astro': {
          dependencyHash: 'd',
          paths: { '/papers/a/': { cacheKey: 'key of /papers/a/', outputFile: 'papers/a/index.html' } },
        },
      },
    });
  });

  it('drops a path that names no output file, which nothing can vouch for', () => {
    const odd: IncrementalManifest = { routes: { r: { paths: { '/x/': {} } } } };
    expect(forgetPages(odd, () => false).forgotten).toBe(1);
  });
});

describe('forgetInterruptedPages', () => {
  it('forgets the pages written since the interrupted build started, and those gone from dist/', async () => {
    await page('papers/old/index.html', 3_600_000);
    await page('papers/gone/index.html', 3_600_000);
    await page('papers/caf%C3%A9/index.html', 3_600_000);
    await rm(join(dist(), 'papers/gone/index.html'));
    const since = await markBuildStart(join(cache(), 'build-started'));
    await page('papers/rewritten/index.html');
    await writeFile(
      join(cache(), INCREMENTAL_MANIFEST),
      JSON.stringify(
        manifest({
          '/papers/old/': 'papers/old/index.html',
          '/papers/gone/': 'papers/gone/index.html',
          '/papers/rewritten/': 'papers/rewritten/index.html',
          // Astro records the output file URL-encoded; on disk it is the encoded name, decoded once.
          '/papers/café/': 'papers/caf%25C3%25A9/index.html',
        }),
      ),
    );
    expect(await forgetInterruptedPages(cache(), dist(), since)).toBe(2);
    const kept = JSON.parse(await readFile(join(cache(), INCREMENTAL_MANIFEST), 'utf8')) as ReturnType<typeof manifest>;
    expect(Object.keys(kept.routes['src/pages/papers/[slug].astro'].paths).sort()).toEqual([
      '/papers/café/',
      '/papers/old/',
    ]);
  });

  it('does nothing without a manifest, or with one Astro could not read either', async () => {
    expect(await forgetInterruptedPages(cache(), dist(), 0n)).toBe(0);
    await writeFile(join(cache(), INCREMENTAL_MANIFEST), '{"routes": ');
    expect(await forgetInterruptedPages(cache(), dist(), 0n)).toBe(0);
    expect(await readFile(join(cache(), INCREMENTAL_MANIFEST), 'utf8')).toBe('{"routes": ');
  });
});

describe('the start mark', () => {
  it('says a build was interrupted until the build finishes', async () => {
    const mark = join(cache(), 'build-started');
    expect(await interruptedBuildStart(mark)).toBeUndefined();
    const started = await markBuildStart(mark);
    expect(await interruptedBuildStart(mark)).toBe(started);
    await markBuildFinished(mark, join(cache(), 'build-output'), dist());
    expect(await interruptedBuildStart(mark)).toBeUndefined();
  });
});

describe('distrustedSince', () => {
  it('distrusts nothing after a finished build into the same folder, and every page after one into another', async () => {
    const mark = join(cache(), 'build-started');
    const output = join(cache(), 'build-output');
    expect(await distrustedSince(mark, output, dist())).toBeUndefined();
    const started = await markBuildStart(mark);
    expect(await distrustedSince(mark, output, dist())).toBe(started);
    await markBuildFinished(mark, output, dist());
    expect(await distrustedSince(mark, output, dist())).toBeUndefined();
    expect(await distrustedSince(mark, output, join(root, 'other-dist'))).toBe(0n);
  });
});
