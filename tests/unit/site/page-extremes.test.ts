/**
 * A paper page must build for every paper the schema accepts: the page calls pure functions with
 * the paper's data (citations, Scholar meta tags, JSON-LD, feeds, dates, link labels), and one that
 * throws stops the build with a stack trace rather than a message naming the file. These tests feed
 * them what the schema lets through at its edges: every Unicode space separator inside an author
 * name, names that are only punctuation or a suffix, empty optional lists, and the longest values.
 */
import { describe, expect, it } from 'vitest';
import { arxivCategoryName } from '../../../src/lib/paper/arxiv-categories.ts';
import { linkDisplay } from '../../../src/lib/paper/http-url.ts';
import {
  paperSchemaFor,
  MAX_COMMENTS_CHARS,
  MAX_JOURNAL_CHARS,
  MAX_TITLE_CHARS,
} from '../../../src/lib/paper/schema.ts';
import { buildArchive, type Archive, type SitePaper } from '../../../src/lib/site/archive.ts';
import { authorList, bibtex, plainCitation, type CitablePaper } from '../../../src/lib/site/citation.ts';
import { citationFormats, cslItem, cslName } from '../../../src/lib/site/citation-formats.ts';
import { dataUrl } from '../../../src/lib/site/data-url.ts';
import { displayDate, isoDay, shortAuthors } from '../../../src/lib/site/format.ts';
import { licenseName } from '../../../src/lib/site/licenses.ts';
import { atomFeed } from '../../../src/lib/site/atom-feed.ts';
import {
  bibtexOf,
  citationOf,
  descriptionOf,
  feedEntryOf,
  feedOf,
  jsonOf,
  metaOf,
} from '../../../src/lib/site/paper-views.ts';
import { scholarMetaTags, scholarlyArticle, serializeJsonLd } from '../../../src/lib/site/scholar-meta.ts';

const TOPICS = [{ id: 'scaling-laws', name: 'Scaling laws', description: 'Scaling.', match: ['scaling law'] }];
const schema = paperSchemaFor(TOPICS.map((topic) => topic.id));

/** Every space separator (Unicode's Zs), the plain space among them. */
const SPACE_SEPARATORS = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((char) =>
  /\p{Zs}/u.test(char),
);

const base = {
  title: 'Scaling Law with Learning Rate Annealing',
  arxiv: '2408.11029',
  added: '2025-03-14',
  topics: ['scaling-laws'],
  source: 'pull request',
};

/** A paper as the site holds it once the schema accepted its front matter (throws if the schema refuses it). */
function sitePaper(data: Record<string, unknown>): { paper: SitePaper; archive: Archive } {
  const parsed = schema.parse({ ...base, ...data });
  const archive = buildArchive([{ id: 'x', data: parsed, body: 'An abstract.', filePath: 'x.md' }], TOPICS);
  const paper = archive.papers[0];
  if (paper === undefined) throw new Error('the archive lost the paper');
  return { paper, archive };
}

/** Everything a paper page makes of the paper's data with pure functions, as src/pages/papers/[slug].astro calls them. */
function renderPaperPage({ paper, archive }: { paper: SitePaper; archive: Archive }): string[] {
  const abstract = { text: 'An abstract.', description: 'An abstract.' };
  const meta = metaOf(paper, abstract, archive);
  const cite = citationFormats(citationOf(paper));
  const { data } = paper;
  return [
    descriptionOf(abstract),
    ...scholarMetaTags(meta).map((tag) => tag.content),
    serializeJsonLd(scholarlyArticle(meta)),
    isoDay(data.published ?? data.added),
    displayDate(data.added),
    ...(data.published === undefined ? [] : [displayDate(data.published)]),
    ...(data.updated === undefined ? [] : [displayDate(data.updated)]),
    authorList(data.authors ?? [], Number.POSITIVE_INFINITY),
    shortAuthors(data.authors),
    ...(data.categories ?? []).map((id) => arxivCategoryName(id) ?? id),
    ...(data.license === undefined ? [] : [licenseName(data.license) ?? linkDisplay(data.license)]),
    ...[...(data.code ?? []), ...(data.links ?? [])].map(linkDisplay),
    bibtexOf(paper),
    cite.apa,
    dataUrl('application/x-research-info-systems', cite.ris),
    dataUrl('application/vnd.citationstyles.csl+json', cite.cslJson),
    plainCitation(citationOf(paper)),
    JSON.stringify(feedEntryOf(paper, abstract, archive)),
    // The feeds the paper is in: not the page itself, but made from the same data in the same build.
    atomFeed(
      feedOf([paper], archive, {
        title: 'Papers',
        subtitle: 'Newest',
        selfPath: '/feed.xml',
        pagePath: '/',
        abstractOf: () => abstract,
      }),
    ),
    JSON.stringify(jsonOf(paper)),
  ];
}

const citable = (authors: string[]): CitablePaper => ({
  slug: 'x',
  title: base.title,
  authors,
  arxiv: base.arxiv,
  added: new Date('2025-03-14T00:00:00Z'),
  url: 'https://example.github.io/papers/x/',
});

