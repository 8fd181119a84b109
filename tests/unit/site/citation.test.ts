import { describe, expect, it } from 'vitest';
import {
  authorList,
  bibtex,
  bibtexKey,
  citationDate,
  escapeBibtex,
  plainCitation,
  type CitablePaper,
} from '../../../src/lib/site/citation.ts';
import { titleToText } from '../../../src/lib/text/tex-to-text.ts';
import { readBibtex } from '../../helpers/bibtex.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const arxivPaper: CitablePaper = {
  slug: 'scaling-law-with-learning-rate-annealing',
  title: 'Scaling Law with Learning Rate Annealing',
  authors: ['Howe Tissue', 'Venus Wang', 'Lu Wang'],
  arxiv: '2408.11029',
  published: day('2024-08-20'),
  added: day('2025-03-14'),
  url: 'https://example.org/papers/scaling-law-with-learning-rate-annealing/',
};

/** Parses `@type{key, name = {value}, name = macro}` back into fields, checking braces balance. */
function parseBibtex(entry: string): { type: string; key: string; fields: Record<string, string> } {
  const head = /^@(\w+)\{([^,\s]+),\n/.exec(entry);
  if (!head) throw new Error(`not an entry: ${entry}`);
  const fields: Record<string, string> = {};
  let index = head[0].length;
  while (index < entry.length) {
    const name = /^\s*(\w+) = /.exec(entry.slice(index));
    if (!name) break;
    index += name[0].length;
    if (entry[index] === '{') {
      let depth = 0;
      const start = index;
      for (; index < entry.length; index += 1) {
        if (entry[index] === '\\') index += 1;
        else if (entry[index] === '{') depth += 1;
        else if (entry[index] === '}' && --depth === 0) break;
      }
      fields[name[1] ?? ''] = entry.slice(start + 1, index);
      index += 1;
    } else {
      const macro = /^\w+/.exec(entry.slice(index))?.[0] ?? '';
      fields[name[1] ?? ''] = macro;
      index += macro.length;
    }
    if (entry[index] === ',') index += 1;
  }
  expect(entry.slice(index).trim()).toBe('}');
  return { type: head[1] ?? '', key: head[2] ?? '', fields };
}

describe('bibtex', () => {
  it('writes an @article with the arXiv fields when the id is known', () => {
    const entry = parseBibtex(bibtex(arxivPaper));
    expect(entry.type).toBe('article');
    expect(entry.key).toBe('tissue2024scaling');
    expect(entry.fields).toMatchObject({
      title: '{Scaling Law with Learning Rate Annealing}',
      author: 'Howe Tissue and Venus Wang and Lu Wang',
      year: '2024',
      month: 'aug',
      eprint: '2408.11029',
      archivePrefix: 'arXiv',
      journal: 'arXiv preprint arXiv:2408.11029',
      url: 'https://arxiv.org/abs/2408.11029',
    });
    expect(entry.fields['primaryClass']).toBeUndefined();
  });

  it('adds primaryClass and the DOI when known', () => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, primaryClass: 'cs.LG', doi: '10.1017/9781009023405' }));
    expect(entry.fields['primaryClass']).toBe('cs.LG');
    expect(entry.fields['doi']).toBe('10.1017/9781009023405');
  });

  it('writes @misc without an arXiv id, pointing at the DOI or the page', () => {
    const noIds = { ...arxivPaper, arxiv: undefined, published: day('2017-02-06') };
    const misc = parseBibtex(bibtex(noIds));
    expect(misc.type).toBe('misc');
    expect(misc.fields['url']).toBe(arxivPaper.url);
    expect(misc.fields['eprint']).toBeUndefined();
    const withDoi = parseBibtex(
      bibtex({ ...noIds, doi: '10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H' }),
    );
    expect(withDoi.fields['doi']).toBe('10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H');
    expect(withDoi.fields['url']).toBe(
      'https://doi.org/10.1002/(SICI)1097-4636(199705)35%3A2%3C201%3A%3AAID-JBM8%3E3.0.CO%3B2-H',
    );
  });

  it('writes the journal of a paper known by its DOI alone, as an @article', () => {
    const entry = parseBibtex(
      bibtex({ ...arxivPaper, arxiv: undefined, doi: '10.1038/nature14539', journal: 'Nature 521, 436-444 & more' }),
    );
    expect(entry.type).toBe('article');
    expect(entry.fields).toMatchObject({
      journal: 'Nature 521, 436-444 \\& more',
      doi: '10.1038/nature14539',
      url: 'https://doi.org/10.1038/nature14539',
    });
    expect(entry.fields['eprint']).toBeUndefined();
    expect(entry.fields['archivePrefix']).toBeUndefined();
  });

  it('takes the year from the arXiv id when the paper date is unknown, and omits it when nothing says', () => {
    const fromId = parseBibtex(bibtex({ ...arxivPaper, published: undefined, arxiv: '1709.08568' }));
    expect(fromId.fields).toMatchObject({ year: '2017', month: 'sep' });
    const unknown = parseBibtex(bibtex({ ...arxivPaper, published: undefined, arxiv: undefined }));
    expect(unknown.fields['year']).toBeUndefined();
  });

  it('keeps title math as TeX and escapes everything that could end a field', () => {
    const hostile = {
      ...arxivPaper,
      title: '$\\beta$-VAE }, evil = {x} 100% & #1_a ~ ^ \\',
      authors: ['A } and {B', 'C'],
    };
    const entry = parseBibtex(bibtex(hostile));
    expect(entry.fields['title']).toBe(
      '{$\\beta$-VAE \\textbraceright{}, evil = \\textbraceleft{}x\\textbraceright{} 100\\% \\& \\#1\\_a \\textasciitilde{} \\textasciicircum{} \\textbackslash{}}',
    );
    expect(entry.fields['evil']).toBeUndefined();
    expect(entry.fields['author']).toBe('A \\textbraceright{} {and} \\textbraceleft{}B and C');
  });

  it('writes a name in Han, Hiragana, Katakana or Hangul family name first, as BibTeX reads "Family, Given"', () => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, authors: ['山田 太郎', '김 민준', '欧阳 娜 娜', 'Li Fei-Fei'] }));
    expect(entry.fields['author']).toBe('山田, 太郎 and 김, 민준 and 欧阳, 娜 娜 and Li Fei-Fei');
  });

  it('writes the plain text of unbalanced math instead of letting it break the entry', () => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, title: 'Odd $a}$ math' }));
    expect(entry.fields['title']).toBe('{Odd a math}');
    // BibTeX counts escaped braces too: "\\}" would close the field.
    expect(parseBibtex(bibtex({ ...arxivPaper, title: 'Odd $\\}x\\{$ math' })).fields['title']).toBe(
      '{Odd \\textbraceright{}x\\textbraceleft{} math}',
    );
  });

  it.each([
    // What LaTeX would run, were it written as TeX, or what the site refuses: the title's plain text instead.
    '$\\gdef\\x{\\input{/etc/passwd}}\\x$ Networks',
    '$\\input{/etc/passwd}$ Networks',
    '$\\csname input\\endcsname{/etc/passwd}$ Networks',
    '$\\immediate\\write18{rm -rf ~}$ Networks',
    '$x^^5cinput{a}$ Networks',
    '$x % \\input{a}$ Networks',
    '$\\colorbox{red}{\\Huge x}$ Networks',
  ])('writes the plain text of title math that could run in LaTeX or is refused: %s', (title) => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, title }));
    expect(entry.fields['title']).toBe(`{${escapeBibtex(titleToText(title, 'symbols'))}}`);
    // Only the escapes of special characters: no command of the title reaches LaTeX.
    expect(entry.fields['title']).not.toMatch(/\\(?!textasciicircum\{\}|textasciitilde\{\}|%|textbackslash\{\})/);
  });

  it('writes the site macros out in title math, since the citer does not have them', () => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, title: 'Fields over $\\Q(\\sqrt{5})$ and $\\eps x$' }));
    expect(entry.fields['title']).toBe('{Fields over $\\mathbb{Q}(\\sqrt{5})$ and $\\varepsilon x$}');
  });

  it('writes a generational suffix as BibTeX\'s "Last, Jr, First", so "Jr." is never read as the family name', () => {
    const authors = [
      'Martin Luther King Jr.',
      'Henry Ford II',
      'John Smith, Jr.',
      'Ludwig van Beethoven Sr.',
      'King, Jr., Martin Luther',
      'Gates, Bill, III',
    ];
    const entry = parseBibtex(bibtex({ ...arxivPaper, authors }));
    expect(entry.fields['author']).toBe(
      'King, Jr., Martin Luther and Ford, II, Henry and Smith, Jr., John and van Beethoven, Sr., Ludwig and King, Jr., Martin Luther and Gates, III, Bill',
    );
    const [read] = readBibtex(bibtex({ ...arxivPaper, authors })).entries;
    expect(read?.fields['author']).toEqual([
      { firstName: 'Martin Luther', lastName: 'King', suffix: 'Jr.' },
      { firstName: 'Henry', lastName: 'Ford', suffix: 'II' },
      { firstName: 'John', lastName: 'Smith', suffix: 'Jr.' },
      { firstName: 'Ludwig', prefix: 'van', lastName: 'Beethoven', suffix: 'Sr.' },
      { firstName: 'Martin Luther', lastName: 'King', suffix: 'Jr.' },
      { firstName: 'Bill', lastName: 'Gates', suffix: 'III' },
    ]);
    expect(entry.key).toBe('king2024scaling');
  });

  it('braces an organization as one name, so BibTeX never splits it into given and family names', () => {
    const authors = [
      'The ATLAS Collaboration',
      'Gemini Team',
      'LIGO Scientific Collaboration and Virgo Collaboration',
      'Ada Lovelace',
    ];
    const entry = parseBibtex(bibtex({ ...arxivPaper, authors }));
    expect(entry.fields['author']).toBe(
      '{The ATLAS Collaboration} and {Gemini Team} and {LIGO Scientific Collaboration and Virgo Collaboration} and Ada Lovelace',
    );
    const [read] = readBibtex(bibtex({ ...arxivPaper, authors })).entries;
    expect(read?.fields['author']).toEqual([
      { name: 'The ATLAS Collaboration' },
      { name: 'Gemini Team' },
      { name: 'LIGO Scientific Collaboration and Virgo Collaboration' },
      { firstName: 'Ada', lastName: 'Lovelace' },
    ]);
  });

  it('omits the author field when authors are unknown', () => {
    const entry = parseBibtex(bibtex({ ...arxivPaper, authors: undefined }));
    expect(entry.fields['author']).toBeUndefined();
    expect(entry.key).toBe('paper2024scaling');
  });
});

