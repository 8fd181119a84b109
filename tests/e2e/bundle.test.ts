/**
 * The offline copy (`npm run bundle`), unzipped and opened from disk (file://) in a real headless
 * Chromium, as a person double-clicking index.html would: links resolve to files three levels
 * deep, styles and math render, search finds papers through the fallback index, and nothing tries
 * to reach a server or register a service worker.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { citationTitle, download } from '../helpers/download.ts';
import { cssUrls, listFiles, pageUrls, readPage } from '../helpers/dist.ts';
import { serveStatic } from '../helpers/static-server.ts';
import { offlineZip, searchSite, seedPapers, waitForResults, type SearchSite } from './search-site.ts';

let site: SearchSite;
let work = '';
let root = '';
let files: string[] = [];
let browser: Browser;

beforeAll(async () => {
  site = await searchSite();
  const zip = await offlineZip(site);
  work = await makeTemp('bundle');
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(await readFile(zip))))) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(work, name)), { recursive: true });
    await writeFile(join(work, name), data);
  }
  root = join(work, 'paper-archive');
  files = await listFiles(root);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (work !== '') await removeTemp(work);
});

/** Whether a URL in a page is one the copy must serve itself (not another site, not a fragment). */
function isInternal(url: string): boolean {
  return !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url.trim()) && url.trim() !== '';
}

