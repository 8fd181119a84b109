/**
 * The built site in a real headless Chromium, served on 127.0.0.1 under a base path as GitHub
 * Pages would serve it: math renders, navigation works, both themes are readable, the copy button
 * copies, axe finds nothing, nothing is fetched from another host, and phones get no sideways
 * scrolling. Screenshots for a person to look at go to .cache/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/astro-build.ts';
import { axeViolations } from '../helpers/axe.ts';
import { citationTitle, download } from '../helpers/download.ts';
import { recordAnnouncements } from '../helpers/live-region.ts';
import { openPage, serveFixture, type ServedFixture } from '../helpers/served-fixture.ts';
import type { StaticServer } from '../helpers/static-server.ts';
import { resultSlugs, waitForResults } from './search-site.ts';

const BASE = '/paper-archive/';
const SCREENSHOTS = join(PROJECT_ROOT, '.cache/screenshots');

const PAPER = 'papers/scaling-law-with-learning-rate-annealing/';
const MATH_TITLE_PAPER = 'papers/beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework/';
const TOPIC = 'topics/federated-learning/';

let site: ServedFixture;
let server: StaticServer;
const requested: string[] = [];

beforeAll(async () => {
  site = await serveFixture('basic', { base: BASE, site: 'https://example.github.io' });
  server = site.server;
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await site?.close();
});

/** A fresh context that records every request any of its pages makes. */
async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  // These builds have no service worker (astro build alone); blocking keeps registration out of the picture.
  const created = await site.browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
    ...options,
  });
  created.on('request', (request) => requested.push(request.url()));
  return created;
}

function open(ctx: BrowserContext, path: string): Promise<Page> {
  return openPage(ctx, server, path);
}

/** WCAG contrast ratio of two CSS colors as the browser computes them (rgb()/rgba()). */
function contrast(foreground: string, background: string): number {
  const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (color: string) => {
    const [r = 0, g = 0, b = 0] = channels(color).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** Colors of the page background and of the math, as computed. */
function colors(page: Page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const math = document.querySelector('.abstract .katex, h1 .katex');
    return {
      background: body.backgroundColor,
      text: body.color,
      math: math ? getComputedStyle(math).color : '',
      theme: document.documentElement.dataset['theme'] ?? '',
    };
  });
}

describe('math', () => {
  it('renders formulas with KaTeX, self-hosted fonts loaded, no errors', async () => {
    const ctx = await context();
    const page = await open(ctx, PAPER);
    const boxes = await page.$$eval('.abstract .katex-html', (elements) =>
      elements.map((element) => element.getBoundingClientRect()).map((box) => ({ w: box.width, h: box.height })),
    );
    expect(boxes.length).toBeGreaterThan(3);
    for (const box of boxes) {
      expect(box.w).toBeGreaterThan(0);
      expect(box.h).toBeGreaterThan(0);
    }
    expect(await page.locator('.katex-error').count()).toBe(0);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Math'))).toBe(true);
    const fonts = requested.filter((url) => url.endsWith('.woff2'));
    expect(fonts.length).toBeGreaterThan(0);
    await ctx.close();
  });

  it('renders math in titles', async () => {
    const ctx = await context();
    const page = await open(ctx, MATH_TITLE_PAPER);
    const box = await page.locator('h1 .katex-html').boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(await page.title()).toBe(
      'β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework · Paper Archive',
    );
    await ctx.close();
  });
});

describe('navigation', () => {
  it('goes home -> topic -> paper -> related paper, and back through newer/older', async () => {
    const ctx = await context();
    const page = await open(ctx, '');
    await page.locator('.topic-index a', { hasText: 'Federated learning' }).click();
    await page.waitForURL(`${server.url}${TOPIC}`);
    expect(await page.locator('h1').textContent()).toBe('Federated learning');

    const first = page.locator('.paper-list h2 a').first();
    const title = (await first.textContent())?.trim();
    await first.click();
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    expect((await page.locator('h1').textContent())?.trim()).toBe(title);

    const related = page.locator('.paper-aside a').first();
    const relatedTitle = (await related.textContent())?.trim();
    const relatedHref = await related.getAttribute('href');
    await related.click();
    await page.waitForURL(`${server.origin}${relatedHref}`);
    expect((await page.locator('h1').textContent())?.trim()).toBe(relatedTitle);

    const older = page.locator('.paper-nav a[rel="next"]');
    if ((await older.count()) > 0) {
      await older.click();
      await page.waitForURL(/\/papers\/[^/]+\/$/);
      expect(await page.locator('h1').count()).toBe(1);
    }
    await ctx.close();
  });

  it('is keyboard-usable: the first Tab shows the skip link, which moves focus to the content', async () => {
    const ctx = await context();
    const page = await open(ctx, PAPER);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return { text: element.textContent, top: box.top, outline: getComputedStyle(element).outlineStyle };
    });
    expect(skip.text).toBe('Skip to content');
    expect(skip.top).toBeGreaterThanOrEqual(0);
    expect(skip.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await ctx.close();
  });

  it('serves the 404 page with working links for an unknown address', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const response = await page.goto(`${server.url}papers/no-such-paper/`);
    expect(response?.status()).toBe(404);
    await page.locator('main a', { hasText: 'All papers' }).first().click();
    await page.waitForURL(`${server.url}papers/`);
    await ctx.close();
  });
});

