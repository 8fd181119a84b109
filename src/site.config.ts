/**
 * The site's identity, set in one place. Deployments override the URL and base path through the
 * environment (the GitHub Pages workflow sets both from the repository name).
 */
export const SITE = {
  title: 'Paper Archive',
  description: 'Machine-learning research papers with readable math, topic indexes and search that works offline.',
  /** Absolute origin the site is served from, used for canonical URLs, feeds and the sitemap. */
  url: process.env['SITE_URL'] ?? 'https://example.github.io',
  /** Path prefix when served from a sub-directory, e.g. `/paper-archive/` on GitHub Pages. */
  base: process.env['BASE_PATH'] ?? '/',
  /** Where contributors edit papers; "edit this paper" links point into it. */
  repository: process.env['SITE_REPOSITORY'] ?? 'https://github.com/example/paper-archive',
  /** The branch "edit this paper" links open. */
  branch: 'main',
  language: 'en',
} as const;
