#!/usr/bin/env node
// npm run ingest [-- options] [FILES...]: raw inputs -> content/papers/<slug>.md. See --help.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { CACHE_DIR, CONTENT_DIR, PAPERS_DIR } from '../src/lib/paper/content-paths.ts';
import { loadArchiveReads, readerScope, saveArchiveReads } from '../src/lib/ingest/archive-reads.ts';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { siteMacros } from '../src/lib/math/site-macros.ts';
import { ArchiveBlockedError, openArchiveForWriting } from '../src/lib/storage/archive-guard.ts';
import { RollbackError, TransactionError } from '../src/lib/storage/file-transaction.ts';
import { planIngest, type ExistingFile, type IngestInput, type ProgressPhase } from '../src/lib/ingest/ingest.ts';
import { parseDay } from '../src/lib/paper/calendar-day.ts';
import { exitCodeFor, formatReport } from '../src/lib/ingest/ingest-report.ts';
import { repairAbstract, repairTitle } from '../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../src/lib/classify/topic-classifier.ts';
import { repairAll } from '../src/lib/ingest/repair-pool.ts';

const HELP = `Usage: npm run ingest -- [options] [FILES...]

Turns raw inputs into paper files, content/papers/<slug>.md. With no FILES, reads every file in
content/inbox/ in name order; a directory given as FILE means every file in it.

Inputs: a scraped listing page saved as UTF-8 text (page chrome, a date line such as "Mar 14",
then each paper as a title line followed by its abstract paragraph), arXiv OAI metadata as JSON
lines (.jsonl), arXiv API responses (Atom XML, .xml; several pages of one query may be given
together) or BibTeX (.bib; entries without an abstract are reported, not invented). The format is
detected from the content and the extension.

Each paper's TeX is repaired, its topics classified, and it is matched against the archive by
title, arXiv id and DOI: a paper already there keeps its file, its slug and every field a
person may have edited; only missing fields are filled. Running twice changes nothing.

Options:
  --added YYYY-MM-DD  the date the papers entered the archive (default: the page's date line with
                      the year from the input's YYYY-MM-DD- file-name prefix, or that prefix)
  --force             let the input overwrite fields present in existing files (title, abstract,
                      topics, ...); the slug, added and source never change
  --dry-run           print what would change and write nothing
  --recover           only finish or undo an interrupted ingest (see "Recovery" in README.md)
  --json              print the report as JSON on stdout
  -h, --help          print this help

Environment:
  ARCHIVE_CONTENT_DIR the content directory (default: content)
  ARCHIVE_CACHE_DIR   where what each run made of the archive's files is kept for the next
                      (default: node_modules/.astro, shared with the build)
  ARCHIVE_LOCK_WAIT   seconds to wait for another ingest or "npm run new" to finish (default: 10)

Every run (--dry-run too) first takes the archive lock and finishes or undoes an ingest that was
interrupted (killed, power loss), saying which.

Exit codes:
  0  every input was read and every paper ingested (or nothing needed changing)
  1  some papers were skipped or some input could not be read; everything else was written
  2  usage error: unknown option, bad --added, a FILE that does not exist; or a problem in
     content/topics.yaml or content/macros.yaml (each named at its line): nothing was written
  3  writing failed, or another command holds the archive; the archive was left exactly as it was
     (or the message says how it will be finished)
`;

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What earlier runs made of each archive file (src/lib/ingest/archive-reads.ts). */
const READINGS_FILE = join(CACHE_DIR, 'ingest-readings.v8');

