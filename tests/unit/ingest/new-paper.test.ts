import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import {
  archivedPaper,
  NewPaperError,
  parsePastedPaper,
  planNewPaper,
  type ArchivedPaper,
  type NewPaperInput,
} from '../../../src/lib/ingest/new-paper.ts';
import { findMath } from '../../../src/lib/math/math-check.ts';
import { checkArchive } from '../../../src/lib/check/paper-check.ts';
import { parseScrapedPage } from '../../../src/lib/ingest/inputs/scraped-page.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';
import { titleToText } from '../../../src/lib/text/tex-to-text.ts';
import { createClassifier } from '../../../src/lib/classify/topic-classifier.ts';

const ACCEPTED = 'tests/fixtures/hostile/accepted';
const topics = loadTopics(join(ACCEPTED, 'topics.yaml'));
const tools = {
  repairTitle,
  repairAbstract,
  classify: createClassifier(topics),
  topicIds: topics.map((topic) => topic.id),
  topicsFile: join(ACCEPTED, 'topics.yaml'),
  papersDir: 'content/papers',
};
const archive: ArchivedPaper[] = readdirSync(join(ACCEPTED, 'papers'))
  .map((name) => join(ACCEPTED, 'papers', name))
  .map((path) => archivedPaper(path, readFileSync(path), tools))
  .filter((paper) => paper !== undefined);

const EMO: NewPaperInput = {
  title: 'EMO: Earth Mover Distance Optimization for Auto-Regressive Language Modeling',
  abstract:
    'Neural language models are probabilistic models of human text. They are predominantly trained using maximum likelihood estimation (MLE), which is equivalent to minimizing the forward cross-entropy between the empirical data distribution and the model distribution. We propose Earth Mover Distance Optimization (EMO) for auto-regressive language modeling. Code: https://github.com/DRSY/EMO',
  authors: ['Siyu Ren', 'Zhiyong Wu', 'Kenny Q. Zhu'],
  arxiv: 'https://arxiv.org/abs/2310.04691v2',
  added: '2025-03-14',
  source: 'pull request',
};

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('parsePastedPaper', () => {
  it('takes the first paragraph as the title and the rest as the abstract', () => {
    expect(
      parsePastedPaper('Scaling Law with\n  Learning Rate Annealing\n\nWe find that...\n\nSecond paragraph.\n'),
    ).toEqual({
      title: 'Scaling Law with Learning Rate Annealing',
      abstract: 'We find that...\n\nSecond paragraph.',
    });
  });

  it('drops Title: and Abstract: labels, and reads a block with no blank line', () => {
    expect(parsePastedPaper('Title: A Paper\r\nAbstract: We show\r\nthat it works.')).toEqual({
      title: 'A Paper',
      abstract: 'We show that it works.',
    });
    expect(parsePastedPaper('')).toEqual({ title: '', abstract: '' });
  });
});

