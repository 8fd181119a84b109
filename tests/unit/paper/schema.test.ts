import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_COMMENTS_CHARS,
  MAX_JOURNAL_CHARS,
  MAX_PAPER_TOPICS,
  MAX_TITLE_CHARS,
  paperSchemaFor,
} from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';

const schema = paperSchemaFor(['scaling-laws', 'federated-learning']);
const valid = {
  title: 'Scaling Laws with $\\alpha$',
  authors: ['Ada Lovelace'],
  arxiv: '2401.01234',
  doi: '10.1103/PhysRevD.76.013009',
  published: new Date('2024-01-02'),
  added: new Date('2025-03-14'),
  topics: ['scaling-laws'],
  code: ['https://github.com/a/b'],
  links: ['https://a.github.io/b'],
  source: 'inbox/2025-03-14-hf-trending.txt',
  original: 'Scaling laws with alpha',
};

function issues(data: Record<string, unknown>): string[] {
  const result = schema.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('paper schema', () => {
  it('accepts a complete paper and the minimal one', () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ title: 'T', added: '2025-03-14', topics: ['scaling-laws'], source: 'pull request' })).toEqual([]);
  });

  // The build reads papers with this schema alone: it must refuse what the check refuses in every
  // text field the site shows, not only in those a reviewer reads first.
  it.each(['title', 'journal', 'comments', 'source', 'original'])(
    'refuses a bidirectional control in %s, as the check does',
    (field) => {
      expect(issues({ ...valid, [field]: 'Phys. Rev. \u202Eevil' })).toEqual([
        expect.stringMatching(new RegExp(`^${field}: bidirectional control U\\+202E`)) as unknown,
      ]);
    },
  );

  it('is strict: an unknown key is an error', () => {
    expect(issues({ ...valid, layout: 'x' })).toEqual([expect.stringMatching(/Unrecognized key.*layout/)]);
  });

  it('explains an arXiv id that YAML read as a number', () => {
    expect(issues({ ...valid, arxiv: 2401.01234 })).toEqual([
      'arxiv: must be a quoted string, e.g. arxiv: "2401.01234"',
    ]);
    expect(issues({ ...valid, arxiv: 'arXiv:2401.01234v2' })).toEqual([
      expect.stringMatching(
        /^arxiv: "arXiv:2401\.01234v2" is not written as this archive writes arXiv ids: write "2401\.01234"/,
      ),
    ]);
    expect(issues({ ...valid, arxiv: 'hep-th/9901001' })).toEqual([]);
  });

  it('rejects topics outside the taxonomy, repeated, missing or too many', () => {
    expect(issues({ ...valid, topics: ['nope'] })).toEqual([expect.stringMatching(/^topics: unknown topic "nope"/)]);
    expect(issues({ ...valid, topics: ['scaling-laws', 'scaling-laws'] })).toEqual(['topics: a topic is listed twice']);
    expect(issues({ ...valid, topics: [] })).toEqual(['topics: a paper needs at least one topic']);
    expect(issues({ ...valid, topics: Array(6).fill('scaling-laws') })).toContain('topics: at most five topics');
  });

  it('allows only http(s) URLs for code and links, by the one URL rule', () => {
    for (const [url, says] of [
      ['javascript:alert(1)', 'uses "javascript:"'],
      ['data:text/html,x', 'uses "data:"'],
      ['ftp://x.example/a', 'uses "ftp:"'],
      ['github.com/a/b', 'is not an absolute URL'],
      ['https://github.com@evil.example/a', 'really goes to evil.example'],
      ['https://gіthub.com/a', 'really goes to xn--gthub-n2e.com'],
      ['http://127.0.0.1/a', 'is not a host name'],
    ] as const) {
      expect(issues({ ...valid, code: [url] })).toEqual([expect.stringContaining(says)]);
      expect(issues({ ...valid, links: [url] })[0]).toMatch(/^links\.0: the link/);
    }
  });

  it('takes DOIs and arXiv ids by their strict grammars only', () => {
    expect(issues({ ...valid, doi: '10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={' })).toEqual([
      expect.stringMatching(/^doi: .* is not a DOI: "\}" cannot appear in a DOI; a DOI is "10\."/),
    ]);
    expect(issues({ ...valid, doi: '10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H' })).toEqual([]);
    expect(issues({ ...valid, arxiv: '2401.01234}' })).toEqual([expect.stringMatching(/"\}" cannot appear in one/)]);
  });

  it('requires a one-line title, a date for added and a source', () => {
    expect(issues({ ...valid, title: 'two\nlines' })).toEqual(['title: a title is one line']);
    expect(issues({ ...valid, added: 'someday' })).toEqual(['added: must be a date (YYYY-MM-DD)']);
    const { source: _source, ...withoutSource } = valid;
    expect(issues(withoutSource)).toEqual([expect.stringMatching(/^source: /)]);
  });
});

