import { describe, expect, it } from 'vitest';
import { absoluteUrl, editUrl, href, joinBase, paths } from '../../../src/lib/site/url.ts';

describe('joinBase', () => {
  it.each([
    ['/', 'papers/', '/papers/'],
    ['/', '/papers/', '/papers/'],
    ['/', '', '/'],
    ['/paper-archive/', 'papers/x/', '/paper-archive/papers/x/'],
    ['/paper-archive', 'papers/x/', '/paper-archive/papers/x/'],
    ['paper-archive', '/feed.xml', '/paper-archive/feed.xml'],
    ['/paper-archive/', '', '/paper-archive/'],
    ['//a//', 'b', '/a/b'],
  ])('base %s + %s = %s', (base, path, expected) => {
    expect(joinBase(base, path)).toBe(expected);
  });
});

describe('href and absoluteUrl', () => {
  it('uses the build’s base path', () => {
    // Vitest's import.meta.env.BASE_URL is "/" like a root build.
    expect(href(paths.topic('scaling-laws'))).toBe('/topics/scaling-laws/');
  });

  it('makes absolute URLs under a site and base', () => {
    expect(absoluteUrl(paths.paper('a-b'), 'https://x.github.io', '/paper-archive/')).toBe(
      'https://x.github.io/paper-archive/papers/a-b/',
    );
    expect(absoluteUrl('', 'https://x.github.io/', '/')).toBe('https://x.github.io/');
  });
});

describe('paths', () => {
  it('maps the site map, page 1 without a number', () => {
    expect(paths.papers()).toBe('papers/');
    expect(paths.papers(1)).toBe('papers/');
    expect(paths.papers(3)).toBe('papers/3/');
    expect(paths.papersByTitle(2)).toBe('papers/by-title/2/');
    expect(paths.topic('gnn', 2)).toBe('topics/gnn/2/');
    expect(paths.paperBibtex('x')).toBe('papers/x.bib');
  });
});

describe('editUrl', () => {
  it('points at the file in the repository’s editor', () => {
    expect(editUrl('my-paper', 'https://github.com/o/r/', 'main')).toBe(
      'https://github.com/o/r/edit/main/content/papers/my-paper.md',
    );
  });
});
