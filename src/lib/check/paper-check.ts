import { lstatSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
// The very module Astro's content loader reads front matter with (a test checks it is the same file);
// importing it through @astrojs/markdown-remark would load the whole Markdown pipeline (2 s).
import { fileNameProblems, listPaperFiles } from './archive-files.ts';
import { contentWarnings } from './content-warnings.ts';
import { findDuplicates, type IdentifiedPaper } from './duplicate-detection.ts';
import { findFrontMatter, type FrontMatterRegion } from './front-matter-fences.ts';
import { placeHiddenCharacterProblem } from './hidden-characters.ts';
import type { MathCache } from './markdown-hazards.ts';
import { readerDisagreement } from './front-matter-values.ts';
import { checkPaperValues, describeField, type ValueProblem } from './paper-values.ts';
import { RULES, type Finding, type Problem } from './rules.ts';
import { checkPaperText, decodePaperBytes, MAX_PAPER_BYTES } from './text-hazards.ts';
import { lineIndex, type Position } from './text-position.ts';
import { parseYamlSyntax, trailingComments, unclosedQuote, yamlHazards } from './yaml-hazards.ts';
import { mapDumpedYaml, mapYamlSource, type YamlSourceMap } from './yaml-source-map.ts';
import { MACROS_FILE } from '../paper/content-paths.ts';
import { PaperFileError, parsePaperFile } from '../paper/paper-file.ts';
import { readFrontMatter } from '../paper/read-front-matter.ts';
import { formatDay } from '../paper/calendar-day.ts';
import type { PaperData } from '../paper/schema.ts';
import { readSiteMacros, siteMacros, type SiteMacros } from '../math/site-macros.ts';
import { withCompileCache } from '../storage/compile-cache.ts';

export type { Finding } from './rules.ts';

export interface CheckOptions {
  /** The topic ids of the taxonomy in use. */
  topicIds: readonly string[];
  /** The taxonomy file, named in messages. */
  topicsFile: string;
  /** Shared across files of one run: abstracts repeat the same formulas. */
  mathCache?: MathCache;
  /** The site macros formulas may use (default: `content/macros.yaml`, which must then be valid). */
  macros?: SiteMacros;
  /** The day the check runs, YYYY-MM-DD (UTC), for the warning about dates in the future (default: the clock). */
  today?: string;
}

export interface PaperCheck {
  findings: Finding[];
  /** What identifies the paper, for the duplicate check; absent when the file could not be read. */
  identity?: IdentifiedPaper;
}

function finding(file: string, at: Position, problem: Problem): Finding {
  return { file, ...at, rule: problem.rule, severity: RULES[problem.rule].severity, message: problem.message };
}

/** js-yaml errors carry a 0-based mark within the front matter. */
function yamlMark(error: unknown): { line: number; column: number; reason: string } | undefined {
  // Astro 7.4 reads front matter with the `yaml` package (js-yaml before): a YAMLParseError has a
  // 1-based `linePos` and a message "<reason> at line L, column C:" followed by a snippet.
  const parsed = error as { linePos?: { line?: unknown; col?: unknown }[]; message?: unknown };
  const at = parsed?.linePos?.[0];
  if (typeof at?.line === 'number' && typeof at.col === 'number') {
    const reason = String(parsed.message ?? '')
      .split('\n')[0]
      ?.replace(/ at line \d+, column \d+:?$/, '');
    return { line: at.line - 1, column: at.col - 1, reason: reason ?? '' };
  }
  return undefined;
}

/** A problem found in a file's bytes, told which field or part it is in when it is a hidden character. */
function placeInFile(problem: Problem, region: FrontMatterRegion, map: YamlSourceMap): Problem {
  if (problem.offset >= region.bodyStart) return placeHiddenCharacterProblem(problem, ' in the abstract');
  const path = map.pathAt(problem.offset - region.yamlStart);
  return path === undefined ? problem : placeHiddenCharacterProblem(problem, ` in ${describeField(path)}`);
}

/** The value-level stage (`checkPaperValues`) of one file's front matter and body, as both ways in run it. */
function checkFrontMatterValues(
  data: Record<string, unknown>,
  region: FrontMatterRegion,
  map: YamlSourceMap,
  options: CheckOptions,
  onSchemaOutput?: (data: PaperData) => void,
): ValueProblem[] {
  return checkPaperValues({
    onSchemaOutput,
    data,
    body: region.body,
    map,
    endOffset: region.closeStart - region.yamlStart,
    topicIds: options.topicIds,
    topicsFile: options.topicsFile,
    cache: options.mathCache ?? new Map(),
    macros: options.macros ?? siteMacros(),
  });
}

/**
 * Checks one paper file's bytes in the order that keeps it safe: the bytes, then the fences,
 * then the YAML *lexically* (anchors, aliases, tags) before anything evaluates it, then the
 * shared reader and Astro's own reader (which must agree), then values, schema and Markdown.
 * A stage that fails stops the stages that depend on it. With `depth: 'identity'` only what
 * the duplicate check needs is read.
 */
export function checkPaperSource(
  file: string,
  bytes: Uint8Array,
  options: CheckOptions,
  depth: 'full' | 'identity' = 'full',
): PaperCheck {
  const decoded = decodePaperBytes(bytes);
  if (decoded.text === undefined) {
    const at = lineIndex(new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, MAX_PAPER_BYTES))));
    return { findings: decoded.problems.map((p) => finding(file, at(p.offset), p)) };
  }
  const text = decoded.text;
  const at = lineIndex(text);
  const findings = decoded.problems.map((p) => finding(file, at(p.offset), p));
  const add = (base: number, problems: readonly Problem[]) => {
    for (const p of problems) findings.push(finding(file, at(base + p.offset), p));
  };

  const fences = findFrontMatter(text);
  if (!fences.region) {
    add(0, [fences.problem]);
    return { findings };
  }
  const region = fences.region;
  let syntax: ReturnType<typeof parseYamlSyntax>;
  let hazards: Problem[];
  let map: ReturnType<typeof mapYamlSource>;
  try {
    syntax = parseYamlSyntax(region.yaml);
    hazards = yamlHazards(syntax);
    map = mapYamlSource(region.yaml, syntax);
  } catch (error) {
    // Thousands of nested [ { - or ? exhaust the parsers' stacks (js-yaml's and Astro's too).
    if (!(error instanceof RangeError)) throw new Error(`Failed to read the front matter of ${file}`, { cause: error });
    add(region.yamlStart, [
      {
        rule: 'yaml-nesting',
        offset: 1,
        message:
          'the front matter is nested too deeply to read: a paper\'s fields are flat ("field: value", or a list of values)',
      },
    ]);
    return { findings };
  }
  // Hidden characters found in the bytes: say which field (or the abstract) they are in.
  const placedMap = map;
  findings.splice(
    0,
    decoded.problems.length,
    ...decoded.problems.map((p) => finding(file, at(p.offset), placeInFile(p, region, placedMap))),
  );
  if (hazards.length > 0) {
    add(region.yamlStart, hazards);
    return { findings };
  }
  if (map.problems.length > 0) {
    add(region.yamlStart, map.problems);
    return { findings };
  }
  // A value cut short by " #" reads fine to YAML, Astro and the schema alike: only the syntax shows it.
  add(region.yamlStart, trailingComments(syntax, region.yaml));

  // Astro's reader first (or what it reads, sooner: read-front-matter.ts): it is the one the build
  // uses, so its errors are the ones to report.
  let astro: ReturnType<typeof readFrontMatter>;
  try {
    astro = readFrontMatter(text);
  } catch (error) {
    // An unclosed quote is reported where it opens, not where the parser stopped looking for its end.
    const quote = (error as { code?: unknown })?.code === 'MISSING_CHAR' ? unclosedQuote(syntax) : undefined;
    if (quote !== undefined) {
      const name = quote.quote === '"' ? 'double' : 'single';
      const escaped = quote.quote === '"' ? '\\"' : "''";
      add(region.yamlStart, [
        {
          rule: 'yaml-syntax',
          offset: quote.offset,
          message: `invalid YAML: the ${name} quote (${quote.quote}) that starts this value is never closed: end the value with ${quote.quote} on the same line (write a ${quote.quote} inside the value as ${escaped})`,
        },
      ]);
      return { findings };
    }
    const mark = yamlMark(error);
    // The YAML Astro parses starts right after the opening "---", on that same line.
    const first = at(region.yamlStart);
    findings.push({
      file,
      line: mark ? first.line + mark.line : first.line,
      column: mark ? (mark.line === 0 ? first.column - 1 : 0) + mark.column + 1 : 1,
      rule: 'yaml-syntax',
      severity: 'error',
      message: `invalid YAML: ${mark?.reason ?? (error instanceof Error ? error.message : String(error))}: fix the front matter (quote a value that contains ": " or starts with a special character such as [ { * & ! | > ' " % @)`,
    });
    return { findings };
  }
  if (map.kind !== 'mapping') {
    findings.push({
      file,
      ...at(region.yamlStart + 1),
      rule: 'yaml-not-mapping',
      severity: 'error',
      message: `the front matter ${map.kind === 'empty' ? 'is empty' : 'is not a set of fields'}: write one "field: value" per line (title, added, topics, source, ...)`,
    });
    return { findings };
  }
  let parsed: ReturnType<typeof parsePaperFile>;
  try {
    parsed = parsePaperFile(text);
  } catch (error) {
    if (!(error instanceof PaperFileError)) throw new Error(`Failed to read ${file}`, { cause: error });
    findings.push({
      file,
      line: 1,
      column: 1,
      rule: 'reader-disagreement',
      severity: 'error',
      message: `Astro reads this file but the archive's reader refuses it (${error.message}): simplify the file to plain "field: value" lines between two "---" lines`,
    });
    return { findings };
  }

  // A value the two read differently is named at its place, with what to write instead.
  const disagreement = readerDisagreement(astro.frontmatter, parsed.data, map);
  if (disagreement !== undefined) {
    add(region.yamlStart, [disagreement]);
    return { findings };
  }
  const astroBody = astro.content.trim().replace(/\r\n?/g, '\n');
  if (astroBody !== parsed.body.trim() || astro.content.trim() !== region.body) {
    findings.push({
      file,
      ...at(region.bodyStart),
      rule: 'reader-disagreement',
      severity: 'error',
      message:
        'Astro would read the abstract differently from the check: simplify the file to plain "field: value" lines between two "---" lines',
    });
    return { findings };
  }

  const data = parsed.data;
  const yamlAt = (offset: number | undefined) => at(region.yamlStart + (offset ?? 0));
  const stringField = (key: string) => (typeof data[key] === 'string' ? data[key] : undefined);
  const fieldAt = (key: string) => {
    const offset = map.valueOffset([key]);
    return offset === undefined ? undefined : yamlAt(offset);
  };
  const title = stringField('title');
  const identity: IdentifiedPaper | undefined =
    title === undefined
      ? undefined
      : {
          file,
          title,
          arxiv: stringField('arxiv'),
          doi: stringField('doi'),
          at: {
            title: yamlAt(map.valueOffset(['title'])),
            arxiv: fieldAt('arxiv'),
            doi: fieldAt('doi'),
          },
        };
  if (depth === 'identity') return identity ? { findings, identity } : { findings };

  const titleOffset = region.yamlStart + (map.valueOffset(['title']) ?? 0);
  // Point inside the title when it is written verbatim (plain, or quoted without escapes).
  const writtenTitle = map.source(['title']);
  const inner = writtenTitle === title ? 0 : writtenTitle?.slice(1, -1) === title ? 1 : undefined;
  const values = checkFrontMatterValues(data, region, map, options);
  for (const problem of values) {
    if (problem.area === 'yaml') add(region.yamlStart, [problem]);
    else if (problem.area === 'body') add(region.bodyStart, [problem]);
    else findings.push(finding(file, at(titleOffset + (inner === undefined ? 0 : inner + problem.offset)), problem));
  }
  add(
    0,
    contentWarnings({
      data,
      body: region.body,
      titleOffset,
      bodyOffset: region.bodyStart,
      closeOffset: region.closeStart,
      dateOffsets: Object.fromEntries(
        (['published', 'updated', 'added'] as const).flatMap((key) => {
          const offset = map.valueOffset([key]);
          return offset === undefined ? [] : [[key, region.yamlStart + offset]];
        }),
      ),
      today: options.today ?? formatDay(new Date()),
    }),
  );
  return identity ? { findings, identity } : { findings };
}

