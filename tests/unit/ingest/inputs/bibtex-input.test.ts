import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBibtex } from '../../../../src/lib/ingest/inputs/bibtex-input.ts';

const LIBRARY = readFileSync('tests/fixtures/sources/2025-02-01-library.bib', 'utf8');

describe('parseBibtex', () => {
  const { papers, problems, warnings } = parseBibtex(LIBRARY, 'library.bib');
  const byKey = (title: RegExp) => papers.find((paper) => title.test(paper.title));

  it('reads eprint/archivePrefix/primaryClass, @string macros, braces and accents in names', () => {
    expect(byKey(/Bayesian Inference/)).toEqual({
      title: 'Transformers Can Do Bayesian Inference',
      abstract: expect.stringMatching(/^Currently, it is hard to reap the benefits.*\(PFNs\)\.$/) as string,
      file: 'library.bib',
      line: 8,
      authors: ['Samuel Müller', 'Noah Hollmann', 'Sebastian Pineda Arango', 'Josif Grabocka', 'Frank Hutter'],
      arxiv: '2112.10510',
      categories: ['cs.LG'],
      journal: 'International Conference on Learning Representations',
      links: ['https://openreview.net/forum?id=KSugKcbNf9'],
      doi: undefined,
      published: undefined,
    });
  });

  it("keeps an old-style eprint's subject class as the category when the entry gives none", () => {
    const entry = (fields: string) =>
      parseBibtex(
        `@article{k,\n  title = {Lefschetz Pencils and Divisors in Moduli Space},\n  abstract = {We study pencils.},\n${fields}}\n`,
        'old.bib',
      ).papers[0];
    expect(entry('  eprint = {math.SG/0011221},\n')).toMatchObject({ arxiv: 'math/0011221', categories: ['math.SG'] });
    expect(entry('  eprint = {math.SG/0011221},\n  primaryClass = {math.AG},\n')).toMatchObject({
      arxiv: 'math/0011221',
      categories: ['math.AG'],
    });
    expect(entry('  eprint = {math/0011221},\n')?.categories).toBeUndefined();
  });

  it('turns LaTeX into Unicode but keeps math as $...$ TeX, paragraphs, and literal < and >', () => {
    const paper = byKey(/Divergences/);
    expect(paper?.title).toBe("Entropy–Regularized $\\alpha$-Divergences for Études in Señor Gödel's Networks");
    expect(paper?.authors).toEqual(['María González', 'Bjørn Ørsted', 'The BigScience Workshop']);
    expect(paper?.abstract).toBe(
      'We study $\\alpha$-divergences with $D_\\alpha(p \\| q) \\leq \\frac{1}{\\alpha}$ for networks whose weights satisfy $\\|W\\|_2 < 1$ and $x > 0$, at 50% of the cost of exact inference.\n\n' +
        'A second paragraph mentions entropy and code at https://github.com/example/etudes.',
    );
    // A DOI given as a URL is stored bare; a full date is the paper's date; a journal macro is expanded.
    expect(paper).toMatchObject({
      doi: '10.5555/JMLR.2024.0042',
      published: '2024-03-15',
      journal: 'Journal of Machine Learning Research',
      line: 20,
    });
  });

  it('reports an entry without an abstract and a broken entry with their lines, and reads the rest', () => {
    expect(papers).toHaveLength(3);
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [
        33,
        expect.stringMatching(
          /^entry "kaplan2020scaling" has no abstract: add abstract = \{\.\.\.\}.*never invents one/,
        ) as string,
      ],
      [
        40,
        expect.stringMatching(
          /^entry "broken2023" cannot be read \(Unterminated brace-value.*check its braces, quotes and commas/,
        ) as string,
      ],
    ]);
  });

  it('keeps hostile text as text (the repair escapes it), drops javascript: links and reports unknown commands', () => {
    const paper = byKey(/Hostile/);
    expect(paper?.title).toBe('Hostile <script>alert(1)</script> Bold Titles in Graph Learning');
    expect(paper?.abstract).toBe(
      'Graph neural networks with <img src=x onerror=alert(1)> and a link, [click](javascript:alert(3)), and an argument in graph learning.',
    );
    expect(paper?.abstract).not.toMatch(/href|<a\b/);
    expect(warnings.map((warning) => [warning.line, warning.message])).toEqual([
      [46, expect.stringMatching(/unknown TeX command \\unknowncommand dropped/) as string],
    ]);
  });

  it('finds the arXiv id in an arXiv DOI, an arxiv.org URL or a "journal = arXiv preprint" field', () => {
    const entry = (fields: string) =>
      parseBibtex(`@article{k, title = {T}, abstract = {A.}, ${fields}}`, 'x.bib').papers[0];
    expect(entry('doi = {10.48550/arXiv.2401.01234}')?.arxiv).toBe('2401.01234');
    expect(entry('url = {https://arxiv.org/abs/2401.01234v3}')).toMatchObject({
      arxiv: '2401.01234',
      links: undefined,
    });
    expect(entry('journal = {arXiv preprint arXiv:2001.08361}')).toMatchObject({
      arxiv: '2001.08361',
      journal: undefined,
    });
    expect(entry('eprint = {2401.01234}, archivePrefix = {PubMed}')?.arxiv).toBeUndefined();
    // A year alone is not a day: nothing is invented.
    expect(entry('year = {2024}, month = mar')?.published).toBeUndefined();
    expect(entry('url = {javascript:alert(1)}')?.links).toBeUndefined();
  });

  it('reads an empty library as no papers and no problems', () => {
    expect(parseBibtex('% nothing here\n', 'empty.bib')).toEqual({ papers: [], problems: [], warnings: [] });
  });
});

