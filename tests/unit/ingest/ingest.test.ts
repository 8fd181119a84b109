import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import {
  abstractKey,
  planIngest,
  resolveAdded,
  type Classify,
  type ExistingFile,
  type IngestInput,
  type IngestOptions,
  type IngestPlan,
  type RepairAbstract,
  type RepairTitle,
} from '../../../src/lib/ingest/ingest.ts';
import { exitCodeFor, formatReport } from '../../../src/lib/ingest/ingest-report.ts';
import { loadArchiveReads, readerScope } from '../../../src/lib/ingest/archive-reads.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { parsePaperFile, serializePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { findMath } from '../../../src/lib/math/math-check.ts';
import { splitTitleMath } from '../../../src/lib/text/math-text.ts';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import {
  repairAbstract as realRepairAbstract,
  repairTitle as realRepairTitle,
} from '../../../src/lib/repair/tex-repair.ts';

const SEED = 'content/inbox/2025-03-14-hf-trending.txt';
const TOPICS = ['learning-theory', 'scaling-laws', 'graphs'];
const encode = (text: string) => new TextEncoder().encode(text);
const ABSTRACT = 'We propose a learning method. It works on every benchmark we tried. We explain why in detail.';

// Fakes with the shapes of the real TeX repair and classifier: simple, predictable rules.
const repairTitle: RepairTitle = (raw) => {
  const markdown = raw.replace(/\balpha\b/g, '$\\alpha$');
  return { markdown, repairs: markdown === raw ? [] : [{ rule: 'greek', before: 'alpha', after: '$\\alpha$' }] };
};
const repairAbstract: RepairAbstract = (raw) => {
  const urls = raw.match(/https:\/\/\S+[^\s.,)]/g) ?? [];
  // The seed's {\em ...} becomes *...*, as the real repair writes it: TeX left in the prose is refused.
  const markdown = raw
    .replace(/Acdot/g, 'A\\cdot')
    .replace(/\{\\em ([^}]*)\}/g, '*$1*')
    .replace(/https:\/\/\S+[^\s.,)]/g, (url) => `<${url}>`);
  return {
    markdown,
    repairs: raw.includes('Acdot') ? [{ rule: 'stripped-backslash', before: 'Acdot', after: 'A\\cdot' }] : [],
    code: urls.filter((url) => url.startsWith('https://github.com/')),
    links: urls.filter((url) => !url.startsWith('https://github.com/')),
  };
};
const classify: Classify = ({ title, abstract }) => {
  const text = `${title} ${abstract}`.toLowerCase();
  const topics = [
    ...(/learn|network|model|data|entropy/.test(text) ? ['learning-theory'] : []),
    ...(text.includes('scaling') ? ['scaling-laws'] : []),
    ...(text.includes('graph') ? ['graphs'] : []),
  ].slice(0, 3);
  return { topics, noEvidence: topics.length === 0, evidence: topics.map((id) => ({ id, score: 1, matches: [id] })) };
};

function input(file: string, text: string | Uint8Array, source = `inbox/${file.split('/').at(-1)}`): IngestInput {
  return { file, source, bytes: typeof text === 'string' ? encode(text) : text };
}

function plan(options: Partial<IngestOptions> & Pick<IngestOptions, 'inputs'>): IngestPlan {
  return planIngest({
    existing: [],
    topicIds: TOPICS,
    papersDir: 'content/papers',
    repairTitle,
    repairAbstract,
    classify,
    ...options,
  });
}

/** The archive after a plan's writes. */
function apply(existing: readonly ExistingFile[], result: IngestPlan): ExistingFile[] {
  const files = new Map(existing.map((file) => [file.path, file]));
  for (const write of result.writes) files.set(write.path, { slug: write.slug, path: write.path, text: write.content });
  return [...files.values()];
}

function page(...papers: [string, string][]): string {
  return ['Subscribe', 'Mar 14', ...papers.flat()].join('\n\n') + '\n';
}

const seed = () => input(SEED, readFileSync(SEED));

describe('the seed page', () => {
  const result = plan({ inputs: [seed()] });

  it('plans 56 new, valid paper files named by slug', () => {
    expect(result.report.counts).toEqual({ new: 56, updated: 0, unchanged: 0, skipped: 0 });
    expect(result.report.errors).toEqual([]);
    expect(result.writes).toHaveLength(56);
    const schema = paperSchemaFor(TOPICS);
    for (const write of result.writes) {
      expect(write.path).toBe(`content/papers/${write.slug}.md`);
      expect(write.status).toBe('new');
      const { data } = parsePaperFile(write.content);
      const paper = schema.parse(data);
      expect(paper.source).toBe('inbox/2025-03-14-hf-trending.txt');
      expect(paper.added).toEqual(new Date('2025-03-14T00:00:00Z'));
    }
    expect(new Set(result.writes.map((write) => write.slug)).size).toBe(56);
    expect(exitCodeFor(result.report)).toBe(0);
  });

  it('plans only files that pass the full pull-request check', () => {
    for (const write of result.writes) {
      const { findings } = checkPaperSource(write.path, new TextEncoder().encode(write.content), {
        topicIds: TOPICS,
        topicsFile: 'content/topics.yaml',
      });
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    }
  });

  it('keeps the scraped abstract as original exactly when the repair changed it', () => {
    const scaling = result.writes.find((write) => write.slug === 'scaling-law-with-learning-rate-annealing');
    const { data, body } = parsePaperFile(scaling?.content ?? '');
    expect(body).toContain('A\\cdot S_1');
    expect(data['original']).toContain('Acdot S_1');
    const emo = result.writes.find((write) => write.slug.startsWith('emo-'));
    expect(parsePaperFile(emo?.content ?? '').data['original']).toBeUndefined();
    const paper = result.report.papers.find((outcome) => outcome.slug === 'scaling-law-with-learning-rate-annealing');
    expect(paper?.repairs).toEqual([
      { field: 'abstract', rule: 'stripped-backslash', before: 'Acdot', after: 'A\\cdot' },
    ]);
  });

  it('changes nothing when run again on its own output', () => {
    const again = plan({ inputs: [seed()], existing: apply([], result) });
    expect(again.writes).toEqual([]);
    expect(again.report.counts).toEqual({ new: 0, updated: 0, unchanged: 56, skipped: 0 });
    expect(again.report.papers.every((paper) => paper.kept.length === 0)).toBe(true);
    expect(again.report.duplicates).toEqual([]);
  });

  it('gives the same plan whatever the clock says', () => {
    let tick = 0;
    const timed = plan({ inputs: [seed()], now: () => (tick += 7) });
    expect(timed.writes).toEqual(result.writes);
    expect(timed.report.timings.papersPerSecond).toBeGreaterThan(0);
  });
});

