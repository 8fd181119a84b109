/**
 * The search index in shards (src/lib/search/build/index-shards.ts, sharded-index.ts and
 * src/lib/search/browser/search-shards.ts), in a real headless Chromium: the test archive's papers
 * are spread over months and days and indexed in shards of at most eight pages (search-site.ts);
 * it must answer as the same site indexed as one Pagefind index does. Date-sorted results must come
 * in the very same order, the order of the papers' days added (then paths) in the archive itself;
 * relevance results must be the same set (each shard ranks with its own statistics, so equally
 * good matches may swap).
 *
 * The first tests show that the fixture does hit what broke a plain merge (an earlier try, with
 * papers hashed into shards): Pagefind's own merged search cannot sort the shards by date (the
 * index holds no sort: the search page reads each shard's index order) and widens a query when a
 * shard lacks one of its words.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShardManifest } from '../../src/lib/search/build/sharded-index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { oneIndexSite, resultSlugs, searchSite, waitForResults, type SearchSite } from './search-site.ts';

let sharded: SearchSite;
let single: SearchSite;
let shardedServer: StaticServer;
let singleServer: StaticServer;
let browser: Browser;

beforeAll(async () => {
  sharded = await searchSite();
  single = await oneIndexSite(sharded);
  shardedServer = await serveStatic({ root: sharded.dist, base: sharded.base });
  singleServer = await serveStatic({ root: single.dist, base: single.base });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shardedServer?.close();
  await singleServer?.close();
});

/** Each paper's day added, from the archive's own files. */
async function daysAdded(slugs: readonly string[]): Promise<Map<string, string>> {
  const added = new Map<string, string>();
  for (const slug of slugs) {
    const text = await readFile(join(sharded.contentDir, 'papers', `${slug}.md`), 'utf8');
    const day = /^added: (\S+)$/m.exec(text)?.[1];
    if (day === undefined) throw new Error(`${slug}.md has no "added:" line`);
    added.set(slug, day);
  }
  return added;
}

/**
 * `slugs` sorted as a date sort must give them: by day added, then page path (`papers/<slug>/`),
 * oldest first for `oldest`, else newest first.
 */
function inDateOrder(slugs: readonly string[], added: ReadonlyMap<string, string>, sort: string | null): string[] {
  const key = (slug: string) => `${added.get(slug) ?? ''} ${slug}`;
  const oldestFirst = [...slugs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sort === 'oldest' ? oldestFirst : oldestFirst.reverse();
}

/** Shards split between three search workers, whatever the machine (search-workers.ts). */
const THREE_WORKERS = { cores: 3, pagesPerWorker: 1, maxWorkers: 3 };

/**
 * Every result of the search page at `query` (a URL query string), in order, following "Show
 * more"; with `split`, the search workers split so (and how many the page started).
 */
async function results(
  server: StaticServer,
  query: string,
  split?: typeof THREE_WORKERS,
): Promise<{ status: string; slugs: string[]; workers: number }> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  if (split)
    await context.addInitScript((settings) => Object.assign(window, { __ARCHIVE_SEARCH_WORKERS__: settings }), split);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}search/?${query}`);
  await waitForResults(page, new URLSearchParams(query).get('q') ?? '');
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const shown = (await resultSlugs(page)).length;
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-results > li').length > n, shown);
  }
  const status = (await page.locator('[data-search-status]').textContent()) ?? '';
  const slugs = await resultSlugs(page);
  const workers = page.workers().length;
  await context.close();
  expect(errors).toEqual([]);
  return { status, slugs, workers };
}

/**
 * What Pagefind's own merged search gives over the shards, with no mending: every shard merged
 * with `mergeIndex`, one `search` call. Slugs in Pagefind's order.
 */
async function plainMerge(query: string, sort?: 'asc' | 'desc'): Promise<string[]> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${shardedServer.url}search/`);
  // A string, not a function: vitest would rewrite the function's import() into its own loader,
  // which the page does not have.
  const script = `(async (base, term, direction) => {
    const pagefind = await import(base + 'pagefind/pagefind.js');
    const manifest = await (await fetch(base + 'pagefind/shards.json')).json();
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
    for (const shard of manifest.shards) {
      await pagefind.mergeIndex(base + 'pagefind/' + shard.dir, { baseUrl: base, mergeFilter: { shard: shard.key } });
    }
    const filters = { shard: { any: manifest.shards.map((shard) => shard.key) } };
    const response = await pagefind.search(term, direction ? { filters, sort: { added: direction } } : { filters });
    return Promise.all(response.results.map(async (result) => (await result.data()).url));
  })(${[sharded.base, query, sort ?? null].map((value) => JSON.stringify(value)).join(', ')})`;
  const urls = (await page.evaluate(script)) as string[];
  await context.close();
  return urls.map((url) => /\/papers\/([^/]+)\/$/.exec(url)?.[1] ?? url);
}

