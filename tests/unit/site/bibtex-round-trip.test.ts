/**
 * Every `.bib` entry the site writes is one entry, by BibTeX's own brace rule and by a real
 * BibTeX parser, and reads back as the paper's own values: for hostile titles and authors, for
 * random strings of every character BibTeX or LaTeX treats specially, and for every paper of the
 * seed archive and the fixture archives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { bibtex, type CitablePaper } from '../../../src/lib/site/citation.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { bibtexRoundTrip, bibtexStructureProblems, expectedBibtexFields } from '../../helpers/bibtex.ts';

const base: CitablePaper = {
  slug: 'a-paper',
  title: 'A Paper',
  authors: ['Ada Lovelace'],
  added: new Date('2025-03-14T00:00:00Z'),
  url: 'https://papers.example.org/papers/a-paper/',
};

/** Asserts the round trip for one paper, naming it in every failure. */
function expectRoundTrip(paper: CitablePaper, name = paper.title): void {
  const text = bibtex(paper);
  const { problems, read } = bibtexRoundTrip(text);
  expect(problems, `${name}\n${text}`).toEqual([]);
  expect(read, `${name}\n${text}`).toEqual([expectedBibtexFields(paper)]);
}

describe('the .bib round trip, for hostile values', () => {
  const ATTACK = '10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={';

  it.each([
    ['the DOI attack of issue 9, as a title', `Widgets ${ATTACK}`],
    ['closing braces and a new entry', 'Title}}, note = {x}}\n@misc{pwn, title={owned}'],
    ['an opening brace left open', 'An {unbalanced title'],
    ['escaped braces, which BibTeX counts all the same', 'a \\} b \\{ c \\}\\}'],
    ['TeX commands in prose', '\\gdef\\x{y}\\input{/etc/passwd} \\write18{rm -rf /} \\catcode`\\@=11'],
    ['every special', 'a # b $ c % d & e ~ f _ g ^ h \\ i { j } k < l > m | n " o \' p ` q @ r'],
    ['ligatures TeX fonts would make', "Encoder--decoder --- ``quoted'' ,,low?` !`"],
    ['a comment sign that would hide the rest of the line', 'Half 50% of it}} @misc{x,'],
    ['math kept as TeX, next to hostile prose', 'The $\\alpha^{2}$ law } of $\\mathcal{O}(n)$ @x'],
    ['math whose braces BibTeX would count wrong', 'Odd $a\\}b$ and $\\}x\\{$ math'],
    ['a literal dollar', 'Costs \\$5 and $x$'],
  ])('a title with %s', (_, title) => {
    expectRoundTrip({ ...base, title });
  });

  it.each([
    ['braces and an entry', ['A. B}}@misc{x,', 'Jürgen {von} Müller']],
    ['unbalanced braces', ['Open { Brace', 'Close } Brace', '}}}', '{{{']],
    ['backslashes and specials', ['Back\\slash 100% #1 $x$ a_b', 'Tom & Jerry ~ ^']],
    ['quotes', ['Mallory "Bobby" Tables', "O'Neil, Jr."]],
    ['the word "and" and "others"', ['Tom and Jerry', 'others', 'AND Corp']],
    ['commas BibTeX reads as name parts', ['Smith, John', 'Smith, Jr., John', 'a, b, c, d', ',x', 'x,']],
    ['prefixes', ['Ludwig van Beethoven', 'van Beethoven, Ludwig']],
    [
      'generational suffixes',
      ['Martin Luther King Jr.', 'John Smith, Jr.', 'Henry Ford II', 'Ludwig van Beethoven Sr.', 'Gates, Bill, III'],
    ],
    ['organizations', ['The ATLAS Collaboration', 'Tom and Jerry Inc.', 'A } Team', 'Smith, Group, X, Y']],
  ])('authors with %s', (_, authors) => {
    expectRoundTrip({ ...base, authors });
  });

  it('writes the identifiers of every kind verbatim, and refuses to write one that is not valid', () => {
    expectRoundTrip({ ...base, arxiv: 'hep-th/9901001', doi: '10.1103/PhysRevD.76.013009' });
    expectRoundTrip({ ...base, doi: '10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H' });
    expect(() => bibtex({ ...base, doi: ATTACK })).toThrow(/Refusing to write the BibTeX field doi/);
    expect(() => bibtex({ ...base, arxiv: '2401.01234}}@misc{x,' })).toThrow(/field eprint/);
    expect(() => bibtex({ ...base, url: 'https://a.org/}@misc{x,' })).toThrow(/field url/);
  });

  it('stays one entry whatever the title and authors hold (1,000 random papers made of specials)', () => {
    const random = seededRandom(9);
    const alphabet = [...'{}\\@%#$&~^_"\'`,<>|-?! aAz09é'];
    const pick = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? 'a').join('');
    for (let run = 0; run < 1000; run += 1) {
      const paper = { ...base, title: `T ${pick(1 + Math.floor(random() * 30))}`, authors: [pick(12), pick(5)] };
      const text = bibtex(paper);
      // By BibTeX's brace rule, the entry is whole whatever the values, math or not.
      expect(bibtexStructureProblems(text), text).toEqual([]);
      // The parser reads back exactly the values wherever no formula is involved.
      if (!paper.title.includes('$')) expectRoundTrip(paper, JSON.stringify(paper));
    }
  });

  it('catches a breakout the lenient parser alone would forgive', () => {
    // BibTeX ends the field at "\}"; the parser reads on. The structure check sides with BibTeX.
    const broken = '@misc{k,\n  title = {{a \\} b}},\n  url = {https://a.org/}\n}\n';
    expect(bibtexStructureProblems(broken)).toEqual([
      expect.stringMatching(/field title ends at column 9, before its line does/),
    ]);
  });
});

describe('the .bib round trip, for every paper of the archives', () => {
  const archives = ['content', 'tests/fixtures/site/basic/content', 'tests/fixtures/hostile/accepted'];
  it.each(archives)('%s', (dir) => {
    const schema = paperSchemaFor(loadTopics(join(dir, 'topics.yaml')).map((topic) => topic.id));
    const files = readdirSync(join(dir, 'papers')).filter((file) => file.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { data: raw } = parsePaperFile(readFileSync(join(dir, 'papers', file), 'utf8'));
      const data = schema.parse(raw);
      const slug = file.replace(/\.md$/, '');
      expectRoundTrip(
        {
          slug,
          title: data.title,
          authors: data.authors,
          arxiv: data.arxiv,
          doi: data.doi,
          published: data.published,
          added: data.added,
          url: `https://papers.example.org/papers/${slug}/`,
        },
        file,
      );
    }
  });
});
