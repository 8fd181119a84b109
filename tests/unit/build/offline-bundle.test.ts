import { describe, expect, it } from 'vitest';
import {
  normalizeBase,
  relativeUrl,
  rewriteCss,
  rewriteHtml,
  servedPath,
} from '../../../src/lib/build/offline-bundle.ts';

describe('normalizeBase and servedPath', () => {
  it('normalizes base paths', () => {
    expect(normalizeBase('')).toBe('/');
    expect(normalizeBase('/')).toBe('/');
    expect(normalizeBase('paper-archive')).toBe('/paper-archive/');
    expect(normalizeBase('/paper-archive')).toBe('/paper-archive/');
    expect(normalizeBase('//a/b//')).toBe('/a/b/');
  });

  it('maps files to the paths they are served at', () => {
    expect(servedPath('index.html', '/')).toBe('/');
    expect(servedPath('papers/emo/index.html', '/')).toBe('/papers/emo/');
    expect(servedPath('404.html', '/paper-archive/')).toBe('/paper-archive/404.html');
    expect(servedPath('_astro/site.css', '/paper-archive')).toBe('/paper-archive/_astro/site.css');
  });
});

describe('relativeUrl', () => {
  const cases: [url: string, file: string, base: string, expected: string | undefined][] = [
    ['/papers/', 'index.html', '/', 'papers/index.html'],
    ['/', 'papers/emo/index.html', '/', '../../index.html'],
    ['/topics/scaling-laws/', 'papers/emo/index.html', '/', '../../topics/scaling-laws/index.html'],
    ['/papers/emo.bib', 'papers/emo/index.html', '/', '../emo.bib'],
    ['/_astro/site.css', 'papers/emo/index.html', '/', '../../_astro/site.css'],
    ['/search/?q=a+b&topic=x#top', 'index.html', '/', 'search/index.html?q=a+b&topic=x#top'],
    ['/papers/emo/', 'papers/emo/index.html', '/', 'index.html'],
    ['/papers/emo/#cite', 'papers/emo/index.html', '/', 'index.html#cite'],
    // Under a base path the prefix disappears; what lies outside it is not the site's.
    ['/paper-archive/papers/', 'index.html', '/paper-archive/', 'papers/index.html'],
    ['/paper-archive/', '404.html', '/paper-archive/', 'index.html'],
    ['/other-site/page/', 'index.html', '/paper-archive/', undefined],
    // Relative URLs resolve against the page first.
    ['../other/', 'papers/emo/index.html', '/', '../other/index.html'],
    ['feed.xml', 'topics/x/index.html', '/', 'feed.xml'],
    // Not internal: left alone.
    ['https://arxiv.org/abs/2312.02420', 'papers/emo/index.html', '/', undefined],
    ['//cdn.example.org/x.js', 'index.html', '/', undefined],
    ['mailto:a@example.org', 'index.html', '/', undefined],
    ['data:image/png;base64,AAAA', 'index.html', '/', undefined],
    ['javascript:alert(1)', 'index.html', '/', undefined],
    ['#main', 'index.html', '/', undefined],
    ['', 'index.html', '/', undefined],
    // Characters that need escaping stay escaped; traversal cannot leave the site.
    ['/papers/a%20b/', 'index.html', '/', 'papers/a%20b/index.html'],
    ['/../../etc/passwd', 'index.html', '/', 'etc/passwd'],
    ['/%E0%A4%A', 'index.html', '/', undefined],
  ];
  it.each(cases)('%s in %s (base %s) -> %s', (url, file, base, expected) => {
    expect(relativeUrl(url, file, base)?.url).toBe(expected);
  });

  it('names the file a URL points to', () => {
    expect(relativeUrl('/papers/emo/', 'index.html', '/')?.target).toBe('papers/emo/index.html');
    expect(relativeUrl('/paper-archive/_astro/x.js?v=1', 'a/index.html', '/paper-archive/')?.target).toBe(
      '_astro/x.js',
    );
  });

  it('keeps a directory a directory when asked (a base that scripts extend)', () => {
    expect(relativeUrl('/', 'search/index.html', '/', true)?.url).toBe('../');
    expect(relativeUrl('/paper-archive/', 'index.html', '/paper-archive/', true)?.url).toBe('./');
    expect(relativeUrl('/papers/', 'papers/emo/index.html', '/', true)?.url).toBe('../');
  });
});

