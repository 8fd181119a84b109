/**
 * What the service worker stores on a reader's first visit, so that the site works offline after
 * it. Three groups, in order:
 *
 * 1. the app shell: styles, scripts, KaTeX fonts, icons, the manifest, the home, search and 404
 *    pages (always);
 * 2. the Pagefind bundle: pagefind.js, its worker and wasm, entry, metadata, filter and index
 *    chunks and every fragment (always: search must work offline, and a half-cached index cannot);
 * 3. every other page (papers, topics, lists, about), all or none: all when the three groups fit
 *    in the budget, none otherwise; pages are then cached one by one as they are visited.
 *
 * Feeds, `.bib` files, papers.json and sitemaps are for other programs, not for reading offline.
 * Group 1 and 2 are the same files in the same revision; see docs/search.md for why a reader can
 * never get a mix of an old index and new pages from the precache.
 */

export interface PrecacheCandidate {
  /** Path relative to the site root, as in dist/ (`papers/x/index.html`). */
  url: string;
  size: number;
}

export type PrecacheGroup = 'shell' | 'search' | 'pages' | 'none';

export interface PrecachePlan<T extends PrecacheCandidate> {
  /** What goes into the precache manifest, in the input order. */
  precache: T[];
  /** Whether group 3 fit: every page is precached. Otherwise pages are cached as visited. */
  allPages: boolean;
  bytes: Record<Exclude<PrecacheGroup, 'none'>, number>;
  counts: Record<Exclude<PrecacheGroup, 'none'>, number>;
  budget: number;
  warnings: string[];
}

/** The default budget: what a phone should be asked to store for one site. */
export const DEFAULT_PRECACHE_BUDGET = 25 * 1024 * 1024;

/** Pagefind files the site's own search UI does not use (Pagefind's prebuilt UIs, the playground). */
const UNUSED_PAGEFIND = /^pagefind\/(?:pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)|playground\/)/;
const SHELL_PAGES = new Set(['index.html', 'search/index.html', '404.html']);

/** Which group a built file belongs to. */
export function precacheGroup(url: string): PrecacheGroup {
  if (url.startsWith('pagefind/')) return UNUSED_PAGEFIND.test(url) ? 'none' : 'search';
  if (SHELL_PAGES.has(url)) return 'shell';
  if (/\.(?:css|js|woff2|svg|png|webmanifest)$/.test(url)) {
    // The worker never caches itself or its runtime.
    return url === 'sw.js' || /^workbox-[\w-]+\.js$/.test(url) ? 'none' : 'shell';
  }
  if (url.endsWith('.html')) return 'pages';
  return 'none';
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Chooses what to precache within `budget` bytes (uncompressed sizes, as stored in the cache). */
export function planPrecache<T extends PrecacheCandidate>(
  candidates: readonly T[],
  budget: number = DEFAULT_PRECACHE_BUDGET,
): PrecachePlan<T> {
  const bytes = { shell: 0, search: 0, pages: 0 };
  const counts = { shell: 0, search: 0, pages: 0 };
  const grouped = candidates.map((candidate) => ({ candidate, group: precacheGroup(candidate.url) }));
  for (const { candidate, group } of grouped) {
    if (group === 'none') continue;
    bytes[group] += candidate.size;
    counts[group] += 1;
  }
  const warnings: string[] = [];
  const essential = bytes.shell + bytes.search;
  if (essential > budget) {
    warnings.push(
      `The app shell and search index alone take ${mb(essential)}, over the ${mb(budget)} precache budget; they are precached anyway (search cannot work offline without them), pages are cached as visited.`,
    );
  }
  const allPages = essential + bytes.pages <= budget;
  if (!allPages && essential <= budget) {
    warnings.push(
      `${counts.pages} pages (${mb(bytes.pages)}) do not fit in the ${mb(budget)} precache budget next to the shell and index (${mb(essential)}): pages are cached as they are visited.`,
    );
  }
  const precache = grouped
    .filter(({ group }) => group === 'shell' || group === 'search' || (group === 'pages' && allPages))
    .map(({ candidate }) => candidate);
  return { precache, allPages, bytes, counts, budget, warnings };
}
