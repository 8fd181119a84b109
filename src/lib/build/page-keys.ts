import { createHash } from 'node:crypto';
import { SITE } from '../../site.config.ts';
import type { SitePaper, TopicInfo } from '../site/archive.ts';

/**
 * Keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose `cacheKey`
 * and templates are unchanged since the last build is not rendered again. Astro hashes the
 * templates and the code they import; the key is a digest of the data the page shows, and must
 * hold all of it, or an edit would leave a stale page. The site's identity (URL, base, repository)
 * comes from the environment at run time, not from code Astro hashes, so every key holds it too.
 */

const SITE_IDENTITY = JSON.stringify(SITE);

/** The cacheKey of a page that shows `shown` (anything JSON can hold; dates become ISO strings). */
export function pageKey(shown: unknown): string {
  return createHash('sha256').update(SITE_IDENTITY).update('\0').update(JSON.stringify(shown)).digest('base64url');
}

/**
 * Everything a paper contributes to a page: its file, the taxonomy and the abstract renderer, as the
 * content layer's digest says (src/lib/build/paper-loader.ts; the abstract rendered from it is
 * kept by it too), or, when it has none, its data and what a list shows of its abstract (a paper
 * page needs the digest).
 */
export function paperKey(paper: Pick<SitePaper, 'slug' | 'digest' | 'data' | 'excerpt'>): unknown {
  return paper.digest === undefined ? [paper.slug, paper.data, paper.excerpt] : [paper.slug, paper.digest];
}

/** A paper as a link to it shows it: where it is and its title. */
export function linkKey(paper: Pick<SitePaper, 'slug' | 'data'> | undefined): unknown {
  return paper === undefined ? null : [paper.slug, paper.data.title];
}

/** A topic as its pages show it (not its papers: their keys are listed where they are shown). */
export function topicKey(topic: Pick<TopicInfo, 'id' | 'name' | 'description'>): unknown {
  return [topic.id, topic.name, topic.description];
}

/**
 * The key of one page of a list: `shown` is everything the page shows besides its papers (its
 * place, pager and links: whatever the page's view holds, as month-archive.ts and title-buckets.ts
 * give it), `papers` the papers it lists and `context` anything else (the topic of a topic page).
 * Nothing else goes in: a list page that holds a total or the last page's number would be
 * rendered again with every paper added.
 */
export function listKey(shown: unknown, papers: readonly Parameters<typeof paperKey>[0][], context?: unknown): string {
  return pageKey([shown, papers.map(paperKey), context ?? null]);
}

/** A list page's view without its items, for `listKey`. */
export function withoutItems<T extends { items: unknown }>(view: T): Omit<T, 'items'> {
  const { items: _items, ...rest } = view;
  return rest;
}
