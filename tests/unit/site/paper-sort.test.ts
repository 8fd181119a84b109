import { describe, expect, it } from 'vitest';
import {
  compareNewest,
  compareTitle,
  neighbours,
  newestOrder,
  titleKey,
  titleSortKey,
  type SortablePaper,
  searchIndexOrder,
  searchPageOf,
} from '../../../src/lib/site/paper-sort.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const p = (slug: string, title: string, added: string, published?: string): SortablePaper => ({
  slug,
  sortTitle: titleSortKey(title),
  added: day(added),
  published: published === undefined ? undefined : day(published),
});

describe('compareNewest', () => {
  it('puts the newest additions first, then the newest papers, then titles, then slugs', () => {
    const papers = [
      p('old', 'Zeta', '2024-01-01'),
      p('b', 'Beta', '2025-03-14', '2020-01-01'),
      p('a', 'Alpha', '2025-03-14', '2020-01-01'),
      p('recent', 'Omega', '2025-03-14', '2024-06-01'),
      p('undated', 'Alpha', '2025-03-14'),
    ];
    expect([...papers].sort(compareNewest).map((paper) => paper.slug)).toEqual(['recent', 'a', 'b', 'undated', 'old']);
  });
});

describe('newestOrder', () => {
  it("gives the papers' indexes in compareNewest's order, the title's sort key read from the title", () => {
    const papers = [
      { slug: 'old', data: { title: 'Zeta', added: day('2024-01-01') } },
      { slug: 'greek', data: { title: '$\\beta$-VAE', added: day('2025-03-14'), published: day('2020-01-01') } },
      { slug: 'alpha', data: { title: 'Alpha', added: day('2025-03-14'), published: day('2020-01-01') } },
      { slug: 'recent', data: { title: 'Omega', added: day('2025-03-14'), published: day('2024-06-01') } },
    ];
    // The math is read as a word: "beta" files after "Alpha".
    expect(newestOrder(papers)).toEqual([3, 2, 1, 0]);
    expect(newestOrder([])).toEqual([]);
  });
});

describe('compareTitle', () => {
  it('ignores case, accents, punctuation and a leading article; numbers sort numerically', () => {
    const papers = [
      p('z', 'zeta', '2025-01-01'),
      p('the-a', 'The Apex', '2025-01-01'),
      p('beta', '$\\beta$-VAE', '2025-01-01'),
      p('e', 'Écoles', '2025-01-01'),
      p('n10', 'Net 10', '2025-01-01'),
      p('n9', 'Net 9', '2025-01-01'),
      p('b', '"Beta"', '2025-01-01'),
    ];
    expect([...papers].sort(compareTitle).map((paper) => paper.slug)).toEqual([
      'the-a',
      'b',
      'beta',
      'e',
      'n9',
      'n10',
      'z',
    ]);
  });

  it('breaks ties on the slug so the order is total', () => {
    expect(compareTitle(p('b', 'Same', '2025-01-01'), p('a', 'same', '2025-01-01'))).toBeGreaterThan(0);
    expect(compareTitle(p('a', 'Same', '2025-01-01'), p('a', 'Same', '2025-01-01'))).toBe(0);
  });

  it('strips only a leading article', () => {
    expect(titleKey('The Theory of the Thing')).toBe('Theory of the Thing');
    expect(titleKey('Another Paper')).toBe('Another Paper');
  });
});

describe('titleSortKey', () => {
  it('reads math as words', () => {
    expect(titleSortKey('$\\beta$-VAE: Concepts')).toBe('beta -VAE: Concepts');
    expect(titleSortKey('$\\mathrm{SE}(n)$ Networks')).toBe('SE n Networks');
    expect(titleSortKey('Plain')).toBe('Plain');
  });
});

describe('neighbours', () => {
  it('returns the items either side', () => {
    expect(neighbours(['a', 'b', 'c'], 0)).toEqual({ previous: undefined, next: 'b' });
    expect(neighbours(['a', 'b', 'c'], 1)).toEqual({ previous: 'a', next: 'c' });
    expect(neighbours(['a', 'b', 'c'], 2)).toEqual({ previous: 'b', next: undefined });
  });
});

describe('searchIndexOrder', () => {
  const paper = (slug: string, added: string) => ({ slug, data: { added: new Date(`${added}T00:00:00Z`) } });

  it('orders papers as the search index takes their pages: by day added, then page path', () => {
    const papers = [
      paper('zeta', '2025-03-14'),
      paper('alpha', '2025-03-15'),
      paper('beta', '2025-03-14'),
      // "a-b/" sorts before "a/" in a path ("-" < "/"), though "a" sorts before "a-b" as a slug.
      paper('a', '2025-03-14'),
      paper('a-b', '2025-03-14'),
    ];
    expect(searchIndexOrder(papers).map((index) => papers[index]?.slug)).toEqual(['a-b', 'a', 'beta', 'zeta', 'alpha']);
  });

  it("names a paper's page and day as the index does", () => {
    expect(searchPageOf(paper('a-b', '2025-03-14'))).toEqual({ path: 'papers/a-b/index.html', added: '2025-03-14' });
  });
});