/** What is wrong with the name of the paper file at `path` (not a slug, too long, a page of the site), at line 1. */
export function fileNameFindings(path: string): Finding[] {
  const name = path.split(/[\\/]/).pop() ?? path;
  return fileNameProblems(name).map(({ rule, message }) => ({
    file: path,
    line: 1,
    column: 1,
    rule,
    severity: RULES[rule].severity,
    message,
  }));
}

/** A problem with a file about to be written, and which part of the paper it is about. */
export interface WrittenPaperProblem extends Finding {
  area: ValueProblem['area'] | 'file';
}

/**
 * The check of a paper file the archive's own serializer (`serializePaperFile`) is about to write:
 * the ingest's new and merged ("enrich") papers and `npm run new`. It runs the check's own code on
 * the same decoded values: the file name rules, the byte-level stage (size, hidden characters,
 * on the text before it is encoded: `checkPaperText`), the archive's reader, and the whole value-level stage (`checkPaperValues`:
 * schema, hidden characters in values, title and abstract Markdown and math, size limits).
 *
 * It leaves out only the stages that guard against hand-written YAML (fences, anchors and tags,
 * Astro's reader agreeing with the archive's), which the serializer cannot produce: js-yaml's
 * dump writes plain scalars, quoted strings and flat lists, never anchors, tags or a second
 * document (tests/unit/check/written-paper.test.ts holds it to that against the full check).
 * Those stages cost three times the rest (a YAML syntax tree and a second YAML parse per file):
 * too slow for a 100,000-paper dump. Errors only; positions are in the planned file.
 */
