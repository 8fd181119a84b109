/**
 * The identifier and link attacks of issue 9, through every way in: the check (`npm run check`),
 * `npm run new` and the ingest of an arXiv OAI dump or a scraped page. Each is refused with its
 * rule's message and where it is, and nothing the ingest writes from them fails the check.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/lib/paper/topics-file.ts';
import { planIngest, type ExistingFile, type IngestPlan } from '../../src/lib/ingest/ingest.ts';
import { planNewPaper, type NewPaperInput } from '../../src/lib/ingest/new-paper.ts';
import { checkPaperSource } from '../../src/lib/check/paper-check.ts';
import { repairAbstract, repairTitle } from '../../src/lib/repair/tex-repair.ts';
import { createClassifier } from '../../src/lib/classify/topic-classifier.ts';

const ACCEPTED = 'tests/fixtures/hostile/accepted';
const TOPICS_FILE = join(ACCEPTED, 'topics.yaml');
const topics = loadTopics(TOPICS_FILE);
const topicIds = topics.map((topic) => topic.id);
const classify = createClassifier(topics);

const DOI_ATTACK = '10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={';
const ARXIV_ATTACK = '2310.04691}}@misc{pwn,';
const USERINFO = 'https://github.com@evil.example/example/emo';
const LOOKALIKE = 'https://gіthub.com/example/emo';
const PUNYCODE = 'https://xn--gthub-n2e.com/example/emo';

const DOI_SAYS = /"\}" cannot appear in a DOI; a DOI is "10\.", a registrant code of 4 to 9 digits, "\/" and a suffix/;
const ARXIV_SAYS = /"\}" cannot appear in one; an arXiv id is YYMM\.NNNNN/;
const USERINFO_SAYS = /really goes to evil\.example: "github\.com@" before it is a user name/;
const LOOKALIKE_SAYS =
  /really goes to xn--gthub-n2e\.com: its host "gіthub\.com" has the non-ASCII character "і" \(U\+0456\)/;
const PUNYCODE_SAYS = /really goes to xn--gthub-n2e\.com, which a browser may show as "gіthub\.com"/;
const LABEL_SAYS = /"GitHub" names GitHub but goes to evil\.example/;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

const ABSTRACT =
  'Neural language models are probabilistic models of human text. They are predominantly trained using maximum likelihood estimation, which is equivalent to minimizing the forward cross-entropy between the data and the model distribution.';

describe('npm run new', () => {
  const tools = {
    repairTitle,
    repairAbstract,
    classify,
    topicIds,
    topicsFile: TOPICS_FILE,
    papersDir: 'content/papers',
  };
  const paper: NewPaperInput = {
    title: 'A Language Model Paper',
    abstract: ABSTRACT,
    added: '2025-03-14',
    source: 'pull request',
  };

  it.each([
    ['the DOI attack', { doi: DOI_ATTACK }, /^--doi: "10\.1234\/x\}\}@preamble.*" is not a DOI: /, DOI_SAYS, 'doi'],
    ['an arXiv id with BibTeX in it', { arxiv: ARXIV_ATTACK }, /^--arxiv: /, ARXIV_SAYS, 'arxiv-id'],
    ['a code link with a user name', { code: [USERINFO] }, /^--code: the link /, USERINFO_SAYS, 'deceptive-url'],
    ['a lookalike code host', { code: [LOOKALIKE] }, /^--code: the link /, LOOKALIKE_SAYS, 'deceptive-url'],
    ['a punycode project link', { links: [PUNYCODE] }, /^--link: the link /, PUNYCODE_SAYS, 'deceptive-url'],
    [
      'a URL with a user name in the abstract',
      { abstract: `${ABSTRACT} Code: ${USERINFO}.` },
      /^in the abstract: the URL /,
      USERINFO_SAYS,
      'deceptive-url',
    ],
    [
      'a punycode URL in the abstract',
      { abstract: `${ABSTRACT} Code: ${PUNYCODE}.` },
      /^in the abstract: the URL /,
      PUNYCODE_SAYS,
      'deceptive-url',
    ],
    [
      'a lookalike URL in the title',
      { title: `A Language Model Paper (${LOOKALIKE})` },
      /^in the title: the URL /,
      LOOKALIKE_SAYS,
      'deceptive-url',
    ],
    [
      'a \\href labelled GitHub to another host',
      { abstract: `${ABSTRACT} Code: \\href{https://evil.example/example/emo}{GitHub}.` },
      /^the paper file would not pass the check:\n {2}line \d+: a link /,
      LABEL_SAYS,
      'misleading-link-label',
    ],
  ])('refuses %s with the rule’s message', (_, change, opening, says, rule) => {
    let message = '';
    try {
      planNewPaper({ ...paper, ...change }, [], tools);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(opening);
    expect(message).toMatch(says);
    expect(message).toContain(`[${rule}]`);
  });

  it('refuses the DOI attack from the command line, writing nothing', { timeout: 60_000 }, () => {
    const contentDir = temp('paper-archive-new-attack-');
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const before = readdirSync(join(contentDir, 'papers')).sort();
    const result = spawnSync(
      process.execPath,
      ['scripts/new-paper.ts', '--title', paper.title, '--added', '2025-03-14', '--doi', DOI_ATTACK],
      { input: ABSTRACT, encoding: 'utf8', env: { ...process.env, ARCHIVE_CONTENT_DIR: contentDir } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^new: --doi: "10\.1234\/x\}\}@preamble.*" is not a DOI: /);
    expect(result.stderr).toMatch(DOI_SAYS);
    expect(readdirSync(join(contentDir, 'papers')).sort()).toEqual(before);
  });
});

describe('the ingest of an arXiv OAI dump and a scraped page', () => {
  const FILE = 'inbox/2025-03-14-dump.jsonl';
  const record = (line: Record<string, unknown>) =>
    JSON.stringify({
      title: 'A Language Model Paper',
      abstract: ABSTRACT,
      versions: [{ version: 'v1', created: 'Mon, 1 Jan 2024 00:00:00 GMT' }],
      ...line,
    });
  const ingest = (text: string, existing: ExistingFile[] = [], file = FILE): IngestPlan =>
    planIngest({
      inputs: [{ file, source: file, bytes: new TextEncoder().encode(text) }],
      existing,
      topicIds,
      papersDir: 'content/papers',
      repairTitle,
      repairAbstract,
      classify,
      added: '2025-03-14',
    });
  /** Every write of a plan passes the full check. */
  const expectWritesPass = (result: IngestPlan) => {
    for (const write of result.writes) {
      const { findings } = checkPaperSource(write.path, new TextEncoder().encode(write.content), {
        topicIds,
        topicsFile: TOPICS_FILE,
      });
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    }
  };

  const lines = [
    record({ id: '2401.00001', doi: DOI_ATTACK }),
    record({ id: ARXIV_ATTACK, title: 'Another Language Model Paper' }),
    record({ id: '2401.00003', title: 'Language Models with Gadgets', abstract: `${ABSTRACT} Code: ${USERINFO}.` }),
    record({ id: '2401.00004', title: 'Language Models with Gizmos', abstract: `${ABSTRACT} Code: ${LOOKALIKE}.` }),
    record({ id: '2401.00005', title: 'Language Models with Thingies', abstract: `${ABSTRACT} Code: ${PUNYCODE}.` }),
    record({
      id: '2401.00006',
      title: 'Language Models with Doohickeys',
      abstract: `${ABSTRACT} Code: \\href{https://evil.example/example/emo}{GitHub}.`,
    }),
    record({ id: '2401.00007', title: 'Language Models with Widgets', doi: '10.1103/PhysRevD.76.013009' }),
  ];
  const result = ingest(lines.join('\n'));

  it.each([
    [1, /^inbox\/2025-03-14-dump\.jsonl:1: record 2401\.00001: "doi": ".*" is not a DOI: /, DOI_SAYS, 'doi'],
    [
      2,
      /^inbox\/2025-03-14-dump\.jsonl:2: "id": "2310\.04691\}\}@misc\{pwn," is not an arXiv id/,
      ARXIV_SAYS,
      'arxiv-id',
    ],
    [
      3,
      /^inbox\/2025-03-14-dump\.jsonl:3: the abstract would fail the check \(deceptive-url: the URL /,
      USERINFO_SAYS,
      '',
    ],
    [4, /^inbox\/2025-03-14-dump\.jsonl:4: the abstract would fail the check \(deceptive-url: /, LOOKALIKE_SAYS, ''],
    [5, /^inbox\/2025-03-14-dump\.jsonl:5: the abstract would fail the check \(deceptive-url: /, PUNYCODE_SAYS, ''],
    [
      6,
      /^inbox\/2025-03-14-dump\.jsonl:6: the abstract would fail the check \(misleading-link-label: /,
      LABEL_SAYS,
      '',
    ],
  ])('skips the record on line %i with the rule’s message', (line, opening, says, rule) => {
    const outcome = result.report.papers.find((paper) => paper.from[0]?.line === line);
    expect(outcome?.status).toBe('skipped');
    expect(outcome?.reason).toMatch(opening);
    expect(outcome?.reason).toMatch(says);
    if (rule !== '') expect(outcome?.reason).toContain(`[${rule}]`);
  });

  it('writes only the clean record, and a file the check accepts', () => {
    expect(result.report.counts).toMatchObject({ new: 1, skipped: 6 });
    expect(result.writes.map((write) => write.slug)).toEqual(['language-models-with-widgets']);
    expect(result.writes[0]?.content).toContain('doi: 10.1103/PhysRevD.76.013009\n');
    expectWritesPass(result);
  });

  it('does not fill the DOI attack into an existing paper with the same title', () => {
    const clean = ingest(record({ id: '2401.00001' }));
    expect(clean.writes).toHaveLength(1);
    const existing = clean.writes.map((write) => ({ slug: write.slug, path: write.path, text: write.content }));
    const attack = ingest(record({ id: '2401.00001', doi: DOI_ATTACK, authors: 'Mallory' }), existing);
    expect(attack.writes).toEqual([]);
    expect(attack.report.papers[0]?.status).toBe('skipped');
    expect(attack.report.papers[0]?.reason).toMatch(DOI_SAYS);
    // A second DOI in the field is checked too: one bad value refuses the record.
    const second = ingest(record({ id: '2401.00001', doi: `10.1103/PhysRevD.76.013009 ${DOI_ATTACK}` }), existing);
    expect(second.writes).toEqual([]);
    expect(second.report.papers[0]?.reason).toMatch(DOI_SAYS);
  });

  it('keeps the legacy SICI DOIs of real dumps, each of several DOIs in one field', () => {
    const sici = '10.1002/(SICI)1097-4636(199705)35:2<201::AID-JBM8>3.0.CO;2-H';
    const plan = ingest(record({ id: '2401.00009', doi: `${sici} 10.1103/PhysRevD.76.013009` }));
    expect(plan.report.counts.new).toBe(1);
    expect(plan.writes[0]?.content).toContain(`doi: ${sici}\n`);
    expectWritesPass(plan);
  });

  it('skips a scraped page’s paper with a deceptive link, and ingests the rest', () => {
    const page = [
      'Mar 14',
      'A Language Model Paper',
      ABSTRACT,
      'Language Models with Gadgets',
      `${ABSTRACT} Code: ${USERINFO}`,
      'Language Models with Doohickeys',
      `${ABSTRACT} Code: https://evil.example/example/emo{GitHub}`,
    ].join('\n\n');
    const plan = ingest(page, [], 'inbox/2025-03-14-page.txt');
    const outcome = (title: string) => plan.report.papers.find((paper) => paper.title === title);
    expect(plan.report.counts).toMatchObject({ new: 1, skipped: 2 });
    expect(outcome('A Language Model Paper')?.status).toBe('new');
    expect(outcome('Language Models with Gadgets')?.reason).toMatch(
      /^inbox\/2025-03-14-page\.txt:7: the abstract would fail the check \(deceptive-url: the URL "https:\/\/github\.com@evil/,
    );
    expect(outcome('Language Models with Doohickeys')?.reason).toMatch(LABEL_SAYS);
    expectWritesPass(plan);
  });

  it('refuses the DOI attack from the command line, naming the file and line', { timeout: 60_000 }, () => {
    const root = temp('paper-archive-ingest-attack-');
    mkdirSync(join(root, 'inbox'));
    mkdirSync(join(root, 'papers'));
    cpSync(TOPICS_FILE, join(root, 'topics.yaml'));
    writeFileSync(join(root, 'inbox', '2025-03-14-dump.jsonl'), `${lines[0]}\n`);
    const run = spawnSync(process.execPath, ['scripts/ingest.ts'], {
      encoding: 'utf8',
      env: { ...process.env, ARCHIVE_CONTENT_DIR: root },
    });
    expect(run.stdout).toMatch(
      /2025-03-14-dump\.jsonl:1: record 2401\.00001: "doi": ".*" is not a DOI: "\}" cannot appear/,
    );
    expect(readdirSync(join(root, 'papers'))).toEqual([]);
  });
});

describe('npm run check', () => {
  it('refuses the DOI attack with the file, the line and what a DOI looks like', { timeout: 60_000 }, () => {
    const fixture = 'tests/fixtures/hostile/rejected/doi-bibtex-injection.md';
    const result = spawnSync(process.execPath, ['scripts/check.ts', fixture], {
      env: { ...process.env, ARCHIVE_CONTENT_DIR: ACCEPTED, CI: 'false' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `${fixture}:7:6: error: doi: "10.1234/x}}@preamble{"\\input{/etc/passwd}"}@misc{pwn,note={" is not a DOI: "}" cannot appear in a DOI; a DOI is "10.", a registrant code of 4 to 9 digits, "/" and a suffix of letters, digits and - . _ ; ( ) / : (old SICI DOIs also < > [ ]), e.g. 10.1103/PhysRevD.76.013009, with no "https://doi.org/" or "doi:" before it [doi]`,
    );
  });

  it('refuses a deceptive URL kept as the abstract "as scraped"', () => {
    const text = readFileSync(join(ACCEPTED, 'papers/no.md'), 'utf8').replace(
      'source:',
      `original: "Code: ${USERINFO}"\nsource:`,
    );
    const { findings } = checkPaperSource('no.md', new TextEncoder().encode(text), {
      topicIds,
      topicsFile: TOPICS_FILE,
    });
    expect(findings.map((finding) => finding.rule)).toContain('deceptive-url');
    expect(findings.find((finding) => finding.rule === 'deceptive-url')?.message).toMatch(/^original: the URL /);
  });
});
