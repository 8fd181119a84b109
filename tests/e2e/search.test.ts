/**
 * Search in a real headless Chromium over the built seed archive, served on 127.0.0.1 under a
 * base path: a table of realistic queries written from reading the papers, what is and is not
 * indexed, readable math in excerpts, filters, the URL as the state (reload, back/forward), the
 * keyboard, and axe on the page with results in both themes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFragments } from '../../src/lib/search/build/search-fallback-index.ts';
import { PROJECT_ROOT } from '../helpers/astro-build.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { recordAnnouncements } from '../helpers/live-region.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { resultSlugs, searchSite, seedPapers, waitForResults, type SearchSite } from './search-site.ts';

let site: SearchSite;
let server: StaticServer;
let browser: Browser;
let papers: Awaited<ReturnType<typeof seedPapers>>;

beforeAll(async () => {
  site = await searchSite();
  papers = await seedPapers(site);
  server = await serveStatic({ root: site.dist, base: site.base });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A context without the service worker: these tests are about search, not caching. */
async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', ...options });
}

async function open(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(server.url + path);
  expect(response?.status(), path).toBe(200);
  expect(errors).toEqual([]);
  return page;
}

const status = (page: Page) => page.locator('[data-search-status]');

/**
 * Waits until the results on screen are those of the URL's state (the page marks the status line
 * with the state it shows) and of `query`, and returns the status text.
 */
async function settled(page: Page, query: string): Promise<string> {
  await waitForResults(page, query);
  return (await status(page).textContent()) ?? '';
}

/** Types `query` into the search page's box, as a reader does, and waits for its results. */
async function search(page: Page, query: string): Promise<string[]> {
  await page.locator('#search-q').fill(query);
  await settled(page, query);
  return resultSlugs(page);
}

/** Every result, following "Show more" to the end. */
async function allResultSlugs(page: Page): Promise<string[]> {
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const before = await page.locator('.search-results > li').count();
    await more.click();
    await page.waitForFunction((count) => document.querySelectorAll('.search-results > li').length > count, before);
  }
  return resultSlugs(page);
}

function total(statusText: string): number {
  const match = /^([\d,]+) papers?/.exec(statusText);
  return match ? Number(match[1]?.replace(/,/g, '')) : 0;
}

// Written from reading the papers: which paper a reader typing this is looking for.
const QUERIES: [kind: string, query: string, first: string][] = [
  ['exact title', 'Transformers Can Do Bayesian Inference', 'transformers-can-do-bayesian-inference'],
  ['exact title', 'The Consciousness Prior', 'the-consciousness-prior'],
  ['exact title with a hyphen', 'Discrete Key-Value Bottleneck', 'discrete-key-value-bottleneck'],
  ['acronym', 'EMO', 'emo-earth-mover-distance-optimization-for-auto-regressive-language-modeling'],
  [
    'method in words',
    'earth mover distance',
    'emo-earth-mover-distance-optimization-for-auto-regressive-language-modeling',
  ],
  ['method name', 'ForwardGNN', 'forward-learning-of-graph-neural-networks'],
  [
    'acronym and topic',
    'GNN explainability',
    'towards-robust-fidelity-for-evaluating-explainability-of-graph-neural-networks',
  ],
  ['hyphenated term', 'cross-entropy', 'cross-entropy-loss-functions-theoretical-analysis-and-applications'],
  ['math symbol name', 'alpha', 'scaling-law-with-learning-rate-annealing'],
  ['math symbol name', 'Psi', 'on-the-provable-advantage-of-unsupervised-pretraining'],
  // Formulas typed as TeX are read as the index reads the papers' formulas.
  ['math typed as TeX', '$\\alpha$', 'scaling-law-with-learning-rate-annealing'],
  ['math typed as TeX', '$\\Psi$', 'on-the-provable-advantage-of-unsupervised-pretraining'],
  // So are TeX typed without dollars and Greek letters, even one alone.
  ['math typed as TeX without dollars', 'L_0', 'scaling-law-with-learning-rate-annealing'],
  ['math as a Greek letter', 'α', 'scaling-law-with-learning-rate-annealing'],
  ['math as a Greek letter', 'Ψ', 'on-the-provable-advantage-of-unsupervised-pretraining'],
  ['distance name', 'Wasserstein', 'wasserstein-dependency-measure-for-representation-learning'],
  [
    'abstract phrase',
    'strange attractors',
    'chaos-as-an-interpretable-benchmark-for-forecasting-and-data-driven-modelling',
  ],
  [
    'abstract phrase',
    'true posterior catastrophic forgetting',
    'on-sequential-bayesian-inference-for-continual-learning',
  ],
  ['model name', 'Mamba', 'demystifying-the-token-dynamics-of-deep-selective-state-space-models'],
  [
    'acronym and phrase',
    'SPSA shared randomness',
    'just-one-byte-per-gradient-a-note-on-low-bandwidth-decentralized-language-model',
  ],
  ['word being typed', 'hypernet', 'magnitude-invariant-parametrizations-improve-hypernetwork-learning'],
  ['title words', 'Riemann hypothesis', 'analysis-on-riemann-hypothesis-with-cross-entropy-optimization-and-reasoning'],
  ['phrase', 'neural collapse', 'neural-collapse-in-deep-linear-networks-from-balanced-to-imbalanced-data'],
  ['acronym', 'NTK parametrization', 'feature-learning-in-infinite-width-neural-networks'],
  ['rare word', 'Anarchic', 'anarchic-federated-learning'],
];

