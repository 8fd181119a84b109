import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { planIngest, type ExistingFile, type IngestInput, type PlannedWrite } from '../../../src/lib/ingest/ingest.ts';
import { formatReport } from '../../../src/lib/ingest/ingest-report.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../../../src/lib/classify/topic-classifier.ts';

// The real seed archive (made from the scraped page) meets the same papers in arXiv Atom and BibTeX.
const topics = loadTopics('content/topics.yaml');
const SOURCES = 'tests/fixtures/sources';
const seed: ExistingFile[] = readdirSync('content/papers')
  .sort()
  .map((name) => ({
    slug: basename(name, '.md'),
    path: `content/papers/${name}`,
    text: readFileSync(join('content/papers', name), 'utf8'),
  }));
const input = (name: string): IngestInput => ({
  file: `${SOURCES}/${name}`,
  source: `inbox/${name}`,
  bytes: readFileSync(join(SOURCES, name)),
});
const plan = (inputs: IngestInput[], existing: ExistingFile[] = seed) =>
  planIngest({
    inputs,
    existing,
    topicIds: topics.map((topic) => topic.id),
    papersDir: 'content/papers',
    repairTitle,
    repairAbstract,
    classify: createClassifier(topics),
  });
/** The archive after `writes` were committed. */
function apply(existing: ExistingFile[], writes: readonly PlannedWrite[]): ExistingFile[] {
  const written = new Map(writes.map((write) => [write.path, write.content]));
  return [
    ...existing.map((file) => ({ ...file, text: written.get(file.path) ?? file.text })),
    ...writes
      .filter((write) => write.status === 'new')
      .map((write) => ({ slug: write.slug, path: write.path, text: write.content })),
  ];
}
const PAGES = ['2025-02-01-arxiv-page-1.xml', '2025-02-01-arxiv-page-2.xml'];

