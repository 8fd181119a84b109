import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { indexedSegmentInsertions, needsWordSegments } from '../../text/word-segments.ts';
import { paperPagePath } from './index-shards.ts';

/**
 * The paper pages of a built site as the search index sees them (sharded-index.ts indexes them):
 * each page's indexed part, its digest and its date added. Pages are read only when their file
 * changed (size and modification time), so a rebuild leaves unchanged pages unread.
 */

export interface PageRecord {
  /** The page file's size and modification time (ns) when it was read. */
  size: number;
  mtime: string;
  /** A digest of its indexed part; null for a page that is not a paper's. */
  digest: string | null;
  /** Its date added (its `added` search metadata), which places it in a shard (index-shards.ts). */
  added?: string;
}

/**
 * The part of a paper page Pagefind reads: its `data-pagefind-body` element (the `<article>`).
 * Everything else on the page (related papers, newer and older links) changes without changing the
 * index. Undefined for a page that is not a paper's.
 */
export function indexedPart(html: string): string | undefined {
  const marker = html.indexOf('data-pagefind-body');
  if (marker < 0) return undefined;
  const start = html.lastIndexOf('<article', marker);
  const end = html.indexOf('</article>', marker);
  return start < 0 || end < 0 ? html : html.slice(start, end);
}

/**
 * What Pagefind is given of a page: its indexed part alone, in the page's `<html>` element, with
 * the content of every element it ignores left out. Pagefind reads only the part of a page marked
 * `data-pagefind-body`, and nothing inside a `data-pagefind-ignore` element but its metadata and
 * filters, so the index is the same, byte for byte (tests/build/search-shards.test.ts compares with
 * whole pages), from a third of the bytes to encode, send and parse (10,000 papers: 16.5 s of
 * indexing instead of 19.5 s). Without the ignored content (the cite block, the "As scraped"
 * original, KaTeX's markup) an article is 2.6 KB instead of 7.1 KB, and Pagefind took 18-21 s of
 * CPU instead of 22-23 s for 10,001 pages.
 */
export function indexedDocument(html: string, part: string | undefined = indexedPart(html)): string {
  if (part === undefined || part === html) return html;
  const open = html.indexOf('<html');
  const head = open < 0 ? '<html>' : html.slice(open, html.indexOf('>', open) + 1);
  return `${head}<body>${withSegmentedWords(withoutIgnoredContent(part))}</article></body></html>`;
}

