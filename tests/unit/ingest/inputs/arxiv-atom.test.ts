import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pagingGaps, parseArxivAtom, type AtomEntry } from '../../../../src/lib/ingest/inputs/arxiv-atom.ts';
import { InputFileError } from '../../../../src/lib/ingest/inputs/raw-paper.ts';

const SOURCES = 'tests/fixtures/sources';
const read = (name: string) => readFileSync(`${SOURCES}/${name}`, 'utf8');
const metadata = (name: string) => readFileSync(`tests/fixtures/metadata/arxiv/${name}`, 'utf8');

function problemOf(run: () => unknown): InputFileError['problem'] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputFileError) return error.problem;
    throw error;
  }
  throw new Error('expected an InputFileError');
}

describe('parseArxivAtom', () => {
  it('reads the documented feed: versioned ids, folded titles, unwrapped summaries, authors with affiliations, categories', () => {
    const { papers, problems, page } = parseArxivAtom(read('2025-02-01-arxiv-page-1.xml'), 'page-1.xml');
    expect(problems).toEqual([]);
    expect(papers).toHaveLength(2);
    const [pfn, prior] = papers as [AtomEntry, AtomEntry];
    expect(pfn).toMatchObject({
      title: 'Transformers Can Do Bayesian Inference',
      file: 'page-1.xml',
      line: 10,
      arxiv: '2112.10510',
      version: 7,
      published: '2021-12-20',
      authors: ['Samuel Müller', 'Noah Hollmann', 'Sebastian Pineda', 'Josif Grabocka', 'Frank Hutter'],
      categories: ['cs.LG', 'stat.ML'],
      comment: 'Published at ICLR 2022. Code: https://github.com/automl/TransformersCanDoBayesianInference',
      links: ['https://github.com/automl/TransformersCanDoBayesianInference'],
    });
    expect(pfn.affiliations?.[1]).toEqual({
      name: 'Noah Hollmann',
      affiliations: ['Charité Berlin', 'University of Freiburg'],
    });
    // Hard-wrapped lines become one paragraph; no line break or double space is left.
    expect(pfn.abstract).toMatch(
      /^Currently, it is hard to reap the benefits of deep learning for Bayesian methods, which/,
    );
    expect(pfn.abstract).not.toMatch(/\n|\s{2}/);
    expect(prior).toMatchObject({ arxiv: '1709.08568', line: 62, authors: ['Yoshua Bengio'] });
    expect(page).toMatchObject({ totalResults: 3, startIndex: 0, itemsPerPage: 2, entries: 2 });
  });

  it('reads arxiv:doi, arxiv:journal_ref and the primary category first, in the current API format', () => {
    const { papers } = parseArxivAtom(metadata('id-2106.10165.xml'), 'r.xml');
    expect(papers[0]).toMatchObject({
      title: 'The Principles of Deep Learning Theory',
      arxiv: '2106.10165',
      doi: '10.1017/9781009023405',
      journal: 'Cambridge University Press (2022)',
      categories: ['cs.LG', 'hep-th', 'stat.ML'],
      authors: ['Daniel A. Roberts', 'Sho Yaida', 'Boris Hanin'],
    });
    const title = parseArxivAtom(metadata('id-2408.11029.xml'), 'r.xml').papers[0];
    expect(title?.title).toBe('Scaling Law with Learning Rate Annealing');
  });

  it('decodes entities once and keeps markup in text as text, for the repair to escape', () => {
    const [paper] = parseArxivAtom(metadata('id-2501.00666.xml'), 'r.xml').papers;
    expect(paper?.abstract).toContain('<script>alert(1)</script>');
    expect(paper?.authors).toEqual(['Mallory <script>alert(1)</script> Example']);
    // Only http(s) URLs of the comment become links; "not a category!" is no category.
    expect(paper?.links).toEqual(['https://github.com/example/hostile-attention']);
    expect(paper?.categories).toEqual(['cs.LG']);
  });

  it('decodes numeric character references as XML does, in every field and attribute, and only once', () => {
    const feed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link rel="self" href="http://export.arxiv.org/api/query?search_query=caf&#233;&amp;start=0"/>
  <entry>
    <id>http://arxiv.org/abs/2404.00031v1</id>
    <title>Caf&#233; Models &#x1F600; &amp;#233; stays</title>
    <summary>We study caf&#xe9; models &lt;b&gt; and <![CDATA[a &amp; b]]>.</summary>
    <author><name>Ren&#xE9; Descartes</name><arxiv:affiliation>Universit&#233; Paris</arxiv:affiliation></author>
    <arxiv:comment>Caf&#233; code: https://github.com/example/caf&#x65;</arxiv:comment>
    <arxiv:journal_ref>Journ&#233;e 2024</arxiv:journal_ref>
    <arxiv:primary_category term="cs.&#x4C;G"/>
  </entry>
</feed>`;
    const { papers, problems, page } = parseArxivAtom(feed, 'f.xml');
    expect(problems).toEqual([]);
    expect(papers[0]).toMatchObject({
      title: 'Café Models 😀 &#233; stays',
      abstract: 'We study café models <b> and a &amp; b.',
      authors: ['René Descartes'],
      affiliations: [{ name: 'René Descartes', affiliations: ['Université Paris'] }],
      comments: 'Café code: https://github.com/example/cafe',
      links: ['https://github.com/example/cafe'],
      journal: 'Journée 2024',
      categories: ['cs.LG'],
    });
    expect(page.query).toBe('search_query=caf%C3%A9');
  });

  it('refuses a reference XML does not define, or to a character XML does not allow, with its place', () => {
    const entry = (title: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom">\n  <entry>\n    <id>http://arxiv.org/abs/2404.00031v1</id>\n    <title>${title}</title>\n  </entry>\n</feed>`;
    for (const reference of ['&nbsp;', '&eacute;', '&#0;', '&#xD800;', '&#x110000;', '&#1;']) {
      const problem = problemOf(() => parseArxivAtom(entry(`Caf${reference} Models`), 'f.xml'));
      expect(problem, reference).toMatchObject({ file: 'f.xml', line: 4, column: 15 });
      expect(problem.message, reference).toContain(`"${reference}"`);
    }
    // Inside a comment or a CDATA section a reference is just text.
    expect(parseArxivAtom(entry('<!-- &nbsp; -->A <![CDATA[&eacute;]]>'), 'f.xml').problems[0]?.title).toBe(
      'A &eacute;',
    );
  });

  it('reports the API error entry and an empty result', () => {
    const error = parseArxivAtom(read('2025-02-01-arxiv-error.xml'), 'e.xml');
    expect(error.papers).toEqual([]);
    expect(error.apiErrors).toEqual(['incorrect id format for 1234.12345']);
    expect(error.problems[0]).toMatchObject({
      line: 11,
      message: expect.stringMatching(/answered with an error: incorrect id format/) as string,
    });
    const empty = parseArxivAtom(metadata('empty.xml'), 'empty.xml');
    expect(empty).toMatchObject({ papers: [], problems: [], page: { totalResults: 0, entries: 0 } });
    expect(
      parseArxivAtom('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'f.xml').papers,
    ).toEqual([]);
  });

  it('reports an entry with no title (an id arXiv does not have) and a foreign entry, and reads the rest', () => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><id>http://arxiv.org/abs/2401.99999v1</id><title></title></entry>
  <entry><id>https://example.org/post/1</id><title>A blog post</title><summary>Text.</summary></entry>
  <entry><id>http://arxiv.org/abs/hep-th/9901001v1</id><title>Old  Style
     Id</title><summary>An abstract.</summary></entry>
</feed>`;
    const { papers, problems } = parseArxivAtom(feed, 'f.xml');
    expect(papers.map((paper) => [paper.arxiv, paper.title, paper.line])).toEqual([
      ['hep-th/9901001', 'Old Style Id', 4],
    ]);
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [2, 'arXiv has no paper 2401.99999 (the entry is empty): check the id'],
      [3, expect.stringMatching(/^<id>https:\/\/example.org\/post\/1<\/id> is not an arXiv abstract URL/) as string],
    ]);
  });

  it('refuses malformed XML with file:line and what to do', () => {
    const truncated = problemOf(() => parseArxivAtom(read('2025-02-01-arxiv-truncated.xml'), 'cut.xml'));
    expect(truncated).toMatchObject({ file: 'cut.xml', line: 70 });
    expect(truncated.message).toMatch(
      /ends before <summary>, <entry>, <feed> are closed: the file is cut short.*save the arXiv API response again/,
    );
    const bad = problemOf(() =>
      parseArxivAtom('<feed>\n  <entry>\n    <title>a < b</title>\n  </entry>\n</feed>', 'bad.xml'),
    );
    expect(bad).toMatchObject({ file: 'bad.xml', line: 3 });
    expect(bad.message).toMatch(/not well-formed XML/);
    const doctype = problemOf(() =>
      parseArxivAtom('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaa">]>\n<feed/>', 'bomb.xml'),
    );
    expect(doctype).toMatchObject({
      line: 2,
      message: expect.stringMatching(/<!DOCTYPE> declaration is not allowed/) as string,
    });
    expect(problemOf(() => parseArxivAtom('<rss version="2.0"></rss>', 'rss.xml')).message).toMatch(/not an Atom feed/);
  });
});

describe('pagingGaps', () => {
  const page = (file: string, startIndex: number, entries: number, totalResults = 5) => ({
    file,
    query: 'search_query=all%3Aprior',
    totalResults,
    startIndex,
    itemsPerPage: 2,
    entries,
  });

  it('is silent when the saved pages cover every result', () => {
    expect(pagingGaps([page('b', 2, 2), page('a', 0, 2), page('c', 4, 1)])).toEqual([]);
    const saved = ['2025-02-01-arxiv-page-1.xml', '2025-02-01-arxiv-page-2.xml'].map(
      (name) => parseArxivAtom(read(name), name).page,
    );
    expect(pagingGaps(saved)).toEqual([]);
  });

  it('names the results no saved page holds and the start= that fetches them', () => {
    expect(pagingGaps([page('a', 0, 2), page('c', 4, 1)]).map((warning) => warning.message)).toEqual([
      'results 3-4 of 5 are in no saved page: fetch them with start=2 and ingest that page too',
    ]);
    expect(pagingGaps([page('a', 0, 2)]).map((warning) => [warning.file, warning.message])).toEqual([
      ['a', 'results 3-5 of 5 are in no saved page: fetch them with start=2 and ingest those pages too'],
    ]);
  });
});