describe('the query table', () => {
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ctx = await context();
    page = await open(ctx, 'search/');
  });
  afterAll(async () => ctx?.close());

  it.each(QUERIES)('%s: "%s" finds %s first', async (_kind, query, first) => {
    expect(papers.map((paper) => paper.slug)).toContain(first);
    const slugs = await search(page, query);
    expect(slugs[0]).toBe(first);
  });

  it('finds nothing, rather than every paper, for formulas that read as too little to search', async () => {
    for (const query of ['$x$', '$\\,$', '$ $']) {
      expect(await search(page, query), query).toEqual([]);
      expect(await status(page).textContent(), query).toMatch(/^No papers match/);
    }
  });

  it('says so when nothing matches', async () => {
    const slugs = await search(page, 'xylophone gardening');
    expect(slugs).toEqual([]);
    expect(await status(page).textContent()).toMatch(/^No papers match “xylophone gardening”/);
  });

  it('asks for a second character, and keeps a right-to-left override in the query to the query', async () => {
    // One letter (a Greek letter alone is searched: it reads as its name, "α" as "alpha").
    await page.locator('#search-q').fill('é');
    await expect
      .poll(() => status(page).textContent())
      .toBe('Type at least 2 characters to search, or choose a topic.');
    expect(await search(page, '\u202exylophone')).toEqual([]);
    // Isolated in its own element, the override cannot reverse the sentence after the query.
    expect(await status(page).locator('bdi').textContent()).toBe('\u202exylophone');
  });
});

describe('what is indexed', () => {
  it('reads math in excerpts once, as words, with the match highlighted', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/?q=alpha');
    await settled(page, 'alpha');
    const excerpt = page.locator('.search-results > li').first().locator('.paper-excerpt');
    // Pagefind marks the whole word as written, punctuation included ("^(−alpha)").
    expect((await excerpt.locator('mark').allTextContents()).some((mark) => mark.includes('alpha'))).toBe(true);
    const text = (await excerpt.textContent()) ?? '';
    // One readable form: Unicode scripts, no TeX source, no glyph soup from KaTeX's HTML.
    expect(text).toContain('S₁');
    expect(text).not.toMatch(/\\alpha|S_1|\\cdot|L0\+A/);
    expect(text.match(/alpha/g)).toHaveLength(1);
    await ctx.close();
  });

  it('indexes each paper once: title, topics, abstract, readable math; no scraped original, cite block or navigation', async () => {
    // What Pagefind stored, read back from its fragments (a search for an absent word is no proof:
    // Pagefind also matches indexed words that are prefixes of the query, "Newer" finds "new").
    const fragments = await readFragments(join(site.dist, 'pagefind'));
    expect(fragments.map((fragment) => fragment.url).sort()).toEqual(
      papers.map((paper) => `/papers/${paper.slug}/`).sort(),
    );
    for (const fragment of fragments) {
      const paper = papers.find((candidate) => fragment.url === `/papers/${candidate.slug}/`);
      expect(fragment.meta['added'], fragment.url).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(fragment.filters['topic']?.sort(), fragment.url).toEqual([...(paper?.topics ?? [])].sort());
      expect(fragment.filters['code'], fragment.url).toEqual([paper?.code ? 'yes' : 'no']);
      for (const absent of [
        'Acdot', // the scraped original of the annealing paper ("As scraped")
        'archivePrefix',
        '@article',
        'Download .bib',
        'Skip to content',
        'Edit this paper',
        'Newer',
        'Related papers',
        'Authors not recorded',
        '\\alpha',
        'S_1',
        'annotation',
      ]) {
        expect(fragment.content, `${fragment.url} holds "${absent}"`).not.toContain(absent);
      }
    }
    const annealing = fragments.find((fragment) => fragment.url.includes('/scaling-law-with-learning-rate-annealing/'));
    expect(annealing?.meta['title']).toBe('Scaling Law with Learning Rate Annealing');
    expect(annealing?.content).toContain('L(s) = L₀ + A · S₁ ^(−alpha) − C · S₂');
    expect(annealing?.content.match(/alpha/g)).toHaveLength(1);
  });

  it('finds a paper by a topic name and not by a cite-block word', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/');
    expect(await search(page, 'eprint')).toEqual([]);
    // A topic's name finds its papers even when their text does not say it.
    const interpretability = papers.filter((paper) => paper.topics.includes('interpretability')).map((p) => p.slug);
    expect(interpretability.length).toBeGreaterThan(0);
    const found = await search(page, 'Interpretability and explainability');
    expect(found.slice(0, interpretability.length).sort()).toEqual(interpretability.sort());
    await ctx.close();
  });

  it('shows the plain title, topic chips linking to topic pages and the date added', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/?q=Anarchic');
    await settled(page, 'Anarchic');
    const first = page.locator('.search-results > li').first();
    expect(await first.locator('h2').textContent()).toBe('Anarchic Federated Learning');
    expect(await first.locator('.paper-meta').textContent()).toMatch(/added \d{1,2} \w+ \d{4}/);
    const chip = first.locator('.topic-chips a').first();
    expect(await chip.getAttribute('href')).toMatch(new RegExp(`^${site.base}topics/[a-z0-9-]+/$`));
    await chip.click();
    await page.waitForURL(/\/topics\/[a-z0-9-]+\/$/);
    expect(await page.locator('h1').count()).toBe(1);
    await ctx.close();
  });
});