describe('duplicates', () => {
  it('merges a paper listed twice in one input', () => {
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT], ['GRAPH  learning!', ABSTRACT]))],
    });
    expect(result.writes).toHaveLength(1);
    expect(result.report.duplicates).toEqual([{ file: '2025-03-14-a.txt', line: 9, of: '2025-03-14-a.txt:5' }]);
    expect(result.report.papers[0]?.from).toHaveLength(2);
  });

  it('merges across inputs: the scraped page gives the text, the OAI record fills ids and authors', () => {
    const oai = JSON.stringify({
      id: '2401.00001',
      title: 'Graph  Learning',
      abstract: 'A different abstract about graphs.',
      authors_parsed: [['Lovelace', 'Ada', '']],
      versions: [{ created: 'Mon, 1 Jan 2024 10:00:00 GMT' }],
    });
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT])), input('dump.jsonl', `${oai}\n`)],
      added: '2025-03-15',
    });
    expect(result.writes).toHaveLength(1);
    const { data, body } = parsePaperFile(result.writes[0]?.content ?? '');
    expect(data).toMatchObject({ title: 'Graph Learning', arxiv: '2401.00001', authors: ['Ada Lovelace'] });
    expect(data['published']).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(body.trim()).toBe(ABSTRACT);
    expect(result.report.duplicates).toEqual([{ file: 'dump.jsonl', line: 1, of: '2025-03-14-a.txt:5' }]);
  });

  it('keeps papers with the same title but different arXiv ids apart, and notes them', () => {
    const record = (id: string) => JSON.stringify({ id, title: 'Graph Learning', abstract: ABSTRACT });
    const result = plan({
      inputs: [input('dump.jsonl', `${record('2401.00001')}\n${record('2401.00002v3')}\n`)],
      added: '2025-01-01',
    });
    expect(result.report.counts).toMatchObject({ new: 2, skipped: 0 });
    expect(result.writes.map((write) => write.slug)).toEqual(
      expect.arrayContaining(['graph-learning', expect.stringMatching(/^graph-learning-[0-9a-f]{6}$/)]),
    );
    expect(result.report.apart).toEqual([
      { file: 'dump.jsonl', line: 2, of: 'dump.jsonl:1', shared: 'title', because: 'arxiv' },
    ]);
    expect(formatReport(result.report)).toContain('dump.jsonl:2 and dump.jsonl:1: same title, different arXiv ids');
    // The check agrees: one title, two ids, two papers (a warning, not an error).
    for (const write of result.writes) {
      const { findings } = checkPaperSource(write.path, encode(write.content), {
        topicIds: TOPICS,
        topicsFile: 'content/topics.yaml',
      });
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    }
  });

  it('reports the fields the records of one paper disagree on alike, in one run or in two', () => {
    const oai = JSON.stringify({
      id: '2410.00001',
      title: 'Scaling Graph Neural Networks to Billions of Edges',
      abstract: ABSTRACT,
      authors: 'Ada Lovelace, Alan Turing',
      doi: '10.5555/xyz',
      versions: [{ version: 'v1', created: 'Thu, 14 Mar 2024 10:00:00 GMT' }],
    });
    const atom = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
      '  <entry>',
      '    <id>http://arxiv.org/abs/2410.00001v3</id>',
      '    <title>Scaling GNNs to Billions of Edges: A Study</title>',
      '    <summary>We study graph learning at scale, and measure how it behaves on every benchmark we tried.</summary>',
      '    <published>2024-03-15T13:07:39Z</published>',
      '    <updated>2024-09-15T13:07:39Z</updated>',
      '    <arxiv:doi>10.5555/other</arxiv:doi>',
      '    <author><name>Grace Hopper</name></author>',
      '  </entry>',
      '</feed>',
    ].join('\n');
    const inputs = [input('a.jsonl', `${oai}\n`), input('b.xml', atom)];
    const kept = (result: IngestPlan) =>
      result.report.papers.flatMap((paper) => paper.kept.map((field) => [field.field, field.file, field.input]));
    const oneRun = plan({ inputs, added: '2025-04-01' });
    const first = plan({ inputs: inputs.slice(0, 1), added: '2025-04-01' });
    const secondRun = plan({ inputs: inputs.slice(1), existing: apply([], first), added: '2025-04-01' });
    expect(kept(oneRun).map(([field]) => field)).toEqual(['title', 'authors', 'doi', 'published', 'abstract']);
    expect(kept(oneRun)).toEqual(kept(secondRun));
    expect(oneRun.report.warnings).toEqual([]);
    const text = formatReport(oneRun.report);
    expect(text).toMatch(
      /Kept [^\n]*\n {2}content\/papers\/scaling-graph-neural-networks-to-billions-of-edges\.md: title: a\.jsonl:1 Scaling Graph Neural Networks to Billions of Edges \| b\.xml:3 Scaling GNNs to Billions of Edges: A Study\n/,
    );
    expect(text).toContain('doi: a.jsonl:1 10.5555/xyz | b.xml:3 10.5555/other');
    // With --force the later record wins, in one run as in two, and the report says so.
    const forced = plan({ inputs, added: '2025-04-01', force: true });
    const forcedAgain = plan({
      inputs: inputs.slice(1),
      existing: apply([], first),
      added: '2025-04-01',
      force: true,
    });
    expect(forced.writes.map((write) => write.content)).toEqual(forcedAgain.writes.map((write) => write.content));
    expect(formatReport(forced.report)).toMatch(
      /scaling-graph-neural-networks-to-billions-of-edges\.md {2}\[[^\]]*\]; took title, authors, doi, published, abstract from b\.xml:3 \(--force\)/,
    );
  });

  it('merges an old-style arXiv id with and without its subject class, and writes it without', () => {
    const title = 'Lefschetz pencils and divisors in moduli space';
    const oai = (id: string) => `${JSON.stringify({ id, title, abstract: ABSTRACT })}\n`;
    const bib = `@article{donaldson, title = {${title}}, eprint = {math.SG/0011221}, archivePrefix = {arXiv}, abstract = {${ABSTRACT}}}\n`;
    const result = plan({
      inputs: [input('a.jsonl', oai('math/0011221')), input('b.jsonl', oai('math.SG/0011221')), input('c.bib', bib)],
      added: '2025-04-01',
    });
    expect(result.report.counts).toMatchObject({ new: 1, skipped: 0 });
    expect(result.report.apart).toEqual([]);
    expect(result.report.duplicates.map((duplicate) => duplicate.file)).toEqual(['b.jsonl', 'c.bib']);
    expect(parsePaperFile(result.writes[0]?.content ?? '').data['arxiv']).toBe('math/0011221');
    // Met again later in the other form, it is the same paper.
    const again = plan({
      inputs: [input('d.jsonl', oai('math.SG/0011221v2'))],
      existing: apply([], result),
      added: '2025-04-02',
    });
    expect(again.report.counts).toMatchObject({ new: 0, unchanged: 1 });
  });

  it('names papers whose titles make one slug alike whatever the order of the records', () => {
    const record = (id: string, title: string) => JSON.stringify({ id, title, abstract: `${ABSTRACT} Paper ${id}.` });
    const lines = [
      record('2408.00001', '深度学习'),
      record('2408.00002', '😀😀😀'),
      record('2408.00003', '🎉'),
      record('2408.00004', 'Graph Learning'),
      record('2408.00005', 'Graph Learning'),
      record('2408.00006', 'Graph Learning'),
    ];
    const slugsOf = (order: readonly string[]) => {
      const result = plan({ inputs: [input('dump.jsonl', `${order.join('\n')}\n`)], added: '2025-01-01' });
      expect(result.report.counts).toMatchObject({ new: 6, skipped: 0 });
      return new Map(
        result.writes.map((write) => [String(parsePaperFile(write.content).data['arxiv']), write.slug] as const),
      );
    };
    const forward = slugsOf(lines);
    expect(new Set(forward.values()).size).toBe(6);
    // Titles that spell nothing in a URL are named after their ids; the three "Graph Learning" collide.
    expect([...forward.values()]).toEqual(
      expect.arrayContaining(['arxiv-2408-00001', 'arxiv-2408-00002', 'arxiv-2408-00003', 'graph-learning']),
    );
    for (const order of [[...lines].reverse(), [lines[2], lines[4], lines[0], lines[5], lines[1], lines[3]]]) {
      expect(slugsOf(order.map(String))).toEqual(forward);
    }
  });

  it('keeps series papers that share an abstract word for word apart (different ids and titles)', () => {
    const shared = `${ABSTRACT} ${'The series continues with more results on graphs and their spectra. '.repeat(4)}`;
    const record = (id: string, title: string) => JSON.stringify({ id, title, abstract: shared });
    const result = plan({
      inputs: [
        input(
          'dump.jsonl',
          `${record('0704.0009', 'Graph survey. IX. Results')}\n${record('0704.0010', 'Graph survey. X. More results')}\n`,
        ),
      ],
      added: '2025-01-01',
    });
    expect(result.report.counts).toMatchObject({ new: 2, skipped: 0 });
    expect(result.report.duplicates).toEqual([]);
  });

  it('keeps records without ids that share only an abstract apart, as possible duplicates', () => {
    const shared = `${ABSTRACT} ${'More sentences that make the abstract long enough to identify it. '.repeat(4)}`;
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', shared], ['Learning on Graphs, Part Two', shared]))],
    });
    expect(result.report.counts).toMatchObject({ new: 2, skipped: 0 });
    expect(result.report.apart).toEqual([
      { file: '2025-03-14-a.txt', line: 9, of: '2025-03-14-a.txt:5', shared: 'abstract', because: 'title' },
    ]);
    expect(formatReport(result.report)).toMatch(
      /Kept apart \(1\)[^\n]*\n {2}2025-03-14-a\.txt:9 and 2025-03-14-a\.txt:5: same abstract, different titles and no ids to tell \(possible duplicate\)/,
    );
  });

  it("skips a paper whose title is nearly another one's, with no ids to tell them apart, as the check would refuse it", () => {
    const other = `${ABSTRACT} A second abstract, about another thing entirely, with results on graphs.`;
    const result = plan({
      inputs: [
        input(
          '2025-03-14-a.txt',
          page(['Scaling Laws for Graph Neural Networks', ABSTRACT], ['Scaling Law for Graph Neural Networks', other]),
        ),
      ],
    });
    expect(result.writes.map((write) => write.slug)).toEqual(['scaling-laws-for-graph-neural-networks']);
    expect(result.report.counts).toMatchObject({ new: 1, skipped: 1 });
    expect(result.report.papers.find((paper) => paper.status === 'skipped')?.reason).toMatch(
      /^2025-03-14-a\.txt:9: the paper would fail the check \(near-duplicate-title: its title is nearly the same as "Scaling Laws for Graph Neural Networks"/,
    );
    // Against the archive as well; and with different arXiv ids they are two papers, both written.
    const again = plan({
      inputs: [input('2025-03-15-b.txt', page(['Scaling Law for Graph Neural Networks', other]))],
      existing: apply([], result),
    });
    expect(again.writes).toEqual([]);
    const ids = (id: string, title: string, abstract: string) => JSON.stringify({ id, title, abstract });
    const distinct = plan({
      inputs: [
        input(
          'dump.jsonl',
          `${ids('2401.00001', 'Scaling Laws for Graph Neural Networks', ABSTRACT)}\n${ids('2401.00002', 'Scaling Law for Graph Neural Networks', other)}\n`,
        ),
      ],
      added: '2025-01-01',
    });
    expect(distinct.writes).toHaveLength(2);
  });

  it('merges versions of one arXiv id, whatever their titles', () => {
    const result = plan({
      inputs: [
        input(
          'dump.jsonl',
          [
            JSON.stringify({ id: '2401.00001', title: 'Graph Learning', abstract: ABSTRACT }),
            JSON.stringify({ id: '2401.00001v2', title: 'Graph Learning, Revised', abstract: ABSTRACT }),
          ].join('\n'),
        ),
      ],
      added: '2025-01-01',
    });
    expect(result.writes).toHaveLength(1);
    expect(result.report.duplicates).toEqual([{ file: 'dump.jsonl', line: 2, of: 'dump.jsonl:1' }]);
  });

  it('holds back a record whose DOI belongs to a paper with another arXiv id', () => {
    const result = plan({
      inputs: [
        input(
          'dump.jsonl',
          [
            JSON.stringify({ id: '2401.00001', doi: '10.1234/abc', title: 'Graph Learning', abstract: ABSTRACT }),
            JSON.stringify({ id: '2401.00002', doi: '10.1234/ABC', title: 'Other Graphs', abstract: ABSTRACT }),
          ].join('\n'),
        ),
      ],
      added: '2025-01-01',
    });
    expect(result.writes).toHaveLength(1);
    expect(result.report.papers.find((paper) => paper.status === 'skipped')?.reason).toMatch(
      /^dump\.jsonl:2: has the DOI of dump\.jsonl:1 but a different arXiv id: one of the two ids is wrong/,
    );
  });

  it('does not take titles without letters or digits for one paper', () => {
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['???', `${ABSTRACT} graph`], ['!!!', `${ABSTRACT} graph`]))],
    });
    expect(result.writes.map((write) => write.slug)).toEqual(
      ['paper', expect.stringMatching(/^paper-[0-9a-f]{6}$/)].sort(),
    );
  });

  it('names a paper whose title spells nothing in a URL (Chinese, Japanese, Korean) after its arXiv id or DOI', () => {
    const result = plan({
      inputs: [
        input(
          'dump.jsonl',
          [
            JSON.stringify({
              id: '2401.00001v2',
              title: '基于图神经网络的分子性质预测',
              abstract: `${ABSTRACT} graph`,
            }),
            JSON.stringify({ id: 'hep-th/9901001', title: '深層学習による画像認識', abstract: `${ABSTRACT} vision` }),
          ].join('\n'),
        ),
        input(
          'refs.bib',
          [
            `@article{a, title = {대규모 언어 모델}, doi = {10.1000/XYZ.1}, abstract = {${ABSTRACT} language}}`,
            `@article{b, title = {强化学习综述}, abstract = {${ABSTRACT} reinforcement}}`,
          ].join('\n'),
        ),
      ],
      added: '2025-01-01',
    });
    expect(result.writes.map((write) => write.slug).sort()).toEqual([
      'arxiv-2401-00001',
      'arxiv-hep-th-9901001',
      'doi-10-1000-xyz-1',
      'paper',
    ]);
  });
});

