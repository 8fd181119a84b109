/**
 * The ingest pipeline: raw inputs and the archive as it is -> the files to write and a report.
 *
 *   decode + detect format -> parse -> repair title and abstract -> identify (union of identity
 *   keys, within and across inputs and against the archive) -> classify -> merge into the
 *   existing file or make a new one with a permanent slug -> serialize, read back, validate.
 *
 * Nothing here touches the file system or the clock: inputs and existing files come in as
 * bytes and text, the TeX repair and the topic classifier are passed in, and the result is a
 * plan that the CLI commits atomically (or only prints, for a dry run).
 */
import { basename, join } from 'node:path';
import { TOPICS_FILE } from '../paper/content-paths.ts';
import { paperSchemaFor, type PaperData } from '../paper/schema.ts';
import {
  assertNoControlCharacters,
  decodeInput,
  detectFormat,
  FORMAT_NAMES,
  type InputFormat,
} from './inputs/input-file.ts';
import { parseArxivOai } from './inputs/arxiv-oai.ts';
import { pagingGaps, parseArxivAtom, type AtomPage } from './inputs/arxiv-atom.ts';
import { parseBibtex } from './inputs/bibtex-input.ts';
import { groupByIdentity } from './identity-groups.ts';
import { identityKeys, normalizeTitle } from '../paper/identity.ts';
import { isAcceptedUrl } from '../paper/http-url.ts';
import { isCodeUrl, normalizeUrl, refusedUrls } from '../repair/links.ts';
import { ABSTRACT_FIELD, mergePaper, type FieldDifference, type PaperContent } from './merge.ts';
import {
  findHiddenCharacters,
  hiddenCharacterProblems,
  repairInvisibleCharacters,
} from '../check/hidden-characters.ts';
import { refusedDuplicates, type IdentifiedPaper } from '../check/duplicate-detection.ts';
import type { MathCache } from '../check/markdown-hazards.ts';
import type { RuleId } from '../check/rules.ts';
import { MAX_ABSTRACT_CHARS } from '../check/markdown-limits.ts';
import { MAX_PAPER_BYTES } from '../check/text-hazards.ts';
import { readWrittenPaper, type CheckOptions, type WrittenPaperReading } from '../check/paper-check.ts';
import { parseWithCheckWords } from '../check/front-matter-values.ts';
import { parsePaperFile, PaperFileError, serializePaperFile } from '../paper/paper-file.ts';
import { InputFileError, formatProblem, type InputProblem, type PageDate, type RawPaper } from './inputs/raw-paper.ts';
import { parseScrapedPage } from './inputs/scraped-page.ts';
import { shortened, withdrawalNotice } from './inputs/record-fields.ts';
import { readableAuthorName } from '../repair/tex-typography.ts';
import { compactText } from './archive-reads.ts';
import { CHAR, isAsciiDigit, isAsciiLower, isAsciiUpper } from '../text/char-codes.ts';
import { checkDay, dayToDate } from '../paper/calendar-day.ts';
import { uniqueSlugs, type SlugClaim } from '../paper/slug.ts';
import { readableCategories } from '../paper/arxiv-categories.ts';
import type { Repair, repairAbstract, repairTitle } from '../repair/tex-repair.ts';
import type { TopicChooser } from '../classify/topic-classifier.ts';
import type { RecordText, RepairOutcome } from './repair-chunk.ts';

export type RepairTitle = typeof repairTitle;
export type RepairAbstract = typeof repairAbstract;
/** The topic classifier, as `createClassifier` makes it (the ingest reads only the topics chosen). */
export type Classify = TopicChooser;

export interface IngestInput {
  /** The input as named to the user (a path). */
  file: string;
  /** What goes in the papers' `source` field, e.g. `inbox/2025-03-14-hf-trending.txt`. */
  source: string;
  bytes: Uint8Array;
}

/** A paper file already in the archive. */
export interface ExistingFile {
  /** The file name without `.md`: the paper's permanent slug. */
  slug: string;
  path: string;
  text: string;
}

/**
 * Readings of archive files made by an earlier run, found again by the file's exact text
 * (archive-reads.ts keeps them between runs): an unchanged file need not be parsed and validated
 * again. A run remembers the files it reads and the files it plans to write.
 */
export interface ArchiveReadings {
  lookup(text: string): ArchivedReading | undefined;
  remember(text: string, reading: ArchivedReading): void;
}

/** What reading an archive file gives, whichever file it was. */
export type ArchivedReading = Omit<Archived, 'file'>;

export interface IngestOptions {
  inputs: readonly IngestInput[];
  existing: readonly ExistingFile[];
  /** Readings of the existing files kept from an earlier run; without it every file is read. */
  readings?: ArchiveReadings | undefined;
  /** Ids of the topics in `content/topics.yaml`. */
  topicIds: readonly string[];
  /** The taxonomy file, named in messages about unknown topics (default: the archive's). */
  topicsFile?: string | undefined;
  /** Where new paper files go. */
  papersDir: string;
  repairTitle: RepairTitle;
  repairAbstract: RepairAbstract;
  /**
   * Repairs many records at once, with the same outcomes as `repairTitle` and `repairAbstract`
   * record by record (repair-pool.ts's `repairAll`, which uses a second core); optional.
   */
  repairMany?: ((records: readonly RecordText[]) => RepairOutcome[]) | undefined;
  classify: Classify;
  /**
   * The taxonomy's catch-all topic, if it has one: a paper filed there gets real topics as soon as
   * an input gives evidence for them (topics a person chose are never replaced without `force`).
   */
  catchAllTopic?: string | undefined;
  /** `YYYY-MM-DD`: the `added` date for every paper, over what the inputs say. */
  added?: string | undefined;
  /** Let the inputs overwrite fields present in existing files. */
  force?: boolean | undefined;
  /** Called every 1,000 papers and at the end of each phase: repairing records, then placing and checking papers. */
  onProgress?: ((phase: ProgressPhase, done: number, total: number) => void) | undefined;
  /** Milliseconds, for the report's timings; the plan itself never depends on it. */
  now?: (() => number) | undefined;
}

export type PaperStatus = 'new' | 'updated' | 'unchanged' | 'skipped';
export type ProgressPhase = 'repair' | 'classify + check';

export interface ReportedRepair extends Repair {
  field: 'title' | 'abstract' | 'authors' | 'categories';
}

