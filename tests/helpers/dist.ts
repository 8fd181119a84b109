/**
 * Reading a built site (dist/) the way a browser and a crawler would: every file, every page
 * parsed with a real HTML parser, every URL a page references, and whether an internal URL
 * resolves to a file that exists.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';

/** Every file under `root`, as `/`-separated paths relative to it, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Which of `files` (paths under both roots) differ between `a` and `b`, byte for byte. */
export async function filesThatDiffer(a: string, b: string, files: readonly string[]): Promise<string[]> {
  const different: string[] = [];
  for (const file of files) {
    const [left, right] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
    if (!left.equals(right)) different.push(file);
  }
  return different;
}

/** A page parsed into a DOM (node-html-parser: a real HTML tokenizer; script and style bodies kept as text, `<pre>` parsed). */
export async function readPage(root: string, file: string): Promise<HTMLElement> {
  return parse(await readFile(join(root, file), 'utf8'), {
    comment: true,
    blockTextElements: { script: true, noscript: true, style: true },
  });
}

/** A URL a page references: which element and attribute it is in. */
export interface PageUrl {
  tag: string;
  attribute: string;
  value: string;
  /** For `<link>`: its rel, which says whether the browser fetches it. */
  rel?: string;
}

const URL_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data', 'formaction', 'cite', 'background', 'xlink:href'];

/** Every URL in `page`'s attributes, `srcset` entries split out. */
export function pageUrls(page: HTMLElement): PageUrl[] {
  const urls: PageUrl[] = [];
  for (const element of page.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    const rel = element.getAttribute('rel');
    for (const attribute of URL_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value !== undefined) urls.push({ tag, attribute, value, ...(rel === undefined ? {} : { rel }) });
    }
    for (const attribute of ['srcset', 'imagesrcset']) {
      const value = element.getAttribute(attribute);
      if (value === undefined) continue;
      for (const candidate of value.split(',')) {
        const url = candidate.trim().split(/\s+/)[0];
        if (url) urls.push({ tag, attribute, value: url });
      }
    }
  }
  return urls;
}

/** The path a file is served at: `papers/x/index.html` -> `<base>papers/x/`. */
export function servedPath(file: string, base: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return prefix + file.replace(/(?:^|\/)index\.html$/, (match) => (match.startsWith('/') ? '/' : ''));
}

/**
 * Whether loading `url` from the page at `pagePath` would contact another host. `data:` and
 * `blob:` URLs are inline content, not requests; any other scheme or origin is external.
 */
export function isExternal(url: string, pagePath: string): boolean {
  const resolved = new URL(url, `http://site.invalid${pagePath}`);
  if (resolved.protocol === 'data:' || resolved.protocol === 'blob:') return false;
  return resolved.origin !== 'http://site.invalid';
}

/**
 * Where an internal URL from the page at `pagePath` lands in the built tree: the file that would
 * be served, or an explanation when nothing would be. Directory URLs must end in `/` (the site
 * is built with trailingSlash: 'always') and hold an index.html.
 */
export function resolveInternal(
  url: string,
  pagePath: string,
  base: string,
  files: ReadonlySet<string>,
): { file: string } | { problem: string } {
  const resolved = new URL(url, `http://site.invalid${pagePath}`);
  const path = decodeURIComponent(resolved.pathname);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  if (!path.startsWith(prefix)) return { problem: `outside the base path ${prefix}` };
  const inside = path.slice(prefix.length);
  if (inside === '' || inside.endsWith('/')) {
    const index = `${inside}index.html`;
    return files.has(index) ? { file: index } : { problem: `no ${index}` };
  }
  if (files.has(inside)) return { file: inside };
  if (files.has(`${inside}/index.html`)) return { problem: `directory URL without its trailing slash` };
  return { problem: `no file ${inside}` };
}

/** The `url(...)` references in a stylesheet. */
export function cssUrls(css: string): string[] {
  return [...css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}
