/**
 * Parser for the arXiv API's Atom feed (what `export.arxiv.org/api/query` returns, and what a
 * maintainer saves with `curl -o results.xml`): one `<entry>` per paper with its versioned id
 * (`http://arxiv.org/abs/2401.01234v2`), title and summary hard-wrapped with whitespace, authors
 * (each with optional `arxiv:affiliation`), `published`, `arxiv:primary_category`, `category`,
 * `arxiv:doi`, `arxiv:journal_ref` and `arxiv:comment`; and OpenSearch paging fields
 * (`totalResults`, `startIndex`, `itemsPerPage`) saying which slice of the results the file is.
 *
 * XML is checked by fast-xml-validator (which names the line and column of a fault) and read by
 * fast-xml-parser: the same well-kept project, no native code.
 * A document type declaration is refused before parsing: the arXiv API never sends one, and
 * entity definitions are how XML files blow up in memory. Without one, XML knows five named
 * entities and numeric references (`&#233;`, `&#xE9;`): those are decoded, once, in every field
 * and attribute; any other (`&nbsp;`) is refused with its place, as XML parsers do.
 */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { unwrapAbstract } from './arxiv-oai.ts';
import { ARXIV_CATEGORY } from '../../paper/identifiers.ts';
import { normalizeArxivId } from '../../paper/identity.ts';
import { MAX_COMMENTS_CHARS, MAX_JOURNAL_CHARS } from '../../paper/schema.ts';
import { doiField, oneLineField } from './record-fields.ts';
import { InputFileError, type InputProblem, type ParsedInput, type RawPaper } from './raw-paper.ts';
import { findUrls } from '../../repair/links.ts';
import { controlCharacterInFields } from './input-file.ts';
import { singleSpaced } from '../../text/whitespace.ts';

/** Which slice of a query's results one saved response holds (OpenSearch fields). */
export interface AtomPage {
  file: string;
  /** The query the feed answers, from its self link; `undefined` when absent. */
  query?: string | undefined;
  totalResults?: number | undefined;
  startIndex?: number | undefined;
  itemsPerPage?: number | undefined;
  /** Entries in this file (papers and problems). */
  entries: number;
}

export interface ParsedAtom extends ParsedInput {
  page: AtomPage;
  /** Error entries the API sent (`<id>http://arxiv.org/api/errors#...</id>`): the query was wrong. */
  apiErrors: string[];
  /** The problems that are empty entries, arXiv's answer for an id it does not have. */
  absent: InputProblem[];
  /** What the reader changed in a paper to read it (a field cut), for callers that report per paper. */
  notes: ReadonlyMap<AtomEntry, readonly string[]>;
}

export interface AtomAuthor {
  name: string;
  affiliations: string[];
}

/** A paper as the Atom feed gives it, before it becomes a `RawPaper`. */
export interface AtomEntry extends RawPaper {
  /** The version the feed names (`2`), when the id carried one. */
  version?: number | undefined;
  /** Authors with their affiliations, as the feed lists them. */
  affiliations?: AtomAuthor[] | undefined;
  comment?: string | undefined;
}

const ARRAY_TAGS = new Set(['entry', 'author', 'link', 'category', 'affiliation']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Ids such as 2401.10000 must stay strings, not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // References are decoded by `decodeReferences`, by XML's rules: the parser's own entity
  // handling leaves numeric references (&#233;) as written unless it also decodes HTML's names.
  processEntities: false,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/** The five entities XML predefines; any other name needs a DTD, which an Atom input may not have. */
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;

/** Whether XML 1.0 allows `code` in a document (its `Char` production). */
function xmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The character a reference stands for, or `undefined` when XML does not define it. */
function referenced(
  hex: string | undefined,
  decimal: string | undefined,
  name: string | undefined,
): string | undefined {
  if (name !== undefined) return PREDEFINED[name];
  const code = Number.parseInt(hex ?? decimal ?? '', hex === undefined ? 10 : 16);
  return xmlCharacter(code) ? String.fromCodePoint(code) : undefined;
}

/** Text of the parsed document with its references decoded (they were checked by `checkReferences`). */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    REFERENCE,
    (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) =>
      referenced(hex, decimal, name) ?? whole,
  );
}

/**
 * Refuses a reference XML does not define (`&nbsp;`, HTML's names) or one to a character XML does
 * not allow (`&#0;`), with its line and column; the validator lets both pass. Comments and CDATA
 * sections hold text, not references.
 */