describe('categories as sources write them', () => {
  it('adds papers whose categories are in capitals, in one text with commas, or beside an ACM class, and reports what changed', () => {
    const record = (id: string, categories: string) =>
      JSON.stringify({ id, title: `Graph Learning ${id}`, abstract: `${ABSTRACT} Paper ${id}.`, categories });
    const result = plan({
      inputs: [
        input(
          'dump.jsonl',
          [
            record('2401.00001', 'CS.LG STAT.ML'),
            record('2401.00002', 'cs.AI,cs.LG'),
            record('2401.00003', 'cs.LG I.2.8'),
          ].join('\n'),
        ),
      ],
      added: '2025-01-01',
    });
    expect(result.report.counts).toMatchObject({ new: 3, skipped: 0 });
    const categories = result.writes.map((write) => parsePaperFile(write.content).data['categories']);
    expect(categories).toEqual([['cs.LG', 'stat.ML'], ['cs.AI', 'cs.LG'], ['cs.LG']]);
    expect(
      result.report.papers.flatMap((paper) => paper.repairs.filter((repair) => repair.field === 'categories')),
    ).toEqual([
      { field: 'categories', rule: 'arxiv-form', before: 'CS.LG STAT.ML', after: 'cs.LG stat.ML' },
      { field: 'categories', rule: 'arxiv-form', before: 'cs.AI,cs.LG', after: 'cs.AI cs.LG' },
      { field: 'categories', rule: 'arxiv-form', before: 'cs.LG I.2.8', after: 'cs.LG' },
    ]);
  });
});

