import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addedOf,
  indexedDocument,
  indexedPart,
  paperPages,
  withoutIgnoredContent,
  withSegmentedWords,
  type PageRecord,
} from '../../../../src/lib/search/build/indexed-pages.ts';
import { SEGMENT_MARK } from '../../../../src/lib/text/word-segments.ts';

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

  it('leaves out what Pagefind ignores inside the article', () => {
    const html =
      '<html lang="en"><body><article data-pagefind-body><h1 data-pagefind-ignore>T<span class="katex">x</span></h1><p>Text</p></article></body></html>';
    expect(indexedDocument(html)).toBe(
      '<html lang="en"><body><article data-pagefind-body><h1 data-pagefind-ignore></h1><p>Text</p></article></body></html>',
    );
  });

  it('is the page itself when it has no indexed article', () => {
    const list = '<html><body><ol><li>A paper</li></ol></body></html>';
    expect(indexedDocument(list)).toBe(list);
    const bare = '<div data-pagefind-body><p>Not an article</p></div>';
    expect(indexedDocument(bare)).toBe(bare);
  });
});

describe('withSegmentedWords', () => {
  const put = `${SEGMENT_MARK} `;

  it('separates Chinese, Japanese and Thai words in the text, each space put in after the mark', () => {
    expect(withSegmentedWords('<p class="paper-authors">山田 太郎</p><p>深層学習による画像認識</p>')).toBe(
      // A space the paper has stays; one goes between the two paragraphs' words too (Pagefind
      // separates blocks anyway).
      `<p class="paper-authors">山田 太郎</p><p>${put}深層${put}学習${put}による${put}画像${put}認識</p>`,
    );
    expect(withSegmentedWords('<p hidden>การเรียนรู้</p>')).toBe(`<p hidden>การ${put}เรียน${put}รู้</p>`);
  });

  it('reads text on across inline tags, and leaves every tag and attribute as written', () => {
    expect(withSegmentedWords('<p>此外，<em title="图像分割">持续</em>学习能力</p>')).toBe(
      `<p>此外，<em title="图像分割">${put}持续</em>${put}学习${put}能力</p>`,
    );
    expect(withSegmentedWords("<p data-x='a>b'>图像分割</p>")).toBe(`<p data-x='a>b'>图像${put}分割</p>`);
  });

  it("leaves the text of metadata and filters as written: results show the paper's title", () => {
    const meta =
      '<div hidden data-pagefind-ignore><span data-pagefind-meta="title">基于深度学习的图像分割</span><span data-pagefind-filter="topic">图像分割</span></div>';
    expect(withSegmentedWords(meta)).toBe(meta);
  });

  it('returns a page without such letters as it is', () => {
    const english = '<p>Cross-entropy loss, e.g. for ImageNet-1k.</p><p hidden>2401.00001</p>';
    expect(withSegmentedWords(english)).toBe(english);
    const korean = '<p>딥러닝을 이용한 음성 인식</p>';
    expect(withSegmentedWords(korean)).toBe(korean);
  });

  it('is part of what Pagefind is given', () => {
    const html =
      '<html lang="en"><body><article data-pagefind-body><p>图像分割</p><span data-pagefind-meta="title">图像分割</span></article></body></html>';
    expect(indexedDocument(html)).toContain(`<p>图像${put}分割</p><span data-pagefind-meta="title">图像分割</span>`);
  });
});

