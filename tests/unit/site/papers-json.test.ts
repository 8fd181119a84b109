import { describe, expect, it } from 'vitest';
import { papersJson, type PaperForJson } from '../../../src/lib/site/papers-json.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const paper: PaperForJson = {
  slug: 'a',
  url: 'https://example.org/papers/a/',
  bibtexUrl: 'https://example.org/papers/a.bib',
  title: '$\\beta$-VAE',
  plainTitle: 'β-VAE',
  authors: ['Irina Higgins'],
  published: day('2017-02-06'),
  added: day('2025-01-10'),
  topics: ['representation-learning'],
  links: ['https://openreview.net/forum?id=Sy2fzU9gl'],
  source: 'pull request',
  repaired: true,
  related: ['b'],
};

describe('papersJson', () => {
  const json = papersJson(
    [
      paper,
      { ...paper, slug: 'b', added: day('2025-03-14'), repaired: false, authors: undefined, arxiv: '2401.01234' },
    ],
    { title: 'Paper Archive', url: 'https://example.org/' },
    [],
  );

  it('lists every paper with every documented field, absent values as null or []', () => {
    expect(json.count).toBe(2);
    expect(json.papers[0]).toEqual({
      slug: 'a',
      url: 'https://example.org/papers/a/',
      bibtex_url: 'https://example.org/papers/a.bib',
      title: '$\\beta$-VAE',
      title_text: 'β-VAE',
      authors: ['Irina Higgins'],
      arxiv: null,
      doi: null,
      categories: [],
      journal: null,
      comments: null,
      license: null,
      published: '2017-02-06',
      updated: null,
      added: '2025-01-10',
      topics: ['representation-learning'],
      code: [],
      links: ['https://openreview.net/forum?id=Sy2fzU9gl'],
      source: 'pull request',
      repaired: true,
      related: ['b'],
    });
    expect(json.papers[1]).toMatchObject({ authors: [], arxiv: '2401.01234', repaired: false });
    const full = papersJson(
      [
        {
          ...paper,
          categories: ['cs.LG'],
          journal: 'ICLR 2017',
          comments: '12 pages',
          license: 'http://creativecommons.org/licenses/by/4.0/',
          updated: day('2017-03-01'),
        },
      ],
      { title: 'Paper Archive', url: 'https://example.org/' },
      [],
    );
    expect(full.papers[0]).toMatchObject({
      categories: ['cs.LG'],
      journal: 'ICLR 2017',
      comments: '12 pages',
      license: 'http://creativecommons.org/licenses/by/4.0/',
      updated: '2017-03-01',
    });
  });

  it('dates the export from the newest paper, and survives JSON round trips', () => {
    expect(json.updated).toBe('2025-03-14');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(papersJson([], { title: 't', url: 'u' }, []).updated).toBeNull();
  });

  it('carries hostile text unchanged through JSON: braces, quotes, line separators, script tags', () => {
    const hostile = '}}@preamble{"\\input{x}"} </script> \u2028\u2029 \u0000 "q" \\';
    const exported = papersJson([{ ...paper, title: hostile, authors: [hostile] }], { title: 't', url: 'u' }, []);
    const read = JSON.parse(JSON.stringify(exported, null, 1)) as typeof exported;
    expect(read.papers[0]?.title).toBe(hostile);
    expect(read.papers[0]?.authors).toEqual([hostile]);
  });
});
