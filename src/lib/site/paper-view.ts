import { firstSentence } from '../text/excerpt.ts';
import { hasMath, segmentsToHtml, titleHtml } from '../math/math-html.ts';
import { markdownParagraphs, splitTitleMath, type Segment } from '../text/math-text.ts';
import { segmentsToText } from '../text/tex-to-text.ts';
import { paperTerms, type PaperTerms } from './related-papers.ts';

/** Longest first sentence a list shows under a title, and the shorter one meta descriptions get. */
const EXCERPT_LENGTH = 300;
const DESCRIPTION_LENGTH = 200;

/**
 * What the pages show of a paper that follows from its file alone, in two parts by who needs it.
 * Deriving it is most of the per-paper work before any page renders (KaTeX for titles and excerpts,
 * TeX to text for abstracts), so the paper loader derives it on its worker threads and keeps it by
 * the file's digest: a build derives it for the papers whose file changed, not for the archive.
 */
export interface PaperView {
  summary: PaperSummary;
  abstract: Omit<PaperAbstract, 'html'>;
}

/**
 * What lists, page keys and related papers need of a paper, across the whole archive: Astro's data
 * store keeps it, parses it at the start of every build and inlines it into the prerender bundle,
 * so each field here costs every build memory and time for every paper.
 */
export interface PaperSummary {
  /** The title as safe HTML, math rendered. */
  titleHtml: string;
  /** The title as plain text (math in Unicode form). */
  titleText: string;
  titleHasMath: boolean;
  /** The abstract's first sentence (at most 300 characters) as safe HTML, as lists show it. */
  excerpt: { html: string; math: boolean };
  /** Whether the abstract was repaired from a scraped original (`papers.json`'s `repaired`). */
  repaired: boolean;
  /** The weighted terms related papers are found by (related-papers.ts). */
  terms: PaperTerms;
}

/**
 * What only the paper's own outputs show of its abstract (its page, its entries in feeds): kept per
 * paper version in packs beside the store (src/lib/build/abstract-packs.ts), read when one of them renders.
 */
export interface PaperAbstract {
  /** The abstract as safe HTML, math typeset (src/lib/markdown/paper-render.ts). */
  html: string;
  /** The abstract as plain text (math in Unicode form): for meta tags and feeds. */
  text: string;
  /** The first sentence in at most 200 characters, plain text: the page's meta description. */
  description: string;
  hasMath: boolean;
  /** The abstract as scraped, when the repair changed it (the paper's `original`). */
  original?: string;
}

/** What a view is derived from: the paper's title, abstract (Markdown), topics and scraped original. */
export interface PaperViewSource {
  title: string;
  body: string;
  topics: readonly string[];
  original?: string | undefined;
  /** The paper file, named in errors. */
  file: string;
}

/** The abstract's first sentence as prose and math, at most `maxLength` characters. */
export function excerptSegments(
  paper: { body: string },
  maxLength = EXCERPT_LENGTH,
  paragraphs: readonly (readonly Segment[])[] = markdownParagraphs(paper.body),
): Segment[] {
  return firstSentence(paragraphs[0] ?? [], maxLength);
}

/** An abstract's paragraphs (`markdownParagraphs`) as one line of plain text, math in Unicode form: what meta tags and feeds show. */
export function abstractText(paragraphs: readonly (readonly Segment[])[]): string {
  // A paragraph that reads as nothing (a display formula of blank space) adds no space either.
  return paragraphs
    .map((paragraph) => segmentsToText(paragraph, 'symbols'))
    .filter((text) => text !== '')
    .join(' ');
}

/** Derives a paper's view; throws naming the file when its title or first sentence cannot render. */
export function derivePaperView(source: PaperViewSource): PaperView {
  const titleSegments = splitTitleMath(source.title);
  const titleText = segmentsToText(titleSegments, 'symbols');
  const paragraphs = markdownParagraphs(source.body);
  const text = abstractText(paragraphs);
  const sentence = firstSentence(paragraphs[0] ?? [], EXCERPT_LENGTH);
  return {
    summary: {
      titleHtml: titleHtml(source.title, `${source.file} (title)`),
      titleText,
      titleHasMath: hasMath(titleSegments),
      excerpt: { html: segmentsToHtml(sentence, source.file), math: hasMath(sentence) },
      repaired: source.original !== undefined,
      terms: paperTerms({ title: titleText, text, topics: source.topics }),
    },
    abstract: {
      text,
      description: segmentsToText(firstSentence(paragraphs[0] ?? [], DESCRIPTION_LENGTH), 'symbols'),
      hasMath: source.body.includes('$') && paragraphs.some(hasMath),
      ...(source.original === undefined ? {} : { original: source.original }),
    },
  };
}
