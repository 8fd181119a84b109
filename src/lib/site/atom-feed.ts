import { formatDay } from '../paper/calendar-day.ts';

/** One entry of an Atom feed: a paper. All text is plain (no markup). */
export interface FeedEntry {
  /** Permanent IRI of the entry: the paper page's absolute URL. */
  id: string;
  url: string;
  title: string;
  /** Entry date: the day the paper was added (never the build's clock). */
  updated: Date;
  published?: Date | undefined;
  summary: string;
  authors: readonly string[];
  categories: readonly { term: string; label: string }[];
}

export interface Feed {
  /** Permanent IRI of the feed: its own absolute URL. */
  id: string;
  title: string;
  subtitle?: string | undefined;
  /** Absolute URL of the feed document (`rel="self"`). */
  selfUrl: string;
  /** Absolute URL of the HTML page the feed follows (`rel="alternate"`). */
  pageUrl: string;
  /** Feed-level author: RFC 4287 requires one where an entry has none. */
  authorName: string;
  /** Used as `<updated>` when there are no entries. */
  emptyUpdated: Date;
  language?: string | undefined;
  entries: readonly FeedEntry[];
}

/** Characters XML 1.0 cannot hold at all (control characters) are dropped; markup characters escaped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** RFC 3339 timestamp of a day (midnight UTC). */
export function atomDate(date: Date): string {
  return `${formatDay(date)}T00:00:00Z`;
}

function element(name: string, text: string, indent: string): string {
  return `${indent}<${name}>${escapeXml(text)}</${name}>`;
}

/**
 * An RFC 4287 Atom document. `<updated>` is the newest entry's date, so the same archive always
 * gives the same bytes.
 */
export function atomFeed(feed: Feed): string {
  const updated = feed.entries.reduce<Date>(
    (newest, entry) => (entry.updated > newest ? entry.updated : newest),
    feed.entries[0]?.updated ?? feed.emptyUpdated,
  );
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${feed.language === undefined ? '' : ` xml:lang="${escapeXml(feed.language)}"`}>`,
    element('id', feed.id, '  '),
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    ...(feed.subtitle === undefined ? [] : [`  <subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>`]),
    element('updated', atomDate(updated), '  '),
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    `  <author><name>${escapeXml(feed.authorName)}</name></author>`,
    '  <generator>Paper Archive</generator>',
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      element('id', entry.id, '    '),
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
      element('updated', atomDate(entry.updated), '    '),
    );
    // A paper dated after it was added is a data slip; Atom readers expect published <= updated.
    if (entry.published && entry.published <= entry.updated)
      lines.push(element('published', atomDate(entry.published), '    '));
    for (const author of entry.authors) lines.push(`    <author><name>${escapeXml(author)}</name></author>`);
    for (const category of entry.categories) {
      lines.push(`    <category term="${escapeXml(category.term)}" label="${escapeXml(category.label)}"/>`);
    }
    lines.push(`    <summary type="text">${escapeXml(entry.summary)}</summary>`, '  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
