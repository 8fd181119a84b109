/**
 * Citations in the formats reference managers read, beside the BibTeX of `citation.ts`:
 *
 * - CSL-JSON (Zotero, Mendeley, Pandoc): the paper as one CSL item, the common data model of
 *   citation software; every other format here is made from it.
 * - RIS (EndNote, Mendeley, Zotero): the record Citation.js (`@citation-js/plugin-ris`) writes for
 *   the CSL item, written here. Citation.js maps every field through its generic table of RIS
 *   types and tags, for the same ten tags on every page: in a CPU profile of a cold build of
 *   10,000 papers that was 0.94 s of the main thread's 12.8 s of paper pages, and is 0.08 s
 *   written here. The unit tests compare the two records character for character.
 * - APA 7, as a formatted reference. Citation.js formats APA through citeproc-js, which takes
 *   5 ms a paper even in a batch and 8-20 ms one at a time (measured here): 50 s or more for a
 *   10,000-paper build whose whole budget is 25 s. So the reference is written here, for the
 *   two kinds of item this archive has (a preprint, a journal article), and the unit tests
 *   check it against citeproc-js's APA output, character for character, over many papers.
 *
 * Titles are plain text (math as Unicode, `titleToText`), names are split into family and
 * given parts by `@citation-js/name`.
 */
import { parse as parseName, type CslName } from '@citation-js/name';
import {
  bibtexKey,
  citationDate,
  familyFirstName,
  isOrganizationName,
  readableCommas,
  suffixedName,
  type CitablePaper,
} from './citation.ts';
import { arxivAbsUrl, doiUrl } from '../paper/paper-links.ts';
import { titleToText } from '../text/tex-to-text.ts';
import { collapseWhitespace, singleSpaced } from '../text/whitespace.ts';

export type { CslName };

/** One paper as CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [number[]] };
  'container-title'?: string;
  number?: string;
  publisher?: string;
  DOI?: string;
  URL: string;
}

/**
 * `@citation-js/name`'s parse, or the name kept whole as a literal when the parser fails on it: it
 * throws a TypeError on names it has no pattern for (a suffix alone, "II"; nothing but a comma), and
 * a name the schema accepts must never stop a page from building.
 */
function parseOrLiteral(name: string): CslName {
  try {
    return parseName(name);
  } catch {
    return { literal: name };
  }
}

/**
 * "Given Family" (or "Family, Given") as a CSL name; a generational suffix ("Jr.", also after a
 * comma: "John Smith, Jr.") kept apart; an organization, or a name whose commas no reading can place
 * ("a, b, c, d"), kept whole as a literal, as the BibTeX entry keeps it. Any Unicode white space (a
 * no-break space, an ideographic space) separates words as a space does: `@citation-js/name` splits
 * only at U+0020 and throws on a name with no such space in it.
 */
export function cslName(name: string): CslName {
  const written = singleSpaced(name);
  if (isOrganizationName(written) || !readableCommas(written)) return { literal: written };
  // `@citation-js/name` reads every name as "Given Family": 山田 太郎 would be given name 山田.
  const familyFirst = familyFirstName(name);
  if (familyFirst !== undefined) return familyFirst;
  const suffixed = suffixedName(written);
  if (suffixed !== undefined) return { ...parseOrLiteral(suffixed.name), suffix: suffixed.suffix };
  return parseOrLiteral(written);
}

/** The paper's own day as CSL date parts: the published day, else the year and month its arXiv id gives. */
function issued(paper: CitablePaper): CslItem['issued'] {
  if (paper.published !== undefined) {
    return {
      'date-parts': [
        [paper.published.getUTCFullYear(), paper.published.getUTCMonth() + 1, paper.published.getUTCDate()],
      ],
    };
  }
  const date = citationDate(paper);
  return date === undefined ? undefined : { 'date-parts': [[date.year, date.month]] };
}

/**
 * The CSL item: a journal article when the paper has a journal reference, else an arXiv preprint
 * (`article`, numbered `arXiv:ID`, published by arXiv), else an article known by its DOI or page.
 */
export function cslItem(paper: CitablePaper): CslItem {
  const authors = (paper.authors ?? []).map((name) => name.trim()).filter((name) => name !== '');
  const item: CslItem = {
    id: bibtexKey(paper),
    type: paper.journal === undefined ? 'article' : 'article-journal',
    title: titleToText(paper.title, 'symbols').trim(),
    URL: paper.arxiv !== undefined ? arxivAbsUrl(paper.arxiv) : paper.doi !== undefined ? doiUrl(paper.doi) : paper.url,
  };
  if (authors.length > 0) item.author = authors.map(cslName);
  const date = issued(paper);
  if (date !== undefined) item.issued = date;
  if (paper.journal !== undefined) item['container-title'] = paper.journal;
  else if (paper.arxiv !== undefined) {
    item.number = `arXiv:${paper.arxiv}`;
    item.publisher = 'arXiv';
  }
  if (paper.doi !== undefined) item.DOI = paper.doi;
  return item;
}

/** What a paper page offers besides BibTeX: APA, RIS and CSL-JSON, all from one CSL item. */
export function citationFormats(paper: CitablePaper): { apa: string; ris: string; cslJson: string } {
  const item = cslItem(paper);
  return { apa: apaFromCsl(item), ris: risFromCsl(item), cslJson: cslJsonFromCsl(item) };
}

