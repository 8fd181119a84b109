import { afterEach, describe, expect, it } from 'vitest';
import { announcePaperPages, onPaperPages } from '../../../src/lib/build/paper-pages-notice.ts';
import type { ShardPage } from '../../../src/lib/search/build/index-shards.ts';

const pages: ShardPage[] = [{ path: 'papers/a/index.html', added: '2025-03-14' }];

afterEach(() => onPaperPages(undefined));

describe('announcePaperPages', () => {
  it('tells the listener the pages once, however often the pages are announced', () => {
    const heard: (readonly ShardPage[])[] = [];
    onPaperPages((announced) => heard.push(announced));
    announcePaperPages(() => pages);
    announcePaperPages(() => pages);
    expect(heard).toEqual([pages]);
  });

  it('does not even list the pages when nobody listens (a dev server, a sliced build)', () => {
    let listed = 0;
    announcePaperPages(() => {
      listed += 1;
      return pages;
    });
    onPaperPages((announced) => expect(announced).toBe(pages));
    onPaperPages(undefined);
    announcePaperPages(() => {
      listed += 1;
      return pages;
    });
    expect(listed).toBe(0);
  });
});
