import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFallbackSearch } from '../../../../src/lib/search/browser/search-fallback.ts';
import {
  buildFallbackIndex,
  decodeFragment,
  decodeFragments,
  fallbackIndexScript,
  readFragments,
  type PagefindFragment,
} from '../../../../src/lib/search/build/search-fallback-index.ts';
import { EMPTY_STATE } from '../../../../src/lib/search/browser/search-state.ts';

/** A paper page as the site marks it up for Pagefind (see SearchPaperMeta.astro). */
function paperPage(paper: {
  title: string;
  authors?: string;
  abstract: string;
  topics: string[];
  added: string;
  code: boolean;
}): string {
  return `<!doctype html><html lang="en"><head><title>${paper.title}</title></head><body>
<nav>Papers Topics About</nav>
<article data-pagefind-body>
  <h1 data-pagefind-ignore>${paper.title}</h1>
  <section><h2 data-pagefind-ignore>Abstract</h2><p>${paper.abstract}</p></section>
  <section data-pagefind-ignore><h2>Cite</h2><pre>@article{x, archivePrefix = {arXiv}}</pre></section>
  <p hidden>${paper.topics.join('. ')}.</p>
  <div hidden data-pagefind-ignore>
    <span data-pagefind-meta="title">${paper.title}</span>
    ${paper.authors === undefined ? '' : `<span data-pagefind-meta="authors">${paper.authors}</span>`}
    <span data-pagefind-meta="added">${paper.added}</span>
    ${paper.topics.map((topic) => `<span data-pagefind-filter="topic">${topic}</span>`).join('')}
    <span data-pagefind-filter="code">${paper.code ? 'yes' : 'no'}</span>
  </div>
</article></body></html>`;
}

const PAPERS = [
  {
    slug: 'emo',
    title: 'EMO: Earth Mover Distance Optimization for Auto-Regressive Language Modeling',
    authors: 'Siyu Ren, Zhiyong Wu and Kenny Q. Zhu',
    abstract: 'We propose Earth Mover Distance Optimization (EMO) &amp; minimize the forward cross-entropy &lt; MLE.',
    topics: ['language-models'],
    added: '2025-03-14',
    code: false,
  },
  {
    slug: 'scaling-law-with-learning-rate-annealing',
    title: 'Scaling Law with Learning Rate Annealing',
    abstract: 'The loss follows L(s) = L₀ + A · S₁ ^(−alpha) − C · S₂ over training steps.',
    topics: ['scaling-laws', 'optimization'],
    added: '2025-03-10',
    code: true,
  },
];

let work = '';
let fragments: PagefindFragment[] = [];
/** The same site indexed with its fragments in one group file (Pagefind's maxFragments). */
let grouped: { files: string[]; fragments: PagefindFragment[] } = { files: [], fragments: [] };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fallback-index-'));
  const site = join(work, 'site');
  for (const paper of PAPERS) {
    await mkdir(join(site, 'papers', paper.slug), { recursive: true });
    await writeFile(join(site, 'papers', paper.slug, 'index.html'), paperPage(paper));
  }
  // A page without data-pagefind-body is not indexed once others have it.
  await writeFile(join(site, 'index.html'), '<html lang="en"><body><h1>Home</h1><p>Papers</p></body></html>');
  const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error('Pagefind did not start');
  await index.addDirectory({ path: site });
  await index.writeFiles({ outputPath: join(site, 'pagefind') });
  const { index: groupedIndex } = await pagefind.createIndex({ forceLanguage: 'en', maxFragments: 1 });
  if (!groupedIndex) throw new Error('Pagefind did not start');
  await groupedIndex.addDirectory({ path: site, glob: 'papers/*/index.html' });
  await groupedIndex.writeFiles({ outputPath: join(work, 'grouped') });
  await pagefind.close();
  fragments = await readFragments(join(site, 'pagefind'));
  grouped = {
    files: await readdir(join(work, 'grouped', 'fragment')),
    fragments: await readFragments(join(work, 'grouped')),
  };
});

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

