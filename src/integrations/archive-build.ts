import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { abstractFilesDir } from '../lib/build/abstract-packs.ts';
import { providedBuildFiles, writeChangedFiles } from '../lib/build/build-files.ts';
import { currentShard, SLICE_RECORD, sliceRecordText } from '../lib/build/build-shard.ts';
import { relatedPapersNote } from '../lib/build/related-papers-offer.ts';
import { DEFAULT_PRECACHE_BUDGET } from '../lib/search/build/search-precache.ts';
import { bundleServiceWorker, precacheSummary, writeServiceWorker } from '../lib/build/service-worker.ts';
import { indexShards, SHARD_MANIFEST } from '../lib/search/build/sharded-index.ts';
import { planShards, shardCapFromEnv } from '../lib/search/build/index-shards.ts';
import { startIndexWhileRendering, type IndexingWhileRendering } from '../lib/search/build/index-while-rendering.ts';
import { onPaperPages } from '../lib/build/paper-pages-notice.ts';
import { paperPagesFirst } from '../lib/build/render-order.ts';
import { filesUnder, markBuildStart, removeFiles, staleFiles } from '../lib/build/stale-outputs.ts';
import { distrustedSince, forgetInterruptedPages, markBuildFinished } from '../lib/build/interrupted-build.ts';
import { joinBase } from '../lib/site/url.ts';

export interface ArchiveBuildOptions {
  /** The language Pagefind indexes the papers in. */
  language: string;
  /** Bytes the service worker may precache (default: $ARCHIVE_PRECACHE_BUDGET_MB or 25 MB). */
  precacheBudget?: number;
  /**
   * Whether a cold build indexes the paper pages while they are rendered, on a second thread
   * (index-while-rendering.ts; default: unless ARCHIVE_INDEX_WHILE_RENDERING is 0). The index is
   * the same either way.
   */
  indexWhileRendering?: boolean;
}

/** The precache budget from ARCHIVE_PRECACHE_BUDGET_MB, or the default; throws on a bad value. */
export function precacheBudgetFromEnv(value: string | undefined = process.env['ARCHIVE_PRECACHE_BUDGET_MB']): number {
  if (value === undefined || value === '') return DEFAULT_PRECACHE_BUDGET;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb < 0) {
    throw new Error(`ARCHIVE_PRECACHE_BUDGET_MB must be a number of megabytes, got "${value}"`);
  }
  return Math.round(mb * 1024 * 1024);
}

/**
 * What `astro build` does besides pages, so that it alone yields the complete site:
 *
 * - at the start, marks the time, because the output folder is not emptied (incremental builds keep
 *   unchanged pages where they are; `vite.build.emptyOutDir: false` in astro.config.mjs), and has
 *   the paper pages rendered before the others (render-order.ts); the mark stays until the build
 *   has finished, so the next build renders again what an interrupted one wrote (interrupted-build.ts);
 * - at the end, writes the files that are not pages (a `.bib` per paper, see build-files.ts),
 *   removes what a previous build left that this one did not produce (stale-outputs.ts: the page of
 *   a deleted or renamed paper, an old asset), then indexes the paper pages with Pagefind and writes
 *   the service worker, with the output folder and base path Astro built with.
 *
 * `scripts/postbuild.ts` re-indexes an already built site with the same functions.
 */
