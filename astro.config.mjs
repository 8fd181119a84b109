// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { archiveBuild } from './src/integrations/archive-build.ts';
import { katexWoff2Only } from './src/lib/build/katex-css.ts';
import { PAPER_MARKDOWN } from './src/lib/markdown/paper-markdown.ts';
import { SITE } from './src/site.config.ts';

// The shell sets `_` to the program that started this one (npm, npx, node). Astro inlines private
// environment variables into the code it bundles, and this one reaches the pages' bundle, so the
// incremental build's dependency hashes changed with how the build was started: `npm run build`
// after `node .../astro.mjs build` (as the benchmark runs it) re-rendered every page. Nothing here
// reads it.
delete process.env['_'];

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  trailingSlash: 'always',
  outDir: process.env['ARCHIVE_OUT_DIR'] ?? './dist',
  // The content layer keeps its data store here; builds of different archives running side by side
  // (tests, benchmarks, a developer's own build) each need their own or they read each other's papers.
  cacheDir: process.env['ARCHIVE_CACHE_DIR'] ?? './node_modules/.astro',
  // archiveBuild last: it writes the search index and service worker over everything else's output.
  integrations: [mdx(), sitemap(), archiveBuild({ language: SITE.language })],
  build: {
    // Four pages in flight. When Astro awaited each page's writes (the page and its copy in the
    // incremental cache), one at a time left the build thread idle a third of page generation: 56 s
    // for 10,000 papers' pages against 28 s. Its writes are synchronous now (.config/patches), and
    // four still edge out one: 21.2-22.8 s against 22.7-24.2 s, alternating.
    concurrency: 4,
  },
  experimental: {
    // Pages whose getStaticPaths cacheKey (src/lib/build/page-keys.ts) and templates are unchanged are
    // not rendered again: a new paper re-renders the pages that show it, not the archive.
    incrementalBuild: true,
    // The store in files of 20 MB, not one string: V8 caps a string near 512 MiB, which one store
    // of all papers reached near 150,000 of them (docs/scaling.md).
    collectionStorage: 'chunked',
  },
  vite: {
    plugins: [katexWoff2Only()],
    // Test and benchmark scratch archives (hundreds of thousands of files) are not the site's sources.
    server: { watch: { ignored: ['**/.cache/**', '**/dist-offline/**'] } },
    // The search workers (src/scripts/search-worker.ts) are module workers that import Pagefind.
    worker: { format: 'es' },
    build: {
      // Kept between builds, so pages the incremental build skips stay in place; archiveBuild
      // removes what this build did not produce.
      emptyOutDir: false,
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
