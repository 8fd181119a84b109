import { arxivCategoryName } from '../paper/arxiv-categories.ts';
import { familyFirstName, isOrganizationName } from './citation.ts';
import { formatDay } from '../paper/calendar-day.ts';
import { arxivPdfUrl, arxivYearMonth, doiUrl, arxivAbsUrl } from '../paper/paper-links.ts';

/** What the metadata of a paper page is built from (plain text only: meta tags hold no markup). */
export interface PaperMetaInput {
  title: string;
  authors?: readonly string[] | undefined;
  arxiv?: string | undefined;
  doi?: string | undefined;
  published?: Date | undefined;
  /** The date of the latest version. */
  updated?: Date | undefined;
  added: Date;
  abstract: string;
  keywords: readonly string[];
  /** arXiv categories, the primary first. */
  categories?: readonly string[] | undefined;
  /** Where the paper was published, as the source wrote it (arXiv's journal reference). */
  journal?: string | undefined;
  license?: string | undefined;
  url: string;
  siteName: string;
  language: string;
}

export interface MetaTag {
  name: string;
  content: string;
}

/** Highwire / Google Scholar dates are `YYYY/MM/DD`. */
function scholarDate(date: Date): string {
  return formatDay(date).replaceAll('-', '/');
}

/**
 * One `citation_author`: as written, except a name written family name first (familyFirstName: 山田 太郎),
 * which goes as "Family, Given". Scholar and Zotero's page import read a name without a comma as
 * "Given Family" and would file 太郎 as the family name.
 */
function scholarName(name: string): string {
  const familyFirst = familyFirstName(name);
  return familyFirst === undefined ? name : `${familyFirst.family}, ${familyFirst.given}`;
}

/**
 * Google Scholar's `citation_*` tags. The paper's date goes in `citation_publication_date`
 * (its own date, else the year and month its arXiv id encodes); when neither is known,
 * `citation_online_date` carries the day it went online here, so Scholar never sees an invented
 * publication date.
 */
export function scholarMetaTags(paper: PaperMetaInput): MetaTag[] {
  const tags: MetaTag[] = [{ name: 'citation_title', content: paper.title }];
  for (const author of paper.authors ?? []) tags.push({ name: 'citation_author', content: scholarName(author) });
  const fromArxiv = paper.arxiv === undefined ? undefined : arxivYearMonth(paper.arxiv);
  if (paper.published) tags.push({ name: 'citation_publication_date', content: scholarDate(paper.published) });
  else if (fromArxiv) {
    tags.push({
      name: 'citation_publication_date',
      content: `${fromArxiv.year}/${String(fromArxiv.month).padStart(2, '0')}`,
    });
  } else tags.push({ name: 'citation_online_date', content: scholarDate(paper.added) });
  if (paper.arxiv !== undefined) tags.push({ name: 'citation_arxiv_id', content: paper.arxiv });
  if (paper.doi !== undefined) tags.push({ name: 'citation_doi', content: paper.doi });
  if (paper.abstract !== '') tags.push({ name: 'citation_abstract', content: paper.abstract });
  if (paper.arxiv !== undefined) tags.push({ name: 'citation_pdf_url', content: arxivPdfUrl(paper.arxiv) });
  tags.push({ name: 'citation_abstract_html_url', content: paper.url });
  if (paper.keywords.length > 0) tags.push({ name: 'citation_keywords', content: paper.keywords.join('; ') });
  tags.push({ name: 'citation_language', content: paper.language });
  return tags;
}

/** The longest `headline` Google's article structured data takes, in characters. */
const HEADLINE_CHARS = 110;

/** The title cut to a headline, between characters: never half of a surrogate pair (an emoji, 𝒪). */
function headline(title: string): string {
  if (title.length <= HEADLINE_CHARS) return title;
  const cut = /[\uD800-\uDBFF]/.test(title[HEADLINE_CHARS - 1] ?? '') ? HEADLINE_CHARS - 1 : HEADLINE_CHARS;
  return title.slice(0, cut);
}

/** A schema.org `ScholarlyArticle` for the page. */
export function scholarlyArticle(paper: PaperMetaInput): Record<string, unknown> {
  const sameAs = [
    ...(paper.arxiv === undefined ? [] : [arxivAbsUrl(paper.arxiv)]),
    ...(paper.doi === undefined ? [] : [doiUrl(paper.doi)]),
  ];
  const article: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    '@id': paper.url,
    url: paper.url,
    headline: headline(paper.title),
    name: paper.title,
    inLanguage: paper.language,
    dateCreated: formatDay(paper.added),
    isPartOf: { '@type': 'WebSite', name: paper.siteName },
  };
  if (paper.authors && paper.authors.length > 0) {
    article['author'] = paper.authors.map((name) => ({
      '@type': isOrganizationName(name) ? 'Organization' : 'Person',
      name,
    }));
  }
  if (paper.published) article['datePublished'] = formatDay(paper.published);
  if (paper.updated) article['dateModified'] = formatDay(paper.updated);
  if (paper.license !== undefined) article['license'] = paper.license;
  if (paper.categories !== undefined && paper.categories.length > 0) {
    article['about'] = paper.categories.map((category) => ({
      '@type': 'DefinedTerm',
      termCode: category,
      name: arxivCategoryName(category) ?? category,
      inDefinedTermSet: 'https://arxiv.org/category_taxonomy',
    }));
  }
  // A free-form reference ("Phys.Rev.D76:013009,2007"), not a structured periodical: a citation of it.
  if (paper.journal !== undefined) article['citation'] = paper.journal;
  // No `abstract`: the page shows it and `citation_abstract` carries it for Scholar and reference
  // managers; a third copy in every page cost 1 KB of the archive's bytes a paper.
  if (paper.keywords.length > 0) article['keywords'] = paper.keywords.join(', ');
  if (paper.doi !== undefined) {
    article['identifier'] = { '@type': 'PropertyValue', propertyID: 'DOI', value: paper.doi };
  } else if (paper.arxiv !== undefined) {
    article['identifier'] = { '@type': 'PropertyValue', propertyID: 'arXiv', value: paper.arxiv };
  }
  if (sameAs.length > 0) article['sameAs'] = sameAs;
  return article;
}

/**
 * JSON for a `<script type="application/ld+json">` element. Titles and abstracts are untrusted:
 * `<` is escaped so `</script>` or `<!--` in them cannot end or alter the element; `>`, `&` and the
 * line separators JavaScript parsers trip over go too. The result is still the same JSON.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
