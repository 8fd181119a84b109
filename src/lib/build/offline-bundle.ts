import { posix } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { joinBase } from '../site/url.ts';

/**
 * Turns the built site into a copy that works opened from disk (file://), where there is no
 * server to map `/papers/x/` to `papers/x/index.html` and no base path: every internal URL
 * becomes a relative path to an explicit file, keeping its query and fragment. External URLs,
 * fragments on the same page and non-navigational schemes are left alone.
 */

const ORIGIN = 'http://site.invalid';

/** `/paper-archive` or `paper-archive/` -> `/paper-archive/`; `` or `/` -> `/`. */
export function normalizeBase(base: string): string {
  return joinBase(base, '');
}

/** The URL path a built file is served at: `papers/x/index.html` -> `/base/papers/x/`. */
export function servedPath(file: string, base: string): string {
  return normalizeBase(base) + file.replace(/(?:^|\/)index\.html$/, (match) => (match.startsWith('/') ? '/' : ''));
}

export interface Rewritten {
  /** The new value. */
  url: string;
  /** The site file it points to (from the site root), for checking it exists. */
  target: string;
}

/**
 * `url`, as written in `file` (a path from the site root), made relative to that file: a
 * directory URL gets its `index.html`, the base path disappears. `undefined` when the URL is not
 * internal (another origin, `mailto:`, `data:`, a bare `#fragment` or empty) or lies outside the
 * base path; then it must stay as it is. With `directory`, a directory URL stays a directory
 * (`../`), for values that scripts extend rather than navigate to.
 */
export function relativeUrl(url: string, file: string, base: string, directory = false): Rewritten | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(trimmed, ORIGIN + servedPath(file, base));
  } catch {
    return undefined;
  }
  if (resolved.origin !== ORIGIN) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(resolved.pathname);
  } catch {
    return undefined;
  }
  const prefix = normalizeBase(base);
  if (!path.startsWith(prefix)) return undefined;
  const inside = path.slice(prefix.length);
  const isDirectory = inside === '' || inside.endsWith('/');
  const target = isDirectory ? `${inside}index.html` : inside;
  const from = posix.dirname(file);
  let relative = posix.relative(from, isDirectory && directory ? inside || '.' : target);
  if (isDirectory && directory) relative = relative === '' ? './' : `${relative}/`;
  if (relative === '') relative = posix.basename(target);
  const encoded = relative
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
  return { url: encoded + resolved.search + resolved.hash, target };
}

/** Rewrites every `url(...)` in a stylesheet that lives at `file`. */
export function rewriteCss(css: string, file: string, base: string): string {
  return css.replace(
    /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g,
    (match, double?: string, single?: string, bare?: string) => {
      const value = double ?? single ?? bare ?? '';
      const rewritten = relativeUrl(value, file, base);
      return rewritten === undefined ? match : `url(${JSON.stringify(rewritten.url)})`;
    },
  );
}

/** Attributes holding a URL a browser follows or loads. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'cite', 'formAction', 'dataSearchPath'] as const;
/** Attributes holding a base directory that a script appends paths to. */
const DIRECTORY_ATTRIBUTES = ['dataRoot'] as const;

export interface HtmlRewrite {
  html: string;
  /** Every internal file the page refers to, for checking the copy is complete. */
  targets: string[];
  /** Module scripts the page loaded (site-root paths), now pointing at their classic versions. */
  moduleScripts: string[];
}

function relList(element: Element): string[] {
  const value = element.properties['rel'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' || typeof value === 'number' ? String(value).split(/\s+/) : [];
}

/**
 * Rewrites one page for file://. `classicScript` names the classic (non-module) version of a
 * module script: browsers refuse module scripts from file://, so each becomes a deferred classic
 * script. The web app manifest and module preloads are dropped (nothing to install from disk).
 */
export function rewriteHtml(
  html: string,
  file: string,
  base: string,
  classicScript: (modulePath: string) => string,
): HtmlRewrite {
  const tree: Root = fromHtml(html);
  const targets: string[] = [];
  const moduleScripts: string[] = [];
  const rewrite = (value: unknown, directory = false): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const rewritten = relativeUrl(value, file, base, directory);
    if (rewritten === undefined) return undefined;
    targets.push(rewritten.target);
    return rewritten.url;
  };

  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'link') {
      const rel = relList(node);
      if (rel.includes('manifest') || rel.includes('modulepreload')) {
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return index;
        }
      }
    }
    if (
      node.tagName === 'script' &&
      node.properties['type'] === 'module' &&
      typeof node.properties['src'] === 'string'
    ) {
      const resolved = relativeUrl(node.properties['src'], file, base);
      if (resolved !== undefined) {
        moduleScripts.push(resolved.target);
        const classic = classicScript(resolved.target);
        node.properties['type'] = undefined;
        node.properties['defer'] = true;
        node.properties['src'] = normalizeBase(base) + classic;
      }
    }
    for (const name of URL_ATTRIBUTES) {
      const value = rewrite(node.properties[name]);
      if (value !== undefined) node.properties[name] = value;
    }
    for (const name of DIRECTORY_ATTRIBUTES) {
      const value = rewrite(node.properties[name], true);
      if (value !== undefined) node.properties[name] = value;
    }
    for (const name of ['srcSet', 'imageSrcSet'] as const) {
      const value = node.properties[name];
      if (typeof value !== 'string' && !Array.isArray(value)) continue;
      const candidates = (Array.isArray(value) ? value.map(String) : value.split(',')).map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [rewrite(url) ?? url, ...descriptor].join(' ');
      });
      node.properties[name] = candidates.join(', ');
    }
    if (typeof node.properties['style'] === 'string') {
      node.properties['style'] = rewriteCss(node.properties['style'], file, base);
    }
    if (node.tagName === 'style') {
      for (const child of node.children) {
        if (child.type === 'text') child.value = rewriteCss(child.value, file, base);
      }
    }
    return undefined;
  });
  return { html: toHtml(tree), targets, moduleScripts };
}
