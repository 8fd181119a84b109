/**
 * Where a built site's bytes and files go, by kind of file: what `npm run bench` reports beside
 * the totals, so a change to one kind of page shows as that kind's share per paper. Files a paper
 * has of its own (its page, its `.bib`) are told apart from files every paper shares (lists,
 * topics, the search index), because host limits are reached by the per-paper kinds.
 */

export interface DistFile {
  /** The path inside the output folder, with `/` separators. */
  path: string;
  bytes: number;
}

export interface KindTotal {
  kind: string;
  files: number;
  bytes: number;
  /** True for a kind that has one file per paper (its page, its citation files). */
  perPaper: boolean;
}

const PER_PAPER = new Set(['paper page', 'paper .bib', 'paper .ris', 'paper .csl.json']);

/** The kind of one file of a built site, from its path alone. */
export function kindOf(path: string): string {
  if (path.startsWith('papers/')) {
    if (/^papers\/[^/]+\.bib$/.test(path)) return 'paper .bib';
    if (/^papers\/[^/]+\.ris$/.test(path)) return 'paper .ris';
    if (/^papers\/[^/]+\.csl\.json$/.test(path)) return 'paper .csl.json';
    if (path.startsWith('papers/by-title/')) return 'list pages';
    if (/^papers\/(?:\d+\/)?index\.html$/.test(path)) return 'list pages';
    if (/^papers\/[^/]+\/index\.html$/.test(path)) return 'paper page';
    return 'other';
  }
  if (path.startsWith('topics/')) return path.endsWith('.xml') ? 'feeds' : 'topic pages';
  if (path.startsWith('pagefind/')) {
    const folder = /^pagefind\/(?:shards\/[^/]+\/)?(fragment|index|filter)\//.exec(path)?.[1];
    return folder === undefined ? 'pagefind (runtime, meta)' : `pagefind ${folder}`;
  }
  if (path === 'feed.xml') return 'feeds';
  if (path === 'papers.json') return 'papers.json';
  if (/^sitemap[^/]*\.xml$/.test(path)) return 'sitemaps';
  if (path === 'sw.js') return 'service worker';
  if (path.startsWith('_astro/')) return 'scripts, styles, fonts';
  return 'other';
}

/** Totals by kind, largest first. */
export function breakdown(files: Iterable<DistFile>): KindTotal[] {
  const totals = new Map<string, KindTotal>();
  for (const file of files) {
    const kind = kindOf(file.path);
    const total = totals.get(kind) ?? { kind, files: 0, bytes: 0, perPaper: PER_PAPER.has(kind) };
    total.files += 1;
    total.bytes += file.bytes;
    totals.set(kind, total);
  }
  return [...totals.values()].sort((a, b) => b.bytes - a.bytes || a.kind.localeCompare(b.kind));
}

/** A Markdown table of `totals`, each kind's share per paper for an archive of `papers`. */
export function breakdownTable(totals: readonly KindTotal[], papers: number): string[] {
  const kb = (bytes: number) => `${(bytes / 1024 / papers).toFixed(2)} KB`;
  const perPaperFiles = totals.filter((total) => total.perPaper).reduce((sum, total) => sum + total.files, 0);
  const allFiles = totals.reduce((sum, total) => sum + total.files, 0);
  const allBytes = totals.reduce((sum, total) => sum + total.bytes, 0);
  return [
    '| Kind | Files | MB | Per paper | Files per paper |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...totals.map(
      (total) =>
        `| ${total.kind} | ${total.files.toLocaleString('en')} | ${(total.bytes / 1024 ** 2).toFixed(1)} | ${kb(total.bytes)} | ${(total.files / papers).toFixed(3)} |`,
    ),
    `| **all** | ${allFiles.toLocaleString('en')} | ${(allBytes / 1024 ** 2).toFixed(1)} | ${kb(allBytes)} | ${(allFiles / papers).toFixed(2)} (${(perPaperFiles / papers).toFixed(2)} a paper's own) |`,
  ];
}