describe('control characters in an entry', () => {
  it('skip the entry, naming the field and the place, while the others go in', () => {
    const library = [
      '@article{bell, title = {A Bell\u0007 in the Title}, abstract = {Fine.}, eprint = {2401.00001}, archivePrefix = {arXiv}}',
      '@article{fine, title = {A Clean Title}, abstract = {Fine too.}, eprint = {2401.00002}, archivePrefix = {arXiv}}',
    ].join('\n\n');
    const { papers, problems } = parseBibtex(library, 'bells.bib');
    expect(papers.map((paper) => paper.title)).toEqual(['A Clean Title']);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'bells.bib',
        line: 1,
        message: expect.stringMatching(
          /control character U\+0007 in the title \(at character 7\): remove it$/,
        ) as string,
      }),
    ]);
  });
});

describe('text set aside before parsing (math, < and >)', () => {
  // Every construct the reader sets aside, in every field it reads, in entry keys and in a broken entry.
  const constructs = ['<john@example.org>', '$\\alpha$', '$$x^2$$', '\\(y_1\\)', 'a < b', 'c > d'];
  const fields = [
    'title',
    'abstract',
    'author',
    'journal',
    'booktitle',
    'journaltitle',
    'doi',
    'eprint',
    'primaryClass',
    'url',
    'date',
    'archivePrefix',
    'note',
  ];
  const everything = (parsed: unknown) => JSON.stringify(parsed);

  it.each(constructs)('never reach any output: %s', (construct) => {
    for (const field of fields) {
      const entry = `@article{key${construct.replace(/[{}$\\]/g, '')},
  title = {A Title},
  abstract = {An abstract.},
  ${field} = {Value ${construct} here},
}
@article{broken ${construct}, title = {Broken ${construct}
`;
      const parsed = parseBibtex(entry, 'x.bib');
      expect(everything(parsed), `${field} = {... ${construct} ...}`).not.toMatch(/QQBIBSETASIDE/);
      expect(parsed.papers.length + parsed.problems.length, field).toBeGreaterThan(0);
    }
  });

  it('cannot be confused with text that looks like a placeholder', () => {
    const { papers } = parseBibtex(
      '@article{k, title = {QQBIBSETASIDE0X and $x$}, abstract = {A < b.}, author = {Doe, Jane}}',
      'x.bib',
    );
    expect(papers[0]).toMatchObject({ title: 'QQBIBSETASIDE0X and $x$', abstract: 'A < b.' });
  });

  it('are put back in author names: math stays as TeX, an e-mail address is dropped and reported', () => {
    const { papers, warnings } = parseBibtex(
      [
        '@article{smith2024,',
        '  title = {Angle Brackets in Author Names},',
        '  author = {Smith, John <john@example.org> and Gauss, Carl $\\alpha$ and Lovelace, Ada},',
        '  abstract = {We study how a language model behaves on scraped web data.},',
        '}',
      ].join('\n'),
      'authors.bib',
    );
    expect(papers[0]?.authors).toEqual(['John Smith', 'Carl $\\alpha$ Gauss', 'Ada Lovelace']);
    expect(warnings).toEqual([
      expect.objectContaining({
        line: 1,
        message:
          'entry "smith2024": the e-mail address <john@example.org> was dropped from the author "John Smith" (an author is a name; the address is not kept)',
      }),
    ]);
  });
});

