#!/usr/bin/env node
/**
 * Re-indexes a built site: the Pagefind search index over the built paper pages, then the offline
 * service worker (Workbox) that precaches the app shell, the index and, within the budget, every
 * page. `astro build` already does both at its end (src/integrations/archive-build.ts); this is for
 * a site built elsewhere, or for trying another precache budget without building again.
 *
 * Exit codes: 0 built; 1 indexing or service-worker generation failed; 2 usage error (bad option,
 * no built site).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PRECACHE_BUDGET } from '../src/lib/search/build/search-precache.ts';
import { precacheSummary, writeServiceWorker } from '../src/lib/build/service-worker.ts';
import { indexShards } from '../src/lib/search/build/sharded-index.ts';
import { joinBase } from '../src/lib/site/url.ts';
import { SITE } from '../src/site.config.ts';

const HELP = `Usage: node scripts/postbuild.ts [options]

Re-indexes a built site (astro build already does this at its end). Indexes the paper pages of the built site with
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
  const base = joinBase(SITE.base, '');
  try {
    let started = performance.now();
    const { pages, shards } = await indexShards(dist, SITE.language);
    console.log(
      `postbuild: Pagefind indexed ${pages} paper pages (${shards} shards) in ${Math.round(performance.now() - started)} ms`,
    );
    started = performance.now();
    const { plan, warnings } = await writeServiceWorker(dist, Math.round(budgetMb * 1024 * 1024), base);
    for (const warning of warnings) console.warn(`postbuild: warning: ${warning}`);
    const sw = await stat(join(dist, 'sw.js'));
    console.log(
      `postbuild: service worker sw.js in ${Math.round(performance.now() - started)} ms: ${precacheSummary(plan, sw.size)}`,
    );
    return 0;
  } catch (error) {
    console.error(`postbuild: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause) console.error(`  caused by: ${String(error.cause)}`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
