import { SITE } from '../../site.config.ts';
import { monthSegment, type Month } from './month-archive.ts';

/**
 * Every internal link on the site goes through here, so the whole site moves under a base path
 * (`/paper-archive/` on GitHub Pages) by changing one setting.
 */

/** The last base seen and its prefix: a build joins one base to every link of every page. */
let lastBase: string | undefined;
let lastPrefix = '/';

/** `path` (with or without a leading slash) under `base` (with or without a trailing slash). */
export function joinBase(base: string, path: string): string {
  if (base !== lastBase) {
    lastPrefix = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
    lastBase = base;
  }
  return lastPrefix + (path.startsWith('/') ? path.replace(/^\/+/, '') : path);
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

/** `2/` for page 2 of a list; nothing for its first page. */
function pageSuffix(page: number): string {
  return page <= 1 ? '' : `${page}/`;
}

/** The site map's paths, relative to the base (README.md's site map and docs/DESIGN.md list them: they are permanent URLs). */
export const paths = {
  home: '',
  papers: (): string => 'papers/',
  /** The months of a year: `papers/2025/`. */
  papersYear: (year: number): string => `papers/${year}/`,
  /** A month's papers, oldest first: `papers/2025/03/`, `papers/2025/03/2/`. */
  papersMonth: (month: Month, page = 1): string => `papers/${monthSegment(month)}/${pageSuffix(page)}`,
  /** The title index (`prefix` ''), or a bucket of it: `papers/by-title/d/`, `papers/by-title/deep-l/2/`. */
  papersByTitle: (prefix = '', page = 1): string =>
    `papers/by-title/${prefix === '' ? '' : `${prefix}/`}${pageSuffix(page)}`,
  paper: (slug: string): string => `papers/${slug}/`,
  paperBibtex: (slug: string): string => `papers/${slug}.bib`,
  topics: 'topics/',
  topic: (id: string): string => `topics/${id}/`,
  /** A month of a topic, oldest first: `topics/<id>/2025/03/`, `topics/<id>/2025/03/2/`. */
  topicMonth: (id: string, month: Month, page = 1): string => `topics/${id}/${monthSegment(month)}/${pageSuffix(page)}`,
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