export function checkWrittenPaper(path: string, text: string, options: CheckOptions): WrittenPaperProblem[] {
  return readWrittenPaper(path, text, options).problems;
}

/** A planned paper file as the archive's reader read it back while `checkWrittenPaper` checked it. */
export interface WrittenPaperReading {
  /** The front matter as YAML reads it (`parsePaperFile`), before the schema. */
  yaml: Record<string, unknown>;
  /** The front matter as the schema gives it. */
  data: PaperData;
  /** The abstract, as `parsePaperFile` reads it. */
  body: string;
}

/**
 * `checkWrittenPaper`, and the file as it was read back when it has no error: the ingest keeps
 * that reading for its next run (archive-reads.ts), which then need not parse and validate the
 * file again. Made from the check's own parse, at no cost beyond it.
 */
export function readWrittenPaper(
  path: string,
  text: string,
  options: CheckOptions,
): { problems: WrittenPaperProblem[]; reading?: WrittenPaperReading } {
  const problems: WrittenPaperProblem[] = fileNameFindings(path).map((f) => ({ ...f, area: 'file' }));
  const decoded = checkPaperText(text);
  const at = lineIndex(text);
  const push = (area: WrittenPaperProblem['area'], base: number, found: readonly Problem[]) => {
    for (const problem of found) {
      if (RULES[problem.rule].severity !== 'error') continue;
      problems.push({ ...finding(path, at(base + problem.offset), problem), area });
    }
  };
  if (decoded.text === undefined) {
    push('file', 0, decoded.problems);
    return { problems };
  }
  const fences = findFrontMatter(text);
  if (!fences.region) {
    push('file', 0, [...decoded.problems, fences.problem]);
    return { problems };
  }
  const region = fences.region;
  const map = mapDumpedYaml(region.yaml);
  push(
    'file',
    0,
    decoded.problems.map((p) => placeInFile(p, region, map)),
  );
  let read: { data: Record<string, unknown>; body: string };
  try {
    read = parsePaperFile(text);
  } catch (error) {
    if (!(error instanceof PaperFileError)) throw new Error(`Failed to read back ${path}`, { cause: error });
    push('file', 0, [
      { rule: 'reader-disagreement', offset: 0, message: `the file does not read back (${error.message})` },
    ]);
    return { problems };
  }
  let schemaOutput: PaperData | undefined;
  const found = checkFrontMatterValues(read.data, region, map, options, (data) => (schemaOutput = data));
  for (const problem of found) {
    if (problem.area === 'body') push('body', region.bodyStart, [problem]);
    else if (problem.area === 'yaml') push('yaml', region.yamlStart, [problem]);
    // A title problem's offset is within the title's value, which starts after "title: " (plus a quote when quoted).
    else push('title', region.yamlStart + (map.valueOffset(['title']) ?? 0), [problem]);
  }
  if (problems.length > 0 || schemaOutput === undefined) return { problems };
  return { problems, reading: { yaml: read.data, data: schemaOutput, body: read.body } };
}

