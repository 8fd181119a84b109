// The benchmark's plain baseline: what a straightforward Astro 7 + KaTeX + Pagefind archive does
// with the same papers (Astro's glob loader and Markdown renderer, one simple page per paper).
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

export default defineConfig({
  outDir: process.env['ARCHIVE_OUT_DIR'] ?? './dist',
  cacheDir: process.env['ARCHIVE_CACHE_DIR'] ?? './node_modules/.astro',
  markdown: { processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }) },
});
