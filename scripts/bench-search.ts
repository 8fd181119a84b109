#!/usr/bin/env node
/**
 * The search benchmark: generates a synthetic archive (10,000 papers by default), builds and
 * indexes it exactly as `npm run build` does, serves it on 127.0.0.1, and measures in headless
 * Chromium what the first search transfers and how long results take after each keystroke once
 * the index chunks are loaded. Targets (docs/DESIGN.md): <= 300 KB, <= 100 ms.
 *
 * Exit codes: 0 measured (whether or not the targets were met; the report says); 1 the build or
 * the measurement failed; 2 usage error.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { TOPICS_FILE } from '../src/lib/paper/content-paths.ts';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { measureRun } from '../bench/bench-run.ts';
import { syntheticArchive } from '../bench/search-synthetic-archive.ts';
import { launchChromium } from '../tests/helpers/chromium.ts';
import { serveStatic } from '../tests/helpers/static-server.ts';

const HELP = `Usage: node scripts/bench-search.ts [options]

Builds a synthetic archive and measures search in headless Chromium: bytes transferred by the
first search (gzip as a static host would send text; Pagefind's index files are already
compressed) and keystroke-to-results time once the index chunks are loaded.

Options:
  --papers N     papers in the synthetic archive (default 10000)
  --dir DIR      where to build (default .cache/bench-search; must be inside the project)
  --reuse        reuse an existing build in DIR of the same size instead of rebuilding
  --json         print the report as JSON
  -h, --help     print this help

Exit codes: 0 measured; 1 build or measurement failed; 2 usage error`;

const ROOT = new URL('..', import.meta.url).pathname;
/** Typed one character at a time, as a reader types; measured on the second pass. */
const QUERIES = ['transformer', 'federated learning', 'knowledge distillation', 'graph neural network', 'scaling law'];
const FIRST_QUERY = 'attention mechanism';
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.webmanifest', '.txt']);