describe('papers with no topic evidence', () => {
  const parking: Classify = (paper) =>
    paper.abstract.includes('graph')
      ? { topics: ['graphs'], noEvidence: false, evidence: [{ id: 'graphs', score: 1, matches: ['graph'] }] }
      : { topics: ['unsorted'], noEvidence: true, evidence: [] };
  const topicIds = [...TOPICS, 'unsorted'];

  it('are added under the catch-all topic and named in the report, never dropped', () => {
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['On a Question of Smith', 'We answer it in full, with proofs.']))],
      classify: parking,
      topicIds,
      catchAllTopic: 'unsorted',
    });
    expect(result.report.counts).toMatchObject({ new: 1, skipped: 0 });
    expect(parsePaperFile(result.writes[0]?.content ?? '').data['topics']).toEqual(['unsorted']);
    expect(result.report.papers[0]?.unsorted).toBe(true);
    expect(formatReport(result.report)).toMatch(
      /Not yet sorted \(1\):[^\n]*\n {2}content\/papers\/on-a-question-of-smith\.md {2}On a Question of Smith/,
    );
  });

  it('gain real topics when a later input gives evidence, but never lose topics a person chose', () => {
    const first = plan({
      inputs: [input('2025-03-14-a.txt', page(['On a Question of Smith', 'We answer it in full.']))],
      classify: parking,
      topicIds,
      catchAllTopic: 'unsorted',
    });
    const again = plan({
      inputs: [input('2025-03-15-b.txt', page(['On a Question of Smith', 'We answer it on a graph.']))],
      existing: apply([], first),
      classify: parking,
      topicIds,
      catchAllTopic: 'unsorted',
    });
    expect(again.report.papers[0]).toMatchObject({ status: 'updated', filled: ['topics'], topics: ['graphs'] });
    const chosen = apply([], first).map((existing) => ({
      ...existing,
      text: existing.text.replace('- unsorted', '- learning-theory'),
    }));
    const kept = plan({
      inputs: [input('2025-03-15-b.txt', page(['On a Question of Smith', 'We answer it on a graph.']))],
      existing: chosen,
      classify: parking,
      topicIds,
      catchAllTopic: 'unsorted',
    });
    expect(kept.report.papers[0]?.topics).toEqual(['learning-theory']);
  });
});

