import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { acquireLock } from '../../../src/lib/storage/archive-lock.ts';
import { transactionDirOf } from '../../../src/lib/storage/file-transaction.ts';
import type { AtomEntry } from '../../../src/lib/ingest/inputs/arxiv-atom.ts';
import {
  familyName,
  formatEnrichReport,
  matchEntry,
  planEnrich,
  type EnrichLookup,
} from '../../../src/lib/ingest/enrich.ts';
import type { ExistingFile } from '../../../src/lib/ingest/ingest.ts';
import { checkArchive } from '../../../src/lib/check/paper-check.ts';
import { FetchError } from '../../../src/lib/ingest/lookup/polite-fetch.ts';
import { serveMetadata, type MetadataServer } from '../../helpers/metadata-server.ts';
import { runCli } from '../../helpers/run-cli.ts';

const SEED_TOPICS = loadTopics('content/topics.yaml').map((topic) => topic.id);
const SEED_PAGE = 'content/inbox/2025-03-14-hf-trending.txt';

const entry = (arxiv: string, title: string, authors: string[], extra: Partial<AtomEntry> = {}): AtomEntry => ({
  title,
  abstract: 'An abstract.',
  file: 'feed',
  line: 1,
  arxiv,
  authors,
  ...extra,
});

const file = (slug: string, front: string): ExistingFile => ({
  slug,
  path: `papers/${slug}.md`,
  text: `---\n${front}added: 2025-03-14\ntopics:\n  - optimization\nsource: inbox/x.txt\n---\nThe abstract, as a person left it.\n`,
});

