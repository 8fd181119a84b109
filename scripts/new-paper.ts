#!/usr/bin/env node
/**
 * npm run new -- [options]: write one new paper file, ready for a pull request.
 *
 * Exit codes: 0 the file was written (or printed, with --dry-run); 1 the paper was refused (already
 * in the archive, no topic fits, an id or date is malformed, the file would fail the check);
 * 2 usage error; 3 the file could not be written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTopics, PAPERS_DIR, TOPICS_FILE } from '../src/content.config.ts';
import { ArchiveBlockedError, openArchiveForWriting } from '../src/lib/archive-guard.ts';
import { formatFinding } from '../src/lib/check-report.ts';
import {
  archivedPaper,
  NewPaperError,
  parsePastedPaper,
  planNewPaper,
  type ArchivedPaper,
} from '../src/lib/new-paper.ts';
import { formatDay } from '../src/lib/paper-file.ts';
import { repairAbstract, repairTitle } from '../src/lib/tex-repair.ts';
import { createClassifier } from '../src/lib/topic-classifier.ts';

const HELP = `Usage: npm run new -- [options]

Writes ${PAPERS_DIR}/<slug>.md for one paper, with the same TeX repair and topic classifier
as the ingest, and prints the file it wrote and the topics it chose (and why). A paper the
archive already has (same arXiv id, DOI or title) is refused, naming its file.

Give the paper with flags:
  npm run new -- --title "Scaling Law with Learning Rate Annealing" \\
    --authors "Howe Tissue; Venus Wang" --arxiv 2408.11029 --abstract-file abstract.txt
or paste it: the title, a blank line, then the abstract, on standard input:
  npm run new < pasted.txt

Options:
  --title TEXT          the title (as published; scraped text is repaired)
  --abstract-file FILE  the abstract ("-" or no flag: read standard input)
  --authors "A; B"      authors, separated by ";" (or repeat the flag)
  --arxiv ID            arXiv id (2401.01234, arXiv:2401.01234v2 or an arxiv.org URL)
  --doi DOI             DOI (10.1234/abcd or a doi.org URL)
  --code URL            a code repository (repeatable)
  --link URL            another link: project page, data set (repeatable)
  --published DATE      the paper's own date, YYYY-MM-DD
  --added DATE          the day it enters the archive, YYYY-MM-DD (default: today, UTC)
  --source TEXT         where it came from (default: "pull request")
  --topic ID            choose a topic instead of the classifier (repeatable)
  --category CAT        an arXiv category such as cs.LG, as evidence for the classifier (repeatable)
  --dry-run             print the file instead of writing it
  -h, --help            show this help

Environment:
  ARCHIVE_CONTENT_DIR   the archive to add to (default: content)
  ARCHIVE_LOCK_WAIT     seconds to wait for an ingest or another "npm run new" to finish (default: 10)

It first takes the archive lock and finishes or undoes an interrupted ingest, saying which.

Exit codes:
  0  the file was written (or printed with --dry-run)
  1  the paper was refused: the message says why and what to do
  2  usage error
  3  the file could not be written, or another command holds the archive`;

function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(';'))
    .map((value) => value.trim())
    .filter(Boolean);
}

function readArchive(tools: { topicIds: readonly string[]; topicsFile: string }): ArchivedPaper[] {
  if (!existsSync(PAPERS_DIR)) return [];
  return readdirSync(PAPERS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(PAPERS_DIR, entry.name))
    .map((path) => archivedPaper(path, readFileSync(path), tools))
    .filter((paper) => paper !== undefined);
}

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        title: { type: 'string' },
        'abstract-file': { type: 'string' },
        authors: { type: 'string', multiple: true },
        arxiv: { type: 'string' },
        doi: { type: 'string' },
        code: { type: 'string', multiple: true },
        link: { type: 'string', multiple: true },
        published: { type: 'string' },
        added: { type: 'string' },
        source: { type: 'string', default: 'pull request' },
        topic: { type: 'string', multiple: true },
        category: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(
      `new: ${error instanceof Error ? error.message : String(error)}\nRun "npm run new -- --help" for usage.`,
    );
    return 2;
  }
  const { values } = args;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const abstractFile = values['abstract-file'];
  if (abstractFile === undefined && process.stdin.isTTY) {
    console.error('new: give the abstract with --abstract-file FILE, or pipe the paper in (npm run new -- --help)');
    return 2;
  }
  if (abstractFile !== undefined && abstractFile !== '-' && !existsSync(abstractFile)) {
    console.error(`new: no such file: ${abstractFile}`);
    return 2;
  }
  const input = readFileSync(abstractFile === undefined || abstractFile === '-' ? 0 : abstractFile, 'utf8');
  const { title, abstract } =
    values.title === undefined ? parsePastedPaper(input) : { title: values.title, abstract: input };

  let topics;
  try {
    topics = loadTopics(TOPICS_FILE);
  } catch (error) {
    console.error(`new: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const tools = {
    repairTitle,
    repairAbstract,
    classify: createClassifier(topics),
    topicIds: topics.map((topic) => topic.id),
    topicsFile: TOPICS_FILE,
    papersDir: PAPERS_DIR,
  };
  let session;
  try {
    session = openArchiveForWriting(PAPERS_DIR, {
      command: 'npm run new',
      log: (line) => console.error(`new: ${line}`),
    });
  } catch (error) {
    if (!(error instanceof ArchiveBlockedError)) throw error;
    console.error(`new: ${error.message}`);
    return 3;
  }
  let paper;
  try {
    paper = planNewPaper(
      {
        title,
        abstract,
        authors: listOf(values.authors),
        arxiv: values.arxiv,
        doi: values.doi,
        code: values.code,
        links: values.link,
        published: values.published,
        added: values.added ?? formatDay(new Date()),
        source: values.source,
        topics: values.topic,
        categories: values.category,
      },
      readArchive(tools),
      tools,
    );
  } catch (error) {
    if (!(error instanceof NewPaperError)) throw error;
    console.error(`new: ${error.message}`);
    return 1;
  }

  if (values['dry-run']) {
    process.stdout.write(paper.text);
  } else {
    if (existsSync(paper.path)) {
      console.error(`new: ${paper.path} appeared while the paper was being prepared: run the command again`);
      return 3;
    }
    try {
      session.commit([{ path: paper.path, content: paper.text }]);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      console.error(
        `new: could not write ${paper.path}: ${error instanceof Error ? error.message : String(error)}${cause}`,
      );
      return 3;
    }
    console.log(`Wrote ${paper.path}`);
  }
  console.log(`Title: ${paper.data.title}`);
  if (paper.unsorted) {
    console.log(
      `Topics: ${paper.topics.join(', ')} (the catch-all: nothing in the title or abstract points to a topic; ` +
        'choose one or more with --topic ID)',
    );
  } else if (paper.evidence.length === 0) console.log(`Topics (chosen with --topic): ${paper.topics.join(', ')}`);
  else {
    console.log('Topics (chosen by the classifier from the title and abstract):');
    for (const topic of paper.evidence) {
      const mark = paper.topics.includes(topic.id) ? '+' : ' ';
      console.log(`  ${mark} ${topic.id} (score ${topic.score}: ${topic.matches.join(', ')})`);
    }
  }
  if (paper.repairs.length > 0) {
    console.log(
      `Repaired ${paper.repairs.length} piece(s) of scraped text (the original abstract is kept in "original"):`,
    );
    for (const repair of paper.repairs.slice(0, 10))
      console.log(`  ${repair.field}: ${repair.before} -> ${repair.after}`);
  }
  for (const warning of paper.warnings) console.log(formatFinding(warning));
  console.log(
    values['dry-run']
      ? 'Dry run: nothing written.'
      : 'Next: read the file, run "npm run check", then commit it and open a pull request.',
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
