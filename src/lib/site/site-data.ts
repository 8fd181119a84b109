import { join, sep } from 'node:path';
import { getCollection } from 'astro:content';
import { PAPERS_DIR } from '../paper/content-paths.ts';
import { loadTopics } from '../paper/topics-file.ts';
import {
  completeArchive,
  orderPapers,
  type Archive,
  type LoadedPaperEntry,
  type SitePaper,
  type StoredPaperData,
} from './archive.ts';
import type { PaperAbstract } from './paper-view.ts';
import { createAbstractReader, type AbstractReader } from '../build/abstract-packs.ts';
import type { StoredMetadata } from '../build/paper-loader.ts';
import { loadPaperRecords } from '../build/paper-records-file.ts';
import { provideBuildFiles } from '../build/build-files.ts';
import { takeRelatedPapers } from '../build/related-papers-offer.ts';
import { currentShard, inShard } from '../build/build-shard.ts';
import { announcePaperPages } from '../build/paper-pages-notice.ts';
import { searchPageOf } from './paper-sort.ts';
import { bibtexOf } from './paper-views.ts';
import { relatedPapers } from './related-papers.ts';
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
    // The paper pages about to be rendered, for the search index to follow (index-while-rendering.ts).
    announcePaperPages(() => archive.papers.filter((paper) => inShard(paper.slug, shard)).map(searchPageOf));
    return archive;
  }));
}

/** Set by the archiveBuild integration (src/integrations/archive-build.ts): the paper loader's files. */
declare const __PAPER_FILES_DIR__: string;

async function load(): Promise<Archive> {
  const entries = await getCollection('papers');
  // A dev server's store holds each paper's record; a build's only its digest, the record being in
  // the archive's records files (paper-records-file.ts), read here in one go.
  const inStore = (entry: (typeof entries)[number]) =>
    (entry.rendered?.metadata as Partial<StoredMetadata> | undefined)?.summary !== undefined;
  const records = entries.every(inStore)
    ? undefined
    : loadPaperRecords(
        __PAPER_FILES_DIR__,
        entries.map((entry) => String(entry.digest)),
      );
  const ordered = orderPapers(
    entries.map((entry): LoadedPaperEntry => {
      const filePath = entry.filePath ?? join(PAPERS_DIR, `${entry.id}.md`).split(sep).join('/');
      const digest = String(entry.digest);
      const metadata = entry.rendered?.metadata as Partial<StoredMetadata> | undefined;
      const record =
        metadata?.summary !== undefined
          ? { data: entry.data as StoredPaperData, summary: metadata.summary }
          : records?.get(digest);
      const abstractAt = metadata?.abstract ?? record?.abstract;
      if (entry.digest === undefined || record === undefined || abstractAt === undefined) {
        throw new Error(
          `${filePath}: the paper loader left no record of this paper; build again, or delete the cache folder to start cold`,
        );
      }
      return {
        id: entry.id,
        data: record.data,
        filePath,
        digest,
        summary: record.summary,
        abstractAt,
      };
    }),
  );
  // Related papers the paper loader started on a worker thread (related-papers-offer.ts), or here.
  const relatedAhead = await takeRelatedPapers();
  const related = relatedAhead?.(ordered.relatedInputs) ?? relatedPapers(ordered.relatedInputs);
  return completeArchive(ordered, related, loadTopics());
}

// One reader for the process: each pack is opened once, and held open while pages render.
let abstracts: AbstractReader | undefined;

/** What only `paper`'s own outputs show of its abstract (its page, its feed entries), from its pack. */
export function abstractOf(paper: Pick<SitePaper, 'abstractAt' | 'file'>): PaperAbstract {
  if (paper.abstractAt === undefined) throw new Error(`${paper.file}: the paper loader kept no abstract`);
  abstracts ??= createAbstractReader(__PAPER_FILES_DIR__);
  return abstracts.read(paper.abstractAt, paper.file);
}
