/**
 * The built seed archive for the search, offline and bundle browser tests: built once (astro
 * build, which ends with Pagefind and the service worker) into .cache/search-e2e/<key>/
 * and reused while the archive and the sources it is built from are unchanged. The key hashes the
 * content, src/, public/, the build scripts and the lock file, so any change rebuilds.
 *
 * The archive is content/ (the papers `npm run ingest` made from the seed page). While content/
 * holds no papers yet, the seed page content/inbox/2025-03-14-hf-trending.txt is ingested into a
 * scratch archive with the real ingest, which gives the same papers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { parsePaperFile } from '../../src/lib/paper/paper-file.ts';
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

/** The archive to test: content/ when it has papers, else the seed page ingested into scratch. */
async function seedArchive(): Promise<string> {
  const content = join(PROJECT_ROOT, 'content');
  const papers = (await filesUnder(join(content, 'papers'))).filter((file) => file.endsWith('.md'));
  if (papers.length > 0) return content;
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
  const ingest = await runScript('ingest', [SEED_PAGE], { ARCHIVE_CONTENT_DIR: dir });
  if (ingest.code !== 0) throw new Error(`Ingesting the seed page failed (exit ${ingest.code}):\n${ingest.output}`);
  await writeFile(join(dir, 'complete'), '');
  return dir;
}

let pending: Promise<SearchSite> | undefined;

/** The built seed archive (built on first call, then reused across test files and runs). */
export function searchSite(): Promise<SearchSite> {
  return (pending ??= buildOnce());
}

async function buildOnce(): Promise<SearchSite> {
  const contentDir = await seedArchive();
  const inputs = [
    ...(await filesUnder(contentDir)).filter((file) => !file.endsWith('complete')),
    ...(await filesUnder(join(PROJECT_ROOT, 'src'))),
    ...(await filesUnder(join(PROJECT_ROOT, 'public'))),
    join(PROJECT_ROOT, 'scripts/postbuild.ts'),
    join(PROJECT_ROOT, 'scripts/bundle.ts'),
    join(PROJECT_ROOT, 'astro.config.mjs'),
    join(PROJECT_ROOT, 'package-lock.json'),
  ];
  const key = await hashFiles(inputs);
  const dir = join(SEARCH_E2E_ROOT, `site-${key}`);
  const dist = join(dir, 'dist');
  const site = { contentDir, dist, base: E2E_BASE, key };
  if (existsSync(join(dir, 'complete'))) return site;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const env = { ARCHIVE_CONTENT_DIR: contentDir, BASE_PATH: E2E_BASE, SITE_URL: 'https://example.github.io' };
  // astro build indexes the site and writes the service worker at its end (src/integrations/).
  const built = await buildSite({ contentDir, outDir: dist, base: E2E_BASE, site: env.SITE_URL });
  if (built.code !== 0) throw new Error(`astro build failed:\n${built.output}`);
  await writeFile(join(dir, 'build.log'), built.output);
  await writeFile(join(dir, 'complete'), '');
  return site;
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
 * with the state it shows) and of `query`.
 */
export async function waitForResults(page: Page, query: string): Promise<void> {
  await page.waitForFunction((q) => {
    const line = document.querySelector<HTMLElement>('[data-search-status]');
    return line?.dataset['state'] === window.location.search && (line.textContent ?? '').includes(`“${q}”`);
  }, query.trim());
}

/** The slugs of the papers the search page lists, in order. */
export async function resultSlugs(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.search-results > li h2 a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => /\/papers\/([^/]+)\/$/.exec(href)?.[1] ?? `unexpected href ${href}`);
}
