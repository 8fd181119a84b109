/**
 * How many fragment files Pagefind may write (its `maxFragments`). A fragment is a page's text and
 * metadata for showing it as a result; alone, each is one more file per paper on the host. Grouped,
 * the archive has one file per few papers and the groups compress better together, but showing a
 * result fetches its whole group, and the first search shows ten results from ten groups. At 10,000
 * papers (measured with `npm run bench`): one file a page, 10,001 files, 9.3 MB, first search 240 KB;
 * groups of 5, 2,001 files, 6.8 MB, 285 KB (the entry's page list grows by 21 KB to name the groups);
 * groups of 9, 1,112 files, 301 KB, over the 300 KB target. Without the date sort (stop 48) the
 * bench's archive takes 253 KB with groups of 5; an archive grown over years (three shards, the search
 * benchmark's) 328.1 KB with groups of 5, 324.0 of 3, 325.6 of 2 and 282.7 KB with one file a page,
 * whose metadata then names no group: under the byte target, at three files a paper (docs/scaling.md).
 */

/** Pages per fragment file (Pagefind makes groups of ceil(pages / maxFragments) pages). */
export const PAGES_PER_FRAGMENT_FILE = 5;

/** Pagefind's `maxFragments` for an index of `pages` pages. */
export function maxFragmentsFor(pages: number): number {
  return Math.max(1, Math.ceil(pages / PAGES_PER_FRAGMENT_FILE));
}
