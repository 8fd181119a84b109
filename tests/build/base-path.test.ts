/**
 * The site deployed under a base path (GitHub Pages project sites live at /<repo>/): every link,
 * script, stylesheet and font in every page, stylesheet, feed and sitemap must resolve to a file
 * in dist/. Built from the fixture archive plus enough generated papers to paginate every list.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperData } from '../../src/lib/paper/schema.ts';
import { serializePaperFile } from '../../src/lib/paper/paper-file.ts';
import { buildSite, copyFixture, makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { cssUrls, isExternal, listFiles, pageUrls, readPage, resolveInternal, servedPath } from '../helpers/dist.ts';

const BASE = '/paper-archive/';
const SITE_URL = 'https://example.github.io';
const GENERATED = 130;
const TOPICS = ['federated-learning', 'continual-learning', 'information-bottleneck', 'learning-theory'];
const SUBJECTS = ['federated averaging', 'catastrophic forgetting', 'mutual information', 'generalization bounds'];

let work = '';
let dist = '';
let files: string[] = [];
let fileSet = new Set<string>();
let paperCount = 0;

/** A plausible paper: topic-specific words so related papers have something to find, math in some. */
function generated(index: number): { slug: string; text: string } {
  const subject = index % SUBJECTS.length;
  const data: PaperData = {
    title: `Study ${index + 1} of ${SUBJECTS[subject]}${index % 5 === 0 ? ' with $\\epsilon$-bounds' : ''}`,
    authors: index % 3 === 0 ? undefined : [`Author ${index}`, 'Second Author'],
    // A busy June (more than a page of papers) and the other months of 2024.
    added:
      index < 70
        ? new Date(Date.UTC(2024, 5, 1 + (index % 28)))
        : new Date(Date.UTC(2024, index % 12, 1 + (index % 28))),
    topics: [TOPICS[subject] ?? 'learning-theory'],
    source: 'generated for the base-path test',
  };
  const body = `We study ${SUBJECTS[subject]} in setting ${index}. The bound is $O(\\sqrt{n})$ for $n = ${index}$ and holds. More text follows here.`;
  return { slug: `study-${index + 1}`, text: serializePaperFile(data, body) };
}

beforeAll(async () => {
  work = await makeTemp('base-path');
  const content = await copyFixture('basic', join(work, 'content'));
  for (let index = 0; index < GENERATED; index += 1) {
    const paper = generated(index);
    await writeFile(join(content, 'papers', `${paper.slug}.md`), paper.text);
  }
  paperCount = (await listFiles(join(content, 'papers'))).length;
  dist = join(work, 'dist');
  const result = await buildSite({ contentDir: content, outDir: dist, base: BASE, site: SITE_URL });
  if (result.code !== 0) throw new Error(`astro build failed:\n${result.output}`);
  files = await listFiles(dist);
  fileSet = new Set(files);
});

afterAll(async () => {
  if (work !== '') await removeTemp(work);
});