describe('against the archive', () => {
  const first = plan({ inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))] });
  const archive = apply([], first);
  const [file] = archive;

  it('fills missing fields and keeps the slug, even when the title changed', () => {
    const oai = JSON.stringify({
      id: '2401.00001',
      title: 'Graph Learning',
      abstract: ABSTRACT,
      authors: 'Ada Lovelace',
    });
    const result = plan({ inputs: [input('dump.jsonl', oai)], existing: archive, added: '2026-01-01' });
    expect(result.report.counts).toMatchObject({ updated: 1, new: 0 });
    expect(result.writes[0]?.path).toBe(file?.path);
    expect(result.report.papers[0]?.filled).toEqual(['authors', 'arxiv']);
    const { data } = parsePaperFile(result.writes[0]?.content ?? '');
    // Added and source record the first arrival.
    expect(data).toMatchObject({ source: 'inbox/2025-03-14-a.txt', added: new Date('2025-03-14T00:00:00Z') });

    // Once the file has the arXiv id, a retitled record still finds it by that id.
    const retitled = JSON.stringify({ id: '2401.00001', title: 'Learning on Graphs (v2)', abstract: ABSTRACT });
    const later = plan({
      inputs: [input('dump.jsonl', retitled)],
      existing: apply(archive, result),
      added: '2026-01-01',
    });
    expect(later.writes).toEqual([]);
    expect(later.report.papers[0]).toMatchObject({ status: 'unchanged', slug: file?.slug });
    expect(later.report.papers[0]?.kept).toEqual([
      { field: 'title', file: 'Graph Learning', input: 'Learning on Graphs (v2)' },
    ]);
  });

  it('finds a paper whose title a person corrected, by its abstract', () => {
    const seeded = apply([], plan({ inputs: [seed()] }));
    const fixed = seeded.map((file) =>
      file.slug === 'optimizing-calibration-by-gaining-aware-of-prediction-correctness'
        ? { ...file, text: file.text.replace('Gaining Aware of', 'Gaining Awareness of') }
        : file,
    );
    const again = plan({ inputs: [seed()], existing: fixed });
    expect(again.writes).toEqual([]);
    expect(again.report.counts).toMatchObject({ new: 0, unchanged: 56 });
    expect(again.report.papers.flatMap((paper) => paper.kept)).toEqual([
      {
        field: 'title',
        file: 'Optimizing Calibration by Gaining Awareness of Prediction Correctness',
        input: 'Optimizing Calibration by Gaining Aware of Prediction Correctness',
      },
    ]);
  });

  it('never overwrites what a person edited, and reports it as kept', () => {
    const edited = (file?.text ?? '')
      .replace('title: Graph Learning', 'title: Graph learning')
      .replace('- graphs', '- scaling-laws');
    const existing = [{ ...file, text: edited } as ExistingFile];
    const result = plan({ inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))], existing });
    expect(result.writes).toEqual([]);
    expect(result.report.papers[0]?.kept.map((field) => field.field)).toEqual(['title', 'topics']);
    expect(formatReport(result.report)).toMatch(/Kept .*\n.*title: file Graph learning \| input Graph Learning/);
  });

  it('with force, takes the input (but not the slug, added or source)', () => {
    const edited = (file?.text ?? '').replace('title: Graph Learning', 'title: Graph learning');
    const existing = [{ ...file, text: edited } as ExistingFile];
    const result = plan({
      inputs: [input('2026-01-01-b.txt', page(['Graph Learning', ABSTRACT]))],
      existing,
      force: true,
    });
    expect(result.writes).toHaveLength(1);
    expect(result.writes[0]?.content).toBe(file?.text);
    expect(result.report.papers[0]?.replaced.map((field) => field.field)).toEqual(['title']);
  });

  it('gives a new paper whose slug is taken a suffixed slug', () => {
    const result = plan({
      inputs: [input('2025-03-14-b.txt', page(['Graph Learning?!', `${ABSTRACT} Different paper.`]))],
      existing: [
        { slug: 'graph-learning', path: 'content/papers/graph-learning.md', text: '---\ntitle: Something else\n---\n' },
      ],
    });
    expect(result.writes.map((write) => write.slug)).toEqual([expect.stringMatching(/^graph-learning-[0-9a-f]{6}$/)]);
    // The unreadable archive file is reported, not overwritten.
    expect(result.report.warnings.map((warning) => warning.file)).toEqual(['content/papers/graph-learning.md']);
  });

  it('skips a paper whose archive file is invalid, rather than duplicating it', () => {
    const broken = { ...file, text: (file?.text ?? '').replace('- graphs', '- no-such-topic') } as ExistingFile;
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
      existing: [broken],
    });
    expect(result.writes).toEqual([]);
    expect(result.report.papers[0]?.reason).toMatch(
      /is the paper in content\/papers\/graph-learning\.md, which cannot be read .*unknown topic "no-such-topic".*fix that file first/,
    );
  });

  it("says why an archive file fails the schema in the check's words, not zod's", () => {
    const broken = { ...file, text: (file?.text ?? '').replace(/^source: .*$/m, "source: ''") } as ExistingFile;
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
      existing: [broken],
    });
    const reason = result.report.papers[0]?.reason ?? '';
    expect(reason).toMatch(/cannot be read .*source: the value is empty: give it one/);
    expect(reason).not.toMatch(/Too small|expected string/);
  });

  it('skips a paper that matches two archive files', () => {
    const byTitle = {
      slug: 'one',
      path: 'content/papers/one.md',
      text: serializePaperFile({ title: 'Graph Learning', added: new Date(0), topics: ['graphs'], source: 's' }, 'x'),
    };
    const byId = {
      slug: 'two',
      path: 'content/papers/two.md',
      text: serializePaperFile(
        { title: 'Other', arxiv: '2401.00001', added: new Date(0), topics: ['graphs'], source: 's' },
        'x',
      ),
    };
    const oai = JSON.stringify({ id: '2401.00001', title: 'Graph Learning', abstract: ABSTRACT });
    const result = plan({ inputs: [input('dump.jsonl', oai)], existing: [byTitle, byId], added: '2025-01-01' });
    expect(result.writes).toEqual([]);
    expect(result.report.papers[0]?.reason).toMatch(
      /matches several papers in the archive \(content\/papers\/one\.md, content\/papers\/two\.md\)/,
    );
  });
});

