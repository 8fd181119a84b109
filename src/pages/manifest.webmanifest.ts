import type { APIRoute } from 'astro';
import { href } from '../lib/site/url.ts';
import { SITE } from '../site.config.ts';

/**
 * The web app manifest: with it (and the service worker) the site installs as an app that opens
 * its home page, offline included. Start URL, scope and icons sit under the base path, so a
 * project site at /paper-archive/ installs as its own app, not as the whole github.io host.
 * Colors are the light theme's (a manifest has one set); the page's theme-color meta tags follow
 * the system theme where browsers support it.
 */
export const GET: APIRoute = () => {
  const manifest = {
    name: SITE.title,
    short_name: SITE.title,
    description: SITE.description,
    lang: SITE.language,
    id: href(''),
    start_url: href(''),
    scope: href(''),
    display: 'standalone',
    background_color: '#fcfcfb',
    theme_color: '#0b55c4',
    categories: ['education', 'books'],
    icons: [
      { src: href('icons/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: href('icons/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: href('icons/maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: href('icons/icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
    shortcuts: [
      { name: 'Search', url: href('search/'), icons: [{ src: href('icons/icon-192.png'), sizes: '192x192' }] },
    ],
  };
  return new Response(`${JSON.stringify(manifest, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/manifest+json' },
  });
};