export interface ArchiveCheckOptions extends CheckOptions {
  /** The archive's papers folder; every paper in it takes part in the duplicate check. */
  papersDir: string;
  /** The site macros file, checked as part of the archive (default: `content/macros.yaml`). */
  macrosFile?: string;
  /** Check only these files (still compared with the whole archive for duplicates); default: the whole folder. */
  files?: readonly string[];
}

export interface ArchiveCheck {
  findings: Finding[];
  /** How many paper files were checked in full. */
  checked: number;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** Reads a paper file unless it is too big to be one; `undefined` bytes with a finding otherwise. */
function readPaper(path: string): { bytes?: Buffer; findings: Finding[] } {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink() || !stat.isFile()) {
    return {
      findings: [
        {
          file: path,
          line: 1,
          column: 1,
          rule: 'not-a-paper-file',
          severity: 'error',
          message: `${stat.isSymbolicLink() ? 'a symbolic link' : stat.isDirectory() ? 'a folder' : 'not a regular file'} is not a paper: give the paper file itself`,
        },
      ],
    };
  }
  if (stat.size > MAX_PAPER_BYTES) return { findings: checkPaperSourceSize(path, stat.size) };
  return { bytes: readFileSync(path), findings: [] };
}

function checkPaperSourceSize(path: string, size: number): Finding[] {
  return [
    {
      file: path,
      line: 1,
      column: 1,
      rule: 'file-too-large',
      severity: 'error',
      message: `the file is ${size} bytes; a paper file is at most ${MAX_PAPER_BYTES} bytes (64 KB): keep only the abstract and its metadata`,
    },
  ];
}