describe('author names', () => {
  it("decodes TeX accents in arXiv's author names (OAI and Atom), reporting each as a repair", () => {
    const oai = JSON.stringify({
      id: '1001.0002',
      title: 'Graph Spectra',
      abstract: ABSTRACT,
      authors: 'J. M\\"uller, P. Erd\\H{o}s and S. Sch{\\"o}nberg',
    });
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1001.0003v1</id>
<title>Graph Minors</title><summary>${ABSTRACT}</summary><author><name>Alfr\\'ed R\\'enyi</name></author></entry></feed>`;
    const result = plan({ inputs: [input('2025-03-14-dump.jsonl', `${oai}\n`), input('2025-03-14-feed.xml', atom)] });
    const authors = result.writes.map((write) => parsePaperFile(write.content).data.authors);
    expect(authors).toHaveLength(2);
    expect(authors).toEqual(expect.arrayContaining([['J. Müller', 'P. Erdős', 'S. Schönberg'], ['Alfréd Rényi']]));
    const repairs = result.report.papers.flatMap((paper) =>
      paper.repairs.filter((repair) => repair.field === 'authors'),
    );
    expect(repairs).toContainEqual({
      field: 'authors',
      rule: 'tex-accent',
      before: 'P. Erd\\H{o}s',
      after: 'P. Erdős',
    });
  });
});

describe('papers that cannot be ingested', () => {
  it('skips a withdrawn paper, whose abstract is only the withdrawal notice, in every format', () => {
    const notice = 'This paper has been withdrawn by the author due to a crucial error in the proof of Theorem 2.';
    const oai = JSON.stringify({
      id: '2301.00001',
      title: 'Graph Colourings of Sparse Graphs',
      abstract: `  ${notice}\n`,
    });
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2301.00002v2</id>
<title>Graph Minors Revisited</title><summary>${notice}</summary></entry></feed>`;
    const result = plan({
      inputs: [
        input('2025-03-14-dump.jsonl', `${oai}\n`),
        input('2025-03-14-feed.xml', atom),
        input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT])),
      ],
    });
    expect(result.writes.map((write) => write.slug)).toEqual(['graph-learning']);
    expect(result.report.papers.filter((paper) => paper.status === 'skipped').map((paper) => paper.reason)).toEqual([
      expect.stringMatching(
        /^2025-03-14-dump\.jsonl:1: the abstract is a withdrawal notice \("This paper has been withdrawn/,
      ) as string,
      expect.stringMatching(
        /^2025-03-14-feed\.xml:1: the abstract is a withdrawal notice .*: a withdrawn paper is not added/,
      ) as string,
    ]);
  });

  it('skips a paper with no topic, naming it and what to do, and writes the rest', () => {
    const result = plan({
      inputs: [
        input(
          '2025-03-14-a.txt',
          page(['Graph Learning', ABSTRACT], ['Cooking Pasta', 'Boil water. Add salt. Wait ten minutes.']),
        ),
      ],
    });
    expect(result.writes).toHaveLength(1);
    expect(result.report.counts).toMatchObject({ new: 1, skipped: 1 });
    const skipped = result.report.papers.find((paper) => paper.status === 'skipped');
    expect(skipped?.title).toBe('Cooking Pasta');
    expect(skipped?.reason).toMatch(
      /^2025-03-14-a\.txt:9: no topic fits "Cooking Pasta" .*add a match phrase for it to content\/topics\.yaml, or write the paper file by hand/,
    );
    expect(exitCodeFor(result.report)).toBe(1);
  });

  it('skips a paper that would not validate (a topic id not in the taxonomy)', () => {
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
      classify: () => ({ topics: ['astrology'], noEvidence: false, evidence: [] }),
    });
    expect(result.writes).toEqual([]);
    expect(result.report.papers[0]?.reason).toMatch(
      /the paper would fail the check \(unknown-topic: unknown topic "astrology"/,
    );
  });

  it('skips a paper whose math KaTeX cannot render', () => {
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
      repairAbstract: (raw) => ({ markdown: `${raw} $\\frac{1}{$ x.`, repairs: [], code: [], links: [] }),
    });
    expect(result.writes).toEqual([]);
    expect(result.report.papers[0]?.reason).toMatch(
      /the abstract would fail the check \(math-error: KaTeX cannot render the formula "\\frac\{1\}\{"/,
    );
  });

  it('skips a paper whose math the allow-list or the budget refuses, with the rule', () => {
    for (const [formula, rule] of [
      ['$\\def\\a{xx}\\a$', 'math-command'],
      ['$\\colorbox{red}{\\Huge x}$', 'math-command'],
      [`$${'\\sqrt{'.repeat(30)}x${'}'.repeat(30)}$`, 'math-budget'],
      [`$${'\\overbrace{x}^{y}'.repeat(30)}$`, 'math-budget'],
    ]) {
      const result = plan({
        inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
        repairAbstract: (raw) => ({ markdown: `${raw} ${formula}`, repairs: [], code: [], links: [] }),
      });
      expect(result.writes, formula).toEqual([]);
      expect(result.report.papers[0]?.reason).toMatch(new RegExp(`the abstract would fail the check \\(${rule}: `));
    }
  });

  it('writes the issue’s macro bomb, through the real repair, as harmless text the check accepts', () => {
    const bomb = `\\def\\a{${'x'.repeat(200)}}\\def\\b{${'\\a'.repeat(10)}}\\def\\c{${'\\b'.repeat(9)}}${'\\c'.repeat(10)}`;
    const result = plan({
      inputs: [input('2025-03-14-a.txt', page([`Graph $\\gdef\\x{y}\\x$ Learning`, `${ABSTRACT} Cost: $${bomb}$.`]))],
      repairTitle: realRepairTitle,
      repairAbstract: realRepairAbstract,
    });
    expect(result.writes).toHaveLength(1);
    const file = result.writes[0]?.content ?? '';
    const { findings } = checkPaperSource('graph-learning.md', encode(file), {
      topicIds: TOPICS,
      topicsFile: 'content/topics.yaml',
    });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const { data, body } = parsePaperFile(file);
    expect(splitTitleMath(String(data['title'])).filter((segment) => segment.kind === 'math')).toEqual([]);
    expect(findMath(body)).toEqual([]);
  });

  it('never writes raw HTML or a javascript: link', () => {
    for (const hostile of [
      '<script>alert(1)</script>',
      '[click](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
    ]) {
      const result = plan({
        inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))],
        repairAbstract: (raw) => ({ markdown: `${raw} ${hostile}`, repairs: [], code: [], links: [] }),
      });
      expect(result.writes).toEqual([]);
      expect(result.report.papers[0]?.reason).toMatch(/the abstract would fail the check \((raw-html|unsafe-link):/);
    }
  });

  it('skips a paper the repair or the classifier fails on, and goes on', () => {
    const inputs = [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT], ['Bad Paper', `${ABSTRACT} boom`]))];
    const repairFails = plan({
      inputs,
      repairAbstract: (raw) => {
        if (raw.includes('boom')) throw new Error('boom');
        return repairAbstract(raw);
      },
    });
    expect(repairFails.writes.map((write) => write.slug)).toEqual(['graph-learning']);
    expect(repairFails.report.papers.find((paper) => paper.status === 'skipped')?.reason).toBe(
      '2025-03-14-a.txt:9: the TeX repair failed on this paper (boom): please report this bug; the paper was not ingested',
    );
    const classifierFails = plan({
      inputs,
      classify: (paper) => {
        if (paper.abstract.includes('boom')) throw new Error('bang');
        return classify(paper);
      },
    });
    expect(classifierFails.writes).toHaveLength(1);
    expect(classifierFails.report.papers.find((paper) => paper.status === 'skipped')?.reason).toMatch(
      /^2025-03-14-a\.txt:9: the topic classifier failed on this paper \(bang\)/,
    );
  });

  it('reports the parser problems as skipped papers with file and line', () => {
    const result = plan({
      inputs: [
        input(
          '2025-03-14-a.txt',
          page(
            ['Graph Learning', ABSTRACT],
            ['Orphan Title', 'Another Title'],
            [ABSTRACT, 'Last Title'],
            [ABSTRACT, 'x.'],
          ),
        ),
      ],
    });
    const skipped = result.report.papers.filter((paper) => paper.status === 'skipped').map((paper) => paper.reason);
    expect(skipped).toEqual([expect.stringMatching(/^2025-03-14-a\.txt:9: "Orphan Title" has no abstract/)]);
    expect(result.writes.map((write) => write.slug)).toEqual(['another-title', 'graph-learning', 'last-title']);
  });

  it('rejects unreadable inputs as a whole and still ingests the others', () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);
    const result = plan({
      inputs: [
        input('2025-03-14-bad.txt', binary),
        input('2025-03-14-empty.txt', ''),
        input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT])),
        input('2025-03-14-chrome.txt', 'Subscribe\n\nMar 14\n'),
      ],
    });
    expect(result.writes).toHaveLength(1);
    expect(result.report.errors.map((error) => [error.file, error.message.slice(0, 30)])).toEqual([
      ['2025-03-14-bad.txt', 'this is a binary file, not tex'],
      ['2025-03-14-empty.txt', 'the file is empty: put papers '],
      ['2025-03-14-chrome.txt', 'no papers found: a scraped pag'],
    ]);
    expect(exitCodeFor(result.report)).toBe(1);
    expect(formatReport(result.report)).toMatch(/Inputs not read:\n {2}2025-03-14-bad\.txt:1:5: this is a binary file/);
  });

  it('rejects an input with no date, saying to rename it or pass --added', () => {
    const result = plan({ inputs: [input('hf.txt', `A Title\n\n${ABSTRACT}\n`)] });
    expect(result.writes).toEqual([]);
    expect(result.report.errors[0]?.message).toBe(
      'no date for "added": the input names no date: rename the input with a date prefix (YYYY-MM-DD-hf.txt) or pass --added YYYY-MM-DD',
    );
    expect(plan({ inputs: [input('hf.txt', `A Title\n\n${ABSTRACT}\n`)], added: '2025-01-02' }).writes).toHaveLength(1);
  });
});

