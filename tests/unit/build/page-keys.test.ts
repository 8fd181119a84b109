import { describe, expect, it } from 'vitest';
import { linkKey, listKey, pageKey, paperKey, topicKey, withoutItems } from '../../../src/lib/build/page-keys.ts';

const paper = (slug: string, title: string, digest?: string) => ({
  slug,
  digest,
  data: { title, added: new Date('2025-03-14'), topics: ['a'], source: 's' },
  excerpt: { html: 'An abstract.', math: false },
});

describe('pageKey', () => {
  it('is the same for the same content and differs when anything shown differs', () => {
    expect(pageKey([1, 'a'])).toBe(pageKey([1, 'a']));
    expect(pageKey([1, 'a'])).not.toBe(pageKey([1, 'b']));
    expect(pageKey({ added: new Date('2025-03-14') })).not.toBe(pageKey({ added: new Date('2025-03-15') }));
  });
});

describe('paperKey and linkKey', () => {
  it('use the content digest when there is one, else the data and what a list shows of the abstract', () => {
    expect(paperKey(paper('x', 'X', 'd1'))).toEqual(['x', 'd1']);
    expect(pageKey(paperKey(paper('x', 'X')))).not.toBe(
      pageKey(paperKey({ ...paper('x', 'X'), excerpt: { html: 'Other.', math: false } })),
    );
  });

  it('links change with the title or the target, not with the abstract', () => {
    expect(linkKey(paper('x', 'X', 'd1'))).toEqual(linkKey(paper('x', 'X', 'd2')));
    expect(linkKey(paper('x', 'X'))).not.toEqual(linkKey(paper('x', 'Y')));
    expect(linkKey(undefined)).toBeNull();
  });
});

describe('listKey', () => {
  const view = { year: 2025, month: 3, page: 2, pager: { current: 2, pages: [1, 2, 3], previous: 1, next: 3 } };
  const items = [paper('a', 'A', 'd')];
  it('changes with what the page shows besides its papers, its papers and its context, and nothing else', () => {
    const key = listKey(view, items);
    expect(listKey({ ...view }, [paper('a', 'A', 'd')])).toBe(key);
    expect(listKey({ ...view, pager: { ...view.pager, pages: [1, 2, 3, 4] } }, items)).not.toBe(key);
    expect(listKey(view, [paper('a', 'A', 'e')])).not.toBe(key);
    expect(listKey(view, items, topicKey({ id: 't', name: 'T', description: 'D' }))).not.toBe(
      listKey(view, items, topicKey({ id: 't', name: 'T', description: 'E' })),
    );
  });

  it('takes a view without its items, which are keyed by paperKey', () => {
    const withItems = { ...view, items: [paper('a', 'A', 'd')] };
    expect(withoutItems(withItems)).toEqual(view);
    expect(listKey(withoutItems(withItems), withItems.items)).toBe(listKey(view, items));
  });
});