describe('a build under a base path', () => {
  it('has no broken internal link, script, stylesheet or image in any page', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const doc = await readPage(dist, file);
      const pagePath = servedPath(file, BASE);
      const ids = new Set(doc.querySelectorAll('[id]').map((element) => element.id));
      for (const url of pageUrls(doc)) {
        if (url.value.startsWith('#')) {
          if (!ids.has(url.value.slice(1))) problems.push(`${file}: ${url.value} (no such id)`);
          continue;
        }
        if (url.tag === 'link' && url.rel === 'canonical') {
          if (!url.value.startsWith(SITE_URL + BASE)) problems.push(`${file}: canonical ${url.value}`);
          continue;
        }
        if (isExternal(url.value, pagePath)) continue;
        // A paper's RIS and CSL-JSON downloads carry their file in the link (site.test.ts reads them).
        if (url.tag === 'a' && url.value.startsWith('data:')) continue;
        checked += 1;
        const target = resolveInternal(url.value, pagePath, BASE, fileSet);
        if ('problem' in target)
          problems.push(`${file}: <${url.tag} ${url.attribute}="${url.value}"> ${target.problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('writes every internal link with the base path, never as a root-relative path outside it', async () => {
    for (const file of ['index.html', 'papers/index.html', `papers/study-1/index.html`, '404.html']) {
      const doc = await readPage(dist, file);
      for (const url of pageUrls(doc)) {
        if (url.value.startsWith('/')) expect(url.value.startsWith(BASE), `${file}: ${url.value}`).toBe(true);
      }
    }
  });

  it('resolves every font and image a stylesheet references', async () => {
    for (const file of files.filter((name) => name.endsWith('.css'))) {
      for (const url of cssUrls(await readFile(join(dist, file), 'utf8'))) {
        if (url.startsWith('data:')) continue;
        const target = resolveInternal(url, servedPath(file, BASE), BASE, fileSet);
        expect(target, `${file}: url(${url})`).toHaveProperty('file');
      }
    }
  });

  it('links feeds, papers.json and the sitemap to pages that exist, with the site URL and base', async () => {
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    });
    const urls: string[] = [];
    const feed = xml.parse(await readFile(join(dist, 'feed.xml'), 'utf8')) as {
      feed: { entry: { link: { '@href': string }[] }[]; link: { '@href': string }[] }[];
    };
    for (const entry of feed.feed[0]?.entry ?? []) urls.push(...entry.link.map((link) => link['@href']));
    urls.push(...(feed.feed[0]?.link ?? []).map((link) => link['@href']));
    const json = JSON.parse(await readFile(join(dist, 'papers.json'), 'utf8')) as {
      papers: { url: string; bibtex_url: string }[];
    };
    for (const paper of json.papers) urls.push(paper.url, paper.bibtex_url);
    const sitemap = await readFile(join(dist, 'sitemap-0.xml'), 'utf8');
    urls.push(...[...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? ''));
    expect(urls.length).toBeGreaterThan(paperCount * 3);
    for (const url of urls) {
      expect(url.startsWith(SITE_URL + BASE), url).toBe(true);
      expect(resolveInternal(url.slice(SITE_URL.length), '/', BASE, fileSet), url).toHaveProperty('file');
    }
    const robots = await readFile(join(dist, 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${SITE_URL}${BASE}sitemap-index.xml`);
  });

  it('lists every paper once by month, once by title, and a busy topic by month', async () => {
    const paperHref = (href: string | undefined) => href?.slice(BASE.length) ?? '';
    const listedOn = async (pattern: RegExp) => {
      const listed: string[] = [];
      for (const file of files.filter((name) => pattern.test(name))) {
        const doc = await readPage(dist, file);
        for (const link of doc.querySelectorAll('.paper-list h2 a')) listed.push(paperHref(link.getAttribute('href')));
        const current = doc.querySelector('.pager a[aria-current="page"]');
        const page = /\/(\d+)\/index\.html$/.exec(file.replace(/^papers\/\d{4}\/\d{2}\/index\.html$/, ''))?.[1];
        if (current) expect(current.text.trim(), file).toBe(page ?? '1');
      }
      return listed;
    };
    const byMonth = await listedOn(/^papers\/\d{4}\/\d{2}\/(?:\d+\/)?index\.html$/);
    expect(byMonth).toHaveLength(paperCount);
    expect(new Set(byMonth).size).toBe(paperCount);
    // June 2024 holds more than a page: its second page is numbered from the oldest end.
    expect(files).toContain('papers/2024/06/2/index.html');
    expect(files).not.toContain('papers/2024/06/3/index.html');
    expect(files).toContain('papers/2024/index.html');
    const byTitle = await listedOn(/^papers\/by-title\/(?:.+\/)?index\.html$/);
    expect(byTitle).toHaveLength(paperCount);
    expect(new Set(byTitle).size).toBe(paperCount);
    expect(files).toContain('papers/by-title/s/index.html');
    const federated = files.filter((file) =>
      /^topics\/federated-learning\/\d{4}\/\d{2}\/(?:\d+\/)?index\.html$/.test(file),
    );
    expect(federated.length).toBeGreaterThan(1);
  });
});
