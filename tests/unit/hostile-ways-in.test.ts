/**
 * The attacks of the hostile-file suite through the other ways in: the ingest of a scraped page
 * and of an arXiv OAI dump (new papers, and fields filled into papers already in the archive),
 * and `npm run new`. Each one either writes a file `npm run check` accepts, or is refused with
 * the check's rule and message: the ingest never writes a file the check refuses.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/lib/paper/topics-file.ts';
import { showHiddenCharacters } from '../../src/lib/check/hidden-characters.ts';
import { planIngest, type ExistingFile, type IngestInput, type IngestPlan } from '../../src/lib/ingest/ingest.ts';
import { formatReport } from '../../src/lib/ingest/ingest-report.ts';
import { archivedPaper, NewPaperError, planNewPaper, type NewPaperInput } from '../../src/lib/ingest/new-paper.ts';
import { checkArchive } from '../../src/lib/check/paper-check.ts';
import { repairAbstract, repairTitle } from '../../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../../src/lib/classify/topic-classifier.ts';

const HOSTILE = 'tests/fixtures/hostile';
const ACCEPTED = join(HOSTILE, 'accepted');
const TOPICS_FILE = join(ACCEPTED, 'topics.yaml');
const topics = loadTopics(TOPICS_FILE);
const topicIds = topics.map((topic) => topic.id);
const classify = createClassifier(topics);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The accepted fixture archive, as the ingest is handed it; one paper lacks its authors, for a dump to fill in. */
function existing(): ExistingFile[] {
  return readdirSync(join(ACCEPTED, 'papers')).map((name) => {
    const text = readFileSync(join(ACCEPTED, 'papers', name), 'utf8');
    return {
      slug: name.replace(/\.md$/, ''),
      path: join('papers', name),
      text: name.startsWith('fast-expressive') ? text.replace(/\nauthors:\n(?: {2}- .*\n)+/, '\n') : text,
    };
  });
}

function input(name: string, bytes: Uint8Array = readFileSync(join(HOSTILE, 'ingest', name))): IngestInput {
  return { file: name, source: `inbox/${name}`, bytes };
}

function ingest(inputs: IngestInput[]): IngestPlan {
  return planIngest({
    inputs,
    existing: existing(),
    topicIds,
    topicsFile: TOPICS_FILE,
    papersDir: 'papers',
    repairTitle,
    repairAbstract,
    classify,
  });
}

/** Applies the plan's writes to a copy of the accepted archive and runs the whole check on it. */
function checkAfter(plan: IngestPlan) {
  const dir = mkdtempSync(join(tmpdir(), 'paper-archive-hostile-ingest-'));
  temps.push(dir);
  cpSync(join(ACCEPTED, 'papers'), join(dir, 'papers'), { recursive: true });
  for (const file of existing()) writeFileSync(join(dir, file.path), file.text);
  for (const write of plan.writes) writeFileSync(join(dir, write.path), write.content);
  const { findings } = checkArchive({ papersDir: join(dir, 'papers'), topicIds, topicsFile: TOPICS_FILE });
  return findings.filter((finding) => finding.severity === 'error');
}

