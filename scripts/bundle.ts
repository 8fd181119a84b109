#!/usr/bin/env node
/**
 * npm run bundle: the built site as a zip that works unzipped and opened from disk (file://).
 *
 * Exit codes: 0 zip written; 1 the copy could not be made (a page refers to a missing file, a
 * script could not be converted, writing failed); 2 usage error (bad option, no built site).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import { loadTopics } from '../src/lib/paper/topics-file.ts';
import { rewriteCss, rewriteHtml } from '../src/lib/build/offline-bundle.ts';
import {
  buildFallbackIndex,
  fallbackIndexScript,
  readFragments,
} from '../src/lib/search/build/search-fallback-index.ts';
import { absoluteUrl, paths } from '../src/lib/site/url.ts';
import { SITE } from '../src/site.config.ts';

const DEFAULT_OUT = 'dist-offline/paper-archive-offline.zip';
const FOLDER = 'paper-archive';

const HELP = `Usage: npm run bundle [-- options]

Writes a zip of the built site that works from disk: unzip it and open ${FOLDER}/index.html by
double-clicking. Every internal link is rewritten to a relative path ending in index.html, module
scripts become classic scripts, and search uses a fallback index loaded with a <script> tag
(search-index.js, built from the Pagefind index) because Pagefind cannot fetch over file://. The
service worker, web app manifest and Pagefind bundle are left out: they need a web server.

Run npm run build first (the same BASE_PATH as the build).

Options:
  --dist DIR      the built site (default: $ARCHIVE_OUT_DIR or dist)
  --out FILE      the zip to write (default: ${DEFAULT_OUT})
  -h, --help      print this help

Exit codes:
  0  zip written
  1  the copy could not be made (a page refers to a missing file, a script failed to convert, a write failed)
  2  usage error: unknown option, no built site at DIR`;

/** Files of the online site that mean nothing from disk (and an offline zip offered for download). */
const LEFT_OUT =
  /^(?:sw\.js|workbox-[\w-]+\.js|manifest\.webmanifest|robots\.txt|sitemap[\w-]*\.xml|pagefind\/.*|.*\.zip)$/;
/** Already compressed: stored, not deflated again. */
const STORED = /\.(?:woff2?|png|jpe?g|webp|gif|zip|gz|wasm|pagefind)$/;
/** Every file's date in the zip: a fixed one, so the same site always gives the same zip. */
const MTIME = new Date(2000, 0, 1);

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** A module script (and the chunks it imports, dynamic ones included) as one classic script. */
async function classicScript(dist: string, modulePath: string): Promise<string> {
  const result = await build({
    entryPoints: [join(dist, modulePath)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    // `import(url)` of a runtime URL (Pagefind online) cannot be bundled and is not reached from disk.
    external: ['*/pagefind.js'],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${modulePath}`);
  return output.text;
}

interface BundleSummary {
  files: number;
  pages: number;
  papers: number;
  bytes: number;
}

export async function bundleSite(dist: string, out: string, base: string): Promise<BundleSummary> {
  const files = await listFiles(dist);
  const fileSet = new Set(files);
  const zip: Zippable = {};
  const add = (path: string, data: Uint8Array) => {
    zip[`${FOLDER}/${path}`] = [data, { level: STORED.test(path) ? 0 : 6, mtime: MTIME }];
  };
  const encoder = new TextEncoder();

  const classicName = (modulePath: string) => modulePath.replace(/\.m?js$/, '.classic.js');
  const moduleScripts = new Set<string>();
  const missing: string[] = [];
  let pages = 0;
  for (const file of files) {
    if (LEFT_OUT.test(file)) continue;
    const bytes = await readFile(join(dist, file));
    if (file.endsWith('.html')) {
      pages += 1;
      const page = rewriteHtml(bytes.toString('utf8'), file, base, classicName);
      for (const script of page.moduleScripts) moduleScripts.add(script);
      for (const target of page.targets) {
        // A link to nothing, or to a file the copy leaves out (a sitemap), would be broken from disk.
        const converted = target.endsWith('.classic.js') && fileSet.has(target.replace(/\.classic\.js$/, '.js'));
        if (!converted && (!fileSet.has(target) || LEFT_OUT.test(target))) missing.push(`${file} -> ${target}`);
      }
      add(file, encoder.encode(page.html));
    } else if (file.endsWith('.css')) {
      add(file, encoder.encode(rewriteCss(bytes.toString('utf8'), file, base)));
    } else {
      add(file, bytes);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `Pages refer to files that are not in the built site:\n  ${missing.slice(0, 20).join('\n  ')}${missing.length > 20 ? `\n  ... ${missing.length - 20} more` : ''}`,
    );
  }
  for (const script of moduleScripts) {
    try {
      add(classicName(script), encoder.encode(await classicScript(dist, script)));
    } catch (cause) {
      throw new Error(`Failed to convert the module script ${script} to a classic script`, { cause });
    }
  }

  const topics = Object.fromEntries(loadTopics().map((topic) => [topic.id, topic.name]));
  const fallback = buildFallbackIndex(await readFragments(join(dist, 'pagefind')), topics);
  add('search-index.js', encoder.encode(fallbackIndexScript(fallback)));
  add(
    'README.txt',
    encoder.encode(
      `${SITE.title}: an offline copy\n\nOpen index.html in this folder with a web browser (double-click it).\n` +
        `Everything works without a network: papers, topics, math and search.\n` +
        `The online site is ${absoluteUrl(paths.home, SITE.url, base)}\n`,
    ),
  );

  const data = zipSync(zip);
  await mkdir(dirname(out), { recursive: true });
  // Written beside and renamed: an interrupted run never leaves a truncated zip under the real name.
  const partial = `${out}.partial`;
  try {
    await writeFile(partial, data);
    await rename(partial, out);
  } catch (cause) {
    await rm(partial, { force: true });
    throw new Error(`Failed to write ${out}`, { cause });
  }
  return { files: Object.keys(zip).length, pages, papers: fallback.docs.length, bytes: data.length };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { dist: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  const dist = resolve(args.values.dist ?? process.env['ARCHIVE_OUT_DIR'] ?? 'dist');
  const out = resolve(args.values.out ?? DEFAULT_OUT);
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'pagefind', 'pagefind-entry.json'))) {
    console.error(`bundle: no built and indexed site at ${dist}: run npm run build first`);
    return 2;
  }
  try {
    const started = performance.now();
    const summary = await bundleSite(dist, out, SITE.base);
    console.log(
      `bundle: wrote ${relative(process.cwd(), out) || out} (${(summary.bytes / 1024 / 1024).toFixed(1)} MB, ${summary.files} files, ` +
        `${summary.pages} pages, ${summary.papers} papers searchable offline) in ${Math.round(performance.now() - started)} ms`,
    );
    console.log(`bundle: unzip it and open ${FOLDER}/index.html`);
    return 0;
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause) console.error(`  caused by: ${String(error.cause)}`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