describe('rewriteCss', () => {
  it('rewrites url() in every quoting style, relative to the stylesheet', () => {
    const css =
      '@font-face{src:url(/_astro/KaTeX_Main.woff2) format("woff2")}a{background:url("/icons/a.png")}b{x:url( \'/_astro/b.svg\' )}c{y:url(data:image/png;base64,AA)}d{z:url(#clip)}';
    expect(rewriteCss(css, '_astro/katex.css', '/')).toBe(
      '@font-face{src:url("KaTeX_Main.woff2") format("woff2")}a{background:url("../icons/a.png")}b{x:url("b.svg")}c{y:url(data:image/png;base64,AA)}d{z:url(#clip)}',
    );
  });
});

describe('rewriteHtml', () => {
  const page = `<!doctype html><html lang="en"><head>
<link rel="canonical" href="https://example.github.io/paper-archive/papers/emo/">
<link rel="icon" href="/paper-archive/favicon.svg" type="image/svg+xml">
<link rel="manifest" href="/paper-archive/manifest.webmanifest">
<link rel="modulepreload" href="/paper-archive/_astro/chunk.js">
<link rel="stylesheet" href="/paper-archive/_astro/site.css">
<style>.x{background:url(/paper-archive/icons/a.png)}</style>
<script>var inline = "/paper-archive/not-rewritten/";</script>
<script type="application/ld+json">{"url":"https://example.github.io/paper-archive/papers/emo/"}</script>
</head><body>
<a href="#main">Skip</a>
<a href="/paper-archive/">Home</a>
<form action="/paper-archive/search/" method="get"><input name="q"></form>
<div data-root="/paper-archive/" data-search-path="/paper-archive/search/" style="background:url('/paper-archive/icons/b.png')"></div>
<img src="/paper-archive/icons/a.png" srcset="/paper-archive/icons/a.png 1x, /paper-archive/icons/b.png 2x" alt="">
<a href="https://arxiv.org/abs/2312.02420">arXiv</a>
<script type="module" src="/paper-archive/_astro/Search.js"></script>
</body></html>`;
  const result = rewriteHtml(page, 'papers/emo/index.html', '/paper-archive/', (module) =>
    module.replace(/\.js$/, '.classic.js'),
  );

  it('makes internal URLs relative files, leaves external ones and fragments', () => {
    expect(result.html).toContain('<link rel="icon" href="../../favicon.svg" type="image/svg+xml">');
    expect(result.html).toContain('<link rel="stylesheet" href="../../_astro/site.css">');
    expect(result.html).toContain('<a href="../../index.html">Home</a>');
    expect(result.html).toContain('<form action="../../search/index.html" method="get">');
    expect(result.html).toContain('data-root="../../"');
    expect(result.html).toContain('data-search-path="../../search/index.html"');
    expect(result.html).toContain('src="../../icons/a.png" srcset="../../icons/a.png 1x, ../../icons/b.png 2x"');
    expect(result.html).toContain('.x{background:url("../../icons/a.png")}');
    expect(result.html).toContain(`style="background:url(&#x22;../../icons/b.png&#x22;)"`);
    expect(result.html).toContain('<a href="#main">Skip</a>');
    expect(result.html).toContain('<a href="https://arxiv.org/abs/2312.02420">arXiv</a>');
    expect(result.html).toContain('href="https://example.github.io/paper-archive/papers/emo/"');
  });

  it('turns module scripts into deferred classic ones and drops the manifest and module preloads', () => {
    expect(result.html).toContain('<script src="../../_astro/Search.classic.js" defer></script>');
    expect(result.html).not.toContain('type="module"');
    expect(result.html).not.toContain('manifest');
    expect(result.html).not.toContain('modulepreload');
    expect(result.moduleScripts).toEqual(['_astro/Search.js']);
  });

  it('leaves script contents alone', () => {
    expect(result.html).toContain('var inline = "/paper-archive/not-rewritten/";');
    expect(result.html).toContain('{"url":"https://example.github.io/paper-archive/papers/emo/"}');
  });

  it('lists every internal file the page needs', () => {
    expect(result.targets).toEqual(
      expect.arrayContaining([
        'favicon.svg',
        '_astro/site.css',
        'index.html',
        'search/index.html',
        'icons/a.png',
        'icons/b.png',
        '_astro/Search.classic.js',
      ]),
    );
    expect(result.targets).not.toContain('manifest.webmanifest');
  });
});
