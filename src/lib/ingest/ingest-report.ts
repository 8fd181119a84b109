/**
 * The ingest report as a person reads it: what was read, what changed, what was skipped and why,
 * every TeX repair, and every field where the archive kept its own value. `--json` prints the
 * `IngestReport` itself instead.
 */
import { formatProblem } from './inputs/raw-paper.ts';
import { printableLine } from '../text/printable.ts';
import type { IngestReport, PaperOutcome } from './ingest.ts';
import type { FieldDifference } from './merge.ts';

export interface ReportOptions {
  /** Nothing was written because this was a dry run. */
  dryRun?: boolean | undefined;
  /** Nothing was written because writing failed (the reason is printed separately). */
  failed?: boolean | undefined;
  /** New papers listed one per line up to this many; the rest are counted. */
  maxNewListed?: number | undefined;
}

function shorten(value: unknown, length = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

/**
 * A field's two values side by side, each labelled with where it was read (the file and the input,
 * or two records of one run); for long texts, the stretch around where they first differ.
 */
function contrast({ file, input, from }: FieldDifference): string {
  const [fileLabel, inputLabel] = from === undefined ? ['file', 'input'] : [from.file, from.input];
  if (typeof file !== 'string' || typeof input !== 'string')
    return `${fileLabel} ${shorten(file)} | ${inputLabel} ${shorten(input)}`;
  let at = 0;
  while (at < file.length && file[at] === input[at]) at += 1;
  const start = Math.max(0, at - 30);
  const window = (text: string) => {
    const piece = text.slice(start, start + 80).replace(/\s+/g, ' ');
    return `${start > 0 ? '…' : ''}${piece}${start + 80 < text.length ? '…' : ''}`;
  };
  return `${fileLabel} ${window(file)} | ${inputLabel} ${window(input)}`;
}

/**
 * What later records of one paper replaced of an earlier record's values (`--force`), by record:
 * `took title, abstract from b.xml:3 (--force)`; `undefined` when nothing.
 */
function takenFromLaterRecords(paper: PaperOutcome): string | undefined {
  const byRecord = new Map<string, string[]>();
  for (const difference of paper.replaced) {
    if (difference.from === undefined) continue;
    byRecord.set(difference.from.input, [...(byRecord.get(difference.from.input) ?? []), difference.field]);
  }
  if (byRecord.size === 0) return undefined;
  const parts = [...byRecord].map(([record, fields]) => `${[...new Set(fields)].join(', ')} from ${record}`);
  return `took ${parts.join('; ')} (--force)`;
}

const APART_REASONS = {
  arxiv: 'different arXiv ids',
  doi: 'different DOIs',
  title: 'different titles and no ids to tell (possible duplicate)',
} as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function where(paper: PaperOutcome): string {
  return paper.path ?? paper.from.map((place) => `${place.file}:${place.line}`).join(', ');
}

/** The report as text, sections in a fixed order, empty sections left out. */
export function formatReport(report: IngestReport, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const section = (title: string, body: string[]) => {
    if (body.length === 0) return;
    lines.push('', title, ...body.map((line) => `  ${line}`));
  };

  lines.push(`Read ${plural(report.inputs.length, 'input')}:`);
  for (const input of report.inputs) {
    lines.push(`  ${input.file}: ${input.format ?? 'not read'}, ${plural(input.papers, 'paper')}`);
  }
  const { counts } = report;
  lines.push(
    '',
    `${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped` +
      (options.dryRun === true ? ' (dry run: nothing was written)' : '') +
      (options.failed === true ? ' (writing failed: nothing was written)' : ''),
  );

  const byStatus = (status: PaperOutcome['status']) => report.papers.filter((paper) => paper.status === status);
  const limit = options.maxNewListed ?? 200;
  const fresh = byStatus('new');
  section(`${options.dryRun === true || options.failed === true ? 'Would add' : 'Added'} (${fresh.length}):`, [
    ...fresh.slice(0, limit).map((paper) => {
      const taken = takenFromLaterRecords(paper);
      return `${where(paper)}  [${(paper.topics ?? []).join(', ')}]${taken === undefined ? '' : `; ${taken}`}`;
    }),
    ...(fresh.length > limit ? [`... and ${fresh.length - limit} more (--json lists all)`] : []),
  ]);
  const unsorted = report.papers.filter((paper) => paper.unsorted === true && paper.status !== 'skipped');
  section(
    `Not yet sorted (${unsorted.length}): nothing in the title, abstract or arXiv categories points to a topic, so ` +
      'each is filed under the catch-all topic; give it real topics in its `topics:` field',
    unsorted.map((paper) => `${where(paper)}  ${shorten(paper.title, 70)}`),
  );
  section(
    `${options.dryRun === true || options.failed === true ? 'Would update' : 'Updated'} (${counts.updated}):`,
    byStatus('updated').map((paper) => {
      const parts = [];
      if (paper.filled.length > 0) parts.push(`filled ${paper.filled.join(', ')}`);
      const overFile = paper.replaced.filter((field) => field.from === undefined);
      if (overFile.length > 0) parts.push(`replaced ${overFile.map((field) => field.field).join(', ')} (--force)`);
      const taken = takenFromLaterRecords(paper);
      if (taken !== undefined) parts.push(taken);
      return `${where(paper)}: ${parts.join('; ')}`;
    }),
  );
  section(
    'Kept (the file, or the earlier record of the same paper, differs from the input and was left as it is; --force takes the input):',
    report.papers.flatMap((paper) => paper.kept.map((field) => `${where(paper)}: ${field.field}: ${contrast(field)}`)),
  );
  section(
    `Skipped (${counts.skipped}):`,
    byStatus('skipped').map((paper) => paper.reason ?? `${where(paper)}: skipped`),
  );
  section(
    `Duplicates merged (${report.duplicates.length}):`,
    report.duplicates.map((duplicate) => `${duplicate.file}:${duplicate.line} is the paper of ${duplicate.of}`),
  );
  section(
    `Kept apart (${report.apart.length}): these share a title or an abstract with another paper but are added as ` +
      'papers of their own; if one is really the other, delete it and ingest again',
    report.apart.map(
      (note) => `${note.file}:${note.line} and ${note.of}: same ${note.shared}, ${APART_REASONS[note.because]}`,
    ),
  );
  const repaired = report.papers.filter((paper) => paper.status !== 'skipped' && paper.repairs.length > 0);
  const repairCount = repaired.reduce((sum, paper) => sum + paper.repairs.length, 0);
  section(
    `Repairs: TeX, invisible characters, categories (${plural(repairCount, 'repair')} in ${plural(repaired.length, 'paper')}):`,
    repaired.flatMap((paper) => [
      `${where(paper)}:`,
      ...paper.repairs.map(
        (repair) => `  ${repair.field} ${repair.rule}: ${shorten(repair.before, 100)} -> ${shorten(repair.after, 100)}`,
      ),
    ]),
  );
  section(
    "Unknown TeX commands (an author's own macros: shown by name; define the common ones in content/macros.yaml):",
    unknownCommands(report.papers),
  );
  section('Warnings:', report.warnings.map(formatProblem));
  section('Inputs not read:', report.errors.map(formatProblem));
  const { timings } = report;
  lines.push(
    '',
    `Parse ${timings.parse.toFixed(0)} ms, repair + classify ${timings.repairClassify.toFixed(0)} ms ` +
      `(${timings.papersPerSecond} papers/s), merge + validate ${timings.plan.toFixed(0)} ms`,
  );
  // Each line shows what an input put in it (a file name, a title) without a terminal acting on it.
  return `${lines.map(printableLine).join('\n')}\n`;
}

/** `\si: 3 times in 1 paper`, most used first: what a maintainer might add to the site's macros. */
function unknownCommands(papers: readonly PaperOutcome[]): string[] {
  const uses = new Map<string, { times: number; papers: Set<PaperOutcome> }>();
  for (const paper of papers) {
    if (paper.status === 'skipped') continue;
    for (const repair of paper.repairs) {
      if (repair.rule !== 'unknown-command') continue;
      const entry = uses.get(repair.before) ?? { times: 0, papers: new Set() };
      entry.times += 1;
      entry.papers.add(paper);
      uses.set(repair.before, entry);
    }
  }
  return [...uses]
    .sort((a, b) => b[1].times - a[1].times || (a[0] < b[0] ? -1 : 1))
    .map(([name, entry]) => `${name}: ${plural(entry.times, 'time')} in ${plural(entry.papers.size, 'paper')}`);
}

/** 0 when every input was read and every paper ingested; 1 when anything was skipped or unreadable. */
export function exitCodeFor(report: IngestReport): 0 | 1 {
  return report.counts.skipped > 0 || report.errors.length > 0 ? 1 : 0;
}
