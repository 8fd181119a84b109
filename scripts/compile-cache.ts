// Preloaded by the npm scripts (`node --import ./scripts/compile-cache.ts scripts/<cli>.ts`): Node
// then keeps the compiled code of every module a CLI loads, TypeScript stripped, in its compile
// cache (a folder under the system's temporary folder, as Astro's own CLI does) and reuses it on
// the next run: about 0.35 s of each start of `npm run ingest` on the 2-core machine. It has to be
// a preloaded module: a CLI's own static imports are all compiled before its first line runs.
// Entries are checked against the source, so an edited module is compiled again.
import { enableCompileCache } from 'node:module';

enableCompileCache();