export interface PaperOutcome {
  status: PaperStatus;
  title: string;
  slug?: string | undefined;
  path?: string | undefined;
  /** The input records this paper was read from (more than one when duplicates were merged). */
  from: { file: string; line: number }[];
  /** Why the paper was skipped, and what to do. */
  reason?: string | undefined;
  repairs: ReportedRepair[];
  topics?: string[] | undefined;
  /** Nothing pointed to any topic: the paper went to the catch-all topic and needs a person to sort it. */
  unsorted?: boolean | undefined;
  filled: string[];
  replaced: FieldDifference[];
  kept: FieldDifference[];
}

export interface InputSummary {
  file: string;
  format?: string | undefined;
  /** Records read from it (before merging duplicates). */
  papers: number;
}

export interface ApartNote {
  file: string;
  line: number;
  /** The paper it resembles: another input record (`file:line`) or an archive file. */
  of: string;
  /** What the two share. */
  shared: 'title' | 'abstract';
  /** What tells them apart: different arXiv ids or DOIs, or (sharing only an abstract) different titles. */
  because: 'arxiv' | 'doi' | 'title';
}

export interface DuplicateNote {
  file: string;
  line: number;
  /** What it duplicates: another input record (`file:line`) or an archive file. */
  of: string;
}

export interface IngestReport {
  inputs: InputSummary[];
  counts: Record<PaperStatus, number>;
  papers: PaperOutcome[];
  /** Inputs that could not be read at all. */
  errors: InputProblem[];
  warnings: InputProblem[];
  duplicates: DuplicateNote[];
  /** Records kept as papers of their own although they share a title or abstract with another paper. */
  apart: ApartNote[];
  /** Milliseconds per phase; `papersPerSecond` covers parse + repair + classify. */
  timings: { parse: number; repairClassify: number; plan: number; papersPerSecond: number };
}

export interface PlannedWrite {
  path: string;
  slug: string;
  status: 'new' | 'updated';
  content: string;
}

export interface IngestPlan {
  writes: PlannedWrite[];
  report: IngestReport;
}

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/;

/**
 * The years to try, latest first, for a page date without one: no month and day recurs after a
 * longer gap than 29 February (8 years, from 2096 to 2104, as 2100 is no leap year).
 */
const LONGEST_GAP_BETWEEN_SAME_DAYS = 8;

/**
 * The latest day with `month` and `day` that is not after `saved` (`YYYY-MM-DD`): a page is never
 * dated after the day it was saved, so "Dec 31" on a page saved on 2025-01-02 is 2024-12-31 and
 * "Feb 29" on one saved on 2025-01-05 is 2024-02-29. `undefined` when no year has that day.
 */
function latestDayNotAfter(saved: string, month: number, day: number): string | undefined {
  const savedYear = Number(saved.slice(0, 4));
  for (let year = savedYear; year >= savedYear - LONGEST_GAP_BETWEEN_SAME_DAYS; year -= 1) {
    const candidate = checkDay(year, month, day);
    if (candidate !== undefined && candidate <= saved) return candidate;
  }
  return undefined;
}

/**
 * The `added` date of a paper: `--added` if given; else the date heading it sat under on the
 * page, with the year from the page or, failing that, the latest year that puts it on or before
 * the day in the input's `YYYY-MM-DD` file-name prefix (`latestDayNotAfter`); else the file-name
 * date. Returns an error message when none of these gives a date.
 */
export function resolveAdded(
  file: string,
  pageDate: PageDate | undefined,
  override: string | undefined,
): string | Error {
  if (override !== undefined) return override;
  const prefix = DATE_PREFIX.exec(basename(file));
  const fileDay = prefix === null ? undefined : checkDay(Number(prefix[1]), Number(prefix[2]), Number(prefix[3]));
  const remedy = `rename the input with a date prefix (YYYY-MM-DD-${basename(file).replace(DATE_PREFIX, '').replace(/^-/, '')}) or pass --added YYYY-MM-DD`;
  if (pageDate === undefined) {
    if (fileDay !== undefined) return fileDay;
    return new Error(`no date for "added": the input names no date: ${remedy}`);
  }
  const shown = `the page date (month ${pageDate.month}, day ${pageDate.day})`;
  if (pageDate.year !== undefined) {
    const day = checkDay(pageDate.year, pageDate.month, pageDate.day);
    return day ?? new Error(`${shown} is not a day in ${pageDate.year}: ${remedy}`);
  }
  if (fileDay === undefined) return new Error(`${shown} has no year: ${remedy}`);
  return (
    latestDayNotAfter(fileDay, pageDate.month, pageDate.day) ??
    new Error(`${shown} is no day of any year: fix the date line, or pass --added YYYY-MM-DD`)
  );
}

/** An input record, repaired, with the keys that identify it: what phases 4 and 5 work on. */
export interface RepairedRecord {
  raw: RawPaper;
  source: string;
  added: string;
  title: string;
  body: string;
  code: string[];
  links: string[];
  repairs: ReportedRepair[];
  keys: string[];
}

/** A paper file of the archive as the plan reads it. */
export interface Archived {
  file: ExistingFile;
  content?: PaperContent | undefined;
  /** Why the file cannot be merged into (it does not parse or validate). */
  invalid?: string | undefined;
  keys: string[];
}

