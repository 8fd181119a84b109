import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { buildArchive, type PaperFileEntry } from '../../../src/lib/site/archive.ts';
import { bibtex } from '../../../src/lib/site/citation.ts';
import { bibtexOf, citationOf, FEED_SIZE, feedOf, jsonOf } from '../../../src/lib/site/paper-views.ts';
import { absoluteUrl, paths } from '../../../src/lib/site/url.ts';

const FIXTURE = 'tests/fixtures/site/basic/content';

function archive() {
  const topics = loadTopics(join(FIXTURE, 'topics.yaml'));
  const schema = paperSchemaFor(topics.map((topic) => topic.id));
  const entries: PaperFileEntry[] = readdirSync(join(FIXTURE, 'papers'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const filePath = join(FIXTURE, 'papers', file);
      const { data, body } = parsePaperFile(readFileSync(filePath, 'utf8'));
      return { id: file.replace(/\.md$/, ''), data: schema.parse(data), body: body.trim(), filePath };
    });
  return buildArchive(entries, topics);
}

describe('paper views', () => {
  const site = archive();
  const withArxiv = site.papers.find((paper) => paper.data.arxiv !== undefined);
  if (withArxiv === undefined) throw new Error('the fixture needs a paper with an arXiv id');

  it("cites a paper by its own data and its page's absolute URL", () => {
    const citation = citationOf(withArxiv);
    expect(citation).toMatchObject({ slug: withArxiv.slug, title: withArxiv.data.title, arxiv: withArxiv.data.arxiv });
    expect(citation.url).toBe(absoluteUrl(paths.paper(withArxiv.slug)));
    expect(citation.primaryClass).toBe(withArxiv.data.categories?.[0]);
  });

  it('makes a BibTeX entry once per paper of a build: the page and the .bib file get the same text', () => {
    const entry = bibtexOf(withArxiv);
    expect(entry).toBe(bibtex(citationOf(withArxiv)));
    expect(entry).toContain(`eprint = {${withArxiv.data.arxiv ?? ''}}`);
    // The same paper object (one build) keeps its entry; the next build's archive has new objects.
    const title = withArxiv.data.title;
    withArxiv.data.title = 'Changed after the page rendered';
    expect(bibtexOf(withArxiv)).toBe(entry);
    withArxiv.data.title = title;
    const next = archive().bySlug.get(withArxiv.slug);
    expect(next && bibtexOf(next)).toBe(entry);
  });

  it('lists a paper in papers.json with its links, related papers and whether it was repaired', () => {
    const json = jsonOf(withArxiv);
    expect(json.bibtexUrl).toBe(absoluteUrl(paths.paperBibtex(withArxiv.slug)));
    expect(json.related).toEqual(withArxiv.related);
    expect(json.repaired).toBe(withArxiv.repaired);
  });

  it('feeds the newest papers, at most FEED_SIZE, with topic names as categories', () => {
    const feed = feedOf(site.papers, site, {
      title: 'All',
      subtitle: 'Newest',
      selfPath: '/feed.xml',
      pagePath: '/papers/',
      abstractOf: () => ({ text: 'An abstract.' }),
    });
    expect(feed.entries).toHaveLength(Math.min(FEED_SIZE, site.papers.length));
    expect(feed.entries[0]?.id).toBe(absoluteUrl(paths.paper(site.papers[0]?.slug ?? '')));
    const topic = site.papers[0]?.data.topics[0] ?? '';
    expect(feed.entries[0]?.categories[0]).toEqual({ term: topic, label: site.topicById.get(topic)?.name });
  });
});
