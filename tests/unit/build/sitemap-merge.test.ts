import { describe, expect, it } from 'vitest';
import { mergeSitemaps, SITEMAP_ENTRY_LIMIT } from '../../../src/lib/build/sitemap-merge.ts';

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
