/**
 * Reflow (WCAG 1.4.10): at 320 px, and at 1280 px zoomed to 400 % (the same 320 CSS px), no page
 * scrolls sideways, even with formulas too wide to wrap in titles and abstracts (tests/fixtures/site/wide:
 * a long \frac of sums, an eight-column matrix, \underbrace and \overbrace, limits, nested roots, a
 * chain without relations, in a right-to-left paper too; and words, a URL and an author list too
 * long for a line). Such a formula
 * scrolls in its own box instead: nothing of it is cut off, it can be reached by keyboard, and
 * formulas that fit sit on the line exactly as before.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, serveFixture, type ServedFixture } from '../helpers/served-fixture.ts';
import { waitForResults } from './search-site.ts';

const BASE = '/paper-archive/';
const PAPERS = [
  'papers/a-wide-fraction-of-sums/',
  'papers/an-eight-column-matrix/',
  'papers/braces-over-and-under/',
  'papers/long-words-and-links/',
  'papers/short-formulas-stay-in-line/',
  'papers/tall-formulas/',
  'papers/wide-formula-right-to-left/',
];
/** Every kind of page that shows titles or abstracts: home, lists, topics, papers. */
const PAGES = [
  '',
  'papers/',
  'papers/by-title/',
  'papers/2025/03/',
  'topics/learning-theory/',
  'topics/chemistry/',
  ...PAPERS,
];
/** The search page shows titles and excerpts too (as text, rendered in the browser). */
const SEARCHES = ['ratio', 'molecule', 'learning'];
const SHORT = 'papers/short-formulas-stay-in-line/';

/** 320 CSS px: a phone, or a 1280 px window at 400 % zoom. */
const NARROW = [
  { name: '320 px', viewport: { width: 320, height: 740 } },
  { name: '1280 px at 400 %', viewport: { width: 320, height: 225 }, deviceScaleFactor: 4 },
] as const;

let site: ServedFixture;

beforeAll(async () => {
  site = await serveFixture('wide', { base: BASE, site: 'https://example.github.io' });
});

afterAll(async () => {
  await site?.close();
});

function context(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  return site.browser.newContext({ serviceWorkers: 'block', ...options });
}

function open(ctx: BrowserContext, path: string): Promise<Page> {
  return openPage(ctx, site.server, path);
}

async function search(ctx: BrowserContext, query: string): Promise<Page> {
  const page = await open(ctx, `search/?q=${encodeURIComponent(query)}`);
  await waitForResults(page, query);
  expect(await page.locator('.search-results > li').count(), query).toBeGreaterThan(0);
  return page;
}

/** How far the page reaches past the viewport's right edge, and what reaches out (for the message). */
function sideways(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((element) => !element.closest('.katex-mathml') && element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
      .slice(0, 5);
    return { scrollWidth: document.documentElement.scrollWidth, width, out };
  });
}

/**
 * The boxes of inline formulas that an ancestor clips: a part above or below its scrollport (no
 * scrolling reaches it), or left of it. KaTeX's own clipping inside a formula (struts, the tails of
 * stretchy braces) is its drawing, not a cut, and is skipped; a formula's top-level box
 * (.katex-base) is not KaTeX's. Display math is left out: it scrolls in KaTeX's block, as it did.
 */
function clippedBoxes(page: Page) {
  return page.evaluate(() => {
    const cuts: string[] = [];
    for (const box of document.querySelectorAll(':not(.katex-display) > .katex .katex-html *')) {
      const rect = box.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      for (let clip = box.parentElement; clip !== null; clip = clip.parentElement) {
        const style = getComputedStyle(clip);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        if (clip.closest('.katex-html') !== null && !clip.matches('.katex-base')) break;
        const outer = clip.getBoundingClientRect();
        // The scrollport: the padding box without the scrollbar.
        const top = outer.top + clip.clientTop;
        const left = outer.left + clip.clientLeft;
        const bottom = top + clip.clientHeight;
        const right = left + clip.clientWidth;
        const scrollsX = style.overflowX === 'auto' || style.overflowX === 'scroll';
        const cut = Math.max(
          top - rect.top,
          rect.bottom - bottom,
          left - clip.scrollLeft - rect.left,
          scrollsX ? 0 : rect.right - right,
        );
        if (cut > 0.5) {
          const formula = box.closest('.katex')?.querySelector('annotation')?.textContent ?? '';
          cuts.push(
            `${cut.toFixed(1)} px of ${box.className} cut by ${clip.className || clip.tagName} in ${formula.slice(0, 40)}`,
          );
        }
        break;
      }
    }
    return cuts;
  });
}