/** Each paper's outcome: title (hidden characters shown), status, and the rule it was refused under or its repairs. */
function outcomes(plan: IngestPlan): [string, string, string][] {
  return [...plan.report.papers]
    .sort((a, b) => (a.from[0]?.line ?? 0) - (b.from[0]?.line ?? 0))
    .map((paper) => [
      showHiddenCharacters(paper.title),
      paper.status,
      paper.status === 'skipped'
        ? (/would fail the check \(([a-z-]+):/.exec(paper.reason ?? '')?.[1] ?? paper.reason ?? '')
        : paper.repairs.map((repair) => `${repair.field} ${repair.rule}`).join(', '),
    ]);
}

describe('the ingest of a hostile scraped page', () => {
  const plan = ingest([input('2025-03-14-hostile-page.txt')]);

  it('repairs invisible characters, refuses bidirectional controls and the check’s limits, and finds lookalike copies', () => {
    expect(outcomes(plan)).toEqual([
      ['Widgets for Language Models', 'new', 'title invisible-character'],
      ['Trojan Widgets ⟨U+202E⟩gnirts⟨U+202C⟩ for Language Models', 'skipped', 'bidi-control'],
      // A copy of a title in the archive, with soft hyphens or Cyrillic letters, is that paper.
      ['Scaling Law with Learning Rate Annealing', 'unchanged', ''],
      ['Scaling Laws for Autoregressive Generative Modeling', 'unchanged', ''],
      // The repair writes the scraped line as prose (`\- - - ...`): no list at all, harmless.
      ['Nested Lists in a Language Model Abstract', 'new', ''],
      ['A Paper With a Hidden Reference', 'skipped', 'bidi-control'],
      ['A Paper With Soft Hyphens in Its Abstract', 'new', 'abstract invisible-character'],
    ]);
    expect(plan.writes.map((write) => write.path).sort()).toEqual([
      'papers/a-paper-with-soft-hyphens-in-its-abstract.md',
      'papers/nested-lists-in-a-language-model-abstract.md',
      'papers/widgets-for-language-models.md',
    ]);
    const nested = plan.writes.find((write) => write.path.includes('nested'))?.content ?? '';
    expect(nested).toContain('\n---\n\\- - - - -');
  });

  it('says why, with the rule and the check’s own message, and where in the input', () => {
    const reasons = plan.report.papers.flatMap((paper) => (paper.reason === undefined ? [] : [paper.reason]));
    expect(reasons).toEqual([
      expect.stringMatching(
        /^2025-03-14-hostile-page\.txt:9: the paper file would fail the check \(bidi-control: bidirectional control U\+202E \(right-to-left override\) in the title: delete it/,
      ),
      expect.stringMatching(
        /^2025-03-14-hostile-page\.txt:25: the abstract would fail the check \(bidi-control: bidirectional control U\+202E \(right-to-left override\) written as "&#x202E;" in the abstract/,
      ),
    ]);
    const repair = plan.report.papers.find((paper) => paper.title === 'Widgets for Language Models')?.repairs[0];
    expect(repair).toEqual({
      field: 'title',
      rule: 'invisible-character',
      before: 'Widgets⟨U+200B⟩ for Language Models',
      after: 'Widgets for Language Models',
    });
  });

  it('writes only files the check accepts', () => {
    expect(checkAfter(plan)).toEqual([]);
  });

  it('skips a 200 KB and a 2 MB abstract unrepaired, and a 12,000-character one, with the check’s limits', () => {
    const page = (abstract: string) =>
      new TextEncoder().encode(`Mar 14\n\nA Language Model With a Huge Abstract\n\n${abstract}\n`);
    const sentence = 'A language model reads this sentence again and again. ';
    for (const [size, rule, message] of [
      [
        200_000,
        'file-too-large',
        /the abstract alone is 200\d{3} bytes; a paper file is at most 65536 bytes \(64 KB\)/,
      ],
      [2_000_000, 'file-too-large', /the abstract alone is 2000\d{3} bytes; a paper file is at most 65536 bytes/],
      [12_000, 'abstract-too-long', /the abstract is 1\d{4} characters; the limit is 10000/],
    ] as const) {
      let calls = 0;
      const plan = planIngest({
        inputs: [input('2025-03-14-huge.txt', page(sentence.repeat(Math.ceil(size / sentence.length)).trim()))],
        existing: [],
        topicIds,
        topicsFile: TOPICS_FILE,
        papersDir: 'papers',
        repairTitle,
        repairAbstract: (raw) => ((calls += 1), repairAbstract(raw)),
        classify,
      });
      expect(plan.writes).toEqual([]);
      expect(plan.report.papers[0]?.reason).toContain(`would fail the check (${rule}: `);
      expect(plan.report.papers[0]?.reason).toMatch(message);
      // Past the file cap, the repair never sees the abstract.
      expect(calls).toBe(rule === 'file-too-large' ? 0 : 1);
    }
  });

  it('refuses an input whose file name holds a hidden character: every paper would record it as source', () => {
    const name = '2025-03-14-\u202Etxt.exe';
    const plan = ingest([{ ...input('2025-03-14-hostile-page.txt'), file: name, source: `inbox/${name}` }]);
    expect(plan.writes).toEqual([]);
    expect(plan.report.errors).toEqual([
      {
        file: name,
        line: 1,
        message: expect.stringMatching(
          /^its papers would fail the check \(bidi-control: bidirectional control U\+202E \(right-to-left override\) in the input file name: delete it .*\): rename the file and ingest it again$/,
        ),
      },
    ]);
  });

  it('prints such a name with its characters as code points: a report line cannot clear the screen or forge a line', () => {
    const name = '2025-03-14-\u001b[2J\u001b]0;title\u0007\n  Added (1):\u202Etxt';
    const plan = ingest([{ ...input('2025-03-14-hostile-page.txt'), file: name, source: `inbox/${name}` }]);
    const printed = formatReport(plan.report);
    // eslint-disable-next-line no-control-regex -- control characters are what the test looks for
    expect(printed).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u);
    expect(printed).toContain(
      '  2025-03-14-⟨U+001B⟩[2J⟨U+001B⟩]0;title⟨U+0007⟩⟨U+000A⟩  Added (1):⟨U+202E⟩txt:1: its papers would fail',
    );
    // Nothing was added: no line may start as the "Added" section does.
    expect(printed.split('\n').filter((line) => /^\s*Added \(/.test(line))).toEqual([]);
  });
});

describe('the ingest of a hostile arXiv OAI dump', () => {
  const plan = ingest([input('2025-03-14-hostile.jsonl')]);

  it('refuses JSON-escaped controls and bidirectional controls in any field, repairs invisible characters, fills clean fields', () => {
    expect(outcomes(plan)).toEqual([
      ['Widgets ⟨U+202E⟩gnirts⟨U+202C⟩ for Language Models', 'skipped', 'bidi-control'],
      ['Escape Sequences for Language Models', 'skipped', 'control-character'],
      // A paper in the archive without authors: the authors the dump would fill in hold a bidirectional control.
      ['On the Theory of Homogeneous Spaces for Equivariant Message Passing', 'skipped', 'bidi-control'],
      // A paper in the archive, its title in Cyrillic lookalikes: the clean DOI is filled in.
      ['ParsBERT: Transformer-based Model for Persian Language Understanding', 'updated', ''],
      ['Softly Hyphenated Language Models', 'new', 'title invisible-character, authors invisible-character'],
      ['Line Separators in Language Models', 'skipped', 'control-character'],
      // The parser's own guard, before any paper is made.
      [
        'Null in the Title⟨U+0000⟩ of Language Models',
        'skipped',
        expect.stringMatching(/control character U\+0000 in the title/),
      ],
      ['Tagged Language Models', 'new', 'title invisible-character'],
      ['Interlinear Annotations for Language Models', 'skipped', 'control-character'],
    ]);
    const reason = (title: string) => plan.report.papers.find((paper) => paper.title.startsWith(title))?.reason;
    expect(reason('Escape Sequences')).toMatch(
      /^2025-03-14-hostile\.jsonl:2: the paper would fail the check \(control-character: control character U\+001B \(escape\) in authors item 1 \(written as an escape sequence\): delete it/,
    );
    expect(reason('On the Theory')).toMatch(
      /^2025-03-14-hostile\.jsonl:3: the paper file would fail the check \(bidi-control: bidirectional control U\+202E \(right-to-left override\) in authors item 1: delete it/,
    );
    expect(plan.report.papers.find((paper) => paper.status === 'updated')?.filled).toEqual(['doi', 'published']);
  });

  it('writes only files the check accepts, and leaves the paper it could not fill as it was', () => {
    expect(checkAfter(plan)).toEqual([]);
    expect(plan.writes.map((write) => write.path)).not.toContain('papers/fast-expressive-se-n-equivariant-networks.md');
  });
});

describe('npm run new with the same attacks', () => {
  const tools = {
    repairTitle,
    repairAbstract,
    classify,
    topicIds,
    topicsFile: TOPICS_FILE,
    papersDir: 'content/papers',
  };
  const archive = readdirSync(join(ACCEPTED, 'papers'))
    .map((name) => join(ACCEPTED, 'papers', name))
    .map((path) => archivedPaper(path, readFileSync(path), tools))
    .filter((paper) => paper !== undefined);
  const paper: NewPaperInput = {
    title: 'Widgets for Language Models',
    abstract:
      'We study how a language model behaves when its training data is scraped from the web, and we measure the effect on downstream accuracy across many benchmarks. Code: https://github.com/example/widgets',
    added: '2025-03-14',
    source: 'pull request',
  };
  const refusal = (input: NewPaperInput) => {
    try {
      planNewPaper(input, archive, tools);
    } catch (error) {
      if (error instanceof NewPaperError) return error.message;
      throw error;
    }
    return 'accepted';
  };

  it('repairs invisible characters in the title, abstract and authors, and says so', () => {
    const result = planNewPaper(
      { ...paper, title: 'Wid\u200Bgets for Lan\u00ADguage Models', authors: ['Ada\u3164 Lovelace'] },
      archive,
      tools,
    );
    expect(result.data.title).toBe('Widgets for Language Models');
    expect(result.data.authors).toEqual(['Ada Lovelace']);
    expect(result.repairs.filter((r) => r.rule === 'invisible-character').map((r) => r.field)).toEqual([
      'title',
      'authors',
    ]);
  });

  it.each([
    [
      'a bidirectional control in the title',
      { title: 'Widgets \u202Egnirts\u202C for Language Models' },
      /line 2: bidirectional control U\+202E .* in the title/,
    ],
    [
      'an escape character in an author',
      { authors: ['Eve\u001B[2J'] },
      /line 4: control character U\+001B \(escape\) in authors item 1/,
    ],
    [
      'a bidirectional control in the source',
      { source: 'pull request \u202E' },
      /bidirectional control U\+202E .* in the source/,
    ],
    [
      'a reference to a bidirectional control',
      { abstract: `${paper.abstract} &#x202E;` },
      /written as "&#x202E;" in the abstract/,
    ],
    [
      'an abstract over the limit',
      { abstract: 'A language model sentence. '.repeat(400) },
      /the abstract is 1\d{4} characters; the limit is 10000/,
    ],
  ])('refuses %s with the check’s message', (_, change, message) => {
    expect(refusal({ ...paper, ...change })).toMatch(message);
  });

  it('writes lists nested 3000 deep as prose, which the check accepts', () => {
    const result = planNewPaper({ ...paper, abstract: `${paper.abstract}\n\n${'- '.repeat(3000)}x` }, archive, tools);
    expect(result.text).toContain('\n\n\\- - - - ');
  });

  it.each([
    ['a soft hyphen between every letter', [...'Scaling Law with Learning Rate Annealing'].join('\u00AD')],
    ['U+200C between every letter', [...'Scaling Law with Learning Rate Annealing'].join('\u200C')],
    ['U+3164 between every letter', [...'Scaling Law with Learning Rate Annealing'].join('\u3164')],
    ['a tag character between every letter', [...'Scaling Law with Learning Rate Annealing'].join('\u{E0020}')],
    ['Cyrillic о and а', 'Scaling Law with Learning Rate Annealing'.replace(/o/g, 'о').replace(/a/g, 'а')],
  ])('refuses a copy of a title in the archive with %s as a duplicate', (_, title) => {
    expect(refusal({ ...paper, title })).toMatch(
      /^this paper is already in the archive: .*scaling-law-with-learning-rate-annealing\.md has the same title/,
    );
  });
});
