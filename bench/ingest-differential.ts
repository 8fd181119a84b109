#!/usr/bin/env node
/**
 * A differential run of the ingest's parse + repair + classify + plan: a reference copy of the
 * code (another checkout, e.g. main extracted with `git archive`) against this one, over the same
 * inputs, item by item. Speed work on the repair and the classifier must not change one byte of
 * what they produce; this says whether it did, and where.
 *
 *   node bench/ingest-differential.ts --ref /tmp/main [--sizes 10000,100000] [DIR...]
 *
 * Compared, for every file under the DIRs (default: tests/fixtures and content/inbox):
 *   - the ingest plan of the file alone (writes and report, timings aside), against an empty
 *     archive and against the basic fixture site's papers;
 *   - repairTitle / repairAbstract / classify of every record the file's format yields, and of
 *     every paragraph and line of the file read as a title and as an abstract (hostile text too).
 * And for each synthetic OAI dump size: every record's repair and classification, and (for sizes
 * up to 10,000) the whole plan.
 *
 * Exit codes: 0 identical, 1 a difference (the first few are printed), 2 usage error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Usage: node bench/ingest-differential.ts --ref DIR [--sizes N,N] [INPUT_DIR...]

Runs the ingest's repair, classification and plan from the checkout at --ref and from this one over
the same inputs and reports every difference. INPUT_DIRs default to tests/fixtures and content/inbox.

Options:
  --ref DIR     the reference checkout (its node_modules may be a link to this one's)
  --sizes N,N   synthetic OAI dump sizes to compare as well (default 10000)
  -h, --help    print this help

Exit codes: 0 identical, 1 a difference, 2 usage error`;

const OWN = resolve(new URL('..', import.meta.url).pathname);

/** The pieces of one checkout the comparison calls. */
interface Code {
  repairTitle: (raw: string) => unknown;
  repairAbstract: (raw: string) => { markdown: string };
  classify: (paper: { title: string; abstract: string; categories: readonly string[] }) => unknown;
  plan: (file: string, bytes: Uint8Array, existing: boolean) => unknown;
  parse: (file: string, text: string) => { title: string; abstract: string; categories?: string[] | undefined }[];
  /** Every record repaired and classified at once: the batch (repair-pool.ts) where the checkout has it. */
  batch: (records: readonly { title: string; abstract: string; categories?: string[] | undefined }[]) => unknown[];
}

