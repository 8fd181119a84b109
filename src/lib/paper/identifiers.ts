/**
 * The grammars of a paper's identifiers, defined once: the schema, the check, the ingest and
 * `npm run new` all accept exactly what these accept, and say what is wrong in the same words.
 *
 * Both grammars are strict on purpose. An identifier is copied verbatim into places that have
 * their own syntax (a BibTeX `doi` field, which biblatex reads verbatim; a URL path; a meta tag),
 * so it holds no character that means something in TeX or BibTeX: no braces, backslash, `@`, `%`,
 * `#`, `~`, `^`, `$`, `&`, quotes, white space or control characters.
 */
import { formatCodePoint } from '../text/code-point.ts';

/** An arXiv category (`cs.LG`, `hep-th`, `astro-ph.CO`): an archive, perhaps a dot and a subject class. */
export const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

/**
 * A DOI: `10.`, a registrant code of 4 to 9 digits (sub-codes such as `10.1000.10` allowed), `/`,
 * and a suffix of letters, digits and `- . _ ; ( ) / :` - Crossref's pattern for modern DOIs,
 * which matches 74.4 of their 74.9 million (www.crossref.org/blog/dois-and-matching-regular-expressions/).
 * Legacy SICI DOIs from the 1990s also hold `< > [ ]`
 * (`10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H`): accepted, as none of them
 * means anything to BibTeX or TeX and the DOI link percent-encodes them. The few old DOIs with
 * `#`, `&`, `%` or other specials are refused: such a paper is cited by its arXiv id or page.
 * At most 300 characters.
 */
export const DOI = /^(?=[^]{1,300}$)10\.\d{4,9}(?:\.\d+)*\/[-._;()/:A-Za-z0-9<>[\]]+$/;

/** What a DOI looks like, for every message about one. */
export const DOI_FORM =
  'a DOI is "10.", a registrant code of 4 to 9 digits, "/" and a suffix of letters, digits and - . _ ; ( ) / : (old SICI DOIs also < > [ ]), e.g. 10.1103/PhysRevD.76.013009, with no "https://doi.org/" or "doi:" before it';

/** Resolver prefixes people paste with a DOI. */
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;

/** A modern arXiv id: YYMM.NNNN up to December 2014, YYMM.NNNNN from January 2015. */
const NEW_ARXIV_ID = String.raw`(?:0[7-9]|1[0-4])(?:0[1-9]|1[0-2])\.\d{4}|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}`;
/** The archive of an old-style arXiv id (`hep-th`, `math`). */
const OLD_ARCHIVE = String.raw`[a-z]+(?:-[a-z]+)*`;
/** The number of an old-style arXiv id (before April 2007): YYMMNNN. */
const OLD_NUMBER = String.raw`(?:9[1-9]|0[0-7])(?:0[1-9]|1[0-2])\d{3}`;
/** An old-style arXiv id as arXiv writes it: archive, `/`, YYMMNNN (`math/0011221`). */
const OLD_ARXIV_ID = String.raw`${OLD_ARCHIVE}\/${OLD_NUMBER}`;
/**
 * An old-style id as papers and libraries also cite it, with the subject class of its primary
 * category after the archive (`math.SG/0011221`). The subject class is not part of the id: arXiv
 * names that paper `math/0011221` (its OAI metadata, abs pages and API), with category math.SG,
 * so an id is read in either form and written in arXiv's.
 */
const OLD_ARXIV_ID_WITH_CLASS = String.raw`${OLD_ARCHIVE}\.[A-Z]{2}\/${OLD_NUMBER}`;
const SUBJECT_CLASS = /^([a-z-]+)\.([A-Z]{2})\//;

/** An arXiv id as this archive writes it: modern (`2401.01234`) or old-style (`hep-th/9901001`), no version. */
export const ARXIV_ID = new RegExp(`^(?:${NEW_ARXIV_ID}|${OLD_ARXIV_ID})$`);
/** An arXiv id as inputs may write it: also an old-style id with its subject class. */
const ANY_ARXIV_ID = new RegExp(`^(?:${NEW_ARXIV_ID}|${OLD_ARXIV_ID}|${OLD_ARXIV_ID_WITH_CLASS})$`);

/** What an arXiv id looks like, for every message about one. */
export const ARXIV_ID_FORM =
  'an arXiv id is YYMM.NNNNN, or YYMM.NNNN before 2015 (e.g. "2401.01234"), or archive/YYMMNNN before April 2007 (e.g. "hep-th/9901001"), with no "arXiv:" prefix and no version';

/**
 * The forms an arXiv id is pasted in, around the id and its optional version: bare, `arXiv:ID`,
 * an abs or pdf URL, and `arXiv:ID [cs.LG]` as papers cite it.
 */
const ARXIV_WRAPPED = new RegExp(
  String.raw`^(?:arxiv:\s*|(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/)?` +
    String.raw`(${NEW_ARXIV_ID}|${OLD_ARXIV_ID}|${OLD_ARXIV_ID_WITH_CLASS})(?:v\d{1,3})?(?:\.pdf)?\/?(?:\s*\[[A-Za-z-]+(?:\.[A-Za-z-]+)?\])?$`,
  'i',
);

