import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../../src/lib/ingest/inputs/arxiv-atom.ts';
import type { CitablePaper } from '../../../src/lib/site/citation.ts';
import {
  apaFromCsl,
  citationFormats,
  cslItem,
  cslName,
  risInput,
  risText,
} from '../../../src/lib/site/citation-formats.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';

/** Each format as a paper page shows it. */
const apaReference = (paper: CitablePaper) => citationFormats(paper).apa;
const ris = (paper: CitablePaper) => citationFormats(paper).ris;
const cslJson = (paper: CitablePaper) => citationFormats(paper).cslJson;

const URL_BASE = 'https://example.github.io/papers/';
const day = (text: string) => new Date(`${text}T00:00:00Z`);

/** The seed archive as it is, and the same papers with what arXiv knows about them (the fixtures). */
const seed: CitablePaper[] = readdirSync('content/papers').map((name) => {
  const { data } = parsePaperFile(readFileSync(join('content/papers', name), 'utf8'));
  const slug = name.replace(/\.md$/, '');
  return { slug, title: String(data['title']), added: data['added'] as Date, url: `${URL_BASE}${slug}/` };
});
const fromArxiv: CitablePaper[] = readdirSync('tests/fixtures/metadata/arxiv')
  // The hostile record is tested on its own below: citeproc-js reads HTML in a name as markup.
  .filter((name) => name.startsWith('id-') && !name.startsWith('id-2501.00666'))
  .flatMap((name) => parseArxivAtom(readFileSync(join('tests/fixtures/metadata/arxiv', name), 'utf8'), name).papers)
  .map((paper) => ({
    slug: paper.arxiv ?? 'x',
    title: paper.title,
    authors: paper.authors,
    arxiv: paper.arxiv,
    doi: paper.doi,
    journal: paper.journal,
    published: paper.published === undefined ? undefined : day(paper.published),
    added: day('2025-03-14'),
    url: `${URL_BASE}x/`,
  }));
const base = {
  slug: 'x',
  title: 'Scaling Law with Learning Rate Annealing',
  added: day('2025-03-14'),
  url: `${URL_BASE}x/`,
};
const edgeCases: CitablePaper[] = [
  { ...base, authors: ['Anna van der Berg', 'Jean-Pierre Le Goff', 'John Smith Jr.'], arxiv: '2408.11029' },
  { ...base, authors: ['Édouard Lucas', 'Ólafur Ragnar', 'Li Fei-Fei'], published: day('2021-02-03') },
  {
    ...base,
    authors: ['OpenAI'],
    journal: 'Nature 521, 436-444',
    doi: '10.1038/nature14539',
    published: day('2015-05-27'),
  },
  { ...base, authors: Array.from({ length: 20 }, (_, i) => `Ada${i} Lovelace${i}`), arxiv: '2001.08361' },
  { ...base, authors: Array.from({ length: 21 }, (_, i) => `Ada${i} Lovelace${i}`), arxiv: '2001.08361' },
  { ...base, title: 'What is in a $\\alpha$-Prior?', arxiv: '1901.00001' },
  { ...base, title: 'Is it a prior?', authors: ['Grace Hopper'] },
  { ...base, authors: ['Alan Turing', 'Claude Shannon'], doi: '10.1234/abc' },
  { ...base },
];

/** citeproc-js's APA, through Citation.js: the reference implementation our formatter must match. */
function citeprocApa(paper: CitablePaper): string {
  return new Cite(cslItem(paper)).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
}

