import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { withCompileCache } from '../../storage/compile-cache.ts';
import type { SearchShard, ShardPage } from './index-shards.ts';
import { indexedDocument, indexedPart, pageRecord, type PageRecord } from './indexed-pages.ts';
import { shardDigest, unplacedShardDir, writeShard, type PreparedShards } from './sharded-index.ts';

/**
 * The search index of a cold build, written while Astro renders the pages instead of after them.
 *
 * A cold build spent about as long in Pagefind after the pages as on the pages themselves (10,000
 * papers: 21 s of pages, then 22 s of Pagefind), with one of the machine's two cores idle each
 * time: Astro renders on the main thread and Pagefind's process waited for the last page. Here a
 * worker thread follows the renderer: the paper pages are rendered first (render-order.ts) and in
 * the index's order (day added, then path: `searchIndexOrder` in paper-sort.ts), and the worker
 * gives each page to Pagefind as soon as its file is written, shard by shard, into the folder
 * `indexShards` would write it in.
 *
 * Nothing it writes is trusted blindly: a shard's folder is named by the digest of the pages it was
 * made from, as read, and `indexShards` (run after the pages, as always) places it only if the
 * finished site's plan asks for that digest; any other shard is indexed there as before. So a page
 * read while it was being written, a plan that changed, or a worker that failed costs time, never
 * a wrong index. Only a cold index is made this way: a rebuild re-indexes one small shard.
 */

/** How often a page not yet written is looked for again. */
const POLL_MS = 50;

/** What the worker is given (`workerData`). */
export interface IndexWhileRenderingJob {
  dist: string;
  language: string;
  /** The shards of the archive's paper pages, as `planShards` makes them from the archive. */
  plan: SearchShard[];
  /** The build's start (ns): a page file older than this was not written by this build. */
  since: string;
}

/** Told to the worker by the build once every page is rendered. */
export const RENDERED = 'rendered';

/**
 * Whether `text` ends an HTML document. Astro writes a page with one `write`, but the kernel grows
 * the file a memory page at a time and dates it on a coarse clock, so a read racing the write can
 * see its first 8,192 bytes with the same size and date before and after the read (one read in 25
 * of those that passed that check, in a stress test on this machine's file system). In a build such
 * a page did not match its plan, and its whole shard was indexed again after the pages (20 s).
 */
function endsDocument(text: string): boolean {
  return /<\/html>\s*$/i.test(text);
}

/**
 * The text of `page` once this build has written it whole: its file's date is at or after `since`,
 * it is not empty, its size and date did not change while it was read, and, while pages are still
 * being written, it ends the document. Undefined if the pages are all rendered (`rendered()`) and
 * this one was not written.
 */
export async function readWhenWritten(
  dist: string,
  page: ShardPage,
  since: bigint,
  rendered: () => boolean,
): Promise<{ text: string; record: Pick<PageRecord, 'size' | 'mtime'> } | undefined> {
  const file = join(dist, page.path);
  for (;;) {
    // Asked before looking: a page missing after the last one was written will not come.
    const done = rendered();
    const before = statIfThere(file);
    // Begun by this build: a file is created empty, then written.
    if (before && before.mtimeNs >= since && before.size > 0n) {
      const text = readIfThere(file);
      const after = statIfThere(file);
      if (
        text !== undefined &&
        after?.mtimeNs === before.mtimeNs &&
        after.size === before.size &&
        BigInt(Buffer.byteLength(text)) === before.size &&
        // Once every page is written no write is under way: a page that does not end the document was written so.
        (done || endsDocument(text))
      ) {
        return { text, record: { size: Number(before.size), mtime: String(before.mtimeNs) } };
      }
    } else if (done) {
      return undefined;
    }
    await sleep(POLL_MS);
  }
}

