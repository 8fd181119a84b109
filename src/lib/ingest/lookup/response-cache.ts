/**
 * A cache of metadata responses on disk, so that a second `npm run enrich` asks the services
 * nothing (and a run cut short by a network failure resumes where it stopped). One file per
 * URL, named by the URL's SHA-256; only successful responses are kept. The cache lives in
 * `.cache/metadata/` (git-ignored) unless METADATA_CACHE_DIR says otherwise; deleting it is safe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { FetchedText, PoliteFetcher } from './polite-fetch.ts';

export const DEFAULT_CACHE_DIR = join('.cache', 'metadata');

interface CachedResponse extends FetchedText {
  /** When it was fetched (ISO time), for a person looking into the cache. */
  fetched: string;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['METADATA_CACHE_DIR'] ?? DEFAULT_CACHE_DIR;
}

function pathFor(dir: string, url: string): string {
  return join(dir, `${createHash('sha256').update(url).digest('hex')}.json`);
}

export interface CachingFetcher extends PoliteFetcher {
  /** Answers that came from the cache. */
  readonly hits: number;
  /**
   * Keeps `response` as the answer to `url` too, unless that URL is cached already: a search
   * whose results hold a paper also answers a later lookup of that paper by id.
   */
  remember(url: string, response: FetchedText): void;
}

/**
 * `fetcher` with a cache in `dir` in front of it. `refresh` fetches again (and rewrites the
 * cache) instead of reading it. An unreadable cache file is fetched again, never an error.
 */
export function cachingFetcher(
  fetcher: PoliteFetcher,
  dir: string,
  options: {
    refresh?: boolean | undefined;
    now?: (() => Date) | undefined;
    /** Whether a body is worth keeping: a response the reader will refuse is not cached. */
    keep?: ((text: string) => boolean) | undefined;
  } = {},
): CachingFetcher {
  let hits = 0;
  const now = options.now ?? (() => new Date());
  const write = (path: string, response: FetchedText) => {
    mkdirSync(dir, { recursive: true });
    const entry: CachedResponse = { ...response, fetched: now().toISOString() };
    writeFileAtomic.sync(path, `${JSON.stringify(entry)}\n`);
  };
  return {
    async get(url: string, accept: string): Promise<FetchedText> {
      const path = pathFor(dir, url);
      if (options.refresh !== true && existsSync(path)) {
        try {
          const cached = JSON.parse(readFileSync(path, 'utf8')) as Partial<CachedResponse>;
          if (cached.url === url && typeof cached.text === 'string') {
            hits += 1;
            return { url, status: cached.status ?? 200, contentType: cached.contentType ?? '', text: cached.text };
          }
        } catch {
          // A damaged cache file is fetched again.
        }
      }
      const response = await fetcher.get(url, accept);
      if (options.keep !== undefined && !options.keep(response.text)) return response;
      write(path, response);
      return response;
    },
    remember(url: string, response: FetchedText): void {
      const path = pathFor(dir, url);
      if (!existsSync(path)) write(path, { ...response, url });
    },
    get requests() {
      return fetcher.requests;
    },
    get hits() {
      return hits;
    },
  };
}
