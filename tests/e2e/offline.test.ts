/**
 * The site offline, in a real headless Chromium: after one online visit the service worker has
 * stored the site, so with the network off an unvisited paper page opens (math and all) and search
 * answers; a page it could not store falls back to the search page; a new build is installed in the
 * background and never mixed with the old one; over the precache budget, pages are kept as visited.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { citationTitle, download } from '../helpers/download.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { resultSlugs, runScript, searchSite, waitForResults, type SearchSite } from './search-site.ts';

const FIRST_VISIT = '';
const UNVISITED = 'papers/scaling-law-with-learning-rate-annealing/';
const REVISED = 'papers/the-consciousness-prior/';

let site: SearchSite;
let work = '';
let browser: Browser;
const servers: StaticServer[] = [];

beforeAll(async () => {
  site = await searchSite();
  work = await makeTemp('offline');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  if (work !== '') await removeTemp(work);
});

/** A copy of the built site served on its own port (each test may change its copy). */
async function serveCopy(name: string): Promise<{ root: string; server: StaticServer }> {
  const root = join(work, name);
  await cp(site.dist, root, { recursive: true });
  const server = await serveStatic({ root, base: site.base });
  servers.push(server);
  return { root, server };
}

/**
 * Takes the network away: the context goes offline and the server stops. Both, because Playwright's
 * setOffline does not reach a service worker's own fetches in Chromium (microsoft/playwright#2311),
 * which would otherwise still get answers from the server.
 */
async function goOffline(ctx: BrowserContext, server: StaticServer): Promise<void> {
  await ctx.setOffline(true);
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

/** Opens the site once, online, and waits until the service worker has stored it and is active. */
async function firstVisit(ctx: BrowserContext, server: StaticServer): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(server.url + FIRST_VISIT);
  // `ready` resolves once a worker is active, which is after it stored everything (install).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await workerReady(page, 'active');
  return page;
}

/**
 * Waits until the site's registration has an activated worker, or one installed and waiting. (Not
 * page.waitForFunction: it does not await an async predicate, and a promise is truthy.)
 */
async function workerReady(page: Page, which: 'active' | 'waiting'): Promise<void> {
  const wanted = which === 'active' ? 'activated' : 'installed';
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = await page.evaluate(async (slot) => {
      const registration = await navigator.serviceWorker.getRegistration();
      return (slot === 'active' ? registration?.active : registration?.waiting)?.state;
    }, which);
    if (state === wanted) return;
    if (Date.now() > deadline) throw new Error(`No ${which} service worker after 30 s (its state: ${state})`);
    await page.waitForTimeout(100);
  }
}

async function settled(page: Page, query: string): Promise<string[]> {
  await waitForResults(page, query);
  return resultSlugs(page);
}

