import type { PaperData, Topic } from '../paper/schema.ts';
import { firstSentence } from '../text/excerpt.ts';
import { hasMath, segmentsToHtml, titleHtml } from '../math/math-html.ts';
import { markdownParagraphs, splitTitleMath, type Segment } from '../text/math-text.ts';
import { compareNewest, compareTitle, titleSortKey } from './paper-sort.ts';
import { segmentsToText } from '../text/tex-to-text.ts';
import { relatedPapers } from './related-papers.ts';

/** A paper file as the content layer gives it. */
export interface PaperEntry {
  id: string;
  data: PaperData;
  body: string;
  /** Path of the file, for error messages. */
  filePath: string;
  /** The content layer's digest of the file, taxonomy and renderer (see page-keys.ts). */
  digest?: string | undefined;
}

/** A paper with everything the pages derive from it, computed once per build. */
export interface SitePaper {
  slug: string;
  file: string;
  /** The content layer's digest of the file, taxonomy and renderer, when it has one. */
  digest: string | undefined;
  data: PaperData;
  body: string;
  /** The title as safe HTML, math rendered. */
  titleHtml: string;
  /** The title as plain text. */
  titleText: string;
  titleHasMath: boolean;
  abstractHasMath: boolean;
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

/** The abstract as plain text (math in Unicode form): for meta tags, feeds and similarity. */
export function abstractText(paper: Pick<SitePaper, 'body'>): string {
  return markdownParagraphs(paper.body)
    .map((paragraph) => segmentsToText(paragraph, 'symbols'))
    .join(' ');
}

/** The abstract's first sentence as prose and math, at most `maxLength` characters. */
export function excerptSegments(paper: Pick<SitePaper, 'body'>, maxLength = 300): Segment[] {
  return firstSentence(markdownParagraphs(paper.body)[0] ?? [], maxLength);
}

/** The abstract's first sentence, as safe HTML with math rendered, and as plain text. */
export function excerpt(
  paper: Pick<SitePaper, 'body' | 'file'>,
  maxLength = 300,
): { html: string; text: string; math: boolean } {
  const sentence = excerptSegments(paper, maxLength);
  return {
    html: segmentsToHtml(sentence, paper.file),
    text: segmentsToText(sentence, 'symbols'),
    math: hasMath(sentence),
  };
}

/**
 * Builds the archive from the paper files and the taxonomy: orders, topic indexes and related
 * papers, all once. Throws naming the file when a title's math cannot render.
 */
export function buildArchive(entries: readonly PaperEntry[], taxonomy: readonly Topic[]): Archive {
  const papers: SitePaper[] = entries.map((entry) => {
    const segments = splitTitleMath(entry.data.title);
    return {
      slug: entry.id,
      file: entry.filePath,
      digest: entry.digest,
      data: entry.data,
      body: entry.body,
      titleHtml: titleHtml(entry.data.title, `${entry.filePath} (title)`),
      titleText: segmentsToText(segments, 'symbols'),
      titleHasMath: hasMath(segments),
      abstractHasMath: entry.body.includes('$') && markdownParagraphs(entry.body).some(hasMath),
      related: [],
    };
  });
  const sortable = (paper: SitePaper) => ({
    slug: paper.slug,
    sortTitle: titleSortKey(paper.data.title),
    added: paper.data.added,
    published: paper.data.published,
  });
  const keyed = papers.map((paper) => ({ paper, key: sortable(paper) }));
  const newest = [...keyed].sort((a, b) => compareNewest(a.key, b.key)).map(({ paper }) => paper);
  const byTitle = [...keyed].sort((a, b) => compareTitle(a.key, b.key)).map(({ paper }) => paper);

  const related = relatedPapers(
    newest.map((paper) => ({
      id: paper.slug,
      title: paper.titleText,
      text: abstractText(paper),
      topics: paper.data.topics,
    })),
  );
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
