/**
 * The patch to Astro's page rendering (.config/patches/astro+*.patch): a page rendered whole keeps
 * the bytes its body was made from, and a static build writes those bytes instead of reading the
 * body back through a stream, once in the prerenderer and once more when it writes the page; and
 * a page that a file in public/ would overwrite is found in one listing of that folder.
 */
import fs from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { createComponent, render } from 'astro/runtime/server/index.js';
import { describe, expect, it, vi } from 'vitest';
import { renderForPrerender } from '../../../node_modules/astro/dist/core/app/prerender.js';
import { renderPath } from '../../../node_modules/astro/dist/core/build/generate.js';

const PAGE_BYTES = Symbol.for('paper-archive:page-bytes');
const bytesOf = (response: Response): Uint8Array | undefined =>
  (response as unknown as Record<symbol, Uint8Array | undefined>)[PAGE_BYTES];

/** A response whose body fails if anything reads it, carrying `bytes` as a rendered page does. */
function pageResponse(bytes: Uint8Array): Response {
  const body = new ReadableStream({
    pull: () => {
      throw new Error('the body was read');
    },
  });
  const response = new Response(body, { status: 200, headers: { 'Content-Type': 'text/html' } });
  Object.defineProperty(response, PAGE_BYTES, { value: bytes });
  return response;
}

/**
 * The build's `renderPath` for the static page `/<name>/` of a site in `root` (its `public/` and
 * `dist/`), rendered by a prerenderer that answers `response`.
 */
function renderPage(root: string, name: string, response: Response, logger?: unknown) {
  const route = {
    type: 'page',
    route: `/${name}`,
    component: `src/pages/${name}.astro`,
    pathname: `/${name}`,
    isIndex: false,
    params: [],
    segments: [[{ content: name, dynamic: false, spread: false }]],
    fallbackRoutes: [],
  };
  const options = {
    settings: {
      config: {
        base: '/',
        build: { format: 'directory' },
        trailingSlash: 'ignore',
        publicDir: pathToFileURL(join(root, 'public/')),
      },
    },
    origin: 'http://x.org',
    outputDirectories: { client: pathToFileURL(join(root, 'dist/')) },
    routesList: { routes: [] },
  };
  const prerenderer = { render: () => Promise.resolve({ response, metadata: undefined }) };
  return renderPath({ prerenderer, pathname: `/${name}/`, route, options, logger } as never);
}

const html = '<!DOCTYPE html><html><body><p>Fermi–Dirac at 10<sup>3</sup> K: “é”</p></body></html>';

describe('a page rendered whole (Astro patched)', () => {
  it('keeps the bytes of its body beside it', async () => {
    const Page = createComponent(() => render`<html><body><p>Fermi–Dirac: “é”</p></body></html>`);
    const container = await AstroContainer.create();
    const response = await container.renderToResponse(Page);
    const bytes = bytesOf(response);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const text = await response.text();
    expect(text).toContain('“é”');
    expect(new TextDecoder().decode(bytes)).toBe(text);
  });

  it('has a body that gives those very bytes when read, not a copy made with the response', async () => {
    const Page = createComponent(() => render`<html><body><p>ℓ₂ ≤ 1</p></body></html>`);
    const container = await AstroContainer.create();
    const response = await container.renderToResponse(Page);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    // A Response made from the bytes copies them at once (undici), which a static build never reads.
    expect(first.value).toBe(bytesOf(response));
    expect((await reader.read()).done).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(first.value?.byteLength));
  });

  it('is passed on by the prerenderer as it is, its body not read', async () => {
    const bytes = new TextEncoder().encode(html);
    const rendered = pageResponse(bytes);
    const app = { render: () => Promise.resolve(rendered), logger: undefined };
    const { response } = await renderForPrerender(app as never, new Request('http://x.org/a/'));
    expect(response).toBe(rendered);
    expect(bytesOf(response)).toBe(bytes);
  });

  it('is written from its bytes; a response without them is still read whole', async () => {
    const root = await mkdtemp(join(tmpdir(), 'astro-page-bytes-'));
    try {
      const bytes = new TextEncoder().encode(html);
      const written = async (response: Response): Promise<string | undefined> => {
        const result = await renderPage(root, 'a', response);
        return result === null ? undefined : Buffer.from(result.body).toString('utf8');
      };
      expect(await written(pageResponse(bytes))).toBe(html);
      expect(await written(new Response(bytes, { status: 200 }))).toBe(html);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('still gives way to a file of the same name in public/, found in one listing of the folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'astro-public-'));
    const looked = vi.spyOn(fs, 'existsSync');
    try {
      await mkdir(join(root, 'public', 'b', 'nested'), { recursive: true });
      await writeFile(join(root, 'public', 'b', 'index.html'), 'a public file');
      const warnings: string[] = [];
      const logger = { warn: (_label: string, message: string) => warnings.push(message) };
      const render = (name: string) =>
        renderPage(root, name, new Response(new TextEncoder().encode(html), { status: 200 }), logger);
      expect(await render('a')).not.toBeNull();
      expect(await render('b')).toBeNull();
      // One listing of public/, not a file looked for per page.
      expect(looked.mock.calls.filter(([file]) => String(file).includes('/public/'))).toEqual([]);
      expect(warnings).toEqual([
        'Skipping src/pages/b.astro because a file with the same name exists in the public folder: b/index.html',
      ]);
      expect(await render('nested')).not.toBeNull();
    } finally {
      looked.mockRestore();
      await rm(root, { recursive: true, force: true });
    }
  });
});