describe('the sharded test site', () => {
  it('has several shards, each with only its own index files; one runtime at the top', async () => {
    const root = join(sharded.dist, 'pagefind');
    const { shards } = await readShardManifest(root);
    expect(shards.length).toBeGreaterThanOrEqual(5);
    // Months packed, a month split by days, a day split in runs, the newest day alone.
    expect(shards.some((shard) => shard.first.slice(0, 7) !== shard.last.slice(0, 7))).toBe(true);
    expect(shards.some((shard) => shard.key.includes('#'))).toBe(true);
    expect(shards.at(-1)?.key).toBe('2025-03-14');
    for (const shard of shards) {
      const names = (await readdir(join(root, shard.dir))).sort();
      expect(
        names.filter((name) => !/^(?:filter|fragment|index|pagefind-entry\.json|pagefind\..+\.pf_meta)$/.test(name)),
      ).toEqual([]);
    }
    const top = await readdir(root);
    for (const name of ['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind', 'shards.json'])
      expect(top).toContain(name);
    expect(top.filter((name) => /ui|highlight|wasm\.unknown/.test(name))).toEqual([]);
    expect(existsSync(join(single.dist, 'pagefind/shards.json'))).toBe(true);
    expect((await readShardManifest(join(single.dist, 'pagefind'))).shards).toHaveLength(1);
  });

  it("is one where Pagefind's own merge goes wrong: it cannot sort shards by date, a missing word widens", async () => {
    const [oneNewest, mergedNewest] = await Promise.all([
      results(singleServer, 'q=learning&sort=newest'),
      plainMerge('learning', 'desc'),
    ]);
    expect(mergedNewest).not.toEqual(oneNewest.slugs);
    const [one, merged] = await Promise.all([results(singleServer, 'q=scaling+law'), plainMerge('scaling law')]);
    expect(merged.length).toBeGreaterThan(one.slugs.length);
  });
});

describe('a search over the shards', () => {
  it.each([
    'q=learning&sort=newest',
    'q=learning&sort=oldest',
    'q=neural+network&sort=newest',
    'q=bayesian&sort=oldest',
    'topic=continual-learning',
    'code=1&sort=oldest',
    'q=learning&topic=federated-learning&sort=oldest',
    'q=model&code=1&sort=newest',
  ])("sorts by date exactly as one index does, in the archive's date order: %s", async (query) => {
    const [one, many] = await Promise.all([results(singleServer, query), results(shardedServer, query)]);
    expect(one.slugs.length).toBeGreaterThan(1);
    expect(many.status).toBe(one.status);
    expect(many.slugs).toEqual(one.slugs);
    // Not only the same as one index: the order the papers' own dates give, over several days.
    const added = await daysAdded(many.slugs);
    expect(new Set(added.values()).size).toBeGreaterThan(1);
    expect(many.slugs).toEqual(inDateOrder(many.slugs, added, new URLSearchParams(query).get('sort')));
  });

  it.each([
    'q=scaling+law',
    'q=scaling+zzzqqq',
    'q=information+bottleneck',
    'q=earth+mover+distance',
    'q=graph+neural+networks',
    'q=true+posterior+catastrophic+forgetting',
    'q=deep+learning&code=1',
    'q=learning+representation&topic=representation-learning',
    'q=kernel',
    // One word some shards lack: each would answer with its longest word that starts it, so a
    // plain merge finds more (forgetting: 84 results against 4, attention: 36 against 4).
    'q=forgetting',
    'q=attention',
    'q=agent',
    'q=mamba',
    'q=spar',
    // A shard of one page with "Bayesian" whose longest word starting "bayes" is "b" on another
    // page: one page either way, so counting matches alone took the shard for one without the word.
    'q=bayes',
    'q=%22neural+collapse%22',
    // Every word, not only the last, matches the words that start with it: a shard whose only
    // word starting "mechanis" is shorter ("mechanism" stems to "mechan") answers with it.
    'q=mechanis+learning',
    'q=optimi+gradient',
    'q=bayes+deep',
    'q=transform+atten',
    'q=xyzzy+learning',
  ])('finds exactly what one index finds: %s', async (query) => {
    const [one, many] = await Promise.all([results(singleServer, query), results(shardedServer, query)]);
    expect(one.slugs.length).toBeGreaterThan(0);
    expect(many.status).toBe(one.status);
    expect([...many.slugs].sort()).toEqual([...one.slugs].sort());
  });

  it('finds nothing, as one index, for words no shard knows', async () => {
    const [one, many] = await Promise.all([
      results(singleServer, 'q=xylophone+gardening'),
      results(shardedServer, 'q=xylophone+gardening'),
    ]);
    expect(many.slugs).toEqual(one.slugs);
    expect(many.status).toBe(one.status);
  });
});

describe('a search over shards split between search workers', () => {
  it.each([
    'q=learning',
    'q=learning&sort=newest',
    'q=neural+network&sort=oldest',
    'q=scaling+law',
    'q=forgetting',
    'q=graph+neural+networks',
    'q=deep+learning&code=1',
    'q=learning+representation&topic=representation-learning',
    'q=%22neural+collapse%22',
    'topic=continual-learning',
    'q=xylophone+gardening',
  ])('answers exactly as one worker does, in the same order: %s', async (query) => {
    const [one, three] = await Promise.all([
      results(shardedServer, query),
      results(shardedServer, query, THREE_WORKERS),
    ]);
    // One search worker for the small test archive; three when told to split it.
    expect(one.workers).toBe(1);
    expect(three.workers).toBe(3);
    expect(three.status).toBe(one.status);
    expect(three.slugs).toEqual(one.slugs);
  });
});
