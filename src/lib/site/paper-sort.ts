/** The archive's two orders, and the neighbours of a paper in one of them. */
import { compareShardPages, paperPagePath, type ShardPage } from '../search/build/index-shards.ts';
import { GREEK_LOWER } from '../text/greek-letters.ts';
import { isoDay } from './format.ts';
import { splitTitleMath } from '../text/math-text.ts';
import { singleSpaced } from '../text/whitespace.ts';

export interface SortablePaper {
  slug: string;
  /** The title's sort key (see `titleSortKey`). */
  sortTitle: string;
  added: Date;
  published?: Date | undefined;
}

/** A Greek letter command (any case, as titles write them). */
const GREEK_COMMAND = new RegExp(String.raw`\\(${[...GREEK_LOWER].join('|')})(?![a-zA-Z])`, 'gi');

/**
 * What a title sorts by: its prose, and its math read as words the way people say it, so
 * "$\beta$-VAE" files under B and "$\mathrm{SE}(n)$ Networks" under S. Other TeX commands are
 * dropped rather than sorted as names.
 */
export function titleSortKey(title: string): string {
  const text = splitTitleMath(title)
    .map((segment) =>
      segment.kind === 'text'
        ? segment.text
        : segment.tex
            .replace(GREEK_COMMAND, ' $1 ')
            .replace(/\\[a-zA-Z]+/g, ' ')
            .replace(/[^\p{L}\p{N}]+/gu, ' '),
    )
    .join('');
  return singleSpaced(text);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true, ignorePunctuation: true });

/** Title order ignoring case, accents, punctuation and a leading article. */
export function titleKey(title: string): string {
  return title.replace(/^(?:the|a|an)\s+/i, '').trim();
}

/** A paper as the archive's orders read it. */
export interface OrderedPaper {
  slug: string;
  data: { title: string; added: Date; published?: Date | undefined };
}

/** What `paper` sorts by, its title's key computed. */
export function sortable(paper: OrderedPaper): SortablePaper {
  return {
    slug: paper.slug,
    sortTitle: titleSortKey(paper.data.title),
    added: paper.data.added,
    published: paper.data.published,
  };
}

/** The indexes of `papers`, newest first (`compareNewest`), each title's key computed once. */
export function newestOrder(papers: readonly OrderedPaper[]): number[] {
  const keys = papers.map(sortable);
  return keys
    .map((_, index) => index)
    .sort((a, b) => compareNewest(keys[a] as SortablePaper, keys[b] as SortablePaper));
}

/** Newest additions first; within a day, newest paper first, then by title; the slug breaks any tie. */
export function compareNewest(a: SortablePaper, b: SortablePaper): number {
  return (
    b.added.getTime() - a.added.getTime() ||
    (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0) ||
    compareTitle(a, b)
  );
}

/** Alphabetical by title; the slug breaks ties so the order is total and stable. */
export function compareTitle(a: SortablePaper, b: SortablePaper): number {
  return (
    collator.compare(titleKey(a.sortTitle), titleKey(b.sortTitle)) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)
  );
}

/** The papers either side of `index` in `ordered` (undefined at the ends). */
export function neighbours<T>(ordered: readonly T[], index: number): { previous: T | undefined; next: T | undefined } {
  return { previous: index > 0 ? ordered[index - 1] : undefined, next: ordered[index + 1] };
}

/** A paper's page as the search index takes it: its path in the site and its day added. */
export function searchPageOf(paper: { slug: string; data: { added: Date } }): ShardPage {
  return { path: paperPagePath(paper.slug), added: isoDay(paper.data.added) };
}

/**
 * The positions of `papers` in the search index's order (day added, then page path:
 * index-shards.ts). Paper pages are rendered in it, so a cold build's index follows the pages as
 * they are written (index-while-rendering.ts) instead of waiting for the last.
 */
export function searchIndexOrder(papers: readonly { slug: string; data: { added: Date } }[]): number[] {
  const pages = papers.map(searchPageOf);
  return pages.map((_, i) => i).sort((a, b) => compareShardPages(pages[a] as ShardPage, pages[b] as ShardPage));
}
