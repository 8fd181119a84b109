import type { AbstractLocation } from '../build/abstract-packs.ts';
import type { PaperData, Topic } from '../paper/schema.ts';
import { compareNewest, compareTitle, sortable } from './paper-sort.ts';
import { derivePaperView, type PaperSummary } from './paper-view.ts';
import { relatedPapers, type RelatedInput } from './related-papers.ts';

/**
 * A paper's front matter as the content store keeps it: validated whole by the one schema
 * (schema.ts), less `original` (the abstract as scraped), which only the paper's own page shows:
 * the paper loader keeps it with the paper's abstract (src/lib/build/abstract-packs.ts), and the
 * summary's `repaired` says whether there is one.
 */
export type StoredPaperData = Omit<PaperData, 'original'>;

/** A paper as the paper loader stored it (src/lib/build/paper-loader.ts). */
export interface LoadedPaperEntry {
  id: string;
  data: StoredPaperData;
  /** Path of the file, for error messages. */
  filePath: string;
  /** The content layer's digest of the file, taxonomy and renderer (see page-keys.ts). */
  digest?: string | undefined;
  /** What lists, keys and related papers need of the paper (paper-view.ts). */
  summary: PaperSummary;
  /** Where what only the paper's own outputs show of its abstract is kept (abstract-packs.ts). */
  abstractAt: AbstractLocation;
}

/** A paper file read as it is (tests, tools): the archive derives its summary; it has no abstract kept. */
export interface PaperFileEntry {
  id: string;
  data: PaperData;
  body: string;
  filePath: string;
  digest?: string | undefined;
}

export type PaperEntry = LoadedPaperEntry | PaperFileEntry;

/** A paper with everything the pages derive from it, computed once per build. */
export interface SitePaper extends Omit<PaperSummary, 'terms'> {
  slug: string;
  file: string;
  /** The content layer's digest of the file, taxonomy and renderer, when it has one. */
  digest: string | undefined;
  data: StoredPaperData;
  /** Where the paper's abstract is (see LoadedPaperEntry), read by its page and feeds. */
  abstractAt: AbstractLocation | undefined;
  /** Slugs of related papers, most similar first. */
  related: string[];
}

export interface TopicInfo extends Topic {
  /** Its papers, newest first. */
  papers: SitePaper[];
}

export interface Archive {
  /** Every paper, newest addition first. */
  papers: SitePaper[];
  /** Every paper in title order. */
  byTitle: SitePaper[];
  bySlug: Map<string, SitePaper>;
  /** Topics in taxonomy order. */
  topics: TopicInfo[];
  /** The topics that hold at least one paper, in taxonomy order: a taxonomy for all of arXiv is mostly empty in a small archive. */
  topicsInUse: TopicInfo[];
  topicById: Map<string, TopicInfo>;
  /** The newest `added` date, or undefined for an empty archive. */
  newestAdded: Date | undefined;
}

/** The archive's papers in its two orders, before their related papers (`orderPapers`). */
export interface OrderedPapers {
  /** Newest addition first; `related` still empty. */
  newest: SitePaper[];
  byTitle: SitePaper[];
  /** What `relatedPapers` is given for them: one input a paper, newest first. */
  relatedInputs: RelatedInput[];
}

/**
 * Builds the archive from the paper files and the taxonomy: orders, topic indexes and related
 * papers, all once. Throws naming the file when a title's math cannot render.
 */
export function buildArchive(entries: readonly PaperEntry[], taxonomy: readonly Topic[]): Archive {
  const ordered = orderPapers(entries);
  return completeArchive(ordered, relatedPapers(ordered.relatedInputs), taxonomy);
}

/**
 * The first half of `buildArchive`: each paper's summary (derived, or as the loader stored it)
 * and the two orders. Apart so that the pages' code does it while the related papers are still
 * being computed on their worker thread (site-data.ts).
 */
export function orderPapers(entries: readonly PaperEntry[]): OrderedPapers {
  const terms: PaperSummary['terms'][] = [];
  const papers: SitePaper[] = entries.map((entry) => {
    const loaded = 'summary' in entry;
    const { terms: paperTerms, ...summary } = loaded
      ? entry.summary
      : derivePaperView({
          title: entry.data.title,
          body: entry.body,
          topics: entry.data.topics,
          original: entry.data.original,
          file: entry.filePath,
        }).summary;
    terms.push(paperTerms);
    return {
      ...summary,
      slug: entry.id,
      file: entry.filePath,
      digest: entry.digest,
      data: entry.data,
      abstractAt: loaded ? entry.abstractAt : undefined,
      related: [],
    };
  });
  const termsOf = new Map(papers.map((paper, index) => [paper, terms[index] ?? '']));
  const keyed = papers.map((paper) => ({ paper, key: sortable(paper) }));
  const newest = [...keyed].sort((a, b) => compareNewest(a.key, b.key)).map(({ paper }) => paper);
  const byTitle = [...keyed].sort((a, b) => compareTitle(a.key, b.key)).map(({ paper }) => paper);
  const relatedInputs = newest.map((paper) => ({
    id: paper.slug,
    terms: termsOf.get(paper) ?? '',
    topics: paper.data.topics,
  }));
  return { newest, byTitle, relatedInputs };
}

/** The second half of `buildArchive`: the papers' related papers (`relatedPapers(ordered.relatedInputs)`) and the topics. */
export function completeArchive(ordered: OrderedPapers, related: string[][], taxonomy: readonly Topic[]): Archive {
  const { newest, byTitle } = ordered;
  newest.forEach((paper, index) => {
    paper.related = related[index] ?? [];
  });

  const topics: TopicInfo[] = taxonomy.map((topic) => ({ ...topic, papers: [] }));
  const topicById = new Map(topics.map((topic) => [topic.id, topic]));
  for (const paper of newest) {
    for (const id of paper.data.topics) topicById.get(id)?.papers.push(paper);
  }
  return {
    papers: newest,
    byTitle,
    bySlug: new Map(newest.map((paper) => [paper.slug, paper])),
    topics,
    topicsInUse: topics.filter((topic) => topic.papers.length > 0),
    topicById,
    newestAdded: newest[0]?.data.added,
  };
}