/** One file to check: in full, or only for what the duplicate check needs. */
export interface CheckTask {
  path: string;
  depth: 'full' | 'identity';
}

export interface CheckTaskResult {
  findings: Finding[];
  identity?: IdentifiedPaper | undefined;
  checked: boolean;
}

/** Reads and checks one paper file (the unit of work, sequential or on a worker thread). */
export function runCheckTask(task: CheckTask, options: CheckOptions): CheckTaskResult {
  try {
    const read = readPaper(task.path);
    const full = task.depth === 'full';
    if (!read.bytes) return { findings: full ? read.findings : [], checked: false };
    const result = checkPaperSource(task.path, read.bytes, options, task.depth);
    return { findings: full ? [...read.findings, ...result.findings] : [], identity: result.identity, checked: full };
  } catch (cause) {
    throw new Error(`Failed to check ${task.path}`, { cause });
  }
}

interface ArchivePlan {
  tasks: CheckTask[];
  /** Problems found before any file is read: the macros file, the folder listing, file names. */
  findings: Finding[];
  selected: ReadonlySet<string>;
  /** The valid site macros, which every paper's formulas may use. */
  macros: SiteMacros;
}

/** The site macros file's problems as findings, and its valid macros (a bad one is left out). */
function checkMacrosFile(path: string): { findings: Finding[]; macros: SiteMacros } {
  const { macros, problems } = readSiteMacros(path);
  const findings = problems.map((problem): Finding => ({
    file: path,
    ...problem,
    rule: 'macros-file',
    severity: 'error',
  }));
  return { findings, macros };
}

