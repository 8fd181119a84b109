/**
 * Adapters from a site paper to what the citation, metadata, feed and export modules take: one
 * place decides which URL, text and dates each of them sees. What they show of a paper's abstract
 * beyond its first sentence comes from its abstract pack (site-data.ts `abstractOf`), passed in.
 */
import { SITE } from '../../site.config.ts';
import type { Archive, SitePaper } from './archive.ts';
import type { Feed, FeedEntry } from './atom-feed.ts';
import { bibtex, type CitablePaper } from './citation.ts';
import type { PaperForJson } from './papers-json.ts';
import type { PaperAbstract } from './paper-view.ts';
import type { PaperMetaInput } from './scholar-meta.ts';
import { absoluteUrl, paths } from './url.ts';

/** Newest papers per feed: a feed reader needs recent additions, not the whole archive. */
export const FEED_SIZE = 50;

export function citationOf(paper: SitePaper): CitablePaper {
  return {
    slug: paper.slug,
    title: paper.data.title,
    authors: paper.data.authors,
    arxiv: paper.data.arxiv,
    doi: paper.data.doi,
    published: paper.data.published,
    added: paper.data.added,
    primaryClass: paper.data.categories?.[0],
    journal: paper.data.journal,
    url: absoluteUrl(paths.paper(paper.slug)),
  };
}

const bibtexMemo = new WeakMap<SitePaper, string>();

/**
 * The paper's BibTeX entry, made once per build: its page shows it and its `.bib` file holds it
 * (site-data.ts), and making one is most of what the cite block costs a page.
 */
export function bibtexOf(paper: SitePaper): string {
  let entry = bibtexMemo.get(paper);
  if (entry === undefined) bibtexMemo.set(paper, (entry = bibtex(citationOf(paper))));
  return entry;
}

export function metaOf(paper: SitePaper, abstract: Pick<PaperAbstract, 'text'>, archive: Archive): PaperMetaInput {
  return {
    title: paper.titleText,
    authors: paper.data.authors,
    arxiv: paper.data.arxiv,
    doi: paper.data.doi,
    published: paper.data.published,
    updated: paper.data.updated,
    added: paper.data.added,
    abstract: abstract.text,
    keywords: paper.data.topics.map((id) => archive.topicById.get(id)?.name ?? id),
    categories: paper.data.categories,
    journal: paper.data.journal,
    license: paper.data.license,
    url: absoluteUrl(paths.paper(paper.slug)),
    siteName: SITE.title,
    language: SITE.language,
  };
}

export function feedEntryOf(paper: SitePaper, abstract: Pick<PaperAbstract, 'text'>, archive: Archive): FeedEntry {
  const url = absoluteUrl(paths.paper(paper.slug));
  return {
    id: url,
    url,
    title: paper.titleText,
    updated: paper.data.added,
    published: paper.data.published,
    summary: abstract.text,
    authors: paper.data.authors ?? [],
    categories: paper.data.topics.map((id) => ({ term: id, label: archive.topicById.get(id)?.name ?? id })),
  };
}

/** An Atom feed of the newest papers of `papers` (already newest first); `abstractOf` reads a paper's abstract. */
export function feedOf(
  papers: readonly SitePaper[],
  archive: Archive,
  options: {
    title: string;
    subtitle: string;
    selfPath: string;
    pagePath: string;
    abstractOf: (paper: SitePaper) => Pick<PaperAbstract, 'text'>;
  },
): Feed {
  const selfUrl = absoluteUrl(options.selfPath);
  return {
    id: selfUrl,
    title: options.title,
    subtitle: options.subtitle,
    selfUrl,
    pageUrl: absoluteUrl(options.pagePath),
    authorName: SITE.title,
    // An empty topic's feed is as old as the archive's newest paper: deterministic, never the clock.
    emptyUpdated: archive.newestAdded ?? new Date(0),
    language: SITE.language,
    entries: papers.slice(0, FEED_SIZE).map((paper) => feedEntryOf(paper, options.abstractOf(paper), archive)),
  };
}

export function jsonOf(paper: SitePaper): PaperForJson {
  return {
    slug: paper.slug,
    url: absoluteUrl(paths.paper(paper.slug)),
    bibtexUrl: absoluteUrl(paths.paperBibtex(paper.slug)),
    title: paper.data.title,
    plainTitle: paper.titleText,
    authors: paper.data.authors,
    arxiv: paper.data.arxiv,
    doi: paper.data.doi,
    categories: paper.data.categories,
    journal: paper.data.journal,
    comments: paper.data.comments,
    license: paper.data.license,
    published: paper.data.published,
    updated: paper.data.updated,
    added: paper.data.added,
    topics: paper.data.topics,
    code: paper.data.code,
    links: paper.data.links,
    source: paper.data.source,
    repaired: paper.repaired,
    related: paper.related,
  };
}

/** A one-line description for meta tags: the first sentence of the abstract. */
export function descriptionOf(abstract: Pick<PaperAbstract, 'description'>): string {
  return abstract.description;
}