describe('light and dark', () => {
  it('follows the system setting, with readable text and math in both', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await context({ colorScheme: scheme });
      const page = await open(ctx, PAPER);
      const seen = await colors(page);
      const background = contrast(seen.background, 'rgb(0, 0, 0)');
      if (scheme === 'dark') expect(background, 'dark background').toBeLessThan(2);
      else expect(background, 'light background').toBeGreaterThan(15);
      expect(contrast(seen.text, seen.background), `${scheme} text`).toBeGreaterThanOrEqual(7);
      expect(contrast(seen.math, seen.background), `${scheme} math`).toBeGreaterThanOrEqual(7);
      await ctx.close();
    }
  });

  it('switches with the toggle, remembers the choice, and keeps math readable', async () => {
    const ctx = await context({ colorScheme: 'light' });
    const page = await open(ctx, PAPER);
    const toggle = page.locator('[data-theme-toggle]');
    await expect.poll(() => toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const light = await colors(page);
    await toggle.click();
    const dark = await colors(page);
    expect(dark.theme).toBe('dark');
    expect(dark.background).not.toBe(light.background);
    expect(contrast(dark.background, 'rgb(0, 0, 0)')).toBeLessThan(2);
    expect(contrast(dark.math, dark.background)).toBeGreaterThanOrEqual(7);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    // The choice survives navigation, applied before the page paints.
    const next = await open(ctx, TOPIC);
    expect((await colors(next)).theme).toBe('dark');
    await next.locator('[data-theme-toggle]').click();
    expect((await colors(next)).theme).toBe('light');
    await ctx.close();
  });

  it('follows a choice made in another tab of the site, without a reload', async () => {
    const ctx = await context({ colorScheme: 'light' });
    const [paper, topic] = [await open(ctx, PAPER), await open(ctx, TOPIC)];
    const toggle = paper.locator('[data-theme-toggle]');
    const other = topic.locator('[data-theme-toggle]');
    await expect.poll(() => other.isVisible()).toBe(true);

    await toggle.click();
    await expect.poll(async () => (await colors(topic)).theme).toBe('dark');
    expect(await other.getAttribute('aria-pressed')).toBe('true');
    const dark = await colors(topic);
    expect(contrast(dark.background, 'rgb(0, 0, 0)')).toBeLessThan(2);

    await toggle.click();
    await expect.poll(async () => (await colors(topic)).theme).toBe('light');
    expect(await other.getAttribute('aria-pressed')).toBe('false');

    // Storage cleared elsewhere (a reader wiping site data): back to the system setting.
    await paper.evaluate(() => localStorage.clear());
    await expect.poll(async () => (await colors(topic)).theme).toBe('');
    await ctx.close();
  });
});

describe('citing', () => {
  it('copies the BibTeX entry with the copy button', async () => {
    const ctx = await context();
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = await open(ctx, PAPER);
    const button = page.locator('button[data-copy="bibtex"]');
    await expect.poll(() => button.isVisible()).toBe(true);
    const heard = await recordAnnouncements(page, '#copy-status');
    await button.click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied to the clipboard.');
    // Copied again, it is said again: the status is emptied and then given its words, a change a
    // screen reader announces (set to the text it already holds, it may say nothing).
    await button.click();
    await expect.poll(async () => (await heard()).join('|')).toBe('Copied to the clipboard.||Copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('#bibtex').textContent());
    expect(copied).toMatch(/^@article\{tissue2024scaling,/);
    await ctx.close();
  });

  it('downloads the .bib, .ris and .csl.json files', async () => {
    const ctx = await context();
    const page = await open(ctx, PAPER);
    for (const extension of ['bib', 'ris', 'csl.json']) {
      const saved = await download(page, extension);
      expect(saved.name).toBe(`scaling-law-with-learning-rate-annealing.${extension}`);
      expect(citationTitle(extension, saved.text), extension).toBe('Scaling Law with Learning Rate Annealing');
    }
    await ctx.close();
  });
});

describe('printing', () => {
  it('prints a paper in dark ink on white whatever the theme, its math and its BibTeX (a line longer than the page) wrapped, not cut off at the box edge', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      // About the width of an A4 or Letter page's printable area in CSS pixels.
      const ctx = await context({ colorScheme: scheme, viewport: { width: 640, height: 900 } });
      const page = await open(ctx, MATH_TITLE_PAPER);
      // A reader who pinned the dark theme with the toggle, too.
      if (scheme === 'dark') await page.evaluate(() => (document.documentElement.dataset['theme'] = 'dark'));
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const pre = document.querySelector('.cite pre') as HTMLElement;
        return {
          text: getComputedStyle(document.body).color,
          math: getComputedStyle(document.querySelector('h1 .katex') as Element).color,
          link: getComputedStyle(document.querySelector('.paper-authors, .abstract a, .cite-plain') as Element).color,
          overflow: pre.scrollWidth - pre.clientWidth,
          header: (document.querySelector('.site-header') as HTMLElement).checkVisibility(),
        };
      });
      // Browsers print without backgrounds by default: the ink must read on white paper.
      expect(contrast(printed.text, 'rgb(255, 255, 255)'), `${scheme} text`).toBeGreaterThanOrEqual(7);
      expect(contrast(printed.math, 'rgb(255, 255, 255)'), `${scheme} math`).toBeGreaterThanOrEqual(7);
      expect(contrast(printed.link, 'rgb(255, 255, 255)'), `${scheme} citation`).toBeGreaterThanOrEqual(4.5);
      expect(printed.overflow, `${scheme} BibTeX cut off by`).toBeLessThanOrEqual(0);
      expect(printed.header).toBe(false);
      await ctx.close();
    }
  });
});