describe('filters and the URL', () => {
  it('narrows results by topic and by "has code", and puts both in the URL', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/?q=learning');
    const everything = total(await settled(page, 'learning'));
    expect(everything).toBeGreaterThan(10);

    await page.locator('[data-search-topics] summary').click();
    await page.locator('input[name="topic"][value="federated-learning"]').check();
    await page.waitForURL(/topic=federated-learning/);
    const inTopic = total(await settled(page, 'learning'));
    expect(inTopic).toBeGreaterThan(0);
    expect(inTopic).toBeLessThan(everything);
    const federated = new Set(papers.filter((paper) => paper.topics.includes('federated-learning')).map((p) => p.slug));
    const topicSlugs = await allResultSlugs(page);
    expect(topicSlugs).toHaveLength(inTopic);
    for (const slug of topicSlugs) expect(federated.has(slug), slug).toBe(true);

    await page.locator('input[name="topic"][value="federated-learning"]').uncheck();
    await page.locator('input[name="code"]').check();
    await page.waitForURL(/code=1/);
    expect(page.url()).not.toContain('topic=');
    const withCode = total(await settled(page, 'learning'));
    expect(withCode).toBeGreaterThan(0);
    expect(withCode).toBeLessThan(everything);
    const coded = new Set(papers.filter((paper) => paper.code).map((paper) => paper.slug));
    for (const slug of await allResultSlugs(page)) expect(coded.has(slug), slug).toBe(true);
    await ctx.close();
  });

  it('restores query, filters and sort from the URL, on reload and on back/forward', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/?q=learning&topic=continual-learning&code=1&sort=newest');
    await settled(page, 'learning');
    const form = async () => ({
      q: await page.locator('#search-q').inputValue(),
      topic: await page.locator('input[name="topic"][value="continual-learning"]').isChecked(),
      code: await page.locator('input[name="code"]').isChecked(),
      sort: await page.locator('select[name="sort"]').inputValue(),
    });
    const state = { q: 'learning', topic: true, code: true, sort: 'newest' };
    expect(await form()).toEqual(state);
    const shown = await resultSlugs(page);

    await page.reload();
    await settled(page, 'learning');
    expect(await form()).toEqual(state);
    expect(await resultSlugs(page)).toEqual(shown);

    await page.locator('select[name="sort"]').selectOption('oldest');
    await page.waitForURL(/sort=oldest/);
    await page.locator('#search-q').fill('bayesian');
    await settled(page, 'bayesian');
    expect(page.url()).toContain('q=bayesian');

    await page.goBack();
    await page.waitForURL(/q=learning/);
    await settled(page, 'learning');
    expect((await form()).sort).toBe('oldest');
    await page.goBack();
    await page.waitForURL(/sort=newest/);
    await settled(page, 'learning');
    expect(await form()).toEqual(state);
    await page.goForward();
    await page.waitForURL(/sort=oldest/);
    expect((await form()).sort).toBe('oldest');
    await ctx.close();
  });

  it('searches from the search page addressed by its file, search/index.html, with no offline notice', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/index.html?q=Mamba');
    await settled(page, 'Mamba');
    expect(await resultSlugs(page)).toEqual(['demystifying-the-token-dynamics-of-deep-selective-state-space-models']);
    expect(await page.locator('[data-offline-notice]').isVisible()).toBe(false);
    await ctx.close();
  });

  it('ignores what it cannot use in a hand-edited URL and still searches', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/?q=Mamba&topic=no-such-topic&topic=..%2F..&sort=sideways&code=maybe');
    await settled(page, 'Mamba');
    expect(await resultSlugs(page)).toEqual(['demystifying-the-token-dynamics-of-deep-selective-state-space-models']);
    expect(new URL(page.url()).search).toBe('?q=Mamba');
    await ctx.close();
  });
});

