import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  abstractKey,
  emptyReport,
  groupRecords,
  parseInputs,
  placePapers,
  readArchived,
  refusal,
  repairRecords,
  skipDuplicates,
  skipper,
  type Archived,
  type Classify,
  type ExistingFile,
  type ParsedRecord,
  type PlannedPaper,
  type RepairAbstract,
  type RepairTitle,
} from '../../../src/lib/ingest/ingest.ts';
import type { RawPaper } from '../../../src/lib/ingest/inputs/raw-paper.ts';
import { identityKeys, normalizeTitle } from '../../../src/lib/paper/identity.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { paperSchemaFor, type PaperData } from '../../../src/lib/paper/schema.ts';

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

  it('does not list a held-back record as kept apart (it is skipped, not added)', () => {
    const archived = [
      {
        keys: identityKeys({ title: 'Two', arxiv: '2401.00003' }),
        file: { slug: 'two', path: 'content/papers/two.md', text: '' },
      },
    ];
    const records = [
      record(1, { title: 'One', arxiv: '2401.00001', doi: '10.1234/abc' }),
      record(2, { title: 'Two', arxiv: '2401.00002', doi: '10.1234/abc' }),
      record(3, { title: 'One', arxiv: '2401.00004' }),
      record(4, { title: 'Two', arxiv: '2401.00005' }),
    ];
    const report = emptyReport();
    const { held } = groupRecords(archived, records, report);
    expect([...held.keys()]).toEqual([1]);
    expect(report.apart.map((note) => [note.line, note.of]).sort()).toEqual([
      [3, 'in.jsonl:1'],
      [4, 'content/papers/two.md'],
    ]);
  });
});

// Phases 2, 5 and 6 are driven by the TeX repair and the classifier the plan is given: these fakes
// have their shapes and simple rules, so what each phase does itself is what is tested.
const TOPICS = ['learning-theory', 'graphs'];
const repairTitle: RepairTitle = (raw) => {
  if (raw.includes('BOOM')) throw new Error('the repair broke');
  const markdown = raw.replace(/\balpha\b/g, '$\\alpha$');
  return { markdown, repairs: markdown === raw ? [] : [{ rule: 'greek', before: 'alpha', after: '$\\alpha$' }] };
};
const repairAbstract: RepairAbstract = (raw) => ({
  markdown: raw.replace(/Acdot/g, 'A\\cdot'),
  repairs: raw.includes('Acdot') ? [{ rule: 'stripped-backslash', before: 'Acdot', after: 'A\\cdot' }] : [],
  code: [],
  links: [],
});
const classify: Classify = ({ title, abstract }) => {
  if (title.includes('CRASH')) throw new Error('the classifier broke');
  const text = `${title} ${abstract}`.toLowerCase();
  const topics = [
    ...(/learn|model/.test(text) ? ['learning-theory'] : []),
    ...(text.includes('graph') ? ['graphs'] : []),
  ];
  return { topics, noEvidence: topics.length === 0, evidence: topics.map((id) => ({ id, score: 1, matches: [id] })) };
};
const LONG_ABSTRACT =
  'We study how a model learns from data when the data arrive in a stream and the model may keep only a small ' +
  'summary of what it has seen. We prove bounds on the error of such learners, show that they are tight, and ' +
  'give an algorithm that reaches them on every benchmark we tried.';

function parsedRecord(line: number, raw: Partial<RawPaper> = {}): ParsedRecord {
  return {
    raw: {
      file: 'in.jsonl',
      line,
      title: `A paper on learning ${line}`,
      abstract: `${LONG_ABSTRACT} Study ${line}.`,
      ...raw,
    },
    source: 'in.jsonl',
    added: '2025-04-01',
  };
}

