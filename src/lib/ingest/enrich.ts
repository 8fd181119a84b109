/**
 * `npm run enrich`: fill in what papers already in the archive lack (arXiv id, authors, published
 * date, DOI, categories, journal) from the arXiv API.
 *
 * A paper is looked up by its arXiv id when it has one, else by its title. A title search result
 * is accepted only when its normalized title is exactly the paper's and, where the file names
 * authors, its first author's family name agrees; two different papers that both pass are
 * ambiguous, and nothing is taken. Everything not accepted is reported as a non-match with the
 * reason.
 *
 * The merge is the ingest's (`mergePaper`): a field the file has is never changed unless `force`,
 * and every field where the file and arXiv disagree is reported. The title, abstract, topics,
 * slug, `added` and `source` are never touched. Each file is serialized and validated exactly as
 * the ingest does before it is planned for writing; the CLI writes the plan in one transaction.
 */
import { TOPICS_FILE } from '../paper/content-paths.ts';
import { paperSchemaFor, type PaperData } from '../paper/schema.ts';
import type { AtomEntry } from './inputs/arxiv-atom.ts';
import type { ArxivPaper } from './lookup/arxiv-api.ts';
import { normalizeTitle } from '../paper/identity.ts';
import { refusal, type ExistingFile, type PlannedWrite } from './ingest.ts';
import type { MathCache } from '../check/markdown-hazards.ts';
import { parseWithCheckWords } from '../check/front-matter-values.ts';
import { mergePaper, type FieldDifference } from './merge.ts';
import { parsePaperFile, serializePaperFile } from '../paper/paper-file.ts';
import { FetchError } from './lookup/polite-fetch.ts';
import { readableAuthorName } from '../repair/tex-typography.ts';
import { readableCategories } from '../paper/arxiv-categories.ts';

/** The fields enrich fills, in the order they are reported. */
export const ENRICH_FIELDS = [
  'arxiv',
  'authors',
  'published',
  'updated',
  'doi',
  'categories',
  'journal',
  'comments',
] as const;
export type EnrichField = (typeof ENRICH_FIELDS)[number];
/**
 * The fields whose absence is worth a request. The latest version's date and arXiv's comments
 * come with any lookup, but many papers have no comments: asking again for them alone would
 * send a request for most of the archive on every run.
 */
const LOOKUP_FIELDS: readonly EnrichField[] = ['arxiv', 'authors', 'published', 'doi', 'categories', 'journal'];

/** What enrich asks of the metadata service; the CLI binds it to the arXiv API and the cache. */
export interface EnrichLookup {
  byId(id: string): Promise<ArxivPaper>;
  byTitle(title: string): Promise<ArxivPaper[]>;
}

export type EnrichStatus = 'filled' | 'unchanged' | 'no-match' | 'failed' | 'complete';

export interface EnrichOutcome {
  path: string;
  title: string;
  status: EnrichStatus;
  /** The arXiv paper the metadata came from. */
  match?: string | undefined;
  filled: string[];
  /** The values filled in, as the file shows them. */
  values: Record<string, unknown>;
  replaced: FieldDifference[];
  kept: FieldDifference[];
  /** Why nothing was taken (no-match, failed). */
  reason?: string | undefined;
  /** What was changed in arXiv's record to read it (a field cut to a paper file's limit). */
  notes: readonly string[];
}

export interface EnrichReport {
  papers: EnrichOutcome[];
  /** Files that could not be read; `npm run check` says why. */
  unreadable: { path: string; reason: string }[];
}

export interface EnrichOptions {
  existing: readonly ExistingFile[];
  topicIds: readonly string[];
  lookup: EnrichLookup;
  /** Overwrite fields the file has when arXiv says otherwise. */
  force?: boolean | undefined;
  /** Only papers whose path is listed (all when undefined). */
  only?: ReadonlySet<string> | undefined;
  onProgress?: ((done: number, total: number, path: string) => void) | undefined;
}

/** A family name, compared without accents or case: "Müller, S." and "Samuel Muller" agree. */
export function familyName(name: string): string {
  const trimmed = name.trim();
  const family = trimmed.includes(',') ? trimmed.slice(0, trimmed.indexOf(',')) : (trimmed.split(/\s+/).at(-1) ?? '');
  return normalizeTitle(family);
}