describe('one paper across sources', () => {
  it('recognises scraped papers in an arXiv Atom feed and fills what they lack, keeping slug, added and source', () => {
    const { writes, report } = plan(PAGES.map(input));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.counts).toEqual({ new: 0, updated: 3, unchanged: 0, skipped: 0 });
    const filled = Object.fromEntries(report.papers.map((paper) => [paper.slug, paper.filled]));
    expect(filled).toEqual({
      'transformers-can-do-bayesian-inference': ['authors', 'arxiv', 'categories', 'comments', 'published', 'updated'],
      'the-consciousness-prior': ['authors', 'arxiv', 'categories', 'published', 'updated'],
      'the-principles-of-deep-learning-theory': [
        'authors',
        'arxiv',
        'doi',
        'categories',
        'journal',
        'comments',
        'published',
        'updated',
      ],
    });
    const principles = writes.find((write) => write.slug === 'the-principles-of-deep-learning-theory');
    const before = parsePaperFile(seed.find((file) => file.slug === principles?.slug)?.text ?? '');
    const after = parsePaperFile(principles?.content ?? '');
    expect(after.data).toMatchObject({
      title: before.data['title'],
      added: before.data['added'],
      source: before.data['source'],
      topics: before.data['topics'],
      arxiv: '2106.10165',
      doi: '10.1017/9781009023405',
      journal: 'Cambridge University Press (2022)',
      authors: ['Daniel A. Roberts', 'Sho Yaida', 'Boris Hanin'],
    });
    expect(after.body).toBe(before.body);
    expect(formatReport(report)).toMatch(
      /\nUpdated \(3\):\n(?: {2}.*\n)*? {2}content\/papers\/transformers-can-do-bayesian-inference\.md: filled authors, arxiv, categories, comments, published, updated\n/,
    );
  });

  it('keeps what a person set, even after they changed the title; running again changes nothing', () => {
    const edited = seed.map((file) =>
      file.slug === 'the-consciousness-prior'
        ? {
            ...file,
            text: file.text.replace(
              'title: The Consciousness Prior\n',
              'title: The Consciousness Prior (Bengio, 2017)\nauthors:\n  - Y. Bengio\n',
            ),
          }
        : file,
    );
    const first = plan(PAGES.map(input), edited);
    const prior = first.report.papers.find((paper) => paper.slug === 'the-consciousness-prior');
    expect(prior).toMatchObject({ status: 'updated', filled: ['arxiv', 'categories', 'published', 'updated'] });
    expect(prior?.kept).toContainEqual({ field: 'authors', file: ['Y. Bengio'], input: ['Yoshua Bengio'] });
    expect(prior?.kept).toContainEqual({
      field: 'title',
      file: 'The Consciousness Prior (Bengio, 2017)',
      input: 'The Consciousness Prior',
    });
    const after = apply(edited, first.writes);
    const again = plan([...PAGES, '2025-02-01-library.bib'].map(input), after);
    expect(again.writes.map((write) => write.slug).sort()).toEqual([
      'entropy-regularized-alpha-divergences-for-etudes-in-senor-goedels-networks',
      'transformers-can-do-bayesian-inference',
    ]);
    // BibTeX adds only what Atom did not give: the venue and the OpenReview link.
    expect(
      again.report.papers.find((paper) => paper.slug === 'transformers-can-do-bayesian-inference')?.filled,
    ).toEqual(['journal', 'links']);
    const third = plan([...PAGES, '2025-02-01-library.bib'].map(input), apply(after, again.writes));
    expect(third.writes).toEqual([]);
  });

  it('reads a BibTeX library: new papers with math and accents, a paper the archive has, and every bad entry with its line', () => {
    const { writes, report } = plan([input('2025-02-01-library.bib')]);
    const text = formatReport(report);
    expect(report.counts).toMatchObject({ new: 1, updated: 1, skipped: 3 });
    const added = writes.find((write) => write.status === 'new');
    expect(added?.path).toBe(
      'content/papers/entropy-regularized-alpha-divergences-for-etudes-in-senor-goedels-networks.md',
    );
    expect(added?.content).toMatch(
      /^---\ntitle: Entropy–Regularized \$\\alpha\$-Divergences for Études in Señor Gödel's Networks\nauthors:\n {2}- María González\n/,
    );
    expect(added?.content).toContain('code:\n  - https://github.com/example/etudes\n');
    expect(text).toMatch(/2025-02-01-library\.bib:33: entry "kaplan2020scaling" has no abstract/);
    expect(text).toMatch(/2025-02-01-library\.bib:40: entry "broken2023" cannot be read/);
    // The hostile entry is refused by the same rule as any input with HTML in its title.
    expect(text).toMatch(/2025-02-01-library\.bib:46: the title would fail the check \(raw-html:/);
    expect(text).toMatch(
      /Warnings:\n {2}.*2025-02-01-library\.bib:46: entry "hostile2025": unknown TeX command \\unknowncommand dropped/,
    );
  });

  it('refuses a cut-short response and an API error with file:line, and still reads the other inputs', () => {
    const { writes, report } = plan(
      ['2025-02-01-arxiv-truncated.xml', '2025-02-01-arxiv-error.xml', PAGES[1] ?? ''].map(input),
    );
    expect(report.errors).toEqual([
      {
        file: `${SOURCES}/2025-02-01-arxiv-truncated.xml`,
        line: 70,
        message: expect.stringMatching(/^the XML ends before <summary>, <entry>, <feed> are closed/) as string,
      },
    ]);
    expect(report.papers.find((paper) => paper.status === 'skipped')?.reason).toBe(
      `${SOURCES}/2025-02-01-arxiv-error.xml:11: the arXiv API answered with an error: incorrect id format for 1234.12345: fix the query and fetch it again`,
    );
    expect(writes.map((write) => write.slug)).toEqual(['the-principles-of-deep-learning-theory']);
  });

  it('warns when saved pages of one query leave results out', () => {
    const { report } = plan([input(PAGES[1] ?? '')]);
    expect(report.warnings.map((warning) => warning.message)).toEqual([
      'results 1-2 of 3 are in no saved page: fetch them with start=0 and ingest that page too',
    ]);
  });
});
