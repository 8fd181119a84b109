import { describe, expect, it } from 'vitest';
import { indexedPart } from '../../../../src/lib/search/build/site-index.ts';

describe('indexedPart', () => {
  const page = (article: string, aside: string) =>
    `<html><body><main><article class="paper" data-pagefind-body>${article}</article><aside>${aside}</aside></main></body></html>`;

  it('is the data-pagefind-body article, so related papers and navigation do not change it', () => {
    expect(indexedPart(page('<p>Abstract</p>', 'Related A'))).toBe(indexedPart(page('<p>Abstract</p>', 'Related B')));
    expect(indexedPart(page('<p>Abstract</p>', 'x'))).not.toBe(indexedPart(page('<p>Abstract, edited</p>', 'x')));
    expect(indexedPart(page('<p>Abstract</p>', 'x'))).toContain('<p>Abstract</p>');
  });

  it('is undefined for a page Pagefind does not index (a list page)', () => {
    expect(indexedPart('<html><body><ol><li>A paper</li></ol></body></html>')).toBeUndefined();
  });
});