function missingFields(data: PaperData): EnrichField[] {
  return LOOKUP_FIELDS.filter((field) => {
    const value = data[field];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

function describe(entry: AtomEntry): string {
  return `${entry.arxiv ?? '?'} ("${entry.title}"${entry.authors?.[0] === undefined ? '' : ` by ${entry.authors[0]}`})`;
}

/**
 * Which of `entries` is the paper titled `title` (by `authors`), or why none is. Pure: the rule
 * of the module comment, applied to one search result.
 */
export function matchEntry(
  title: string,
  authors: readonly string[] | undefined,
  entries: readonly AtomEntry[],
): { entry: AtomEntry } | { reason: string } {
  const wanted = normalizeTitle(title);
  const sameTitle = entries.filter((entry) => normalizeTitle(entry.title) === wanted);
  if (sameTitle.length === 0) {
    const closest = entries[0];
    return {
      reason:
        closest === undefined
          ? 'arXiv has no paper with this title'
          : `no arXiv paper has exactly this title (the closest is ${describe(closest)}); add the arXiv id by hand if it is the same paper`,
    };
  }
  const first = authors?.[0];
  const agreeing =
    first === undefined
      ? sameTitle
      : sameTitle.filter(
          (entry) => entry.authors?.[0] !== undefined && familyName(entry.authors[0]) === familyName(first),
        );
  if (agreeing.length === 0) {
    return {
      reason: `arXiv's paper with this title has another first author (${sameTitle.map(describe).join(', ')}; the file says ${first ?? ''}): if it is the same paper, add the arXiv id by hand`,
    };
  }
  const ids = new Set(agreeing.map((entry) => entry.arxiv));
  if (ids.size > 1) {
    return {
      reason: `${ids.size} arXiv papers have exactly this title (${agreeing.map(describe).join(', ')}): add the right arXiv id by hand${first === undefined ? ', or the authors' : ''}`,
    };
  }
  const [entry] = agreeing;
  return entry === undefined ? { reason: 'arXiv has no paper with this title' } : { entry };
}

/** What the file would hold of `entry`: only the fields enrich fills. */
function incomingData(entry: AtomEntry): PaperData {
  // Read as the ingest and `npm run new` read a record's categories.
  const { categories } = readableCategories(entry.categories ?? []);
  return {
    arxiv: entry.arxiv,
    // Names written in TeX read as the ingest and `npm run new` read them.
    authors:
      entry.authors !== undefined && entry.authors.length > 0
        ? entry.authors.map((author) => readableAuthorName(author).name)
        : undefined,
    published: entry.published === undefined ? undefined : new Date(`${entry.published}T00:00:00Z`),
    doi: entry.doi,
    categories: categories.length > 0 ? categories : undefined,
    journal: entry.journal,
    comments: entry.comments,
    updated: entry.updated === undefined ? undefined : new Date(`${entry.updated}T00:00:00Z`),
  } as PaperData;
}

/**
 * Plans an enrich run. Lookups are awaited one at a time (the fetcher spaces them politely). A
 * lookup that fails because the service cannot be reached (offline, rate-limited, timed out)
 * ends the run with that `FetchError`: the plan would be incomplete, and nothing is written.
 */
export async function planEnrich(options: EnrichOptions): Promise<{ writes: PlannedWrite[]; report: EnrichReport }> {
  const schema = paperSchemaFor(options.topicIds);
  const force = options.force === true;
  const mathCache: MathCache = new Map();
  const report: EnrichReport = { papers: [], unreadable: [] };
  const writes: PlannedWrite[] = [];
  const files = options.existing.filter((file) => options.only === undefined || options.only.has(file.path));
  for (const [index, file] of files.entries()) {
    options.onProgress?.(index + 1, files.length, file.path);
    let data: PaperData;
    let body: string;
    try {
      const parsed = parsePaperFile(file.text);
      const result = parseWithCheckWords(schema, parsed.data);
      if (!result.success) throw new Error(result.reason);
      data = result.data;
      body = parsed.body;
    } catch (error) {
      report.unreadable.push({ path: file.path, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const outcome: EnrichOutcome = {
      path: file.path,
      title: data.title,
      status: 'complete',
      filled: [],
      values: {},
      replaced: [],
      kept: [],
      notes: [],
    };
    report.papers.push(outcome);
    if (missingFields(data).length === 0 && !force) continue;

    let entry: AtomEntry;
    try {
      if (data.arxiv !== undefined) {
        const found = await options.lookup.byId(data.arxiv);
        entry = found.entry;
        outcome.notes = found.notes;
        if (normalizeTitle(entry.title) !== normalizeTitle(data.title)) {
          outcome.status = 'no-match';
          outcome.reason = `the file's arXiv id ${data.arxiv} is the paper "${entry.title}", whose title differs: check the id`;
          continue;
        }
      } else {
        const found = await options.lookup.byTitle(data.title);
        const match = matchEntry(
          data.title,
          data.authors,
          found.map((paper) => paper.entry),
        );
        if ('reason' in match) {
          outcome.status = 'no-match';
          outcome.reason = match.reason;
          continue;
        }
        entry = match.entry;
        outcome.notes = found.find((paper) => paper.entry === entry)?.notes ?? [];
      }
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      if (error.kind !== 'not-found' && error.kind !== 'invalid') throw error;
      outcome.status = error.kind === 'not-found' ? 'no-match' : 'failed';
      outcome.reason = error.message;
      continue;
    }
    outcome.match = entry.arxiv;
    const merged = mergePaper({ data, body }, { data: incomingData(entry), body: '' }, { force });
    outcome.filled = merged.filled;
    for (const field of merged.filled) {
      const value = (merged.data as Record<string, unknown>)[field];
      outcome.values[field] = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    }
    outcome.replaced = merged.replaced;
    outcome.kept = merged.kept;
    if (merged.filled.length === 0 && merged.replaced.length === 0) {
      outcome.status = 'unchanged';
      continue;
    }
    const text = serializePaperFile(merged.data, merged.body);
    const problem = refusal(file.path, text, { topicIds: options.topicIds, topicsFile: TOPICS_FILE, mathCache });
    if (problem !== undefined) {
      outcome.status = 'failed';
      outcome.reason = `arXiv's metadata would make the file invalid (${problem})`;
      continue;
    }
    outcome.status = 'filled';
    writes.push({ path: file.path, slug: file.slug, status: 'updated', content: text });
  }
  return { writes, report };
}

function shown(value: unknown): string {
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  return text.length <= 90 ? text : `${text.slice(0, 89)}…`;
}

/** The report as a person reads it: every change and every non-match, one line each. */
export function formatEnrichReport(
  report: EnrichReport,
  options: { dryRun?: boolean | undefined; failed?: boolean | undefined; requests?: number; cached?: number } = {},
): string {
  const lines: string[] = [];
  const by = (status: EnrichStatus) => report.papers.filter((paper) => paper.status === status);
  const looked = report.papers.filter((paper) => paper.status !== 'complete').length;
  lines.push(
    `Looked up ${looked} of ${report.papers.length} papers` +
      (options.requests === undefined
        ? ''
        : ` (${options.requests} requests, ${options.cached ?? 0} answers from the cache)`) +
      ':',
  );
  const filled = by('filled');
  const verb = options.dryRun === true || options.failed === true ? 'Would fill' : 'Filled';
  lines.push('', `${verb} (${filled.length}):`);
  for (const paper of filled) {
    lines.push(`  ${paper.path} (arXiv:${paper.match ?? '?'}):`);
    for (const field of paper.filled) lines.push(`    + ${field}: ${shown(paper.values[field])}`);
    for (const field of paper.replaced)
      lines.push(`    ~ ${field.field}: ${shown(field.file)} -> ${shown(field.input)} (--force)`);
    for (const note of paper.notes) lines.push(`    ! ${note}`);
  }
  const kept = report.papers.filter((paper) => paper.kept.length > 0);
  if (kept.length > 0) {
    lines.push('', "Kept (the file differs from arXiv and was left as it is; --force takes arXiv's value):");
    for (const paper of kept) {
      for (const field of paper.kept)
        lines.push(`  ${paper.path}: ${field.field}: file ${shown(field.file)} | arXiv ${shown(field.input)}`);
    }
  }
  const noMatch = by('no-match');
  lines.push('', `No match (${noMatch.length}):`);
  for (const paper of noMatch) lines.push(`  ${paper.path}: ${paper.reason ?? ''}`);
  const failed = by('failed');
  if (failed.length > 0) {
    lines.push('', `Failed (${failed.length}):`);
    for (const paper of failed) lines.push(`  ${paper.path}: ${paper.reason ?? ''}`);
  }
  if (report.unreadable.length > 0) {
    lines.push('', `Not read (${report.unreadable.length}; npm run check says why):`);
    for (const file of report.unreadable) lines.push(`  ${file.path}: ${file.reason}`);
  }
  const unchanged = by('unchanged').length;
  const complete = by('complete').length;
  lines.push(
    '',
    `${filled.length} filled, ${unchanged} matched with nothing to fill, ${noMatch.length} without a match, ${failed.length} failed, ${complete} already complete` +
      (options.dryRun === true ? ' (dry run: nothing was written)' : '') +
      (options.failed === true ? ' (writing failed: nothing was written)' : ''),
  );
  return `${lines.join('\n')}\n`;
}