describe('matchEntry', () => {
  const yang = entry('2011.14522', 'Feature Learning in Infinite-Width Neural Networks', ['Greg Yang', 'Edward J. Hu']);
  const twin = entry('2405.09999', 'Feature learning in infinite width neural networks', ['Carla Homonym']);
  const near = entry('2101.00001', 'Feature Learning in Infinite-Width Neural Networks, Revisited', ['Greg Yang']);

  it('accepts only an exact normalized title', () => {
    expect(matchEntry('Feature Learning in Infinite-Width Neural Networks', undefined, [near, yang])).toEqual({
      entry: yang,
    });
    expect(matchEntry('Feature learning in infinite-width networks', undefined, [yang])).toEqual({
      reason: expect.stringMatching(/^no arXiv paper has exactly this title \(the closest is 2011\.14522/) as string,
    });
    expect(matchEntry('Anything', undefined, [])).toEqual({ reason: 'arXiv has no paper with this title' });
  });

  it('refuses two papers with the same title, unless the first author tells them apart', () => {
    expect(matchEntry(yang.title, undefined, [yang, twin])).toEqual({
      reason: expect.stringMatching(
        /^2 arXiv papers have exactly this title \(2011\.14522 .* by Greg Yang\), 2405\.09999/,
      ) as string,
    });
    expect(matchEntry(yang.title, ['G. Yang'], [yang, twin])).toEqual({ entry: yang });
    expect(matchEntry(yang.title, ['Homonym, Carla'], [yang, twin])).toEqual({ entry: twin });
  });

  it('refuses a title match whose first author disagrees with the file', () => {
    expect(matchEntry(yang.title, ['Someone Else'], [yang])).toEqual({
      reason: expect.stringMatching(/another first author .*the file says Someone Else/) as string,
    });
  });

  it('compares family names without accents, case or initials', () => {
    expect(familyName('Samuel Müller')).toBe(familyName('Muller, S.'));
    expect(familyName('Edward J. Hu')).toBe('hu');
  });
});

describe('planEnrich: author names', () => {
  it('writes names arXiv gives in TeX as they read, as the ingest and npm run new do', async () => {
    const { writes } = await planEnrich({
      topicIds: ['optimization'],
      lookup: {
        byId: async (id) => ({ entry: entry(id, 'Graph Spectra', ['J. M\\"uller', 'P. Erd\\H{o}s']), notes: [] }),
        byTitle: async () => [],
      },
      existing: [file('spectra', "title: Graph Spectra\narxiv: '1001.0002'\n")],
    });
    expect(writes[0]?.content).toContain('authors:\n  - J. Müller\n  - P. Erdős\n');
  });

  it('writes categories as the ingest and npm run new read them (arXiv case, an ACM class left out)', async () => {
    const { writes } = await planEnrich({
      topicIds: ['optimization'],
      lookup: {
        byId: async (id) => ({
          entry: entry(id, 'Graph Spectra', ['A'], { categories: ['CS.LG', 'I.2.8'] }),
          notes: [],
        }),
        byTitle: async () => [],
      },
      existing: [file('spectra', "title: Graph Spectra\narxiv: '1001.0002'\n")],
    });
    expect(writes[0]?.content).toContain('categories:\n  - cs.LG\nadded');
  });
});

describe('planEnrich', () => {
  const CUT_NOTE =
    'entry 2106.10165: the comments were cut to 1000 characters (they had 1290; a paper file holds at most 1000)';
  const lookups: string[] = [];
  const lookup: EnrichLookup = {
    byId: async (id) => {
      lookups.push(`id:${id}`);
      if (id === '2401.99999') throw new FetchError('not-found', 'u', 'arXiv has no paper 2401.99999: check the id');
      return {
        entry: entry(
          id,
          id === '2106.10165' ? 'The Principles of Deep Learning Theory' : 'Another Paper',
          ['Daniel A. Roberts'],
          {
            doi: '10.1017/9781009023405',
            published: '2021-06-18',
            categories: ['cs.LG', 'hep-th'],
          },
        ),
        notes: id === '2106.10165' ? [CUT_NOTE] : [],
      };
    },
    byTitle: async (title) => {
      lookups.push(`title:${title}`);
      if (title === 'Offline Paper') throw new FetchError('offline', 'u', 'cannot reach the arXiv API');
      return title === 'The Consciousness Prior'
        ? [
            {
              entry: entry('1709.08568', 'The Consciousness Prior', ['Yoshua Bengio'], {
                published: '2017-09-25',
                categories: ['cs.LG'],
              }),
              notes: [],
            },
          ]
        : [];
    },
  };
  const topicIds = ['optimization'];

  it('fills what is missing, keeps what a person wrote, and validates the file as the ingest does', async () => {
    lookups.length = 0;
    const { writes, report } = await planEnrich({
      topicIds,
      lookup,
      existing: [
        file('prior', 'title: The Consciousness Prior\nauthors:\n  - Y. Bengio\n'),
        file('book', "title: The Principles of Deep Learning Theory\narxiv: '2106.10165'\npublished: 2021-06-19\n"),
        file('lost', 'title: A Paper Nobody Indexed\n'),
        file(
          'complete',
          "title: Done\nauthors: [A]\narxiv: '2401.00001'\ndoi: 10.1234/x\ncategories: [cs.LG]\njournal: J\npublished: 2024-01-01\n",
        ),
      ],
    });
    expect(lookups).toEqual(['title:The Consciousness Prior', 'id:2106.10165', 'title:A Paper Nobody Indexed']);
    expect(writes.map((write) => write.path)).toEqual(['papers/prior.md', 'papers/book.md']);
    const prior = writes[0]?.content ?? '';
    // The author a person wrote stays; the slug, added, topics, source and abstract are untouched.
    expect(prior).toBe(
      "---\ntitle: The Consciousness Prior\nauthors:\n  - Y. Bengio\narxiv: '1709.08568'\ncategories:\n  - cs.LG\npublished: 2017-09-25\nadded: 2025-03-14\ntopics:\n  - optimization\nsource: inbox/x.txt\n---\nThe abstract, as a person left it.\n",
    );
    const [priorOutcome, book, lost, complete] = report.papers;
    expect(priorOutcome).toMatchObject({
      status: 'filled',
      match: '1709.08568',
      filled: ['arxiv', 'categories', 'published'],
    });
    expect(priorOutcome?.kept).toEqual([{ field: 'authors', file: ['Y. Bengio'], input: ['Yoshua Bengio'] }]);
    expect(book).toMatchObject({ status: 'filled', filled: ['authors', 'doi', 'categories'] });
    expect(book?.kept).toEqual([{ field: 'published', file: '2021-06-19', input: '2021-06-18' }]);
    expect(lost).toMatchObject({ status: 'no-match', reason: 'arXiv has no paper with this title' });
    expect(complete).toMatchObject({ status: 'complete' });
    const text = formatEnrichReport(report, { requests: 3, cached: 0 });
    expect(text).toContain(
      '  papers/prior.md (arXiv:1709.08568):\n    + arxiv: 1709.08568\n    + categories: cs.LG\n    + published: 2017-09-25\n',
    );
    expect(text).toContain('  papers/book.md: published: file 2021-06-19 | arXiv 2021-06-18\n');
    // What the reader changed in arXiv's record is said under the paper it was filled into.
    expect(text).toContain(`    + categories: cs.LG; hep-th\n    ! ${CUT_NOTE}\n`);
    expect(text).toContain('No match (1):\n  papers/lost.md: arXiv has no paper with this title\n');
    expect(text).toMatch(
      /2 filled, 0 matched with nothing to fill, 1 without a match, 0 failed, 1 already complete\n$/,
    );
  });

  it('overwrites those fields with --force, and only those', async () => {
    const { writes, report } = await planEnrich({
      topicIds,
      lookup,
      force: true,
      existing: [file('prior', 'title: The Consciousness Prior\nauthors:\n  - Y. Bengio\n')],
    });
    expect(report.papers[0]?.replaced).toEqual([{ field: 'authors', file: ['Y. Bengio'], input: ['Yoshua Bengio'] }]);
    expect(writes[0]?.content).toContain('authors:\n  - Yoshua Bengio\n');
    expect(writes[0]?.content).toContain('title: The Consciousness Prior\n');
  });

  it('reports an id arXiv does not have, and an id whose title differs, as non-matches', async () => {
    const { writes, report } = await planEnrich({
      topicIds,
      lookup,
      existing: [
        file('gone', "title: Gone\narxiv: '2401.99999'\n"),
        file('wrong', "title: Mine\narxiv: '2401.00002'\n"),
      ],
    });
    expect(writes).toEqual([]);
    expect(report.papers.map((paper) => [paper.status, paper.reason])).toEqual([
      ['no-match', 'arXiv has no paper 2401.99999: check the id'],
      ['no-match', 'the file\'s arXiv id 2401.00002 is the paper "Another Paper", whose title differs: check the id'],
    ]);
  });

  it('stops, with nothing planned, when arXiv cannot be reached', async () => {
    await expect(
      planEnrich({ topicIds, lookup, existing: [file('a', 'title: Offline Paper\n')] }),
    ).rejects.toMatchObject({ kind: 'offline' });
  });

  it('lists a file it cannot read and goes on', async () => {
    const { report } = await planEnrich({
      topicIds,
      lookup,
      existing: [{ slug: 'bad', path: 'papers/bad.md', text: '---\ntitle: [unclosed\n---\nx\n' }],
    });
    expect(report.unreadable).toEqual([{ path: 'papers/bad.md', reason: expect.any(String) as string }]);
    // A file that fails the schema is said to in the check's words, not zod's.
    const empty = await planEnrich({ topicIds, lookup, existing: [file('empty-source', 'title: A Title\n')] });
    expect(empty.report.unreadable).toEqual([]);
    const noSource = file('no-source', 'title: A Title\n');
    const { report: bad } = await planEnrich({
      topicIds,
      lookup,
      existing: [{ ...noSource, text: noSource.text.replace(/^source: .*$/m, "source: ''") }],
    });
    expect(bad.unreadable[0]?.reason).toMatch(/^source: the value is empty: give it one/);
  });
});

describe('npm run enrich', { timeout: 120_000 }, () => {
  const temps: string[] = [];
  let server: MetadataServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });
  const scratch = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  /**
   * The seed archive: the 56 papers the ingest makes of the seed page, titles and abstracts only,
   * as content/papers/ held them before any pull request. Made from the page rather than copied
   * from content/papers/, which grows with every paper contributed: a copy made every
   * contribution fail these tests.
   */
  const seed = async () => {
    const dir = scratch('paper-archive-enrich-');
    mkdirSync(join(dir, 'inbox'));
    cpSync(SEED_PAGE, join(dir, 'inbox', basename(SEED_PAGE)));
    cpSync('content/topics.yaml', join(dir, 'topics.yaml'));
    const env = { ARCHIVE_CONTENT_DIR: dir, ARCHIVE_CACHE_DIR: scratch('paper-archive-enrich-ingest-cache-') };
    const ingest = await runCli('scripts/ingest.ts', [], env);
    if (ingest.status !== 0) throw new Error(`Ingesting the seed page failed:\n${ingest.stdout}${ingest.stderr}`);
    return dir;
  };
  const tree = (dir: string) =>
    Object.fromEntries(
      readdirSync(join(dir, 'papers')).map((name) => [name, readFileSync(join(dir, 'papers', name), 'utf8')]),
    );

  it('fills the seed papers arXiv knows, lists every non-match, writes files the check accepts; a second run asks nothing', async () => {
    server = await serveMetadata();
    const dir = await seed();
    const cache = scratch('paper-archive-enrich-cache-');
    const env = { ...server.env, ARCHIVE_CONTENT_DIR: dir, METADATA_CACHE_DIR: cache };
    const before = tree(dir);

    const dry = await runCli('scripts/enrich.ts', ['--dry-run'], env);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(
      /^Looked up 56 of 56 papers \(56 requests, 0 answers from the cache\):\n\nWould fill \(4\):\n/,
    );
    expect(tree(dir)).toEqual(before);

    const first = await runCli('scripts/enrich.ts', [], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^Looked up 56 of 56 papers \(0 requests, 56 answers from the cache\):\n\nFilled \(4\):\n/,
    );
    expect(first.stdout).toContain(
      `  ${dir}/papers/the-principles-of-deep-learning-theory.md (arXiv:2106.10165):\n    + authors: Daniel A. Roberts; Sho Yaida; Boris Hanin\n    + arxiv: 2106.10165\n    + doi: 10.1017/9781009023405\n    + categories: cs.LG; hep-th; stat.ML\n    + journal: Cambridge University Press (2022)\n    + comments: 451 pages, to be published by Cambridge University Press\n    + published: 2021-06-18\n    + updated: 2021-08-24\n`,
    );
    expect(first.stdout).toMatch(/No match \(52\):\n/);
    expect(first.stdout).toMatch(
      /feature-learning-in-infinite-width-neural-networks\.md: 2 arXiv papers have exactly this title/,
    );
    expect(first.stdout).toMatch(
      /emo-earth-mover-distance-optimization-for-auto-regressive-language-modeling\.md: arXiv has no paper with this title/,
    );
    const after = tree(dir);
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
    expect(changed).toEqual([
      'scaling-law-with-learning-rate-annealing.md',
      'the-consciousness-prior.md',
      'the-principles-of-deep-learning-theory.md',
      'transformers-can-do-bayesian-inference.md',
    ]);
    // Only front matter changed: every body is as it was.
    for (const name of changed) expect(after[name]?.split('\n---\n')[1]).toBe(before[name]?.split('\n---\n')[1]);
    expect(
      checkArchive({
        papersDir: join(dir, 'papers'),
        topicIds: SEED_TOPICS,
        topicsFile: join(dir, 'topics.yaml'),
      }).findings.filter((finding) => finding.severity === 'error'),
    ).toEqual([]);

    const requests = server.requests.length;
    const second = await runCli('scripts/enrich.ts', [], env);
    expect(second.status).toBe(0);
    expect(server.requests.length).toBe(requests);
    expect(second.stdout).toMatch(
      /^Looked up 55 of 56 papers \(0 requests, 55 answers from the cache\):\n\nFilled \(0\):\n/,
    );
    expect(tree(dir)).toEqual(after);
  });

  it('waits for the archive lock after the lookups, and writes nothing while another command holds it', async () => {
    server = await serveMetadata();
    const dir = await seed();
    const env = {
      ...server.env,
      ARCHIVE_CONTENT_DIR: dir,
      METADATA_CACHE_DIR: scratch('paper-archive-enrich-cache-'),
      ARCHIVE_LOCK_WAIT: '0.2',
    };
    const before = tree(dir);
    const lock = acquireLock(transactionDirOf(join(dir, 'papers')), { command: 'npm run ingest' });
    try {
      const blocked = await runCli('scripts/enrich.ts', [], env);
      expect(blocked.status).toBe(3);
      expect(blocked.stderr).toMatch(/^enrich: another command is writing the archive: pid \d+ .*\(npm run ingest, /m);
      expect(tree(dir)).toEqual(before);
    } finally {
      lock.release();
    }
    // Once it is free, the run writes from the cache the blocked run filled: no new request.
    const requests = server.requests.length;
    const free = await runCli('scripts/enrich.ts', [], env);
    expect(free.status).toBe(0);
    expect(server.requests.length).toBe(requests);
    expect(free.stdout).toMatch(/\nFilled \(4\):\n/);
  });

  it('writes nothing and exits 4 when arXiv cannot be reached', async () => {
    server = await serveMetadata();
    const env = {
      ...server.env,
      ARCHIVE_CONTENT_DIR: await seed(),
      METADATA_CACHE_DIR: scratch('paper-archive-enrich-cache-'),
    };
    await server.close();
    server = undefined;
    const before = tree(env.ARCHIVE_CONTENT_DIR);
    const result = await runCli('scripts/enrich.ts', [], env);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^enrich: cannot reach the arXiv API at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(tree(env.ARCHIVE_CONTENT_DIR)).toEqual(before);
  });
});
