import type { ShardPage } from '../search/build/index-shards.ts';

/**
 * How the pages' code tells the build integration, in the same process, which paper pages this
 * build renders (with their day added), once it has the archive and before the first page: the
 * integration starts indexing them as they are written (index-while-rendering.ts). A dev server,
 * or a build nobody listens to, ignores it.
 */

// A global, not a module variable: the pages' bundle and the integration each load their own copy
// of this module (as build-files.ts).
const KEY = Symbol.for('paper-archive.paper-pages');
type Holder = { [KEY]?: ((pages: readonly ShardPage[]) => void) | undefined };

/** Called by the integration: `listener` hears the paper pages once, when the archive is built. */
export function onPaperPages(listener: ((pages: readonly ShardPage[]) => void) | undefined): void {
  (globalThis as Holder)[KEY] = listener;
}

/** Called by the pages' code with every paper page it will render. */
export function announcePaperPages(pages: () => readonly ShardPage[]): void {
  const listener = (globalThis as Holder)[KEY];
  if (listener) {
    (globalThis as Holder)[KEY] = undefined;
    listener(pages());
  }
}