describe('APA references', { timeout: 60_000 }, () => {
  it.each([
    ['the seed archive', seed],
    ['the papers as arXiv describes them', fromArxiv],
    ['names with particles, suffixes, accents; 20 and 21 authors; no authors; no date; a journal', edgeCases],
  ])('match citeproc-js character for character: %s', (_name, papers) => {
    expect(papers.length).toBeGreaterThan(5);
    for (const paper of papers) expect(apaReference(paper), paper.title).toBe(citeprocApa(paper));
  });

  it('reads as APA 7 for a preprint and a journal article', () => {
    // citeproc-js would print "hep-Th/9901001" (it title-cases after the hyphen); the id stays as it is.
    expect(apaReference({ ...base, arxiv: 'hep-th/9901001' })).toBe(
      'Scaling Law with Learning Rate Annealing (arXiv:hep-th/9901001). (1999). arXiv. https://arxiv.org/abs/hep-th/9901001',
    );
    expect(apaReference(edgeCases[0] as CitablePaper)).toBe(
      'van der Berg, A., Goff, J.-P. L., & Smith, J., Jr. (2024). Scaling Law with Learning Rate Annealing (arXiv:2408.11029). arXiv. https://arxiv.org/abs/2408.11029',
    );
    expect(apaReference(edgeCases[2] as CitablePaper)).toBe(
      'OpenAI. (2015). Scaling Law with Learning Rate Annealing. Nature 521, 436-444. https://doi.org/10.1038/nature14539',
    );
    expect(apaFromCsl({ id: 'x', type: 'article', title: 'T', URL: 'https://example.org/' })).toBe(
      'T. (n.d.). Retrieved https://example.org/',
    );
  });
});

describe('CSL-JSON and RIS', () => {
  const paper: CitablePaper = {
    ...base,
    title: 'Scaling $\\alpha$-Laws',
    authors: ['Anna van der Berg', 'Samuel Müller'],
    arxiv: '2408.11029',
    doi: '10.48550/arXiv.2408.11029',
    published: day('2024-08-20'),
  };

  it('gives one CSL item with plain-text title, split names and the full date', () => {
    expect(JSON.parse(cslJson(paper))).toEqual([
      {
        id: 'berg2024scaling',
        type: 'article',
        title: 'Scaling α-Laws',
        URL: 'https://arxiv.org/abs/2408.11029',
        author: [
          { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' },
          { given: 'Samuel', family: 'Müller' },
        ],
        issued: { 'date-parts': [[2024, 8, 20]] },
        number: 'arXiv:2408.11029',
        publisher: 'arXiv',
        DOI: '10.48550/arXiv.2408.11029',
      },
    ]);
    expect(cslName('Grace Hopper III')).toEqual({ given: 'Grace', family: 'Hopper', suffix: 'III' });
  });

  it('writes RIS that a reference manager reads back as the same paper', () => {
    const text = ris(paper);
    expect(text).toMatch(/^TY {2}- /);
    expect(text).toContain('AU  - van der Berg, Anna\n');
    expect(text).toMatch(/\nER {2}- \n$/);
    // Every line is one tag: a long title or URL is never wrapped.
    const long = ris({ ...paper, title: 'A very long title '.repeat(10).trim(), arxiv: undefined, doi: undefined });
    expect(long.split('\n').filter((line) => line !== '' && !/^[A-Z][A-Z0-9] {2}- /.test(line))).toEqual([]);
    expect(long).toContain(`TI  - ${'A very long title '.repeat(10).trim()}\n`);
    const [read] = new Cite(text).data as { title: string; author: { family: string }[]; DOI: string }[];
    expect(read).toMatchObject({ title: 'Scaling α-Laws', DOI: '10.48550/arXiv.2408.11029' });
    expect(read?.author.map((author) => author.family)).toEqual(['van der Berg', 'Müller']);
  });

  it("writes the RIS that Citation.js's own `Cite#format` writes, for every kind of paper", () => {
    /** The record through `new Cite(item).format('ris')`, the call `ris` skips. */
    const throughCite = (one: CitablePaper): string => {
      const entries = new Cite(risInput(cslItem(one))).format('ris', { format: 'object' }) as unknown;
      return risText((entries as Record<string, unknown>[])[0]);
    };
    const papers = [...seed, ...fromArxiv, ...edgeCases, paper];
    expect(papers.length).toBeGreaterThan(60);
    for (const one of papers) expect(ris(one), one.title).toBe(throughCite(one));
  });

  it('keeps hostile text as data: nothing in it is markup or a link', () => {
    const hostile: CitablePaper = {
      ...base,
      title: 'A <script>alert(1)</script> title',
      authors: ['Eve <img src=x onerror=alert(1)>'],
    };
    expect(JSON.parse(cslJson(hostile))[0].title).toBe('A <script>alert(1)</script> title');
    expect(ris(hostile)).toContain('TI  - A <script>alert(1)</script> title\n');
    // The page shows these as text; Astro escapes them.
    expect(apaReference(hostile)).toContain('A <script>alert(1)</script> title');
  });
});
