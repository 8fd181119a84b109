/**
 * The arXiv API (https://info.arxiv.org/help/api/): one paper by id, or the papers whose title
 * matches. Responses are the Atom feed `arxiv-atom.ts` reads; requests go through a polite
 * fetcher (one every 3 s, retries on 429/503). The base URL is `ARXIV_API_URL` when set, so tests
 * and mirrors can stand in for export.arxiv.org.
 */
import { parseArxivAtom, wellFormed, type AtomEntry } from '../inputs/arxiv-atom.ts';
import { normalizeTitle } from '../../paper/identity.ts';
import { FetchError, type FetchedText, type PoliteFetcher } from './polite-fetch.ts';
import { InputFileError, type InputProblem } from '../inputs/raw-paper.ts';

export const DEFAULT_ARXIV_API_URL = 'https://export.arxiv.org/api';
export const ARXIV_SERVICE = 'the arXiv API';

export function arxivApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env['ARXIV_API_URL'] ?? DEFAULT_ARXIV_API_URL).replace(/\/+$/, '');
}

/** The query URL for `params` (`id_list`, `search_query`, `max_results`). */
export function arxivQueryUrl(base: string, params: Record<string, string>): string {
  return `${base}/query?${new URLSearchParams(params).toString()}`;
}

/** A paper the API sent, with what the reader changed to read it (a field cut to a file's limit). */
export interface ArxivPaper {
  entry: AtomEntry;
  notes: readonly string[];
}

/** What a response holds: its papers, and the entries that could not be read and why. */
export interface ArxivAnswer {
  papers: ArxivPaper[];
  /** Entries that name a paper but cannot be used, other than the empty entry of an unknown id. */
  unusable: InputProblem[];
}

/** Reads a response; a body that is not the API's feed becomes a `FetchError`. */
export function readArxivResponse(text: string, url: string): ArxivAnswer {
  // When throttling, arXiv has answered 200 with the bare text "Rate exceeded." instead of a feed.
  if (/^\s*rate exceeded/i.test(text)) {
    throw new FetchError(
      'rate-limited',
      url,
      `${ARXIV_SERVICE} says "Rate exceeded": wait a few minutes and run the command again`,
    );
  }
  let parsed;
  try {
    parsed = parseArxivAtom(text, url);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const { line, column, message } = error.problem;
    throw new FetchError(
      'invalid',
      url,
      `${ARXIV_SERVICE} sent a response that cannot be read (line ${line}${column === undefined ? '' : `:${column}`}: ${message.replace(/:.*$/, '')}): try again later; if it persists, add the paper by hand with --offline`,
      { cause: error },
    );
  }
  if (parsed.apiErrors.length > 0) {
    throw new FetchError('invalid', url, `${ARXIV_SERVICE} refused the query: ${parsed.apiErrors.join('; ')}`);
  }
  return {
    papers: (parsed.papers as AtomEntry[]).map((entry) => ({ entry, notes: parsed.notes.get(entry) ?? [] })),
    unusable: parsed.problems.filter((problem) => !parsed.absent.includes(problem)),
  };
}

/** Whether `text` is well-formed XML, the least a response must be to be worth caching. */
export function isWellFormedXml(text: string): boolean {
  return wellFormed(text) === true;
}

/**
 * One paper by arXiv id (without version: the latest version's metadata). An entry arXiv sent but
 * that cannot be read is a `FetchError` saying why, not "no such paper".
 */
export async function fetchArxivPaper(id: string, fetcher: PoliteFetcher, base = arxivApiUrl()): Promise<ArxivPaper> {
  const url = arxivIdUrl(base, id);
  const { text } = await fetcher.get(url, 'application/atom+xml');
  const { papers, unusable } = readArxivResponse(text, url);
  const paper = papers.find((candidate) => candidate.entry.arxiv === id) ?? papers[0];
  if (paper !== undefined) return paper;
  const problem = unusable[0];
  if (problem !== undefined) {
    throw new FetchError(
      'invalid',
      url,
      `${ARXIV_SERVICE} sent a record of ${id} that cannot be used (${problem.message}); if it persists, add the paper by hand with --offline`,
    );
  }
  throw new FetchError('not-found', url, `arXiv has no paper ${id}: check the id (https://arxiv.org/abs/${id})`);
}

/**
 * Papers whose title contains the words of `title` as a phrase (arXiv's `ti:"..."` search). The
 * words are the normalized title's, so punctuation and TeX cannot break the query; the caller
 * decides which result, if any, is the paper.
 */
export async function searchArxivByTitle(
  title: string,
  fetcher: PoliteFetcher,
  base = arxivApiUrl(),
  maxResults = 5,
): Promise<{ url: string; papers: ArxivPaper[]; response: FetchedText }> {
  const words = normalizeTitle(title);
  const url = arxivQueryUrl(base, { search_query: `ti:"${words}"`, max_results: String(maxResults) });
  const response = await fetcher.get(url, 'application/atom+xml');
  return { url, papers: readArxivResponse(response.text, url).papers, response };
}

/** The URL `fetchArxivPaper` asks for `id`. */
export function arxivIdUrl(base: string, id: string): string {
  return arxivQueryUrl(base, { id_list: id, max_results: '1' });
}
