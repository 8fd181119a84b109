// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { katexWoff2Only } from './src/lib/katex-css.ts';
import { PAPER_MARKDOWN } from './src/lib/paper-markdown.ts';
import { SITE } from './src/site.config.ts';

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  trailingSlash: 'always',
  outDir: process.env['ARCHIVE_OUT_DIR'] ?? './dist',
  // The content layer keeps its data store here; builds of different archives running side by side
  // (tests, benchmarks, a developer's own build) each need their own or they read each other's papers.
  cacheDir: process.env['ARCHIVE_CACHE_DIR'] ?? './node_modules/.astro',
  integrations: [mdx(), sitemap()],
  vite: {
    plugins: [katexWoff2Only()],
    // Test and benchmark scratch archives (hundreds of thousands of files) are not the site's sources.
    server: { watch: { ignored: ['**/.cache/**', '**/dist-offline/**'] } },
    build: {
      // Fonts stay files: inlined into the KaTeX stylesheet they would weigh on every page with math.
      assetsInlineLimit: 0,
    },
  },
  markdown: {
    // Abstracts hold no code blocks; skipping Shiki keeps large builds fast.
    syntaxHighlight: false,
    // Astro 7's default processor does not run remark/rehype plugins; math needs unified().
    processor: unified(PAPER_MARKDOWN),
  },
});
