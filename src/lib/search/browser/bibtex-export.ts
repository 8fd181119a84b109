/**
 * The search page's "export these results as one .bib": the .bib file of every paper found,
 * fetched from the site (the same bytes as each paper's own `/papers/<slug>.bib`) and joined.
 * Pure helpers here; the page does the fetching (src/scripts/search-page.ts).
 */

/** Most papers one export fetches: past this, the export says how many it left out. */
export const MAX_EXPORTED = 500;

/** The .bib URL of a paper page URL: `/papers/x/` -> `/papers/x.bib` (any base path, query dropped). */
export function bibUrlOf(pageUrl: string): string | undefined {
  const path = pageUrl.replace(/[?#].*$/, '');
  const match = /^(.*\/papers\/[^/]+)\/?$/.exec(path);
  return match === null ? undefined : `${match[1]}.bib`;
}

/** Entries joined as one file: each ends in a newline, one blank line between them. */
export function joinBibtex(entries: readonly string[]): string {
  return entries
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => `${entry}\n`)
    .join('\n');
}

/** A file name for the export that says what was searched: `papers-scaling-law.bib`. */
export function exportFileName(query: string): string {
  const words = query
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return words === '' ? 'papers.bib' : `papers-${words}.bib`;
}

/**
 * Fetches `urls` with at most `concurrency` requests at a time, in order; a failed fetch ends the
 * export with an error naming the URL, so that a file is never silently short of a paper.
 */
export async function fetchAll(
  urls: readonly string[],
  fetchText: (url: string) => Promise<string>,
  concurrency = 6,
): Promise<string[]> {
  const texts: string[] = new Array<string>(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next;
      next += 1;
      texts[index] = await fetchText(urls[index] ?? '');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return texts;
}

/** A `.bib` file that could not be fetched at all: no network, or no server answering. */
export class BibtexUnreachable extends Error {}

/** One paper's `.bib`, as the site serves it. */
export async function fetchBibtex(url: string, fetcher: typeof fetch = fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (cause) {
    throw new BibtexUnreachable(`${url} could not be fetched`, { cause });
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * What to tell the reader when the export failed. The `.bib` files are not saved for offline
 * reading (only the shell, the index and pages are), so without the network every fetch fails: say
 * that, rather than "try again", which cannot help until the reader is back online.
 */
export function exportFailure(error: unknown, online: boolean): string {
  if (!online || error instanceof BibtexUnreachable) {
    return "The export needs the network: the papers' .bib files are not saved for offline reading. Connect and try again.";
  }
  return `The export failed (${error instanceof Error ? error.message : String(error)}): try again.`;
}
