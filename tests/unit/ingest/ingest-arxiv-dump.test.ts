/**
 * A real arXiv OAI excerpt plus records written in the same shape for each hard case (series papers
 * sharing an abstract, computer-science categories, a stray `$`, an author macro, TeX in prose, one
 * record per arXiv archive, a later version of a paper, a record with no evidence at all), ingested
 * with the real TeX repair and the real taxonomy: nothing is lost and no topic takes over.
 */
import { readFileSync } from 'node:fs';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { arxivArchive } from '../../../src/lib/paper/arxiv-categories.ts';
import { planIngest } from '../../../src/lib/ingest/ingest.ts';
import { mathError } from '../../../src/lib/math/math-check.ts';
import { formatReport } from '../../../src/lib/ingest/ingest-report.ts';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { paperMarkdownParser } from '../../../src/lib/markdown/paper-markdown-parser.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../../../src/lib/classify/topic-classifier.ts';

const SAMPLE = 'tests/fixtures/inputs/arxiv-oai-sample.jsonl';
const MIXED = 'tests/fixtures/inputs/arxiv-oai-mixed.jsonl';
const topics = loadTopics('content/topics.yaml');
const topicIds = topics.map((topic) => topic.id);

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; title: string; abstract: string; categories: string });

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
const parser = paperMarkdownParser();
/** The text a reader sees outside math: Markdown's text nodes (escapes resolved), no formula. */
function proseOf(markdown: string): string {
  const texts: string[] = [];
  visit(parser.parse(markdown), 'text', (node: { value: string }) => {
    texts.push(node.value);
  });
  return texts.join(' ');
}
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

  it('shows no TeX command or dollar sign in the prose of any page, and keeps every valid formula as written', () => {
    const showing = written.filter(({ body, data }) =>
      [body, String(data['title'])].some((markdown) => /\\[A-Za-z]|\$/.test(proseOf(markdown))),
    );
    expect(showing.map(({ write }) => write.slug)).toEqual([]);
    // The stray dollar stays local: the author's other formulas come out exactly as written.
    const sigma = byArxiv('0704.0106');
    for (const formula of [
      String.raw`$\Delta\beta_n=2.0\mp 1.8$`,
      String.raw`$\sigma$-meson`,
      String.raw`$m_\sigma=666$`,
      '$2.6$',
    ])
      expect(sigma?.body).toContain(formula);
    expect(sigma?.body).toContain(String.raw`$\Delta\alpha_n=0.8\pm 1.7$`);
    // An author's macro stays math, shown by name; the report lists it with a count.
    expect(byArxiv('0704.0107')?.body).toContain(String.raw`$c=\mathrm{si}_1\mathrm{si}_2 \cdots\mathrm{si}_d$`);
    expect(formatReport(plan.report)).toMatch(/Unknown TeX commands[^\n]*\n {2}\\(?:kms|rsun|si): /);
    expect(byArxiv('0704.0108')?.body).toContain('\\[G2]');
    expect(byArxiv('0704.0109')?.body).toContain(String.raw`$\mathcal{K}$-invariant`);
    expect(byArxiv('0704.0110')?.body).toContain(String.raw`$\mu0H$`);
  });

  it('keeps every formula of the real OAI sample that was valid TeX exactly as the author wrote it', () => {
    let formulas = 0;
    for (const record of lines(SAMPLE)) {
      const abstract = record.abstract.replace(/\s+/g, ' ');
      for (const [, tex = ''] of abstract.matchAll(/\$([^$]+)\$/g)) {
        if (mathError(tex) !== undefined) continue;
        formulas += 1;
        expect(byArxiv(record.id)?.body, record.id).toContain(`$${tex}$`);
      }
    }
    expect(formulas).toBeGreaterThan(10);
  });

  it('keeps the arXiv metadata a reader expects: categories (primary first), journal, comments, license, versions', () => {
    expect(byArxiv('0704.0001')?.data).toMatchObject({
      categories: ['hep-ph'],
      journal: 'Phys.Rev.D76:013009,2007',
      comments: '37 pages, 15 figures; published version',
      published: new Date('2007-04-02T00:00:00Z'),
      updated: new Date('2007-07-24T00:00:00Z'),
    });
    expect(byArxiv('0704.0002')?.data).toMatchObject({
      categories: ['math.CO', 'cs.CG'],
      license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
    });
    // A later dump line of the same paper brings its newest version date.
    expect(byArxiv('0704.0101')?.data['updated']).toEqual(new Date('2007-04-04T00:00:00Z'));
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