describe('author names and titles the site can show', () => {
  const ONE_LINE =
    'an author name is one line without tabs: write it on one line, its words separated by spaces, one author per "- " item';

  it('refuses an author name holding a tab or a line break, wherever it is in the list', () => {
    for (const name of ['Howe\tTissue', 'Howe\nTissue', 'Howe\rTissue', 'Ada Lovelace\r\nER  - ']) {
      expect(issues({ ...valid, authors: ['Alan Turing', name] })).toEqual([`authors.1: ${ONE_LINE}`]);
    }
  });

  it('accepts an author name holding any other space (no-break, ideographic, thin): it is the name as written', () => {
    for (const space of ['\u00a0', '\u2009', '\u202f', '\u3000']) {
      expect(issues({ ...valid, authors: [`Howe${space}Tissue`, `山田${space}太郎`] })).toEqual([]);
    }
  });

  it('refuses a title whose text, as the site writes it, is empty: only math of blank space', () => {
    const BLANK =
      'title: the title has no readable text (it is only math that renders as blank space): write the title as published, in words';
    for (const title of ['$\\quad$', '$\\,$ $\\qquad$', '$ $', '$\\text{ }$']) {
      expect(issues({ ...valid, title })).toEqual([BLANK]);
    }
    for (const title of ['$x$', '$\\alpha$-Nets', 'No math at all']) expect(issues({ ...valid, title })).toEqual([]);
  });
});

describe('the schema limits', () => {
  it('accepts a value at each limit and refuses one past it, by the named constant', () => {
    const fields = [
      ['title', MAX_TITLE_CHARS],
      ['journal', MAX_JOURNAL_CHARS],
      ['comments', MAX_COMMENTS_CHARS],
    ] as const;
    for (const [field, max] of fields) {
      expect(issues({ ...valid, [field]: 'x'.repeat(max) })).toEqual([]);
      expect(issues({ ...valid, [field]: 'x'.repeat(max + 1) })).toEqual([
        expect.stringMatching(new RegExp(`^${field}: `)),
      ]);
    }
    const many = Array.from({ length: MAX_PAPER_TOPICS + 1 }, (_, i) => `t${i}`);
    const wide = paperSchemaFor(many);
    expect(wide.safeParse({ ...valid, topics: many.slice(0, MAX_PAPER_TOPICS) }).success).toBe(true);
    expect(wide.safeParse({ ...valid, topics: many }).success).toBe(false);
  });
});

describe('loadTopics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topics-'));
  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('reads the real taxonomy', () => {
    const topics = loadTopics('content/topics.yaml');
    expect(topics.length).toBeGreaterThan(10);
    expect(new Set(topics.map((t) => t.id)).size).toBe(topics.length);
  });

  it('names the file on a YAML error, a schema error and a repeated id', () => {
    expect(() => loadTopics(write('bad.yaml', '- id: [\n'))).toThrow(
      /Invalid topic taxonomy .*bad\.yaml[^]*bad\.yaml:\d+:\d+: error: invalid YAML/,
    );
    expect(() =>
      loadTopics(write('schema.yaml', '- id: Bad Id\n  name: x\n  description: y\n  match: [ab]\n')),
    ).toThrow(/Invalid topic taxonomy .*schema\.yaml/);
    const twice = '- id: a\n  name: A\n  description: d\n  match: [aa]\n';
    expect(() => loadTopics(write('twice.yaml', twice + twice))).toThrow(
      /twice\.yaml:5:7: error: topic "a" appears twice/,
    );
  });

  // The taxonomy can arrive in a pull request as papers do, and every page shows its names: the
  // same hidden-character rules as a paper's fields, however the character is written.
  it.each([
    [
      'name',
      '- id: a\n  name: "Scaling \\u202Ewal"\n  description: d\n  match: [aa]\n',
      /bidi-control|bidirectional control U\+202E/,
    ],
    ['description', '- id: a\n  name: A\n  description: "clear \\e[2J"\n  match: [aa]\n', /control character U\+001B/],
    [
      'match phrase',
      '- id: a\n  name: A\n  description: d\n  match: ["sca\\u200Bling"]\n',
      /invisible character U\+200B/,
    ],
    [
      'raw bidi control in the name',
      '- id: a\n  name: Scaling \u2066law\n  description: d\n  match: [aa]\n',
      /U\+2066/,
    ],
  ])('refuses a hidden character in a topic %s', (_field, text, message) => {
    expect(() => loadTopics(write('hidden.yaml', text))).toThrow(message);
  });
});