async function directorySize(dir: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let bytes = 0;
  let files = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/** The file a served request path maps to (directory URLs serve their index.html). */
function servedFile(dist: string, requestPath: string): string {
  const path = decodeURIComponent(requestPath.split('?')[0] ?? '');
  return join(dist, path.endsWith('/') ? `${path}index.html` : path);
}

/** What a static host would send for `file`: gzip for text, as is for binary and pre-compressed. */
async function transferSize(file: string): Promise<number> {
  const data = await readFile(file);
  return COMPRESSIBLE.has(extname(file).toLowerCase()) ? gzipSync(data, { level: 6 }).length : data.length;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface KeystrokeTimes {
  keystrokes: number;
  samples: number;
  median: number;
  p95: number;
  max: number;
}

export interface Report {
  papers: number;
  /** `astro build`, which ends with Pagefind and the service worker. */
  buildSeconds: number | undefined;
  index: { files: number; bytes: number; fragments: number };
  firstSearch: { query: string; requests: number; bytes: number; byKind: Record<string, number> };
  searchPage: { bytes: number };
  /** Typed again, index chunks loaded and every word's shards known: the target's measure. */
  keystrokeMs: KeystrokeTimes;
  /** Typed the first time: index chunks fetched and each new word looked up in every shard (search-shards.ts). */
  firstTypingMs: KeystrokeTimes;
  targets: { firstSearchKb: number; keystrokeMs: number; met: boolean };
}

async function build(dir: string, papers: number): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  const content = join(dir, 'content');
  await mkdir(join(content, 'papers'), { recursive: true });
  await writeFile(join(content, 'topics.yaml'), await readFile(TOPICS_FILE));
  for (const paper of syntheticArchive(papers, loadTopics(TOPICS_FILE))) {
    await writeFile(join(content, 'papers', `${paper.slug}.md`), paper.file);
  }
  const env = {
    ARCHIVE_CONTENT_DIR: content,
    ARCHIVE_OUT_DIR: join(dir, 'dist'),
    ARCHIVE_CACHE_DIR: join(dir, 'astro-cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  // Rejects with the tail of the command's output when it fails. The build ends with Pagefind and
  // the service worker (src/integrations/archive-build.ts).
  const astro = await measureRun(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ROOT,
    env,
  });
  await writeFile(join(dir, 'complete'), String(papers));
  return astro.seconds;
}

export async function measure(dist: string, papers: number, buildSeconds: Report['buildSeconds']): Promise<Report> {
  const server = await serveStatic({ root: dist });
  const browser = await launchChromium();
  try {
    // No service worker: it would download the whole site in the background, which is not search.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${server.url}search/`);
    const settle = (query: string) =>
      page.waitForFunction((q) => {
        const line = document.querySelector<HTMLElement>('[data-search-status]');
        return line?.dataset['state'] === window.location.search && (line.textContent ?? '').includes(`“${q}”`);
      }, query);
    await page.locator('#search-q').pressSequentially(FIRST_QUERY);
    await settle(FIRST_QUERY);
    await page.waitForLoadState('networkidle');
    // Everything Pagefind fetched from opening the page to the first results is the first search's
    // cost (the page starts loading Pagefind as soon as it opens); the rest is the page itself.
    const byKind: Record<string, number> = {};
    let searchBytes = 0;
    let searchRequests = 0;
    let pageBytes = 0;
    for (const request of server.requests) {
      const path = decodeURIComponent(request.path.split('?')[0] ?? '');
      const bytes = await transferSize(servedFile(dist, request.path));
      if (!path.startsWith('/pagefind/')) {
        pageBytes += bytes;
        continue;
      }
      const kind = /\/pagefind\/(fragment|index|filter)\//.exec(path)?.[1] ?? path.split('/').pop() ?? path;
      byKind[kind] = (byKind[kind] ?? 0) + bytes;
      searchBytes += bytes;
      searchRequests += 1;
    }

    const timings: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (const pass of [1, 2] as const) {
      for (const query of QUERIES) {
        await page.locator('#search-q').fill('');
        await page.evaluate(() => performance.clearMeasures('search:results'));
        // A fast typist: 100 ms between keys (about 120 words a minute).
        await page.locator('#search-q').pressSequentially(query, { delay: 100 });
        await settle(query);
        timings[pass].push(
          ...(await page.evaluate(() =>
            performance.getEntriesByName('search:results', 'measure').map((entry) => entry.duration),
          )),
        );
      }
    }
    const index = await directorySize(join(dist, 'pagefind'));
    const fragments = (await readdir(join(dist, 'pagefind', 'fragment'))).length;
    const times = (values: readonly number[]): KeystrokeTimes => ({
      keystrokes: QUERIES.join('').length,
      samples: values.length,
      median: Math.round(percentile(values, 50)),
      p95: Math.round(percentile(values, 95)),
      max: Math.round(Math.max(...values)),
    });
    const keystroke = times(timings[2]);
    return {
      papers,
      buildSeconds,
      index: { ...index, fragments },
      firstSearch: { query: FIRST_QUERY, requests: searchRequests, bytes: searchBytes, byKind },
      searchPage: { bytes: pageBytes },
      keystrokeMs: keystroke,
      firstTypingMs: times(timings[1]),
      targets: {
        firstSearchKb: 300,
        keystrokeMs: 100,
        met: searchBytes <= 300 * 1024 && keystroke.p95 <= 100,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

function formatTimes(times: KeystrokeTimes): string {
  return `median ${times.median} ms, p95 ${times.p95} ms, max ${times.max} ms over ${times.samples} of ${times.keystrokes} keystrokes`;
}

export function format(report: Report): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = [
    `Search benchmark: ${report.papers.toLocaleString('en')} synthetic papers`,
    report.buildSeconds !== undefined
      ? `  build: astro build (Pagefind and service worker included) ${report.buildSeconds.toFixed(1)} s`
      : '  build: reused',
    `  index: ${report.index.files} files, ${kb(report.index.bytes)} (${report.index.fragments} fragment files)`,
    `  search page itself (HTML, CSS, site scripts): ${kb(report.searchPage.bytes)}`,
    `  first search "${report.firstSearch.query}" (all Pagefind files fetched): ${report.firstSearch.requests} requests, ${kb(report.firstSearch.bytes)} (target <= 300 KB)`,
    ...Object.entries(report.firstSearch.byKind)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, bytes]) => `    ${kind}: ${kb(bytes)}`),
    `  keystroke to results, chunks loaded: ${formatTimes(report.keystrokeMs)} (the rest were replaced by the next key before their search started; target <= 100 ms)`,
    `  keystroke to results, typed the first time (chunks fetched, new words looked up in every shard): ${formatTimes(report.firstTypingMs)}`,
    `  targets ${report.targets.met ? 'met' : 'NOT met'}`,
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        papers: { type: 'string' },
        dir: { type: 'string' },
        reuse: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`bench-search: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  const papers = Number(args.values.papers ?? 10_000);
  if (!Number.isInteger(papers) || papers < 1) {
    console.error('bench-search: --papers must be a positive whole number');
    return 2;
  }
  // Inside the project: Astro keeps a build's prerender chunks beside an outDir under the cwd.
  const dir = join(ROOT, args.values.dir ?? '.cache/bench-search');
  try {
    let buildSeconds: Report['buildSeconds'];
    const previous = await readFile(join(dir, 'complete'), 'utf8').catch(() => '');
    if (args.values.reuse && previous === String(papers)) buildSeconds = undefined;
    else buildSeconds = await build(dir, papers);
    const report = await measure(join(dir, 'dist'), papers, buildSeconds);
    console.log(args.values.json ? JSON.stringify(report, null, 2) : format(report));
    return 0;
  } catch (error) {
    console.error(`bench-search: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