describe('without JavaScript', () => {
  it('reads fully: the "as scraped" view opens, script-only buttons stay hidden', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await open(ctx, PAPER);
    expect(await page.locator('[data-theme-toggle]').isVisible()).toBe(false);
    expect(await page.locator('button[data-copy]').isVisible()).toBe(false);
    const original = page.locator('details.as-scraped p').first();
    expect(await original.isVisible()).toBe(false);
    await page.locator('details.as-scraped summary').click();
    expect(await original.isVisible()).toBe(true);
    expect(await page.locator('#bibtex').isVisible()).toBe(true);
    await ctx.close();
  });
});

describe('accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const path of ['', PAPER, MATH_TITLE_PAPER, TOPIC, 'papers/', 'topics/']) {
      it(`axe finds no violation on /${path} in ${scheme} mode`, async () => {
        const ctx = await context({ colorScheme: scheme });
        const page = await open(ctx, path);
        const violations = await axeViolations(page);
        expect(violations).toEqual([]);
        await ctx.close();
      });
    }
  }
});

describe('screen readers', () => {
  /** Chromium's accessible names of the page's nodes of `role` (what a screen reader lists). */
  async function accessibleNames(ctx: BrowserContext, page: Page, role: string): Promise<string[]> {
    const cdp = await ctx.newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    return nodes
      .filter((node) => !node.ignored && node.role?.value === role)
      .map((node) => String(node.name?.value ?? ''));
  }

  it('names a title with math in full, math included, in its heading and in links to it', async () => {
    const ctx = await context();
    // Without a label Chromium leaves the MathML out: "-VAE: Learning ...". It puts a space after
    // the formula's label (KaTeX's MathML is positioned out of the flow), which reads the same.
    const title = /^β ?-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework$/;
    const paper = await open(ctx, MATH_TITLE_PAPER);
    expect((await accessibleNames(ctx, paper, 'heading')).filter((name) => title.test(name))).toHaveLength(1);
    const list = await open(ctx, 'papers/');
    const links = (await accessibleNames(ctx, list, 'link')).filter((name) => name.includes('VAE'));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(title);
    await ctx.close();
  });
});

describe('phones and screenshots', () => {
  const pages = [
    '',
    PAPER,
    MATH_TITLE_PAPER,
    TOPIC,
    'papers/',
    'topics/',
    'papers/the-principles-of-deep-learning-theory/',
  ];

  it('has no horizontal scrolling at 360 px', async () => {
    const ctx = await context({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    for (const path of pages) {
      const page = await open(ctx, path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `/${path}`).toBeLessThanOrEqual(clientWidth);
      await page.close();
    }
    await ctx.close();
  });

  it('takes screenshots at 360 and 1280 px in light and dark', async () => {
    for (const width of [360, 1280]) {
      for (const scheme of ['light', 'dark'] as const) {
        const ctx = await context({ viewport: { width, height: 900 }, colorScheme: scheme });
        for (const path of [PAPER, '', TOPIC]) {
          const page = await open(ctx, path);
          const name = `${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}-${width}-${scheme}.png`;
          await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
          await page.close();
        }
        await ctx.close();
      }
    }
  });
});

describe('searching by identifier', () => {
  // A paper of the fixture with an arXiv id and a DOI, which a reader pastes as arXiv and doi.org write them.
  const IDENTIFIED = 'the-principles-of-deep-learning-theory';

  it('finds the paper from its arXiv id or DOI in the forms they are pasted in', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    for (const pasted of [
      'arXiv:2106.10165v2',
      'https://arxiv.org/abs/2106.10165',
      '2106.10165',
      'https://doi.org/10.1017/9781009023405',
    ]) {
      await page.goto(`${server.url}search/?q=${encodeURIComponent(pasted)}`);
      await waitForResults(page, pasted);
      expect(await resultSlugs(page), pasted).toEqual([IDENTIFIED]);
    }
    await ctx.close();
  });
});

describe('self-containment', () => {
  it('never requests anything from another host (this test’s pages and every test above)', async () => {
    const ctx = await context();
    for (const path of ['', PAPER, MATH_TITLE_PAPER, TOPIC, 'about/']) await (await open(ctx, path)).close();
    await ctx.close();
    expect(requested.length).toBeGreaterThan(20);
    const elsewhere = requested.filter((url) => !url.startsWith(`${server.origin}/`) && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
  });
});
