import { describe, expect, it } from 'vitest';
import { breakdown, breakdownTable, kindOf } from '../../../bench/dist-breakdown.ts';

describe('kindOf', () => {
  it('tells a paper page from the list pages beside it', () => {
    expect(kindOf('papers/frl-federated-rank-learning/index.html')).toBe('paper page');
    expect(kindOf('papers/index.html')).toBe('list pages');
    expect(kindOf('papers/12/index.html')).toBe('list pages');
    expect(kindOf('papers/by-title/index.html')).toBe('list pages');
    expect(kindOf('papers/by-title/3/index.html')).toBe('list pages');
  });

  it("names a paper's citation files by their extension", () => {
    expect(kindOf('papers/frl-federated-rank-learning.bib')).toBe('paper .bib');
    expect(kindOf('papers/frl-federated-rank-learning.ris')).toBe('paper .ris');
    expect(kindOf('papers/frl-federated-rank-learning.csl.json')).toBe('paper .csl.json');
  });

  it('sorts the shared files: topics, feeds, the search index, exports', () => {
    expect(kindOf('topics/optimization/index.html')).toBe('topic pages');
    expect(kindOf('topics/optimization/4/index.html')).toBe('topic pages');
    expect(kindOf('topics/optimization/feed.xml')).toBe('feeds');
    expect(kindOf('feed.xml')).toBe('feeds');
    expect(kindOf('pagefind/fragment/en_1a2b.pf_fragment')).toBe('pagefind fragment');
    expect(kindOf('pagefind/shards/0123abcd/fragment/en_group_1a2b.pf_fragment')).toBe('pagefind fragment');
    expect(kindOf('pagefind/shards/0123abcd/index/en_1a2b.pf_index')).toBe('pagefind index');
    expect(kindOf('pagefind/shards/0123abcd/pagefind.en_1a2b.pf_meta')).toBe('pagefind (runtime, meta)');
    expect(kindOf('pagefind/index/en_1a2b.pf_index')).toBe('pagefind index');
    expect(kindOf('pagefind/filter/en_1a2b.pf_filter')).toBe('pagefind filter');
    expect(kindOf('pagefind/pagefind.js')).toBe('pagefind (runtime, meta)');
    expect(kindOf('papers.json')).toBe('papers.json');
    expect(kindOf('sitemap-0.xml')).toBe('sitemaps');
    expect(kindOf('sw.js')).toBe('service worker');
    expect(kindOf('_astro/katex.min.css')).toBe('scripts, styles, fonts');
    expect(kindOf('about/index.html')).toBe('other');
    expect(kindOf('papers/odd.txt')).toBe('other');
  });
});

describe('breakdown', () => {
  const files = [
    { path: 'papers/a/index.html', bytes: 1000 },
    { path: 'papers/b/index.html', bytes: 3000 },
    { path: 'papers/a.bib', bytes: 100 },
    { path: 'papers/b.bib', bytes: 300 },
    { path: 'topics/x/index.html', bytes: 2000 },
    { path: 'pagefind/fragment/en_group_1.pf_fragment', bytes: 500 },
  ];

  it('adds up files and bytes by kind, largest first, and marks the per-paper kinds', () => {
    expect(breakdown(files)).toEqual([
      { kind: 'paper page', files: 2, bytes: 4000, perPaper: true },
      { kind: 'topic pages', files: 1, bytes: 2000, perPaper: false },
      { kind: 'pagefind fragment', files: 1, bytes: 500, perPaper: false },
      { kind: 'paper .bib', files: 2, bytes: 400, perPaper: true },
    ]);
  });

  it("writes a table with each kind's share per paper and a paper's own files apart", () => {
    const table = breakdownTable(breakdown(files), 2);
    expect(table[2]).toBe('| paper page | 2 | 0.0 | 1.95 KB | 1.000 |');
    expect(table.at(-1)).toBe("| **all** | 6 | 0.0 | 3.37 KB | 3.00 (2.00 a paper's own) |");
  });
});
