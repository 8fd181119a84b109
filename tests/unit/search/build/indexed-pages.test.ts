import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addedOf,
  indexedDocument,
  indexedPart,
  paperPages,
  type PageRecord,
} from '../../../../src/lib/search/build/indexed-pages.ts';

const page = (article: string, aside: string) =>
  `<html><body><main><article class="paper" data-pagefind-body>${article}</article><aside>${aside}</aside></main></body></html>`;

describe('indexedPart', () => {
  it('is the data-pagefind-body article, so related papers and navigation do not change it', () => {
    expect(indexedPart(page('<p>Abstract</p>', 'Related A'))).toBe(indexedPart(page('<p>Abstract</p>', 'Related B')));
    expect(indexedPart(page('<p>Abstract</p>', 'x'))).not.toBe(indexedPart(page('<p>Abstract, edited</p>', 'x')));
    expect(indexedPart(page('<p>Abstract</p>', 'x'))).toContain('<p>Abstract</p>');
  });

  it('is undefined for a page Pagefind does not index (a list page)', () => {
    expect(indexedPart('<html><body><ol><li>A paper</li></ol></body></html>')).toBeUndefined();
  });
});

describe('indexedDocument', () => {
  it("is the indexed article alone in the page's html element", () => {
    const html = `<!doctype html><html lang="en" dir="ltr"><head><title>T</title></head><body><nav>Home</nav><main><article class="paper" data-pagefind-body><h1>T</h1></article><aside>Related</aside></main></body></html>`;
    expect(indexedDocument(html)).toBe(
      '<html lang="en" dir="ltr"><body><article class="paper" data-pagefind-body><h1>T</h1></article></body></html>',
    );
  });

  it('is the page itself when it has no indexed article', () => {
    const list = '<html><body><ol><li>A paper</li></ol></body></html>';
    expect(indexedDocument(list)).toBe(list);
    const bare = '<div data-pagefind-body><p>Not an article</p></div>';
    expect(indexedDocument(bare)).toBe(bare);
  });
});

describe('addedOf', () => {
  it('reads the date added from the Pagefind sort key, or nothing', () => {
    expect(addedOf('<article><span hidden data-pagefind-sort="added">2025-03-14</span></article>')).toBe('2025-03-14');
    expect(addedOf('<article><p>No sort key</p></article>')).toBe('');
  });
});

describe('paperPages', () => {
  let dist = '';
  const write = async (slug: string, html: string) => {
    await mkdir(join(dist, 'papers', slug), { recursive: true });
    await writeFile(join(dist, 'papers', slug, 'index.html'), html);
  };
  beforeEach(async () => {
    dist = await mkdtemp(join(tmpdir(), 'indexed-pages-'));
  });
  afterEach(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('records every paper page by path, with its digest and date added; a list page has no digest', async () => {
    await write('b-paper', page('<p>B</p><span data-pagefind-sort="added">2025-03-15</span>', ''));
    await write('a-paper', page('<p>A</p><span data-pagefind-sort="added">2025-03-14</span>', ''));
    await write('2025', '<html><body><ol><li>A</li></ol></body></html>');
    const records = await paperPages(dist, {});
    expect([...records.keys()]).toEqual([
      'papers/2025/index.html',
      'papers/a-paper/index.html',
      'papers/b-paper/index.html',
    ]);
    expect(records.get('papers/2025/index.html')?.digest).toBeNull();
    expect(records.get('papers/a-paper/index.html')).toMatchObject({ added: '2025-03-14', digest: expect.any(String) });
    expect(records.get('papers/a-paper/index.html')?.digest).not.toBe(records.get('papers/b-paper/index.html')?.digest);
  });

  it('keeps the record of a page whose size and date did not change, without reading it', async () => {
    await write('a-paper', page('<p>A</p>', ''));
    const first = await paperPages(dist, {});
    const read = first.get('papers/a-paper/index.html');
    if (!read) throw new Error('the page was not recorded');
    const kept: PageRecord = { ...read, digest: 'from-the-cache' };
    const again = await paperPages(dist, { 'papers/a-paper/index.html': kept });
    expect(again.get('papers/a-paper/index.html')?.digest).toBe('from-the-cache');
    await write('a-paper', page('<p>A, edited</p>', ''));
    const edited = await paperPages(dist, { 'papers/a-paper/index.html': kept });
    expect(edited.get('papers/a-paper/index.html')?.digest).not.toBe('from-the-cache');
  });

  it('finds nothing in a site without papers', async () => {
    expect((await paperPages(dist, {})).size).toBe(0);
  });
});
