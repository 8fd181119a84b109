import { stripVTControlCharacters } from 'node:util';

/**
 * The routes an `astro build` log lists while it generates pages, each with whether the
 * incremental build kept it (`(cached)`: left in the output folder; `(restored)`: copied back from
 * its cache) instead of rendering it.
 *
 * Read by entry, not by line: Astro prints a route's `├─ path` when it starts the route, without
 * ending the line, and its outcome when the route is done, with several routes in flight
 * (`build.concurrency`); so the entries of routes started or kept in the meantime land on the line
 * of one still rendering, right after its path:
 * `12:00:01   ├─ /a/index.html12:00:01   ├─ /b/index.html (cached)`.
 */
export interface LoggedRoute {
  /** The output file as Astro prints it: `/papers/x/index.html`. */
  path: string;
  /** Kept from the previous build rather than rendered. */
  kept: boolean;
}

/** A path ends at a space, the line's end, or the time with which Astro starts the next entry. */
const ENTRY = /├─ (\S+?)(?=\s|$|\d\d:\d\d:\d\d\s)([^\n├]*)/g;

export function routesInLog(output: string): LoggedRoute[] {
  return [...stripVTControlCharacters(output).matchAll(ENTRY)].map(([, path = '', outcome = '']) => ({
    path,
    kept: /\((?:cached|restored)\)/.test(outcome),
  }));
}
