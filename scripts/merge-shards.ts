#!/usr/bin/env node
/**
 * npm run merge: combines the output folders of a sliced build (`npm run build -- --shard i/N`, one
 * per slice, see src/lib/build/build-shard.ts) into one site, then indexes it: the merged sitemap, the
 * Pagefind index and the service worker, the same functions `astro build` runs at its end. The
 * result is the site one build would have written, file for file.
 *
 * Exit codes: 0 merged; 1 the slices disagree (a file two slices both wrote differs) or indexing
 * failed; 2 usage error (bad option, a slice folder that is not a built slice, a slice missing or
 * given twice).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { precacheBudgetFromEnv } from '../src/integrations/archive-build.ts';
import { precacheSummary, writeServiceWorker } from '../src/lib/build/service-worker.ts';
import { indexShards } from '../src/lib/search/build/sharded-index.ts';
import { mergeSitemaps, type SitemapFiles } from '../src/lib/build/sitemap-merge.ts';
import { parseSliceRecord, SLICE_RECORD, sliceSetProblems, type BuildShard } from '../src/lib/build/build-shard.ts';
import { joinBase } from '../src/lib/site/url.ts';
import { SITE } from '../src/site.config.ts';

const HELP = `Usage: npm run merge -- --out DIR SLICE_DIR...

Merges the output folders of a sliced build (npm run build -- --shard i/N, each with its own
ARCHIVE_OUT_DIR) into DIR, which is emptied first, then writes the merged sitemap, the Pagefind
index and the service worker. Build every slice with the same BASE_PATH and SITE_URL, and run
the merge with them too.

Options:
  --out DIR        the merged site (default: $ARCHIVE_OUT_DIR or dist)
  -h, --help       print this help

Environment:
  BASE_PATH, SITE_URL          as the slices were built with
  ARCHIVE_PRECACHE_BUDGET_MB   bytes the service worker may precache (default 25)

Exit codes:
  0  merged and indexed
  1  two slices wrote different content to one file, or indexing failed
  2  usage error: unknown option, no slice folders, a folder that is not a built slice, a slice
     missing or given twice (every slice 1..N of one --shard i/N build, each once)`;

const SITEMAP = /^sitemap-(?:index|\d+)\.xml$/;

async function filesOf(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function sitemapOf(root: string, files: readonly string[]): Promise<SitemapFiles> {
  const parts = files
    .filter((file) => /^sitemap-\d+\.xml$/.test(file))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    index: await readFile(join(root, 'sitemap-index.xml'), 'utf8'),
    parts: await Promise.all(parts.map((file) => readFile(join(root, file), 'utf8'))),
  };
}

/** Copies every slice into `out`; throws naming the file when two slices wrote it differently. */
async function mergeSlices(slices: readonly string[], out: string): Promise<SitemapFiles[]> {
  const owner = new Map<string, string>();
  const sitemaps: SitemapFiles[] = [];
  for (const slice of slices) {
    const files = await filesOf(slice);
    sitemaps.push(await sitemapOf(slice, files));
    for (const file of files) {
      if (SITEMAP.test(file) || file === SLICE_RECORD) continue;
      const target = join(out, file);
      const first = owner.get(file);
      if (first !== undefined) {
        const [a, b] = await Promise.all([readFile(target), readFile(join(slice, file))]);
        if (!a.equals(b))
          throw new Error(
            `${file} differs between ${first} and ${slice}: were they built from the same archive and settings?`,
          );
        continue;
      }
      owner.set(file, slice);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(slice, file), target);
    }
  }
  return sitemaps;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`merge: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  const out = resolve(args.values.out ?? process.env['ARCHIVE_OUT_DIR'] ?? 'dist');
  const slices = args.positionals.map((slice) => resolve(slice));
  if (slices.length === 0) {
    console.error(`merge: name the slices' output folders\n\n${HELP}`);
    return 2;
  }
  const built: { folder: string; shard: BuildShard }[] = [];
  for (const slice of slices) {
    if (!existsSync(join(slice, 'index.html')) || !existsSync(join(slice, 'sitemap-index.xml'))) {
      console.error(`merge: ${slice} is not a built slice (no index.html and sitemap-index.xml): build it first`);
      return 2;
    }
    if (slice === out) {
      console.error(`merge: --out ${out} is also a slice; merge into another folder`);
      return 2;
    }
    try {
      built.push({ folder: slice, shard: parseSliceRecord(await readFile(join(slice, SLICE_RECORD), 'utf8')) });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${SLICE_RECORD}` : String(error);
      console.error(`merge: ${slice} does not say which slice it is (${reason}): build it with --shard i/N`);
      return 2;
    }
  }
  // A slice missing or given twice would merge, without a conflict, into a site that lacks pages
  // its lists link to (slice 1 alone writes the lists and topic pages).
  const problems = sliceSetProblems(built);
  if (problems.length > 0) {
    console.error(`merge: ${problems.join('; ')}`);
    return 2;
  }
  try {
    const started = performance.now();
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    const merged = mergeSitemaps(await mergeSlices(slices, out));
    await writeFile(join(out, 'sitemap-index.xml'), merged.index);
    for (const [n, part] of merged.parts.entries()) await writeFile(join(out, `sitemap-${n}.xml`), part);
    console.log(`merge: ${slices.length} slices into ${out} in ${Math.round(performance.now() - started)} ms`);
    let step = performance.now();
    const { pages, shards } = await indexShards(out, SITE.language);
    console.log(
      `merge: Pagefind indexed ${pages} paper pages (${shards} shards) in ${Math.round(performance.now() - step)} ms`,
    );
    step = performance.now();
    const { plan, warnings } = await writeServiceWorker(out, precacheBudgetFromEnv(), joinBase(SITE.base, ''));
    for (const warning of warnings) console.warn(`merge: warning: ${warning}`);
    const worker = await stat(join(out, 'sw.js'));
    console.log(
      `merge: service worker in ${Math.round(performance.now() - step)} ms: ${precacheSummary(plan, worker.size)}`,
    );
    return 0;
  } catch (error) {
    console.error(`merge: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause) console.error(`  caused by: ${String(error.cause)}`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
