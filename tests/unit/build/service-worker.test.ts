import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Workbox's real bundling takes seconds (Babel, Terser); a stand-in writes a worker with its
// manifest where Workbox puts it, and records whether the module was loaded at all.
const workbox = { loaded: 0, bundled: 0 };
/** Where each bundle was written. */
const destinations: string[] = [];

/** service-worker.ts as a process that has not loaded it yet would: a fresh copy, workbox-build not loaded. */
async function freshModule() {
  vi.resetModules();
  workbox.loaded = 0;
  workbox.bundled = 0;
  destinations.length = 0;
  vi.doMock('workbox-build', () => {
    workbox.loaded += 1;
    return {
      generateSW: async (options: { swDest: string; additionalManifestEntries: { url: string }[] }) => {
        workbox.bundled += 1;
        destinations.push(options.swDest);
        const entries = options.additionalManifestEntries.map(
          ({ url }) => `{url:${JSON.stringify(url)},revision:null}`,
        );
        await writeFile(options.swDest, `precache([${entries.join(',')}]);\n`);
        return { warnings: [] };
      },
    };
  });
  return import('../../../src/lib/build/service-worker.ts');
}

let root = '';
let dist = '';
const write = async (path: string, body: string) => {
  await mkdir(dirname(join(dist, path)), { recursive: true });
  await writeFile(join(dist, path), body);
};
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'service-worker-'));
  dist = join(root, 'dist');
  await write('index.html', '<h1>home</h1>');
  await write('search/index.html', '<h1>search</h1>');
  await write('404.html', '<h1>not found</h1>');
  await write('_astro/app.1a2b3c.css', 'body{}');
  await write('pagefind/pagefind.js', 'export {}');
  await write('pagefind/fragment/en_1.pf_fragment', 'fragment');
  await write('papers/a/index.html', '<h1>paper a</h1>');
  // Never precached: the .bib, a feed, the previous build's worker, a link.
  await write('papers/a.bib', '@article{a}\n');
  await write('feed.xml', '<rss/>');
  await write('sw.js', 'old worker');
  await symlink(join(dist, '_astro/app.1a2b3c.css'), join(dist, 'linked.css'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeServiceWorker', () => {
  it('precaches the shell and the index in URL order, with Workbox revisions, and pages only within the budget', async () => {
    const { writeServiceWorker, workerActivation } = await freshModule();
    const shell = [
      `{url:"404.html",revision:"${md5('<h1>not found</h1>')}"}`,
      `{url:"_astro/app.1a2b3c.css",revision:null}`,
      `{url:"index.html",revision:"${md5('<h1>home</h1>')}"}`,
      `{url:"pagefind/fragment/en_1.pf_fragment",revision:null}`,
      `{url:"pagefind/pagefind.js",revision:"${md5('export {}')}"}`,
    ];
    const page = `{url:"papers/a/index.html",revision:"${md5('<h1>paper a</h1>')}"}`;
    const search = `{url:"search/index.html",revision:"${md5('<h1>search</h1>')}"}`;

    const all = await writeServiceWorker(dist, 1024 * 1024, '/');
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(
      `precache([${[...shell, page, search].join(',')}]);\n${workerActivation('/')}`,
    );
    expect(all.plan.allPages).toBe(true);
    expect(all.plan.counts).toEqual({ shell: 4, search: 2, pages: 1 });

    // The shell and index take 69 bytes: a budget of 75 leaves no room for the 16-byte page.
    const some = await writeServiceWorker(dist, 75, '/');
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(
      `precache([${[...shell, search].join(',')}]);\n${workerActivation('/')}`,
    );
    expect(some.plan.allPages).toBe(false);
    expect(some.plan.bytes.pages).toBe('<h1>paper a</h1>'.length);
  });

  it('precaches the files the caller listed, when given them, instead of listing dist/ again', async () => {
    const { writeServiceWorker, workerActivation } = await freshModule();
    await writeServiceWorker(dist, 1024 * 1024, '/', undefined, ['index.html', 'papers/a.bib', 'search/index.html']);
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(
      `precache([{url:"index.html",revision:"${md5('<h1>home</h1>')}"},{url:"search/index.html",revision:"${md5('<h1>search</h1>')}"}]);\n${workerActivation('/')}`,
    );
  });

  it('reuses the kept bundle without loading Workbox, and writes the same worker', async () => {
    const cacheFile = join(root, 'cache', 'service-worker.json');
    const first = await freshModule();
    await first.writeServiceWorker(dist, 1024 * 1024, '/', cacheFile);
    expect(workbox).toEqual({ loaded: 1, bundled: 1 });
    const worker = await readFile(join(dist, 'sw.js'), 'utf8');

    const second = await freshModule();
    await second.writeServiceWorker(dist, 1024 * 1024, '/', cacheFile);
    expect(workbox).toEqual({ loaded: 0, bundled: 0 });
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(worker);
    // Written whole, then renamed: nothing but the kept bundle is left in the cache folder.
    expect(await readdir(dirname(cacheFile))).toEqual(['service-worker.json']);
  });

  it('takes a worker bundled beforehand, which Workbox bundles in a folder of its own, not in dist/', async () => {
    const { bundleServiceWorker, writeServiceWorker } = await freshModule();
    await writeServiceWorker(dist, 1024 * 1024, '/');
    const worker = await readFile(join(dist, 'sw.js'), 'utf8');
    await writeFile(join(dist, 'sw.js'), 'old worker');

    const bundling = bundleServiceWorker('/');
    await bundling;
    expect(workbox.bundled).toBe(2);
    const scratch = dirname(destinations.at(-1) ?? dist);
    expect(relative(dist, scratch).startsWith('..')).toBe(true);
    expect(existsSync(scratch)).toBe(false);
    // dist/ is not touched until the worker is written with its manifest.
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe('old worker');

    await writeServiceWorker(dist, 1024 * 1024, '/', undefined, undefined, bundling);
    expect(workbox.bundled).toBe(2);
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(worker);
  });

  it('bundles again when the kept bundle is damaged', async () => {
    const cacheFile = join(root, 'cache', 'service-worker.json');
    const first = await freshModule();
    await first.writeServiceWorker(dist, 1024 * 1024, '/', cacheFile);
    const worker = await readFile(join(dist, 'sw.js'), 'utf8');
    await writeFile(cacheFile, '{"key": "trunc');

    const second = await freshModule();
    await second.writeServiceWorker(dist, 1024 * 1024, '/', cacheFile);
    expect(workbox).toEqual({ loaded: 1, bundled: 1 });
    expect(await readFile(join(dist, 'sw.js'), 'utf8')).toBe(worker);
  });

  it("clears this site's pages kept as visited when a new build's worker takes over, and no other site's", async () => {
    const { writeServiceWorker } = await freshModule();
    await writeServiceWorker(dist, 75, '/paper-archive/');
    const code = await readFile(join(dist, 'sw.js'), 'utf8');
    // The worker run as a browser runs it: its activate listeners, then what they wait for.
    const listeners: Record<string, ((event: { waitUntil(work: Promise<unknown>): void }) => void)[]> = {};
    const stored = new Set(['paper-archive-pages:/paper-archive/', 'paper-archive-pages:/other/', 'keep']);
    const worker = {
      addEventListener: (type: string, listener: (event: { waitUntil(work: Promise<unknown>): void }) => void) =>
        (listeners[type] ??= []).push(listener),
    };
    const cacheStorage = { delete: async (name: string) => stored.delete(name) };
    new Function('self', 'caches', 'precache', code)(worker, cacheStorage, () => undefined);
    expect(stored.has('paper-archive-pages:/paper-archive/')).toBe(true);
    const work: Promise<unknown>[] = [];
    for (const listener of listeners['activate'] ?? []) listener({ waitUntil: (promise) => work.push(promise) });
    await Promise.all(work);
    expect([...stored]).toEqual(['paper-archive-pages:/other/', 'keep']);
  });
});