/** A tag (its attribute values quoted or not), a comment, or a run of text. */
const TAG_OR_TEXT = /<!--[\s\S]*?-->|<[!/?]?[a-z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>|[^<]+|</gi;
/** A start tag whose text is metadata or a filter value, shown as it is: never segmented. */
const VALUE_TAG = /\sdata-pagefind-(?:meta|filter)=(["'])[^"'[]*\1/i;

/**
 * `html` with the words of scripts written without spaces (Chinese, Japanese, Thai...) separated
 * by spaces in its text, as the search page separates a query's (src/lib/text/word-segments.ts):
 * Pagefind splits words at white space only in an index made for English, so `图像` did not find
 * "基于深度学习的图像分割". Text runs on across inline tags (`<em>基于</em>深度` is segmented as
 * `基于深度`), and each space put in follows an invisible mark (word-segments.ts, SEGMENT_MARK) by
 * which excerpts leave it out again; the text of metadata and filters (the result's title) is left
 * as written, and so is every tag. A page without such letters (every page of an English archive)
 * is returned as it is, after one look.
 */
export function withSegmentedWords(html: string): string {
  if (!needsWordSegments(html)) return html;
  const pieces = html.match(TAG_OR_TEXT) ?? [html];
  const out = [...pieces];
  // Runs of text pieces (indexes into `pieces`) read as one text, broken at metadata values.
  let run: number[] = [];
  const segmentRun = () => {
    if (run.length === 0) return;
    const text = run.map((index) => pieces[index] ?? '').join('');
    const insertions = indexedSegmentInsertions(text);
    let start = 0;
    let next = 0;
    for (const index of run) {
      const piece = pieces[index] ?? '';
      let segmented = '';
      let copied = 0;
      for (; next < insertions.length && (insertions[next]?.[0] ?? 0) < start + piece.length; next += 1) {
        const [offset, insert] = insertions[next] ?? [0, ''];
        segmented += piece.slice(copied, offset - start) + insert;
        copied = offset - start;
      }
      out[index] = segmented + piece.slice(copied);
      start += piece.length;
    }
    run = [];
  };
  for (const [index, piece] of pieces.entries()) {
    if (piece.startsWith('<') && piece.length > 1) {
      if (VALUE_TAG.test(piece)) segmentRun();
      continue;
    }
    if (index > 0 && VALUE_TAG.test(pieces[index - 1] ?? '')) continue;
    run.push(index);
  }
  segmentRun();
  return out.join('');
}

const IGNORE = 'data-pagefind-ignore';
/** Elements with no content, whose end tag is never written. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
/**
 * What could hide a tag from a scan that only counts tags (comments, CDATA, raw text elements), and
 * Pagefind's own attributes (metadata and filters inside an ignored element are still read): content
 * holding one is kept as it is.
 */
const KEEP_CONTENT =
  /<!|<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)[\s/>]|data-pagefind-(?!ignore[\s=/>])/i;
const sameNameTags = new Map<string, RegExp>();

/**
 * `html` (an indexed part, as the site writes it: serialized from a tree, every element closed) with
 * the content of each `data-pagefind-ignore` element removed: the element stays, empty, so what is
 * read around it is unchanged. A plain scan, not an HTML parser (parsing each page would cost more
 * than it saves Pagefind): an ignored element's end tag is found by counting the start and end tags
 * of its name, which is how Pagefind's streaming reader (lol_html) pairs them, with no end tag
 * implied: a block inside an ignored paragraph or span is ignored with it (the unit tests index
 * such pages both ways). Whatever the scan cannot be sure of (KEEP_CONTENT, a missing end tag) is
 * kept whole, which costs bytes, never a different index.
 */
export function withoutIgnoredContent(html: string): string {
  let out = '';
  let copied = 0;
  for (let at = html.indexOf(IGNORE); at >= 0; at = html.indexOf(IGNORE, at + IGNORE.length)) {
    const tag = startTagAround(html, at);
    if (tag === undefined || tag.selfClosing || VOID_ELEMENTS.has(tag.name)) continue;
    const close = matchingEndTag(html, tag.name, tag.end);
    if (close < 0 || KEEP_CONTENT.test(html.slice(tag.end, close))) continue;
    out += html.slice(copied, tag.end);
    copied = close;
    at = close;
  }
  return copied === 0 ? html : out + html.slice(copied);
}

/**
 * The start tag that has `data-pagefind-ignore` as an attribute name at `at`, or undefined when
 * `at` is in text or in an attribute's value.
 */
function startTagAround(html: string, at: number): { name: string; end: number; selfClosing: boolean } | undefined {
  const start = html.lastIndexOf('<', at);
  if (start < 0) return undefined;
  const name = /^<([a-z][a-z0-9-]*)/i.exec(html.slice(start, start + 64))?.[1]?.toLowerCase();
  if (name === undefined) return undefined;
  let i = start + 1 + name.length;
  const skipSpaces = () => {
    while (/\s/.test(html.charAt(i))) i += 1;
  };
  let found = false;
  while (i < html.length) {
    skipSpaces();
    const char = html.charAt(i);
    if (char === '>') return found ? { name, end: i + 1, selfClosing: html.charAt(i - 1) === '/' } : undefined;
    if (char === '/') {
      i += 1;
      continue;
    }
    const nameStart = i;
    while (i < html.length && !/[\s=>/]/.test(html.charAt(i))) i += 1;
    if (nameStart === at && i - nameStart === IGNORE.length) found = true;
    if (i === nameStart) return undefined;
    skipSpaces();
    if (html.charAt(i) !== '=') continue;
    i += 1;
    skipSpaces();
    const quote = html.charAt(i);
    if (quote === '"' || quote === "'") {
      const end = html.indexOf(quote, i + 1);
      if (end < 0) return undefined;
      i = end + 1;
    } else {
      while (i < html.length && !/[\s>]/.test(html.charAt(i))) i += 1;
    }
  }
  return undefined;
}

/** Where the end tag of the `name` element whose start tag ends at `from` begins, or -1. */
function matchingEndTag(html: string, name: string, from: number): number {
  let pattern = sameNameTags.get(name);
  if (pattern === undefined) {
    pattern = new RegExp(`<(/?)${name}(?=[\\s/>])`, 'gi');
    sameNameTags.set(name, pattern);
  }
  pattern.lastIndex = from;
  let depth = 1;
  for (let match = pattern.exec(html); match !== null; match = pattern.exec(html)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) return match.index;
  }
  return -1;
}

/** The page's date added, as its search metadata says (empty if it has none). */
export function addedOf(part: string): string {
  return /data-pagefind-meta="added"[^>]*>([^<]*)</.exec(part)?.[1] ?? '';
}

/** The record of a page file of `size` and `mtime` whose indexed part is `part` (undefined: not a paper's). */
export function pageRecord(file: Pick<PageRecord, 'size' | 'mtime'>, part: string | undefined): PageRecord {
  if (part === undefined) return { ...file, digest: null };
  return { ...file, digest: createHash('sha256').update(part).digest('base64url'), added: addedOf(part) };
}

/** Every `papers/<name>/index.html` with its record, reading only pages whose file changed. */
export async function paperPages(
  dist: string,
  previous: Readonly<Record<string, PageRecord>>,
): Promise<Map<string, PageRecord>> {
  const dir = join(dist, 'papers');
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    : [];
  const records = new Map<string, PageRecord>();
  const queue = names.sort();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < queue.length; i = next++) {
      const path = paperPagePath(queue[i] ?? '');
      const info = await stat(join(dist, path), { bigint: true }).catch(() => undefined);
      if (!info) continue;
      const known = previous[path];
      const mtime = String(info.mtimeNs);
      if (known && known.size === Number(info.size) && known.mtime === mtime) {
        records.set(path, known);
        continue;
      }
      const part = indexedPart(await readFile(join(dist, path), 'utf8'));
      records.set(path, pageRecord({ size: Number(info.size), mtime }, part));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return new Map([...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
