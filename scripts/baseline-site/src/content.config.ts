import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';

const base = process.env['ARCHIVE_CONTENT_DIR'] ?? '../../content';

export const collections = {
  papers: defineCollection({ loader: glob({ pattern: '*.md', base: `${base}/papers` }) }),
};
