import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { GenerateSWOptions } from 'workbox-build';
import writeFileAtomic from 'write-file-atomic';
import { filesUnder } from './stale-outputs.ts';
import {
  planPrecache,
  precacheGroup,
  type PrecacheCandidate,
  type PrecachePlan,
} from '../search/build/search-precache.ts';

/**
 * The offline service worker, `<dist>/sw.js` (Workbox): precaches the app shell, the search index
 * and, within the budget, every page. Written at the end of every build by the archive integration
 * (src/integrations/archive-build.ts) and by `scripts/postbuild.ts`.
 */

/** Workbox's options for the worker, less where it bundles (a folder of `bundledWorker`'s own). */
type WorkerOptions = Omit<GenerateSWOptions, 'globDirectory' | 'swDest'>;

/**
 * The worker Workbox bundles for `options` (with the placeholder manifest): Babel and Terser take
 * about 3 s whatever the archive, so the bundle is kept in `cacheFile` and reused while Workbox's
 * version and the options are the same.
 */
async function bundledWorker(options: WorkerOptions, cacheFile: string | undefined): Promise<BundledWorker> {
  const key = createHash('sha256')
    .update(WORKBOX_VERSION)
    .update(
      JSON.stringify(options, (_name, value: unknown) =>
        typeof value === 'function' || value instanceof RegExp ? String(value) : value,
      ),
    )
    .digest('hex');
  if (cacheFile !== undefined) {
    try {
      const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { key: string; code: string; warnings: string[] };
      if (cached.key === key) return cached;
    } catch {
      // No bundle kept yet, or an unreadable one: bundle again.
    }
  }
  // Loaded only when the kept bundle cannot be used: its module graph alone takes about 0.6 s.
  const { generateSW } = await import('workbox-build');
  // Workbox writes what it bundles to a file: a folder of its own, never dist/. (It applies
  // additionalManifestEntries only when it has a glob directory, so it gets one with no patterns.)
  const scratch = await mkdtemp(join(tmpdir(), 'paper-archive-sw-'));
  let bundled: BundledWorker;
  try {
    const swDest = join(scratch, 'sw.js');
    const { warnings } = await generateSW({ ...options, globDirectory: scratch, swDest });
    bundled = { code: await readFile(swDest, 'utf8'), warnings };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (cacheFile !== undefined) {
    await mkdir(dirname(cacheFile), { recursive: true });
    await writeFileAtomic(cacheFile, JSON.stringify({ key, ...bundled }), { fsync: false });
  }
  return bundled;
}

/** Content-hashed names (a search shard's folder is named by a digest of its pages): the URL is the revision. */
const CONTENT_HASHED = /^(?:_astro\/|pagefind\/shards\/|pagefind\/(?:fragment|index|filter)\/)/;
/** Workbox's version (part of the kept bundle's key). */
const WORKBOX_VERSION = (
  JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.resolve('workbox-build'))), '..', 'package.json'), 'utf8'),
  ) as { version: string }
).version;
/** Stands in for the precache manifest while Workbox bundles the worker. */
const MANIFEST_PLACEHOLDER = '__paper_archive_precache_manifest__';
/** Files open at once: enough to keep the disk busy, few enough for any file-handle limit. */
const openFiles = pLimit(64);

/**
 * Every file of the built site the precache plan counts, with its size, in a stable order (URLs
 * relative to the site root). Feeds, `.bib` files and the like never go into the worker, so their
 * sizes are not read: that is 10,000 of the 24,000 files at 10,000 papers. Sizes are read
 * synchronously: for this many small files that is about four times faster than through the
 * thread pool, and nothing else runs at the end of a build.
 */
async function builtFiles(dist: string, listed: readonly string[] | undefined): Promise<PrecacheCandidate[]> {
  const files: PrecacheCandidate[] = [];
  for (const url of [...(listed ?? (await filesUnder(dist)))].sort()) {
    if (precacheGroup(url) === 'none') continue;
    const stats = lstatSync(join(dist, url));
    // A symbolic link is not a built file (nor was it when this listed dist/ with readdir).
    if (stats.isFile()) files.push({ url, size: stats.size });
  }
  return files;
}

/** The worker as Workbox bundles it, with a placeholder where the precache manifest goes. */
export interface BundledWorker {
  code: string;
  warnings: string[];
}

/**
 * The site's worker, bundled by Workbox (or kept from an earlier build; see bundledWorker). It needs
 * no built file, so a build starts it while the search index is still being written
 * (src/integrations/archive-build.ts): Workbox's 3 s of bundling then runs beside Pagefind instead
 * of after it.
 */
export async function bundleServiceWorker(base: string, cacheFile?: string): Promise<BundledWorker> {
  return bundledWorker(workerOptions(base), cacheFile);
}

/** The cache of pages kept as they are visited (those not precached), one per base path. */
export function pagesCacheName(base: string): string {
  return `paper-archive-pages:${base}`;
}

/**
 * Code run by the worker when it takes over from an older build's (after Workbox's own): the pages
 * kept as they were visited belong to that build and go with it, as its precache does. Kept, they
 * would be served offline after the new build took over: a paper since deleted or renamed, an old
 * abstract next to the new search index, a page whose styles and math fonts (content-hashed, the
 * old build's) are no longer stored. Only this site's cache: another site on the same origin (under
 * another base path) keeps its own.
 */
