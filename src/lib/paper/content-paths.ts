import { join } from 'node:path';

/**
 * Where the archive's data lives. Tests and benchmarks point this at fixture archives; the site,
 * the ingest and the check all read it from here.
 */
export const CONTENT_DIR = process.env['ARCHIVE_CONTENT_DIR'] ?? 'content';
/** The site-wide TeX macros every formula may use (src/lib/math/site-macros.ts). */
export const MACROS_FILE = join(CONTENT_DIR, 'macros.yaml');
/** One Markdown file per paper. */
export const PAPERS_DIR = join(CONTENT_DIR, 'papers');
/** The topic taxonomy (src/lib/paper/topics-file.ts reads it). */
export const TOPICS_FILE = join(CONTENT_DIR, 'topics.yaml');
/**
 * Astro's cache folder (astro.config.mjs `cacheDir`), where the build and the ingest keep what the
 * next run can reuse. Deleting it only makes the next run slower.
 */
export const CACHE_DIR = process.env['ARCHIVE_CACHE_DIR'] ?? join('node_modules', '.astro');
