import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/lib/classify/topic-classifier.ts';
import { planIngest } from '../../../src/lib/ingest/ingest.ts';
import { parseArxivOai } from '../../../src/lib/ingest/inputs/arxiv-oai.ts';
import { parseScrapedPage } from '../../../src/lib/ingest/inputs/scraped-page.ts';
import { repairAll, type RecordText } from '../../../src/lib/ingest/repair-pool.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';
import { syntheticOaiLines } from '../../../bench/synthetic-oai.ts';

const topics = loadTopics('content/topics.yaml');
const seed = parseScrapedPage(readFileSync('content/inbox/2025-03-14-hf-trending.txt', 'utf8'), 'seed').papers;
const sample = parseArxivOai(readFileSync('tests/fixtures/inputs/arxiv-oai-sample.jsonl', 'utf8'), 'oai').papers;
const corpus = {
  titles: [...seed, ...sample].map((paper) => paper.title),
  abstracts: [...seed, ...sample].map((paper) => paper.abstract),
};
// Past the repair's limit of 2,304 formulas a paragraph (yet under the abstract size cap): the repair throws on it.
const UNREPAIRABLE = '$x$ '.repeat(2400);

/** What the ingest did before the batch: each record repaired, then classified, on this thread. */
function oneByOne(records: readonly RecordText[]) {
  const classify = createClassifier(topics, { evidence: false });
  return records.map((record) => {
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
      return { error: (error as Error).message };
    }
  });
}

// A worker thread and 2,700 records: past vitest's 5 s default on a loaded machine (a limit on a
// hang, not a speed target).
describe('repairAll', { timeout: 60_000 }, () => {
  // Enough records for the worker to claim chunks too (from `workerFrom`: the default is far larger).
  const workerFrom = 2000;
  const records: RecordText[] = parseArxivOai(syntheticOaiLines(workerFrom + 700, corpus), 'x').papers;
  records.splice(1234, 0, { title: 'Unrepairable', abstract: UNREPAIRABLE, categories: ['cs.LG'] });
  // Text past Latin-1 and a lone surrogate reach the worker as they are (shared-texts.ts).
  records.splice(2500, 0, {
    title: 'Graph $\\lambda$-calculus for 数学 with \ud800 left alone',
    abstract: 'We bound $x \\le y$ — for all λ — and keep \udc00 as given; see https://example.org/数.',
  });
  const expected = oneByOne(records);

  it('gives each record what the one-by-one repair and classification give, in input order, on the worker', () => {
    expect(repairAll(records, { topics, worker: 'all' })).toEqual(expected);
  });

  it('gives the same with the chunks shared between this thread and the worker', () => {
    // `both`: the worker takes chunks from the last down, this thread from the first up, and they meet.
    expect(repairAll(records, { topics, worker: 'both' })).toEqual(expected);
    // As a batch of this size is shared by default from `workerFrom` records (whoever gets which chunks).
    expect(repairAll(records, { topics, worker: 'auto', workerFrom })).toEqual(expected);
  });

  it('gives the same on this thread alone, and repairs without classifying when given no taxonomy', () => {
    expect(repairAll(records, { topics, worker: 'off' })).toEqual(expected);
    const small = records.slice(0, 30);
    expect(repairAll(small)).toEqual(
      expected
        .slice(0, 30)
        .map((outcome) => ('error' in outcome ? outcome : { title: outcome.title, abstract: outcome.abstract })),
    );
  });

  it('reports a record the repair throws on by its message, and goes on', () => {
    const outcomes = repairAll(records, { topics, worker: 'all' });
    expect(outcomes[1234]).toEqual({ error: expect.stringContaining('Failed to repair a paragraph') as unknown });
    expect('title' in (outcomes[1235] ?? {})).toBe(true);
    expect(outcomes).toHaveLength(records.length);
  });
});

describe('planIngest with repairMany', () => {
  it('plans exactly what the record-by-record repair plans, skipped records and their order included', () => {
    const lines = syntheticOaiLines(300, corpus).split('\n');
    // A record the repair throws on, and one skipped before the repair (too large), among the others.
    lines.splice(7, 0, JSON.stringify({ id: '2201.99999', title: 'Unrepairable', abstract: UNREPAIRABLE }));
    lines.splice(3, 0, JSON.stringify({ id: '2201.99998', title: 'Huge', abstract: 'word '.repeat(2500) }));
    const options = {
      inputs: [
        {
          file: 'dump.jsonl',
          source: 'inbox/2025-03-14-dump.jsonl',
          bytes: new TextEncoder().encode(lines.join('\n')),
        },
      ],
      existing: [],
      topicIds: topics.map((topic) => topic.id),
      papersDir: 'content/papers',
      repairTitle,
      repairAbstract,
      classify: createClassifier(topics),
      added: '2025-03-14',
    };
    const plain = planIngest(options);
    const batched = planIngest({ ...options, repairMany: (records) => repairAll(records, { worker: 'all' }) });
    expect(batched.writes).toEqual(plain.writes);
    expect({ ...batched.report, timings: undefined }).toEqual({ ...plain.report, timings: undefined });
    expect(plain.report.counts.skipped).toBe(2);
    expect(plain.writes).toHaveLength(300);
  });
});