/*
 * A page that cannot be read yet is not there yet, whatever the reason: the caller looks again.
 * Synchronous calls: this runs on a worker thread of its own, which has nothing else to do while a
 * page is read, and each call through the thread pool costs a round trip between threads. A page
 * read with `fs/promises` (stat, open, fstat, read, close, stat) took six: in a cold build of
 * 10,000 papers, 5.3-5.6 s of CPU (the worker 3.8-4.0 s, the pool's threads 1.5-1.7 s) where this
 * takes 3.3-3.6 s, on two cores the pages and Pagefind need.
 */
function statIfThere(file: string): BigIntStats | undefined {
  try {
    // A missing page is the common case: no exception made for it.
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A page that will not come, or came other than the plan said: its shard is left to `indexShards`. */
class PageNotAsPlanned extends Error {}

/**
 * Indexes the `job`'s shards as their pages are written, oldest first, each into its unplaced
 * folder. Returns the shards written and the pages read; a shard that could not be made is left
 * out (and its folder removed), never half there.
 */
export async function indexWhileRendering(
  job: IndexWhileRenderingJob,
  rendered: () => boolean,
): Promise<PreparedShards> {
  const since = BigInt(job.since);
  const shardsDir = join(job.dist, 'pagefind', 'shards');
  const pages: Record<string, PageRecord> = {};
  const digests = new Set<string>();
  try {
    for (const [i, shard] of job.plan.entries()) {
      const read = new Map<string, PageRecord>();
      const output = join(shardsDir, `.while-rendering-${i}.tmp`);
      await rm(output, { recursive: true, force: true });
      try {
        await writeShard(
          async (page) => {
            const written = await readWhenWritten(job.dist, page, since, rendered);
            const part = written && indexedPart(written.text);
            const record = written && pageRecord(written.record, part);
            if (!written || record?.added !== page.added) throw new PageNotAsPlanned(page.path);
            read.set(page.path, record);
            return indexedDocument(written.text, part);
          },
          shard,
          output,
          job.language,
          // One page waited for at a time: pages are rendered in this order, so the pages after one
          // not yet written are not written either. Reading 64 ahead, each page polling for its
          // file on its own, made 82,235 failed `stat` calls in a cold build of 10,000 papers, on
          // the thread pool Astro writes its pages with; one at a time, 49.
          1,
        );
      } catch (error) {
        await rm(output, { recursive: true, force: true });
        if (error instanceof PageNotAsPlanned) continue;
        throw error;
      }
      const digest = shardDigest(shard, read, job.language);
      const placed = unplacedShardDir(shardsDir, digest);
      await rm(placed, { recursive: true, force: true });
      await rename(output, placed);
      digests.add(digest);
      Object.assign(pages, Object.fromEntries(read));
    }
  } finally {
    await pagefind.close();
  }
  return { digests, pages };
}

/** The build's side of the worker. */
export interface IndexingWhileRendering {
  /** Says every page is rendered, and waits for the shards (undefined if the worker failed: `indexShards` makes them). */
  finish(): Promise<{ prepared?: PreparedShards; error?: unknown }>;
}

/** Starts the worker (`search-index-worker.ts`) on `job`. */
export function startIndexWhileRendering(job: IndexWhileRenderingJob): IndexingWhileRendering {
  const worker = new Worker(
    new URL('./search-index-worker.ts', import.meta.url),
    withCompileCache({ workerData: job }),
  );
  const result = new Promise<{ prepared?: PreparedShards; error?: unknown }>((resolve) => {
    worker.once('message', (message: { digests: string[]; pages: Record<string, PageRecord> } | { error: string }) => {
      if ('error' in message) resolve({ error: new Error(message.error) });
      else resolve({ prepared: { digests: new Set(message.digests), pages: message.pages } });
    });
    worker.once('error', (error) => resolve({ error }));
    worker.once('exit', (code) => resolve({ error: new Error(`the search index worker exited with code ${code}`) }));
  });
  // A build that fails before its end must still exit: the worker does not hold the process. (After
  // the listeners: listening for messages holds the worker's port again.)
  worker.unref();
  return {
    finish: () => {
      // Awaited now: the process waits for the worker's answer, whatever else it has left to do.
      worker.ref();
      worker.postMessage(RENDERED);
      return result;
    },
  };
}