export function archiveBuild(options: ArchiveBuildOptions): AstroIntegration {
  let mark = 0n;
  let markFile = '';
  let outputFile = '';
  let cacheDir = '';
  let searchCache = '';
  let workerCache = '';
  let base = '/';
  let publicDir = '';
  let outDir = '';
  let indexing: IndexingWhileRendering | undefined;
  return {
    name: 'paper-archive:build',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        // Where the paper loader keeps the records files and abstract packs, for the pages (site-data.ts).
        const dir = abstractFilesDir(fileURLToPath(config.cacheDir));
        updateConfig({ vite: { define: { __PAPER_FILES_DIR__: JSON.stringify(dir) } } });
      },
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        markFile = join(cacheDir, 'build-started');
        outputFile = join(cacheDir, 'build-output');
        searchCache = join(cacheDir, 'search-shards.json');
        workerCache = join(cacheDir, 'service-worker.json');
        base = joinBase(config.base, '');
        publicDir = fileURLToPath(config.publicDir);
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': async ({ logger, setPrerenderer }) => {
        // The papers before the lists, so the search index can finish beside the lists (render-order.ts).
        setPrerenderer(paperPagesFirst);
        // A build that left its mark did not finish, or the last build wrote to another folder:
        // pages in this one may not match the keys of the manifest Astro is about to read
        // (interrupted-build.ts).
        const since = await distrustedSince(markFile, outputFile, outDir);
        if (since !== undefined) {
          const forgotten = await forgetInterruptedPages(cacheDir, outDir, since);
          const why = since === 0n ? 'The last build wrote to another folder' : 'The last build did not finish';
          logger.info(`${why}: ${forgotten} page(s) of this folder are rendered again`);
        }
        mark = await markBuildStart(markFile);
        indexing = undefined;
        const wanted = options.indexWhileRendering ?? process.env['ARCHIVE_INDEX_WHILE_RENDERING'] !== '0';
        // Only a cold index: a rebuild re-indexes one small shard after the pages, as fast.
        const cold = !existsSync(searchCache) || !existsSync(join(outDir, 'pagefind', SHARD_MANIFEST));
        if (!wanted || !cold || currentShard()) {
          onPaperPages(undefined);
          return;
        }
        onPaperPages((pages) => {
          try {
            const plan = planShards(pages, shardCapFromEnv());
            indexing = startIndexWhileRendering({
              dist: outDir,
              language: options.language,
              plan,
              since: String(mark),
            });
          } catch (error) {
            // The index is made after the pages instead, which reports what is wrong.
            logger.warn(`Not indexing while rendering: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        // The pages are all written: the index made alongside them finishes while the rest is done.
        onPaperPages(undefined);
        const indexed = indexing?.finish();
        indexing = undefined;
        const dist = fileURLToPath(dir);
        const budget = options.precacheBudget ?? precacheBudgetFromEnv();
        const shard = currentShard();
        // The worker's code needs no built file: bundled beside what follows (Pagefind finishing
        // the index in its own process), not after it.
        const bundling = shard ? undefined : bundleServiceWorker(base, workerCache);
        // Awaited below; a step failing before then must not leave it an unhandled rejection.
        bundling?.catch(() => undefined);
        let started = performance.now();
        const kept = new Set<string>();
        for (const urls of assets.values()) {
          for (const url of urls) kept.add(relative(dist, fileURLToPath(url)).split(sep).join('/'));
        }
        // Copied from public/ with their own dates, not this build's: kept, not stale.
        for (const path of await filesUnder(publicDir)) kept.add(path);
        const related = relatedPapersNote();
        if (related !== undefined) logger.info(related);
        const files = providedBuildFiles();
        if (files) {
          const { paths, written } = await writeChangedFiles(dist, files());
          for (const path of paths) kept.add(path);
          logger.info(`${written} of ${paths.size} non-page files written in ${ms(started)}`);
        }
        started = performance.now();
        // The search index and the worker are written below, after this; pagefind/ is not listed
        // here, since the index worker may still be placing its shards there (sharded-index.ts).
        const listed = await filesUnder(dist, shard ? [] : ['pagefind']);
        // A slice's record is written again below; a whole build removes one a slice build left.
        const stale = await staleFiles(dist, mark, kept, shard ? [SLICE_RECORD] : ['pagefind/', 'sw.js'], listed);
        await removeFiles(dist, stale);
        logger.info(
          `${stale.length} stale files removed in ${ms(started)}${stale.length > 0 && stale.length <= 10 ? `: ${stale.join(', ')}` : ''}`,
        );

        if (shard) {
          // The index and the worker cover the whole site: the merge writes them (scripts/merge-shards.ts).
          // Which slice this is, for the merge to tell a missing or repeated slice (build-shard.ts).
          await writeFile(join(dist, SLICE_RECORD), sliceRecordText(shard));
          logger.info(`slice ${shard.index}/${shard.count} built; npm run merge indexes the merged site`);
          await markBuildFinished(markFile, outputFile, outDir);
          return;
        }
        started = performance.now();
        const ahead = await indexed;
        if (ahead?.error) {
          const reason = ahead.error instanceof Error ? ahead.error.message : String(ahead.error);
          logger.warn(`Indexing while rendering failed, indexing now: ${reason}`);
        }
        const search = await indexShards(
          dist,
          options.language,
          searchCache,
          ahead?.prepared ? { prepared: ahead.prepared } : {},
        );
        logger.info(
          `Pagefind: ${search.pages} paper pages in ${search.shards} shard${search.shards === 1 ? '' : 's'}, ${search.written.length} indexed${search.written.length > 0 && search.written.length <= 5 ? ` (${search.written.join(', ')})` : ''}${search.ahead.length > 0 ? ` (${search.ahead.length} while the pages rendered)` : ''}, the others kept, in ${ms(started)}`,
        );
        started = performance.now();
        // The files just listed are still there but for the stale ones, and Pagefind has since
        // written pagefind/ alone (sharded-index.ts): only that folder is listed again.
        const removed = new Set(stale);
        const built = [
          ...listed.filter((path) => !removed.has(path) && !path.startsWith('pagefind/')),
          ...(await filesUnder(join(dist, 'pagefind'))).map((path) => `pagefind/${path}`),
        ];
        const { plan, warnings } = await writeServiceWorker(dist, budget, base, workerCache, built, bundling);
        for (const warning of warnings) logger.warn(warning);
        const worker = await stat(join(dist, 'sw.js'));
        logger.info(`service worker in ${ms(started)}: ${precacheSummary(plan, worker.size)}`);
        await markBuildFinished(markFile, outputFile, outDir);
      },
    },
  };
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
