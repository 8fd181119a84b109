import { getCollection } from 'astro:content';
import { loadTopics } from '../paper/topics-file.ts';
import { buildArchive, type Archive, type PaperEntry } from './archive.ts';
import { provideBuildFiles } from '../build/build-files.ts';
import { currentShard, inShard } from '../build/build-shard.ts';
import { bibtex } from './citation.ts';
import { citationOf } from './paper-views.ts';
import { paths } from './url.ts';

let cached: Promise<Archive> | undefined;

/**
 * The archive, built once per build and shared by every page and endpoint (getStaticPaths runs
 * per route, pages render one by one; none of them recomputes orders or related papers). In dev
 * it is rebuilt per request so edits to paper files show up.
 */
export function getArchive(): Promise<Archive> {
  if (import.meta.env.DEV) return load();
  return (cached ??= load().then((archive) => {
    // A paper's .bib, written at the end of the build (see build-files.ts); its RIS and CSL-JSON
    // are data: URLs on its page (Cite.astro).
    const shard = currentShard();
    provideBuildFiles(() =>
      archive.papers
        .filter((paper) => inShard(paper.slug, shard))
        .map((paper) => [paths.paperBibtex(paper.slug), bibtex(citationOf(paper))] as const),
    );
    return archive;
  }));
}

async function load(): Promise<Archive> {
  const entries = await getCollection('papers');
  return buildArchive(
    entries.map((entry) => {
      const filePath = entry.filePath ?? `papers/${entry.id}.md`;
      // The paper loader (paper-loader.ts) derives each view and writes each abstract's HTML to a file.
      const { view, abstractFile } = (entry.rendered?.metadata ?? {}) as Pick<PaperEntry, 'view' | 'abstractFile'>;
      if (view === undefined || abstractFile === undefined) {
        throw new Error(
          `${filePath}: the paper loader left no rendered view of this paper; delete the cache folder and build again`,
        );
      }
      return {
        id: entry.id,
        data: entry.data,
        body: entry.body ?? '',
        filePath,
        digest: entry.digest === undefined ? undefined : String(entry.digest),
        view,
        abstractFile,
      };
    }),
    loadTopics(),
  );
}
