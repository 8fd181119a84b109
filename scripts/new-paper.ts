#!/usr/bin/env node
/**
 * npm run new -- [options]: write one new paper file, ready for a pull request.
 *
 * Exit codes: 0 the file was written (or printed, with --dry-run); 1 the paper was refused (already
 * in the archive, no topic fits, an id or date is malformed, the file would fail the check);
 * 2 usage error; 3 the file could not be written; 4 the metadata could not be fetched.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PAPERS_DIR, TOPICS_FILE } from '../src/lib/paper/content-paths.ts';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { siteMacros } from '../src/lib/math/site-macros.ts';
import { ArchiveBlockedError, openArchiveForWriting } from '../src/lib/storage/archive-guard.ts';
import { formatFinding } from '../src/lib/check/check-report.ts';
import {
  archivedPaper,
  NewPaperError,
  parsePastedPaper,
  planNewPaper,
  type ArchivedPaper,
} from '../src/lib/ingest/new-paper.ts';
import { isAcceptedUrl } from '../src/lib/paper/http-url.ts';
import { isCodeUrl } from '../src/lib/repair/links.ts';
import { formatDay } from '../src/lib/paper/calendar-day.ts';
import {
  lookupClients,
  lookupPaper,
  parsePaperReference,
  type PaperReference,
} from '../src/lib/ingest/lookup/paper-lookup.ts';
import { FetchError } from '../src/lib/ingest/lookup/polite-fetch.ts';
import { InputFileError, type RawPaper } from '../src/lib/ingest/inputs/raw-paper.ts';
import { decodeInput, STANDARD_INPUT } from '../src/lib/ingest/inputs/input-file.ts';
import { repairAbstract, repairTitle } from '../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../src/lib/classify/topic-classifier.ts';

const HELP = `Usage: npm run new -- [options]

Writes ${PAPERS_DIR}/<slug>.md for one paper, with the same TeX repair and topic classifier
as the ingest, and prints the file it wrote and the topics it chose (and why). A paper the
archive already has (same arXiv id, DOI or title) is refused, naming its file.

Give the paper by its arXiv id or DOI, and its metadata (title, authors, abstract, date,
categories, DOI, journal) is fetched from the arXiv API (DOIs: Crossref):
  npm run new -- --arxiv 2408.11029
  npm run new -- https://arxiv.org/abs/2408.11029v2
  npm run new -- --doi 10.1017/9781009023405
Any flag below given as well wins over what was fetched. Requests are polite (one every 3 s,
retried with backoff when the service is busy); nothing is written when the fetch fails.

Or give it with flags (also what --offline does with an id):
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
  --offline             fetch nothing: the paper is given with the flags above
  --dry-run             print the file instead of writing it
  -h, --help            show this help

Environment:
  ARCHIVE_CONTENT_DIR   the archive to add to (default: content)
  ARXIV_API_URL         the arXiv API (default: https://export.arxiv.org/api)
  CROSSREF_API_URL      Crossref's REST API (default: https://api.crossref.org)
  METADATA_CONTACT      an e-mail address for the User-Agent, as arXiv and Crossref ask
  ARCHIVE_LOCK_WAIT     seconds to wait for an ingest or another "npm run new" to finish (default: 10)

It first takes the archive lock and finishes or undoes an interrupted ingest, saying which.

Exit codes:
  0  the file was written (or printed with --dry-run)
  1  the paper was refused: the message says why and what to do
  2  usage error
  3  the file could not be written, or another command holds the archive
  4  the metadata could not be fetched (offline, no such paper, service error): nothing written`;

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

/**
 * The text of standard input (`source` 0) or a file, decoded as the ingest decodes an input
 * (UTF-8, or UTF-16 with a byte-order mark; anything else refused with its place): a paper
 * added here must read the same as the same bytes ingested. Nothing given is no text.
 */
function readGiven(source: 0 | string): string {
  const bytes = readFileSync(source);
  if (bytes.every((byte) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d))) return '';
  return decodeInput(
    bytes,
    source === 0 ? STANDARD_INPUT : source,
    'give the title, a blank line and the abstract as UTF-8 text (npm run new -- --help)',
  );
}

