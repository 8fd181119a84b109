import type { APIRoute } from 'astro';
import { absoluteUrl, paths } from '../lib/site/url.ts';

/** Everything may be crawled; the sitemap lists every page. */
export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(paths.sitemap)}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