export function workerActivation(base: string): string {
  return `self.addEventListener("activate",e=>{e.waitUntil(caches.delete(${JSON.stringify(pagesCacheName(base))}))});\n`;
}

/** Workbox's options for the worker of a site served under `base`. */
function workerOptions(base: string): WorkerOptions {
  return {
    // The manifest is ours and goes in after bundling: Workbox runs Babel and Terser over the worker
    // with its manifest inside, which takes 6 s for the 10,000 entries of a 10,000-paper archive and a
    // minute at 100,000. It bundles one placeholder entry instead, which writeServiceWorker replaces.
    globPatterns: [],
    additionalManifestEntries: [{ url: MANIFEST_PLACEHOLDER, revision: null }],
    // /search/?q=x is the search page; Pagefind's pagefind-entry.json?ts=... is the entry file.
    ignoreURLParametersMatching: [/.*/],
    directoryIndex: 'index.html',
    cleanupOutdatedCaches: true,
    // A new build waits until every tab of the old one is closed (or the reader accepts the reload
    // offer): pages and index are never switched under a reader mid-visit.
    skipWaiting: false,
    clientsClaim: false,
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
    runtimeCaching: [
      {
        // Pages not precached (over the budget, or feeds opened in the browser): the network when
        // there is one, the copy from the last visit when not, and the search page when neither.
        urlPattern: ({ request, sameOrigin }) => sameOrigin && request.mode === 'navigate',
        handler: 'NetworkFirst',
        options: {
          cacheName: pagesCacheName(base),
          networkTimeoutSeconds: 5,
          expiration: { maxEntries: 2000, purgeOnQuotaError: true },
          // Before the fallback (Workbox adds the plugins in the order of these keys, and the first
          // to answer an error wins): a page asked for without its slash (/papers/x) matches no
          // stored copy, which is kept as /papers/x/. Hosts redirect it; with no network the worker
          // does, and the page then comes from what was stored. A file name (feed.xml) is no folder.
          plugins: [
            {
              handlerDidError: ({ request }) => {
                const url = new URL(request.url);
                if (url.pathname.endsWith('/') || /\.[^/]*$/.test(url.pathname)) return Promise.resolve(undefined);
                url.pathname += '/';
                return Promise.resolve(Response.redirect(url.href, 301));
              },
            },
          ],
          precacheFallback: { fallbackURL: 'search/index.html' },
        },
      },
    ],
  };
}

/**
 * Writes `<dist>/sw.js`; returns the precache plan it used. The plan is made from file sizes first
 * and only the files it keeps are hashed (Workbox's own glob would hash all of dist/: at 10,000
 * papers that is 200 MB of pages read for nothing when they are over the budget). `listed` is every
 * file under `dist` (as `filesUnder` gives them) when the caller knows them: listing dist/ again
 * costs 0.2 s at 10,000 papers. `bundling` is the worker from `bundleServiceWorker` when the caller
 * started it earlier.
 */
export async function writeServiceWorker(
  dist: string,
  budget: number,
  base: string,
  cacheFile?: string,
  listed?: readonly string[],
  bundling?: Promise<BundledWorker>,
): Promise<{ plan: PrecachePlan<PrecacheCandidate>; warnings: string[] }> {
  const plan = planPrecache(await builtFiles(dist, listed), budget);
  // Revisions as Workbox computes them (MD5 of the content), so an unchanged file is not fetched again.
  const manifest = await openFiles.map(plan.precache, async ({ url }) => ({
    url,
    revision: CONTENT_HASHED.test(url)
      ? null
      : createHash('md5')
          .update(await readFile(join(dist, url)))
          .digest('hex'),
  }));
  const bundled = await (bundling ?? bundleServiceWorker(base, cacheFile));
  const swPath = join(dist, 'sw.js');
  const placeholder = `[{url:${JSON.stringify(MANIFEST_PLACEHOLDER)},revision:null}]`;
  const at = bundled.code.indexOf(placeholder);
  if (at < 0 || bundled.code.indexOf(placeholder, at + 1) >= 0) {
    throw new Error(
      `Workbox wrote ${swPath} without exactly one precache manifest placeholder: has its output changed?`,
    );
  }
  // Written as Workbox writes it (unquoted keys): 6% smaller than JSON at 10,000 entries.
  const entries = manifest.map(
    ({ url, revision }) => `{url:${JSON.stringify(url)},revision:${JSON.stringify(revision)}}`,
  );
  const code = `${bundled.code.slice(0, at)}[${entries.join(',')}]${bundled.code.slice(at + placeholder.length)}`;
  await writeFile(swPath, `${code}${code.endsWith('\n') ? '' : '\n'}${workerActivation(base)}`);
  return { plan, warnings: [...plan.warnings, ...bundled.warnings] };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** One line saying what the worker precaches, for the build log. */
export function precacheSummary(plan: PrecachePlan<PrecacheCandidate>, workerBytes: number): string {
  return (
    `sw.js (${kb(workerBytes)}) precaches ${plan.precache.length} files: ` +
    `shell ${plan.counts.shell} (${kb(plan.bytes.shell)}), search index ${plan.counts.search} (${kb(plan.bytes.search)}), ` +
    (plan.allPages
      ? `all ${plan.counts.pages} pages (${kb(plan.bytes.pages)})`
      : `no pages (${plan.counts.pages} pages, ${kb(plan.bytes.pages)}, over the budget: cached as visited)`) +
    `; budget ${kb(plan.budget)}`
  );
}