describe('bibtexKey', () => {
  it('folds accents and skips leading stop words', () => {
    expect(bibtexKey({ ...arxivPaper, authors: ['Samuel Müller'], title: 'The Transformers Can Do It' })).toBe(
      'muller2024transformers',
    );
    expect(bibtexKey({ ...arxivPaper, authors: ['Smith, John'] })).toBe('smith2024scaling');
    expect(bibtexKey({ ...arxivPaper, title: '$\\beta$-VAE' })).toBe('tissue2024vae');
  });

  it('folds accents in the title word, and takes the first word when every word is a stop word', () => {
    expect(bibtexKey({ ...arxivPaper, title: 'Über: Élan in Models' })).toBe('tissue2024uber');
    expect(bibtexKey({ ...arxivPaper, title: 'The — Éclair Effect' })).toBe('tissue2024eclair');
    expect(bibtexKey({ ...arxivPaper, title: 'On the Of' })).toBe('tissue2024on');
    expect(bibtexKey({ ...arxivPaper, title: '— : / --' })).toBe('tissue2024');
    expect(bibtexKey({ ...arxivPaper, authors: ['Ｆｕｌｌｗｉｄｔｈ Ｎａｍｅ'], title: 'ﬁnding ﬂows' })).toBe(
      'name2024finding',
    );
  });
});