describe('planNewPaper', () => {
  it('repairs, classifies, normalizes ids, finds code links and writes a file the check accepts', () => {
    const paper = planNewPaper(EMO, archive, tools);
    expect(paper.slug).toBe('emo-earth-mover-distance-optimization-for-auto-regressive-language-modeling');
    expect(paper.path).toBe(`content/papers/${paper.slug}.md`);
    expect(paper.data).toMatchObject({
      arxiv: '2310.04691',
      code: ['https://github.com/DRSY/EMO'],
      topics: ['language-models'],
    });
    expect(paper.evidence[0]).toMatchObject({ id: 'language-models', matches: ['language model'] });
    expect(paper.text).toMatch(
      /^---\ntitle: 'EMO: Earth Mover Distance Optimization for Auto-Regressive Language Modeling'\n/,
    );
    expect(paper.warnings).toEqual([]);

    const papers = join(mkdtempSync(join(tmpdir(), 'paper-archive-new-')), 'papers');
    temps.push(join(papers, '..'));
    cpSync(join(ACCEPTED, 'papers'), papers, { recursive: true });
    writeFileSync(join(papers, `${paper.slug}.md`), paper.text);
    const { findings } = checkArchive({ papersDir: papers, topicIds: tools.topicIds, topicsFile: tools.topicsFile });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('writes each author on one line, white space tidied as the ingest tidies names, so the check accepts the file', () => {
    const paper = planNewPaper(
      { ...EMO, authors: ['Siyu\tRen', 'Zhiyong\r\n  Wu', 'Kenny\u00a0Q.\u3000Zhu '] },
      archive,
      tools,
    );
    expect(paper.data.authors).toEqual(['Siyu Ren', 'Zhiyong Wu', 'Kenny Q. Zhu']);
    expect(paper.warnings).toEqual([]);
  });

  it('writes names given in TeX as they read, reported as the ingest reports them', () => {
    const paper = planNewPaper({ ...EMO, authors: ['J. M\\"uller', 'Siyu Ren'] }, archive, tools);
    expect(paper.data.authors).toEqual(['J. Müller', 'Siyu Ren']);
    expect(paper.repairs).toContainEqual({
      field: 'authors',
      rule: 'tex-accent',
      before: 'J. M\\"uller',
      after: 'J. Müller',
    });
  });

  it('writes an old-style id without its subject class, kept as the category when none is given', () => {
    const old = { ...EMO, arxiv: 'arXiv:cs.CL/0611001v2' };
    expect(planNewPaper(old, archive, tools).data).toMatchObject({ arxiv: 'cs/0611001', categories: ['cs.CL'] });
    const given = planNewPaper({ ...old, categories: ['cs.LG', 'cs.CL'] }, archive, tools).data;
    expect(given).toMatchObject({ arxiv: 'cs/0611001', categories: ['cs.LG', 'cs.CL'] });
  });

  it('reads a hard-wrapped abstract as paragraphs, and keeps no "original" when nothing was repaired', () => {
    const wrapped =
      'We study sparse attention in a language model.\nIt works well\n  on long inputs.\n\nA second paragraph,\nwrapped too.';
    const paper = planNewPaper({ ...EMO, abstract: wrapped }, archive, tools);
    expect(paper.text.split('---\n')[2]).toBe(
      'We study sparse attention in a language model. It works well on long inputs.\n\nA second paragraph, wrapped too.\n',
    );
    expect(paper.data.original).toBeUndefined();
  });

  it('keeps the abstract as given in "original" when the repair changed it, and lists the repairs', () => {
    const paper = planNewPaper(
      { ...EMO, abstract: `${EMO.abstract} The loss is Acdot S_1^{-alpha} for kgeq 1.` },
      archive,
      tools,
    );
    expect(paper.data.original).toContain('Acdot S_1^{-alpha}');
    expect(paper.text).toContain('$k\\geq 1$');
    expect(paper.repairs.length).toBeGreaterThan(0);
    expect(paper.repairs.every((repair) => repair.field === 'abstract')).toBe(true);
  });

  it('produces files the check accepts for every paper of the real seed page', () => {
    const seed = parseScrapedPage(readFileSync('content/inbox/2025-03-14-hf-trending.txt', 'utf8'), 'seed');
    expect(seed.papers.length).toBeGreaterThanOrEqual(50);
    const written: ArchivedPaper[] = [];
    for (const raw of seed.papers) {
      const input = { title: raw.title, abstract: raw.abstract, added: '2025-03-14', source: 'pull request' };
      let paper;
      try {
        paper = planNewPaper(input, written, tools);
      } catch (error) {
        // The fixture taxonomy has five topics; a paper outside them is given one by hand.
        if (!(error instanceof NewPaperError) || !/no topic/.test(error.message)) throw error;
        paper = planNewPaper({ ...input, topics: ['optimization'] }, written, tools);
      }
      expect(paper.warnings.filter((w) => w.severity === 'error')).toEqual([]);
      written.push({ path: paper.path, slug: paper.slug, title: paper.data.title });
    }
    expect(new Set(written.map((paper) => paper.slug)).size).toBe(seed.papers.length);
  });

  it.each([
    [
      'the same arXiv id written another way',
      { title: 'Another title entirely', arxiv: 'arXiv:2310.02970v1' },
      /has the same arXiv id 2310.02970/,
    ],
    [
      'the same DOI as a URL, in other case',
      { title: 'Another title entirely', doi: 'https://doi.org/10.48550/ARXIV.2404.17951' },
      /has the same DOI 10.48550\/arxiv.2404.17951/,
    ],
    [
      'the same title in capitals',
      { title: 'SCALING LAW WITH LEARNING RATE ANNEALING' },
      /scaling-law-with-learning-rate-annealing\.md has the same title/,
    ],
    [
      'a near-duplicate title',
      { title: 'Scaling Laws with Learning Rate Annealing' },
      /has nearly the same title \("Scaling Law with Learning Rate Annealing"\)/,
    ],
  ])('refuses a paper with %s, naming the existing file', (_, change, message) => {
    expect(() => planNewPaper({ ...EMO, arxiv: undefined, ...change }, archive, tools)).toThrow(message);
  });

  it('refuses the same arXiv id with another DOI (one id, two DOIs is one paper to the check)', () => {
    const withDoi: ArchivedPaper = {
      path: 'papers/emo-elsewhere.md',
      slug: 'emo-elsewhere',
      title: 'A Title Nothing Else Shares',
      arxiv: '2310.04691',
      doi: '10.1234/emo.one',
    };
    expect(() => planNewPaper({ ...EMO, doi: '10.1234/emo.two' }, [...archive, withDoi], tools)).toThrow(
      /papers\/emo-elsewhere\.md has the same arXiv id 2310\.04691/,
    );
  });

  it.each([
    [{ title: ' ' }, /needs a title/],
    [{ abstract: '' }, /needs its abstract/],
    [{ arxiv: '2401.1' }, /^--arxiv: "2401\.1" is not an arXiv id; an arXiv id is YYMM\.NNNNN, .* \[arxiv-id\]$/],
    [{ doi: '10.1/x' }, /^--doi: "10\.1\/x" is not a DOI: .*; a DOI is "10\.", a registrant code .* \[doi\]$/],
    [{ added: '2025-02-30' }, /--added 2025-02-30 is not a date/],
    [{ published: 'March 2024' }, /--published March 2024 is not a date/],
    [
      { code: ['javascript:alert(1)'] },
      /^--code: the link to "javascript:alert\(1\)" uses "javascript:".* \[unsafe-link\]$/,
    ],
    [{ topics: ['quantum'] }, /--topic quantum is not a topic: use an id from .*\(scaling-laws, /],
    // A topic by its display name or in capitals: the id it means.
    [
      { topics: ['Scaling laws'] },
      /--topic Scaling laws is not a topic \(did you mean scaling-laws\?\): use an id from /,
    ],
    [{ topics: ['Scaling-Laws'] }, /--topic Scaling-Laws is not a topic \(did you mean scaling-laws\?\)/],
    [
      { title: 'On Graphs', abstract: 'We study graphs and trees and forests of them in depth for a long while.' },
      /no topic .* matches this paper: choose one or more with --topic ID/,
    ],
  ])('refuses bad input %j', (change, message) => {
    expect(() => planNewPaper({ ...EMO, ...change }, archive, tools)).toThrow(message);
  });

  it('writes math the site refuses (a macro bomb, a colour box) as harmless text the check accepts', () => {
    // planNewPaper runs the check on the file it plans, and throws if the check refuses it.
    const paper = planNewPaper(
      {
        ...EMO,
        title: 'EMO: Earth Mover $\\colorbox{red}{\\Huge Distance}$ Optimization',
        abstract: `${EMO.abstract} Cost: $\\def\\a{xx}\\def\\b{\\a\\a}\\b\\b$.`,
      },
      archive,
      tools,
    );
    // Text, with the title's escapes: it reads "EMO: Earth Mover $\colorbox{red}{\Huge Distance}$ Optimization".
    expect(paper.text).toContain(String.raw`EMO: Earth Mover \$\\colorbox{red}{\\Huge Distance}\$ Optimization`);
    expect(titleToText(paper.data.title, 'symbols')).toBe(
      String.raw`EMO: Earth Mover $\colorbox{red}{\Huge Distance}$ Optimization`,
    );
    // The abstract as written is kept, as text, in "original"; the abstract itself holds no math.
    expect(findMath(paper.text.split('---\n')[2] ?? '')).toEqual([]);
  });

  it('never picks a slug that is a page of the paper list', () => {
    const paper = planNewPaper({ ...EMO, title: 'By Title', topics: ['optimization'] }, archive, tools);
    expect(paper.slug).toMatch(/^by-title-[0-9a-f]{6}$/);
    expect(planNewPaper({ ...EMO, title: '2', topics: ['optimization'] }, archive, tools).slug).toMatch(
      /^2-[0-9a-f]{6}$/,
    );
  });

  it('names a paper whose title spells nothing in a URL after its arXiv id, as the ingest does', () => {
    const paper = planNewPaper(
      { ...EMO, title: '基于图神经网络的分子性质预测', arxiv: 'arXiv:2401.00001v3', topics: ['optimization'] },
      archive,
      tools,
    );
    expect(paper.slug).toBe('arxiv-2401-00001');
  });

  it('reads categories as the ingest reads them: arXiv case, one text split, an ACM class left out and reported', () => {
    const paper = planNewPaper(
      { ...EMO, categories: ['CS.LG,stat.ml', 'I.2.8'], topics: ['optimization'] },
      archive,
      tools,
    );
    expect(paper.text).toMatch(/\ncategories:\n {2}- cs\.LG\n {2}- stat\.ML\n/);
    expect(paper.repairs).toContainEqual({
      field: 'categories',
      rule: 'arxiv-form',
      before: 'CS.LG,stat.ml I.2.8',
      after: 'cs.LG stat.ML',
    });
  });

  it('uses the topics a contributor chose, and gives a new slug when another paper holds the plain one', () => {
    const taken: ArchivedPaper[] = [{ path: 'x/emo.md', slug: 'emo', title: 'EMO, an unrelated paper about birds' }];
    const paper = planNewPaper({ ...EMO, title: 'EMO!', topics: ['optimization', 'optimization'] }, taken, tools);
    expect(paper.topics).toEqual(['optimization']);
    expect(paper.evidence).toEqual([]);
    expect(paper.slug).toMatch(/^emo-[0-9a-f]{6}$/);
  });
});

describe('npm run new', { timeout: 60_000 }, () => {
  const run = (args: string[], stdin: string, contentDir: string) =>
    spawnSync(process.execPath, ['scripts/new-paper.ts', ...args], {
      input: stdin,
      encoding: 'utf8',
      env: { ...process.env, ARCHIVE_CONTENT_DIR: contentDir },
    });

  it('writes the file from a pasted block, prints it and the topics, then refuses it a second time', () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-new-cli-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const pasted = `${EMO.title}\n\n${EMO.abstract}\n`;
    const first = run(
      ['--added', '2025-03-14', '--authors', 'Siyu Ren; Zhiyong Wu', '--arxiv', '2310.04691'],
      pasted,
      contentDir,
    );
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const path = join(
      contentDir,
      'papers/emo-earth-mover-distance-optimization-for-auto-regressive-language-modeling.md',
    );
    expect(first.stdout).toContain(`Wrote ${path}\n`);
    expect(first.stdout).toMatch(/\n {2}\+ language-models \(score [\d.]+: language model\)\n/);
    expect(readFileSync(path, 'utf8')).toContain(
      "authors:\n  - Siyu Ren\n  - Zhiyong Wu\narxiv: '2310.04691'\nadded: 2025-03-14\n",
    );

    const check = spawnSync(process.execPath, ['scripts/check.ts'], {
      encoding: 'utf8',
      env: { ...process.env, ARCHIVE_CONTENT_DIR: contentDir, CI: 'false' },
    });
    expect(check.status).toBe(0);

    const again = run([], pasted, contentDir);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      `new: this paper is already in the archive: ${path} has the same title ("${EMO.title}"); edit that file instead\n`,
    );
  });

  describe('decodes what it is given as the ingest decodes an input', () => {
    const runBytes = (args: string[], stdin: Uint8Array) =>
      spawnSync(process.execPath, ['scripts/new-paper.ts', '--dry-run', '--added', '2025-04-01', ...args], {
        input: stdin,
        encoding: 'utf8',
        env: { ...process.env, ARCHIVE_CONTENT_DIR: ACCEPTED },
      });
    const pasted =
      'Caf\u00e9 Models for Language\n\nWe study how a caf\u00e9 language model behaves on scraped data and measure accuracy.\n';
    const latin1 = Buffer.from(pasted, 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pasted, 'utf16le')]);

    it('refuses Latin-1 on standard input or in --abstract-file, naming the place and what to do', () => {
      const piped = runBytes([], latin1);
      expect(piped.status).toBe(1);
      expect(piped.stdout).toBe('');
      expect(piped.stderr).toMatch(
        /^new: standard input:1:4: not valid UTF-8 \(byte 0xE9 at offset 3\).*re-save it as UTF-8 \(e\.g\. iconv -f WINDOWS-1252 -t UTF-8 "original\.txt" > fixed\.txt\)\nnew: nothing was written\.\n$/s,
      );
      const dir = mkdtempSync(join(tmpdir(), 'paper-archive-new-decode-'));
      temps.push(dir);
      const file = join(dir, 'abstract.txt');
      writeFileSync(
        file,
        Buffer.from('We study how a caf\u00e9 model behaves on scraped data and measure accuracy.', 'latin1'),
      );
      const named = runBytes(['--title', 'Cafe Models for Language', '--abstract-file', file], new Uint8Array());
      expect(named.status).toBe(1);
      expect(named.stderr).toContain(`new: ${file}:1:19: not valid UTF-8 (byte 0xE9 at offset 18)`);
    });

    it('reads UTF-16 with a byte-order mark and CRLF line endings, as the ingest does', () => {
      const piped = runBytes([], utf16);
      expect(piped.stderr).toBe('');
      expect(piped.status).toBe(0);
      expect(piped.stdout).toMatch(/^---\ntitle: Café Models for Language\n/);
      expect(piped.stdout).toContain('\nWe study how a café language model behaves');
      const crlf = runBytes([], Buffer.from(pasted.replace(/\n/g, '\r\n'), 'utf8'));
      expect(crlf.stdout).toMatch(/^---\ntitle: Café Models for Language\n/);
    });
  });

  it('prints instead of writing with --dry-run, and exits 2 on usage errors', () => {
    const dry = run(
      ['--dry-run', '--title', 'A Dry Run of Scaling Law Estimation', '--added', '2025-01-02'],
      'We fit a scaling law to many runs and report the exponents we find across model sizes.',
      ACCEPTED,
    );
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(
      /^---\ntitle: A Dry Run of Scaling Law Estimation\nadded: 2025-01-02\ntopics:\n {2}- scaling-laws\n/,
    );
    expect(dry.stdout).toContain('Dry run: nothing written.');
    expect(existsSync(join(ACCEPTED, 'papers/a-dry-run-of-scaling-law-estimation.md'))).toBe(false);
    expect(run(['--nope'], '', ACCEPTED).status).toBe(2);
    expect(run(['--abstract-file', 'no/such.txt', '--title', 'x'], '', ACCEPTED)).toMatchObject({
      status: 2,
      stderr: 'new: no such file: no/such.txt\n',
    });
    expect(run(['--help'], '', ACCEPTED).stdout).toMatch(/^Usage: npm run new -- \[options\]/);
  });
});
