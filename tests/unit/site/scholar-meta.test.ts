import { describe, expect, it } from 'vitest';
import {
  scholarlyArticle,
  scholarMetaTags,
  serializeJsonLd,
  type PaperMetaInput,
} from '../../../src/lib/site/scholar-meta.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const paper: PaperMetaInput = {
  title: 'The Principles of Deep Learning Theory',
  authors: ['Daniel A. Roberts', 'Sho Yaida', 'Boris Hanin'],
  arxiv: '2106.10165',
  doi: '10.1017/9781009023405',
  published: day('2022-05-26'),
  added: day('2025-02-01'),
  abstract: 'This book develops an effective theory approach.',
  keywords: ['Learning theory'],
  url: 'https://example.org/papers/the-principles-of-deep-learning-theory/',
  siteName: 'Paper Archive',
  language: 'en',
};
const values = (tags: { name: string; content: string }[], name: string) =>
  tags.filter((tag) => tag.name === name).map((tag) => tag.content);

describe('scholarMetaTags', () => {
  it('writes every Highwire tag Google Scholar reads', () => {
    const tags = scholarMetaTags(paper);
    expect(values(tags, 'citation_title')).toEqual([paper.title]);
    expect(values(tags, 'citation_author')).toEqual(paper.authors);
    expect(values(tags, 'citation_publication_date')).toEqual(['2022/05/26']);
    expect(values(tags, 'citation_online_date')).toEqual([]);
    expect(values(tags, 'citation_arxiv_id')).toEqual(['2106.10165']);
    expect(values(tags, 'citation_doi')).toEqual(['10.1017/9781009023405']);
    expect(values(tags, 'citation_abstract')).toEqual([paper.abstract]);
    expect(values(tags, 'citation_pdf_url')).toEqual(['https://arxiv.org/pdf/2106.10165']);
    expect(values(tags, 'citation_abstract_html_url')).toEqual([paper.url]);
  });

  it('writes a name in Han, Hiragana, Katakana or Hangul as "Family, Given", so it is not read as "Given Family"', () => {
    const tags = scholarMetaTags({ ...paper, authors: ['山田 太郎', '김 민준', '王小明', 'Sho Yaida'] });
    expect(values(tags, 'citation_author')).toEqual(['山田, 太郎', '김, 민준', '王小明', 'Sho Yaida']);
  });

  it('dates from the arXiv id, else marks only the online date', () => {
    const fromId = scholarMetaTags({ ...paper, published: undefined });
    expect(values(fromId, 'citation_publication_date')).toEqual(['2021/06']);
    const none = scholarMetaTags({
      ...paper,
      published: undefined,
      arxiv: undefined,
      doi: undefined,
      authors: undefined,
    });
    expect(values(none, 'citation_publication_date')).toEqual([]);
    expect(values(none, 'citation_online_date')).toEqual(['2025/02/01']);
    expect(values(none, 'citation_pdf_url')).toEqual([]);
    expect(values(none, 'citation_author')).toEqual([]);
  });
});

describe('scholarlyArticle and serializeJsonLd', () => {
  it('cuts the headline between characters, never inside one', () => {
    const title = `${'x'.repeat(109)}😀 tail`;
    const { headline } = scholarlyArticle({ ...paper, title }) as { headline: string };
    expect(headline).toBe('x'.repeat(109));
    expect(headline.isWellFormed()).toBe(true);
    expect((scholarlyArticle({ ...paper, title: 'y'.repeat(120) }) as { headline: string }).headline).toBe(
      'y'.repeat(110),
    );
  });

  it('types an organization as an Organization, a person as a Person', () => {
    const { author } = scholarlyArticle({ ...paper, authors: ['The ATLAS Collaboration', 'Sho Yaida'] }) as {
      author: unknown[];
    };
    expect(author).toEqual([
      { '@type': 'Organization', name: 'The ATLAS Collaboration' },
      { '@type': 'Person', name: 'Sho Yaida' },
    ]);
  });

  it('describes the paper as a schema.org ScholarlyArticle', () => {
    const article = scholarlyArticle(paper);
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ScholarlyArticle',
      name: paper.title,
      datePublished: '2022-05-26',
      author: [
        { '@type': 'Person', name: 'Daniel A. Roberts' },
        { '@type': 'Person', name: 'Sho Yaida' },
        { '@type': 'Person', name: 'Boris Hanin' },
      ],
      sameAs: ['https://arxiv.org/abs/2106.10165', 'https://doi.org/10.1017/9781009023405'],
    });
  });

  it('leaves the abstract to the page and citation_abstract: one copy in the head, not two', () => {
    expect(scholarlyArticle(paper)).not.toHaveProperty('abstract');
    expect(values(scholarMetaTags(paper), 'citation_abstract')).toEqual([paper.abstract]);
  });

  it('carries the arXiv metadata it can: latest version, license, categories by name, the journal reference', () => {
    const article = scholarlyArticle({
      ...paper,
      updated: day('2022-08-01'),
      license: 'http://creativecommons.org/licenses/by/4.0/',
      categories: ['cs.LG', 'hep-th'],
      journal: 'Cambridge University Press (2022)',
    });
    expect(article).toMatchObject({
      dateModified: '2022-08-01',
      license: 'http://creativecommons.org/licenses/by/4.0/',
      about: [
        { '@type': 'DefinedTerm', termCode: 'cs.LG', name: 'Machine Learning' },
        { '@type': 'DefinedTerm', termCode: 'hep-th', name: 'High Energy Physics - Theory' },
      ],
      citation: 'Cambridge University Press (2022)',
    });
    expect(scholarlyArticle(paper)).not.toHaveProperty('dateModified');
    expect(scholarlyArticle(paper)).not.toHaveProperty('about');
  });

  it('cannot be broken out of by a hostile title, and parses back to the same data', () => {
    const hostile = { ...paper, title: '</script><script>alert(1)</script><!-- \u2028 & >', abstract: '</SCRIPT >' };
    const json = serializeJsonLd(scholarlyArticle(hostile));
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(scholarlyArticle(hostile));
  });

  it('keeps every field inside its script element, authors and line separators included', () => {
    const hostile = { ...paper, authors: ['</script><!--', 'A\u2029B'], title: '</script>\u2028' };
    const json = serializeJsonLd(scholarlyArticle(hostile));
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(scholarlyArticle(hostile));
  });
});