/** The id `ANY_ARXIV_ID` accepts in `id`, as this archive writes it (without a subject class); `undefined` for none. */
function writtenArxivId(id: string): string | undefined {
  return ANY_ARXIV_ID.test(id) ? id.replace(SUBJECT_CLASS, '$1/') : undefined;
}

/** The id in one of the forms an id is pasted in, as written there (a subject class kept). */
function pastedArxivId(value: string): string | undefined {
  const id = ARXIV_WRAPPED.exec(value.trim())?.[1];
  // The `i` flag is for the prefix; an id's own letters have a fixed case (`hep-th`, `math.AG`).
  return id !== undefined && ANY_ARXIV_ID.test(id) ? id : undefined;
}

/**
 * The canonical arXiv id in `value` when `value` is one of the forms an id is pasted in
 * (`arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234`, `hep-th/9901001`,
 * `arXiv:2401.01234 [cs.LG]`, `math.SG/0011221`), without its version and subject class;
 * `undefined` for anything else.
 */
export function canonicalArxivId(value: string): string | undefined {
  const id = pastedArxivId(value);
  return id === undefined ? undefined : writtenArxivId(id);
}

/**
 * The arXiv category an old-style id names with its subject class (`math.SG` for
 * `math.SG/0011221`, in any form `canonicalArxivId` reads): the paper's primary category, which
 * the canonical id no longer shows, for a record that gives no categories. `undefined` otherwise.
 */
export function arxivSubjectClass(value: string): string | undefined {
  const match = SUBJECT_CLASS.exec(pastedArxivId(value) ?? '');
  return match === null ? undefined : `${match[1]}.${match[2]}`;
}

/** `value` without its version (`2401.01234v2` -> `2401.01234`) and subject class when it is an arXiv id with or without them; `undefined` otherwise. */
export function unversionedArxivId(value: string): string | undefined {
  return writtenArxivId(value.replace(/v\d{1,3}$/, ''));
}

/** The DOI in `value` without a resolver prefix, case kept as registered; `undefined` when it is not one. */
export function bareDoi(value: string): string | undefined {
  const doi = value.trim().replace(DOI_PREFIX, '');
  return DOI.test(doi) ? doi : undefined;
}

/** `text` quoted for a message: one line, at most `max` characters, control characters shown as code points. */
function quote(text: string, max = 60): string {
  const visible = text.replace(/\p{Cc}/gu, (char) => formatCodePoint(char.codePointAt(0) ?? 0)).replace(/\s+/g, ' ');
  return `"${visible.length > max ? `${visible.slice(0, max - 1)}…` : visible}"`;
}

/** The first character of `text` a grammar does not allow, described for a message. */
function firstForbidden(text: string, allowed: RegExp): string | undefined {
  for (const char of text) {
    if (allowed.test(char)) continue;
    if (/\s/u.test(char)) return 'white space';
    if (/\p{Cc}/u.test(char)) return `the control character ${formatCodePoint(char.codePointAt(0) ?? 0)}`;
    return `"${char}"`;
  }
  return undefined;
}

/**
 * Why `value` is not a DOI as a paper file writes it, in a sentence that ends with what a DOI
 * looks like; `undefined` when it is one.
 */
export function doiProblem(value: string): string | undefined {
  if (DOI.test(value)) return undefined;
  const shown = quote(value);
  const bare = value.trim().replace(DOI_PREFIX, '');
  if (DOI.test(bare)) return `${shown} is a DOI with a resolver prefix or spaces: write just ${bare}`;
  let reason: string;
  const forbidden = firstForbidden(bare, /[-._;()/:A-Za-z0-9<>[\]]/);
  if (bare.length > 300) reason = `it is ${bare.length} characters long; the limit is 300`;
  else if (!/^10\.\d{4,9}(?:\.\d+)*\//.test(bare))
    reason = 'it does not start with "10.", a registrant code of 4 to 9 digits and "/"';
  else if (forbidden !== undefined) reason = `${forbidden} cannot appear in a DOI`;
  else reason = 'it has nothing after the "/"';
  return `${shown} is not a DOI: ${reason}; ${DOI_FORM}`;
}

/**
 * Why `value` is not an arXiv id as a paper file writes it, with the id to write when `value`
 * holds one in another form (`arXiv:2401.01234v2`); `undefined` when it is one.
 */
export function arxivIdProblem(value: string): string | undefined {
  if (ARXIV_ID.test(value)) return undefined;
  const shown = quote(value);
  const id = canonicalArxivId(value);
  if (id !== undefined) {
    const subjectClass = arxivSubjectClass(value);
    const why =
      subjectClass === undefined
        ? ''
        : ` (the subject class ${subjectClass} is not part of the id: it belongs in categories)`;
    return `${shown} is not written as this archive writes arXiv ids: write "${id}"${why}; ${ARXIV_ID_FORM}`;
  }
  const forbidden = firstForbidden(value, /[a-zA-Z0-9./-]/);
  const reason = forbidden === undefined ? '' : `: ${forbidden} cannot appear in one`;
  return `${shown} is not an arXiv id${reason}; ${ARXIV_ID_FORM}`;
}
