/**
 * A static file server for browser tests: serves a built site (dist/) on 127.0.0.1 at a random
 * port, under a base path, the way GitHub Pages would: directory URLs serve index.html, a
 * directory without its trailing slash redirects, unknown paths get 404.html with status 404.
 * It records every request so tests can check what a page fetched.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types by extension; what is missing is served as application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.bib': 'application/x-bibtex; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
};

export interface StaticServerOptions {
  /** Directory to serve (the built site). */
  root: string;
  /** Path prefix the site lives under, e.g. `/paper-archive/`; default `/`. */
  base?: string;
  /** Extra response headers for every file (e.g. caching headers a service-worker test needs). */
  headers?: Readonly<Record<string, string>>;
}

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The site's root URL: origin + base, ending in `/`. */
  url: string;
  /** Every request served so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

async function fileAt(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the server; `close()` it in afterAll. */
export async function serveStatic(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const base = normalizeBase(options.base ?? '/');
  const requests: ServedRequest[] = [];

  const send = (response: ServerResponse, status: number, path: string | undefined, request: IncomingMessage) => {
    const headers: Record<string, string> = { ...options.headers };
    if (path === undefined) {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(status === 404 ? 'Not found' : 'Error');
      return;
    }
    headers['Content-Type'] = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    response.writeHead(status, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
  };

  const notFound = async (response: ServerResponse, request: IncomingMessage): Promise<number> => {
    const page = join(root, '404.html');
    send(response, 404, (await fileAt(page)) === 'file' ? page : undefined, request);
    return 404;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<number> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return 405;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400);
      response.end();
      return 400;
    }
    if (`${pathname}/` === base) {
      response.writeHead(301, { Location: base + url.search });
      response.end();
      return 301;
    }
    if (!pathname.startsWith(base)) return notFound(response, request);
    const relative = normalize(pathname.slice(base.length));
    const target = resolve(root, relative);
    // Never serve outside the root, whatever `..` or encoded tricks the path holds.
    if (target !== root && !target.startsWith(root + sep)) return notFound(response, request);
    const kind = await fileAt(target);
    if (kind === 'file') {
      send(response, 200, target, request);
      return 200;
    }
    if (kind === 'directory') {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        response.end();
        return 301;
      }
      const index = join(target, 'index.html');
      if ((await fileAt(index)) === 'file') {
        send(response, 200, index, request);
        return 200;
      }
    }
    return notFound(response, request);
  };

  const server = createServer((request, response) => {
    handle(request, response).then(
      (status) => requests.push({ method: request.method ?? 'GET', path: request.url ?? '', status }),
      (error: unknown) => {
        requests.push({ method: request.method ?? 'GET', path: request.url ?? '', status: 500 });
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + base,
    requests,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}