describe('abstractKey', () => {
  it('ignores wrapping, spacing, case and punctuation, and short abstracts', () => {
    const long = 'We propose a method for learning. '.repeat(10);
    expect(abstractKey(long)).toMatch(/^abstract:[0-9a-z]+\.[0-9a-z]+$/);
    expect(abstractKey(long.toUpperCase().replace(/ /g, '\n  '))).toBe(abstractKey(long));
    expect(abstractKey(`${long} More.`)).not.toBe(abstractKey(long));
    expect(abstractKey('No abstract available.')).toBeUndefined();
    // Only the first 600 letters and digits count.
    const longer = 'An abstract that goes on and on. '.repeat(40);
    expect(abstractKey(`${longer} A different ending.`)).toBe(abstractKey(longer));
    expect(abstractKey(`Another start. ${longer}`)).not.toBe(abstractKey(longer));
  });
});

describe('resolveAdded', () => {
  it('prefers --added, then the page date with the file year, then the file date', () => {
    expect(resolveAdded('2025-03-14-a.txt', { month: 3, day: 14 }, '2020-01-01')).toBe('2020-01-01');
    expect(resolveAdded('inbox/2025-03-20-a.txt', { month: 3, day: 14 }, undefined)).toBe('2025-03-14');
    expect(resolveAdded('2025-03-20-a.txt', { month: 3, day: 14, year: 2024 }, undefined)).toBe('2024-03-14');
    expect(resolveAdded('2025-03-20-a.txt', undefined, undefined)).toBe('2025-03-20');
    expect(resolveAdded('x.txt', { month: 3, day: 14, year: 2024 }, undefined)).toBe('2024-03-14');
  });

  it('takes the previous year for a page date after the day the page was saved', () => {
    expect(resolveAdded('2025-01-02-a.txt', { month: 12, day: 31 }, undefined)).toBe('2024-12-31');
  });

  it('dates a page by the latest such day not after the day it was saved, leap days included', () => {
    expect(resolveAdded('2025-01-05-page.txt', { month: 2, day: 29 }, undefined)).toBe('2024-02-29');
    expect(resolveAdded('2024-03-01-page.txt', { month: 2, day: 29 }, undefined)).toBe('2024-02-29');
    expect(resolveAdded('2024-02-28-page.txt', { month: 2, day: 29 }, undefined)).toBe('2020-02-29');
    expect(resolveAdded('2026-01-05-page.txt', { month: 2, day: 29 }, undefined)).toBe('2024-02-29');
    // 2100 is not a leap year: the last 29 February before 2103 is in 2096.
    expect(resolveAdded('2103-06-01-page.txt', { month: 2, day: 29 }, undefined)).toBe('2096-02-29');
  });

  it('never dates a page after the day it was saved, nor more than a year before, for any day of the year', () => {
    const saved = ['2023-12-31', '2024-01-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-12-31', '2025-01-01'];
    const oneDay = 24 * 60 * 60 * 1000;
    for (const day of saved) {
      const savedTime = Date.parse(`${day}T00:00:00Z`);
      for (let time = Date.parse('2024-01-01T00:00:00Z'); time < Date.parse('2025-01-01T00:00:00Z'); time += oneDay) {
        const [, month, date] = new Date(time).toISOString().slice(0, 10).split('-').map(Number);
        const added = resolveAdded(`${day}-page.txt`, { month: month ?? 0, day: date ?? 0 }, undefined);
        expect(added instanceof Error ? added.message : added, `${month}/${date} saved ${day}`).toMatch(
          /^\d{4}-\d{2}-\d{2}$/,
        );
        const addedTime = Date.parse(`${String(added)}T00:00:00Z`);
        expect(addedTime, `${month}/${date} saved ${day}`).toBeLessThanOrEqual(savedTime);
        const leapDay = month === 2 && date === 29;
        // Only 29 February may lie further back: the latest one before the save.
        if (!leapDay) expect(savedTime - addedTime, `${month}/${date} saved ${day}`).toBeLessThan(366 * oneDay);
        expect(String(added).slice(5), `${month}/${date} saved ${day}`).toBe(
          `${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`,
        );
      }
    }
  });

  it('explains what to do when there is no year', () => {
    expect(String(resolveAdded('page.txt', { month: 3, day: 14 }, undefined))).toMatch(
      /has no year: rename the input with a date prefix \(YYYY-MM-DD-page\.txt\) or pass --added/,
    );
    expect(String(resolveAdded('2025-02-10-a.txt', { month: 2, day: 30 }, undefined))).toMatch(
      /the page date \(month 2, day 30\) is no day of any year: fix the date line, or pass --added/,
    );
    expect(String(resolveAdded('2025-02-10-a.txt', { month: 2, day: 29, year: 2025 }, undefined))).toMatch(
      /not a day in 2025/,
    );
    expect(String(resolveAdded('2025-13-45-a.txt', undefined, undefined))).toMatch(/no date for "added"/);
  });
});