/**
 * CSL-JSON as Zotero and citeproc read it: an array holding the one item, on one line (it goes into
 * the page as a data: URL, where every indent and line break costs bytes on every paper).
 */
function cslJsonFromCsl(item: CslItem): string {
  return `${JSON.stringify([item])}\n`;
}

/**
 * What RIS keeps of a DOI, as Citation.js's RIS output does: the DOI without trailing punctuation. From
 * the DOI's start, with every sub-code of its registrant (`10.1000.10/x`): Citation.js's own pattern
 * (`/10(?:\.[0-9]{4,})?\/[^\s]*[^\s.,]/`) finds `10/x` in such a DOI.
 */
const RIS_DOI = /^10\.\d{4,}(?:\.\d+)*\/\S*[^\s.,]/;

/**
 * One `AU` name: "Family, Given, Suffix", an organisation as its name. A particle stays with the
 * part it was written with ("van der Berg", "Ludwig van"): Citation.js's own output drops it.
 */
function risName(name: CslName): string {
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ');
  const given = [name.given, name['dropping-particle']].filter(Boolean).join(' ');
  const parts = [family, given, name.suffix ?? ''].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : (name.literal ?? '');
}

/**
 * The RIS record of a CSL item of this archive's two kinds, both `JOUR`, with the tags, order
 * and values of Citation.js's RIS output (its default "mixed" specification): `C7` the article
 * number, `DA` the date as `year/month/day/`, `ID` the key's first 20 characters, `T2` the
 * journal. Each value is one line (Citation.js hard-wraps at 70 characters, which breaks URLs
 * and titles in importers that join continuation lines).
 */
export function risFromCsl(item: CslItem): string {
  const lines = ['TY  - JOUR'];
  const tag = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') lines.push(`${name}  - ${collapseWhitespace(value)}`);
  };
  for (const author of item.author ?? []) tag('AU', risName(author));
  tag('C7', item.number);
  const [year, month, day] = item.issued?.['date-parts'][0] ?? [];
  if (year !== undefined) {
    tag('DA', `${year}/${month ?? ''}/${day ?? ''}/`);
    tag('PY', String(year));
  }
  tag('DO', item.DOI?.match(RIS_DOI)?.[0]);
  tag('ID', item.id.slice(0, 20));
  tag('T2', item['container-title']);
  tag('TI', item.title);
  tag('UR', item.URL);
  lines.push('ER  - ');
  return `${lines.join('\n')}\n`;
}

/** `Edward J.` -> `E. J.`, `Jean-Pierre` -> `J.-P.`: APA's initials. */
function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter((part) => part !== '')
    .map((part) =>
      part
        .split('-')
        .map((piece) => {
          const letter = [...piece.replace(/^[^\p{L}\p{N}]+/u, '')][0];
          return letter === undefined ? '' : `${letter.toUpperCase()}.`;
        })
        .filter((piece) => piece !== '')
        .join('-'),
    )
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * One author as APA writes them: "Family, G. I., Suffix" (an organisation as its name); a name
 * written family name first (familyFirstName) as citeproc-js writes it, family and given name run
 * together in full ("山田太郎"): initials are for names in romanesque scripts.
 */
function apaName(name: CslName): string {
  if (
    name.family !== undefined &&
    name.given !== undefined &&
    familyFirstName(`${name.family} ${name.given}`) !== undefined
  ) {
    return `${name.family}${name.given}`;
  }
  const family = [name['non-dropping-particle'], name.family ?? name.literal].filter(Boolean).join(' ');
  const given = initials([name.given, name['dropping-particle']].filter(Boolean).join(' '));
  return [family, given, name.suffix].filter((part) => part !== undefined && part !== '').join(', ');
}

/** APA's author list: "A, & B"; "A, B, & C" up to 20; then the first 19, an ellipsis and the last. */
function apaAuthors(names: readonly CslName[]): string {
  const written = names.map(apaName);
  if (written.length === 1) return written[0] ?? '';
  if (written.length <= 20) return `${written.slice(0, -1).join(', ')}, & ${written.at(-1) ?? ''}`;
  return `${written.slice(0, 19).join(', ')}, … ${written.at(-1) ?? ''}`;
}

/** `text` ending in a period, unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** Straight apostrophes inside words as typographic ones, as citeproc-js prints them. */
function apostrophes(text: string): string {
  return text.replace(/(?<=\p{L})'(?=\p{L})/gu, '’');
}

/** The APA 7 reference, as plain text, for a CSL item of this archive's two kinds (see `cslItem`). */
export function apaFromCsl(item: CslItem): string {
  const year = item.issued?.['date-parts'][0][0];
  const date = year === undefined ? '(n.d.)' : `(${year})`;
  const title = apostrophes(item.number === undefined ? item.title : `${item.title} (${item.number})`);
  const parts: string[] = [];
  if (item.author !== undefined && item.author.length > 0) {
    parts.push(sentence(apaAuthors(item.author)), `${date}.`, sentence(title));
  } else {
    parts.push(sentence(title), `${date}.`);
  }
  const source = item['container-title'] ?? item.publisher;
  if (source !== undefined) parts.push(sentence(source));
  const link = item.DOI !== undefined ? doiUrl(item.DOI) : item.URL;
  // APA writes "Retrieved" before a URL only when the work has no date; a DOI never gets it.
  parts.push(year === undefined && item.DOI === undefined ? `Retrieved ${link}` : link);
  return parts.join(' ');
}
