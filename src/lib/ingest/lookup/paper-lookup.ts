/**
 * A paper named by an identifier (an arXiv id, a DOI, or a URL of either) and its metadata
 * fetched from the service that owns it: arXiv ids (and arXiv's own DOIs, 10.48550/arXiv.ID)
 * from the arXiv API, other DOIs from Crossref. What comes back is a `RawPaper`, the same shape
 * every input parser makes, so `npm run new` and the ingest treat it like any other input.
 */
import { arxivApiUrl, ARXIV_SERVICE, fetchArxivPaper } from './arxiv-api.ts';
import { crossrefApiUrl, CROSSREF_SERVICE, fetchCrossrefWork } from './crossref-api.ts';
import { bareDoi } from '../../paper/identifiers.ts';
import { normalizeArxivId } from '../../paper/identity.ts';
import { FetchError, policyFor, politeFetcher, type PoliteFetcher } from './polite-fetch.ts';
import type { RawPaper } from '../inputs/raw-paper.ts';

export type PaperReference = { kind: 'arxiv'; id: string } | { kind: 'doi'; doi: string };

/**
 * What `text` names: `2401.01234`, `arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234`
 * (or /pdf/, /html/), `hep-th/9901001`, `10.1103/PhysRevD.76.013009`, `doi:10...`,
 * `https://doi.org/10...`; `undefined` when it is none of these.
 */
export function parsePaperReference(text: string): PaperReference | undefined {
  const value = text.trim();
  if (/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?10\.\d{4,9}\//i.test(value)) {
    // A DOI URL may be percent-encoded (10.1000%2Fxyz); the DOI is registered with its case kept.
    const doi = bareDoi(decodeURIComponent(value));
    if (doi === undefined) return undefined;
    const arxiv = /^10\.48550\/arxiv\.(.+)$/i.exec(doi)?.[1];
    const id = arxiv === undefined ? undefined : normalizeArxivId(arxiv);
    return id === undefined ? { kind: 'doi', doi } : { kind: 'arxiv', id };
  }
  const url = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(.+?)\/?$/i.exec(value);
  // A URL names a paper only on arxiv.org or doi.org.
  if (url === null && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  const id = normalizeArxivId(url === null ? value.replace(/^arxiv:\s*/i, '') : (url[1] ?? '').replace(/\.pdf$/i, ''));
  return id === undefined ? undefined : { kind: 'arxiv', id };
}

export interface LookupClients {
  arxiv: PoliteFetcher;
  crossref: PoliteFetcher;
  arxivBase: string;
  crossrefBase: string;
}

/** One polite fetcher per service, with base URLs and manners from the environment. */
export function lookupClients(
  env: NodeJS.ProcessEnv = process.env,
  onWait?: (reason: string, ms: number) => void,
): LookupClients {
  const arxivBase = arxivApiUrl(env);
  const crossrefBase = crossrefApiUrl(env);
  return {
    arxivBase,
    crossrefBase,
    arxiv: politeFetcher({ service: ARXIV_SERVICE, policy: policyFor(arxivBase, env), onWait }),
    crossref: politeFetcher({ service: CROSSREF_SERVICE, policy: policyFor(crossrefBase, env), onWait }),
  };
}

/**
 * The paper `reference` names, with `source` saying where its metadata came from and `notes` what
 * was changed to read it (a field cut to a paper file's limit), for the caller to show.
 */
export async function lookupPaper(
  reference: PaperReference,
  clients: LookupClients,
): Promise<{ paper: RawPaper; source: string; notes: readonly string[] }> {
  if (reference.kind === 'arxiv') {
    const { entry, notes } = await fetchArxivPaper(reference.id, clients.arxiv, clients.arxivBase);
    return { paper: entry, source: `arXiv API (arXiv:${reference.id})`, notes };
  }
  const paper = await fetchCrossrefWork(reference.doi, clients.crossref, clients.crossrefBase);
  if (paper.title === '') {
    throw new FetchError(
      'not-found',
      paper.file,
      `Crossref's record for ${reference.doi} has no title: add the paper by hand with --offline`,
    );
  }
  return { paper, source: `Crossref (doi:${reference.doi})`, notes: [] };
}
