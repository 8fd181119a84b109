/**
 * A fixture site for a browser test: built into a temporary folder under a base path, served on
 * 127.0.0.1 as GitHub Pages would serve it, with a headless Chromium to read it.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildSite, makeTemp, removeTemp, SITE_FIXTURES } from './astro-build.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export interface ServedFixture {
  /** The built site. */
  dist: string;
  server: StaticServer;
  browser: Browser;
  /** Closes the browser and the server and removes the build. */
  close: () => Promise<void>;
}

/** Builds `tests/fixtures/site/<fixture>/content` under `base` and serves it; throws with Astro's output if the build fails. */
export async function serveFixture(fixture: string, options: { base: string; site: string }): Promise<ServedFixture> {
  const work = await makeTemp(`e2e-${fixture}`);
  const dist = join(work, 'dist');
  const result = await buildSite({ contentDir: join(SITE_FIXTURES, fixture, 'content'), outDir: dist, ...options });
  if (result.code !== 0) {
    await removeTemp(work);
    throw new Error(`astro build failed:\n${result.output}`);
  }
  const server = await serveStatic({ root: dist, base: options.base });
  const browser = await launchChromium();
  return {
    dist,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await removeTemp(work);
    },
  };
}

/** Opens `path` (relative to the base) in a new page of `ctx`, checks it answered 200, and waits for its fonts. */
export async function openPage(ctx: BrowserContext, server: StaticServer, path: string): Promise<Page> {
  const page = await ctx.newPage();
  const response = await page.goto(server.url + path);
  expect(response?.status(), path).toBe(200);
  await page.evaluate(() => document.fonts.ready);
  return page;
}
