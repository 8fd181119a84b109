import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomDate, atomFeed, escapeXml, type Feed } from '../../../src/lib/site/atom-feed.ts';
import { xmlError } from '../../helpers/xml.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const feed: Feed = {
  id: 'https://example.org/feed.xml',
  title: 'Paper Archive: newest papers',
  subtitle: 'Papers & math',
  selfUrl: 'https://example.org/feed.xml',
  pageUrl: 'https://example.org/papers/',
  authorName: 'Paper Archive',
  emptyUpdated: day('2025-01-01'),
  language: 'en',
  entries: [
    {
      id: 'https://example.org/papers/a/',
      url: 'https://example.org/papers/a/',
      title: 'Hostile </title> & <b>title</b> \u0001 with β',
      updated: day('2025-03-14'),
      published: day('2024-08-20'),
      summary: 'Summary with <script>alert(1)</script> & "quotes".',
      authors: ['Ann Author', 'Bob <Builder>'],
      categories: [{ term: 'scaling-laws', label: 'Scaling laws' }],
    },
    {
      id: 'https://example.org/papers/b/',
      url: 'https://example.org/papers/b/',
      title: 'No authors',
      updated: day('2025-02-01'),
      published: day('2026-01-01'),
      summary: 'S.',
      authors: [],
      categories: [],
    },
  ],
};
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

describe('atomFeed', () => {
  const xml = atomFeed(feed);
  const doc = parser.parse(xml) as { feed: Record<string, unknown> & { entry: Record<string, unknown>[] } };

  it('is well-formed XML in the Atom namespace', () => {
    expect(xmlError(xml)).toBeUndefined();
    expect(xmlError('<feed><entry></feed>')).toBeDefined();
    expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  });

  it('has the elements RFC 4287 requires of a feed', () => {
    expect(doc.feed['id']).toBe(feed.id);
    expect((doc.feed['title'] as Record<string, string>)['#text']).toBe(feed.title);
    expect(doc.feed['updated']).toBe('2025-03-14T00:00:00Z');
    const links = doc.feed['link'] as Record<string, string>[];
    expect(links.find((link) => link['@rel'] === 'self')?.['@href']).toBe(feed.selfUrl);
    expect(links.find((link) => link['@rel'] === 'alternate')?.['@href']).toBe(feed.pageUrl);
    expect(doc.feed['author']).toEqual([{ name: 'Paper Archive' }]);
  });

  it('has the elements RFC 4287 requires of each entry, text escaped and control characters gone', () => {
    const [first, second] = doc.feed.entry;
    expect(first?.['id']).toBe('https://example.org/papers/a/');
    expect((first?.['title'] as Record<string, string>)['#text']).toBe('Hostile </title> & <b>title</b>  with β');
    expect(first?.['updated']).toBe('2025-03-14T00:00:00Z');
    expect(first?.['published']).toBe('2024-08-20T00:00:00Z');
    expect(first?.['author']).toEqual([{ name: 'Ann Author' }, { name: 'Bob <Builder>' }]);
    expect((first?.['summary'] as Record<string, string>)['#text']).toBe(
      'Summary with <script>alert(1)</script> & "quotes".',
    );
    expect((first?.['category'] as Record<string, string>[])[0]).toMatchObject({ '@term': 'scaling-laws' });
    // A paper dated after it was added gets no <published> (Atom expects published <= updated).
    expect(second?.['published']).toBeUndefined();
    expect(second?.['author']).toBeUndefined();
  });

  it('is deterministic and takes an empty feed’s date from the archive, not the clock', () => {
    expect(atomFeed(feed)).toBe(xml);
    const empty = parser.parse(atomFeed({ ...feed, entries: [] })) as { feed: Record<string, unknown> };
    expect(empty.feed['updated']).toBe('2025-01-01T00:00:00Z');
    expect(empty.feed['entry']).toBeUndefined();
  });

  it('escapes and formats', () => {
    expect(escapeXml('a<b>&"c"\u0000')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(atomDate(day('2025-03-14'))).toBe('2025-03-14T00:00:00Z');
  });

  it('stays well-formed whatever a paper holds: CDATA ends, noncharacters, lone surrogates, quotes in attributes', () => {
    const hostile = 'a ]]> b \uFFFE c \uD800 d \u001B[2J e "f" \'g\' <h/>';
    const [model] = feed.entries;
    if (model === undefined) throw new Error('the fixture feed has no entry');
    const text = atomFeed({
      ...feed,
      entries: [
        {
          ...feed.entries[0]!,
          title: hostile,
          summary: hostile,
          authors: [hostile],
          categories: [{ term: hostile, label: hostile }],
        },
      ],
    });
    expect(xmlError(text)).toBeUndefined();
    const entry = (parser.parse(text) as { feed: { entry: Record<string, unknown>[] } }).feed.entry[0];
    const clean = 'a ]]> b  c  d [2J e "f" \'g\' <h/>';
    expect((entry?.['title'] as Record<string, string>)['#text']).toBe(clean);
    expect((entry?.['category'] as Record<string, string>[])[0]?.['@label']).toBe(clean);
  });
});
