import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { parseArxivAtom } from '../../../src/lib/ingest/inputs/arxiv-atom.ts';
import type { CitablePaper } from '../../../src/lib/site/citation.ts';
import {
  apaFromCsl,
  citationFormats,
  cslItem,
  cslName,
  risFromCsl,
  type CslItem,
  type CslName,
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
  // Names written family name first, as Japanese, Chinese and Korean names are.
  {
    ...base,
    authors: ['山田 太郎', '王 小明', '김 민준', 'さとう ひろし', 'タナカ ケンジ', '欧阳 娜 娜', '鈴木\u3000一郎'],
    arxiv: '2408.11029',
  },
  // Organizations, and generational suffixes after a comma.
  {
    ...base,
    authors: ['The ATLAS Collaboration', 'Gemini Team', 'John Smith, Jr.', 'Henry Ford II'],
    arxiv: '1207.7214',
  },
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

  it('keeps the first word as the family name of a name written in Han, Hiragana, Katakana or Hangul', () => {
    expect(cslName('山田 太郎')).toEqual({ family: '山田', given: '太郎' });
    expect(cslName('王 小明')).toEqual({ family: '王', given: '小明' });
    expect(cslName('김 민준')).toEqual({ family: '김', given: '민준' });
    expect(cslName('さとう ひろし')).toEqual({ family: 'さとう', given: 'ひろし' });
    expect(cslName('タナカ ケンジ')).toEqual({ family: 'タナカ', given: 'ケンジ' });
    expect(cslName('ヤマダー タロウ')).toEqual({ family: 'ヤマダー', given: 'タロウ' });
    expect(cslName('欧阳 娜 娜')).toEqual({ family: '欧阳', given: '娜 娜' });
    // An ideographic space, as Japanese text often separates the two.
    expect(cslName('鈴木\u3000一郎')).toEqual({ family: '鈴木', given: '一郎' });
  });

  it('reads every other name as before: Latin script, mixed scripts, a comma, one word', () => {
    expect(cslName('Li Fei-Fei')).toEqual({ given: 'Li', family: 'Fei-Fei' });
    expect(cslName('Taro 山田')).toEqual({ given: 'Taro', family: '山田' });
    expect(cslName('山田 Taro')).toEqual({ given: '山田', family: 'Taro' });
    expect(cslName('山田, 太郎')).toEqual({ family: '山田', given: '太郎' });
    expect(cslName('山田太郎')).toEqual({ family: '山田太郎' });
    expect(cslName('Иван Петров')).toEqual({ given: 'Иван', family: 'Петров' });
  });

  it('keeps an organization whole and reads a suffix after a comma as a suffix', () => {
    expect(cslName('The ATLAS Collaboration')).toEqual({ literal: 'The ATLAS Collaboration' });
    expect(cslName('Gemini Team')).toEqual({ literal: 'Gemini Team' });
    expect(cslName('Google Inc.')).toEqual({ literal: 'Google Inc.' });
    expect(cslName('John Smith, Jr.')).toEqual({ given: 'John', family: 'Smith', suffix: 'Jr.' });
    expect(cslName('Anna van der Berg, III')).toEqual({
      given: 'Anna',
      'non-dropping-particle': 'van der',
      family: 'Berg',
      suffix: 'III',
    });
    // A name whose commas no reading can place is kept as written, as the BibTeX entry keeps it.
    expect(cslName('a, b, c, d')).toEqual({ literal: 'a, b, c, d' });
    const record = ris({ ...base, authors: ['The ATLAS Collaboration', 'John Smith, Jr.'] });
    expect(record).toContain('AU  - The ATLAS Collaboration\nAU  - Smith, John, Jr.\n');
    expect(apaReference({ ...base, authors: ['The ATLAS Collaboration', 'John Smith, Jr.'] })).toMatch(
      /^The ATLAS Collaboration, & Smith, J., Jr\. \(n\.d\.\)/,
    );
  });

  it('writes a DOI whose registrant code has a sub-code whole in RIS', () => {
    expect(ris({ ...base, doi: '10.1000.10/abc_(def);ghi' })).toContain('\nDO  - 10.1000.10/abc_(def);ghi\n');
    expect(ris({ ...base, doi: '10.1234/abc.' })).toContain('\nDO  - 10.1234/abc\n');
  });

  it('writes a family-first name family first in RIS, CSL-JSON and APA', () => {
    const yamada: CitablePaper = { ...paper, authors: ['山田 太郎', 'Samuel Müller'] };
    expect(ris(yamada)).toContain('AU  - 山田, 太郎\nAU  - Müller, Samuel\n');
    expect((JSON.parse(cslJson(yamada)) as CslItem[])[0]?.author).toEqual([
      { family: '山田', given: '太郎' },
      { given: 'Samuel', family: 'Müller' },
    ]);
    // As citeproc-js writes a name in these scripts: family and given name together, not initials.
    expect(apaReference(yamada)).toMatch(/^山田太郎, & Müller, S\. \(2024\)\./);
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

  /**
   * Citation.js's RIS record of the item (`new Cite(item).format('ris')`), each value on one line as
   * the site writes it. Its names are given the particles already joined to the part they go
   * with, which its own output would drop.
   */
  const citationJsRis = (item: CslItem): string => {
    const author = item.author?.map(
      ({ 'non-dropping-particle': particle, 'dropping-particle': dropping, ...name }) => ({
        ...name,
        ...(particle === undefined ? {} : { family: `${particle} ${name.family ?? ''}`.trim() }),
        ...(dropping === undefined ? {} : { given: `${name.given ?? ''} ${dropping}`.trim() }),
      }),
    );
    const input = author === undefined ? item : { ...item, author };
    const [entry] = new Cite(input).format('ris', { format: 'object' }) as unknown as Record<string, unknown>[];
    const lines = [`TY  - ${String(entry?.['TY'])}`];
    for (const [tag, value] of Object.entries(entry ?? {})) {
      if (tag === 'TY') continue;
      for (const one of [value].flat()) lines.push(`${tag}  - ${String(one).replace(/\s+/g, ' ')}`);
    }
    return `${[...lines, 'ER  - '].join('\n')}\n`;
  };

  it("writes the RIS that Citation.js's own `Cite#format` writes, for every kind of paper", () => {
    const papers = [...seed, ...fromArxiv, ...edgeCases, paper];
    expect(papers.length).toBeGreaterThan(60);
    for (const one of papers) expect(ris(one), one.title).toBe(citationJsRis(cslItem(one)));
  });

  it("writes Citation.js's RIS for generated items: every field present or not, odd names, long keys, DOIs ending in punctuation", () => {
    const next = seededRandom(20_261_206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const names: CslName[] = [
      { given: 'Ada', family: 'Lovelace' },
      { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' },
      { given: 'Ludwig', 'dropping-particle': 'van', family: 'Beethoven' },
      { given: 'Martin Luther', family: 'King', suffix: 'Jr.' },
      { family: 'OpenAI' },
      { literal: 'The Pile Collaboration' },
      { given: 'Li', family: 'Fei-Fei' },
      { given: 'Édouard', family: 'Lucas' },
      { given: 'Zoë  Anne', family: 'Ó\tBriain' },
    ];
    for (let sample = 0; sample < 400; sample += 1) {
      const item: CslItem = {
        id: pick([
          'kaplan2020scaling',
          'vanderberg2024averyverylongtitleword',
          'paper',
          'x'.repeat(19),
          'y'.repeat(21),
        ]),
        type: pick(['article', 'article-journal'] as const),
        title: pick([
          'Scaling α-Laws',
          'A  title\nover lines',
          'What is in a Prior?',
          'A <b>bold</b> & "quoted" title',
        ]),
        URL: pick(['https://arxiv.org/abs/2408.11029', 'https://doi.org/10.1038/nature14539', `${URL_BASE}x/`]),
      };
      const authors = Array.from({ length: Math.floor(next() * 4) }, () => pick(names));
      if (authors.length > 0) item.author = authors;
      const date = pick([undefined, [2024], [2024, 8], [2024, 8, 20], [1999, 12, 31]]);
      if (date !== undefined) item.issued = { 'date-parts': [date] };
      if (next() < 0.5) item['container-title'] = pick(['Nature 521, 436-444', 'J. Mach. Learn. Res.']);
      if (next() < 0.5) {
        item.number = 'arXiv:2408.11029';
        item.publisher = 'arXiv';
      }
      if (next() < 0.5)
        item.DOI = pick(['10.1038/nature14539', '10.48550/arXiv.2408.11029', '10.1234/abc.', '10.1234/x,']);
      expect(risFromCsl(item), JSON.stringify(item)).toBe(citationJsRis(item));
    }
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