describe('withoutIgnoredContent', () => {
  it.each([
    [
      'an ignored element, which stays, so what is read around it is unchanged',
      '<div data-pagefind-ignore><b>Cite</b> <pre>@article{x}</pre></div><p>Kept</p>',
      '<div data-pagefind-ignore></div><p>Kept</p>',
    ],
    [
      "KaTeX's markup beside its readable form",
      '<p>A <span class="katex" data-pagefind-ignore><math><mi>x</mi></math><span class="katex-html"><span>x</span></span></span><span hidden>x</span> b</p>',
      '<p>A <span class="katex" data-pagefind-ignore></span><span hidden>x</span> b</p>',
    ],
    [
      'an element with a value for the attribute',
      '<section data-pagefind-ignore="all"><div>a</div><div>b</div></section><div>c</div>',
      '<section data-pagefind-ignore="all"></section><div>c</div>',
    ],
    [
      'past nested elements of the same name',
      '<div data-pagefind-ignore><div>a<div>b</div></div>c</div><div>d</div>',
      '<div data-pagefind-ignore></div><div>d</div>',
    ],
    [
      'each of several',
      '<h2 data-pagefind-ignore>Abstract</h2><p>x</p><details data-pagefind-ignore><summary>As scraped</summary>y</details>',
      '<h2 data-pagefind-ignore></h2><p>x</p><details data-pagefind-ignore></details>',
    ],
    [
      'an ignored element inside another, with it',
      '<div data-pagefind-ignore><span data-pagefind-ignore>a</span>b</div>',
      '<div data-pagefind-ignore></div>',
    ],
    // Tags pair by name as Pagefind pairs them, with no end tag implied.
    [
      'a block inside an ignored paragraph',
      '<p data-pagefind-ignore>a<div>b</div></p><p>c</p>',
      '<p data-pagefind-ignore></p><p>c</p>',
    ],
    [
      'a heading inside an ignored heading',
      '<h2 data-pagefind-ignore>a<h3>b</h3></h2>c',
      '<h2 data-pagefind-ignore></h2>c',
    ],
    [
      'an element whose attribute is spaced out',
      '<div class="x" data-pagefind-ignore = "index" >a</div>',
      '<div class="x" data-pagefind-ignore = "index" ></div>',
    ],
  ])('empties %s', (_case, html, emptied) => {
    expect(withoutIgnoredContent(html)).toBe(emptied);
  });

  it.each([
    // What Pagefind still reads inside an ignored element.
    ['metadata', '<div hidden data-pagefind-ignore><span data-pagefind-meta="title">T</span></div>'],
    ['a filter', '<div data-pagefind-ignore><span data-pagefind-filter="topic">nlp</span></div>'],
    // What a scan that counts tags cannot be sure of.
    ['a comment that looks like an end tag', '<div data-pagefind-ignore><!-- </div> -->a</div>b'],
    ['raw text that looks like an end tag', '<div data-pagefind-ignore><script>"</div>"</script></div>'],
    ['an element with no end tag', '<div data-pagefind-ignore>a'],
    ['a self-closed element', '<div data-pagefind-ignore />'],
    ['a void element', '<img data-pagefind-ignore alt="x">'],
    // The attribute only as an attribute.
    ['the name in text', '<p>data-pagefind-ignore</p><div>a</div>'],
    ['the name in a value', '<div title="data-pagefind-ignore">a</div>'],
    ['a tag in a value', `<div title='x' data-title="<b data-pagefind-ignore>">a</div>`],
    ['a longer attribute name', '<div data-pagefind-ignore-me>a</div>'],
  ])('keeps %s as it is', (_case, html) => {
    expect(withoutIgnoredContent(html)).toBe(html);
  });
});