describe('phase 2: repairRecords', () => {
  it('repairs title and abstract, reports each repair by field, and keys the record by what it was and is', () => {
    const report = emptyReport();
    const [record] = repairRecords(
      [
        parsedRecord(1, {
          title: 'Learning alpha\u00ad divergences',
          abstract: `${LONG_ABSTRACT} Acdot B.`,
          arxiv: '2401.00001',
          links: ['https://github.com/a/b', 'https://example.org/data', 'javascript:alert(1)'],
        }),
      ],
      { repairTitle, repairAbstract },
      skipper(report),
    );
    expect(report.papers).toEqual([]);
    expect(record?.title).toBe('Learning $\\alpha$ divergences');
    expect(record?.body).toBe(`${LONG_ABSTRACT} A\\cdot B.`);
    expect(record?.repairs.map((repair) => [repair.field, repair.rule])).toEqual([
      ['title', expect.any(String)],
      ['title', 'greek'],
      ['abstract', 'stripped-backslash'],
    ]);
    expect(record?.keys).toEqual([
      ...identityKeys({ title: 'Learning $\\alpha$ divergences', arxiv: '2401.00001' }),
      abstractKey(`${LONG_ABSTRACT} Acdot B.`),
    ]);
    expect(record?.code).toEqual(['https://github.com/a/b']);
    expect(record?.links).toEqual(['https://example.org/data']);
  });

  it('keys a record by its title as scraped too when the repair changes its words, and not by a short abstract', () => {
    const respell: RepairTitle = (raw) => ({ markdown: raw.replace('Grpahs', 'Graphs'), repairs: [] });
    const records = repairRecords(
      [
        parsedRecord(1, { title: 'Grpahs', abstract: 'Short.' }),
        parsedRecord(2, { title: 'Trees', abstract: 'Short.' }),
      ],
      { repairTitle: respell, repairAbstract },
      skipper(emptyReport()),
    );
    expect(records.map((record) => record.keys)).toEqual([
      [`title:${normalizeTitle('Graphs')}`, `title:${normalizeTitle('Grpahs')}`],
      [`title:${normalizeTitle('Trees')}`],
    ]);
  });

  it('skips, with the reason, a record no repair can save, and repairs the rest in input order', () => {
    const report = emptyReport();
    const records = repairRecords(
      [
        parsedRecord(1),
        parsedRecord(2, { abstract: 'x'.repeat(70_000) }),
        parsedRecord(3, { abstract: 'Code at https://github.com@evil.example/x/y here.' }),
        parsedRecord(4, { title: 'BOOM goes the repair' }),
        parsedRecord(5),
      ],
      { repairTitle, repairAbstract },
      skipper(report),
    );
    expect(records.map((record) => record.raw.line)).toEqual([1, 5]);
    expect(report.papers.map((paper) => [paper.status, paper.from, paper.reason])).toEqual([
      [
        'skipped',
        [{ file: 'in.jsonl', line: 2 }],
        expect.stringMatching(/^in\.jsonl:2: .*file-too-large: the abstract alone is 70000 bytes/),
      ],
      [
        'skipped',
        [{ file: 'in.jsonl', line: 3 }],
        expect.stringMatching(/^in\.jsonl:3: the abstract would fail the check \(deceptive-url: /),
      ],
      [
        'skipped',
        [{ file: 'in.jsonl', line: 4 }],
        expect.stringMatching(
          /^in\.jsonl:4: the TeX repair failed on this paper \(the repair broke\): please report this bug/,
        ),
      ],
    ]);
  });

  it('reports progress every 1,000 records and at the end', () => {
    const calls: unknown[] = [];
    const parsed = Array.from({ length: 2500 }, (_, index) => parsedRecord(index + 1));
    const records = repairRecords(
      parsed,
      { repairTitle, repairAbstract, onProgress: (...call) => calls.push(call) },
      skipper(emptyReport()),
    );
    expect(records).toHaveLength(2500);
    expect(calls).toEqual([
      ['repair', 1000, 2500],
      ['repair', 2000, 2500],
      ['repair', 2500, 2500],
    ]);
  });
});

const CHECK_OPTIONS = { topicIds: TOPICS, topicsFile: 'content/topics.yaml' };

/** Phases 2 to 5 on `parsed` against `files`, with a clock that ticks once a call. */
function place(parsed: ParsedRecord[], files: ExistingFile[] = [], classifier: Classify = classify, force = false) {
  const report = emptyReport();
  const skip = skipper(report);
  const records = repairRecords(parsed, { repairTitle, repairAbstract }, skip);
  const archived = files.map((file) => readArchived(file, paperSchemaFor(TOPICS)));
  const calls: unknown[] = [];
  let clock = 0;
  const placed = placePapers(
    groupRecords(archived, records, report),
    archived,
    records,
    {
      papersDir: 'papers',
      classify: classifier,
      force,
      checkOptions: CHECK_OPTIONS,
      now: () => (clock += 1),
      onProgress: (...call) => calls.push(call),
    },
    report,
    skip,
  );
  return { ...placed, archived, report, calls };
}

/** A paper file as a first ingest of `raw` writes it. */
function archiveFile(line: number, raw: Partial<RawPaper>, slug?: string): ExistingFile {
  const [paper] = place([parsedRecord(line, raw)]).planned;
  if (paper === undefined) throw new Error('the fixture paper was not planned');
  const name = slug ?? paper.write.slug;
  return { slug: name, path: `papers/${name}.md`, text: paper.write.content };
}

describe('phase 5: placePapers', () => {
  it('makes each new paper a file the check accepts, with a slug no archive file has', () => {
    const taken = archiveFile(9, { title: 'Graph models', arxiv: '2401.00009' }, 'a-paper-on-learning-1');
    const { planned, report, calls, classifyTime } = place([parsedRecord(1), parsedRecord(2)], [taken]);
    expect(planned.map((paper) => paper.outcome.status)).toEqual(['new', 'new']);
    const slugs = planned.map((paper) => paper.write.slug);
    expect(slugs[0]).not.toBe('a-paper-on-learning-1');
    expect(new Set(slugs).size).toBe(2);
    for (const paper of planned) {
      expect(paper.write.path).toBe(`papers/${paper.write.slug}.md`);
      expect(refusal(paper.write.path, paper.write.content, CHECK_OPTIONS)).toBeUndefined();
      expect(parsePaperFile(paper.write.content).data).toMatchObject({
        topics: ['learning-theory'],
        source: 'in.jsonl',
      });
    }
    expect(report.papers).toEqual(planned.map((paper) => paper.outcome));
    expect(calls).toEqual([['classify + check', 2, 2]]);
    // The clock ticks once before and once after each classification.
    expect(classifyTime).toBe(2);
  });

  it('combines the records of one paper: the first wins, later ones fill what it lacks, and every difference is reported', () => {
    const { planned, report } = place([
      parsedRecord(1, { arxiv: '2401.00001' }),
      parsedRecord(2, { arxiv: '2401.00001', doi: '10.1234/one', journal: 'J. Learn.', updated: '2025-02-01' }),
      parsedRecord(3, { arxiv: '2401.00001', doi: '10.1234/two', updated: '2025-03-01' }),
    ]);
    expect(planned).toHaveLength(1);
    expect(planned[0]?.outcome.from.map((where) => where.line)).toEqual([1, 2, 3]);
    const { data, body } = parsePaperFile(planned[0]?.write.content ?? '');
    expect(data).toMatchObject({
      title: 'A paper on learning 1',
      arxiv: '2401.00001',
      doi: '10.1234/one',
      journal: 'J. Learn.',
    });
    expect(data['updated']).toEqual(new Date('2025-03-01T00:00:00Z'));
    expect(body).toContain('Study 1.');
    expect(report.duplicates).toEqual([
      { file: 'in.jsonl', line: 2, of: 'in.jsonl:1' },
      { file: 'in.jsonl', line: 3, of: 'in.jsonl:1' },
    ]);
    // Each value the paper keeps is named with the record it came from, beside the record that differs.
    expect(planned[0]?.outcome.kept.map((kept) => [kept.field, kept.from?.file, kept.from?.input])).toEqual([
      ['title', 'in.jsonl:1', 'in.jsonl:2'],
      ['abstract', 'in.jsonl:1', 'in.jsonl:2'],
      ['title', 'in.jsonl:1', 'in.jsonl:3'],
      ['doi', 'in.jsonl:2', 'in.jsonl:3'],
      ['abstract', 'in.jsonl:1', 'in.jsonl:3'],
    ]);
    expect(planned[0]?.outcome.kept[3]).toMatchObject({ file: '10.1234/one', input: '10.1234/two' });
    expect(planned[0]?.outcome.replaced).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('with force, lets a later record of one paper take the place of an earlier one, as a later run would', () => {
    const records = [
      parsedRecord(1, { arxiv: '2401.00001' }),
      parsedRecord(2, { arxiv: '2401.00001', doi: '10.1234/one', journal: 'J. Learn.' }),
      parsedRecord(3, { arxiv: '2401.00001', doi: '10.1234/two' }),
    ];
    const { planned } = place(records, [], classify, true);
    const { data, body } = parsePaperFile(planned[0]?.write.content ?? '');
    expect(data).toMatchObject({ title: 'A paper on learning 3', doi: '10.1234/two', journal: 'J. Learn.' });
    expect(body).toContain('Study 3.');
    // The slug stays the first record's, as a later run never changes it.
    expect(planned[0]?.write.slug).toBe('a-paper-on-learning-1');
    expect(planned[0]?.outcome.kept).toEqual([]);
    expect(planned[0]?.outcome.replaced.map((field) => [field.field, field.from?.input])).toEqual([
      ['title', 'in.jsonl:2'],
      ['abstract', 'in.jsonl:2'],
      ['title', 'in.jsonl:3'],
      ['doi', 'in.jsonl:3'],
      ['abstract', 'in.jsonl:3'],
    ]);
    // One run of all three writes what three runs, one record each, would.
    let files: ExistingFile[] = [];
    for (const record of records) {
      const [paper] = place([record], files, classify, true).planned;
      if (paper !== undefined) {
        files = [{ slug: paper.write.slug, path: paper.write.path, text: paper.write.content }];
      }
    }
    expect(planned[0]?.write.content).toBe(files[0]?.text);
  });

  it("reports a record that gives another DOI than the archive file's, and keeps the file's", () => {
    const file = archiveFile(1, { arxiv: '2401.00001', doi: '10.1234/one' });
    const { planned, report } = place(
      [parsedRecord(1, { arxiv: '2401.00001' }), parsedRecord(2, { arxiv: '2401.00001', doi: '10.1234/two' })],
      [file],
    );
    expect(parsePaperFile(planned[0]?.write.content ?? file.text).data['doi']).toBe('10.1234/one');
    const [paper] = report.papers;
    expect(paper?.kept).toContainEqual({ field: 'doi', file: '10.1234/one', input: '10.1234/two' });
    expect(report.warnings).toEqual([]);
  });

  it('merges into the archive file it matches: fills what the file lacks, leaves a file with nothing new unchanged', () => {
    const one = archiveFile(1, { arxiv: '2401.00001' });
    const two = archiveFile(2, { title: 'Graph models', arxiv: '2401.00002' });
    const { planned, report } = place(
      [
        parsedRecord(1, { arxiv: '2401.00001', journal: 'J. Learn.' }),
        parsedRecord(2, { title: 'Graph models', arxiv: '2401.00002' }),
      ],
      [one, two],
    );
    expect(planned.map((paper) => [paper.outcome.status, paper.write.path, paper.outcome.filled])).toEqual([
      ['updated', one.path, ['journal']],
    ]);
    expect(report.papers.map((paper) => [paper.status, paper.path])).toEqual([
      ['updated', one.path],
      ['unchanged', two.path],
    ]);
  });

  it('skips what it cannot place, saying why, and places the rest', () => {
    const byArxiv = archiveFile(11, { title: 'Graph models', arxiv: '2401.00001' });
    const byDoi = archiveFile(12, { title: 'Graph learning', doi: '10.1234/x' });
    const broken = archiveFile(13, { title: 'Graph kernels', arxiv: '2401.00003' });
    broken.text = broken.text.replace('learning-theory', 'no-such-topic');
    const { planned, report } = place(
      [
        parsedRecord(1, { title: 'Graph models', arxiv: '2401.00001', doi: '10.1234/x' }),
        parsedRecord(2, { title: 'Graph kernels', arxiv: '2401.00003' }),
        parsedRecord(3, { title: 'CRASH the classifier' }),
        parsedRecord(4, { title: 'Nothing fits', abstract: 'Short.' }),
        parsedRecord(5, { arxiv: '2401.00005', doi: '10.1234/held' }),
        parsedRecord(6, { arxiv: '2401.00006', doi: '10.1234/held' }),
        parsedRecord(7),
      ],
      [byArxiv, byDoi, broken],
    );
    expect(planned.map((paper) => paper.outcome.from[0]?.line)).toEqual([5, 7]);
    expect(report.papers.filter((paper) => paper.status === 'skipped').map((paper) => paper.reason)).toEqual([
      expect.stringMatching(
        /^in\.jsonl:1: matches several papers in the archive \(papers\/.*, papers\/.*\): merge those files by hand/,
      ),
      expect.stringMatching(/^in\.jsonl:2: is the paper in papers\/graph-kernels\.md, which cannot be read/),
      expect.stringMatching(/^in\.jsonl:3: the topic classifier failed on this paper \(the classifier broke\)/),
      expect.stringMatching(/^in\.jsonl:4: no topic fits "Nothing fits"/),
      expect.stringMatching(/^in\.jsonl:6: has the DOI of in\.jsonl:5 but a different arXiv id/),
    ]);
  });
});

/** A paper the plan would write, as phase 6 sees it. */
function plannedPaper(
  status: 'new' | 'updated',
  slug: string,
  title: string,
  ids: { arxiv?: string } = {},
): PlannedPaper {
  const path = `papers/${slug}.md`;
  const where = { file: 'in.txt', line: 3 };
  return {
    write: { path, slug, status, content: `---\ntitle: ${title}\n---\n` },
    outcome: { status, title, slug, path, from: [where], repairs: [], filled: [], replaced: [], kept: [] },
    where,
    identity: { file: path, title, ...ids, at: { title: { line: 2, column: 1 } } },
  };
}

function archivedPaper(slug: string, title: string, ids: { arxiv?: string } = {}): Pick<Archived, 'file' | 'content'> {
  const path = `papers/${slug}.md`;
  return { file: { slug, path, text: '' }, content: { data: { title, ...ids } as PaperData, body: '' } };
}

describe('phase 6: skipDuplicates', () => {
  const TITLE = 'Scaling laws for neural language models';

  it('skips a new paper whose title is nearly an archived one, with no ids to tell them apart', () => {
    const near = plannedPaper('new', 'near', 'Scaling laws for neural language model');
    const other = plannedPaper('new', 'other', 'Graph attention networks');
    const apart = plannedPaper('new', 'apart', 'Scaling laws for neural language modes', { arxiv: '2401.00001' });
    const writes = skipDuplicates([archivedPaper('scaling', TITLE, { arxiv: '2401.00002' })], [near, other, apart]);
    expect(writes).toEqual([other.write, apart.write]);
    expect(near.outcome).toMatchObject({ status: 'skipped', slug: undefined, path: undefined });
    expect(near.outcome.reason).toMatch(
      /^in\.txt:3: the paper would fail the check \(near-duplicate-title: its title is nearly the same as "Scaling laws for neural language models" \(papers\/scaling\.md\)\)/,
    );
    expect(other.outcome.status).toBe('new');
  });

  it('judges an archive file the plan rewrites by its new title, and new papers by those before them', () => {
    const rewritten = plannedPaper('updated', 'scaling', 'Graph attention networks');
    const oldTitle = plannedPaper('new', 'old-title', TITLE);
    const again = plannedPaper('new', 'again', 'Graph attention network');
    const twice = plannedPaper('new', 'twice', 'Scaling laws for neural language model');
    const writes = skipDuplicates([archivedPaper('scaling', TITLE)], [rewritten, oldTitle, again, twice]);
    expect(writes).toEqual([rewritten.write, oldTitle.write]);
    expect(again.outcome.reason).toMatch(/near-duplicate-title: .*\(papers\/scaling\.md\)/);
    expect(twice.outcome.reason).toMatch(/near-duplicate-title: .*\(papers\/old-title\.md\)/);
  });

  it('keeps every write when nothing collides', () => {
    const planned = [plannedPaper('new', 'a', 'Graph attention networks'), plannedPaper('updated', 'b', TITLE)];
    expect(skipDuplicates([archivedPaper('b', 'An older title of b')], planned)).toEqual(planned.map((p) => p.write));
  });
});
