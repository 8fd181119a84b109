import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oaiDay, parseArxivOai, unwrapAbstract } from '../../../../src/lib/ingest/inputs/arxiv-oai.ts';

const SAMPLE = 'tests/fixtures/inputs/arxiv-oai-sample.jsonl';
const HOSTILE = 'tests/fixtures/ingest/hostile.jsonl';

describe('the real OAI excerpt', () => {
  const result = parseArxivOai(readFileSync(SAMPLE, 'utf8'), SAMPLE);
  const records = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('reads every record', () => {
    expect(result.problems).toEqual([]);
    expect(result.papers).toHaveLength(records.length);
    expect(result.papers.map((paper) => paper.line)).toEqual(records.map((_, index) => index + 1));
    expect(result.papers.map((paper) => paper.arxiv)).toEqual(records.map((record) => record['id']));
  });

  it('maps the fields of the first record', () => {
    expect(result.papers[0]).toEqual({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      abstract: expect.stringMatching(/^A fully differential calculation .* judicious selection of events\.$/),
      file: SAMPLE,
      line: 1,
      arxiv: '0704.0001',
      doi: '10.1103/PhysRevD.76.013009',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      published: '2007-04-02',
      updated: '2007-07-24',
      categories: ['hep-ph'],
      journal: 'Phys.Rev.D76:013009,2007',
      comments: '37 pages, 15 figures; published version',
      license: undefined,
    });
  });

  it('keeps the license, and the latest version only when there is more than one', () => {
    const pebble = result.papers.find((paper) => paper.arxiv === '0704.0002');
    expect(pebble?.license).toBe('http://arxiv.org/licenses/nonexclusive-distrib/1.0/');
    expect(pebble?.updated).toBe('2008-12-13');
    expect(pebble?.comments).toBe('To appear in Graphs and Combinatorics');
    expect(result.papers.find((paper) => paper.arxiv === '0704.0004')?.updated).toBeUndefined();
  });

  it('cuts a comment too long for a paper file at a word, and leaves out a license the URL rule refuses', () => {
    const long = JSON.stringify({
      id: '2401.00001',
      title: 'T',
      abstract: 'A',
      comments: `${'many words here '.repeat(100)}end`,
      license: 'javascript:alert(1)',
    });
    const [paper] = parseArxivOai(`${long}\n`, 'x.jsonl').papers;
    expect(paper?.comments?.length).toBeLessThanOrEqual(1000);
    expect(paper?.comments).toMatch(/(?:many|words|here)…$/);
    expect(paper?.license).toBeUndefined();
  });

  it('unwraps abstracts into paragraphs and keeps TeX as it is', () => {
    const cubes = result.papers.find((paper) => paper.arxiv === '0704.0010');
    expect(cubes?.abstract.split('\n\n')).toHaveLength(2);
    expect(cubes?.abstract).not.toMatch(/[^\n]\n[^\n]/);
    const pebble = result.papers.find((paper) => paper.arxiv === '0704.0002');
    expect(pebble?.abstract).toContain('the $(k,\\ell)$-pebble game');
    expect(result.papers.find((paper) => paper.arxiv === '0704.0005')?.title).toBe(
      'From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$',
    );
  });

  it('leaves out what a record does not have', () => {
    const noDoi = result.papers.find((paper) => paper.arxiv === '0704.0002');
    expect(noDoi && 'doi' in noDoi ? noDoi.doi : undefined).toBeUndefined();
    expect(noDoi?.categories).toEqual(['math.CO', 'cs.CG']);
  });
});

describe('author names', () => {
  it('are each one line of single-spaced words, however the record spaced them (a name is one line: the schema)', () => {
    const record = {
      id: '2401.00001',
      title: 'A title',
      abstract: 'An abstract.',
      authors_parsed: [
        ['Lovelace', 'Ada\rAugusta', ''],
        ['Turing', 'Alan\u00a0M.', ''],
        ['Hopper', 'Grace\u2028Brewster', ''],
        ['von\tNeumann', 'John', ''],
      ],
    };
    const { papers } = parseArxivOai(`${JSON.stringify(record)}\n`, 'x.jsonl');
    expect(papers[0]?.authors).toEqual([
      'Ada Augusta Lovelace',
      'Alan M. Turing',
      'Grace Brewster Hopper',
      'John von Neumann',
    ]);
  });
});