describe('indexedDocument, as Pagefind reads it', () => {
  const PAGES = [
    // A paper page's shapes: ignored headings, chips, facts, the cite block, KaTeX, metadata.
    `<h1 data-pagefind-ignore>A <span class="katex"><math><mi>β</mi></math></span> title</h1>
<div data-pagefind-ignore><a href="/topics/nlp/">NLP</a></div>
<dl class="facts" data-pagefind-ignore><dt>Added</dt><dd>14 Mar 2025</dd></dl>
<h2 id="abstract-heading" data-pagefind-ignore>Abstract</h2>
<p>We study <span class="katex" data-pagefind-ignore><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html" aria-hidden="true"><span class="mord">x</span></span></span><span hidden>x squared</span> models.</p>
<details class="as-scraped" data-pagefind-ignore><summary>As scraped</summary><p>We study x^2 models.</p></details>
<section class="cite" data-pagefind-ignore><h2 id="cite">Cite</h2><pre>@article{x, title = {A}}</pre><a href="data:text/plain,TY%20-%20JOUR">RIS</a></section>
<div hidden data-pagefind-ignore><span data-pagefind-meta="title">A β title</span><span data-pagefind-filter="topic">nlp</span><span data-pagefind-meta="added">2025-03-14</span></div>`,
    // Where a browser would end the ignored element early (a block closes a paragraph, a heading
    // another heading): Pagefind pairs the tags as written, so these are emptied.
    '<p>Before <span data-pagefind-ignore>hidden <div>shown block</div></span> after</p>',
    '<h2 data-pagefind-ignore>Gone <h3 id="kept">Kept heading</h3></h2><p>tail</p>',
    '<p data-pagefind-ignore>gone <div>kept block</div></p>',
    // What the scan keeps: a comment, metadata inside an ignored element.
    '<div data-pagefind-ignore><!-- </div> -->gone</div><p>kept</p>',
    '<div data-pagefind-ignore><span data-pagefind-meta="author">Ada</span>gone</div><p>text</p>',
  ];
  let work = '';

  afterAll(async () => {
    await pagefind.close();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  /** The index files Pagefind writes for one page (not its scripts), each with a digest of its bytes. */
  async function indexed(content: string, output: string): Promise<Map<string, string>> {
    const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error('Pagefind did not start');
    await index.addHTMLFile({ sourcePath: 'papers/a/index.html', content });
    await index.writeFiles({ outputPath: output });
    await index.deleteIndex();
    const files = new Map<string, string>();
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.pf_|pagefind-entry\.json$/.test(entry.name)) {
          files.set(
            relative(output, path),
            createHash('sha256')
              .update(await readFile(path))
              .digest('hex'),
          );
        }
      }
    };
    await walk(output);
    return files;
  }

  it('gives the index the whole page gives, byte for byte, for every shape of ignored content', async () => {
    work = await mkdtemp(join(tmpdir(), 'indexed-document-'));
    for (const [i, article] of PAGES.entries()) {
      // Every paper page names its title (SearchPaperMeta.astro): without it, Pagefind would take the <title> of a whole page.
      const meta = article.includes('data-pagefind-meta="title"')
        ? ''
        : '<span hidden data-pagefind-meta="title">T</span>';
      const page = `<!doctype html><html lang="en"><head><title>T</title></head><body><nav>Home</nav><main><article data-pagefind-body>${article}${meta}</article><aside>Related</aside></main></body></html>`;
      const whole = await indexed(page, join(work, `whole-${i}`));
      const given = await indexed(indexedDocument(page), join(work, `given-${i}`));
      expect({ page: i, files: [...given] }).toEqual({ page: i, files: [...whole] });
    }
    // What it leaves out of the paper page: the cite block, the original, KaTeX's markup.
    const given = indexedDocument(`<html><body><article data-pagefind-body>${PAGES[0] ?? ''}</article></body></html>`);
    for (const ignored of ['@article', 'As scraped', 'katex-html', '<math>']) expect(given).not.toContain(ignored);
    expect(given).toContain('x squared');
  });
});

describe('addedOf', () => {
  it('reads the date added from the Pagefind sort key, or nothing', () => {
    expect(addedOf('<article><span hidden data-pagefind-meta="added">2025-03-14</span></article>')).toBe('2025-03-14');
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
    await write('b-paper', page('<p>B</p><span data-pagefind-meta="added">2025-03-15</span>', ''));
    await write('a-paper', page('<p>A</p><span data-pagefind-meta="added">2025-03-14</span>', ''));
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
