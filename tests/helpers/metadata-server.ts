/**
 * A stand-in for the arXiv API and Crossref on 127.0.0.1, serving recorded responses from
 * tests/fixtures/metadata/ so that no test touches the internet:
 *
 *   GET /api/query?id_list=ID              -> arxiv/id-ID.xml, else arxiv/empty.xml (no such paper)
 *   GET /api/query?search_query=ti:"words" -> arxiv/search-words-joined-by-hyphens.xml, else arxiv/empty.xml
 *   GET /crossref/works/DOI                -> crossref/work-DOI.json (lower case, "/" as "_"), else 404
 *
 * A test can script misbehaviour (429 then success, a stall, a broken body) with `script`, which
 * sees each request and its number and may answer instead of the fixtures. Every request is
 * recorded, with its User-Agent, so tests can count requests and check manners.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const METADATA_FIXTURES = 'tests/fixtures/metadata';

export interface RecordedRequest {
  path: string;
  userAgent: string;
  status: number;
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the client's timeout must end the request). */
  stall?: boolean;
}

export interface MetadataServer {
  origin: string;
  /** What ARXIV_API_URL should be. */
  arxivUrl: string;
  /** What CROSSREF_API_URL should be. */
  crossrefUrl: string;
  requests: RecordedRequest[];
  /** The environment for a CLI run against this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface MetadataServerOptions {
  root?: string;
  script?: (url: URL, index: number) => ScriptedAnswer | undefined;
}

function fixture(root: string, name: string): string | undefined {
  const path = join(root, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function answer(root: string, url: URL): ScriptedAnswer {
  const atom = { 'Content-Type': 'application/atom+xml; charset=utf-8' };
  if (url.pathname === '/api/query') {
    const id = url.searchParams.get('id_list');
    const search = url.searchParams.get('search_query');
    let body: string | undefined;
    if (id !== null && id !== '') body = fixture(root, `arxiv/id-${id.replace(/\//g, '_')}.xml`);
    else if (search !== null) {
      const words = /^ti:"(.*)"$/.exec(search)?.[1] ?? search;
      body = fixture(root, `arxiv/search-${words.replace(/\s+/g, '-')}.xml`);
    }
    return { status: 200, headers: atom, body: body ?? fixture(root, 'arxiv/empty.xml') ?? '' };
  }
  const work = /^\/crossref\/works\/(.+)$/.exec(url.pathname);
  if (work !== null) {
    const doi = decodeURIComponent(work[1] ?? '').toLowerCase();
    const body = fixture(root, `crossref/work-${doi.replace(/\//g, '_')}.json`);
    if (body === undefined)
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Resource not found.' };
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
  }
  return { status: 404, body: 'not found' };
}

export async function serveMetadata(options: MetadataServerOptions = {}): Promise<MetadataServer> {
  const root = options.root ?? METADATA_FIXTURES;
  const requests: RecordedRequest[] = [];
  const stalled: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const index = requests.length;
    const reply = options.script?.(url, index) ?? answer(root, url);
    requests.push({
      path: `${url.pathname}${url.search}`,
      userAgent: request.headers['user-agent'] ?? '',
      status: reply.stall === true ? 0 : reply.status,
      at: Date.now(),
    });
    if (reply.stall === true) {
      stalled.push(response);
      return;
    }
    response.writeHead(reply.status, reply.headers ?? {});
    response.end(reply.body ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const arxivUrl = `${origin}/api`;
  const crossrefUrl = `${origin}/crossref`;
  return {
    origin,
    arxivUrl,
    crossrefUrl,
    requests,
    env: { ARXIV_API_URL: arxivUrl, CROSSREF_API_URL: crossrefUrl },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of stalled) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
