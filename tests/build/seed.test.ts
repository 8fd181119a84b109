/**
 * The real archive in content/ (the 56 papers ingested from the seed page, plus whatever pull
 * requests added): every paper gets a page, every topic a page and a feed, and no formula in any
 * of them fails to render.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/lib/paper/topics-file.ts';
import { buildSite, makeTemp, PROJECT_ROOT, removeTemp } from '../helpers/astro-build.ts';
import { isExternal, listFiles, pageUrls, readPage, servedPath } from '../helpers/dist.ts';

const CONTENT = join(PROJECT_ROOT, 'content');
/** Papers on the seed page content/inbox/2025-03-14-hf-trending.txt. */
const SEED_PAPERS = 56;

const slugs = readdirSync(join(CONTENT, 'papers'))
  .filter((file) => file.endsWith('.md'))
  .map((file) => file.replace(/\.md$/, ''));
let dist = '';
let files: string[] = [];

beforeAll(async () => {
  dist = await makeTemp('seed-dist');
  const result = await buildSite({ contentDir: CONTENT, outDir: dist });
  if (result.code !== 0) throw new Error(`astro build of content/ failed:\n${result.output}`);
  files = await listFiles(dist);
});

afterAll(async () => {
  if (dist !== '') await removeTemp(dist);
});

describe('the seed archive', () => {
  it('holds at least the 56 seed papers, each with a page and a .bib', () => {
    expect(slugs.length, 'content/papers/ is missing papers: run npm run ingest').toBeGreaterThanOrEqual(SEED_PAPERS);
    const pages = files.filter((file) => /^papers\/(?!by-title\/)(?!\d+\/)[^/]+\/index\.html$/.test(file));
    expect(pages.sort()).toEqual(slugs.map((slug) => `papers/${slug}/index.html`).sort());
    for (const slug of slugs) expect(files).toContain(`papers/${slug}.bib`);
  });

  it('has a page and a feed for every topic', () => {
    for (const topic of loadTopics(join(CONTENT, 'topics.yaml'))) {
      expect(files).toContain(`topics/${topic.id}/index.html`);
      expect(files).toContain(`topics/${topic.id}/feed.xml`);
    }
  });

  it('renders every formula: no katex-error anywhere, the KaTeX stylesheet wherever there is math', async () => {
    let math = 0;
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const raw = await readFile(join(dist, file), 'utf8');
      expect(raw, file).not.toContain('katex-error');
      if (!raw.includes('class="katex"')) continue;
      math += 1;
      const doc = await readPage(dist, file);
      const sheets = doc.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href') ?? '');
      expect(
        sheets.some((href) => /katex/i.test(href)),
        file,
      ).toBe(true);
    }
    // The seed has math in several abstracts; a site that shows none has lost it.
    expect(math).toBeGreaterThan(5);
  });

  it('loads nothing from another host', async () => {
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const doc = await readPage(dist, file);
      for (const url of pageUrls(doc)) {
        if (url.tag === 'a' || url.tag === 'form' || (url.tag === 'link' && url.rel === 'canonical')) continue;
        expect(isExternal(url.value, servedPath(file, '/')), `${file}: ${url.value}`).toBe(false);
      }
    }
  });
});
