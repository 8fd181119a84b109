/**
 * A real arXiv OAI excerpt plus records written in the same shape for each hard case (series papers
 * sharing an abstract, computer-science categories, a stray `$`, an author macro, TeX in prose, one
 * record per arXiv archive, a later version of a paper, a record with no evidence at all), ingested
 * with the real TeX repair and the real taxonomy: nothing is lost and no topic takes over.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/content.config.ts';
import { arxivArchive } from '../../src/lib/arxiv-categories.ts';
import { planIngest } from '../../src/lib/ingest.ts';
import { formatReport } from '../../src/lib/ingest-report.ts';
import { checkPaperSource } from '../../src/lib/paper-check.ts';
import { parsePaperFile } from '../../src/lib/paper-file.ts';
import { repairAbstract, repairTitle } from '../../src/lib/tex-repair.ts';
import { createClassifier } from '../../src/lib/topic-classifier.ts';

const SAMPLE = 'tests/fixtures/inputs/arxiv-oai-sample.jsonl';
const MIXED = 'tests/fixtures/inputs/arxiv-oai-mixed.jsonl';
const topics = loadTopics('content/topics.yaml');
const topicIds = topics.map((topic) => topic.id);

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; title: string; categories: string });

const plan = planIngest({
  inputs: [SAMPLE, MIXED].map((file) => ({
    file,
    source: `inbox/${file.split('/').pop()}`,
    bytes: readFileSync(file),
  })),
  existing: [],
  topicIds,
  papersDir: 'content/papers',
  repairTitle,
  repairAbstract,
  classify: createClassifier(topics),
  catchAllTopic: 'unsorted',
  added: '2025-05-01',
});
const written = plan.writes.map((write) => ({ write, ...parsePaperFile(write.content) }));
const byArxiv = (id: string) => written.find((paper) => paper.data['arxiv'] === id);

describe('ingesting a mixed arXiv OAI dump', () => {
  const records = [...lines(SAMPLE), ...lines(MIXED)];

  it('loses no record: each is added, or merged into the paper with its arXiv id', () => {
    expect(records).toHaveLength(55);
    const { counts } = plan.report;
    expect(counts).toEqual({ new: 54, updated: 0, unchanged: 0, skipped: 0 });
    expect(plan.report.duplicates).toEqual([{ file: MIXED, line: 34, of: `${MIXED}:1` }]);
    const ids = new Set(records.map((record) => record.id.replace(/v\d+$/, '')));
    expect(new Set(written.map((paper) => paper.data['arxiv']))).toEqual(ids);
  });

  it('keeps series papers that share an abstract apart, and says so', () => {
    expect(byArxiv('0704.0101')?.data['title']).toMatch(/II: Perseus/);
    expect(byArxiv('0704.0102')?.data['title']).toMatch(/III: Serpens/);
    expect(plan.report.apart).toEqual([
      { file: MIXED, line: 2, of: `${MIXED}:1`, shared: 'abstract', because: 'arxiv' },
    ]);
    expect(formatReport(plan.report)).toContain(`${MIXED}:2 and ${MIXED}:1: same abstract, different arXiv ids`);
  });

  it('gives every paper a topic, computer science and machine learning included', () => {
    expect(byArxiv('0704.0103')?.data['topics']).toEqual(['machine-learning']);
    expect(byArxiv('0704.0104')?.data['topics']).toEqual(['theory-of-computing']);
    expect(byArxiv('0704.0105')?.data['topics']).toEqual(['theory-of-computing']);
    expect(byArxiv('0704.0123')?.data['topics']).toEqual(['computer-vision']);
    for (const paper of written) expect((paper.data['topics'] as string[]).length).toBeGreaterThan(0);
  });

  it('files the one paper without any evidence under the catch-all, and names it', () => {
    const unsorted = plan.report.papers.filter((paper) => paper.unsorted === true);
    expect(unsorted.map((paper) => paper.title)).toEqual(['A remark on a question of Smith']);
    expect(byArxiv('0704.0134')?.data['topics']).toEqual(['unsorted']);
    expect(formatReport(plan.report)).toMatch(/Not yet sorted \(1\)/);
  });

  it('lets no topic hold more than 40% of the papers', () => {
    const counts = new Map<string, number>();
    for (const paper of written) {
      for (const id of paper.data['topics'] as string[]) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const [largest, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    expect(count / written.length, largest).toBeLessThanOrEqual(0.4);
    // Every archive of arXiv in the dump reaches a topic of its own field, not one shared pile.
    const archives = new Set(
      records.flatMap((record) => record.categories.split(' ').filter(Boolean).map(arxivArchive)),
    );
    expect(archives.size).toBeGreaterThanOrEqual(20);
    expect(counts.size).toBeGreaterThanOrEqual(25);
  });

  it('writes only files that pass the check', () => {
    for (const { write } of written) {
      const { findings } = checkPaperSource(write.path, new TextEncoder().encode(write.content), {
        topicIds,
        topicsFile: 'content/topics.yaml',
      });
      expect(
        findings.filter((finding) => finding.severity === 'error'),
        write.path,
      ).toEqual([]);
    }
  });
});