describe('reflow at 320 CSS px', () => {
  for (const { name, ...options } of NARROW) {
    it(`no page scrolls sideways at ${name}`, async () => {
      const ctx = await context(options);
      for (const path of PAGES) {
        const page = await open(ctx, path);
        const seen = await sideways(page);
        expect(seen.scrollWidth, `/${path} is wider than the screen: ${seen.out.join(', ')}`).toBeLessThanOrEqual(
          seen.width,
        );
        await page.close();
      }
      for (const query of SEARCHES) {
        const page = await search(ctx, query);
        const seen = await sideways(page);
        expect(seen.scrollWidth, `search for ${query}: ${seen.out.join(', ')}`).toBeLessThanOrEqual(seen.width);
        await page.close();
      }
      await ctx.close();
    });
  }

  it('cuts off no part of any formula, and a formula too wide scrolls to its end', async () => {
    const ctx = await context(NARROW[0]);
    let scrolling = 0;
    for (const path of PAGES) {
      const page = await open(ctx, path);
      expect(await clippedBoxes(page), `/${path}`).toEqual([]);
      // Scrolled to its end, a wide formula shows its last glyph whole, inside the screen.
      const ends = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.katex, .katex-base')]
          .filter((box) => getComputedStyle(box).overflowX === 'auto' && box.scrollWidth > box.clientWidth + 1)
          .map((box) => {
            box.scrollLeft = box.scrollWidth;
            const scrollport = box.getBoundingClientRect();
            // Its glyphs (KaTeX draws stretchy braces with SVGs far wider than shown, clipped by KaTeX).
            const last = [...box.querySelectorAll('.katex-html *')]
              .filter((element) => element.childElementCount === 0 && (element.textContent ?? '').trim() !== '')
              .map((element) => element.getBoundingClientRect())
              .filter((rect) => rect.width > 0 && rect.height > 0)
              .reduce((right, rect) => Math.max(right, rect.right), -Infinity);
            return { last, edge: scrollport.left + box.clientLeft + box.clientWidth, screen: window.innerWidth };
          }),
      );
      for (const end of ends) {
        expect(end.last, `/${path}`).toBeLessThanOrEqual(end.edge + 0.5);
        expect(end.edge, `/${path}`).toBeLessThanOrEqual(end.screen);
      }
      scrolling += ends.length;
      await page.close();
    }
    // The fixture's wide formulas do scroll (the check above is not vacuous).
    expect(scrolling).toBeGreaterThan(10);
    await ctx.close();
  });

  it('lets the keyboard reach a wide formula, show focus on it and scroll it', async () => {
    const ctx = await context(NARROW[0]);
    const page = await open(ctx, 'papers/a-wide-fraction-of-sums/');
    let reached: { scrolls: boolean; outline: string; width: number } | undefined;
    for (let press = 0; press < 40 && reached === undefined; press += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement | null;
        if (focused === null || !focused.matches('h1 .katex')) return undefined;
        const style = getComputedStyle(focused);
        return {
          scrolls: focused.scrollWidth > focused.clientWidth,
          outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
        };
      });
    }
    expect(reached, 'Tab never reached the title’s formula').toBeDefined();
    expect(reached?.scrolls).toBe(true);
    expect(reached?.outline).not.toBe('none');
    expect(reached?.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).scrollLeft)).toBeGreaterThan(0);
    await ctx.close();
  });
});

