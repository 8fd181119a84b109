/**
 * KaTeX's stylesheet lists every font three times (woff2, woff, ttf). Every browser the site
 * supports reads woff2, so the other two only add bytes to the stylesheet and files to dist/
 * (and to the offline copy). This keeps the woff2 source of each @font-face.
 */
export function woff2Only(css: string): string {
  return css.replace(/,\s*url\([^)]*\)\s*format\(\s*["']?(?:woff|truetype)["']?\s*\)/g, '');
}

/** Vite plugin applying `woff2Only` to KaTeX's stylesheet before Vite resolves its font URLs. */
export function katexWoff2Only() {
  return {
    name: 'paper-archive:katex-woff2-only',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!/[\\/]katex[\\/]dist[\\/]katex(?:\.min)?\.css(?:\?|$)/.test(id)) return null;
      return { code: woff2Only(code), map: null };
    },
  };
}
