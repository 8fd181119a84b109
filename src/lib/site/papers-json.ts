import { formatDay } from '../paper/calendar-day.ts';

/** One paper in `/papers.json`. Documented field by field in docs/site.md. */
export interface PaperRecord {
  slug: string;
  url: string;
  bibtex_url: string;
  title: string;
  title_text: string;
  authors: string[];
  arxiv: string | null;
  doi: string | null;
  categories: string[];
  journal: string | null;
  comments: string | null;
  license: string | null;
  published: string | null;
  updated: string | null;
  added: string;
  topics: string[];
  code: string[];
  links: string[];
  source: string;
  repaired: boolean;
  related: string[];
}

export interface PapersJson {
  /** Bumped when a field changes meaning or goes away; adding fields does not bump it. */
  version: 1;
  site: { title: string; url: string };
  /** The newest `added` date: the export changes when the archive does, never with the clock. */
  updated: string | null;
  count: number;
  topics: { id: string; name: string; description: string; count: number; url: string }[];
  papers: PaperRecord[];
}

export interface PaperForJson {
  slug: string;
  url: string;
  bibtexUrl: string;
  title: string;
  plainTitle: string;
  authors?: readonly string[] | undefined;
  arxiv?: string | undefined;
  doi?: string | undefined;
  categories?: readonly string[] | undefined;
  journal?: string | undefined;
  comments?: string | undefined;
  license?: string | undefined;
  published?: Date | undefined;
  updated?: Date | undefined;
  added: Date;
  topics: readonly string[];
  code?: readonly string[] | undefined;
  links?: readonly string[] | undefined;
  source: string;
  /** Whether the abstract was repaired from a scraped original. */
  repaired: boolean;
  related: readonly string[];
}

/** The machine-readable export of the archive: every paper's metadata, in the order given. */
export function papersJson(
  papers: readonly PaperForJson[],
  site: { title: string; url: string },
  topics: PapersJson['topics'],
): PapersJson {
  let newest: Date | undefined;
  for (const paper of papers) if (newest === undefined || paper.added > newest) newest = paper.added;
  return {
    version: 1,
    site,
    updated: newest === undefined ? null : formatDay(newest),
    count: papers.length,
    topics,
    papers: papers.map((paper) => ({
      slug: paper.slug,
      url: paper.url,
      bibtex_url: paper.bibtexUrl,
      title: paper.title,
      title_text: paper.plainTitle,
      authors: [...(paper.authors ?? [])],
      arxiv: paper.arxiv ?? null,
      doi: paper.doi ?? null,
      categories: [...(paper.categories ?? [])],
      journal: paper.journal ?? null,
      comments: paper.comments ?? null,
      license: paper.license ?? null,
      published: paper.published ? formatDay(paper.published) : null,
      updated: paper.updated ? formatDay(paper.updated) : null,
      added: formatDay(paper.added),
      topics: [...paper.topics],
      code: [...(paper.code ?? [])],
      links: [...(paper.links ?? [])],
      source: paper.source,
      repaired: paper.repaired,
      related: [...paper.related],
    })),
  };
}