describe('formulas that fit', () => {
  /**
   * The stylesheet's scrolling boxes undone: formulas as KaTeX alone lays them out. Each formula
   * that fits its line must be exactly where it is then, and so must every block of text.
   */
  const UNDONE = `
    .katex, .katex .katex-base {
      max-width: none !important; overflow: visible !important; padding: 0 !important; margin: 0 !important;
    }
    .katex { display: inline !important; }
  `;

  function layout(page: Page) {
    return page.evaluate(() => {
      const round = (value: number) => Math.round(value * 100) / 100;
      const fits = (formula: Element) =>
        [formula, ...formula.querySelectorAll('.katex-base')].every(
          (box) => box.scrollWidth <= box.clientWidth + 1 || getComputedStyle(box).overflowX === 'visible',
        );
      return {
        formulas: [...document.querySelectorAll(':not(.katex-display) > .katex')].map((formula) => {
          const rect = formula.querySelector('.katex-html')?.getBoundingClientRect();
          return { fits: fits(formula), box: rect ? [rect.left, rect.top, rect.width, rect.height].map(round) : [] };
        }),
        blocks: [...document.querySelectorAll('main :is(h1, h2, h3, p, li)')].map((block) => {
          const rect = block.getBoundingClientRect();
          return [rect.left, rect.top, rect.width, rect.height].map(round);
        }),
      };
    });
  }

  for (const width of [320, 1280]) {
    it(`sit where KaTeX alone puts them, and break where it breaks them, at ${width} px`, async () => {
      const ctx = await context({ viewport: { width, height: 900 } });
      for (const path of ['', SHORT, 'papers/an-eight-column-matrix/']) {
        const page = await open(ctx, path);
        const now = await layout(page);
        await page.addStyleTag({ content: UNDONE });
        const before = await layout(page);
        expect(now.formulas.length).toBe(before.formulas.length);
        const fitting = now.formulas.filter((formula) => formula.fits);
        expect(fitting.length, `/${path}`).toBeGreaterThan(0);
        now.formulas.forEach((formula, index) => {
          if (formula.fits) expect(formula.box, `/${path} formula ${index}`).toEqual(before.formulas[index]?.box);
        });
        expect(now.blocks, `/${path}`).toEqual(before.blocks);
        await page.close();
      }
      await ctx.close();
    });
  }

  it('are left to KaTeX in a browser without baseline-source (Safari), where a scroller would sit on its bottom edge', async () => {
    const ctx = await context(NARROW[0]);
    const page = await open(ctx, SHORT);
    const scrollers = await page.evaluate(() => {
      const found: { selector: string; condition: string | null }[] = [];
      const visit = (rules: CSSRuleList) => {
        for (const rule of rules) {
          if (rule instanceof CSSStyleRule && rule.selectorText.includes('.katex') && rule.style.overflowX === 'auto') {
            const parent = rule.parentRule;
            found.push({
              selector: rule.selectorText,
              condition: parent instanceof CSSSupportsRule ? parent.conditionText : null,
            });
          }
          if (rule instanceof CSSGroupingRule) visit(rule.cssRules);
        }
      };
      for (const sheet of document.styleSheets) visit(sheet.cssRules);
      return found;
    });
    const inline = scrollers.filter(({ selector }) => selector.includes(':not(.katex-display)'));
    expect(inline.length).toBeGreaterThan(0);
    for (const { selector, condition } of inline) expect(condition, selector).toMatch(/baseline-source:\s*last/);
    await ctx.close();
  });

  it('sit on the baseline of the text around them', async () => {
    const ctx = await context(NARROW[0]);
    const page = await open(ctx, SHORT);
    // An empty inline-block's bottom is its line's baseline: one before each formula, one inside it.
    const offsets = await page.evaluate(() => {
      const marker = () => {
        const span = document.createElement('span');
        span.style.cssText = 'display:inline-block;width:0;height:0';
        return span;
      };
      return [...document.querySelectorAll('.abstract .katex, h1 .katex')].map((formula) => {
        // Kept on one line with the formula, so the two markers are on the same line.
        const line = document.createElement('span');
        line.style.whiteSpace = 'nowrap';
        const outside = marker();
        const inside = marker();
        formula.before(line);
        line.append(outside, formula);
        formula.querySelector('.katex-base')?.append(inside);
        const offset = inside.getBoundingClientRect().bottom - outside.getBoundingClientRect().bottom;
        const tex = formula.querySelector('annotation')?.textContent ?? '';
        line.before(formula);
        line.remove();
        inside.remove();
        return { tex, offset };
      });
    });
    expect(offsets.length).toBeGreaterThan(20);
    for (const { tex, offset } of offsets) expect(Math.abs(offset), tex).toBeLessThanOrEqual(0.5);
    await ctx.close();
  });
});
