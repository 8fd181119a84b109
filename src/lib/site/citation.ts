import { bibtexMath } from './bibtex-math.ts';
import { ARXIV_CATEGORY, ARXIV_ID, DOI } from '../paper/identifiers.ts';
import { splitTitleMath } from '../text/math-text.ts';
import { arxivAbsUrl, arxivYearMonth, doiUrl } from '../paper/paper-links.ts';
import { texToText, titleToText } from '../text/tex-to-text.ts';
import { collapseWhitespace, singleSpaced } from '../text/whitespace.ts';

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
  /** Where the paper was published (arXiv's journal_ref), when known. */
  journal?: string | undefined;
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
  // Decomposing and dropping accents only changes text beyond ASCII, which most words are not.
  const folded = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
  return folded.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * One word of a name in the scripts whose names are written family name first: Chinese, Japanese
 * and Korean (Han, Hiragana, Katakana, Hangul), with the marks those scripts share (the prolonged
 * sound mark ー, the iteration mark 々, the middle dot ・). No such word is romanesque to
 * citeproc-js either, which prints these names family name first and in full (see apaName).
 */
const FAMILY_FIRST_WORD = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]+$/u;

/**
 * The family and given names of a name written family name first ("山田 太郎": 山田 is the family
 * name), or undefined for a name read as "Given Family". A name is family-first when it has two
 * or more words, every one in those scripts: a name in Latin script, or mixing scripts ("Taro
 * 山田"), is read as it always was, and one with a comma already says which part is which.
 */
export function familyFirstName(name: string): { family: string; given: string } | undefined {
  const words = singleSpaced(name).split(' ');
  const [family, ...given] = words;
  if (family === undefined || given.length === 0 || !words.every((word) => FAMILY_FIRST_WORD.test(word))) {
    return undefined;
  }
  return { family, given: given.join(' ') };
}

/** A generational suffix, written after the rest of a name: "Martin Luther King Jr.", "Henry Ford II". */
export const NAME_SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

/**
 * A name ending in a generational suffix, split into the name and the suffix: "Martin Luther King
 * Jr." and "John Smith, Jr." are "Martin Luther King" and "John Smith" with "Jr.". Read so only where
 * two or more words stand before the suffix: "Smith Jr" or "Smith, Jr." could as well be a family and
 * a given name, and stay as written. `undefined` for a name without a suffix.
 */
export function suffixedName(name: string): { name: string; suffix: string } | undefined {
  const written = singleSpaced(name);
  const comma = written.split(',').map((part) => part.trim());
  if (comma.length === 2) {
    const [before = '', after = ''] = comma;
    return NAME_SUFFIX.test(after) && before.split(' ').length >= 2 ? { name: before, suffix: after } : undefined;
  }
  if (comma.length > 2) return undefined;
  const words = written.split(' ');
  const last = words.at(-1) ?? '';
  return words.length > 2 && NAME_SUFFIX.test(last) ? { name: words.slice(0, -1).join(' '), suffix: last } : undefined;
}

/**
 * Words that make a name an organization's: a collaboration, team, consortium, company. An
 * organization is one name, never a given and a family name ("The ATLAS Collaboration" is not
 * Collaboration, T. A.): BibTeX writes it braced, CSL as a literal, JSON-LD as an Organization.
 * Only words no person is named: a company that reads as a person's name ("Google DeepMind") cannot
 * be told apart.
 */
const ORGANIZATION_WORD =
  /^(?:Collaborations?|Consortium|Team|Group|Project|Initiative|Committee|Institute|Laborator(?:y|ies)|Workshop|Foundation|Association|Society|Council|Inc\.?|Ltd\.?|LLC|GmbH|Corporation)$/;

/** Whether `name` is an organization's (see ORGANIZATION_WORD): one of its words says so. */
export function isOrganizationName(name: string): boolean {
  return name.split(/[\s,]+/u).some((word) => ORGANIZATION_WORD.test(word));
}

/**
 * A family name for the key: the last word of the name (a suffix aside), the first of a
 * family-first one, the part before a comma ("Smith, J."), or an organization's whole name.
 */
