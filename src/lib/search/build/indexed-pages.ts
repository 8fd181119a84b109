import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** Its date added (Pagefind's `added` sort key), which places it in a shard (index-shards.ts). */
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
 * What Pagefind is given of a page: its indexed part alone, in the page's `<html>` element. Pagefind
 * reads only that part of a page marked `data-pagefind-body`, so the index is the same, byte for
 * byte (tests/build/search-shards.test.ts compares), from a third of the bytes to encode, send and
 * parse (10,000 papers: 16.5 s of indexing instead of 19.5 s).
 */
export function indexedDocument(html: string, part: string | undefined = indexedPart(html)): string {
  if (part === undefined || part === html) return html;
  const open = html.indexOf('<html');
  const head = open < 0 ? '<html>' : html.slice(open, html.indexOf('>', open) + 1);
  return `${head}<body>${part}</article></body></html>`;
}

/** The page's date added, as its Pagefind sort key says (empty if it has none). */
export function addedOf(part: string): string {
  return /data-pagefind-sort="added"[^>]*>([^<]*)</.exec(part)?.[1] ?? '';
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
