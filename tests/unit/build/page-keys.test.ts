import { describe, expect, it } from 'vitest';
import { linkKey, listKey, pageKey, paperKey, topicKey } from '../../../src/lib/build/page-keys.ts';

const paper = (slug: string, title: string, digest?: string) => ({
  slug,
  digest,
  data: { title, added: new Date('2025-03-14'), topics: ['a'], source: 's' },
  abstractText: 'An abstract.',
});

describe('pageKey', () => {
  it('is the same for the same content and differs when anything shown differs', () => {
    expect(pageKey([1, 'a'])).toBe(pageKey([1, 'a']));
    expect(pageKey([1, 'a'])).not.toBe(pageKey([1, 'b']));
    expect(pageKey({ added: new Date('2025-03-14') })).not.toBe(pageKey({ added: new Date('2025-03-15') }));
  });
});

describe('paperKey and linkKey', () => {
  it('use the content digest when there is one, else the data and abstract', () => {
    expect(paperKey(paper('x', 'X', 'd1'))).toEqual(['x', 'd1']);
    expect(pageKey(paperKey(paper('x', 'X')))).not.toBe(
      pageKey(paperKey({ ...paper('x', 'X'), abstractText: 'Other.' })),
    );
  });

  it('links change with the title or the target, not with the abstract', () => {
    expect(linkKey(paper('x', 'X', 'd1'))).toEqual(linkKey(paper('x', 'X', 'd2')));
    expect(linkKey(paper('x', 'X'))).not.toEqual(linkKey(paper('x', 'Y')));
    expect(linkKey(undefined)).toBeNull();
  });
});

describe('listKey', () => {
  const page = { currentPage: 1, lastPage: 3, total: 120, data: [paper('a', 'A', 'd')] };
  it('changes with the page’s position in the list, its papers and its context', () => {
    const key = listKey(page);
    expect(listKey({ ...page })).toBe(key);
    expect(listKey({ ...page, lastPage: 4 })).not.toBe(key);
    expect(listKey({ ...page, total: 121 })).not.toBe(key);
    expect(listKey({ ...page, data: [paper('a', 'A', 'e')] })).not.toBe(key);
    expect(listKey(page, topicKey({ id: 't', name: 'T', description: 'D' }))).not.toBe(
      listKey(page, topicKey({ id: 't', name: 'T', description: 'E' })),
    );
  });
});
