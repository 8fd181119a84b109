/**
 * Crossref's REST API (https://api.crossref.org): a paper by DOI.
 * Its JSON is read into the same `RawPaper` the input parsers make: the title and the JATS
 * abstract become plain text (tags dropped, entities decoded), which the ingest's repair then
 * escapes like any other input, so markup in a record can never reach a page as HTML.
 * The base URL is `CROSSREF_API_URL` when set.
 */
import { normalizeDoi } from '../../paper/identity.ts';
import { FetchError, type PoliteFetcher } from './polite-fetch.ts';
import type { RawPaper } from '../inputs/raw-paper.ts';
import { singleSpacedParagraphs } from '../../text/whitespace.ts';

export const DEFAULT_CROSSREF_API_URL = 'https://api.crossref.org';
export const CROSSREF_SERVICE = 'Crossref';

export function crossrefApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env['CROSSREF_API_URL'] ?? DEFAULT_CROSSREF_API_URL).replace(/\/+$/, '');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number(name.slice(1)), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
    ? String.fromCodePoint(code)
    : fallback;
}

/** Markup (JATS, MathML, HTML) as plain text: paragraphs kept, tags dropped, then entities decoded. */
export function markupToText(markup: string): string {
  const text = markup
    .replace(/<(jats:)?title\b[^>]*>[\s\S]*?<\/(jats:)?title>/gi, '')
    .replace(/<\/?(?:jats:)?(?:p|sec)\b[^>]*>/gi, '\n\n')
    .replace(/<[a-z!/?][^<>]*>/gi, '');
  return singleSpacedParagraphs(decodeEntities(text));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((item): item is string => typeof item === 'string');
  return undefined;
}

/** `{"date-parts": [[2021, 6, 18]]}` as `2021-06-18`; a year or month alone is not a day. */
function crossrefDay(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const parts = value['date-parts'];
  const first = Array.isArray(parts) ? parts[0] : undefined;
  if (!Array.isArray(first) || first.length < 3) return undefined;
  const [year, month, day] = first.map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** A Crossref work as a raw paper; `abstract` is '' when Crossref has none. */
export function crossrefWork(work: Record<string, unknown>, source: string): RawPaper {
  const authors = Array.isArray(work['author'])
    ? work['author']
        .filter(isRecord)
        .map((author) => {
          const name =
            typeof author['name'] === 'string'
              ? author['name']
              : [author['given'], author['family']].filter((part) => typeof part === 'string').join(' ');
          return markupToText(name).replace(/\n+/g, ' ');
        })
        .filter((name) => name !== '')
    : [];
  const doi = typeof work['DOI'] === 'string' && normalizeDoi(work['DOI']) !== undefined ? work['DOI'] : undefined;
  const journal = firstString(work['container-title']);
  const published =
    crossrefDay(work['published']) ??
    crossrefDay(work['published-online']) ??
    crossrefDay(work['published-print']) ??
    crossrefDay(work['issued']);
  return {
    title: markupToText(firstString(work['title']) ?? '').replace(/\n+/g, ' '),
    abstract: typeof work['abstract'] === 'string' ? markupToText(work['abstract']) : '',
    file: source,
    line: 1,
    authors: authors.length === 0 ? undefined : authors,
    doi,
    published,
    journal: journal === undefined ? undefined : markupToText(journal).replace(/\n+/g, ' ') || undefined,
  };
}

function readJson(text: string, url: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FetchError(
      'invalid',
      url,
      `${CROSSREF_SERVICE} sent a response that is not valid JSON (${cause instanceof Error ? cause.message : String(cause)}): try again later; if it persists, add the paper by hand with --offline`,
      { cause },
    );
  }
  if (!isRecord(value) || !isRecord(value['message'])) {
    throw new FetchError('invalid', url, `${CROSSREF_SERVICE} sent JSON without a "message" object: try again later`);
  }
  return value['message'];
}

/** One work by DOI. */
export async function fetchCrossrefWork(
  doi: string,
  fetcher: PoliteFetcher,
  base = crossrefApiUrl(),
): Promise<RawPaper> {
  const url = `${base}/works/${encodeURIComponent(doi)}`;
  let text: string;
  try {
    ({ text } = await fetcher.get(url, 'application/json'));
  } catch (error) {
    if (error instanceof FetchError && error.kind === 'not-found') {
      throw new FetchError(
        'not-found',
        url,
        `Crossref has no work with the DOI ${doi}: check the DOI (https://doi.org/${doi})`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  return crossrefWork(readJson(text, url), url);
}
