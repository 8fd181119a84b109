import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/**
 * The site's search index: Pagefind over the built paper pages, written to `<dist>/pagefind/`.
 * Run at the end of every build by the archive integration (src/integrations/archive-build.ts)
 * and by `scripts/postbuild.ts` to re-index a built site.
 */

/** Whether any page under papers/ is a paper page (marked data-pagefind-body). */
async function hasPaperPages(dist: string): Promise<boolean> {
  const dir = join(dist, 'papers');
  const names = existsSync(dir) ? await readdir(dir) : [];
  for (const name of names) {
    const file = join(dir, name, 'index.html');
    if (existsSync(file) && (await readFile(file, 'utf8')).includes('data-pagefind-body')) return true;
  }
  return false;
}

/** Runs Pagefind over the paper pages; returns how many pages it indexed. */
export async function indexSite(dist: string, language: string): Promise<number> {
  const output = join(dist, 'pagefind');
  // A second run must not leave the previous run's chunks behind (they would be precached too).
  await rm(output, { recursive: true, force: true });
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    // Paper pages only: they carry data-pagefind-body; list pages repeat their titles. With no
    // paper at all Pagefind would index whole list pages instead, so the index stays empty.
    if (await hasPaperPages(dist)) {
      const added = await index.addDirectory({ path: dist, glob: 'papers/*/index.html' });
      if (added.errors.length > 0) throw new Error(`Pagefind failed to index ${dist}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write ${output}: ${written.errors.join('; ')}`);
    // addDirectory counts every file it read; the entry file counts the pages actually indexed.
    const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  } finally {
    await pagefind.close();
  }
}
