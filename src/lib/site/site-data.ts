import { dirname } from 'node:path';
import { getCollection } from 'astro:content';
import { loadTopics } from '../paper/topics-file.ts';
import { buildArchive, type Archive, type LoadedPaperEntry, type SitePaper } from './archive.ts';
import type { PaperAbstract } from './paper-view.ts';
import { readAbstractFile } from '../build/abstract-files.ts';
import type { StoredMetadata } from '../build/paper-loader.ts';
import { loadPaperTerms } from '../build/paper-terms-file.ts';
import { provideBuildFiles } from '../build/build-files.ts';
import { currentShard, inShard } from '../build/build-shard.ts';
import { bibtexOf } from './paper-views.ts';
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
        .map((paper) => [paths.paperBibtex(paper.slug), bibtexOf(paper)] as const),
    );
    return archive;
  }));
}

async function load(): Promise<Archive> {
  const stored = (await getCollection('papers')).map((entry) => {
    const filePath = entry.filePath ?? `papers/${entry.id}.md`;
    // The paper loader (paper-loader.ts) derives each summary and writes each abstract file.
    const { summary, abstractFile, terms } = (entry.rendered?.metadata ?? {}) as Partial<StoredMetadata>;
    if (summary === undefined || abstractFile === undefined || entry.digest === undefined) {
      throw new Error(
        `${filePath}: the paper loader left no rendered view of this paper; delete the cache folder and build again`,
      );
    }
    return { entry, filePath, digest: String(entry.digest), summary, abstractFile, terms };
  });
  // A build's store holds no terms: they are in the archive's terms files, beside the abstract files.
  const firstFile = stored.find((paper) => paper.terms === undefined)?.abstractFile;
  const termsByDigest =
    firstFile === undefined
      ? undefined
      : loadPaperTerms(
          dirname(firstFile),
          stored.map(({ digest }) => digest),
        );
  return buildArchive(
    stored.map(({ entry, filePath, digest, summary, abstractFile, terms: storedTerms }): LoadedPaperEntry => {
      const terms = storedTerms ?? termsByDigest?.get(digest);
      if (terms === undefined) {
        throw new Error(
          `${filePath}: the archive's terms files lack this paper; delete the cache folder and build again`,
        );
      }
      return {
        id: entry.id,
        // Stored without `original` (StoredPaperData), though the collection's type is the schema's.
        data: entry.data,
        filePath,
        digest,
        summary: { ...summary, terms },
        abstractFile,
      };
    }),
    loadTopics(),
  );
}

/** What only `paper`'s own outputs show of its abstract (its page, its feed entries), from its abstract file. */
export function abstractOf(paper: Pick<SitePaper, 'abstractFile' | 'file'>): PaperAbstract {
  if (paper.abstractFile === undefined) throw new Error(`${paper.file}: the paper loader wrote no abstract file`);
  return readAbstractFile(paper.abstractFile, paper.file);
}