function checkReferences(text: string, file: string): void {
  const pattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;
  for (const match of text.matchAll(pattern)) {
    const [whole, hex, decimal, name] = match;
    if (whole.startsWith('<')) continue;
    if (referenced(hex, decimal, name) !== undefined) continue;
    const before = text.slice(0, match.index);
    const reason =
      name === undefined
        ? 'names a character XML does not allow'
        : 'is not defined in XML (only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#233; are)';
    throw new InputFileError({
      file,
      line: before.split('\n').length,
      column: match.index - before.lastIndexOf('\n'),
      message: `the reference "${whole}" ${reason}: the arXiv API never writes it; ${WHAT_TO_DO}`,
    });
  }
}

/** CDATA sections as the escaped text they stand for, so that decoding the parsed text leaves theirs as written. */
function escapeCdata(text: string): string {
  if (!text.includes('<![CDATA[')) return text;
  return text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g, (whole, inner: string | undefined) =>
    inner === undefined ? whole : inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
}

type XmlNode = string | number | boolean | { [key: string]: XmlNode | XmlNode[] } | XmlNode[] | undefined;

/** The text content of a node; child elements (never in a real feed) contribute their text. */
function textOf(node: XmlNode): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return decodeReferences(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  return Object.entries(node)
    .filter(([key]) => !key.startsWith('@_'))
    .map(([, value]) => textOf(value))
    .join(' ');
}

function attribute(node: XmlNode, name: string): string | undefined {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? decodeReferences(value) : undefined;
}

function child(node: XmlNode, name: string): XmlNode {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return node[name];
}

