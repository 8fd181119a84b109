#!/usr/bin/env node
// npm run enrich [-- options] [FILES...]: fill in what papers lack from the arXiv API. See --help.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PAPERS_DIR } from '../src/lib/paper/content-paths.ts';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { siteMacros } from '../src/lib/math/site-macros.ts';
import {
  arxivApiUrl,
  arxivIdUrl,
  ARXIV_SERVICE,
  fetchArxivPaper,
  isWellFormedXml,
  searchArxivByTitle,
} from '../src/lib/ingest/lookup/arxiv-api.ts';
import { formatEnrichReport, planEnrich, type EnrichReport } from '../src/lib/ingest/enrich.ts';
import { ArchiveBlockedError, openArchiveForWriting } from '../src/lib/storage/archive-guard.ts';
import { RollbackError, TransactionError } from '../src/lib/storage/file-transaction.ts';
import type { ExistingFile } from '../src/lib/ingest/ingest.ts';
import { FetchError, policyFor, politeFetcher } from '../src/lib/ingest/lookup/polite-fetch.ts';
import { cacheDir, cachingFetcher } from '../src/lib/ingest/lookup/response-cache.ts';

const HELP = `Usage: npm run enrich -- [options] [FILES...]

Fills in what paper files lack - arXiv id, authors, published date, DOI, arXiv categories,
journal reference, comments, the last version's date - from the arXiv API. A paper with an arXiv id is looked up by it; any other
by its title, and a result is taken only when its normalized title is exactly the paper's and
(when the file names authors) its first author agrees. Every change and every non-match is
listed. Fields a person wrote are never changed unless --force. All files are written in one
transaction, after the same validation as the ingest; a failed run writes nothing.

Responses are cached in ${cacheDir()}/ (METADATA_CACHE_DIR), so a second run makes no request.
Requests are polite: one every 3 seconds, retried with backoff when arXiv is busy.

With no FILES, every paper in ${PAPERS_DIR}/ is considered; papers that lack nothing are skipped.

Options:
  --force      also overwrite those fields where the file differs from arXiv
  --dry-run    print what would change and write nothing
  --refresh    ask arXiv again instead of reading the cache
  -h, --help   print this help

Environment:
  ARCHIVE_CONTENT_DIR  the archive (default: content)
  ARXIV_API_URL        the arXiv API (default: https://export.arxiv.org/api)
  METADATA_CACHE_DIR   where responses are cached (default: .cache/metadata)
  METADATA_CONTACT     an e-mail address for the User-Agent, as arXiv asks
  ARCHIVE_LOCK_WAIT    seconds to wait for an ingest or "npm run new" to finish (default: 10)

The lookups run without the archive lock; the files are then planned again under it (from the
cache) and written in one journaled transaction, like the ingest's.

Exit codes:
  0  done (non-matches are listed, not errors)
  1  some lookups failed (bad responses); everything else was written
  2  usage error
  3  writing failed (the archive was left exactly as it was), or another command holds the archive
  4  arXiv could not be reached (offline, rate-limited, timed out): nothing was written`;

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Every paper file, read now. */
function readArchive(): ExistingFile[] {
  if (!existsSync(PAPERS_DIR)) return [];
  return readdirSync(PAPERS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const path = toPosix(join(PAPERS_DIR, name));
      return { slug: basename(name, '.md'), path, text: readFileSync(path, 'utf8') };
    });
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        refresh: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(
      `enrich: ${error instanceof Error ? error.message : String(error)}\nRun "npm run enrich -- --help" for usage.`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  for (const path of positionals) {
    if (!existsSync(path)) {
      console.error(`enrich: ${path}: no such file`);
      return 2;
    }
  }
  let topics;
  try {
    topics = loadTopics();
    // Read before anything is fetched: a bad macros file stops the run with its lines, not a crash mid-merge.
    siteMacros();
  } catch (error) {
    console.error(`enrich: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const only =
    positionals.length === 0
      ? undefined
      : new Set(positionals.map((path) => toPosix(join(PAPERS_DIR, basename(path)))));

  const base = arxivApiUrl();
  const fetcher = cachingFetcher(
    politeFetcher({
      service: ARXIV_SERVICE,
      policy: policyFor(base),
      onWait: (reason, ms) => {
        if (ms >= 1000) process.stderr.write(`enrich: waiting ${(ms / 1000).toFixed(1)} s: ${reason}\n`);
      },
    }),
    cacheDir(),
    { refresh: values.refresh, keep: isWellFormedXml },
  );
  const plan = (existing: ExistingFile[]) =>
    planEnrich({
      existing,
      topicIds: topics.map((topic) => topic.id),
      force: values.force,
      only,
      lookup: {
        byId: (id) => fetchArxivPaper(id, fetcher, base),
        byTitle: async (title) => {
          const { papers, response } = await searchArxivByTitle(title, fetcher, base);
          // The next run looks these papers up by id: the search has already answered that.
          for (const { entry } of papers)
            if (entry.arxiv !== undefined) fetcher.remember(arxivIdUrl(base, entry.arxiv), response);
          return papers;
        },
      },
      onProgress: (done, total, path) => {
        if (process.stderr.isTTY)
          process.stderr.write(`\renrich: ${done}/${total} ${basename(path).slice(0, 60).padEnd(60)}`);
        if (process.stderr.isTTY && done === total) process.stderr.write('\n');
      },
    });
  const fetchFailed = (error: unknown): number => {
    if (!(error instanceof FetchError)) throw error;
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.error(`enrich: ${error.message}`);
    console.error(
      `enrich: nothing was written; the ${fetcher.requests} response(s) received are cached, so running again resumes where this run stopped.`,
    );
    return 4;
  };

  // The lookups take seconds each, so they run without the archive lock (an ingest or "npm run
  // new" may run meanwhile). The plan is then made again under the lock, from the archive as it
  // is then and from the cache the first pass filled, and that plan is written.
  let result;
  try {
    result = await plan(readArchive());
  } catch (error) {
    return fetchFailed(error);
  }
  const counts = { requests: fetcher.requests, cached: fetcher.hits };
  if (values['dry-run']) {
    process.stdout.write(formatEnrichReport(result.report, { dryRun: true, ...counts }));
    return exitCode(result.report);
  }
  let session;
  try {
    session = openArchiveForWriting(PAPERS_DIR, {
      command: 'npm run enrich',
      log: (line) => process.stderr.write(`enrich: ${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof ArchiveBlockedError)) throw error;
    console.error(`enrich: ${error.message}`);
    return 3;
  }
  try {
    result = await plan(readArchive());
  } catch (error) {
    session.release();
    return fetchFailed(error);
  }
  counts.requests = fetcher.requests;

  let failure: string | undefined;
  try {
    session.commit(result.writes.map(({ path, content }) => ({ path, content })));
  } catch (error) {
    if (!(error instanceof TransactionError) && !(error instanceof RollbackError)) throw error;
    failure = `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`;
  } finally {
    session.release();
  }
  process.stdout.write(formatEnrichReport(result.report, { failed: failure !== undefined, ...counts }));
  if (failure !== undefined) {
    console.error(`enrich: ${failure}`);
    return 3;
  }
  return exitCode(result.report);
}

function exitCode(report: EnrichReport): number {
  return report.papers.some((paper) => paper.status === 'failed') ? 1 : 0;
}

process.exitCode = await main();