describe('keyboard', () => {
  it('"/" focuses the header box on any page; Enter searches; arrows and j/k move; Enter opens', async () => {
    const ctx = await context();
    const page = await open(ctx, 'papers/anarchic-federated-learning/');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type('bottleneck');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=bottleneck$/);
    await settled(page, 'bottleneck');
    const slugs = await resultSlugs(page);
    expect(slugs.length).toBeGreaterThan(2);

    await page.locator('#search-q').focus();
    const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    await page.keyboard.press('ArrowDown');
    expect(await focusedHref()).toContain(`/papers/${slugs[0]}/`);
    await page.keyboard.press('j');
    expect(await focusedHref()).toContain(`/papers/${slugs[1]}/`);
    await page.keyboard.press('ArrowDown');
    expect(await focusedHref()).toContain(`/papers/${slugs[2]}/`);
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    expect(await focusedHref()).toContain(`/papers/${slugs[0]}/`);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/papers/${slugs[0]}/$`));
    await ctx.close();
  });

  it('leaves "/" alone while the reader types in a field', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/');
    await page.locator('#search-q').focus();
    await page.keyboard.type('a/b');
    expect(await page.locator('#search-q').inputValue()).toBe('a/b');
    await ctx.close();
  });
});

describe('export', () => {
  it("downloads every result as one .bib, each entry the same bytes as the paper's own .bib", async () => {
    const ctx = await context({ acceptDownloads: true });
    const page = await open(ctx, 'search/?q=learning');
    const statusText = await settled(page, 'learning');
    const slugs = await allResultSlugs(page);
    expect(slugs.length).toBe(total(statusText));
    const button = page.locator('[data-search-export]');
    await expect.poll(() => button.isVisible()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('papers-learning.bib');
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const expected = await Promise.all(slugs.map((slug) => readFile(join(site.dist, 'papers', `${slug}.bib`), 'utf8')));
    expect(text).toBe(expected.map((entry) => `${entry.trim()}\n`).join('\n'));
    expect(await page.locator('[data-search-export-status]').textContent()).toBe(`Exported ${slugs.length} entries.`);
    await ctx.close();
  });
});

describe('when search cannot start', () => {
  it("says search is unavailable when the search worker's script cannot load, and points to topics", async () => {
    const ctx = await context();
    await ctx.route('**/_astro/search-worker-*.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const page = await open(ctx, 'search/?q=learning');
    await expect
      .poll(async () => (await status(page).textContent()) ?? '', { timeout: 15_000 })
      .toMatch(
        /^Search is unavailable: the search index could not be loaded \(The search worker failed: .+\)\. Browse by topic instead\.$/,
      );
    expect(await page.locator('.search-results > li').count()).toBe(0);
    await ctx.close();
  });
});

describe('accessibility', () => {
  it('tells a screen reader the results once the reader stops typing, not at every keystroke', async () => {
    const ctx = await context();
    const page = await open(ctx, 'search/');
    const heard = await recordAnnouncements(page, '[data-search-announce]');
    await page.locator('#search-q').pressSequentially('learning', { delay: 120 });
    const line = await settled(page, 'learning');
    await expect.poll(async () => (await heard()).at(-1)).toBe(line);
    // The status line changed with (nearly) every keystroke; a screen reader heard the last one.
    expect(await heard()).toEqual([line]);
    // The status line itself is not a live region: only the announcer is.
    expect(await status(page).getAttribute('role')).toBeNull();
    expect(await page.locator('[role="status"][data-search-announce]').count()).toBe(1);
    await ctx.close();
  });

  it('keeps focus on the export button while it collects the entries', async () => {
    const ctx = await context({ acceptDownloads: true });
    const page = await open(ctx, 'search/?q=learning');
    await settled(page, 'learning');
    const button = page.locator('[data-search-export]');
    await expect.poll(() => button.isVisible()).toBe(true);
    await button.focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await download.path();
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-search-export'))).toBe(true);
    expect(await button.getAttribute('aria-disabled')).toBeNull();
    await ctx.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`axe finds no violation on the search page with results in ${scheme} mode`, async () => {
      const ctx = await context({ colorScheme: scheme });
      const page = await open(ctx, 'search/?q=learning&topic=continual-learning');
      await settled(page, 'learning');
      await page.locator('[data-search-topics] summary').click();
      expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0);
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
      await page.screenshot({ path: join(PROJECT_ROOT, `.cache/screenshots/search-${scheme}.png`), fullPage: true });
      await ctx.close();
    });
  }
});
