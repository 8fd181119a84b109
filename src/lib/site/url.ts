import { SITE } from '../../site.config.ts';

/**
 * Every internal link on the site goes through here, so the whole site moves under a base path
 * (`/paper-archive/` on GitHub Pages) by changing one setting.
 */

/** `path` (with or without a leading slash) under `base` (with or without a trailing slash). */
export function joinBase(base: string, path: string): string {
  const prefix = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  return prefix + path.replace(/^\/+/, '');
}

/**
 * The base path the site is built with: Astro's `import.meta.env.BASE_URL` inside the build (Vite
 * replaces that exact expression, so it must be written out in full), else the site config when
 * this module runs outside Vite (plain Node scripts have no `import.meta.env`).
 */
function currentBase(): string {
  try {
    return import.meta.env.BASE_URL;
  } catch {
    return SITE.base;
  }
}

/** An internal link: `href('papers/')` is `/papers/`, or `/paper-archive/papers/` under a base path. */
export function href(path: string): string {
  return joinBase(currentBase(), path);
}

/** The absolute URL of an internal path, for canonical links, feeds and metadata. */
export function absoluteUrl(path: string, site: string = SITE.url, base: string = currentBase()): string {
  return new URL(joinBase(base, path), site).href;
}

/** The site map's paths, relative to the base. */
export const paths = {
  home: '',
  papers: (page = 1): string => (page <= 1 ? 'papers/' : `papers/${page}/`),
  papersByTitle: (page = 1): string => (page <= 1 ? 'papers/by-title/' : `papers/by-title/${page}/`),
  paper: (slug: string): string => `papers/${slug}/`,
  paperBibtex: (slug: string): string => `papers/${slug}.bib`,
  topics: 'topics/',
  topic: (id: string, page = 1): string => (page <= 1 ? `topics/${id}/` : `topics/${id}/${page}/`),
  topicFeed: (id: string): string => `topics/${id}/feed.xml`,
  feed: 'feed.xml',
  papersJson: 'papers.json',
  about: 'about/',
  search: 'search/',
  sitemap: 'sitemap-index.xml',
} as const;

/** Where a contributor edits a paper's file in the repository's web editor. */
export function editUrl(slug: string, repository: string = SITE.repository, branch: string = SITE.branch): string {
  return `${repository.replace(/\/+$/, '')}/edit/${branch}/content/papers/${encodeURIComponent(slug)}.md`;
}
