#!/usr/bin/env node
/**
 * The step `npm run build` runs after `astro build`: the Pagefind search index over the built
 * paper pages, then the offline service worker (Workbox) that precaches the app shell, the index
 * and, within the budget, every page.
 *
 * Exit codes: 0 built; 1 indexing or service-worker generation failed; 2 usage error (bad option,
 * no built site).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import * as pagefind from 'pagefind';
import { generateSW } from 'workbox-build';
import {
  DEFAULT_PRECACHE_BUDGET,
  planPrecache,
  type PrecacheCandidate,
  type PrecachePlan,
} from '../src/lib/search-precache.ts';
import { SITE } from '../src/site.config.ts';

const HELP = `Usage: node scripts/postbuild.ts [options]

Runs after astro build (npm run build does both). Indexes the paper pages of the built site with
Pagefind into <dist>/pagefind/, then writes the service worker <dist>/sw.js, which precaches the
app shell, the search index and, if everything fits in the budget, every page (else pages are
cached as visited). Only pages marked data-pagefind-body (paper pages) are indexed.

Options:
  --dist DIR                the built site (default: $ARCHIVE_OUT_DIR or dist)
  --precache-budget MB      bytes the service worker may precache (default: $ARCHIVE_PRECACHE_BUDGET_MB or ${DEFAULT_PRECACHE_BUDGET / 1024 / 1024})
  -h, --help                print this help

Environment:
  BASE_PATH                 the base path the site was built with (names the runtime cache)

Exit codes:
  0  index and service worker written
  1  indexing or service-worker generation failed
  2  usage error: unknown option, bad budget, no built site at DIR`;

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** Whether any page under papers/ is a paper page (marked data-pagefind-body). */
async function hasPaperPages(dist: string): Promise<boolean> {
  const dir = join(dist, 'papers');
  const names = existsSync(dir) ? await readdir(dir) : [];
  for (const name of names) {
    const file = join(dir, name, 'index.html');
    if (existsSync(file) && (await readFile(file, 'utf8')).includes('data-pagefind-body')) return true;
  }
  return false;
}

/** Runs Pagefind over the paper pages; returns how many pages it indexed. */
export async function indexSite(dist: string): Promise<number> {
  const output = join(dist, 'pagefind');
  // A second run must not leave the previous run's chunks behind (they would be precached too).
  await rm(output, { recursive: true, force: true });
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: SITE.language });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    // Paper pages only: they carry data-pagefind-body; list pages repeat their titles. With no
    // paper at all Pagefind would index whole list pages instead, so the index stays empty.
    if (await hasPaperPages(dist)) {
      const added = await index.addDirectory({ path: dist, glob: 'papers/*/index.html' });
      if (added.errors.length > 0) throw new Error(`Pagefind failed to index ${dist}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write ${output}: ${written.errors.join('; ')}`);
    // addDirectory counts every file it read; the entry file counts the pages actually indexed.
    const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  } finally {
    await pagefind.close();
  }
}

/** Content-hashed names: the URL is the revision, so they need no hash of their own. */
const CONTENT_HASHED = /^(?:_astro\/|pagefind\/(?:fragment|index|filter)\/)/;
/** Stands in for the precache manifest while Workbox bundles the worker. */
const MANIFEST_PLACEHOLDER = '__paper_archive_precache_manifest__';
/** Files open at once: enough to keep the disk busy, few enough for any file-handle limit. */
const openFiles = pLimit(64);

/** Every file of the built site with its size, in a stable order (URLs relative to the site root). */
async function builtFiles(dist: string): Promise<PrecacheCandidate[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  const urls = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  return openFiles.map(urls, async (url) => ({ url, size: (await stat(join(dist, url))).size }));
}

/**
 * Writes `<dist>/sw.js`; returns the precache plan it used. The plan is made from file sizes first
 * and only the files it keeps are hashed (Workbox's own glob would hash all of dist/: at 10,000
 * papers that is 200 MB of pages read for nothing when they are over the budget).
 */
