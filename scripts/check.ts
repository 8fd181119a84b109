#!/usr/bin/env node
/**
 * npm run check [-- FILES...]: the data-quality gate a pull request must pass.
 *
 * Exit codes: 0 no errors (warnings may have been printed), 1 errors found, 2 usage error or the
 * check itself could not run (unreadable taxonomy or papers folder, a file that does not exist).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { PAPERS_DIR, TOPICS_FILE } from '../src/lib/paper/content-paths.ts';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { archiveState } from '../src/lib/storage/archive-guard.ts';
import { formatAnnotation, formatFinding, formatSummary, summarize } from '../src/lib/check/check-report.ts';
import { checkArchiveInParallel, PARALLEL_THRESHOLD } from '../src/lib/check/paper-check.ts';
import { printableLine, printableLines } from '../src/lib/text/printable.ts';

const HELP = `Usage: npm run check [-- [options] [FILES...]]

Checks paper files exactly as the site build will read them and reports every problem as
path:line:column: severity: message [rule]. With no FILES, checks every entry of ${PAPERS_DIR}/;
FILES are always compared with the whole archive for duplicates.

Options:
  --annotations     also print GitHub Actions annotations (default: on when CI=true)
  --no-warnings     do not print warnings (they never fail the check)
  --jobs N          worker threads for archives of ${PARALLEL_THRESHOLD} files or more (default: the
                    number of CPUs, at most 4; 1 checks in one thread)
  -h, --help        show this help

Environment:
  ARCHIVE_CONTENT_DIR  the archive to check (default: content)

It changes nothing: when an ingest or "npm run new" was interrupted while writing the papers, it
says so and stops (exit 2) instead of checking a half-written archive; "npm run ingest -- --recover"
finishes or undoes that write.

Exit codes:
  0  no errors (warnings may have been printed)
  1  at least one error
  2  usage error, or the check could not run (also: an unfinished write, see above)`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        annotations: { type: 'boolean' },
        'no-warnings': { type: 'boolean' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`check: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  const jobs = args.values.jobs === undefined ? Math.min(availableParallelism(), 4) : Number(args.values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`check: --jobs ${String(args.values.jobs)} is not a positive whole number`);
    return 2;
  }
  const missing = args.positionals.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    console.error(printableLine(`check: no such file: ${missing.join(', ')}`));
    return 2;
  }
  let topicIds: string[];
  let result;
  try {
    const state = archiveState(PAPERS_DIR);
    if (state.blocking !== undefined) {
      console.error(printableLine(`check: ${state.blocking}`));
      return 2;
    }
    if (state.note !== undefined) console.error(printableLine(`check: note: ${state.note}`));
    topicIds = loadTopics(TOPICS_FILE).map((topic) => topic.id);
    result = await checkArchiveInParallel({
      jobs,
      papersDir: PAPERS_DIR,
      topicIds,
      topicsFile: TOPICS_FILE,
      ...(args.positionals.length > 0 ? { files: args.positionals } : {}),
    });
  } catch (error) {
    console.error(printableLines(`check: could not run: ${error instanceof Error ? error.message : String(error)}`));
    for (let cause = error instanceof Error ? error.cause : undefined; cause !== undefined;) {
      console.error(printableLine(`  caused by: ${cause instanceof Error ? cause.message : String(cause)}`));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    return 2;
  }
  const annotate = args.values.annotations ?? process.env['CI'] === 'true';
  const shown = args.values['no-warnings'] ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  for (const finding of shown) {
    console.log(formatFinding(finding));
    // GitHub hides workflow commands from the log, so the plain line above stays readable there.
    if (annotate) console.log(formatAnnotation(finding));
  }
  const summary = summarize(result.findings, result.checked);
  console.log(formatSummary(summary));
  return summary.errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
