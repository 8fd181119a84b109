/**
 * Search for papers in scripts written without spaces between words (Chinese, Japanese, Thai), in
 * a real headless Chromium, online and in the copy opened from disk: the build separates such
 * words in what Pagefind indexes and the search page separates a query's alike
 * (src/lib/text/word-segments.ts). Before, a Chinese title was one word to the index, found only by
 * its beginning. A Korean paper (written with spaces) and an English one are searched as before.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, copyFixture, makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { runScript, waitForResults } from './search-site.ts';

const BASE = '/archive/';
let work = '';
let dist = '';
let copy = '';
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  work = await makeTemp('languages');
  const contentDir = await copyFixture('languages', join(work, 'content'));
  dist = join(work, 'dist');
  const built = await buildSite({ contentDir, outDir: dist, base: BASE, site: 'https://example.org' });
  if (built.code !== 0) throw new Error(`astro build failed:\n${built.output}`);
  const zip = join(work, 'offline.zip');
  const bundled = await runScript('bundle', ['--dist', dist, '--out', zip], {
    ARCHIVE_CONTENT_DIR: contentDir,
    BASE_PATH: BASE,
  });
  if (bundled.code !== 0) throw new Error(`npm run bundle failed:\n${bundled.output}`);
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(await readFile(zip))))) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(work, 'copy', name)), { recursive: true });
    await writeFile(join(work, 'copy', name), data);
  }
  copy = join(work, 'copy', 'paper-archive');
  server = await serveStatic({ root: dist, base: BASE });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work !== '') await removeTemp(work);
});

const ZH = 'image-segmentation-zh';
const JA = 'image-recognition-ja';
const TH = 'image-classification-th';
const KO = 'speech-recognition-ko';
const EN = 'anarchic-federated-learning';

// A word from the middle of a title, an abstract or a name, as a reader types it. Before, the
// index held each run of such text as one word, so `图像` and `图像分割` found nothing; a Latin word
// inside it (`BERT`) was found, as Pagefind also indexes a word's parts.
const QUERIES: [query: string, slug: string][] = [
  ['图像', ZH],
  ['分割', ZH],
  ['图像分割', ZH],
  ['持续学习', ZH],
  ['灾难性遗忘', ZH],
  ['BERT', ZH],
  ['画像認識', JA],
  ['精度', JA],
  ['ニューラルネットワーク', JA],
  ['จำแนกภาพ', TH],
  ['ความแม่นยำ', TH],
  ['深度学习', ZH],
  ['음성', KO],
  ['federated', EN],
];

type Where = 'online' | 'from disk';

/** The slugs of the papers listed, online (`papers/x/`) or from disk (`papers/x/index.html`). */
async function listed(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.search-results > li h2 a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => /papers\/([^/]+)\/(?:index\.html)?$/.exec(href)?.[1] ?? `unexpected href ${href}`);
}

async function search(where: Where, query: string): Promise<Page> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const q = `?q=${encodeURIComponent(query)}`;
  await page.goto(
    where === 'online' ? `${server.url}search/${q}` : `${pathToFileURL(join(copy, 'search/index.html')).href}${q}`,
  );
  await waitForResults(page, query);
  return page;
}

describe('in the language of their script, for a screen reader', () => {
  it("marks a paper's title and abstract, its list entries and its search results with their language", async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    for (const [slug, language] of [
      [ZH, 'zh'],
      [JA, 'ja'],
      [TH, 'th'],
      [KO, 'ko'],
    ] as const) {
      await page.goto(`${server.url}papers/${slug}/`);
      expect(await page.locator('h1').getAttribute('lang'), slug).toBe(language);
      expect(await page.locator('.abstract').getAttribute('lang'), slug).toBe(language);
      // The accessibility tree reads the heading in that language (what a screen reader's voice follows).
      expect(await page.locator('h1').evaluate((node) => (node as HTMLElement).lang)).toBe(language);
    }
    await page.goto(`${server.url}papers/${EN}/`);
    expect(await page.locator('h1').getAttribute('lang')).toBeNull();
    await page.goto(`${server.url}`);
    expect(await page.locator(`a[href$="papers/${ZH}/"]`).first().getAttribute('lang')).toBe('zh');
    await context.close();
    const results = await search('online', '图像');
    expect(await results.locator('.search-results > li h2 a').first().getAttribute('lang')).toBe('zh');
    expect(await results.locator('.search-results .paper-excerpt').first().getAttribute('lang')).toBe('zh');
    await results.context().close();
  });
});

for (const where of ['online', 'from disk'] as const) {
  describe(`search ${where}`, () => {
    for (const [query, slug] of QUERIES) {
      it(`finds ${slug} by “${query}”, and only it`, async () => {
        const page = await search(where, query);
        expect(await listed(page)).toEqual([slug]);
        await page.context().close();
      });
    }

    it('shows excerpts as the paper writes them, without the spaces the index put between words', async () => {
      const excerpt = async (query: string) => {
        const page = await search(where, query);
        const text = (await page.locator('.search-results .paper-excerpt').first().textContent()) ?? '';
        const marked = await page.locator('.search-results .paper-excerpt mark').first().textContent();
        const title = await page.locator('.search-results > li h2').first().textContent();
        await page.context().close();
        return { text, marked, title };
      };
      const image = await excerpt('图像');
      expect(image.text).toContain('图像分割');
      expect(image.text).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]|\u2060/u);
      expect(image.marked).toBe('图像');
      // The result's title is the paper's, as written.
      expect(image.title).toContain('基于深度学习的图像分割方法研究');
      // No space beside a Latin word where the paper has none; the paper's own spaces kept.
      expect((await excerpt('BERT')).text).toContain('基于BERT的图像分割模型');
      expect((await excerpt('太郎')).text).toContain('山田 太郎');
      expect((await excerpt('ผลการทดลอง')).text).toContain('ประสาทเทียม ผลการทดลองแสดง');
    });
  });
}
