/**
 * What a screen reader hears from a live region: each text the region takes, in order, recorded in
 * the page by a MutationObserver from the moment this is called.
 */
import type { Page } from 'playwright-core';

/** Starts recording the texts of the live region `selector` (which must exist); returns a reader of them. */
export async function recordAnnouncements(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const region = document.querySelector(selector);
    if (region === null) throw new Error(`No live region ${selector} on ${location.href}`);
    const heard: string[] = [];
    Object.assign(window, { heardAnnouncements: heard });
    new MutationObserver(() => heard.push(region.textContent)).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { heardAnnouncements: string[] }).heardAnnouncements);
}
