import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import {
  buildArchive,
  type LoadedPaperEntry,
  type PaperFileEntry,
  type SitePaper,
} from '../../../src/lib/site/archive.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { derivePaperView } from '../../../src/lib/site/paper-view.ts';

const FIXTURE = 'tests/fixtures/site/basic/content';

/** The fixture archive read and validated the way the content layer does. */
function fixtureEntries(): PaperFileEntry[] {
  const schema = paperSchemaFor(loadTopics(join(FIXTURE, 'topics.yaml')).map((topic) => topic.id));
  return readdirSync(join(FIXTURE, 'papers'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const filePath = join(FIXTURE, 'papers', file);
      const { data, body } = parsePaperFile(readFileSync(filePath, 'utf8'));
      return { id: file.replace(/\.md$/, ''), data: schema.parse(data), body: body.trim(), filePath };
    });
}

describe('buildArchive over the fixture archive', () => {
  const entries = fixtureEntries();
  const topics = loadTopics(join(FIXTURE, 'topics.yaml'));
  const archive = buildArchive(entries, topics);

  it('keeps every paper, newest addition first, and in title order', () => {
    expect(archive.papers).toHaveLength(entries.length);
    const added = archive.papers.map((paper) => paper.data.added.getTime());
    expect(added).toEqual([...added].sort((a, b) => b - a));
    expect(archive.byTitle.map((paper) => paper.slug)).toContain(
      'beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework',
    );
    expect(archive.byTitle[0]?.titleText).toBe('All You Need is a Good Functional Prior for Bayesian Deep Learning');
    expect(archive.newestAdded?.toISOString().slice(0, 10)).toBe('2025-03-14');
  });

  it('indexes every topic of the taxonomy with its papers, newest first', () => {
    expect(archive.topics.map((topic) => topic.id)).toEqual(loadTopics(join(FIXTURE, 'topics.yaml')).map((t) => t.id));
    const total = archive.topics.reduce((sum, topic) => sum + topic.papers.length, 0);
    expect(total).toBe(entries.reduce((sum, entry) => sum + entry.data.topics.length, 0));
    const federated = archive.topicById.get('federated-learning');
    expect(federated?.papers.map((paper) => paper.slug)).toContain('anarchic-federated-learning');
  });

  it('renders titles safely and knows which have math', () => {
    const beta = archive.bySlug.get('beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework');
    expect(beta?.titleHasMath).toBe(true);
    expect(beta?.titleText).toBe('β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework');
    const hostile = archive.bySlug.get('hostile-paper');
    expect(hostile?.titleHtml).not.toContain('<script');
    expect(hostile?.titleHtml).toContain('&lt;/script&gt;');
    expect(archive.bySlug.get('frl-federated-rank-learning')?.titleHasMath).toBe(false);
  });

  it('gives every paper five related papers on its own subject first', () => {
    for (const paper of archive.papers) {
      expect(paper.related, paper.slug).toHaveLength(5);
      expect(paper.related).not.toContain(paper.slug);
    }
    const federated = archive.bySlug.get('anarchic-federated-learning');
    expect(
      federated?.related
        .slice(0, 2)
        .every((slug) => archive.bySlug.get(slug)?.data.topics.includes('federated-learning')),
    ).toBe(true);
  });

  it('gives first sentences as HTML with math, and says which abstracts were repaired', () => {
    const annealing = archive.bySlug.get('scaling-law-with-learning-rate-annealing');
    if (!annealing) throw new Error('fixture paper missing');
    expect(annealing.excerpt.math).toBe(true);
    expect(annealing.excerpt.html).toMatch(/^We find that the cross-entropy loss curves .*class="katex"/);
    expect(annealing.excerpt.html).not.toContain('annealing area. ');
    for (const { id, data } of entries) expect(archive.bySlug.get(id)?.repaired, id).toBe(data.original !== undefined);
    expect(annealing.repaired).toBe(true);
  });

  it("derives plain abstracts without markup for the papers' own outputs", () => {
    const plain = (slug: string) => {
      const entry = entries.find((each) => each.id === slug);
      if (!entry) throw new Error('fixture paper missing');
      return derivePaperView({ ...entry.data, body: entry.body, file: entry.filePath }).abstract;
    };
    expect(plain('scaling-law-with-learning-rate-annealing').text).toMatch(
      /^We find that the cross-entropy loss curves of neural language models empirically adhere to a scaling law with learning rate \(LR\) annealing over training steps \(s\): L\(s\) = L₀ \+ A · S₁\^\(−α\) − C · S₂, where S₁ is forward area and S₂ is learning rate annealing area\. /,
    );
    const text = plain('hostile-paper').text;
    // Tags and link targets are gone; the code span that mentions \href is the author's text.
    expect(text).not.toMatch(/<|javascript:alert\(3\)|data:text|evil\.example/);
    expect(text).toContain('A javascript link and a data link and an image and an anchor.');
  });

  it('fails naming the file when a title formula cannot render', () => {
    const [first] = entries;
    if (!first) throw new Error('no fixture');
    const broken = {
      ...first,
      data: { ...first.data, title: 'Broken $\\frac{1}{$' },
      filePath: 'content/papers/broken.md',
    };
    expect(() => buildArchive([broken], [])).toThrow(/content\/papers\/broken\.md \(title\): KaTeX cannot render/);
  });

  it('takes the summaries the paper loader stored instead of deriving them again', () => {
    // As the loader stores them: data without `original`, the summary, where the abstract is; no abstract.
    const loaded: LoadedPaperEntry[] = entries.map(({ id, data: { original, ...data }, body, filePath }) => ({
      id,
      data,
      filePath,
      summary: derivePaperView({ ...data, original, body, file: filePath }).summary,
      abstractAt: { pack: `abstracts-${id}.pack`, offset: 0, length: 1 },
    }));
    const fromStore = buildArchive(loaded, topics);
    const without = (paper: SitePaper) => {
      const {
        abstractAt: _at,
        data: { original: _original, ...data },
        ...rest
      } = paper as SitePaper & {
        data: { original?: string };
      };
      return { ...rest, data };
    };
    expect(fromStore.papers.map(without)).toEqual(archive.papers.map(without));
    expect(fromStore.papers.every((paper) => paper.abstractAt?.pack === `abstracts-${paper.slug}.pack`)).toBe(true);
    expect(fromStore.papers.filter((paper) => paper.repaired)).toHaveLength(
      archive.papers.filter((paper) => paper.repaired).length,
    );
    const [first] = loaded;
    if (!first) throw new Error('no fixture');
    const marked = buildArchive([{ ...first, summary: { ...first.summary, titleText: 'From the loader' } }], topics);
    expect(marked.papers[0]?.titleText).toBe('From the loader');
  });

  it('builds an empty archive', () => {
    const empty = buildArchive([], loadTopics(join(FIXTURE, 'topics.yaml')));
    expect(empty.papers).toEqual([]);
    expect(empty.newestAdded).toBeUndefined();
    expect(empty.topics.every((topic) => topic.papers.length === 0)).toBe(true);
  });
});