describe('author names with Unicode space separators', () => {
  it('covers every space separator, not a chosen few', () => {
    // U+0020, U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000.
    expect(SPACE_SEPARATORS).toHaveLength(17);
  });

  const shapes = [
    (space: string) => `Howe${space}Tissue`,
    (space: string) => `山田${space}太郎`,
    (space: string) => `Anna${space}van der Berg`,
    (space: string) => `Martin Luther${space}King Jr.`,
    (space: string) => `Tissue,${space}Howe`,
  ];

  it.each(
    SPACE_SEPARATORS.map((space) => [`U+${space.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`, space]),
  )('are accepted, and every page path renders them without throwing (%s)', (_, space) => {
    for (const shape of shapes) {
      const paper = sitePaper({ authors: [shape(space), 'Alan Turing'] });
      expect(() => renderPaperPage(paper)).not.toThrow();
    }
  });

  it.each(
    SPACE_SEPARATORS.map((space) => [`U+${space.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`, space]),
  )('separate the words of a name in every citation format as a plain space does (%s)', (_, space) => {
    for (const shape of shapes) {
      const written = citable([shape(space), 'Alan Turing']);
      const plain = citable([shape(' '), 'Alan Turing']);
      expect(cslName(shape(space))).toEqual(cslName(shape(' ')));
      expect(citationFormats(written)).toEqual(citationFormats(plain));
      expect(bibtex(written)).toBe(bibtex(plain));
    }
  });

  it('splits a name written with a no-break space into its family and given names', () => {
    expect(cslName('Howe\u00a0Tissue')).toEqual({ given: 'Howe', family: 'Tissue' });
    const formats = citationFormats(citable(['Howe\u00a0Tissue']));
    expect(formats.ris).toContain('AU  - Tissue, Howe\n');
    expect(formats.apa.startsWith('Tissue, H. (2024).')).toBe(true);
    expect(bibtex(citable(['Howe\u00a0Tissue']))).toContain('author = {Howe Tissue}');
  });
});

describe('cslName', () => {
  it('never throws, and keeps every name it cannot split whole, as a literal name', () => {
    // @citation-js/name throws on these (a suffix alone, nothing but white space, a name of one line break).
    for (const name of [
      'II',
      'III',
      'Jr',
      ',',
      ', ',
      ' ',
      '',
      '\u3000',
      'Howe\tTissue',
      'Howe\nTissue',
      'Ada\rER  - ',
    ]) {
      expect(() => cslName(name), JSON.stringify(name)).not.toThrow();
    }
    expect(cslName('II')).toEqual({ literal: 'II' });
    expect(cslName('Howe\tTissue')).toEqual({ given: 'Howe', family: 'Tissue' });
  });

  it('never throws on generated names of letters, punctuation and every kind of white space', () => {
    const pieces = [
      'Ada',
      'II',
      'Jr.',
      'van',
      'de la',
      ',',
      '.',
      '-',
      "'",
      '&',
      '$',
      '\\',
      '{',
      '}',
      ...SPACE_SEPARATORS,
      '\t',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let run = 0; run < 3000; run += 1) {
      const name = Array.from({ length: 1 + (next() % 6) }, () => pieces[next() % pieces.length]).join('');
      expect(() => cslItem(citable([name])), JSON.stringify(name)).not.toThrow();
    }
  });
});

describe('the schema-accepted extremes', () => {
  const longWords = (length: number) =>
    'word '
      .repeat(Math.ceil(length / 5))
      .slice(0, length)
      .trim();
  const extremes: [string, Record<string, unknown>][] = [
    ['no optional field', {}],
    ['empty lists', { authors: [], categories: [], code: [], links: [] }],
    [
      'names that are a suffix, punctuation or BibTeX syntax',
      { authors: ['II', ',', 'Jr.', '-', "'", 'and', 'others', '{', '}', '\\', '$', '%', '&', '~'] },
    ],
    ['a one-letter title', { title: 'x' }],
    ['a title that is only math', { title: '$x^2$' }],
    ['the longest title, in words', { title: longWords(MAX_TITLE_CHARS) }],
    ['the longest title, one word', { title: 'x'.repeat(MAX_TITLE_CHARS) }],
    ['a very long author name', { authors: [longWords(20_000)] }],
    ['a very long one-word author name', { authors: ['x'.repeat(20_000)] }],
    ['a thousand authors', { authors: Array.from({ length: 1000 }, (_, n) => `Author Number${n}`) }],
    [
      'the longest journal and comments',
      { journal: longWords(MAX_JOURNAL_CHARS), comments: longWords(MAX_COMMENTS_CHARS) },
    ],
    ['a DOI and no arXiv id', { arxiv: undefined, doi: '10.1000/xyz' }],
    ['no identifier at all', { arxiv: undefined }],
    ['every date', { published: '1900-01-01', updated: '2999-12-31' }],
    ['an unknown arXiv category', { categories: ['zz.ZZ'] }],
    ['an old-style arXiv id', { arxiv: 'hep-th/9901001', categories: ['hep-th'] }],
    [
      'Unicode spaces in the title and journal',
      { title: `A${SPACE_SEPARATORS.join('B')}C`, journal: `J${SPACE_SEPARATORS.join('')}1` },
    ],
  ];

  it.each(extremes)('render on a paper page without throwing: %s', (_, data) => {
    const paper = sitePaper(data);
    expect(() => renderPaperPage(paper)).not.toThrow();
  });
});
