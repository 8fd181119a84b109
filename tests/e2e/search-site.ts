/**
 * The built seed archive for the search, offline and bundle browser tests: built once (astro
 * build, which ends with Pagefind and the service worker) into .cache/search-e2e/<key>/
 * and reused while the archive and the sources it is built from are unchanged. The key hashes the
 * content, src/, public/, the build scripts and the lock file, so any change rebuilds.
 *
 * The archive is the seed page content/inbox/2025-03-14-hf-trending.txt ingested into a scratch
 * archive with the real ingest: the papers content/papers/ held before any pull request. Not
 * content/ itself, which grows with every paper contributed: the query table names the first
 * result of each query and the shards depend on the number of papers, so a contributed paper
 * (another one about Mamba, say) failed these tests. tests/build/seed.test.ts builds content/.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { parsePaperFile } from '../../src/lib/paper/paper-file.ts';
import { indexShards } from '../../src/lib/search/build/sharded-index.ts';
import { buildSite, PROJECT_ROOT } from '../helpers/astro-build.ts';

export const SEARCH_E2E_ROOT = join(PROJECT_ROOT, '.cache/search-e2e');
/** The base path the tests build under, as a GitHub Pages project site would be. */
export const E2E_BASE = '/paper-archive/';
const SEED_PAGE = join(PROJECT_ROOT, 'content/inbox/2025-03-14-hf-trending.txt');