async function load(root: string): Promise<Code> {
  const from = async <T>(path: string): Promise<T> => (await import(join(root, path))) as T;
  const { repairAbstract, repairTitle } =
    await from<typeof import('../src/lib/repair/tex-repair.ts')>('src/lib/repair/tex-repair.ts');
  const { createClassifier } = await from<typeof import('../src/lib/classify/topic-classifier.ts')>(
    'src/lib/classify/topic-classifier.ts',
  );
  const { loadTopics } = await from<typeof import('../src/lib/paper/topics-file.ts')>('src/lib/paper/topics-file.ts');
  const { planIngest } = await from<typeof import('../src/lib/ingest/ingest.ts')>('src/lib/ingest/ingest.ts');
  const { decodeInput, detectFormat } = await from<typeof import('../src/lib/ingest/inputs/input-file.ts')>(
    'src/lib/ingest/inputs/input-file.ts',
  );
  const { parseArxivOai } = await from<typeof import('../src/lib/ingest/inputs/arxiv-oai.ts')>(
    'src/lib/ingest/inputs/arxiv-oai.ts',
  );
  const { parseArxivAtom } = await from<typeof import('../src/lib/ingest/inputs/arxiv-atom.ts')>(
    'src/lib/ingest/inputs/arxiv-atom.ts',
  );
  const { parseBibtex } = await from<typeof import('../src/lib/ingest/inputs/bibtex-input.ts')>(
    'src/lib/ingest/inputs/bibtex-input.ts',
  );
  const { parseScrapedPage } = await from<typeof import('../src/lib/ingest/inputs/scraped-page.ts')>(
    'src/lib/ingest/inputs/scraped-page.ts',
  );
  // A checkout from before the batch repair does it record by record, in the batch's shape.
  const pool = await from<typeof import('../src/lib/ingest/repair-pool.ts')>('src/lib/ingest/repair-pool.ts').catch(
    () => undefined,
  );
  // Both checkouts read this one's taxonomy and fixture archive: the code is what differs.
  const topics = loadTopics(join(OWN, 'content/topics.yaml'));
  const classify = createClassifier(topics);
  const papersDir = join(OWN, 'tests/fixtures/site/basic/content/papers');
  const archive = readdirSync(papersDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({
      slug: name.slice(0, -3),
      path: `content/papers/${name}`,
      text: readFileSync(join(papersDir, name), 'utf8'),
    }));
  return {
    repairTitle,
    repairAbstract,
    classify,
    plan: (file, bytes, existing) => {
      const { writes, report } = planIngest({
        inputs: [{ file, source: `inbox/${file.split('/').at(-1) ?? file}`, bytes }],
        existing: existing ? archive : [],
        topicIds: topics.map((topic) => topic.id),
        papersDir: 'content/papers',
        repairTitle,
        repairAbstract,
        classify,
        repairMany: pool === undefined ? undefined : (records) => pool.repairAll(records),
        catchAllTopic: topics.find((topic) => topic.catchAll === true)?.id,
        added: file.includes('no-date') ? '2025-01-01' : undefined,
      });
      return { writes, report: { ...report, timings: undefined } };
    },
    batch: (records) =>
      pool !== undefined
        ? pool.repairAll(records, { topics, worker: 'all' })
        : records.map((record) => {
            try {
              const title = repairTitle(record.title);
              const abstract = repairAbstract(record.abstract);
              const categories = record.categories ?? [];
              return {
                title,
                abstract,
                classification: classify({ title: title.markdown, abstract: abstract.markdown, categories }),
              };
            } catch (error) {
              return { error: error instanceof Error ? error.message : String(error) };
            }
          }),
    parse: (file, text) => {
      const format = detectFormat(file, text);
      if (format === 'arxiv-oai') return parseArxivOai(text, file).papers;
      if (format === 'arxiv-atom') return parseArxivAtom(text, file).papers;
      if (format === 'bibtex') return parseBibtex(text, file).papers;
      return parseScrapedPage(decodeInput(new TextEncoder().encode(text), file), file).papers;
    },
  };
}