function children(node: XmlNode, name: string): XmlNode[] {
  const value = child(node, name);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function count(node: XmlNode): number | undefined {
  const text = textOf(node).trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** 1-based line of every `<entry` start tag, in document order (comments and CDATA skipped). */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  const pattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(?:[\w.-]+:)?entry[\s/>]|\n/g;
  let line = 1;
  for (const match of text.matchAll(pattern)) {
    const token = match[0];
    if (token === '\n') line += 1;
    else if (token.startsWith('<!')) line += token.split('\n').length - 1;
    else lines.push(line);
  }
  return lines;
}

/** `2003-07-07T13:46:39-04:00` -> `2003-07-07`: the day as the feed writes it (arXiv's own time zone). */
function day(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (match === null) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const text = date.toISOString().slice(0, 10);
  return text === match[0] ? text : undefined;
}

const WHAT_TO_DO =
  'save the arXiv API response again, unedited (e.g. curl -o results.xml "https://export.arxiv.org/api/query?id_list=2401.01234"), or fix the XML at that place';

/**
 * Reads one entry; returns the paper (with what to warn about), the id of an empty entry (arXiv's
 * answer for an id it does not have), or what is wrong with it.
 */
function readEntry(
  entry: XmlNode,
  file: string,
  line: number,
): { paper: AtomEntry; notes: string[] } | { absent: string } | string {
  const idText = singleSpaced(textOf(child(entry, 'id')));
  const title = singleSpaced(textOf(child(entry, 'title')));
  if (idText === '')
    return 'the entry has no <id>: an arXiv API entry names its paper as <id>http://arxiv.org/abs/ID</id>';
  const arxiv = normalizeArxivId(idText);
  if (arxiv === undefined) {
    return `<id>${idText.slice(0, 100)}</id> is not an arXiv abstract URL (http://arxiv.org/abs/2401.01234v1): is this an arXiv API feed?`;
  }
  const version = /v(\d+)\/?$/.exec(idText)?.[1];
  if (title === '') return { absent: arxiv };
  const abstract = unwrapAbstract(textOf(child(entry, 'summary')));
  if (abstract === '') return `entry ${arxiv} has no <summary> (abstract): save the response again`;
  const control = controlCharacterInFields({ title, summary: abstract });
  if (control !== undefined) return `entry ${arxiv}: ${control}`;
  const affiliations: AtomAuthor[] = [];
  for (const author of children(entry, 'author')) {
    const name = singleSpaced(textOf(child(author, 'name')));
    if (name === '') continue;
    affiliations.push({
      name,
      affiliations: children(author, 'affiliation')
        .map((node) => singleSpaced(textOf(node)))
        .filter(Boolean),
    });
  }
  const primary = attribute(child(entry, 'primary_category'), 'term');
  const categories = [primary, ...children(entry, 'category').map((node) => attribute(node, 'term'))]
    .map((term) => term?.trim())
    .filter((term): term is string => term !== undefined && ARXIV_CATEGORY.test(term));
  const doiNode = child(entry, 'doi');
  const doi = doiField(doiNode === undefined ? undefined : textOf(doiNode), '<arxiv:doi>');
  const comment = singleSpaced(textOf(child(entry, 'comment')));
  const comments = oneLineField(comment, 'comments', MAX_COMMENTS_CHARS);
  const journal = oneLineField(textOf(child(entry, 'journal_ref')), 'journal reference', MAX_JOURNAL_CHARS);
  const problem = doi.problem ?? journal.problem ?? comments.problem;
  if (problem !== undefined) return `entry ${arxiv}: ${problem}`;
  const notes = [journal.warning, comments.warning]
    .filter((note) => note !== undefined)
    .map((note) => `entry ${arxiv}: ${note}`);
  const published = day(textOf(child(entry, 'published')));
  const updated = day(textOf(child(entry, 'updated')));
  const paper: AtomEntry = {
    title,
    abstract,
    file,
    line,
    arxiv,
    version: version === undefined ? undefined : Number(version),
    doi: doi.value,
    authors: affiliations.length === 0 ? undefined : affiliations.map((author) => author.name),
    affiliations: affiliations.some((author) => author.affiliations.length > 0) ? affiliations : undefined,
    published,
    // The feed's `updated` is the latest version's date; the same day as `published` says nothing new.
    updated: updated !== undefined && updated !== published ? updated : undefined,
    categories: categories.length === 0 ? undefined : [...new Set(categories)],
    journal: journal.value,
    comment: comment === '' ? undefined : comment,
    comments: comments.value,
    // A comment such as "Code: https://github.com/x/y" names the paper's code; only http(s) URLs count.
    links: comment === '' ? undefined : findUrls(comment).map((span) => span.url),
  };
  return { paper, notes };
}

/** The query a feed answers, from its `rel="self"` link (`search_query=...&start=0`), paging removed. */
function queryOf(feed: XmlNode): string | undefined {
  const self = children(feed, 'link').find((link) => attribute(link, 'rel') === 'self');
  const href = attribute(self, 'href');
  if (href === undefined) return undefined;
  try {
    const params = new URL(href).searchParams;
    params.delete('start');
    params.delete('max_results');
    params.sort();
    return params.toString();
  } catch {
    return undefined;
  }
}

/** `true`, or where and why `text` is not well-formed XML. */
export function wellFormed(text: string): true | { err: { msg: string; line: number; col: number } } {
  try {
    return SyntaxValidator.validate(text, { allowBooleanAttributes: true });
  } catch (error) {
    const fault = error as { message?: unknown; line?: unknown; col?: unknown };
    if (typeof fault.line !== 'number') throw error;
    return {
      err: {
        msg: String(fault.message),
        line: fault.line,
        col: typeof fault.col === 'number' ? fault.col : 1,
      },
    };
  }
}

/**
 * Reads an arXiv API Atom response. Throws `InputFileError` (with line and column) when the XML
 * is not well-formed or is not an Atom feed; entries that cannot be read are problems, the rest
 * are papers.
 */
export function parseArxivAtom(text: string, file: string): ParsedAtom {
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype !== null) {
    const line = text.slice(0, doctype.index).split('\n').length;
    throw new InputFileError({
      file,
      line,
      message: `a <!DOCTYPE> declaration is not allowed in an Atom input (the arXiv API never sends one): ${WHAT_TO_DO}`,
    });
  }
  const valid = wellFormed(text);
  if (valid !== true) {
    // Elements left open at the end are reported as "Invalid '[\"feed\",\"entry\"]' found" at 1:1.
    const open = /^Invalid '\[(.*)\]' found/s.exec(valid.err.msg)?.[1];
    if (open !== undefined) {
      const names = [...open.matchAll(/"([^"]+)"/g)].map((match) => `<${match[1]}>`).reverse();
      throw new InputFileError({
        file,
        line: text.trimEnd().split('\n').length,
        message: `the XML ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed: the file is cut short (an interrupted download?); ${WHAT_TO_DO}`,
      });
    }
    throw new InputFileError({
      file,
      line: valid.err.line,
      column: valid.err.col,
      message: `not well-formed XML (${valid.err.msg.replace(/\.$/, '')}): the file was cut short or edited by hand; ${WHAT_TO_DO}`,
    });
  }
  checkReferences(text, file);
  let document: XmlNode;
  try {
    document = parser.parse(escapeCdata(text)) as XmlNode;
  } catch (cause) {
    throw new InputFileError(
      { file, line: 1, message: `the XML cannot be read (${String(cause)}): ${WHAT_TO_DO}` },
      { cause },
    );
  }
  const found = child(document, 'feed');
  // An empty <feed></feed> reads as the empty string.
  const feed = typeof found === 'string' && found.trim() === '' ? {} : found;
  if (feed === undefined || typeof feed !== 'object' || Array.isArray(feed)) {
    throw new InputFileError({
      file,
      line: 1,
      message: `this XML is not an Atom feed (no <feed> element): the ingest reads arXiv API responses (${WHAT_TO_DO.replace(/, or fix.*$/, '')})`,
    });
  }
  const lines = entryLines(text);
  const entries = children(feed, 'entry');
  const papers: AtomEntry[] = [];
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  const apiErrors: string[] = [];
  const absent: InputProblem[] = [];
  const notes = new Map<AtomEntry, readonly string[]>();
  for (const [index, entry] of entries.entries()) {
    const line = lines.length === entries.length ? (lines[index] ?? 1) : 1;
    const id = singleSpaced(textOf(child(entry, 'id')));
    if (/\/api\/errors/.test(id)) {
      const message = singleSpaced(textOf(child(entry, 'summary'))) || id;
      apiErrors.push(message);
      problems.push({
        file,
        line,
        message: `the arXiv API answered with an error: ${message}: fix the query and fetch it again`,
      });
      continue;
    }
    const paper = readEntry(entry, file, line);
    if (typeof paper === 'string') {
      const title = singleSpaced(textOf(child(entry, 'title')));
      problems.push({ file, line, message: paper, title: title === '' ? undefined : title });
    } else if ('absent' in paper) {
      const problem = { file, line, message: `arXiv has no paper ${paper.absent} (the entry is empty): check the id` };
      absent.push(problem);
      problems.push(problem);
    } else {
      papers.push(paper.paper);
      if (paper.notes.length > 0) notes.set(paper.paper, paper.notes);
      for (const message of paper.notes) warnings.push({ file, line, message, title: paper.paper.title });
    }
  }
  return {
    papers,
    problems,
    warnings,
    apiErrors,
    absent,
    notes,
    page: {
      file,
      query: queryOf(feed),
      totalResults: count(child(feed, 'totalResults')),
      startIndex: count(child(feed, 'startIndex')),
      itemsPerPage: count(child(feed, 'itemsPerPage')),
      entries: entries.length,
    },
  };
}

