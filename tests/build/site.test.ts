/**
 * Builds the fixture archive (tests/fixtures/site/basic) once and inspects what a reader, a
 * crawler, a feed reader and a reference manager would get from dist/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import type { HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperSchemaFor, type PaperData } from '../../src/lib/paper/schema.ts';
import { loadTopics } from '../../src/lib/paper/topics-file.ts';
import { parsePaperFile } from '../../src/lib/paper/paper-file.ts';
import { titleToText } from '../../src/lib/text/tex-to-text.ts';

const plainTitle = (title: string): string => titleToText(title, 'symbols');
import { buildSite, makeTemp, removeTemp, SITE_FIXTURES } from '../helpers/astro-build.ts';
import { bibtexRoundTrip, expectedBibtexFields } from '../helpers/bibtex.ts';
import { cssUrls, isExternal, listFiles, pageUrls, readPage, servedPath } from '../helpers/dist.ts';
import { xmlError } from '../helpers/xml.ts';

const CONTENT = join(SITE_FIXTURES, 'basic/content');
const SITE_URL = 'https://papers.example.org';
const REPOSITORY = 'https://github.com/example-org/paper-archive';

interface FixturePaper {
  slug: string;
  data: PaperData;
  body: string;
}

const topics = loadTopics(join(CONTENT, 'topics.yaml'));
const schema = paperSchemaFor(topics.map((topic) => topic.id));
const papers: FixturePaper[] = readdirSync(join(CONTENT, 'papers'))
  .filter((file) => file.endsWith('.md'))
  .map((file) => {
    const { data, body } = parsePaperFile(readFileSync(join(CONTENT, 'papers', file), 'utf8'));
    return { slug: file.replace(/\.md$/, ''), data: schema.parse(data), body };
  });
const bySlug = new Map(papers.map((paper) => [paper.slug, paper]));

let dist = '';
let files: string[] = [];
const pages = new Map<string, HTMLElement>();
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'author', 'link', 'category', 'url', 'sitemap'].includes(name),
});

async function page(file: string): Promise<HTMLElement> {
  let parsed = pages.get(file);
  if (!parsed) {
    parsed = await readPage(dist, file);
    pages.set(file, parsed);
  }
  return parsed;
}
const meta = (doc: HTMLElement, name: string) =>
  doc.querySelectorAll(`meta[name="${name}"]`).map((element) => element.getAttribute('content'));
const property = (doc: HTMLElement, name: string) =>
  doc.querySelector(`meta[property="${name}"]`)?.getAttribute('content');

beforeAll(async () => {
  dist = await makeTemp('site-dist');
  const result = await buildSite({
    contentDir: CONTENT,
    outDir: dist,
    site: SITE_URL,
    env: { SITE_REPOSITORY: REPOSITORY },
  });
  if (result.code !== 0) throw new Error(`astro build failed:\n${result.output}`);
  files = await listFiles(dist);
});

afterAll(async () => {
  if (dist !== '') await removeTemp(dist);
});

describe('pages', () => {
  it('has one page and one .bib per paper, and nothing more under /papers/<slug>/', () => {
    const paperPages = files.filter((file) => /^papers\/(?!by-title\/)(?!\d+\/)[^/]+\/index\.html$/.test(file));
    expect(paperPages.sort()).toEqual(papers.map((paper) => `papers/${paper.slug}/index.html`).sort());
    const bibs = files.filter((file) => /^papers\/[^/]+\.bib$/.test(file));
    expect(bibs).toHaveLength(papers.length);
  });

  it('has every topic page and topic feed, and the index pages', () => {
    for (const topic of topics) {
      expect(files).toContain(`topics/${topic.id}/index.html`);
      expect(files).toContain(`topics/${topic.id}/feed.xml`);
    }
    for (const file of [
      'index.html',
      'papers/index.html',
      'papers/by-title/index.html',
      'topics/index.html',
      'about/index.html',
      '404.html',
      'feed.xml',
      'papers.json',
      'robots.txt',
      'sitemap-index.xml',
      'favicon.svg',
    ]) {
      expect(files).toContain(file);
    }
  });

  it('titles every page with plain text, math converted', async () => {
    const beta = await page(
      'papers/beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework/index.html',
    );
    expect(beta.querySelector('title')?.text).toBe(
      'β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework · Paper Archive',
    );
    // The heading renders the math with KaTeX.
    expect(beta.querySelector('h1 .katex')).not.toBeNull();
    expect(beta.querySelector('h1 annotation')?.text).toBe('\\beta');
  });

  it('shows the parts of a paper page', async () => {
    const slug = 'scaling-law-with-learning-rate-annealing';
    const doc = await page(`papers/${slug}/index.html`);
    const text = doc.querySelector('main')?.text ?? '';
    expect(text).toContain('Howe Tissue, Venus Wang, and Lu Wang');
    expect(doc.querySelector('time[datetime="2024-08-20"]')).not.toBeNull();
    expect(doc.querySelector('time[datetime="2025-03-14"]')).not.toBeNull();
    expect(doc.querySelectorAll('.abstract .katex').length).toBeGreaterThan(3);
    // "As scraped" shows the original text verbatim, without JavaScript.
    const scraped = doc.querySelector('details.as-scraped');
    expect(scraped?.querySelector('summary')?.text).toBe('As scraped');
    expect(scraped?.text).toContain('Acdot S_1^{-alpha} - Ccdot S_2 Where S_1 is forward area');
    // Topic links, arXiv and PDF links, edit link.
    const hrefs = doc.querySelectorAll('a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('/topics/scaling-laws/');
    expect(hrefs).toContain('https://arxiv.org/abs/2408.11029');
    expect(hrefs).toContain('https://arxiv.org/pdf/2408.11029');
    expect(hrefs).toContain(`${REPOSITORY}/edit/main/content/papers/${slug}.md`);
    expect(hrefs).toContain(`/papers/${slug}.bib`);
  });

  it('has the "as scraped" view exactly on papers that were repaired', async () => {
    for (const paper of papers) {
      const doc = await page(`papers/${paper.slug}/index.html`);
      expect(doc.querySelector('details.as-scraped') !== null, paper.slug).toBe(paper.data.original !== undefined);
    }
  });

  it('lists code and project links', async () => {
    const doc = await page('papers/transformers-can-do-bayesian-inference/index.html');
    const hrefs = doc.querySelectorAll('.link-list a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://github.com/automl/TransformersCanDoBayesianInference');
    expect(hrefs).toContain('https://automl.github.io/TransformersCanDoBayesianInference/');
  });

  it('shows five related papers and the newer and older neighbours, all existing pages', async () => {
    for (const paper of papers) {
      const doc = await page(`papers/${paper.slug}/index.html`);
      const related = doc.querySelectorAll('.paper-aside li a').map((a) => a.getAttribute('href') ?? '');
      expect(related, paper.slug).toHaveLength(5);
      expect(related).not.toContain(`/papers/${paper.slug}/`);
      for (const href of related) expect(files).toContain(`${href.slice(1)}index.html`);
      const nav = doc.querySelectorAll('.paper-nav a');
      expect(nav.length).toBeGreaterThanOrEqual(1);
    }
    // Related papers follow the subject: a federated-learning paper's first related paper is one too.
    const anarchic = await page('papers/anarchic-federated-learning/index.html');
    const first = anarchic.querySelector('.paper-aside li a')?.getAttribute('href')?.split('/')[2] ?? '';
    expect(bySlug.get(first)?.data.topics).toContain('federated-learning');
  });

  it('lists papers with first sentences on topic pages and counts on the topics index', async () => {
    const topic = await page('topics/scaling-laws/index.html');
    const items = topic.querySelectorAll('.paper-list > li');
    expect(items).toHaveLength(papers.filter((paper) => paper.data.topics.includes('scaling-laws')).length);
    const excerpt = items[0]?.querySelector('.paper-excerpt');
    expect(excerpt?.querySelector('.katex')).not.toBeNull();
    expect(excerpt?.text.trim().endsWith('.')).toBe(true);
    const index = await page('topics/index.html');
    const text = index.querySelector('main')?.text ?? '';
    for (const entry of topics) {
      const count = papers.filter((paper) => paper.data.topics.includes(entry.id)).length;
      expect(text).toContain(entry.name);
      if (count > 0) expect(text).toMatch(new RegExp(`${entry.name}\\s+${count} papers?`));
    }
    // A topic without papers is still listed (its page exists), apart, under a closed disclosure.
    const empty = index.querySelector('details.empty-topics');
    expect(empty?.querySelector('summary')?.text.trim()).toBe('1 more topic with no papers yet');
    expect(empty?.querySelector('a')?.getAttribute('href')).toBe('/topics/time-series/');
  });

  it('sorts the paper lists by date added and by title', async () => {
    const newest = await page('papers/index.html');
    const slugs = newest.querySelectorAll('.paper-list h2 a').map((a) => a.getAttribute('href')?.split('/')[2]);
    expect(slugs).toHaveLength(papers.length);
    const added = slugs.map((slug) => bySlug.get(slug ?? '')?.data.added.getTime() ?? 0);
    expect(added).toEqual([...added].sort((a, b) => b - a));
    const byTitle = await page('papers/by-title/index.html');
    const titles = byTitle.querySelectorAll('.paper-list h2 a').map((a) => a.text.trim());
    expect(titles[0]).toBe('All You Need is a Good Functional Prior for Bayesian Deep Learning');
    expect(byTitle.querySelector('.sort-links a[aria-current="page"]')?.text.trim()).toBe('By title');
  });

  it('shows the home page with the newest additions, topics with counts and a search box', async () => {
    const home = await page('index.html');
    expect(home.querySelectorAll('#latest-heading ~ .paper-list > li').length).toBeGreaterThan(0);
    const topicLinks = home.querySelectorAll('#topics-heading ~ .topic-index a');
    const count = (id: string) => papers.filter((paper) => paper.data.topics.includes(id)).length;
    // Only topics that hold papers: a taxonomy for all of arXiv is mostly empty in a small archive.
    const inUse = topics.filter((topic) => count(topic.id) > 0);
    expect(inUse.length).toBeLessThan(topics.length);
    expect(topicLinks).toHaveLength(inUse.length);
    for (const [index, topic] of inUse.entries()) {
      expect(topicLinks[index]?.getAttribute('href')).toBe(`/topics/${topic.id}/`);
      expect(topicLinks[index]?.text.replace(/\s+/g, ' ').trim()).toBe(`${topic.name} ${count(topic.id)}`);
    }
    // The home page has one large search box; every other page has one in the header.
    const search = [
      ...home.querySelectorAll('form[role="search"]'),
      ...(await page('topics/index.html')).querySelectorAll('header form[role="search"]'),
    ];
    expect(search).toHaveLength(2);
    for (const form of search) {
      expect(form.getAttribute('action')).toBe('/search/');
      expect(form.getAttribute('method')).toBe('get');
      expect(form.querySelector('input[name="q"]')).not.toBeNull();
    }
  });

  it('renders the MDX about page with its math', async () => {
    const about = await page('about/index.html');
    expect(about.querySelector('h1')?.text).toBe('About this archive');
    expect(about.querySelector('.katex')).not.toBeNull();
  });
});

describe('metadata', () => {
  it('has the Google Scholar tags, right', async () => {
    const doc = await page('papers/the-principles-of-deep-learning-theory/index.html');
    expect(meta(doc, 'citation_title')).toEqual(['The Principles of Deep Learning Theory']);
    expect(meta(doc, 'citation_author')).toEqual(['Daniel A. Roberts', 'Sho Yaida', 'Boris Hanin']);
    expect(meta(doc, 'citation_publication_date')).toEqual(['2022/05/26']);
    expect(meta(doc, 'citation_arxiv_id')).toEqual(['2106.10165']);
    expect(meta(doc, 'citation_doi')).toEqual(['10.1017/9781009023405']);
    expect(meta(doc, 'citation_pdf_url')).toEqual(['https://arxiv.org/pdf/2106.10165']);
    expect(meta(doc, 'citation_abstract')[0]).toMatch(/^This book develops an effective theory approach/);
  });

  it('shows the arXiv metadata: categories by name (primary first), journal, comments, latest version, license', async () => {
    const doc = await page('papers/the-principles-of-deep-learning-theory/index.html');
    const facts = doc.querySelector('.facts');
    const fact = (term: string) =>
      facts
        ?.querySelectorAll('dt')
        .find((dt) => dt.text.trim() === term)
        ?.nextElementSibling?.text.replace(/\s+/g, ' ')
        .trim();
    expect(fact('Categories')).toBe(
      'cs.LG (Machine Learning, primary); hep-th (High Energy Physics - Theory); stat.ML (Machine Learning)',
    );
    expect(facts?.querySelector('.category a')?.getAttribute('href')).toBe('https://arxiv.org/list/cs.LG/recent');
    expect(fact('Journal')).toBe('Cambridge University Press (2022)');
    expect(fact('Comments')).toBe('451 pages, to be published by Cambridge University Press');
    expect(fact('Latest version')).toBe('24 August 2022');
    expect(fact('License')).toBe('CC BY 4.0');
    expect(facts?.querySelector('a[rel="license"]')?.getAttribute('href')).toBe(
      'http://creativecommons.org/licenses/by/4.0/',
    );
    const article = JSON.parse(doc.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}') as Record<
      string,
      unknown
    >;
    expect(article).toMatchObject({
      dateModified: '2022-08-24',
      license: 'http://creativecommons.org/licenses/by/4.0/',
    });
    const bib = await readFile(join(dist, 'papers/the-principles-of-deep-learning-theory.bib'), 'utf8');
    expect(bib).toContain('primaryClass = {cs.LG}');
    expect(bib).toContain('journal = {Cambridge University Press (2022)}');
  });

  it('has citation tags on every paper, one per author, and a date', async () => {
    for (const paper of papers) {
      const doc = await page(`papers/${paper.slug}/index.html`);
      expect(meta(doc, 'citation_title'), paper.slug).toEqual([plainTitle(paper.data.title)]);
      expect(meta(doc, 'citation_author')).toEqual(paper.data.authors ?? []);
      const dates = [...meta(doc, 'citation_publication_date'), ...meta(doc, 'citation_online_date')];
      expect(dates).toHaveLength(1);
      expect(meta(doc, 'citation_arxiv_id')).toEqual(paper.data.arxiv === undefined ? [] : [paper.data.arxiv]);
      expect(meta(doc, 'citation_pdf_url')).toHaveLength(paper.data.arxiv === undefined ? 0 : 1);
    }
  });

  it('has Open Graph, Twitter card and canonical tags', async () => {
    const slug = 'frl-federated-rank-learning';
    const doc = await page(`papers/${slug}/index.html`);
    const url = `${SITE_URL}/papers/${slug}/`;
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(url);
    expect(property(doc, 'og:url')).toBe(url);
    expect(property(doc, 'og:type')).toBe('article');
    expect(property(doc, 'og:title')).toBe('FRL: Federated Rank Learning');
    expect(property(doc, 'og:description')).toMatch(/^Federated learning \(FL\) allows mutually untrusted clients/);
    expect(meta(doc, 'twitter:card')).toEqual(['summary']);
    expect(meta(doc, 'description')[0]).toBe(property(doc, 'og:description'));
  });

  it('has JSON-LD that parses as a ScholarlyArticle, even with a hostile title', async () => {
    for (const paper of papers) {
      const doc = await page(`papers/${paper.slug}/index.html`);
      const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
      expect(scripts, paper.slug).toHaveLength(1);
      const raw = scripts[0]?.textContent ?? '';
      expect(raw).not.toContain('<');
      const data = JSON.parse(raw) as Record<string, unknown>;
      expect(data['@type']).toBe('ScholarlyArticle');
      expect(data['name']).toBe(plainTitle(paper.data.title));
      expect(data['url']).toBe(`${SITE_URL}/papers/${paper.slug}/`);
      // The abstract is on the page and in citation_abstract; not a third time here.
      expect(data['abstract']).toBeUndefined();
    }
  });
});

describe('citations', () => {
  it('shows BibTeX and an APA reference on the page, and offers the BibTeX, RIS and CSL-JSON as files', async () => {
    for (const paper of papers) {
      const doc = await page(`papers/${paper.slug}/index.html`);
      const shown = doc.querySelector('#bibtex')?.textContent ?? '';
      const file = await readFile(join(dist, `papers/${paper.slug}.bib`), 'utf8');
      expect(shown, paper.slug).toBe(file);
      // An @article when an arXiv id or a journal is known, else an @misc.
      const type = paper.data.arxiv === undefined && paper.data.journal === undefined ? 'misc' : 'article';
      expect(file.startsWith(`@${type}{`)).toBe(true);
      if (paper.data.arxiv !== undefined) {
        expect(file).toContain(`eprint = {${paper.data.arxiv}}`);
        expect(file).toContain('archivePrefix = {arXiv}');
      }
      const apa = doc.querySelector('#apa-citation')?.text ?? '';
      const title = titleToText(paper.data.title, 'symbols');
      expect(apa).toContain(title.replace(/[.\s]+$/, ''));
      expect(apa).toMatch(
        paper.data.journal !== undefined
          ? new RegExp(`\\. ${paper.data.journal.replace(/[()]/g, '\\$&')}\\. https://`)
          : paper.data.arxiv === undefined
            ? /\(n\.d\.\)|\(\d{4}\)/
            : new RegExp(`\\(arXiv:${paper.data.arxiv.replace('.', '\\.')}\\)\\. (?:\\(\\d{4}\\)\\. )?arXiv\\.`),
      );
      const download = doc.querySelector(`a[href="/papers/${paper.slug}.bib"]`);
      expect(download?.getAttribute('download')).toBe(`${paper.slug}.bib`);
      // RIS and CSL-JSON are made by the browser from the page (data: URLs), not files on the host.
      const saved = async (extension: string, type: string) => {
        const link = doc.querySelector(`a[download="${paper.slug}.${extension}"]`);
        expect(link?.getAttribute('href')).toMatch(new RegExp(`^data:${type.replace(/[.+]/g, '\\$&')};charset=utf-8,`));
        expect(existsSync(join(dist, `papers/${paper.slug}.${extension}`))).toBe(false);
        return (await fetch(new URL(link?.getAttribute('href') ?? '').href)).text();
      };
      const risText = await saved('ris', 'application/x-research-info-systems');
      expect(risText).toMatch(/^TY {2}- \w+\n/);
      expect(risText).toContain(`TI  - ${title.trim()}\n`);
      expect(risText).toMatch(/\nER {2}- \n$/);
      const [csl] = JSON.parse(await saved('csl.json', 'application/vnd.citationstyles.csl+json')) as {
        id: string;
        title: string;
      }[];
      expect(csl?.title).toBe(title.trim());
      expect(file.startsWith(`@${type}{${csl?.id ?? ''},`)).toBe(true);
      expect(doc.querySelector('button[data-copy="bibtex"]')).not.toBeNull();
    }
  });
});

describe('the .bib files', () => {
  it('each hold one entry that a BibTeX parser reads back as the paper, even the hostile one', async () => {
    for (const paper of papers) {
      const text = await readFile(join(dist, `papers/${paper.slug}.bib`), 'utf8');
      const citable = {
        slug: paper.slug,
        title: paper.data.title,
        authors: paper.data.authors,
        arxiv: paper.data.arxiv,
        doi: paper.data.doi,
        published: paper.data.published,
        added: paper.data.added,
        url: `${SITE_URL}/papers/${paper.slug}/`,
      };
      const { problems, read } = bibtexRoundTrip(text);
      expect(problems, `${paper.slug}\n${text}`).toEqual([]);
      expect(read, `${paper.slug}\n${text}`).toEqual([expectedBibtexFields(citable)]);
    }
    expect(bySlug.get('hostile-paper')?.data.title).toContain('}}@preamble{');
  });
});

describe('feeds and data', () => {
  async function feed(file: string) {
    const text = await readFile(join(dist, file), 'utf8');
    expect(xmlError(text), file).toBeUndefined();
    return (xml.parse(text) as { feed: Record<string, unknown> & { entry?: Record<string, unknown>[] } }).feed;
  }

  it('has a valid Atom feed of the newest papers', async () => {
    const doc = await feed('feed.xml');
    expect(doc['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(doc['id']).toBe(`${SITE_URL}/feed.xml`);
    expect(doc['updated']).toBe('2025-03-14T00:00:00Z');
    const self = (doc['link'] as Record<string, string>[]).find((link) => link['@rel'] === 'self');
    expect(self?.['@href']).toBe(`${SITE_URL}/feed.xml`);
    expect(doc['author']).toBeDefined();
    const entries = doc.entry ?? [];
    expect(entries).toHaveLength(papers.length);
    for (const entry of entries) {
      for (const element of ['id', 'title', 'updated', 'link', 'summary']) expect(entry[element]).toBeDefined();
      const slug = String(entry['id']).split('/').at(-2) ?? '';
      const paper = bySlug.get(slug);
      expect(paper, slug).toBeDefined();
      expect(entry['updated']).toBe(`${paper?.data.added.toISOString().slice(0, 10)}T00:00:00Z`);
      expect((entry['title'] as Record<string, string>)['#text']).toBe(plainTitle(paper?.data.title ?? ''));
    }
  });

  it('has a valid feed per topic holding exactly that topic’s papers', async () => {
    for (const topic of topics) {
      const doc = await feed(`topics/${topic.id}/feed.xml`);
      const slugs = (doc.entry ?? []).map((entry) => String(entry['id']).split('/').at(-2));
      const expected = papers.filter((paper) => paper.data.topics.includes(topic.id)).map((paper) => paper.slug);
      expect(slugs.sort()).toEqual(expected.sort());
    }
  });

  it('exports every paper in papers.json, matching the files', async () => {
    const text = await readFile(join(dist, 'papers.json'), 'utf8');
    expect(text.split('\n').length, 'one line, no indentation').toBeLessThanOrEqual(2);
    const json = JSON.parse(text) as {
      count: number;
      papers: Record<string, unknown>[];
      topics: { id: string; count: number }[];
    };
    expect(json.count).toBe(papers.length);
    expect(json.papers).toHaveLength(papers.length);
    for (const record of json.papers) {
      const paper = bySlug.get(String(record['slug']));
      expect(paper).toBeDefined();
      expect(record['title']).toBe(paper?.data.title);
      expect(record['authors']).toEqual(paper?.data.authors ?? []);
      expect(record['arxiv']).toBe(paper?.data.arxiv ?? null);
      expect(record['doi']).toBe(paper?.data.doi ?? null);
      expect(record['topics']).toEqual(paper?.data.topics);
      expect(record['added']).toBe(paper?.data.added.toISOString().slice(0, 10));
      expect(record['url']).toBe(`${SITE_URL}/papers/${paper?.slug}/`);
      expect(record['repaired']).toBe(paper?.data.original !== undefined);
      expect(record['related']).toHaveLength(5);
    }
    for (const topic of json.topics) {
      expect(topic.count).toBe(papers.filter((paper) => paper.data.topics.includes(topic.id)).length);
    }
  });

  it('has a sitemap listing every paper page, and robots.txt pointing at it', async () => {
    const index = xml.parse(await readFile(join(dist, 'sitemap-index.xml'), 'utf8')) as {
      sitemapindex: { sitemap: { loc: string }[] };
    };
    const locs: string[] = [];
    for (const { loc } of index.sitemapindex.sitemap) {
      const file = loc.replace(`${SITE_URL}/`, '');
      const sitemap = xml.parse(await readFile(join(dist, file), 'utf8')) as { urlset: { url: { loc: string }[] } };
      locs.push(...sitemap.urlset.url.map((url) => url.loc));
    }
    for (const paper of papers) expect(locs).toContain(`${SITE_URL}/papers/${paper.slug}/`);
    const robots = await readFile(join(dist, 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${SITE_URL}/sitemap-index.xml`);
  });
});

describe('safety and self-containment', () => {
  it('loads nothing from another host: no external URL in any link, script, img, source or srcset', async () => {
    const htmlFiles = files.filter((file) => file.endsWith('.html'));
    for (const file of htmlFiles) {
      const doc = await page(file);
      for (const url of pageUrls(doc)) {
        if (url.tag === 'a' || url.tag === 'form') continue;
        if (url.tag === 'link' && url.rel === 'canonical') {
          expect(url.value.startsWith(`${SITE_URL}/`)).toBe(true);
          continue;
        }
        expect(
          isExternal(url.value, servedPath(file, '/')),
          `${file}: <${url.tag} ${url.attribute}="${url.value}">`,
        ).toBe(false);
      }
    }
    for (const file of files.filter((name) => name.endsWith('.css'))) {
      for (const url of cssUrls(await readFile(join(dist, file), 'utf8'))) {
        expect(isExternal(url, servedPath(file, '/')), `${file}: url(${url})`).toBe(false);
      }
    }
  });

  it('has no KaTeX error anywhere, and KaTeX styles wherever there is math', async () => {
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const raw = await readFile(join(dist, file), 'utf8');
      expect(raw, file).not.toContain('katex-error');
      const doc = await page(file);
      if (doc.querySelector('.katex')) {
        const sheets = doc.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href') ?? '');
        expect(
          sheets.some((href) => /katex/i.test(href)),
          file,
        ).toBe(true);
      }
    }
  });

  it('renders abstract and title math with the markup the shipped KaTeX stylesheet styles', async () => {
    const doc = await page(
      'papers/beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework/index.html',
    );
    const sheet = doc
      .querySelectorAll('link[rel="stylesheet"]')
      .map((link) => link.getAttribute('href') ?? '')
      .find((href) => /katex/i.test(href));
    const css = await readFile(join(dist, (sheet ?? '').slice(1)), 'utf8');
    for (const where of ['.abstract', 'h1']) {
      // The wrapper of each unbreakable run of a formula ("base"): unstyled, formulas break mid-symbol.
      const base = doc.querySelector(`${where} .katex-html > span`);
      const classes = (base?.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
      expect(classes.length, where).toBeGreaterThan(0);
      for (const name of classes) expect(css, `${where}: .${name}`).toContain(`.${name}{`);
    }
  });

  it('lets no raw HTML, event handler, javascript: or data: URL from a paper reach the page', async () => {
    const doc = await page('papers/hostile-paper/index.html');
    const main = doc.querySelector('main');
    expect(main?.querySelectorAll('iframe, img, object, embed, style')).toHaveLength(0);
    for (const element of doc.querySelectorAll('*')) {
      for (const name of Object.keys(element.attributes)) expect(name.toLowerCase().startsWith('on'), name).toBe(false);
    }
    // The site's own data: URLs are the citation downloads: a text type no browser renders as a
    // page, and the paper's text escaped inside (no quote, tag or line break survives).
    const ownDownloads =
      /^data:(?:application\/x-research-info-systems|application\/vnd\.citationstyles\.csl\+json);charset=utf-8,[^\t\n\r"'<>]*$/;
    for (const url of pageUrls(doc)) {
      if (url.tag === 'a' && ownDownloads.test(url.value)) continue;
      expect(url.value.trim().toLowerCase()).not.toMatch(/^(?:javascript|data|vbscript):/);
    }
    expect(doc.querySelectorAll('a[href^="data:"]').map((a) => a.getAttribute('download'))).toEqual([
      'hostile-paper.ris',
      'hostile-paper.csl.json',
    ]);
    // Links whose text or address deceives stay text: no link to another host than they read as.
    const links = doc.querySelectorAll('.abstract a');
    expect(links.map((a) => a.text)).toEqual(
      expect.arrayContaining(['GitHub', 'the code', 'https://xn--gthub-n2e.com/code']),
    );
    for (const link of links) expect(link.getAttribute('href')).toBeUndefined();
    // The title's markup is text: the heading holds the words, not elements.
    expect(doc.querySelector('h1')?.text).toContain('</script><script>alert("title")</script> Title & <b>Tags</b>');
    expect(doc.querySelector('h1 b')).toBeNull();
    // The only scripts are the site's own, the same on every paper page whatever the paper holds.
    const other = await page('papers/frl-federated-rank-learning/index.html');
    const code = (d: HTMLElement) =>
      d
        .querySelectorAll('script:not([type="application/ld+json"])')
        .map(
          (script) => `${script.getAttribute('type') ?? ''} ${script.getAttribute('src') ?? ''}${script.textContent}`,
        );
    expect(code(doc).length).toBeGreaterThan(0);
    expect(code(doc)).toEqual(code(other));
  });

  it('ships no page-specific script except the paper page’s copy button', async () => {
    const scripts = async (file: string) =>
      Promise.all(
        (await page(file)).querySelectorAll('script:not([type="application/ld+json"])').map(async (script) => {
          const src = script.getAttribute('src');
          return src === undefined ? script.textContent : await readFile(join(dist, src.slice(1)), 'utf8');
        }),
      );
    // Site-wide scripts (the theme switch, and whatever the header's features add) are on every page.
    const siteWide = await scripts('topics/index.html');
    expect(siteWide.some((script) => script.includes('data-theme-toggle'))).toBe(true);
    for (const file of [
      'index.html',
      'topics/federated-learning/index.html',
      'papers/index.html',
      'about/index.html',
    ]) {
      expect(await scripts(file), file).toEqual(siteWide);
    }
    const paper = await scripts('papers/frl-federated-rank-learning/index.html');
    const extra = paper.filter((script) => !siteWide.includes(script));
    expect(extra).toHaveLength(1);
    expect(extra[0]).toContain('data-copy');
  });

  it('keeps every paper page within 30 KB transferred (HTML and CSS, gzip, fonts aside)', async () => {
    let heaviest = { file: '', bytes: 0 };
    for (const paper of papers) {
      const file = `papers/${paper.slug}/index.html`;
      const doc = await page(file);
      let bytes = gzipSync(await readFile(join(dist, file))).length;
      for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
        bytes += gzipSync(await readFile(join(dist, (link.getAttribute('href') ?? '').slice(1)))).length;
      }
      for (const script of doc.querySelectorAll('script[src]')) {
        bytes += gzipSync(await readFile(join(dist, (script.getAttribute('src') ?? '').slice(1)))).length;
      }
      if (bytes > heaviest.bytes) heaviest = { file, bytes };
    }
    expect(heaviest.bytes, heaviest.file).toBeLessThanOrEqual(30 * 1024);
  });
});
