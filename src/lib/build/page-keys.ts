import { createHash } from 'node:crypto';
import { SITE } from '../../site.config.ts';
import type { Page } from 'astro';
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
 * content layer's digest says (src/lib/build/paper-loader.ts), or its data and abstract when it has none.
 */
export function paperKey(paper: Pick<SitePaper, 'slug' | 'digest' | 'data' | 'abstractText'>): unknown {
  return paper.digest === undefined ? [paper.slug, paper.data, paper.abstractText] : [paper.slug, paper.digest];
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
 * The key of one page of a paginated list: where it is in the list (its number, the last page's and
 * the total, which the pager and the heading show) and its papers; `context` is whatever else the
 * page shows (the topic of a topic page).
 */
export function listKey(
  page: Pick<Page, 'currentPage' | 'lastPage' | 'total'> & { data: readonly Parameters<typeof paperKey>[0][] },
  context?: unknown,
): string {
  return pageKey([page.currentPage, page.lastPage, page.total, page.data.map(paperKey), context ?? null]);
}