describe('report and progress', () => {
  it('lists every repair per paper, and counts', () => {
    const result = plan({
      inputs: [
        input(
          '2025-03-14-a.txt',
          page(['The alpha Graph', 'We use $Acdot B$ for learning. See https://github.com/a/b for code.']),
        ),
      ],
    });
    const text = formatReport(result.report);
    expect(text).toContain('1 new, 0 updated, 0 unchanged, 0 skipped');
    expect(text).toMatch(
      /Repairs: TeX, invisible characters, categories \(2 repairs in 1 paper\):\n {2}content\/papers\/the-alpha-graph\.md:\n {4}title greek: alpha -> \$\\alpha\$\n {4}abstract stripped-backslash: Acdot -> A\\cdot/,
    );
    const { data } = parsePaperFile(result.writes[0]?.content ?? '');
    expect(data['code']).toEqual(['https://github.com/a/b']);
  });

  it('says when nothing was written', () => {
    const result = plan({ inputs: [input('2025-03-14-a.txt', page(['Graph Learning', ABSTRACT]))] });
    expect(formatReport(result.report, { dryRun: true })).toMatch(
      /\(dry run: nothing was written\)\n\nWould add \(1\):\n {2}content\/papers\/graph-learning\.md {2}\[learning-theory, graphs\]/,
    );
  });

  it('reports progress up to the total', () => {
    const calls: [string, number, number][] = [];
    plan({ inputs: [seed()], onProgress: (phase, done, total) => calls.push([phase, done, total]) });
    expect(calls).toEqual([
      ['repair', 56, 56],
      ['classify + check', 56, 56],
    ]);
  });
});

// Each case spawns the CLI (about a second each on a busy machine).
describe('the CLI (npm run ingest)', { timeout: 60_000 }, () => {
  let root: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/ingest.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ARCHIVE_CONTENT_DIR: root, ARCHIVE_CACHE_DIR: `${root}-cache` },
      timeout: 120_000,
    });
  /** Every file under the archive with its bytes. */
  const tree = () =>
    Object.fromEntries(
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const path = join(entry.parentPath, entry.name);
          return [relative(root, path), readFileSync(path, 'utf8')];
        }),
    );

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
    mkdirSync(join(root, 'inbox'));
    mkdirSync(join(root, 'papers'));
    copyFileSync(SEED, join(root, 'inbox', '2025-03-14-hf-trending.txt'));
    copyFileSync('content/topics.yaml', join(root, 'topics.yaml'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}-cache`, { recursive: true, force: true });
  });

  it('ingests the inbox, then changes nothing on a second run', () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('56 new, 0 updated, 0 unchanged, 0 skipped');
    const written = tree();
    expect(Object.keys(written).filter((path) => path.startsWith('papers/'))).toHaveLength(56);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 new, 0 updated, 56 unchanged, 0 skipped');
    expect(tree()).toEqual(written);
  });

  it('keeps what it read of the archive for the next run, which a damaged copy only slows down', () => {
    expect(run().status).toBe(0);
    // The import kept a reading of every file it wrote: the next run parses none of them.
    const scope = readerScope(
      process.cwd(),
      loadTopics(join(root, 'topics.yaml')).map((topic) => topic.id),
    );
    const imported = loadArchiveReads(join(`${root}-cache`, 'ingest-readings.v8'), scope);
    const papers = readdirSync(join(root, 'papers'));
    expect(papers).toHaveLength(56);
    for (const name of papers) expect(imported.lookup(readFileSync(join(root, 'papers', name), 'utf8'))).toBeDefined();
    expect(imported.hits).toBe(56);
    writeFileSync(join(root, 'inbox', '2025-03-15-more.txt'), page(['A Paper on Graph Learning', ABSTRACT]));
    const kept = run();
    expect(kept.stdout).toContain('1 new, 0 updated, 56 unchanged, 0 skipped');
    // What the second run read: the 56 papers the first wrote.
    const readings = join(`${root}-cache`, 'ingest-readings.v8');
    expect(readFileSync(readings).byteLength).toBeGreaterThan(56 * 500);
    const written = tree();
    writeFileSync(readings, readFileSync(readings).subarray(0, 1000));
    const damaged = run();
    expect(damaged.status).toBe(0);
    expect(damaged.stdout).toContain('0 new, 0 updated, 57 unchanged, 0 skipped');
    expect(tree()).toEqual(written);
  });

  it('writes nothing on a dry run, and reports JSON', () => {
    const before = tree();
    const result = run('--dry-run', '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { counts: unknown; dryRun: boolean; writes: unknown[] };
    expect(report).toMatchObject({ counts: { new: 56, skipped: 0 }, dryRun: true });
    expect(report.writes).toHaveLength(56);
    expect(tree()).toEqual(before);
  });

  it('exits 1 naming every bad input and line, and still ingests the good ones', () => {
    const result = run('tests/fixtures/ingest');
    expect(result.status).toBe(1);
    for (const expected of [
      /2025-01-05-binary\.txt:3:1: this is a binary file/,
      /2025-01-05-empty\.txt:1: the file is empty/,
      /2025-01-05-latin1\.txt:3:4: not valid UTF-8/,
      /2025-01-05-page\.html:1: this is an HTML page/,
      /2025-01-05-feed\.xml:1: no entries found: the arXiv API found nothing for this query/,
      /2025-01-05-title-without-abstract\.txt:7: "An Orphaned Title" has no abstract/,
      /2025-01-05-abstract-without-title\.txt:5: an abstract with no title/,
      /hostile\.jsonl:3: not valid JSON/,
      /no-date\.txt:1: no date for "added": .*rename the input with a date prefix/,
    ]) {
      expect(result.stdout).toMatch(expected);
    }
    expect(result.stdout).toMatch(/Read 12 inputs:/);
    expect(Object.keys(tree()).filter((path) => path.startsWith('papers/')).length).toBeGreaterThan(5);
  });

  it('exits 3 and leaves the archive exactly as it was when a write fails', () => {
    run();
    // A directory where one of the papers must go: its rename fails after others succeeded.
    rmSync(join(root, 'papers', 'the-consciousness-prior.md'));
    mkdirSync(join(root, 'papers', 'the-consciousness-prior.md'));
    rmSync(join(root, 'papers', 'anarchic-federated-learning.md'));
    const before = tree();
    const result = run();
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/Failed to write files \(while [a-z ]+\); nothing was changed/);
    expect(tree()).toEqual(before);
    expect(readdirSync(join(root, 'papers')).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses bad usage with exit 2', () => {
    expect(run('--frobnicate').status).toBe(2);
    const date = run('--added', '2025-02-30');
    expect(date.status).toBe(2);
    expect(date.stderr).toMatch(/--added 2025-02-30 is not a date: write it as YYYY-MM-DD/);
    expect(run('no/such/file.txt').status).toBe(2);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run ingest -- \[options\] \[FILES\.\.\.\]/);
    expect(help.stdout).toMatch(/Exit codes:/);
  });
});