describe('the zip', () => {
  it('holds the site in one folder with the fallback index, without what needs a server', () => {
    expect(files).toContain('index.html');
    expect(files).toContain('search/index.html');
    expect(files).toContain('search-index.js');
    expect(files).toContain('README.txt');
    expect(files.filter((file) => /^(?:sw\.js|workbox-|manifest\.webmanifest|pagefind\/)/.test(file))).toEqual([]);
  });

  it('links every page to explicit files by relative paths that exist', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const page = await readPage(root, file);
      for (const url of pageUrls(page)) {
        if (!isInternal(url.value)) continue;
        // The canonical link and Open Graph URLs are absolute https URLs, so not internal here.
        checked += 1;
        if (url.value.startsWith('/')) problems.push(`${file}: ${url.value} starts with /`);
        const target = fileURLToPath(new URL(url.value, pathToFileURL(join(root, file))));
        if (!existsSync(target) || target.endsWith('/')) problems.push(`${file}: ${url.value} -> no such file`);
        if (/\/$/.test(new URL(url.value, 'file:///x/').pathname))
          problems.push(`${file}: ${url.value} is a directory`);
      }
    }
    for (const file of files.filter((name) => name.endsWith('.css'))) {
      for (const url of cssUrls(await readFile(join(root, file), 'utf8'))) {
        if (!isInternal(url)) continue;
        checked += 1;
        if (!existsSync(fileURLToPath(new URL(url, pathToFileURL(join(root, file)))))) {
          problems.push(`${file}: url(${url}) -> no such file`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('loads no module script (browsers refuse them from file://) and no web app manifest', async () => {
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const page = await readPage(root, file);
      expect(page.querySelectorAll('script[type="module"]'), file).toHaveLength(0);
      expect(page.querySelectorAll('link[rel="manifest"]'), file).toHaveLength(0);
    }
  });
});

describe('opened from disk', () => {
  let ctx: BrowserContext;
  const requests: string[] = [];
  const failures: string[] = [];
  beforeAll(async () => {
    ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.on('request', (request) => requests.push(request.url()));
    ctx.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
  });
  afterAll(async () => ctx?.close());

  /** Opens the copy's file at `path`, with `search` (`?q=...`) as a link to it would carry. */
  async function open(path: string, search = ''): Promise<Page> {
    const page = await ctx.newPage();
    page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(join(root, path)).href + search);
    return page;
  }

  const here = (page: Page) => fileURLToPath(page.url().replace(/[?#].*$/, '')).slice(root.length + 1);

  it('navigates three links deep from index.html, with styles and math', async () => {
    const page = await open('index.html');
    await page.locator('.site-nav a', { hasText: 'Topics' }).click();
    await page.waitForURL(/\/topics\/index\.html$/);
    await page.locator('a[href="scaling-laws/index.html"]').first().click();
    await page.waitForURL(/\/topics\/scaling-laws\/index\.html$/);
    await page.locator('a', { hasText: 'Scaling Law with Learning Rate Annealing' }).first().click();
    await page.waitForURL(/\/papers\/scaling-law-with-learning-rate-annealing\/index\.html$/);
    expect(here(page)).toBe('papers/scaling-law-with-learning-rate-annealing/index.html');
    expect(await page.locator('h1').textContent()).toBe('Scaling Law with Learning Rate Annealing');

    // The site's stylesheet applies (its background, not the browser's transparent default) ...
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header') as Element).display)).toBe(
      'flex',
    );
    // ... and so do KaTeX's stylesheet and fonts.
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Math'))).toBe(true);
    const box = await page.locator('.abstract .katex-html').first().boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    // KaTeX's stylesheet hides the MathML copy (kept for screen readers) off-screen.
    expect(
      await page
        .locator('.abstract .katex-mathml')
        .first()
        .evaluate((node) => getComputedStyle(node).position),
    ).toBe('absolute');
    await page.close();
  });

  // The .bib is a file beside the page: from file:// the browser opens it rather than saving it
  // (download links work within one origin, and every file:// URL is its own), as before.
  it("saves a paper's RIS and CSL-JSON from a page opened from disk", async () => {
    const page = await open('papers/the-consciousness-prior/index.html');
    for (const extension of ['ris', 'csl.json']) {
      const saved = await download(page, extension);
      expect(saved.name).toBe(`the-consciousness-prior.${extension}`);
      expect(citationTitle(extension, saved.text), extension).toBe('The Consciousness Prior');
    }
    await page.close();
  });

  it('finds papers by search from the header box, and opens them', async () => {
    const page = await open('papers/the-consciousness-prior/index.html');
    await page.keyboard.press('/');
    await page.keyboard.type('Mamba');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/index\.html\?q=Mamba$/);
    await page.waitForFunction(() =>
      (document.querySelector('[data-search-status]')?.textContent ?? '').includes('“Mamba”'),
    );
    const first = page.locator('.search-results > li h2 a').first();
    expect(await first.getAttribute('href')).toBe(
      '../papers/demystifying-the-token-dynamics-of-deep-selective-state-space-models/index.html',
    );
    // Excerpts are highlighted here too.
    expect(await page.locator('.search-results mark').first().textContent()).toMatch(/mamba/i);
    await first.click();
    await page.waitForURL(/demystifying-the-token-dynamics-of-deep-selective-state-space-models\/index\.html$/);
    await page.close();
  });

  it('searches with math names, hyphens and filters, and keeps the query in the address', async () => {
    const page = await open('search/index.html');
    const results = async (query: string) => {
      await page.waitForFunction(
        (q) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(`“${q}”`),
        query,
      );
      return page
        .locator('.search-results > li h2 a')
        .evaluateAll((links) => links.map((link) => /papers\/([^/]+)\//.exec(link.getAttribute('href') ?? '')?.[1]));
    };
    await page.locator('#search-q').fill('alpha');
    expect((await results('alpha'))[0]).toBe('scaling-law-with-learning-rate-annealing');
    expect(new URL(page.url()).search).toBe('?q=alpha');
    await page.locator('#search-q').fill('cross-entropy');
    expect((await results('cross-entropy'))[0]).toBe(
      'cross-entropy-loss-functions-theoretical-analysis-and-applications',
    );
    const all = await results('cross-entropy');

    await page.locator('input[name="code"]').check();
    await page.waitForFunction(() => window.location.search.includes('code=1'));
    await page.waitForFunction(() =>
      (document.querySelector('[data-search-status]')?.textContent ?? '').includes('filters'),
    );
    const coded = new Set((await seedPapers(site)).filter((paper) => paper.code).map((paper) => paper.slug));
    const withCode = await results('cross-entropy');
    expect(withCode.length).toBeLessThan(all.length);
    for (const slug of withCode) expect(coded.has(slug ?? ''), slug).toBe(true);
    await page.close();
  });

  it('lists a date-sorted search in the order the online search does, papers added the same day included', async () => {
    // The test archive adds several papers a day (e2eAddedDay): their order is the index's, not a score.
    const slugs = (page: Page) =>
      page
        .locator('.search-results > li h2 a')
        .evaluateAll((links) => links.map((link) => /papers\/([^/]+)\//.exec(link.getAttribute('href') ?? '')?.[1]));
    const server = await serveStatic({ root: site.dist, base: site.base });
    // Its own context: the one above records that nothing from disk reaches a server.
    const online = await browser.newContext({ serviceWorkers: 'block' });
    try {
      for (const [query, search] of [
        ['learning', '?q=learning&sort=newest'],
        ['learning', '?q=learning&sort=oldest'],
        ['', '?topic=federated-learning'],
      ] as const) {
        const fromDisk = await open('search/index.html', search);
        await waitForResults(fromDisk, query);
        const served = await online.newPage();
        await served.goto(`${server.url}search/${search}`);
        await waitForResults(served, query);
        // The papers both list must come in the same order (which they list is the next test's).
        const [listed, onlineListed] = [await slugs(fromDisk), await slugs(served)];
        const both = new Set(listed.filter((slug) => onlineListed.includes(slug)));
        expect(both.size, search).toBeGreaterThan(3);
        expect(
          listed.filter((slug) => both.has(slug)),
          search,
        ).toEqual(onlineListed.filter((slug) => both.has(slug)));
        await Promise.all([fromDisk.close(), served.close()]);
      }
    } finally {
      await online.close();
      await server.close();
    }
  });

  it('finds for single words and prefixes the papers the online search finds, stemmed as Pagefind stems them', async () => {
    // Pagefind stems (Snowball English), so online "learning" also finds a paper that says only
    // "learned"; the copy on disk must find the same papers, whole word or prefix being typed.
    const everySlug = async (page: Page): Promise<string[]> => {
      const more = page.locator('[data-search-more]');
      const listed = page.locator('.search-results > li');
      while (await more.isVisible()) {
        const shown = await listed.count();
        await more.click();
        await page.waitForFunction(
          (before) => document.querySelectorAll('.search-results > li').length > before,
          shown,
        );
      }
      return page
        .locator('.search-results > li h2 a')
        .evaluateAll((links) =>
          links.map((link) => /papers\/([^/]+)\//.exec(link.getAttribute('href') ?? '')?.[1] ?? ''),
        );
    };
    const server = await serveStatic({ root: site.dist, base: site.base });
    const online = await browser.newContext({ serviceWorkers: 'block' });
    try {
      // Whole words, and words being typed: "learne" stems to "learn"; "optimiz" stems longer than
      // "optimization" does ("optim"), yet begins it.
      // Then what Pagefind reads its own way: punctuation in a query or a word ("e.g.", "cross-entropy"),
      // every word as a beginning ("deep net", "mechanis"), a word that finds nothing left out
      // ("xyzzy"), and misspellings, which it does not forgive (some may find nothing at all).
      const mayFindNothing = [
        'atention mechanisms',
        'reinforcment learning',
        'bayesain inference',
        'transformr',
        'xyzzy mechanisms',
        'federatde learning',
      ];
      for (const query of [
        'learning',
        'networks',
        'optimization',
        'attention',
        'models',
        'learne',
        'optimiz',
        'e.g.',
        'cross-entropy',
        'deep net',
        'mechanis learning',
        ...mayFindNothing,
      ]) {
        const search = `?q=${encodeURIComponent(query)}&sort=oldest`;
        const fromDisk = await open('search/index.html', search);
        await waitForResults(fromDisk, query);
        const served = await online.newPage();
        await served.goto(`${server.url}search/${search}`);
        await waitForResults(served, query);
        const onlineFound = (await everySlug(served)).sort();
        if (!mayFindNothing.includes(query)) expect(onlineFound.length, query).toBeGreaterThan(0);
        expect((await everySlug(fromDisk)).sort(), query).toEqual(onlineFound);
        await Promise.all([fromDisk.close(), served.close()]);
      }
    } finally {
      await online.close();
      await server.close();
    }
  });

  it('tried no server, no service worker, no manifest, and nothing failed', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(requests.filter((url) => /sw\.js|manifest\.webmanifest|\/pagefind\//.test(url))).toEqual([]);
    expect(failures).toEqual([]);
  });
});
