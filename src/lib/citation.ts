import { bibtexMath } from './bibtex-math.ts';
import { splitTitleMath } from './math-text.ts';
import { arxivAbsUrl, arxivYearMonth, doiUrl } from './paper-links.ts';
import { texToText, titleToText } from './tex-to-text.ts';

/** What a citation needs to know about a paper. */
export interface CitablePaper {
  slug: string;
  title: string;
  authors?: readonly string[] | undefined;
  arxiv?: string | undefined;
  doi?: string | undefined;
  published?: Date | undefined;
  added: Date;
  /** arXiv primary category (`cs.LG`), when the source knew it. */
  primaryClass?: string | undefined;
  /** The paper's page on this site. */
  url: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/** The year and month to cite: the paper's own date, else the one its arXiv id encodes. */
export function citationDate(paper: CitablePaper): { year: number; month: number } | undefined {
  if (paper.published) return { year: paper.published.getUTCFullYear(), month: paper.published.getUTCMonth() + 1 };
  return paper.arxiv === undefined ? undefined : arxivYearMonth(paper.arxiv);
}

function asciiWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A family name for the key: the last word of the name, or the part before a comma ("Smith, J."). */
function familyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.includes(',')) return trimmed.slice(0, trimmed.indexOf(','));
  return trimmed.split(/\s+/).at(-1) ?? trimmed;
}

const TITLE_STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'with',
  'how',
  'what',
  'is',
  'are',
  'do',
  'does',
]);

/** The BibTeX key: first author's family name, year, first significant title word (`kaplan2020scaling`). */
export function bibtexKey(paper: CitablePaper): string {
  const author = paper.authors?.[0];
  const family = author === undefined ? '' : asciiWord(familyName(author));
  const year = citationDate(paper)?.year ?? '';
  const words = titleToText(paper.title, 'symbols')
    .split(/[\s\-–—:/]+/)
    .map(asciiWord)
    .filter((word) => word !== '');
  const word = words.find((candidate) => !TITLE_STOPWORDS.has(candidate)) ?? words[0] ?? '';
  const key = `${family}${year}${word}`;
  return key === '' || /^\d/.test(key) ? `paper${key}` : key;
}

const BIBTEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\~{}',
};

/** Prose made safe inside a BibTeX `{...}` value: no character can end the field or the entry. */
export function escapeBibtex(text: string): string {
  return text.replace(/[\\{}$&%#_^~]/g, (char) => BIBTEX_SPECIALS[char] ?? char);
}

/** Whether `tex` has balanced braces, so it cannot close the enclosing BibTeX field. */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const char = tex[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * The title for BibTeX: prose escaped, math kept as `$...$` TeX (LaTeX renders it in the
 * bibliography) when it cannot run anything in the citer's LaTeX (`bibtexMath`), else its plain text.
 */
function bibtexTitle(title: string): string {
  return splitTitleMath(title)
    .map((segment) => {
      if (segment.kind === 'text') return escapeBibtex(segment.text);
      const tex = bibtexMath(segment.tex);
      return tex !== undefined && balanced(tex) ? `$${tex}$` : escapeBibtex(texToText(segment.tex, 'symbols'));
    })
    .join('');
}

function field(name: string, value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : `  ${name} = {${value}}`;
}

/**
 * A BibTeX entry: `@article` with the arXiv fields (eprint, archivePrefix, primaryClass when known)
 * when the arXiv id is known, else `@misc` pointing at the DOI or this site's page.
 */
export function bibtex(paper: CitablePaper): string {
  const date = citationDate(paper);
  const authors = paper.authors?.map((name) => escapeBibtex(name.trim())).join(' and ');
  const month = date === undefined ? undefined : MONTHS[date.month - 1];
  const fields: (string | undefined)[] = [
    // Double braces keep the title's capitalization (acronyms, names) in every bibliography style.
    `  title = {{${bibtexTitle(paper.title)}}}`,
    field('author', authors),
    field('year', date === undefined ? undefined : String(date.year)),
    month === undefined ? undefined : `  month = ${month}`,
  ];
  let type = 'misc';
  if (paper.arxiv !== undefined) {
    type = 'article';
    fields.push(
      field('journal', `arXiv preprint arXiv:${paper.arxiv}`),
      field('eprint', paper.arxiv),
      field('archivePrefix', 'arXiv'),
      field('primaryClass', paper.primaryClass),
    );
  }
  fields.push(field('doi', paper.doi));
  fields.push(
    field(
      'url',
      paper.arxiv !== undefined ? arxivAbsUrl(paper.arxiv) : paper.doi !== undefined ? doiUrl(paper.doi) : paper.url,
    ),
  );
  const body = fields.filter((line): line is string => line !== undefined).join(',\n');
  return `@${type}{${bibtexKey(paper)},\n${body}\n}\n`;
}

/** Authors as a reader writes them: "A", "A and B", "A, B, and C"; long lists end in "et al.". */
export function authorList(authors: readonly string[], max = 10): string {
  const names = authors.map((name) => name.trim()).filter((name) => name !== '');
  if (names.length > max) return `${names.slice(0, Math.max(1, max - 1)).join(', ')}, et al.`;
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')}, and ${names.at(-1) ?? ''}`;
}

/** A plain-text citation: "Authors (Year). Title. arXiv:ID. https://doi.org/DOI" (parts omitted when unknown). */
export function plainCitation(paper: CitablePaper): string {
  const date = citationDate(paper);
  const title = titleToText(paper.title, 'symbols').replace(/[.\s]+$/, '');
  const ending = /[?!]$/.test(title) ? '' : '.';
  const parts: string[] = [];
  const authors = paper.authors !== undefined && paper.authors.length > 0 ? authorList(paper.authors) : '';
  if (authors !== '') parts.push(`${authors}${date ? ` (${date.year})` : ''}.`);
  else if (date) parts.push(`(${date.year}).`);
  parts.push(`${title}${ending}`);
  if (paper.arxiv !== undefined) parts.push(`arXiv:${paper.arxiv}.`);
  if (paper.doi !== undefined) parts.push(doiUrl(paper.doi));
  else if (paper.arxiv === undefined) parts.push(paper.url);
  return parts.join(' ');
}