/**
 * Warnings for results a set of saved pages leaves out: pages of one query that do not cover
 * `0..totalResults` (a page missing from a run of `start=0,100,200...`). One warning per gap.
 */
export function pagingGaps(pages: readonly AtomPage[]): InputProblem[] {
  const byQuery = new Map<string, AtomPage[]>();
  for (const page of pages) {
    if (page.totalResults === undefined || page.startIndex === undefined) continue;
    const key = page.query ?? page.file;
    byQuery.set(key, [...(byQuery.get(key) ?? []), page]);
  }
  const warnings: InputProblem[] = [];
  for (const group of byQuery.values()) {
    const sorted = [...group].sort((a, b) => (a.startIndex ?? 0) - (b.startIndex ?? 0));
    const total = sorted[0]?.totalResults ?? 0;
    let covered = 0;
    for (const page of sorted) {
      const start = page.startIndex ?? 0;
      if (start > covered) {
        warnings.push({
          file: page.file,
          line: 1,
          message: `results ${covered + 1}-${start} of ${total} are in no saved page: fetch them with start=${covered} and ingest that page too`,
        });
      }
      covered = Math.max(covered, start + page.entries);
    }
    const last = sorted.at(-1);
    if (last !== undefined && covered < total && last.entries > 0) {
      warnings.push({
        file: last.file,
        line: 1,
        message: `results ${covered + 1}-${total} of ${total} are in no saved page: fetch them with start=${covered} and ingest those pages too`,
      });
    }
  }
  return warnings;
}
