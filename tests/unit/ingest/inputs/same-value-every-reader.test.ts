import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../../../src/lib/ingest/inputs/arxiv-atom.ts';
import { parseArxivOai } from '../../../../src/lib/ingest/inputs/arxiv-oai.ts';
import { parseBibtex } from '../../../../src/lib/ingest/inputs/bibtex-input.ts';
import type { ParsedInput } from '../../../../src/lib/ingest/inputs/raw-paper.ts';
import { MAX_COMMENTS_CHARS, MAX_JOURNAL_CHARS } from '../../../../src/lib/paper/schema.ts';

/** One paper, with the optional fields given, written in each input format that has them. */
interface Fields {
  journal?: string;
  comments?: string;
  doi?: string;
}
const TITLE = 'The Same Paper in Every Format';
const ABSTRACT = 'We study how a language model behaves when its training data is scraped from the web.';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const readers: Record<string, (fields: Fields) => ParsedInput | undefined> = {
  'arXiv OAI': (fields) =>
    parseArxivOai(
      JSON.stringify({
        id: '2404.00001',
        title: TITLE,
        abstract: ABSTRACT,
        'journal-ref': fields.journal,
        comments: fields.comments,
        doi: fields.doi,
      }),
      'dump.jsonl',
    ),
  'arXiv Atom': (fields) =>
    parseArxivAtom(
      `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"><entry>
  <id>http://arxiv.org/abs/2404.00001v1</id><title>${TITLE}</title><summary>${ABSTRACT}</summary>
  ${fields.journal === undefined ? '' : `<arxiv:journal_ref>${xml(fields.journal)}</arxiv:journal_ref>`}
  ${fields.comments === undefined ? '' : `<arxiv:comment>${xml(fields.comments)}</arxiv:comment>`}
  ${fields.doi === undefined ? '' : `<arxiv:doi>${xml(fields.doi)}</arxiv:doi>`}
</entry></feed>`,
      'feed.xml',
    ),
  ...Object.fromEntries(
    ['journal', 'booktitle'].map((journalField) => [
      `BibTeX ${journalField}`,
      (fields: Fields) =>
        fields.comments !== undefined
          ? undefined // BibTeX has no arXiv comments
          : parseBibtex(
              `@article{k, title = {${TITLE}}, abstract = {${ABSTRACT}}, eprint = {2404.00001}, archivePrefix = {arXiv},
  ${fields.journal === undefined ? '' : `${journalField} = {${fields.journal}},`}
  ${fields.doi === undefined ? '' : `doi = {${fields.doi}},`}
}`,
              'library.bib',
            ),
    ]),
  ),
};
const everyReader = Object.entries(readers);

describe('a value gives the same outcome whatever format it comes in', () => {
  it.each(everyReader)(
    '%s: comments over the limit are cut at a word, never inside a character, and reported',
    (_, read) => {
      const parsed = read({ comments: `${'a'.repeat(MAX_COMMENTS_CHARS - 1)}😀 and more` });
      if (parsed === undefined) return;
      expect(parsed.problems).toEqual([]);
      const comments = parsed.papers[0]?.comments ?? '';
      expect(comments.length).toBeLessThanOrEqual(MAX_COMMENTS_CHARS);
      expect(comments).toMatch(/…$/);
      expect(comments).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
      expect(comments.isWellFormed()).toBe(true);
      expect(parsed.warnings).toEqual([
        expect.objectContaining({
          line: 1,
          message: expect.stringMatching(
            /the comments were cut to \d+ characters \(they had 1010; a paper file holds at most 1000\)/,
          ) as string,
        }),
      ]);
    },
  );

  it.each(everyReader)('%s: a journal reference over the limit is cut the same way and reported', (_, read) => {
    const journal = 'Proceedings of the Conference '.repeat(15).trim();
    const parsed = read({ journal });
    expect(parsed?.problems).toEqual([]);
    const written = parsed?.papers[0]?.journal ?? '';
    expect(written.length).toBeLessThanOrEqual(MAX_JOURNAL_CHARS);
    expect(written).toBe(`${journal.slice(0, journal.lastIndexOf(' ', MAX_JOURNAL_CHARS - 1))}…`);
    expect(parsed?.warnings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /the journal reference(?: \(\w+\))? was cut to \d+ characters \(it had 449; a paper file holds at most 300\)/,
        ) as string,
      }),
    ]);
  });

  it.each(everyReader)('%s: an invalid DOI refuses the record, saying why', (_, read) => {
    const parsed = read({ doi: '10.1000/a#b' });
    expect(parsed?.papers).toEqual([]);
    expect(parsed?.problems).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/"10\.1000\/a#b" is not a DOI: "#" cannot appear in a DOI.*\[doi\]$/) as string,
      }),
    ]);
  });

  // U+0085, a C1 control (text decoded twice), is one that XML, JSON and BibTeX can all carry.
  it.each(everyReader)('%s: a control character in a free-text field refuses the record, saying where', (_, read) => {
    const parsed = read({ journal: 'Journal of \u0085 Bells' });
    expect(parsed?.papers).toEqual([]);
    expect(parsed?.problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/control character U\+0085 in the journal reference/) as string,
      }),
    ]);
  });

  it.each(everyReader)('%s: a value within the limits is kept as given, on one line', (_, read) => {
    const parsed = read({ journal: 'Nature 521,\n  436-444 (2015)', doi: '10.1038/nature14539' });
    expect(parsed?.warnings).toEqual([]);
    expect(parsed?.papers[0]).toMatchObject({ journal: 'Nature 521, 436-444 (2015)', doi: '10.1038/nature14539' });
  });
});