function familyName(name: string): string {
  const trimmed = name.trim();
  if (isOrganizationName(trimmed)) return trimmed;
  const suffixed = suffixedName(trimmed);
  if (suffixed !== undefined) return familyName(suffixed.name);
  if (trimmed.includes(',')) return trimmed.slice(0, trimmed.indexOf(','));
  return familyFirstName(trimmed)?.family ?? trimmed.split(/\s+/).at(-1) ?? trimmed;
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
  // The first significant word, else the first word: read word by word, not the whole title.
  let first: string | undefined;
  let word: string | undefined;
  for (const written of titleToText(paper.title, 'symbols').split(/[\s\-–—:/]+/)) {
    const candidate = asciiWord(written);
    if (candidate === '') continue;
    first ??= candidate;
    if (!TITLE_STOPWORDS.has(candidate)) {
      word = candidate;
      break;
    }
  }
  word ??= first ?? '';
  const key = `${family}${year}${word}`;
  return key === '' || /^\d/.test(key) ? `paper${key}` : key;
}

/**
 * How each character that means something to BibTeX or LaTeX is written in a field. BibTeX
 * itself counts every brace, escaped or not (`\}` still closes a field), so a brace from a
 * paper is never written as a brace: `\textbraceleft{}` and `\textbraceright{}` print it and
 * leave the field's braces balanced whatever the value. The rest are LaTeX's specials, and the
 * characters OT1-encoded fonts print as something else (`<` as ¡).
 */
const BIBTEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/**
 * Prose made safe inside a BibTeX `{...}` value, whatever it holds: no brace is written (so no
 * character can end the field, and `@` can never start an entry), LaTeX's specials are escaped,
 * control characters dropped, white space made single spaces, and the pairs TeX fonts turn into
 * other characters (`--` into a dash, `''` into a quote, `?``, `!``, `,,`) kept apart by `{}`.
 */