function planArchiveCheck(options: ArchiveCheckOptions): ArchivePlan {
  const listing = listPaperFiles(options.papersDir);
  const selectedPaths = options.files ?? listing.papers;
  const selected = new Set(selectedPaths.map((path) => resolve(path)));
  const macrosFile = checkMacrosFile(options.macrosFile ?? MACROS_FILE);
  const findings: Finding[] = [...macrosFile.findings];
  for (const problem of listing.problems) {
    if (options.files && !selected.has(resolve(problem.path))) continue;
    findings.push({
      file: problem.path,
      line: 1,
      column: 1,
      rule: problem.rule,
      severity: RULES[problem.rule].severity,
      message: problem.message,
    });
  }
  const inListing = new Set(listing.papers.map((path) => resolve(path)));
  const tasks: CheckTask[] = [];
  for (const path of selectedPaths) {
    if (!inListing.has(resolve(path))) {
      findings.push(...fileNameFindings(path));
    }
    tasks.push({ path, depth: 'full' });
  }
  for (const path of listing.papers) if (!selected.has(resolve(path))) tasks.push({ path, depth: 'identity' });
  return { tasks, findings, selected, macros: macrosFile.macros };
}

function finishArchiveCheck(plan: ArchivePlan, results: readonly CheckTaskResult[]): ArchiveCheck {
  const findings = [...plan.findings];
  const identities: IdentifiedPaper[] = [];
  let checked = 0;
  for (const result of results) {
    findings.push(...result.findings);
    if (result.identity) identities.push(result.identity);
    if (result.checked) checked += 1;
  }
  for (const duplicate of findDuplicates(identities)) {
    const paper = identities[duplicate.paper];
    if (!paper || !plan.selected.has(resolve(paper.file))) continue;
    const where = paper.at[duplicate.field] ?? paper.at.title;
    findings.push({
      file: paper.file,
      ...where,
      rule: duplicate.rule,
      severity: RULES[duplicate.rule].severity,
      message: duplicate.message,
    });
  }
  // A stable sort: findings on the same spot keep the order the stages found them in.
  return { findings: findings.sort(compareFindings), checked };
}

/**
 * Checks an archive's papers folder, or some files against it: every file in full, then the
 * duplicate check across the whole archive. Findings are sorted by file, line and column.
 */
export function checkArchive(options: ArchiveCheckOptions): ArchiveCheck {
  return checkInThisThread(planArchiveCheck(options), options);
}

function checkInThisThread(plan: ArchivePlan, options: ArchiveCheckOptions): ArchiveCheck {
  const taskOptions = { ...options, macros: plan.macros, mathCache: options.mathCache ?? new Map() };
  return finishArchiveCheck(
    plan,
    plan.tasks.map((task) => runCheckTask(task, taskOptions)),
  );
}

/** Below this many files, starting worker threads (each loads the whole check) costs more than it saves. */
export const PARALLEL_THRESHOLD = 1000;

/**
 * `checkArchive` spread over `jobs` worker threads for large archives, with exactly the same
 * result: files are dealt out round-robin and their results put back in order before the
 * duplicate check, which runs once, here.
 */
export async function checkArchiveInParallel(
  options: ArchiveCheckOptions & { jobs: number; threshold?: number },
): Promise<ArchiveCheck> {
  const plan = planArchiveCheck(options);
  const jobs = Math.min(options.jobs, plan.tasks.length);
  if (jobs <= 1 || plan.tasks.length < (options.threshold ?? PARALLEL_THRESHOLD))
    return checkInThisThread(plan, options);
  const shared = { topicIds: [...options.topicIds], topicsFile: options.topicsFile, macros: plan.macros };
  const shares = Array.from({ length: jobs }, (_, worker) => plan.tasks.filter((_, i) => i % jobs === worker));
  const outputs = await Promise.all(
    shares.map(
      (tasks) =>
        new Promise<CheckTaskResult[]>((resolvePromise, reject) => {
          const worker = new Worker(
            new URL('./check-worker.ts', import.meta.url),
            withCompileCache({ workerData: { tasks, options: shared } }),
          );
          worker.once('message', (results: CheckTaskResult[]) => resolvePromise(results));
          worker.once('error', (cause) => reject(new Error('Failed to check papers on a worker thread', { cause })));
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`Failed to check papers: a worker thread exited with code ${code}`));
          });
        }),
    ),
  );
  const results = plan.tasks.map((_, i) => outputs[i % jobs]?.[Math.floor(i / jobs)]);
  if (results.some((result) => result === undefined))
    throw new Error('Failed to check papers: a worker result is missing');
  return finishArchiveCheck(plan, results as CheckTaskResult[]);
}