describe('after one online visit', () => {
  let server: StaticServer;
  let ctx: BrowserContext;
  beforeAll(async () => {
    ({ server } = await serveCopy('site'));
    ctx = await browser.newContext();
    await firstVisit(ctx, server);
    await goOffline(ctx, server);
  });
  afterAll(async () => ctx?.close());

  it('opens a paper page never visited, with its math and fonts, with the network off', async () => {
    const page = await ctx.newPage();
    const response = await page.goto(server.url + UNVISITED);
    expect(response?.status()).toBe(200);
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Scaling Law with Learning Rate Annealing');
    await page.evaluate(() => document.fonts.ready);
    expect(await page.locator('.abstract .katex').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Math'))).toBe(true);
    await page.close();
  });

  it("saves a paper's .bib, RIS and CSL-JSON with the network off: the page holds them", async () => {
    const page = await ctx.newPage();
    await page.goto(server.url + UNVISITED);
    const bib = await download(page, 'bib');
    expect(bib.name).toBe('scaling-law-with-learning-rate-annealing.bib');
    // The very bytes of the site's .bib file.
    expect(bib.text).toBe(
      await readFile(join(site.dist, 'papers/scaling-law-with-learning-rate-annealing.bib'), 'utf8'),
    );
    for (const extension of ['ris', 'csl.json']) {
      const saved = await download(page, extension);
      expect(saved.name).toBe(`scaling-law-with-learning-rate-annealing.${extension}`);
      expect(citationTitle(extension, saved.text), extension).toBe('Scaling Law with Learning Rate Annealing');
    }
    await page.close();
  });

  it('searches with the network off', async () => {
    const page = await ctx.newPage();
    await page.goto(`${server.url}search/?q=${encodeURIComponent('cross-entropy')}`);
    const slugs = await settled(page, 'cross-entropy');
    expect(slugs[0]).toBe('cross-entropy-loss-functions-theoretical-analysis-and-applications');
    await page.locator('#search-q').fill('Mamba');
    expect(await settled(page, 'Mamba')).toEqual([
      'demystifying-the-token-dynamics-of-deep-selective-state-space-models',
    ]);
    await page.close();
  });

  it('opens a page stored under its address with the slash when asked for it without, as hosts redirect', async () => {
    const page = await ctx.newPage();
    const response = await page.goto(server.url + UNVISITED.replace(/\/$/, '?from=feed'));
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`${site.base}${UNVISITED}`);
    expect(new URL(page.url()).search).toBe('?from=feed');
    expect(await page.locator('h1').textContent()).toBe('Scaling Law with Learning Rate Annealing');
    expect(await page.locator('[data-offline-notice]').count()).toBe(0);
    // A file the site does not have still gets the search page, at its own address.
    const missing = await page.goto(`${server.url}papers/not-in-this-archive.pdf`);
    expect(missing?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`${site.base}papers/not-in-this-archive.pdf`);
    expect(await page.locator('[data-offline-notice]').isVisible()).toBe(true);
    await page.close();
  });

  it('answers a page it does not have with the search page and says why', async () => {
    const page = await ctx.newPage();
    const response = await page.goto(`${server.url}papers/not-in-this-archive/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('[data-offline-notice]').isVisible()).toBe(true);
    await page.locator('#search-q').fill('Anarchic');
    expect(await settled(page, 'Anarchic')).toEqual(['anarchic-federated-learning']);
    expect(new URL(page.url()).pathname).toBe(`${site.base}search/`);
    await page.close();
  });
});

describe('a new build', () => {
  it('is installed in the background and shown only after the reader reloads, never mixed with the old', async () => {
    const { root, server } = await serveCopy('update');
    const ctx = await browser.newContext();
    const page = await firstVisit(ctx, server);
    await page.goto(server.url + REVISED);
    expect(await page.locator('.abstract').textContent()).not.toContain('zyzzyva');

    // Deploy a new build: one abstract gains a word, then index and service worker are rebuilt.
    const file = join(root, REVISED, 'index.html');
    const html = await readFile(file, 'utf8');
    const revised = html.replace(/(<div class="abstract">\s*<p>)/, '$1zyzzyva ');
    expect(revised).not.toBe(html);
    await writeFile(file, revised);
    const post = await runScript('postbuild', ['--dist', root], { BASE_PATH: site.base });
    expect(post.code, post.output).toBe(0);

    // The open page finds the update; the new worker installs and waits.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update();
    });
    await workerReady(page, 'waiting');

    // Until then the old build answers everything, pages and index alike.
    await page.goto(server.url + REVISED);
    expect(await page.locator('.abstract').textContent()).not.toContain('zyzzyva');
    // A second tab, left open on the search page of the old build.
    const search = await ctx.newPage();
    await search.goto(`${server.url}search/?q=zyzzyva`);
    expect(await settled(search, 'zyzzyva')).toEqual([]);

    // The reader is offered the new version; accepting reloads into it, index included.
    // A screen reader hears the offer: its words arrive in a live region already on the page.
    await page.addInitScript(() => {
      const heard: string[] = [];
      Object.assign(window, { heard });
      new MutationObserver((records) => {
        for (const record of records) {
          const live = record.target instanceof Element ? record.target.closest('[role="status"]') : null;
          if (live?.closest('[data-sw-update]') && record.type === 'childList' && live.textContent !== '') {
            heard.push(live.textContent);
          }
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(server.url + REVISED);
    const banner = page.locator('[data-sw-update]');
    await banner.waitFor();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard))
      .toEqual(['A new version of the archive is ready.']);
    expect(await banner.getAttribute('role')).toBe('region');
    // "Later" from the keyboard: the banner goes and focus returns to where the reader was, not
    // to the top of the page. The offer comes back on the next page.
    await page.locator('.edit-link a').focus();
    await banner.getByRole('button', { name: 'Later' }).focus();
    await page.keyboard.press('Enter');
    expect(await banner.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('.edit-link') !== null)).toBe(true);
    await page.goto(server.url + REVISED);
    await banner.waitFor();
    const otherTabReloads = search.waitForEvent('load');
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await page.waitForFunction(() => document.querySelector('.abstract')?.textContent?.includes('zyzzyva'));
    await page.goto(`${server.url}search/?q=zyzzyva`);
    expect(await settled(page, 'zyzzyva')).toEqual(['the-consciousness-prior']);

    // The other tab moves to the new build too: the new worker no longer holds the old index's
    // shards, so an old search page left as it was would fail (404 for the old shards' chunks).
    await otherTabReloads;
    expect(await settled(search, 'zyzzyva')).toEqual(['the-consciousness-prior']);
    await search.locator('#search-q').fill('Wasserstein');
    expect((await settled(search, 'Wasserstein'))[0]).toBe(
      'wasserstein-dependency-measure-for-representation-learning',
    );
    await ctx.close();
  });
});

describe('over the precache budget', () => {
  it('stores the shell and the index, keeps pages as they are visited, and falls back to search', async () => {
    const { root, server } = await serveCopy('budget');
    // A budget far below the site's pages: only the shell and the search index are precached.
    const post = await runScript('postbuild', ['--dist', root, '--precache-budget', '0.5'], { BASE_PATH: site.base });
    expect(post.code, post.output).toBe(0);
    expect(post.output).toMatch(/no pages \(\d+ pages/);
    const ctx = await browser.newContext();
    const page = await firstVisit(ctx, server);
    await page.goto(server.url + REVISED);
    await goOffline(ctx, server);

    const visited = await ctx.newPage();
    expect((await visited.goto(server.url + REVISED))?.status()).toBe(200);
    expect(await visited.locator('h1').textContent()).toBe('The Consciousness Prior');
    expect(await visited.locator('[data-offline-notice]').count()).toBe(0);

    const unvisited = await ctx.newPage();
    await unvisited.goto(server.url + UNVISITED);
    expect(await unvisited.locator('[data-offline-notice]').isVisible()).toBe(true);
    await unvisited.locator('#search-q').fill('annealing');
    expect((await settled(unvisited, 'annealing'))[0]).toBe('scaling-law-with-learning-rate-annealing');
    await ctx.close();
  });

  it('forgets the pages kept from the old build once a new one takes over: a deleted paper is not served from them', async () => {
    const { root, server } = await serveCopy('budget-deploy');
    const budget = ['--precache-budget', '0.5'];
    const first = await runScript('postbuild', ['--dist', root, ...budget], { BASE_PATH: site.base });
    expect(first.code, first.output).toBe(0);
    const ctx = await browser.newContext();
    const page = await firstVisit(ctx, server);
    // Kept as visited: pages are over the budget.
    expect((await page.goto(server.url + REVISED))?.status()).toBe(200);

    // Deploy a build without that paper; the reader accepts the new version.
    await rm(join(root, REVISED), { recursive: true });
    const post = await runScript('postbuild', ['--dist', root, ...budget], { BASE_PATH: site.base });
    expect(post.code, post.output).toBe(0);
    await page.goto(server.url);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    await workerReady(page, 'waiting');
    await page.goto(server.url);
    const banner = page.locator('[data-sw-update]');
    await banner.waitFor();
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await workerReady(page, 'active');
    await goOffline(ctx, server);

    // The old build's copy of the deleted paper (its styles and its index gone with that build) is
    // not shown: the page is one the site no longer has.
    const deleted = await ctx.newPage();
    expect((await deleted.goto(server.url + REVISED))?.status()).toBe(200);
    expect(await deleted.locator('[data-offline-notice]').isVisible()).toBe(true);
    expect(await deleted.locator('h1').first().textContent()).not.toBe('The Consciousness Prior');
    await ctx.close();
  });
});