export interface SearchSite {
  /** The archive that was built (papers/ and topics.yaml). */
  contentDir: string;
  /** The built, indexed site. */
  dist: string;
  base: string;
  /** Identifies this build of the site (a hash of everything it was built from). */
  key: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of these files' paths and bytes. */
async function hashFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(relative(PROJECT_ROOT, path).split(sep).join('/'));
    hash.update('\0');
    hash.update(await readFile(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function run(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (cause) => reject(new Error(`Failed to start ${command}`, { cause })));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Runs a project script (`scripts/<name>.ts`) with the project's Node. */
export function runScript(
  name: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number; output: string }> {
  return run(process.execPath, [join(PROJECT_ROOT, 'scripts', `${name}.ts`), ...args], env);
}

/** The archive to test: the seed page ingested into scratch. */
async function seedArchive(): Promise<string> {
  const content = join(PROJECT_ROOT, 'content');
  const key = await hashFiles([
    SEED_PAGE,
    join(content, 'topics.yaml'),
    join(PROJECT_ROOT, 'scripts/ingest.ts'),
    ...(await filesUnder(join(PROJECT_ROOT, 'src/lib'))),
  ]);
  const dir = join(SEARCH_E2E_ROOT, `seed-${key}`);
  if (existsSync(join(dir, 'complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'papers'), { recursive: true });
  await cp(join(content, 'topics.yaml'), join(dir, 'topics.yaml'));
  // From the archive's own inbox, as content/ was ingested: each paper's source is inbox/<page>.
  await mkdir(join(dir, 'inbox'));
  await cp(SEED_PAGE, join(dir, 'inbox', basename(SEED_PAGE)));
  const ingest = await runScript('ingest', [], { ARCHIVE_CONTENT_DIR: dir });
  if (ingest.code !== 0) throw new Error(`Ingesting the seed page failed (exit ${ingest.code}):\n${ingest.output}`);
  await writeFile(join(dir, 'complete'), '');
  return dir;
}

/**
 * Pages per search-index shard in the test build: small, so the seed archive's 56 papers make
 * several shards (months packed together, a month split by days, a day split in runs) and every
 * browser test searches a sharded index.
 */
export const E2E_SHARD_CAP = 8;

/**
 * The day the paper at `position` (of `count`, in slug order) is given as added in the test archive:
 * the seed archive's papers were all added on one day, which would make one shard. Spread over
 * months of 2024, February 2025 (with one day of ten papers, over the cap), earlier days of March
 * 2025 and its newest day, 14 March, several papers a day (papers added the same day tie in a date
 * sort).
 */
export function e2eAddedDay(position: number, count: number): string {
  const share = position / count;
  const day = (month: string, n: number) => `${month}-${String(n).padStart(2, '0')}`;
  if (share < 0.3) return day(`2024-${String(1 + (position % 6)).padStart(2, '0')}`, 10 + (position % 3));
  if (share < 0.65) return position % 2 === 0 ? '2025-02-07' : day('2025-02', 1 + (position % 5) * 5);
  if (share < 0.85) return day('2025-03', 2 + (position % 4) * 3);
  return '2025-03-14';
}

/** The seed archive with its papers' dates spread (e2eAddedDay), in `dir`. */
async function spreadArchive(source: string, dir: string): Promise<void> {
  await cp(source, dir, { recursive: true, filter: (path) => !path.includes(`${sep}inbox`) });
  const papers = (await filesUnder(join(dir, 'papers'))).filter((file) => file.endsWith('.md'));
  for (const [position, file] of papers.entries()) {
    const text = await readFile(file, 'utf8');
    if (!/^added: .*$/m.test(text)) throw new Error(`${file} has no "added:" line to spread`);
    await writeFile(file, text.replace(/^added: .*$/m, `added: ${e2eAddedDay(position, papers.length)}`));
  }
}

let pending: Promise<SearchSite> | undefined;

/** The built seed archive (built on first call, then reused across test files and runs). */
export function searchSite(): Promise<SearchSite> {
  return (pending ??= buildOnce());
}

async function buildOnce(): Promise<SearchSite> {
  const seed = await seedArchive();
  const inputs = [
    ...(await filesUnder(seed)).filter((file) => !file.endsWith('complete')),
    ...(await filesUnder(join(PROJECT_ROOT, 'src'))),
    ...(await filesUnder(join(PROJECT_ROOT, 'public'))),
    join(PROJECT_ROOT, 'tests/e2e/search-site.ts'),
    join(PROJECT_ROOT, 'scripts/postbuild.ts'),
    join(PROJECT_ROOT, 'scripts/bundle.ts'),
    join(PROJECT_ROOT, 'astro.config.mjs'),
    join(PROJECT_ROOT, 'package-lock.json'),
  ];
  const key = await hashFiles(inputs);
  const dir = join(SEARCH_E2E_ROOT, `site-${key}`);
  const dist = join(dir, 'dist');
  const contentDir = join(dir, 'content');
  const site = { contentDir, dist, base: E2E_BASE, key };
  if (existsSync(join(dir, 'complete'))) return site;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await spreadArchive(seed, contentDir);
  const env = { ARCHIVE_CONTENT_DIR: contentDir, BASE_PATH: E2E_BASE, SITE_URL: 'https://example.github.io' };
  // astro build indexes the site and writes the service worker at its end (src/integrations/).
  const built = await buildSite({
    contentDir,
    outDir: dist,
    base: E2E_BASE,
    site: env.SITE_URL,
    env: { ARCHIVE_SEARCH_SHARD_CAP: String(E2E_SHARD_CAP) },
  });
  if (built.code !== 0) throw new Error(`astro build failed:\n${built.output}`);
  await writeFile(join(dir, 'build.log'), built.output);
  await writeFile(join(dir, 'complete'), '');
  return site;
}

/**
 * The same site with its search index as one shard: what one Pagefind index over the same pages
 * answers, to compare the sharded index with (made once per site, from a copy of its output).
 */
export async function oneIndexSite(site: SearchSite): Promise<SearchSite> {
  const dir = join(SEARCH_E2E_ROOT, `site-${site.key}`, 'one-index');
  const dist = join(dir, 'dist');
  const one = { ...site, dist };
  if (existsSync(join(dir, 'complete'))) return one;
  await rm(dir, { recursive: true, force: true });
  await cp(site.dist, dist, { recursive: true });
  await rm(join(dist, 'pagefind'), { recursive: true, force: true });
  await indexShards(dist, 'en', undefined, {
    plan: (pages) => [
      {
        key: 'all',
        pages: [...pages].sort((a, b) => a.added.localeCompare(b.added) || (a.path < b.path ? -1 : 1)),
      },
    ],
  });
  await writeFile(join(dir, 'complete'), '');
  return one;
}

/** The offline zip of the site (`npm run bundle`), made once per site. */
export async function offlineZip(site: SearchSite): Promise<string> {
  const zip = join(SEARCH_E2E_ROOT, `site-${site.key}`, 'paper-archive-offline.zip');
  if (existsSync(zip)) return zip;
  const result = await runScript('bundle', ['--dist', site.dist, '--out', zip], {
    ARCHIVE_CONTENT_DIR: site.contentDir,
    BASE_PATH: site.base,
  });
  if (result.code !== 0) throw new Error(`npm run bundle failed (exit ${result.code}):\n${result.output}`);
  return zip;
}

/** The papers of the archive as their front matter says: slug, title, topics, has code. */
export async function seedPapers(
  site: SearchSite,
): Promise<{ slug: string; title: string; topics: string[]; code: boolean }[]> {
  const files = (await filesUnder(join(site.contentDir, 'papers'))).filter((file) => file.endsWith('.md'));
  return Promise.all(
    files.map(async (file) => {
      const parsed = parsePaperFile(await readFile(file, 'utf8'));
      const data = parsed.data as { title: string; topics: string[]; code?: string[] };
      return {
        slug: relative(join(site.contentDir, 'papers'), file).replace(/\.md$/, ''),
        title: data.title,
        topics: data.topics,
        code: (data.code ?? []).length > 0,
      };
    }),
  );
}

/**
 * Waits until the search page shows the results of the URL's state (the page marks its status line
 * with the state it shows) and of `query` (a blank query, filters only: the status quotes no query).
 */
export async function waitForResults(page: Page, query: string): Promise<void> {
  await page.waitForFunction((q) => {
    const line = document.querySelector<HTMLElement>('[data-search-status]');
    return (
      line?.dataset['state'] === window.location.search && (q === '' || (line.textContent ?? '').includes(`“${q}”`))
    );
  }, query.trim());
}

/** The slugs of the papers the search page lists, in order. */
export async function resultSlugs(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.search-results > li h2 a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => /\/papers\/([^/]+)\/$/.exec(href)?.[1] ?? `unexpected href ${href}`);
}