/** Fetches what `reference` names; prints why not and returns the exit code when it fails. */
async function fetchPaper(
  reference: PaperReference,
): Promise<{ paper: RawPaper; source: string; notes: readonly string[] } | number> {
  const clients = lookupClients(process.env, (reason, ms) => {
    if (ms >= 1000) console.error(`new: waiting ${(ms / 1000).toFixed(1)} s: ${reason}`);
  });
  const what = reference.kind === 'arxiv' ? `arXiv:${reference.id}` : `doi:${reference.doi}`;
  console.error(`new: fetching ${what} from ${reference.kind === 'arxiv' ? clients.arxivBase : clients.crossrefBase}`);
  try {
    return await lookupPaper(reference, clients);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    console.error(`new: ${error.message}`);
    if (error.kind === 'offline' || error.kind === 'timeout') {
      console.error(
        'new: to add the paper without the network: npm run new -- --offline --arxiv ID --title "..." --authors "A; B" --abstract-file FILE',
      );
    }
    console.error('new: nothing was written.');
    return 4;
  }
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
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
        offline: { type: 'boolean', default: false },
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
  const { values, positionals } = args;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(
      `new: give one paper at a time (got ${positionals.join(', ')})\nRun "npm run new -- --help" for usage.`,
    );
    return 2;
  }
  // An id given as the argument, or with --arxiv / --doi, names the paper to fetch.
  const named = positionals[0] ?? values.arxiv ?? values.doi;
  const reference = named === undefined ? undefined : parsePaperReference(named);
  if (positionals[0] !== undefined && reference === undefined) {
    console.error(
      `new: ${positionals[0]} is not an arXiv id, a DOI or a URL of either (e.g. 2401.01234, 10.1234/abcd)`,
    );
    return 2;
  }
  const abstractFile = values['abstract-file'];
  if (abstractFile !== undefined && abstractFile !== '-' && !existsSync(abstractFile)) {
    console.error(`new: no such file: ${abstractFile}`);
    return 2;
  }
  // The paper as given by hand: flags, a file, or a block piped in (never waited for at a terminal).
  let input = '';
  if (abstractFile !== undefined || !process.stdin.isTTY) {
    try {
      input = readGiven(abstractFile === undefined || abstractFile === '-' ? 0 : abstractFile);
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      console.error(`new: ${error.message}\nnew: nothing was written.`);
      return 1;
    }
  }
  let { title, abstract } =
    values.title === undefined ? parsePastedPaper(input) : { title: values.title, abstract: input };
  const given = title.trim() !== '' && abstract.trim() !== '';
  if (named !== undefined && reference === undefined && !values.offline && !given) {
    console.error(
      `new: ${named} is not an arXiv id or a DOI: write it as 2401.01234, arXiv:2401.01234v2, 10.1234/abcd or a URL of either`,
    );
    return 2;
  }
  // An id with no title and abstract given by hand: fetch them.
  const fetching = reference !== undefined && !values.offline && !given;
  if (!fetching && abstractFile === undefined && process.stdin.isTTY) {
    console.error(
      'new: give the paper by id (--arxiv ID, --doi DOI), or its abstract with --abstract-file FILE, or pipe it in (npm run new -- --help)',
    );
    return 2;
  }
  let topics;
  try {
    topics = loadTopics(TOPICS_FILE);
    // Read before anything is fetched or repaired: a bad taxonomy or macros file stops it with its
    // lines, not after a request to arXiv or with a crash mid-repair.
    siteMacros();
  } catch (error) {
    console.error(`new: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let fetched: RawPaper | undefined;
  let fetchedFrom: string | undefined;
  let fetchNotes: readonly string[] = [];
  if (fetching) {
    const result = await fetchPaper(reference);
    if (typeof result === 'number') return result;
    fetched = result.paper;
    fetchedFrom = result.source;
    fetchNotes = result.notes;
    // What was given by hand wins over what was fetched.
    if (title.trim() === '') title = fetched.title;
    if (abstract.trim() === '') abstract = fetched.abstract;
    if (abstract.trim() === '') {
      console.error(
        `new: ${fetchedFrom} has no abstract for this paper, and none is invented: give it with --abstract-file FILE. Nothing was written.`,
      );
      return 4;
    }
  }

  // Only links that pass the archive's URL rule: one bad link in a comment must not sink the paper.
  const fetchedLinks = (fetched?.links ?? []).filter(isAcceptedUrl);

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
        authors: values.authors === undefined ? (fetched?.authors ?? []) : listOf(values.authors),
        arxiv: values.arxiv ?? fetched?.arxiv ?? (reference?.kind === 'arxiv' ? reference.id : undefined),
        doi: values.doi ?? fetched?.doi,
        // URLs the service gives beside the abstract (an arXiv comment): code or other links.
        code: [...(values.code ?? []), ...fetchedLinks.filter(isCodeUrl)],
        links: [...(values.link ?? []), ...fetchedLinks.filter((url) => !isCodeUrl(url))],
        published: values.published ?? fetched?.published,
        added: values.added ?? formatDay(new Date()),
        source: values.source,
        topics: values.topic,
        categories: values.category ?? fetched?.categories,
        journal: fetched?.journal,
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
  if (fetchedFrom !== undefined) console.log(`Metadata: ${fetchedFrom}`);
  for (const note of fetchNotes) console.log(`Note: ${note}`);
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

process.exitCode = await main(process.argv.slice(2));
