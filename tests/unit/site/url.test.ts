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

  it('follows a change of base, back and forth', () => {
    expect([joinBase('/a/', 'x'), joinBase('/', 'x'), joinBase('/a/', '//x'), joinBase('b', 'x')]).toEqual([
      '/a/x',
      '/x',
      '/a/x',
      '/b/x',
    ]);
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
    const march = { year: 2025, month: 3 };
    expect(paths.papers()).toBe('papers/');
    expect(paths.papersYear(2025)).toBe('papers/2025/');
    expect(paths.papersMonth(march)).toBe('papers/2025/03/');
    expect(paths.papersMonth(march, 1)).toBe('papers/2025/03/');
    expect(paths.papersMonth({ year: 2025, month: 11 }, 3)).toBe('papers/2025/11/3/');
    expect(paths.papersByTitle()).toBe('papers/by-title/');
    expect(paths.papersByTitle('deep-l')).toBe('papers/by-title/deep-l/');
    expect(paths.papersByTitle('0-9', 2)).toBe('papers/by-title/0-9/2/');
    expect(paths.topic('gnn')).toBe('topics/gnn/');
    expect(paths.topicMonth('gnn', march, 2)).toBe('topics/gnn/2025/03/2/');
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
