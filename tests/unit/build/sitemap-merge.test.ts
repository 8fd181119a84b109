import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeSitemaps, SITEMAP_ENTRY_LIMIT, SITEMAP_ORDER } from '../../../src/lib/build/sitemap-merge.ts';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
const TAIL = '</urlset>';
const url = (path: string) => `<url><loc>https://x.org/${path}</loc></url>`;
const part = (...paths: string[]) => `${HEAD}${paths.map(url).join('')}${TAIL}`;
const index = (count: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
    { length: count },
    (_, n) => `<sitemap><loc>https://x.org/sitemap-${n}.xml</loc></sitemap>`,
  ).join('')}</sitemapindex>`;

describe('mergeSitemaps', () => {
  it('lists every slice’s pages once, in @astrojs/sitemap’s order (numeric-aware)', () => {
    const merged = mergeSitemaps([
      { index: index(1), parts: [part('', 'about/', 'papers/10/', 'papers/b/')] },
      { index: index(1), parts: [part('', 'about/', 'papers/2/', 'papers/a/')] },
    ]);
    expect(merged.parts).toEqual([part('', 'about/', 'papers/2/', 'papers/10/', 'papers/a/', 'papers/b/')]);
    expect(merged.index).toBe(index(1));
  });

  it('splits into files of at most 45,000 pages and indexes them all', () => {
    const paths = Array.from({ length: SITEMAP_ENTRY_LIMIT + 2 }, (_, i) => `papers/p${i}/`);
    const merged = mergeSitemaps([
      { index: index(1), parts: [part(...paths.slice(0, 30_000))] },
      { index: index(1), parts: [part(...paths.slice(30_000))] },
    ]);
    expect(merged.parts).toHaveLength(2);
    expect(merged.index).toBe(index(2));
    expect(merged.parts[1]).toBe(part(`papers/p${SITEMAP_ENTRY_LIMIT}/`, `papers/p${SITEMAP_ENTRY_LIMIT + 1}/`));
  });

  it('refuses slices that list one page differently, and files that are not sitemaps', () => {
    const other = `${HEAD}<url><loc>https://x.org/about/</loc><lastmod>2025-01-01</lastmod></url>${TAIL}`;
    expect(() =>
      mergeSitemaps([
        { index: index(1), parts: [part('about/')] },
        { index: index(1), parts: [other] },
      ]),
    ).toThrow(/list https:\/\/x\.org\/about\/ differently/);
    expect(() => mergeSitemaps([{ index: index(1), parts: ['<html></html>'] }])).toThrow(/Not a sitemap/);
  });
});

describe('the sitemap order', () => {
  const urls = [
    'https://x.org/papers/b/',
    'https://x.org/papers/10/',
    'https://x.org/papers/2/',
    'https://x.org/papers/Écoles/',
    'https://x.org/papers/ecole/',
    'https://x.org/papers/a-1/',
    'https://x.org/papers/a-10/',
    'https://x.org/papers/a-9/',
    'https://x.org/',
    'https://x.org/papers/B/',
  ];
  const reference = [...urls].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

  it('is localeCompare in English with numbers compared as numbers', () => {
    expect([...urls].sort(SITEMAP_ORDER.compare)).toEqual(reference);
  });

  it('is what the installed @astrojs/sitemap writes, patched to sort with one collator (.config/patches)', async () => {
    const file = join(import.meta.dirname, '../../../node_modules/@astrojs/sitemap/dist/generate-sitemap.js');
    // The patch is applied by `npm install` (postinstall: patch-package); without it, sorting a
    // large archive's URLs took seconds (a collator built per comparison).
    expect(readFileSync(file, 'utf8')).not.toContain('localeCompare');
    const { generateSitemap } = (await import(pathToFileURL(file).href)) as {
      generateSitemap: (pages: string[], site: string) => { url: string }[];
    };
    expect(generateSitemap(urls, 'https://x.org/').map((entry) => entry.url)).toEqual(reference);
  });
});