describe('readFragments and decodeFragment (real Pagefind output)', () => {
  it('reads one fragment per indexed paper, with text, metadata and filters', () => {
    expect(fragments.map((fragment) => fragment.url).sort()).toEqual([
      '/papers/emo/',
      '/papers/scaling-law-with-learning-rate-annealing/',
    ]);
    const emo = fragments.find((fragment) => fragment.url === '/papers/emo/');
    expect(emo?.meta['title']).toBe(PAPERS[0]?.title);
    expect(emo?.meta['added']).toBe('2025-03-14');
    expect(emo?.filters).toEqual({ topic: ['language-models'], code: ['no'] });
    expect(emo?.content).toContain('forward cross-entropy < MLE');
    expect(emo?.content).not.toContain('archivePrefix');
    expect(emo?.content).not.toContain('Abstract');
  });

  it('reads fragments grouped into one file (maxFragments) as the same fragments', () => {
    expect(grouped.files).toHaveLength(1);
    const byUrl = (list: PagefindFragment[]) => [...list].sort((a, b) => a.url.localeCompare(b.url));
    expect(byUrl(grouped.fragments)).toEqual(byUrl(fragments));
  });

  it('names the group and the fragment when a grouped one is not one', () => {
    expect(decodeFragments(gzipSync('pagefind_dcd{"url":"/a/","content":"x"}'), 'one.pf_fragment')).toHaveLength(1);
    expect(() => decodeFragments(gzipSync('pagefind_dcd{"en_1":{"url":"/a/"}}'), 'group.pf_fragment')).toThrow(
      /group\.pf_fragment \(en_1\): a Pagefind fragment without url or content/,
    );
    expect(() => decodeFragments(gzipSync('pagefind_dcd{}'), 'empty.pf_fragment')).toThrow(
      /empty Pagefind fragment group/,
    );
    expect(() => decodeFragments(gzipSync('pagefind_dcd[1]'), 'list.pf_fragment')).toThrow(/list\.pf_fragment/);
  });

  it('names the file and the cause when a fragment is not one', () => {
    expect(() => decodeFragment(new Uint8Array([1, 2, 3]), 'fragment/en_x.pf_fragment')).toThrow(
      /Failed to decompress the Pagefind fragment fragment\/en_x\.pf_fragment/,
    );
    expect(() => decodeFragment(gzipSync('{"url":"/"}'), 'a.pf_fragment')).toThrow(/not a Pagefind fragment/);
    expect(() => decodeFragment(gzipSync('pagefind_dcd{oops'), 'b.pf_fragment')).toThrow(
      /Failed to parse the Pagefind fragment b\.pf_fragment/,
    );
    expect(() => decodeFragment(gzipSync('pagefind_dcd{"url":"/"}'), 'c.pf_fragment')).toThrow(
      /without url or content/,
    );
  });

  it('says to build first when there is no bundle', async () => {
    await expect(readFragments(join(work, 'nowhere'))).rejects.toThrow(/build the site first/);
  });

  it('reads an archive without papers as no fragments', async () => {
    const empty = join(work, 'empty-pagefind');
    await mkdir(empty, { recursive: true });
    await writeFile(join(empty, 'pagefind-entry.json'), '{"version":"1.6.0","languages":{}}');
    expect(await readFragments(empty)).toEqual([]);
  });
});

describe('buildFallbackIndex and fallbackIndexScript', () => {
  it('builds newest-first documents with site-relative paths', () => {
    const index = buildFallbackIndex(fragments, { 'language-models': 'Language models' });
    expect(index.version).toBe(1);
    expect(index.topics).toEqual({ 'language-models': 'Language models' });
    expect(index.docs.map((doc) => doc.slice(0, 5))).toEqual([
      ['papers/emo/', PAPERS[0]?.title, ['language-models'], '2025-03-14', 0],
      [
        'papers/scaling-law-with-learning-rate-annealing/',
        PAPERS[1]?.title,
        ['optimization', 'scaling-laws'],
        '2025-03-10',
        1,
      ],
    ]);
  });

  it('keeps the short author list, so results from disk show it as results online do', () => {
    const index = buildFallbackIndex(fragments, {});
    expect(index.docs.map((doc) => doc[6])).toEqual(['Siyu Ren, Zhiyong Wu and Kenny Q. Zhu', '']);
    const hits = createFallbackSearch(index).search({ ...EMPTY_STATE, q: 'earth mover' });
    expect(hits.slice(0, 1).map((hit) => hit.authors)).toEqual(['Siyu Ren, Zhiyong Wu and Kenny Q. Zhu']);
  });

  it('writes a classic script that defines the index and that searches', () => {
    const index = buildFallbackIndex(fragments, {});
    const script = fallbackIndexScript(index);
    expect(script).not.toContain('<');
    const window: { __ARCHIVE_INDEX__?: unknown } = {};
    runInNewContext(script, { window });
    expect(window.__ARCHIVE_INDEX__).toEqual(index);
    const engine = createFallbackSearch(index);
    const found = (q: string) =>
      engine
        .search({ ...EMPTY_STATE, q })
        .slice(0, 10)
        .map((hit) => hit.url);
    expect(found('alpha')).toEqual(['papers/scaling-law-with-learning-rate-annealing/']);
    expect(found('EMO')).toEqual(['papers/emo/']);
    expect(found('cross-entropy')).toEqual(['papers/emo/']);
  });
});
