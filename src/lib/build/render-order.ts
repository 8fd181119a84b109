/**
 * The order a build renders its pages in: the paper pages first, in the order their route lists
 * them (the search index's order: searchIndexOrder in paper-sort.ts), then every other page in
 * Astro's own order.
 *
 * Why: a cold build indexes each paper page as soon as it is written (index-while-rendering.ts),
 * and Pagefind can write a shard's index only once the shard's last page has come. Astro renders
 * routes by priority, so the title index (`/papers/by-title/…`, a static segment) came before the
 * papers: 304 pages at 10,000 papers, 4,144 at 100,000 (6-7 s), rendered while Pagefind had no page
 * to index, and at the end the main thread waited for Pagefind to finish the last shard. Rendered
 * after the papers, those pages overlap Pagefind finishing instead. Alternating cold builds: at
 * 100,000 papers 316.3, 320.7 and 343.4 s against 387.6, 357.0 and 315.4 s (two pairs of three
 * faster; content sync, which the order does not touch, moved by 10-20 s between the builds of a
 * pair); at 10,000 a mean of 38.6 s against 39.8 s over eight pairs (four faster). Within the noise
 * at both sizes; the end of a 100,000-paper build is now Pagefind (docs/scaling.md). The order
 * changes no output: `dist/` was the same file for file, and the incremental-equals-cold build
 * test compares.
 */
import type { AstroPrerenderer, PathWithRoute } from 'astro';

/** The route of a paper's page (`src/pages/papers/[slug].astro`), as Astro names routes. */
export const PAPER_PAGE_ROUTE = '/papers/[slug]';

/** `paths` with those `first` picks moved to the front, each group in its own order. */
export function renderFirst<T>(paths: readonly T[], first: (path: T) => boolean): T[] {
  const front: T[] = [];
  const rest: T[] = [];
  for (const path of paths) (first(path) ? front : rest).push(path);
  return [...front, ...rest];
}

function isPaperPage(path: PathWithRoute): boolean {
  return path.route.route === PAPER_PAGE_ROUTE;
}

/**
 * Astro's prerenderer (`astro:build:start`'s `setPrerenderer`), rendering the paper pages first:
 * everything else is `base`'s own, reached through the prototype, so a prerenderer that keeps its
 * state on `this` (set up, then asked for paths and pages) keeps it on the one object.
 */
export function paperPagesFirst(base: AstroPrerenderer): AstroPrerenderer {
  const ordered = Object.create(base) as AstroPrerenderer;
  ordered.name = `${base.name}, paper pages first`;
  ordered.getStaticPaths = async function (this: AstroPrerenderer) {
    const found = await base.getStaticPaths.call(this);
    // A bare array is Astro's older, deprecated form: kept as it came.
    return Array.isArray(found)
      ? renderFirst(found, isPaperPage)
      : { ...found, paths: renderFirst(found.paths, isPaperPage) };
  };
  return ordered;
}