describe('text outside the entries', () => {
  const abstract =
    'We study how a language model behaves when its training data is scraped from the web, and we measure the effect on downstream accuracy.';

  it('is reported with its line when it holds more than a header: BibTeX reads only entries', () => {
    const page = [
      '@misc{cite2024, title={Cited Here}, abstract={An abstract.}}',
      '',
      'Scaling Graph Neural Networks to Billions of Edges',
      '',
      abstract,
      '',
      '@string{jmlr = {Journal of Machine Learning Research}}',
    ].join('\n');
    const { papers, warnings } = parseBibtex(page, 'page.txt');
    expect(papers.map((paper) => paper.title)).toEqual(['Cited Here']);
    expect(warnings).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(
          /^text outside any entry was not read \("Scaling Graph Neural Networks.*"\): BibTeX reads only @entries; if it is a paper, write it as an entry, or save a scraped page as a \.txt file that does not start with an entry$/,
        ) as string,
      }),
    ]);
  });

  it('is not reported for comments, @string, @comment and @preamble blocks, or a short header', () => {
    const library = [
      'This file was created with JabRef 2.10.',
      'Encoding: UTF8',
      '',
      '% a comment line that is long enough to be reported if comments were not skipped at all',
      '@preamble{"\\newcommand{\\noop}[1]{} and some more text to make it long enough to count"}',
      '@string{jmlr = {Journal of Machine Learning Research, a long macro value to make it count}}',
      `@article{k, title={A Title}, abstract={${abstract}}}`,
      '@comment{jabref-meta: databaseType:bibtex; and a long comment body that goes on and on;}',
    ].join('\n');
    const { papers, warnings } = parseBibtex(library, 'library.bib');
    expect(papers).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});

describe('parseBibtex: conventions of exported libraries', () => {
  const one = (fields: string) =>
    parseBibtex(
      `@article{k,\n  abstract = {We study a problem and solve it with a new method that works.},\n${fields}}\n`,
      'lib.bib',
    );

  it('reads "and others" as "et al.", not as an author named "others", and says so', () => {
    const { papers, warnings } = one(
      '  title = {A Paper},\n  author = {M{\\"u}ller, J{\\"o}rg and Smith, Ann and others},\n',
    );
    expect(papers[0]?.authors).toEqual(['Jörg Müller', 'Ann Smith']);
    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('"and others"') as string]);
    expect(warnings[0]).toMatchObject({ file: 'lib.bib', line: 1 });
    // An author whose name merely contains the word, or a braced organisation, stays.
    expect(one('  title = {A Paper},\n  author = {{Others Inc.} and Otherson, Bo},\n').papers[0]?.authors).toEqual([
      'Others Inc.',
      'Bo Otherson',
    ]);
  });

  it('keeps citations and references as TeX, which the repair shows as [key] as it does for every format', () => {
    const { papers, warnings } = parseBibtex(
      '@article{k,\n  title = {Hard Negatives},\n  abstract = {Hard negatives help \\cite{schroff2015,oh2016}, as in~\\citep[p.~3]{chen2020}; see Section~\\ref{sec:exp} and \\eqref{eq:loss}.},\n}\n',
      'lib.bib',
    );
    expect(papers[0]?.abstract).toBe(
      'Hard negatives help \\cite{schroff2015,oh2016}, as in \\citep[p.~3]{chen2020}; see Section \\ref{sec:exp} and \\eqref{eq:loss}.',
    );
    expect(warnings).toEqual([]);
  });

  it('reads a % inside a field as a percent sign, as BibTeX does, not as a comment that cuts the field', () => {
    const { papers, warnings } = parseBibtex(
      [
        '% A comment line before the entry, with a 100% sign',
        '@article{k,',
        '  title = {A 50% Faster Optimizer},',
        '  note = "up to 3% better",',
        '  abstract = {Our optimizer is 50% faster than Adam, and 5\\% more accurate',
        '    on every benchmark we tried; we explain why in detail.},',
        '}',
        '% a trailing comment: 20%',
        '',
      ].join('\n'),
      'lib.bib',
    );
    expect(papers.map((paper) => [paper.title, paper.abstract, paper.line])).toEqual([
      [
        'A 50% Faster Optimizer',
        'Our optimizer is 50% faster than Adam, and 5% more accurate on every benchmark we tried; we explain why in detail.',
        2,
      ],
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps the space of a control space and the text of the TeX logos', () => {
    const { papers, warnings } = one(
      '  title = {The {\\TeX}book and \\LaTeX\\ and \\LaTeXe{} with {\\BibTeX}, \\XeTeX{} et al.\\ today},\n',
    );
    expect(papers[0]?.title).toBe('The TeXbook and LaTeX and LaTeX2e with BibTeX, XeTeX et al. today');
    expect(warnings).toEqual([]);
  });
});