describe('hostile JSON lines', () => {
  const result = parseArxivOai(readFileSync(HOSTILE, 'utf8'), HOSTILE);

  it('reads the good records', () => {
    expect(result.papers.map((paper) => [paper.line, paper.arxiv, paper.title])).toEqual([
      [1, '2401.00001', 'A Good Record'],
      [8, '2401.00004', 'Versioned Id and String Authors'],
    ]);
    const [good, versioned] = result.papers;
    expect(good?.abstract).toBe('First paragraph of a wrapped abstract about $x^2$.\n\nSecond paragraph.');
    expect(good?.doi).toBe('10.1234/ABC.5');
    expect(good?.published).toBe('2024-01-01');
    expect(good?.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(versioned?.authors).toEqual(['Grace Hopper', 'John von Neumann', 'Emmy Noether']);
    expect(versioned?.published).toBeUndefined();
  });

  it('reports every bad line by number with what to do', () => {
    expect(result.problems.map((problem) => [problem.line, problem.message.replace(/:.*/s, '')])).toEqual([
      [3, expect.stringMatching(/^not valid JSON \(/)],
      [4, 'each line must be a JSON object ({...}) describing one paper'],
      [5, 'the record has no "id"'],
      [6, '"id"'],
      [7, 'record 2401.00003 has no "abstract"'],
    ]);
    expect(result.problems[0]?.message).toMatch(/fix or remove this line$/);
    expect(result.problems[3]?.message).toMatch(
      /"not-an-id" is not an arXiv id; an arXiv id is .*"2401\.01234".* \[arxiv-id\]$/,
    );
    expect(result.problems[4]?.title).toBe('No Abstract');
  });
});

describe('control characters in a record', () => {
  it('skip the record, naming the field', () => {
    const line = JSON.stringify({ id: '2401.00001', title: 'Bell\u0007 Curves', abstract: 'An abstract.' });
    const result = parseArxivOai(`${line}\n`, 'x.jsonl');
    expect(result.papers).toEqual([]);
    expect(result.problems[0]).toMatchObject({ line: 1, title: 'Bell\u0007 Curves' });
    expect(result.problems[0]?.message).toBe(
      'record 2401.00001: control character U+0007 in the title (at character 5): remove it',
    );
  });
});

describe('helpers', () => {
  it('unwrapAbstract joins wrapped lines and splits indented paragraphs', () => {
    expect(unwrapAbstract('  One\ntwo.\n  Three\nfour.\n')).toBe('One two.\n\nThree four.');
    expect(unwrapAbstract('One.\r\n\r\nTwo.')).toBe('One.\n\nTwo.');
  });

  it('oaiDay reads the OAI version date as a UTC day', () => {
    expect(oaiDay('Mon, 2 Apr 2007 19:18:42 GMT')).toBe('2007-04-02');
    expect(oaiDay('Sun, 31 Dec 2023 23:59:59 GMT')).toBe('2023-12-31');
    expect(oaiDay('Thu, 29 Feb 2024 00:00:00 GMT')).toBe('2024-02-29');
    expect(oaiDay('Thu, 30 Feb 2023 00:00:00 GMT')).toBeUndefined();
    expect(oaiDay('2024-05-06T01:02:03Z')).toBe('2024-05-06');
    expect(oaiDay('yesterday')).toBeUndefined();
    expect(oaiDay(42)).toBeUndefined();
  });
});

describe('the flat authors string (no authors_parsed)', () => {
  const authorsOf = (authors: string) =>
    parseArxivOai(JSON.stringify({ id: '1001.0004', title: 'T', abstract: 'A.', authors }), 'dump.jsonl').papers[0]
      ?.authors;

  it('splits at commas and "and" outside parentheses, and leaves out the affiliations in them', () => {
    expect(authorsOf('A. Smith (MIT, USA), B. Jones and C. Wu ((1) Stanford University, (2) Google)')).toEqual([
      'A. Smith',
      'B. Jones',
      'C. Wu',
    ]);
    expect(authorsOf('A. Smith, B. Jones (for the ATLAS Collaboration)')).toEqual(['A. Smith', 'B. Jones']);
    expect(authorsOf('Ada Lovelace, Alan Turing and Grace Hopper')).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Grace Hopper',
    ]);
  });
});
