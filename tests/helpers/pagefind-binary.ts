import { createRequire } from 'node:module';

/** The Pagefind binary the `pagefind` package runs on this machine (its extended build). */
export function pagefindBinary(): string {
  return createRequire(import.meta.url).resolve(`@pagefind/${process.platform}-${process.arch}/bin/pagefind_extended`);
}
