import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRECACHE_BUDGET,
  planPrecache,
  precacheGroup,
} from '../../../../src/lib/search/build/search-precache.ts';

describe('precacheGroup', () => {
  it.each([
    ['_astro/BaseLayout.DdInSWF6.css', 'shell'],
    ['_astro/katex.min.BaGOKuS5.css', 'shell'],
    ['_astro/KaTeX_Main-Regular.B22Nviop.woff2', 'shell'],
    ['_astro/SearchApp.astro_astro_type_script_index_0_lang.CGyrNHQU.js', 'shell'],
    ['favicon.svg', 'shell'],
    ['icons/maskable-512.png', 'shell'],
    ['manifest.webmanifest', 'shell'],
    ['index.html', 'shell'],
    ['search/index.html', 'shell'],
    ['404.html', 'shell'],
    ['pagefind/pagefind.js', 'search'],
    ['pagefind/pagefind-worker.js', 'search'],
    ['pagefind/wasm.en.pagefind', 'search'],
    ['pagefind/pagefind-entry.json', 'search'],
    ['pagefind/pagefind.en_81dfbead7b.pf_meta', 'search'],
    ['pagefind/index/en_404dd3a.pf_index', 'search'],
    ['pagefind/filter/en_a289e8e.pf_filter', 'search'],
    ['pagefind/fragment/en_6e23238.pf_fragment', 'search'],
    ['pagefind/pagefind-ui.js', 'none'],
    ['pagefind/pagefind-component-ui.css', 'none'],
    ['pagefind/pagefind-highlight.js', 'none'],
    ['pagefind/playground/index.html', 'none'],
    ['papers/emo/index.html', 'pages'],
    ['papers/2/index.html', 'pages'],
    ['topics/scaling-laws/index.html', 'pages'],
    ['about/index.html', 'pages'],
    ['sw.js', 'none'],
    ['workbox-8c29f6e4.js', 'none'],
    ['feed.xml', 'none'],
    ['topics/scaling-laws/feed.xml', 'none'],
    ['papers/emo.bib', 'none'],
    ['papers.json', 'none'],
    ['sitemap-0.xml', 'none'],
    ['robots.txt', 'none'],
  ])('%s is %s', (url, group) => {
    expect(precacheGroup(url)).toBe(group);
  });
});

describe('planPrecache', () => {
  const site = [
    { url: 'index.html', size: 20_000 },
    { url: '_astro/site.css', size: 10_000 },
    { url: 'pagefind/pagefind.js', size: 47_000 },
    { url: 'pagefind/fragment/en_1.pf_fragment', size: 1_000 },
    { url: 'pagefind/pagefind-ui.js', size: 126_000 },
    { url: 'papers/a/index.html', size: 15_000 },
    { url: 'papers/b/index.html', size: 15_000 },
    { url: 'feed.xml', size: 50_000 },
    { url: 'sw.js', size: 38_000 },
  ];

  it('precaches shell, index and every page when they fit, in input order', () => {
    const plan = planPrecache(site, 200_000);
    expect(plan.allPages).toBe(true);
    expect(plan.precache.map((entry) => entry.url)).toEqual([
      'index.html',
      '_astro/site.css',
      'pagefind/pagefind.js',
      'pagefind/fragment/en_1.pf_fragment',
      'papers/a/index.html',
      'papers/b/index.html',
    ]);
    expect(plan.bytes).toEqual({ shell: 30_000, search: 48_000, pages: 30_000 });
    expect(plan.counts).toEqual({ shell: 2, search: 2, pages: 2 });
    expect(plan.warnings).toEqual([]);
  });

  it('leaves every page out, with a warning, when they do not all fit', () => {
    const plan = planPrecache(site, 100_000);
    expect(plan.allPages).toBe(false);
    expect(plan.precache.map((entry) => entry.url)).toEqual([
      'index.html',
      '_astro/site.css',
      'pagefind/pagefind.js',
      'pagefind/fragment/en_1.pf_fragment',
    ]);
    expect(plan.warnings.join('\n')).toMatch(/2 pages .* cached as they are visited/);
  });

  it('keeps shell and index even over the budget, and says so', () => {
    const plan = planPrecache(site, 10_000);
    expect(plan.precache.map((entry) => entry.url)).toContain('pagefind/pagefind.js');
    expect(plan.allPages).toBe(false);
    expect(plan.warnings.join('\n')).toMatch(/precached anyway/);
  });

  it('counts exactly at the budget as fitting, and defaults to 25 MB', () => {
    expect(planPrecache(site, 108_000).allPages).toBe(true);
    expect(planPrecache(site, 107_999).allPages).toBe(false);
    expect(planPrecache([]).budget).toBe(DEFAULT_PRECACHE_BUDGET);
    expect(DEFAULT_PRECACHE_BUDGET).toBe(25 * 1024 * 1024);
  });

  it('keeps extra fields of the entries it is given (Workbox revisions)', () => {
    const plan = planPrecache([{ url: 'index.html', size: 1, revision: 'abc' }]);
    expect(plan.precache).toEqual([{ url: 'index.html', size: 1, revision: 'abc' }]);
  });
});
