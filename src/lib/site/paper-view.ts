import { firstSentence } from '../text/excerpt.ts';
import { hasMath, segmentsToHtml, titleHtml } from '../math/math-html.ts';
import { markdownParagraphs, splitTitleMath, type Segment } from '../text/math-text.ts';
import { segmentsToText } from '../text/tex-to-text.ts';
import { paperTerms, type PaperTerms } from './related-papers.ts';

/** Longest first sentence a list shows under a title, and the shorter one meta descriptions get. */
const EXCERPT_LENGTH = 300;
const DESCRIPTION_LENGTH = 200;

/**
 * What the pages show of a paper that follows from its file alone: the title and the first sentence
 * as HTML with math typeset, their plain-text forms, and the terms related papers are found by.
 * Deriving it is most of the per-paper work before any page renders (KaTeX for titles and excerpts,
 * TeX to text for abstracts), so the paper loader derives it on its worker threads and keeps it by
 * the file's digest: a build derives it for the papers whose file changed, not for the archive.
 */
export interface PaperView {
  /** The title as safe HTML, math rendered. */
  titleHtml: string;
  /** The title as plain text (math in Unicode form). */
  titleText: string;
  titleHasMath: boolean;
  abstractHasMath: boolean;
  /** The abstract as plain text (math in Unicode form): for meta tags, feeds and similarity. */
  abstractText: string;
  /** The abstract's first sentence (at most 300 characters) as safe HTML and as plain text. */
  excerpt: { html: string; text: string; math: boolean };
  /** The first sentence in at most 200 characters, plain text: the page's meta description. */
  description: string;
  /** The weighted terms related papers are found by (related-papers.ts). */
  terms: PaperTerms;
}

/** What a view is derived from: the paper's title, abstract (Markdown) and topics. */
export interface PaperViewSource {
  title: string;
  body: string;
  topics: readonly string[];
  /** The paper file, named in errors. */
  file: string;
}

/** The abstract's first sentence as prose and math, at most `maxLength` characters. */
export function excerptSegments(paper: { body: string }, maxLength = EXCERPT_LENGTH): Segment[] {
  return firstSentence(markdownParagraphs(paper.body)[0] ?? [], maxLength);
}

/** Derives a paper's view; throws naming the file when its title or first sentence cannot render. */
export function derivePaperView(source: PaperViewSource): PaperView {
  const titleSegments = splitTitleMath(source.title);
  const titleText = segmentsToText(titleSegments, 'symbols');
  const paragraphs = markdownParagraphs(source.body);
  const abstractText = paragraphs.map((paragraph) => segmentsToText(paragraph, 'symbols')).join(' ');
  const sentence = firstSentence(paragraphs[0] ?? [], EXCERPT_LENGTH);
  return {
    titleHtml: titleHtml(source.title, `${source.file} (title)`),
    titleText,
    titleHasMath: hasMath(titleSegments),
    abstractHasMath: source.body.includes('$') && paragraphs.some(hasMath),
    abstractText,
    excerpt: {
      html: segmentsToHtml(sentence, source.file),
      text: segmentsToText(sentence, 'symbols'),
      math: hasMath(sentence),
    },
    description: segmentsToText(firstSentence(paragraphs[0] ?? [], DESCRIPTION_LENGTH), 'symbols'),
    terms: paperTerms({ title: titleText, text: abstractText, topics: source.topics }),
  };
}
