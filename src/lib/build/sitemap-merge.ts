/**
 * Merges the sitemaps of a sliced build's slices (build-shard.ts) into the sitemap one build would
 * have written: @astrojs/sitemap lists the pages a build rendered, so each slice's sitemap lists its
 * own. Its output is simple and stable (one `<url>` element per page, URLs sorted with
 * `localeCompare(…, 'en', { numeric: true })`, at most 45,000 per file, an index of the files), so the
 * merge keeps each slice's `<url>` elements as written and redoes only the order and the split.
 */

/**
 * @astrojs/sitemap's URL order, `localeCompare(…, 'en', { numeric: true })`, with one collator:
 * `localeCompare` with options builds a collator per call, 7.5 s to sort 119,000 URLs against
 * 0.26 s (the archive patches @astrojs/sitemap the same way: .config/patches).
 */
export const SITEMAP_ORDER = new Intl.Collator('en', { numeric: true });

/** URLs per sitemap file: @astrojs/sitemap's default `entryLimit`. */
export const SITEMAP_ENTRY_LIMIT = 45_000;

export interface SitemapFiles {
  /** `sitemap-index.xml`'s content. */
  index: string;
  /** `sitemap-<n>.xml` contents, n from 0. */
  parts: string[];
}

function between(xml: string, open: string, close: string): { head: string; items: string[]; tail: string } {
  const first = xml.indexOf(open);
  const last = xml.lastIndexOf(close);
  if (first < 0 || last < 0) throw new Error(`Not a sitemap of the expected form: no ${open}…${close} element`);
  const body = xml.slice(first, last + close.length);
  const items = body
    .split(close)
    .filter((part) => part !== '')
    .map((part) => `${part}${close}`);
  if (items.some((item) => !item.startsWith(open)))
    throw new Error(`Not a sitemap of the expected form: text between ${close} and ${open}`);
  return { head: xml.slice(0, first), items, tail: xml.slice(last + close.length) };
}

const locOf = (item: string): string => /<loc>([^<]*)<\/loc>/.exec(item)?.[1] ?? '';

/** One sitemap from the slices' sitemaps; pages listed by several slices (home, about) appear once. */
export function mergeSitemaps(slices: readonly SitemapFiles[]): SitemapFiles {
  const [first] = slices;
  if (!first || first.parts.length === 0) throw new Error('No sitemap to merge');
  const frame = between(first.parts[0] ?? '', '<url>', '</url>');
  const urls = new Map<string, string>();
  for (const slice of slices) {
    for (const part of slice.parts) {
      for (const item of between(part, '<url>', '</url>').items) {
        const loc = locOf(item);
        const seen = urls.get(loc);
        if (seen !== undefined && seen !== item)
          throw new Error(`The slices list ${loc} differently in their sitemaps`);
        urls.set(loc, item);
      }
    }
  }
  const sorted = [...urls.keys()].sort(SITEMAP_ORDER.compare);
  const parts: string[] = [];
  for (let at = 0; at < sorted.length; at += SITEMAP_ENTRY_LIMIT) {
    const items = sorted.slice(at, at + SITEMAP_ENTRY_LIMIT).map((loc) => urls.get(loc) ?? '');
    parts.push(`${frame.head}${items.join('')}${frame.tail}`);
  }
  const index = between(first.index, '<sitemap>', '</sitemap>');
  const prefix = locOf(index.items[0] ?? '').replace(/sitemap-\d+\.xml$/, '');
  const entries = parts.map((_, n) => `<sitemap><loc>${prefix}sitemap-${n}.xml</loc></sitemap>`);
  return { index: `${index.head}${entries.join('')}${index.tail}`, parts };
}