/** What a call gives, as comparable text: its value, or the error it threw. */
function outcome(run: () => unknown): string {
  try {
    return JSON.stringify(run()) ?? 'undefined';
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

class Comparison {
  readonly counts = new Map<string, number>();
  readonly differences: string[] = [];

  readonly ref: Code;
  readonly own: Code;

  constructor(ref: Code, own: Code) {
    this.ref = ref;
    this.own = own;
  }

  same(kind: string, where: string, run: (code: Code) => unknown): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const expected = outcome(() => run(this.ref));
    const actual = outcome(() => run(this.own));
    if (expected !== actual) {
      this.differences.push(
        `${kind} differs at ${where}\n  ref: ${expected.slice(0, 400)}\n  own: ${actual.slice(0, 400)}`,
      );
    }
  }

  /** A title and abstract: both repairs, and the classification of what the repair made. */
  paper(where: string, title: string, abstract: string, categories: readonly string[] = []): void {
    this.same('repairTitle', where, (code) => code.repairTitle(title));
    this.same('repairAbstract', where, (code) => code.repairAbstract(abstract));
    this.same('classify', where, (code) => {
      const repairedTitle = (code.repairTitle(title) as { markdown: string }).markdown;
      return code.classify({ title: repairedTitle, abstract: code.repairAbstract(abstract).markdown, categories });
    });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function compareFile(comparison: Comparison, path: string): void {
  const bytes = readFileSync(path);
  const name = relative(process.cwd(), path);
  comparison.same('plan', name, (code) => code.plan(name, bytes, false));
  comparison.same('plan (with archive)', name, (code) => code.plan(name, bytes, true));
  if (bytes.length > 2_000_000) return;
  const text = bytes.toString('utf8');
  let records: { title: string; abstract: string; categories?: string[] | undefined }[] = [];
  try {
    records = comparison.own.parse(name, text);
  } catch {
    // Not an input format: its text is still compared below.
  }
  records.forEach((record, index) =>
    comparison.paper(`${name} record ${index + 1}`, record.title, record.abstract, record.categories ?? []),
  );
  // Every paragraph and every line as a title and as an abstract: hostile and odd text included.
  const pieces = new Set([...text.split(/\n\s*\n/), ...text.split('\n')].map((piece) => piece.trim()));
  for (const piece of pieces) {
    if (piece !== '' && piece.length <= 20_000) comparison.paper(`${name}: ${piece.slice(0, 40)}`, piece, piece);
  }
}

async function main(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ref: { type: 'string' }, sizes: { type: 'string', default: '10000' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  const sizes = values.sizes.split(',').map(Number);
  if (values.ref === undefined || sizes.some((size) => !Number.isInteger(size) || size < 0)) {
    console.error(`--ref DIR is required and --sizes must be whole numbers\n\n${HELP}`);
    return 2;
  }
  const dirs = positionals.length > 0 ? positionals : [join(OWN, 'tests/fixtures'), join(OWN, 'content/inbox')];
  const comparison = new Comparison(await load(resolve(values.ref)), await load(OWN));
  for (const dir of dirs) {
    const files = statSync(dir).isDirectory() ? filesUnder(dir) : [dir];
    console.error(`differential: ${files.length} files under ${dir}`);
    for (const file of files) compareFile(comparison, file);
  }
  const { syntheticOaiLines } = await import('./synthetic-oai.ts');
  const { parseScrapedPage } = await import('../src/lib/ingest/inputs/scraped-page.ts');
  const { parseArxivOai } = await import('../src/lib/ingest/inputs/arxiv-oai.ts');
  // The benchmark's corpus (scripts/bench.ts, loadCorpus).
  const seed = parseScrapedPage(readFileSync(join(OWN, 'content/inbox/2025-03-14-hf-trending.txt'), 'utf8'), 'seed');
  const sample = parseArxivOai(readFileSync(join(OWN, 'tests/fixtures/inputs/arxiv-oai-sample.jsonl'), 'utf8'), 'oai');
  const corpus = [...seed.papers, ...sample.papers];
  for (const size of sizes) {
    console.error(`differential: synthetic OAI dump of ${size.toLocaleString('en')} papers`);
    const text = syntheticOaiLines(size, {
      titles: corpus.map((paper) => paper.title),
      abstracts: corpus.map((paper) => paper.abstract),
    });
    comparison.same('parse', `synthetic ${size}`, (code) => code.parse('bench.jsonl', text));
    const records = comparison.own.parse('bench.jsonl', text);
    const batches = new Map([comparison.ref, comparison.own].map((code) => [code, code.batch(records)]));
    records.forEach((record, index) => {
      const where = `synthetic ${size} record ${index + 1}`;
      comparison.paper(where, record.title, record.abstract, record.categories);
      comparison.same('batch (repair + classify)', where, (code) => batches.get(code)?.[index]);
    });
    if (size <= 10_000) {
      const bytes = new TextEncoder().encode(text);
      comparison.same('plan', `synthetic ${size}`, (code) => code.plan('bench.jsonl', bytes, false));
    }
  }
  for (const [kind, count] of comparison.counts) console.log(`${kind}: ${count.toLocaleString('en')} compared`);
  if (comparison.differences.length === 0) {
    console.log('identical');
    return 0;
  }
  console.log(`${comparison.differences.length} differences; the first ones:`);
  for (const difference of comparison.differences.slice(0, 10)) console.log(difference);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