export async function writeServiceWorker(
  dist: string,
  budget: number,
  base: string,
): Promise<{ plan: PrecachePlan<PrecacheCandidate>; warnings: string[] }> {
  const plan = planPrecache(await builtFiles(dist), budget);
  // Revisions as Workbox computes them (MD5 of the content), so an unchanged file is not fetched again.
  const manifest = await openFiles.map(plan.precache, async ({ url }) => ({
    url,
    revision: CONTENT_HASHED.test(url)
      ? null
      : createHash('md5')
          .update(await readFile(join(dist, url)))
          .digest('hex'),
  }));
  const result = await generateSW({
    // The manifest is ours and goes in after bundling: Workbox runs Babel and Terser over the worker
    // with its manifest inside, which takes 6 s for the 10,000 entries of a 10,000-paper archive and a
    // minute at 100,000. It bundles one placeholder entry instead, replaced below. (Workbox applies
    // additionalManifestEntries only when it has a glob directory, so it gets one with no patterns.)
    globDirectory: dist,
    globPatterns: [],
    additionalManifestEntries: [{ url: MANIFEST_PLACEHOLDER, revision: null }],
    swDest: join(dist, 'sw.js'),
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
          cacheName: `paper-archive-pages:${base}`,
          networkTimeoutSeconds: 5,
          expiration: { maxEntries: 2000, purgeOnQuotaError: true },
          precacheFallback: { fallbackURL: 'search/index.html' },
        },
      },
    ],
  });
  const swPath = join(dist, 'sw.js');
  const bundled = await readFile(swPath, 'utf8');
  const placeholder = `[{url:${JSON.stringify(MANIFEST_PLACEHOLDER)},revision:null}]`;
  const at = bundled.indexOf(placeholder);
  if (at < 0 || bundled.indexOf(placeholder, at + 1) >= 0) {
    throw new Error(
      `Workbox wrote ${swPath} without exactly one precache manifest placeholder: has its output changed?`,
    );
  }
  // Written as Workbox writes it (unquoted keys): 6% smaller than JSON at 10,000 entries.
  const entries = manifest.map(
    ({ url, revision }) => `{url:${JSON.stringify(url)},revision:${JSON.stringify(revision)}}`,
  );
  await writeFile(swPath, `${bundled.slice(0, at)}[${entries.join(',')}]${bundled.slice(at + placeholder.length)}`);
  return { plan, warnings: [...plan.warnings, ...result.warnings] };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        dist: { type: 'string' },
        'precache-budget': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`postbuild: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  const dist = resolve(args.values.dist ?? process.env['ARCHIVE_OUT_DIR'] ?? 'dist');
  const budgetText = args.values['precache-budget'] ?? process.env['ARCHIVE_PRECACHE_BUDGET_MB'];
  const budgetMb = budgetText === undefined ? DEFAULT_PRECACHE_BUDGET / 1024 / 1024 : Number(budgetText);
  if (!Number.isFinite(budgetMb) || budgetMb < 0) {
    console.error(`postbuild: --precache-budget must be a number of megabytes, got "${budgetText ?? ''}"`);
    return 2;
  }
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`postbuild: no built site at ${dist} (no index.html): run astro build first`);
    return 2;
  }
  const base = `/${SITE.base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  try {
    let started = performance.now();
    const pages = await indexSite(dist);
    console.log(`postbuild: Pagefind indexed ${pages} paper pages in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    const { plan, warnings } = await writeServiceWorker(dist, Math.round(budgetMb * 1024 * 1024), base);
    for (const warning of warnings) console.warn(`postbuild: warning: ${warning}`);
    const sw = await stat(join(dist, 'sw.js'));
    console.log(
      `postbuild: service worker sw.js (${kb(sw.size)}) in ${Math.round(performance.now() - started)} ms precaches ${plan.precache.length} files: ` +
        `shell ${plan.counts.shell} (${kb(plan.bytes.shell)}), search index ${plan.counts.search} (${kb(plan.bytes.search)}), ` +
        (plan.allPages
          ? `all ${plan.counts.pages} pages (${kb(plan.bytes.pages)})`
          : `no pages (${plan.counts.pages} pages, ${kb(plan.bytes.pages)}, over the budget: cached as visited)`) +
        `; budget ${kb(plan.budget)}`,
    );
    return 0;
  } catch (error) {
    console.error(`postbuild: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause) console.error(`  caused by: ${String(error.cause)}`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
