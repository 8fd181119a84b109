import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyReport, groupRecords, parseInputs, skipper } from '../../../src/lib/ingest/ingest.ts';
import { identityKeys } from '../../../src/lib/paper/identity.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const OAI = 'tests/fixtures/inputs/arxiv-oai-sample.jsonl';
const SEED = 'content/inbox/2025-03-14-hf-trending.txt';

function parse(inputs: { file: string; source: string; bytes: Uint8Array }[], added?: string) {
  const report = emptyReport();
  const parsed = parseInputs(inputs, added, report, skipper(report));
  return { parsed, report };
}

describe('phase 1: parseInputs', () => {
  it('reads every record of an input, dated by the file name, and counts them per input', () => {
    const { parsed, report } = parse(
      [
        { file: SEED, source: '2025-03-14-hf-trending.txt', bytes: readFileSync(SEED) },
        { file: OAI, source: 'arxiv-oai-sample.jsonl', bytes: readFileSync(OAI) },
      ],
      '2025-04-01',
    );
    expect(report.errors).toEqual([]);
    expect(report.inputs.map((input) => input.format)).toEqual(['scraped page', 'arXiv OAI JSON lines']);
    expect(report.inputs.reduce((sum, input) => sum + input.papers, 0)).toBe(parsed.length);
    expect(parsed.length).toBeGreaterThan(20);
    expect(new Set(parsed.map((record) => record.added))).toEqual(new Set(['2025-04-01']));
    expect(parsed.filter((record) => record.source === 'arxiv-oai-sample.jsonl')).toHaveLength(20);
  });

  it('takes the day from the file name when none is given, and refuses an input with none', () => {
    expect(parse([{ file: SEED, source: 'x', bytes: readFileSync(SEED) }]).parsed[0]?.added).toBe('2025-03-14');
    const { parsed, report } = parse([{ file: 'inbox/page.txt', source: 'page.txt', bytes: readFileSync(SEED) }]);
    expect(parsed).toEqual([]);
    expect(report.errors).toEqual([
      expect.objectContaining({
        file: 'inbox/page.txt',
        message: expect.stringMatching(/has no year: rename the input with a date prefix/),
      }),
    ]);
  });

  it('reports an input with no papers, or a name the check refuses, as an error and reads on', () => {
    const { parsed, report } = parse(
      [
        { file: 'a.jsonl', source: 'a.jsonl', bytes: encode('\n') },
        { file: 'b\u202e.jsonl', source: 'b\u202e.jsonl', bytes: readFileSync(OAI) },
        { file: OAI, source: 'ok.jsonl', bytes: readFileSync(OAI) },
      ],
      '2025-04-01',
    );
    expect(report.errors.map((error) => error.file)).toEqual(['a.jsonl', 'b\u202e.jsonl']);
    expect(report.errors[0]?.message).toMatch(/only whitespace/);
    expect(report.errors[1]?.message).toMatch(/rename the file/);
    expect(parsed).toHaveLength(20);
  });
});

describe('phase 4: groupRecords', () => {
  const record = (line: number, paper: { title: string; arxiv?: string; doi?: string }) => ({
    keys: identityKeys(paper),
    raw: { file: 'in.jsonl', line, title: paper.title, abstract: '' },
  });

  it('puts records of one paper in one group with the archive file they match', () => {
    const archived = [
      {
        keys: identityKeys({ title: 'A paper', arxiv: '2401.00001' }),
        file: { slug: 'a', path: 'content/papers/a.md', text: '' },
      },
    ];
    const records = [
      record(1, { title: 'A paper, revised', arxiv: '2401.00001' }),
      record(2, { title: 'Another paper' }),
      record(3, { title: 'Another  Paper' }),
    ];
    const report = emptyReport();
    const { ordered, held } = groupRecords(archived, records, report);
    expect(ordered).toEqual([
      { archived: [0], records: [0] },
      { archived: [], records: [1, 2] },
    ]);
    expect(held.size).toBe(0);
  });

  it("holds back a record whose DOI is another paper's but whose arXiv id differs", () => {
    const records = [
      record(1, { title: 'One', arxiv: '2401.00001', doi: '10.1234/abc' }),
      record(2, { title: 'Two', arxiv: '2401.00002', doi: '10.1234/abc' }),
    ];
    const { held } = groupRecords([], records, emptyReport());
    expect([...held.values()]).toEqual([
      expect.stringMatching(/^has the DOI of in\.jsonl:\d but a different arXiv id/),
    ]);
  });
});