function usageError(message: string): never {
  process.stderr.write(`ingest: ${message}\nRun "npm run ingest -- --help" for usage.\n`);
  process.exit(2);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Regular, visible files of a directory in name order (dotfiles such as .gitkeep are not inputs). */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** The `source` a paper records: the input's path inside the content directory, else its name. */
function sourceOf(path: string): string {
  const inside = relative(resolve(CONTENT_DIR), resolve(path));
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? basename(path) : toPosix(inside);
}

/** A path as messages show it: relative to the working directory when inside it. */
function shown(path: string): string {
  const inside = relative('.', path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? toPosix(resolve(path)) : toPosix(inside);
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        added: { type: 'string' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        recover: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let added: string | undefined;
  if (values.added !== undefined) {
    added = parseDay(values.added);
    if (added === undefined) usageError(`--added ${values.added} is not a date: write it as YYYY-MM-DD`);
  }

  const inbox = join(CONTENT_DIR, 'inbox');
  const paths: string[] = [];
  if (positionals.length === 0) {
    if (existsSync(inbox)) paths.push(...filesIn(inbox));
  } else {
    for (const path of positionals) {
      if (!existsSync(path)) usageError(`${path}: no such file`);
      paths.push(...(statSync(path).isDirectory() ? filesIn(path) : [path]));
    }
  }
  let session;
  try {
    session = openArchiveForWriting(PAPERS_DIR, {
      command: 'npm run ingest',
      log: (line) => process.stderr.write(`ingest: ${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof ArchiveBlockedError)) throw error;
    process.stderr.write(`ingest: ${error.message}\n`);
    return 3;
  }
  if (values.recover) {
    if (session.recovery.action === 'none') process.stderr.write('ingest: nothing to recover\n');
    return 0;
  }
  if (paths.length === 0) {
    process.stderr.write(
      `ingest: nothing to ingest: ${positionals.length === 0 ? `${inbox}/ has no files` : 'no files given'}\n`,
    );
    return 0;
  }

  let topics;
  try {
    topics = loadTopics();
    // Read before any paper is: a bad macros file stops the run with its lines, not a crash mid-repair.
    siteMacros();
  } catch (error) {
    // Nothing was read or written: not 1, which says the rest of the run was written.
    process.stderr.write(`ingest: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const inputs: IngestInput[] = paths.map((path) => ({
    file: shown(path),
    source: sourceOf(path),
    bytes: readFileSync(path),
  }));
  const existing: ExistingFile[] = existsSync(PAPERS_DIR)
    ? filesIn(PAPERS_DIR)
        .filter((path) => path.endsWith('.md'))
        .map((path) => ({ slug: basename(path, '.md'), path: toPosix(path), text: readFileSync(path, 'utf8') }))
    : [];

  // A bar only where someone watches a long run: on a terminal, for thousands of papers.
  let bar: cliProgress.SingleBar | undefined;
  let barPhase: ProgressPhase | undefined;
  const onProgress = (phase: ProgressPhase, done: number, total: number) => {
    if (!process.stderr.isTTY || total < 1000) return;
    if (barPhase !== phase) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${phase.padEnd(16)} [{bar}] {value}/{total} papers`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      barPhase = phase;
    }
    bar?.update(done);
    if (done === total) bar?.stop();
  };

  const topicIds = topics.map((topic) => topic.id);
  const readings = loadArchiveReads(READINGS_FILE, readerScope(PROJECT_ROOT, topicIds));
  const { writes, report } = planIngest({
    inputs,
    existing,
    readings,
    topicIds,
    papersDir: toPosix(PAPERS_DIR),
    repairTitle,
    repairAbstract,
    repairMany: (records) => repairAll(records),
    classify: createClassifier(topics, { evidence: false }),
    catchAllTopic: topics.find((topic) => topic.catchAll === true)?.id,
    added,
    force: values.force,
    onProgress,
    now: () => performance.now(),
  });

  try {
    saveArchiveReads(READINGS_FILE, readings);
  } catch (error) {
    // Only the next run's speed depends on it.
    process.stderr.write(
      `ingest: could not keep the archive's readings in ${READINGS_FILE} (${String(error)}); the next run reads every file\n`,
    );
  }

  let code: number = exitCodeFor(report);
  let failure: string | undefined;
  if (!values['dry-run']) {
    try {
      session.commit(writes.map(({ path, content }) => ({ path, content })));
    } catch (error) {
      if (!(error instanceof TransactionError) && !(error instanceof RollbackError)) throw error;
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      failure = `${error.message}${cause}`;
      code = 3;
    }
  }

  if (values.json) {
    const written = failure === undefined && !values['dry-run'];
    process.stdout.write(
      `${JSON.stringify({ ...report, dryRun: values['dry-run'], written, failure, writes: writes.map(({ path, status }) => ({ path, status })) }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(formatReport(report, { dryRun: values['dry-run'], failed: failure !== undefined }));
  }
  if (failure !== undefined) process.stderr.write(`ingest: ${failure}\n`);
  return code;
}

process.exitCode = main();