export function escapeBibtex(text: string): string {
  return collapseWhitespace(text.replace(/\p{Cc}/gu, ' '))
    .replace(/[\\{}$&%#_^~<>|]/g, (char) => BIBTEX_SPECIALS[char] ?? char)
    .replace(/([-'`,])(?=\1)|([?!])(?=`)/g, '$1$2{}');
}

/**
 * Whether `tex` has balanced braces as BibTeX counts them (every `{` and `}`, escaped or not),
 * so that it cannot close the enclosing BibTeX field.
 */
function balanced(tex: string): boolean {
  let depth = 0;
  for (const char of tex) {
    if (char === '{') depth += 1;
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

/**
 * One name of the `author` field. BibTeX splits the field at the word "and" and reads commas
 * as "Last, First" or "Last, Jr, First": a name's own "and" (or a lone "others", which means
 * "et al.") is braced so it stays a word, and a name whose commas BibTeX cannot read that way
 * (more than two, or one with nothing beside it) has them braced, so it is one name as written.
 * An organization's name is braced whole, and a generational suffix is written in the
 * "Last, Jr, First" form, the only one where BibTeX reads it as a suffix.
 */
function bibtexName(name: string): string {
  // An organization is one name: braced, BibTeX splits it neither at "and" nor into name parts.
  if (isOrganizationName(name)) return `{${escapeBibtex(name).trim()}}`;
  // BibTeX reads "First Last": a family-first name is written "Family, Given" so it reads as written.
  const familyFirst = familyFirstName(name);
  if (familyFirst !== undefined) return `${escapeBibtex(familyFirst.family)}, ${escapeBibtex(familyFirst.given)}`;
  // BibTeX reads a suffix only in "von Last, Jr, First": written "First von Last Jr" it is the family name.
  const suffixed = suffixedName(name);
  if (suffixed !== undefined) {
    const words = suffixed.name.split(' ');
    // The given names end where BibTeX's "von" part (the first word in lower case) or the last word begins.
    const von = words.findIndex((word, index) => index > 0 && index < words.length - 1 && /^\p{Ll}/u.test(word));
    const split = von === -1 ? words.length - 1 : von;
    return [words.slice(split).join(' '), suffixed.suffix, words.slice(0, split).join(' ')]
      .map(bibtexNameWords)
      .join(', ');
  }
  // "Last, First, Jr", as people write it, is BibTeX's "Last, Jr, First" with the last two swapped.
  const parts = name.split(',').map((part) => part.trim());
  const [last = '', first = '', suffix = ''] = parts;
  if (parts.length === 3 && NAME_SUFFIX.test(suffix) && !NAME_SUFFIX.test(first) && readableCommas(name)) {
    return [last, suffix, first].map(bibtexNameWords).join(', ');
  }
  const escaped = bibtexNameWords(name);
  return readableCommas(name) ? escaped : escaped.replaceAll(',', '{,}');
}

/** Words of a name escaped, with a word "and" or "others" braced so BibTeX reads it as a word. */
function bibtexNameWords(text: string): string {
  return escapeBibtex(text)
    .trim()
    .replace(/(^| )(and|others)(?= |$)/gi, '$1{$2}');
}

/**
 * Whether a name's commas can be read as BibTeX and CSL read them ("Last, First", "Last, Jr, First"):
 * none, or one or two with words on each side of every one.
 */
export function readableCommas(name: string): boolean {
  const parts = name.split(',');
  return parts.length === 1 || (parts.length <= 3 && parts.every((part) => part.trim() !== ''));
}

/**
 * A field whose value is copied verbatim (`doi`, `eprint`, `url`: biblatex reads them as verbatim,
 * so an escape would become part of the identifier). Values come from the strict grammars of
 * src/lib/paper/identifiers.ts and from URLs this module builds; anything else would be a bug upstream,
 * so it stops the build instead of writing an entry a reader's LaTeX would run.
 */
function verbatim(name: string, value: string, grammar: RegExp): string {
  if (!grammar.test(value)) {
    throw new Error(`Refusing to write the BibTeX field ${name} = {${value}}: it does not match ${String(grammar)}`);
  }
  return `  ${name} = {${value}}`;
}

/** What a verbatim URL field may hold: a WHATWG-serialized http(s) URL has no space, brace or backslash. */
const URL_FIELD = /^https?:\/\/[!#$%&-;=?-[\]_a-z~]+$/i;

function field(name: string, value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : `  ${name} = {${value}}`;
}

/**
 * A BibTeX entry: `@article` with the arXiv fields (eprint, archivePrefix, primaryClass when known)
 * when the arXiv id is known, `@article` in its journal when only a journal reference and the DOI or
 * page are, else `@misc` pointing at the DOI or this site's page. Every field
 * is escaped for its kind, so the entry is one entry whatever the paper holds; the round-trip
 * tests read it back with a real BibTeX parser.
 */
export function bibtex(paper: CitablePaper): string {
  const date = citationDate(paper);
  const names = paper.authors?.map(bibtexName).filter((name) => name !== '');
  const month = date === undefined ? undefined : MONTHS[date.month - 1];
  const fields: (string | undefined)[] = [
    // Double braces keep the title's capitalization (acronyms, names) in every bibliography style.
    `  title = {{${bibtexTitle(paper.title)}}}`,
    field('author', names?.join(' and ')),
    field('year', date === undefined ? undefined : String(date.year)),
    month === undefined ? undefined : `  month = ${month}`,
  ];
  // An arXiv paper is an @article in "arXiv preprint arXiv:ID" unless a journal is known; a paper
  // known by its DOI or page alone is one when a journal is known (Crossref's, a BibTeX input's).
  const journal = paper.journal ?? (paper.arxiv === undefined ? undefined : `arXiv preprint arXiv:${paper.arxiv}`);
  const type = journal === undefined ? 'misc' : 'article';
  if (journal !== undefined) fields.push(field('journal', escapeBibtex(journal)));
  if (paper.arxiv !== undefined) {
    fields.push(
      verbatim('eprint', paper.arxiv, ARXIV_ID),
      field('archivePrefix', 'arXiv'),
      paper.primaryClass === undefined ? undefined : verbatim('primaryClass', paper.primaryClass, ARXIV_CATEGORY),
    );
  }
  if (paper.doi !== undefined) fields.push(verbatim('doi', paper.doi, DOI));
  const url =
    paper.arxiv !== undefined ? arxivAbsUrl(paper.arxiv) : paper.doi !== undefined ? doiUrl(paper.doi) : paper.url;
  fields.push(verbatim('url', url, URL_FIELD));
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
