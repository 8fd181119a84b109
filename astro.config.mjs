// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { katexWoff2Only } from './src/lib/katex-css.ts';
import { KATEX_OPTIONS } from './src/lib/katex-options.ts';
import { rehypeMathSearchText } from './src/lib/rehype-math-search-text.ts';
import { rehypeFailOnMathErrors, rehypePaperSanitize } from './src/lib/rehype-paper-safety.ts';
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
    build: {
      // Fonts stay files: inlined into the KaTeX stylesheet they would weigh on every page with math.
      assetsInlineLimit: 0,
    },
  },
  markdown: {
    // Abstracts hold no code blocks; skipping Shiki keeps large builds fast.
    syntaxHighlight: false,
    // Astro 7's default processor does not run remark/rehype plugins; math needs unified().
    processor: unified({
      remarkPlugins: [remarkMath],
      // Raw HTML in a paper is dropped when Markdown becomes HTML, before anything else sees it.
      remarkRehype: { allowDangerousHtml: false },
      rehypePlugins: [rehypePaperSanitize, [rehypeKatex, KATEX_OPTIONS], rehypeMathSearchText, rehypeFailOnMathErrors],
    }),
  },
});