function excerpt(text: string, length = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values === undefined || values.length === 0 ? undefined : [...values];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A report with nothing in it yet: the plan's phases fill it in. */
export function emptyReport(): IngestReport {
  return {
    inputs: [],
    counts: { new: 0, updated: 0, unchanged: 0, skipped: 0 },
    papers: [],
    errors: [],
    warnings: [],
    duplicates: [],
    apart: [],
    timings: { parse: 0, repairClassify: 0, plan: 0, papersPerSecond: 0 },
  };
}

export type Skip = (
  title: string,
  from: { file: string; line: number }[],
  reason: string,
  repairs?: ReportedRepair[],
) => void;

/** Reports a record the plan leaves out, with where it came from and why. */
export function skipper(report: IngestReport): Skip {
  return (title, from, reason, repairs = []) => {
    report.papers.push({ status: 'skipped', title, from, reason, repairs, filled: [], replaced: [], kept: [] });
  };
}

/** A parsed record with the input it came from and its resolved `added` day. */
export interface ParsedRecord {
  raw: RawPaper;
  source: string;
  added: string;
}

/**
 * Phase 1 of the plan: parse every input by its format, resolve each paper's `added` day. An
 * input that cannot be read, or gives no paper, is an error; a record that cannot be used is
 * skipped; both are reported.
 */
export function parseInputs(
  inputs: readonly IngestInput[],
  addedOverride: string | undefined,
  report: IngestReport,
  skip: Skip,
): ParsedRecord[] {
  const parsed: ParsedRecord[] = [];
  const atomPages: AtomPage[] = [];
  for (const input of inputs) {
    const summary: InputSummary = { file: input.file, papers: 0 };
    report.inputs.push(summary);
    // Every paper of the input records its name as `source`: a name the check refuses spoils them all.
    const [badName] = hiddenCharacterProblems(findHiddenCharacters(input.source), { where: ' in the input file name' });
    if (badName !== undefined) {
      report.errors.push({
        file: input.file,
        line: 1,
        message: `its papers would fail the check (${badName.rule}: ${badName.message}): rename the file and ingest it again`,
      });
      continue;
    }
    let format: InputFormat;
    let result;
    try {
      const text = decodeInput(input.bytes, input.file);
      format = detectFormat(input.file, text);
      summary.format = FORMAT_NAMES[format];
      if (format === 'arxiv-oai') {
        result = parseArxivOai(text, input.file);
      } else if (format === 'arxiv-atom') {
        result = parseArxivAtom(text, input.file);
        atomPages.push(result.page);
      } else if (format === 'bibtex') {
        result = parseBibtex(text, input.file);
      } else {
        assertNoControlCharacters(text, input.file);
        result = parseScrapedPage(text, input.file);
      }
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      report.errors.push(error.problem);
      continue;
    }
    report.warnings.push(...result.warnings);
    for (const problem of result.problems) {
      skip(problem.title ?? '(no title)', [{ file: problem.file, line: problem.line }], formatProblem(problem));
    }
    if (result.papers.length === 0 && result.problems.length === 0) {
      report.errors.push({
        file: input.file,
        line: 1,
        message: NO_PAPERS[format],
      });
      continue;
    }
    // Papers under one date heading share their date: resolved once per heading, not per paper.
    const addedByHeading = new Map<string, string | Error>();
    const dated = result.papers.map((raw) => {
      const heading =
        raw.pageDate === undefined ? '' : `${raw.pageDate.year}-${raw.pageDate.month}-${raw.pageDate.day}`;
      let added = addedByHeading.get(heading);
      if (added === undefined) {
        added = resolveAdded(input.file, raw.pageDate, addedOverride);
        addedByHeading.set(heading, added);
      }
      return { raw, added };
    });
    const undated = dated.filter((entry) => entry.added instanceof Error);
    if (undated.length > 0 && undated.length === dated.length) {
      // Every paper of the input lacks a date for the same reason: one error, not one per paper.
      const first = undated[0];
      report.errors.push({
        file: input.file,
        line: first?.raw.line ?? 1,
        message: String((first?.added as Error).message),
      });
      continue;
    }
    for (const entry of dated) {
      if (entry.added instanceof Error) {
        skip(
          entry.raw.title,
          [{ file: entry.raw.file, line: entry.raw.line }],
          formatProblem({ ...entry.raw, message: entry.added.message }),
        );
      } else {
        parsed.push({ raw: entry.raw, source: input.source, added: entry.added });
        summary.papers += 1;
      }
    }
  }
  report.warnings.push(...pagingGaps(atomPages));
  return parsed;
}

/**
 * Phase 4 of the plan: group the archive files and the records by identity (identity-groups.ts
 * has the rules); archive files are nodes 0..A-1, records A..A+R-1. Returns the groups that hold
 * a record, and the records held back (with why) because their identifiers contradict.
 */
export function groupRecords(
  archived: readonly Pick<Archived, 'keys' | 'file'>[],
  records: readonly Pick<RepairedRecord, 'keys' | 'raw'>[],
  report: IngestReport,
): { ordered: { archived: number[]; records: number[] }[]; held: Map<number, string> } {
  const grouping = groupByIdentity([
    ...archived.map((entry) => ({ keys: entry.keys, archived: true })),
    ...records.map((record) => ({ keys: record.keys, archived: false })),
  ]);
  const describe = (node: number): string => {
    if (node < archived.length) return archived[node]?.file.path ?? 'the archive';
    const record = records[node - archived.length];
    return record === undefined ? 'another record' : `${record.raw.file}:${record.raw.line}`;
  };
  const held = new Map<number, string>();
  for (const note of grouping.held) {
    const record = records[note.node - archived.length];
    if (record === undefined) continue;
    held.set(
      note.node - archived.length,
      `has the DOI of ${describe(note.other)} but a different arXiv id: one of the two ids is wrong; fix the input (or that paper file) and ingest again`,
    );
  }
  for (const note of grouping.apart) {
    const record = records[note.node - archived.length];
    // A record held back is skipped, not added: "Kept apart" pairs only papers that are added.
    const isHeld = (node: number) => node >= archived.length && held.has(node - archived.length);
    if (record === undefined || isHeld(note.node) || isHeld(note.other)) continue;
    report.apart.push({
      file: record.raw.file,
      line: record.raw.line,
      of: describe(note.other),
      shared: note.kind === 'abstract' ? 'abstract' : 'title',
      because: note.because,
    });
  }
  const ordered = grouping.groups
    .map((nodes) => ({
      archived: nodes.filter((node) => node < archived.length),
      records: nodes.filter((node) => node >= archived.length).map((node) => node - archived.length),
    }))
    .filter((group) => group.records.length > 0);
  return { ordered, held };
}

/** Plans an ingest. Pure: same options, same plan and report (timings aside). */
export function planIngest(options: IngestOptions): IngestPlan {
  const now = options.now ?? (() => 0);
  const schema = paperSchemaFor(options.topicIds);
  // Abstracts repeat small formulas ($n$, $k$): KaTeX judges each distinct one once per run.
  const mathCache: MathCache = new Map();
  const checkOptions: CheckOptions = {
    topicIds: options.topicIds,
    topicsFile: options.topicsFile ?? TOPICS_FILE,
    mathCache,
  };
  const report = emptyReport();
  const skip = skipper(report);

  // 1. Parse every input.
  const started = now();
  const parsed = parseInputs(options.inputs, options.added, report, skip);
  const afterParse = now();

  // 2. Repair every record and work out what identifies it.
  const records = repairRecords(parsed, options, skip);
  const afterRepair = now();

  // 3. Read the archive once and index it by identity.
  const archived: Archived[] = options.existing.map((file) => {
    const known = options.readings?.lookup(file.text);
    if (known !== undefined) return { ...known, file };
    const read = readArchived(file, schema);
    const { file: _file, ...reading } = read;
    options.readings?.remember(file.text, reading);
    return read;
  });
  for (const entry of archived) {
    if (entry.invalid !== undefined) report.warnings.push({ file: entry.file.path, line: 1, message: entry.invalid });
  }

  // 4. Group: archive files are nodes 0..A-1, records A..A+R-1 (identity-groups.ts has the rules).
  const grouping = groupRecords(archived, records, report);

  // 5. One paper per group: merge, classify, place, validate.
  const { planned, classifyTime } = placePapers(
    grouping,
    archived,
    records,
    { ...options, checkOptions, now },
    report,
    skip,
  );

  // 6. The check's duplicate rules across the archive and the plan.
  const writes = skipDuplicates(archived, planned);
  const finished = now();

  for (const paper of report.papers) report.counts[paper.status] += 1;
  const repairClassify = afterRepair - afterParse + classifyTime;
  report.timings = {
    parse: afterParse - started,
    repairClassify,
    plan: finished - afterRepair - classifyTime,
    papersPerSecond:
      records.length === 0
        ? 0
        : Math.round((records.length * 1000) / Math.max(afterParse - started + repairClassify, 1e-3)),
  };
  writes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { writes, report };
}

/**
 * Phase 2 of the plan: repair each record's title and abstract and work out the keys that
 * identify it. A record that cannot become a paper whatever the repair does (an abstract past the
 * size cap, a deceptive URL, a repair that throws) is skipped and reported; the rest are returned
 * in input order.
 */
export function repairRecords(
  parsed: readonly ParsedRecord[],
  tools: Pick<IngestOptions, 'repairTitle' | 'repairAbstract' | 'repairMany' | 'onProgress'>,
  skip: Skip,
): RepairedRecord[] {
  const prepared = parsed.map(prepareRecord);
  // A batch repair (on two threads) gives the same outcomes as the per-record calls, in order.
  const batch = tools.repairMany?.(
    prepared.flatMap((entry) => ('raw' in entry ? [{ title: entry.raw.title, abstract: entry.raw.abstract }] : [])),
  );
  let repaired = 0;
  const records: RepairedRecord[] = [];
  const total = parsed.length;
  for (const [index, entry] of parsed.entries()) {
    const ready = prepared[index] as PreparedRecord;
    let record: RepairedRecord | undefined;
    if ('skipped' in ready) {
      skip(...ready.skipped);
    } else {
      const outcome = batch === undefined ? repairOne(ready.raw, tools) : (batch[repaired] as RepairOutcome);
      repaired += 1;
      record = finishRecord(entry, ready, outcome, skip);
    }
    if (record !== undefined) records.push(record);
    if (tools.onProgress !== undefined && ((index + 1) % 1000 === 0 || index + 1 === total)) {
      tools.onProgress('repair', index + 1, total);
    }
  }
  return records;
}

/** A record ready for the repair (invisible characters removed), or why it is skipped. */
type PreparedRecord = { raw: RawPaper; readingRepairs: ReportedRepair[] } | { skipped: Parameters<Skip> };

/** A record skipped before its repair, with `message` said at its place in its input. */
function skippedRecord(record: RawPaper, message: string): PreparedRecord {
  return {
    skipped: [record.title, [{ file: record.file, line: record.line }], formatProblem({ ...record, message })],
  };
}

function prepareRecord({ raw: scraped }: ParsedRecord): PreparedRecord {
  // The abstract is in the file either way (as the body, or as `original`): past the cap, no repair can make it fit.
  const oversized = abstractTooLarge(scraped.abstract);
  if (oversized !== undefined) {
    return skippedRecord(scraped, oversized);
  }
  // A withdrawn paper's record carries the withdrawal notice in place of its abstract: that is no paper to add.
  const notice = withdrawalNotice(scraped.abstract);
  if (notice !== undefined) {
    return skippedRecord(
      scraped,
      `the abstract is a withdrawal notice ("${shortened(notice, 80)}"): a withdrawn paper is not added; to keep it anyway, write its file by hand with its original abstract`,
    );
  }
  const { raw, repairs: readingRepairs } = readableRecord(scraped);
  // A URL that goes elsewhere than it reads is refused as the check refuses it, before the
  // repair can turn it into something else (`--` into a dash) that would hide it.
  const deceptive = deceptiveUrl(raw);
  if (deceptive !== undefined) {
    return skippedRecord(raw, deceptive);
  }
  return { raw, readingRepairs };
}

function repairOne(raw: RawPaper, tools: Pick<IngestOptions, 'repairTitle' | 'repairAbstract'>): RepairOutcome {
  try {
    return { title: tools.repairTitle(raw.title), abstract: tools.repairAbstract(raw.abstract) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The record, repaired and keyed; `undefined` when the repair failed on it (and it was reported). */
function finishRecord(
  { source, added }: ParsedRecord,
  { raw, readingRepairs }: { raw: RawPaper; readingRepairs: ReportedRepair[] },
  outcome: RepairOutcome,
  skip: Skip,
): RepairedRecord | undefined {
  if ('error' in outcome) {
    // A bug in the repair must not sink the whole input: this paper is reported, the rest go on.
    const message = `the TeX repair failed on this paper (${outcome.error}): please report this bug; the paper was not ingested`;
    skip(raw.title, [{ file: raw.file, line: raw.line }], formatProblem({ file: raw.file, line: raw.line, message }));
    return undefined;
  }
  const { title, abstract } = outcome;
  const repairs: ReportedRepair[] = [
    ...readingRepairs,
    ...title.repairs.map((repair) => ({ field: 'title' as const, ...repair })),
    ...abstract.repairs.map((repair) => ({ field: 'abstract' as const, ...repair })),
  ];
  // The title as scraped identifies the paper too, so a later fix to the repair cannot split it from its file.
  const keys = usableKeys([
    ...identityKeys({ title: title.markdown, arxiv: raw.arxiv, doi: raw.doi }),
    title.markdown === raw.title ? undefined : `title:${normalizeTitle(raw.title)}`,
    abstractKey(raw.abstract),
  ]);
  // Links the input gives beside the abstract (an arXiv comment, a BibTeX url): http(s) only.
  const given = (raw.links ?? [])
    .map(normalizeUrl)
    .filter((url): url is string => url !== undefined && isAcceptedUrl(url));
  return {
    raw,
    source,
    added,
    title: title.markdown,
    body: abstract.markdown,
    code: unique([...abstract.code, ...given.filter(isCodeUrl)]),
    links: unique([...abstract.links, ...given.filter((url) => !isCodeUrl(url))]),
    repairs,
    keys,
  };
}

/** A paper file the plan writes, with its line in the report and what the duplicate rules see of it. */
export interface PlannedPaper {
  write: PlannedWrite;
  outcome: PaperOutcome;
  /** The input record it was read from first. */
  where: { file: string; line: number };
  identity: IdentifiedPaper;
}

/** What placing papers needs besides the groups: the ingest's options, the check's, and the clock. */
export interface PlaceSettings extends Pick<
  IngestOptions,
  'papersDir' | 'classify' | 'catchAllTopic' | 'force' | 'onProgress' | 'readings'
> {
  checkOptions: CheckOptions;
  /** Milliseconds, for the time spent classifying. */
  now: () => number;
}

/**
 * Phase 5 of the plan: one paper per group (as `groupRecords` returns them). The group's records
 * are combined, classified, and merged into the archive file they match or made a new paper with
 * a slug no other file has; the file is serialized and must pass the check. A group that matches
 * several archive files or an unreadable one, a record held back, and a paper that has no topic,
 * fails to classify or would fail the check are skipped and reported; an archive file the input
 * leaves as it is is reported unchanged. Returns the papers to write, in group order, and the
 * milliseconds spent classifying.
 */
export function placePapers(
  grouping: { ordered: readonly { archived: number[]; records: number[] }[]; held: ReadonlyMap<number, string> },
  archived: readonly Archived[],
  records: readonly RepairedRecord[],
  settings: PlaceSettings,
  report: IngestReport,
  skip: Skip,
): { planned: PlannedPaper[]; classifyTime: number } {
  const { ordered, held } = grouping;
  const { now } = settings;
  const force = settings.force === true;
  const slugs = newPaperSlugs(ordered, held, archived, records);
  const planned: PlannedPaper[] = [];
  let classifyTime = 0;
  for (const [groupIndex, group] of ordered.entries()) {
    if (settings.onProgress !== undefined && (groupIndex % 1000 === 999 || groupIndex + 1 === ordered.length)) {
      settings.onProgress('classify + check', groupIndex + 1, ordered.length);
    }
    const target = group.archived.length === 1 ? archived[group.archived[0] ?? 0] : undefined;
    const recordsOf = group.records.map((index) => records[index]).filter((record) => record !== undefined);
    if (group.archived.length > 1) {
      const files = group.archived.map((index) => archived[index]?.file.path).join(', ');
      for (const record of recordsOf) {
        skip(
          record.title,
          [from(record)],
          `${formatProblem({ ...from(record), message: `matches several papers in the archive (${files}): merge those files by hand, then ingest again` })}`,
          record.repairs,
        );
      }
      continue;
    }
    if (target?.invalid !== undefined) {
      for (const record of recordsOf) {
        skip(
          record.title,
          [from(record)],
          formatProblem({
            ...from(record),
            message: `is the paper in ${target.file.path}, which cannot be read (${target.invalid}): fix that file first (npm run check shows how)`,
          }),
          record.repairs,
        );
      }
      continue;
    }

    const accepted: RepairedRecord[] = [];
    for (const [position, record] of recordsOf.entries()) {
      const reason = held.get(group.records[position] ?? -1);
      if (reason === undefined) accepted.push(record);
      else skip(record.title, [from(record)], formatProblem({ ...from(record), message: reason }), record.repairs);
    }
    const [first, ...rest] = accepted;
    if (first === undefined) continue;
    const { combined, kept, replaced } = combineRecords(first, rest, force, report);
    const sources = accepted.map(from);

    const classifyStart = now();
    let classification: ReturnType<Classify>;
    try {
      classification = settings.classify({
        title: combined.title,
        abstract: combined.body,
        ...(combined.raw.categories === undefined ? {} : { categories: combined.raw.categories }),
      });
    } catch (error) {
      const message = `the topic classifier failed on this paper (${error instanceof Error ? error.message : String(error)}): please report this bug; the paper was not ingested`;
      skip(combined.title, sources, formatProblem({ ...from(first), message }), combined.repairs);
      continue;
    }
    classifyTime += now() - classifyStart;
    const topics = classification.topics;
    const incoming = paperContent(combined, topics);

    let outcome: PaperOutcome;
    let content: PaperContent;
    if (target?.content !== undefined) {
      const merged = mergePaper(resortable(target.content, classification, settings.catchAllTopic), incoming, {
        force,
      });
      content = merged;
      const changed = merged.filled.length > 0 || merged.replaced.length > 0;
      outcome = {
        status: changed ? 'updated' : 'unchanged',
        title: merged.data.title,
        slug: target.file.slug,
        path: target.file.path,
        from: sources,
        repairs: changed ? combined.repairs : [],
        topics: merged.data.topics,
        unsorted:
          classification.noEvidence &&
          merged.data.topics.length === 1 &&
          merged.data.topics[0] === settings.catchAllTopic,
        filled: merged.filled,
        replaced: [...replaced, ...merged.replaced],
        kept: [...kept, ...merged.kept],
      };
      if (!changed) {
        report.papers.push(outcome);
        continue;
      }
    } else {
      if (topics.length === 0) {
        skip(combined.title, sources, noTopics(combined), combined.repairs);
        continue;
      }
      const slug = slugs.get(groupIndex);
      // Every group of new records has a claimant in newPaperSlugs: its first record not held back.
      if (slug === undefined) throw new Error(`No slug was chosen for the new paper "${combined.title}"`);
      content = incoming;
      outcome = {
        status: 'new',
        title: combined.title,
        slug,
        path: join(settings.papersDir, `${slug}.md`),
        from: sources,
        repairs: combined.repairs,
        topics,
        unsorted: classification.noEvidence,
        filled: [],
        replaced,
        kept,
      };
    }

    const text = serializePaperFile(content.data, content.body);
    // Read back from a compact copy when the reading is kept: it is then stored as compactly as
    // one made from the file on disk (compactText, archive-reads.ts).
    const checked = checkPlanned(
      outcome.path ?? '',
      settings.readings === undefined ? text : compactText(text),
      settings.checkOptions,
    );
    if (checked.refusal !== undefined) {
      skip(combined.title, sources, formatProblem({ ...from(first), message: checked.refusal }), combined.repairs);
      continue;
    }
    // Kept by the file's exact text, so it serves the next run only if this file is written.
    if (checked.read !== undefined) settings.readings?.remember(text, readingOf(checked.read));
    report.papers.push(outcome);
    const write: PlannedWrite = {
      path: outcome.path ?? '',
      slug: outcome.slug ?? '',
      status: outcome.status === 'new' ? 'new' : 'updated',
      content: text,
    };
    planned.push({ write, outcome, where: from(first), identity: identified(write.path, content.data) });
  }
  return { planned, classifyTime };
}

/**
 * The slug of each group that becomes a new paper (by group index), from the title of its first
 * record, as a first ingest of that record alone would name it. All are given at once
 * (`uniqueSlugs`), so which of two papers whose titles slugify alike gets the plain slug does not
 * depend on the order of the inputs. A paper skipped later leaves its slug unused in this run.
 */
function newPaperSlugs(
  ordered: readonly { archived: number[]; records: number[] }[],
  held: ReadonlyMap<number, string>,
  archived: readonly Archived[],
  records: readonly RepairedRecord[],
): Map<number, string> {
  const claimants: (SlugClaim & { group: number })[] = [];
  for (const [group, { archived: files, records: members }] of ordered.entries()) {
    if (files.length > 0) continue;
    const first = members.find((index) => !held.has(index));
    const record = first === undefined ? undefined : records[first];
    if (record === undefined) continue;
    claimants.push({
      group,
      title: record.title,
      distinction: [...record.keys].sort().join(' '),
      ids: { arxiv: record.raw.arxiv, doi: record.raw.doi },
    });
  }
  const taken = new Set(archived.map((entry) => entry.file.slug));
  const slugs = uniqueSlugs(claimants, (slug) => taken.has(slug));
  return new Map(claimants.map((claimant, index) => [claimant.group, slugs[index] ?? '']));
}

/** Where a record was read. */
function from(record: RepairedRecord): { file: string; line: number } {
  return { file: record.raw.file, line: record.raw.line };
}

/** What records of one paper combine into, and where they disagree. */
interface CombinedRecords {
  combined: RepairedRecord;
  /** Values of a later record the paper did not take (without `force`). */
  kept: FieldDifference[];
  /** Values of an earlier record a later one replaced (`force`). */
  replaced: FieldDifference[];
}

/** The fields of a record a later record of the same paper may fill or differ in, as `mergePaper` compares them. */
function mergeable(record: RepairedRecord): PaperContent {
  const { raw } = record;
  return {
    data: {
      title: record.title,
      authors: raw.authors,
      arxiv: raw.arxiv,
      doi: raw.doi,
      categories: raw.categories,
      journal: raw.journal,
      comments: raw.comments,
      license: raw.license,
      published: raw.published,
      updated: raw.updated,
      original: record.body !== raw.abstract ? raw.abstract : undefined,
    } as unknown as PaperData,
    body: record.body,
  };
}

/** Repairs belong to the text they were made on: a field taken from another record takes its repairs. */
const REPAIRED_FIELDS: readonly ReportedRepair['field'][] = ['title', 'abstract', 'authors'];

/**
 * `record`'s value of `field` put into `combined`, as `mergePaper` took it. The title and the
 * abstract go with the text they were repaired from, and `original` with its abstract.
 */
function takeField(combined: RepairedRecord, record: RepairedRecord, field: string): void {
  if (field === 'title') {
    combined.title = record.title;
    combined.raw.title = record.raw.title;
  } else if (field === ABSTRACT_FIELD || field === 'original') {
    combined.body = record.body;
    combined.raw.abstract = record.raw.abstract;
  } else {
    (combined.raw as unknown as Record<string, unknown>)[field] = (record.raw as unknown as Record<string, unknown>)[
      field
    ];
  }
  const repaired = field === 'original' ? ABSTRACT_FIELD : field;
  if ((REPAIRED_FIELDS as readonly string[]).includes(repaired)) {
    combined.repairs = [
      ...combined.repairs.filter((repair) => repair.field !== repaired),
      ...record.repairs.filter((repair) => repair.field === repaired),
    ];
  }
}

/**
 * Duplicate records of one paper combined as successive runs would merge them into its file
 * (`mergePaper`): the first wins and later ones fill what it lacks, or with `force` replace what
 * they give; the latest `updated` counts; code and links are pooled. Every value a later record
 * differs in is returned, with the records of both values, and reported like a difference with
 * the archive's file. A group never holds two arXiv ids. Each later record is reported as a
 * duplicate of the first.
 */
function combineRecords(
  first: RepairedRecord,
  rest: readonly RepairedRecord[],
  force: boolean,
  report: IngestReport,
): CombinedRecords {
  const combined: RepairedRecord = { ...first, raw: { ...first.raw }, repairs: [...first.repairs] };
  const kept: FieldDifference[] = [];
  const replaced: FieldDifference[] = [];
  // Which record each value of the paper came from, so a difference names both records.
  const origin = new Map<string, string>();
  const originOf = (field: string): string =>
    origin.get(field === 'original' ? ABSTRACT_FIELD : field) ?? `${first.raw.file}:${first.raw.line}`;
  for (const record of rest) {
    const place = `${record.raw.file}:${record.raw.line}`;
    const merged = mergePaper(mergeable(combined), mergeable(record), { force });
    const withPlaces = (difference: FieldDifference): FieldDifference => ({
      ...difference,
      from: { file: originOf(difference.field), input: place },
    });
    kept.push(...merged.kept.map(withPlaces));
    replaced.push(...merged.replaced.map(withPlaces));
    for (const field of [...merged.filled, ...merged.replaced.map((difference) => difference.field)]) {
      takeField(combined, record, field);
      origin.set(field === 'original' ? ABSTRACT_FIELD : field, place);
    }
    combined.code = unique([...combined.code, ...record.code]);
    combined.links = unique([...combined.links, ...record.links]);
  }
  // Records that were one paper with an earlier record; matching an archive file is not duplication.
  for (const record of rest) report.duplicates.push({ ...from(record), of: `${first.raw.file}:${first.raw.line}` });
  return { combined, kept, replaced };
}

/** The paper a (combined) record makes, with its topics, as the merge and the serializer take it. */
function paperContent(record: RepairedRecord, topics: ReturnType<Classify>['topics']): PaperContent {
  return {
    data: {
      title: record.title,
      authors: nonEmpty(record.raw.authors),
      arxiv: record.raw.arxiv,
      doi: record.raw.doi,
      categories: nonEmpty(record.raw.categories),
      journal: record.raw.journal,
      comments: record.raw.comments,
      license: record.raw.license,
      published: record.raw.published === undefined ? undefined : dayToDate(record.raw.published),
      updated: record.raw.updated === undefined ? undefined : dayToDate(record.raw.updated),
      added: dayToDate(record.added),
      topics,
      code: nonEmpty(record.code),
      links: nonEmpty(record.links),
      source: record.source,
      original: record.body !== record.raw.abstract ? record.raw.abstract : undefined,
    } as PaperData,
    body: record.body,
  };
}

/**
 * Phase 6 of the plan: the check's duplicate rules across the archive and the plan. A new paper
 * whose title is nearly another's, with no ids to tell them apart (or whose title or id another
 * file already has), would fail the check: its outcome becomes skipped, with the rule's reason.
 * Returns the writes that remain, in the order planned.
 */
export function skipDuplicates(
  archived: readonly Pick<Archived, 'file' | 'content'>[],
  planned: readonly PlannedPaper[],
): PlannedWrite[] {
  const rewritten = new Set(planned.map((entry) => entry.write.path));
  const incoming = planned.filter((entry) => entry.write.status === 'new');
  const refused = refusedDuplicates(
    [
      ...archived.flatMap((entry) =>
        entry.content === undefined || rewritten.has(entry.file.path)
          ? []
          : [identified(entry.file.path, entry.content.data)],
      ),
      ...planned.filter((entry) => entry.write.status === 'updated').map((entry) => entry.identity),
    ],
    incoming.map((entry) => entry.identity),
  );
  const dropped = new Set<PlannedWrite>();
  for (const [index, { rule, other }] of refused) {
    const entry = incoming[index];
    if (entry === undefined) continue;
    dropped.add(entry.write);
    Object.assign(entry.outcome, {
      status: 'skipped',
      slug: undefined,
      path: undefined,
      reason: formatProblem({ ...entry.where, message: duplicateReason(rule, other) }),
    });
  }
  return planned.map((entry) => entry.write).filter((write) => !dropped.has(write));
}

/** A paper as the check's duplicate rules see it (positions do not matter here). */
function identified(path: string, data: Pick<PaperData, 'title' | 'arxiv' | 'doi'>): IdentifiedPaper {
  return { file: path, title: data.title, arxiv: data.arxiv, doi: data.doi, at: { title: { line: 2, column: 1 } } };
}

/** Why a new paper is skipped for colliding with `other`, in the words of the check's rule. */
function duplicateReason(rule: RuleId, other: IdentifiedPaper): string {
  const what =
    rule === 'near-duplicate-title'
      ? `its title is nearly the same as "${other.title}" (${other.file})`
      : rule === 'duplicate-arxiv'
        ? `its arXiv id is already used by ${other.file}`
        : rule === 'duplicate-doi'
          ? `its DOI is already used by ${other.file}`
          : `its title is already used by ${other.file}`;
  return `the paper would fail the check (${rule}: ${what}): if it is the same paper, it is already in; if not, fix its title or give it its arXiv id or DOI in the input, or add it by hand`;
}

const NO_PAPERS: Record<InputFormat, string> = {
  'arxiv-oai': 'no records found: put one arXiv OAI JSON object per line',
  'arxiv-atom':
    'no entries found: the arXiv API found nothing for this query (<opensearch:totalResults> is 0); check the query',
  bibtex: 'no entries found: a BibTeX file holds entries such as @article{key, title = {...}, abstract = {...}}',
  'scraped-page':
    'no papers found: a scraped page lists each paper as a title line followed by its abstract paragraph, separated by blank lines',
};

/** Why a record's title or abstract cannot be ingested for a deceptive URL in it (src/lib/repair/links.ts), or `undefined`. */
function deceptiveUrl(raw: RawPaper): string | undefined {
  for (const [where, text] of [
    ['title', raw.title],
    ['abstract', raw.abstract],
  ] as const) {
    const [refused] = refusedUrls(text);
    if (refused !== undefined) {
      return `the ${where} would fail the check (${refused.problem.rule}: ${refused.problem.message}): fix the input record, or add the paper by hand`;
    }
  }
  return undefined;
}

/** Abstracts with fewer letters and digits than this are too generic to identify a paper. */
const MIN_IDENTIFYING_ABSTRACT = 200;
/** Enough of an abstract to tell it from every other; reading no further keeps the key cheap. */
const IDENTIFYING_PREFIX = 600;

/**
 * A key for the abstract as scraped: the same abstract is the same paper, even after a person
 * has corrected its title in the file (the file keeps the scraped abstract in `original`, or as
 * its body when nothing needed repair). Built from the first 600 ASCII letters and digits,
 * lower-cased, so wrapping, spacing, punctuation and TeX escapes do not matter; hashed, so the
 * index stays small. `undefined` for short abstracts. One plain loop and no allocation, as it
 * runs once per record of a 100,000-record dump.
 */
export function abstractKey(abstract: string): string | undefined {
  // Two 32-bit FNV-1a hashes with different offsets: 64 bits, no collision in any realistic archive.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let count = 0;
  for (let i = 0; i < abstract.length && count < IDENTIFYING_PREFIX; i += 1) {
    let code = abstract.charCodeAt(i);
    if (isAsciiUpper(code)) code += CHAR.LOWER_A - CHAR.UPPER_A;
    else if (!(isAsciiLower(code) || isAsciiDigit(code))) continue;
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x050c5d1f);
    count += 1;
  }
  if (count < MIN_IDENTIFYING_ABSTRACT) return undefined;
  return `abstract:${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/**
 * Distinct keys, without the empty title key: a title with no letters or digits ("???")
 * normalizes to nothing, and all such titles would otherwise count as one paper.
 */
function usableKeys(keys: readonly (string | undefined)[]): string[] {
  return [...new Set(keys)].filter((key): key is string => key !== undefined && key !== 'title:');
}

/**
 * The archived paper as the merge should see it: a paper parked in the catch-all topic counts as
 * having no topics once the input gives evidence, so the merge fills real ones.
 */
function resortable(
  archived: PaperContent,
  classification: ReturnType<Classify>,
  catchAll: string | undefined,
): PaperContent {
  const topics = archived.data.topics;
  if (catchAll === undefined || classification.noEvidence || topics.length !== 1 || topics[0] !== catchAll)
    return archived;
  const { topics: _parked, ...data } = archived.data;
  return { ...archived, data: data as PaperData };
}

function noTopics(record: RepairedRecord): string {
  const where = `${record.raw.file}:${record.raw.line}`;
  return (
    `${where}: no topic fits "${excerpt(record.title)}" (no match phrase of content/topics.yaml occurs in its title or abstract): ` +
    'add a match phrase for it to content/topics.yaml, or write the paper file by hand with its topics'
  );
}

/** What identifies an archive file: keys from its front matter as YAML reads it, and its abstract. */
function archivedKeys(data: Record<string, unknown>, body: string): string[] {
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : undefined);
  const title = text('title');
  return usableKeys([
    ...(title === undefined ? [] : identityKeys({ title, arxiv: text('arxiv'), doi: text('doi') })),
    abstractKey(text('original') ?? body),
  ]);
}

/** An archive file parsed, validated and keyed; a file that does not parse or validate says why. */
export function readArchived(file: ExistingFile, schema: ReturnType<typeof paperSchemaFor>): Archived {
  let data: Record<string, unknown>;
  let body: string;
  try {
    ({ data, body } = parsePaperFile(file.text));
  } catch (error) {
    const line = error instanceof PaperFileError ? error.line : 1;
    const message = error instanceof Error ? error.message : String(error);
    return { file, keys: [], invalid: `line ${line}: ${message}` };
  }
  const keys = archivedKeys(data, body);
  const result = parseWithCheckWords(schema, data);
  if (!result.success) return { file, keys, invalid: result.reason };
  return { file, keys, content: { data: result.data, body } };
}

const AREA_NAMES = { file: 'paper file', yaml: 'paper', title: 'title', body: 'abstract' } as const;

/**
 * Why a planned paper file must not be written, or `undefined`: the first error `npm run check`
 * would report on it, found by the check's own code on the same decoded values
 * (`checkWrittenPaper`: file name, bytes, the archive's reader, schema, hidden characters, size
 * limits, title and abstract Markdown and math), with the rule's id and message.
 */
export function refusal(path: string, text: string, options: CheckOptions): string | undefined {
  return checkPlanned(path, text, options).refusal;
}

/**
 * `refusal`, and, for a file that passes, the check's read-back of it (`readWrittenPaper`), from
 * which `readingOf` makes what `readArchived` would.
 */
function checkPlanned(
  path: string,
  text: string,
  options: CheckOptions,
): { refusal?: string | undefined; read?: WrittenPaperReading | undefined } {
  const { problems, reading } = readWrittenPaper(path, text, options);
  const [problem] = problems;
  if (problem === undefined) return { read: reading };
  return {
    refusal: `the ${AREA_NAMES[problem.area]} would fail the check (${problem.rule}: ${problem.message}): fix the input record, or add the paper by hand`,
  };
}

/** What `readArchived` makes of a file the check read back: the ingest keeps it for its next run. */
function readingOf(read: WrittenPaperReading): ArchivedReading {
  return { keys: archivedKeys(read.yaml, read.body), content: { data: read.data, body: read.body } };
}

/**
 * Why a record's abstract cannot fit in a paper file, whatever the repair does: it is written
 * into the file whole (as the body, or as `original` beside the repaired body). Checked before
 * the repair, which need not spend seconds on a 50 MB abstract.
 */
function abstractTooLarge(abstract: string): string | undefined {
  // Cheap first: a character is at least one byte in UTF-8, and at most three in one UTF-16 unit.
  if (abstract.length * 3 <= MAX_PAPER_BYTES) return undefined;
  const bytes = Buffer.byteLength(abstract);
  if (bytes <= MAX_PAPER_BYTES) return undefined;
  return `the paper file would fail the check (file-too-large: the abstract alone is ${bytes} bytes; a paper file is at most ${MAX_PAPER_BYTES} bytes (64 KB), and an abstract at most ${MAX_ABSTRACT_CHARS} characters): keep only the abstract, or add the paper by hand`;
}

/**
 * The record as a reader sees it: the invisible characters of its title, abstract and authors
 * deleted (soft hyphens, zero-width spaces, fillers: see src/lib/check/hidden-characters.ts), which
 * leaves the text exactly as it reads, and author names written in TeX decoded (`M\"uller` ->
 * Müller, readableAuthorName, as `npm run new` and enrich read them); each change reported as a
 * repair. Bidirectional and control characters stay: the check refuses them, and the paper is
 * skipped with its message.
 */
function readableRecord(raw: RawPaper): { raw: RawPaper; repairs: ReportedRepair[] } {
  const repairs: ReportedRepair[] = [];
  const clean = (field: ReportedRepair['field'], text: string): string => {
    const { text: repaired, repair } = repairInvisibleCharacters(text);
    if (repair !== undefined) repairs.push({ field, ...repair });
    return repaired;
  };
  const title = clean('title', raw.title);
  const abstract = clean('abstract', raw.abstract);
  const authors = raw.authors?.map((author) => {
    const { name, repair } = readableAuthorName(clean('authors', author));
    if (repair !== undefined) repairs.push({ field: 'authors', ...repair });
    return name;
  });
  const given = raw.categories;
  const read = given === undefined ? undefined : readableCategories(given);
  if (read?.repair !== undefined) repairs.push({ field: 'categories', ...read.repair });
  // Changed without a repair to report too: a list given as one text (`cs.LG cs.AI`) reads the same split.
  const categoriesChanged =
    read !== undefined && (read.categories.length !== given?.length || read.categories.some((c, i) => c !== given[i]));
  if (repairs.length === 0 && !categoriesChanged) return { raw, repairs };
  return {
    raw: {
      ...raw,
      title,
      abstract,
      ...(authors === undefined ? {} : { authors }),
      ...(read === undefined ? {} : { categories: read.categories.length > 0 ? read.categories : undefined }),
    },
    repairs,
  };
}