describe('plainCitation', () => {
  it('reads as a reference', () => {
    expect(plainCitation(arxivPaper)).toBe(
      'Howe Tissue, Venus Wang, and Lu Wang (2024). Scaling Law with Learning Rate Annealing. arXiv:2408.11029.',
    );
  });

  it('handles no authors, math titles, question marks, DOIs and unknown dates', () => {
    expect(
      plainCitation({ ...arxivPaper, authors: [], title: 'How Does $\\beta$ Help?', doi: '10.1/x', arxiv: undefined }),
    ).toBe('(2024). How Does β Help? https://doi.org/10.1/x');
    expect(plainCitation({ ...arxivPaper, authors: undefined, arxiv: undefined, published: undefined })).toBe(
      `Scaling Law with Learning Rate Annealing. ${arxivPaper.url}`,
    );
  });
});

describe('helpers', () => {
  it('lists authors as a reader writes them', () => {
    expect(authorList(['A'])).toBe('A');
    expect(authorList(['A', 'B'])).toBe('A and B');
    expect(authorList(['A', 'B', 'C'])).toBe('A, B, and C');
    expect(authorList(['A', 'B', 'C', 'D'], 3)).toBe('A, B, et al.');
  });

  it('escapes BibTeX specials', () => {
    expect(escapeBibtex('{}$&%#_^~\\<>|')).toBe(
      '\\textbraceleft{}\\textbraceright{}\\$\\&\\%\\#\\_\\textasciicircum{}\\textasciitilde{}\\textbackslash{}\\textless{}\\textgreater{}\\textbar{}',
    );
    expect(escapeBibtex("a--b ``c'' d?` \u0000e\n\nf")).toBe("a-{}-b `{}`c'{}' d?{}` e f");
  });

  it('dates a citation from the paper, else from the arXiv id', () => {
    expect(citationDate(arxivPaper)).toEqual({ year: 2024, month: 8 });
    expect(citationDate({ ...arxivPaper, published: undefined, arxiv: 'hep-th/9901001' })).toEqual({
      year: 1999,
      month: 1,
    });
  });
});
