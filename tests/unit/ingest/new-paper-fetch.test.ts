import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import {
  METADATA_FIXTURES,
  serveMetadata,
  type MetadataServer,
  type ScriptedAnswer,
} from '../../helpers/metadata-server.ts';
import { runCli } from '../../helpers/run-cli.ts';

const ACCEPTED = 'tests/fixtures/hostile/accepted';
const topicIds = loadTopics(join(ACCEPTED, 'topics.yaml')).map((topic) => topic.id);
const temps: string[] = [];
let server: MetadataServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function archive(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-archive-new-fetch-'));
  temps.push(dir);
  cpSync(ACCEPTED, dir, { recursive: true });
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(join(dir, 'papers')).sort();
}

async function start(script?: (url: URL, index: number) => ScriptedAnswer | undefined): Promise<MetadataServer> {
  server = await serveMetadata(script === undefined ? {} : { script });
  return server;
}

const run = (dir: string, args: string[], extra: Record<string, string> = {}) =>
  runCli('scripts/new-paper.ts', ['--added', '2025-04-01', ...args], {
    ...(server?.env ?? {}),
    ARCHIVE_CONTENT_DIR: dir,
    METADATA_TIMEOUT_MS: '300',
    ...extra,
  });

/** The file passes the check, and renders to HTML with no script, no event handler, no javascript: link. */
async function expectClean(path: string) {
  const bytes = readFileSync(path);
  const { findings } = checkPaperSource(path, bytes, { topicIds, topicsFile: join(ACCEPTED, 'topics.yaml') });
  expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  const html = await createPaperRenderer()(parsePaperFile(bytes.toString('utf8')).body, path);
  const root = parse(html);
  expect(root.querySelectorAll('script, img, iframe, .katex-error')).toEqual([]);
  for (const link of root.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^https?:\/\//);
  for (const element of root.querySelectorAll('*')) {
    expect(Object.keys(element.attributes).filter((name) => name.toLowerCase().startsWith('on'))).toEqual([]);
  }
  return html;
}

describe('npm run new -- --arxiv ID', { timeout: 60_000 }, () => {
  it('fetches the paper and writes a file the check accepts, with id, authors, date and categories', async () => {
    await start();
    const dir = archive();
    const result = await run(dir, ['--arxiv', '2112.10510', '--topic', 'optimization']);
    expect(result.stderr).toMatch(/^new: fetching arXiv:2112\.10510 from http:\/\/127\.0\.0\.1:\d+\/api\n$/);
    expect(result.status).toBe(0);
    const path = join(dir, 'papers', 'transformers-can-do-bayesian-inference.md');
    expect(result.stdout).toContain(`Wrote ${path}\nMetadata: arXiv API (arXiv:2112.10510)\n`);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(
      /^---\ntitle: Transformers Can Do Bayesian Inference\nauthors:\n {2}- Samuel Müller\n {2}- Noah Hollmann\n {2}- Sebastian Pineda\n {2}- Josif Grabocka\n {2}- Frank Hutter\narxiv: '2112\.10510'\ncategories:\n {2}- cs\.LG\n {2}- stat\.ML\npublished: 2021-12-20\nadded: 2025-04-01\n/,
    );
    expect(text).toContain('code:\n  - https://github.com/automl/TransformersCanDoBayesianInference\n');
    await expectClean(path);
    expect(server?.requests).toHaveLength(1);
  });

  it('takes an arXiv URL or a DOI, and prints instead of writing with --dry-run', async () => {
    await start();
    const dir = archive();
    const byUrl = await run(dir, ['https://arxiv.org/abs/2106.10165v2', '--topic', 'optimization', '--dry-run']);
    expect(byUrl.status).toBe(0);
    expect(byUrl.stdout).toMatch(/^---\ntitle: The Principles of Deep Learning Theory\n/);
    expect(byUrl.stdout).toContain("arxiv: '2106.10165'\ndoi: 10.1017/9781009023405\n");
    expect(byUrl.stdout).toContain('journal: Cambridge University Press (2022)\n');
    const byDoi = await run(dir, ['--doi', 'https://doi.org/10.1038/nature14539', '--topic', 'optimization']);
    expect(byDoi.status).toBe(0);
    expect(byDoi.stdout).toContain('Metadata: Crossref (doi:10.1038/nature14539)');
    expect(readFileSync(join(dir, 'papers', 'deep-learning.md'), 'utf8')).toContain(
      'authors:\n  - Yann LeCun\n  - Yoshua Bengio\n  - Geoffrey Hinton\ndoi: 10.1038/nature14539\njournal: Nature\npublished: 2015-05-27\n',
    );
    expect(files(dir)).toEqual([...files(ACCEPTED), 'deep-learning.md'].sort());
  });

  it('lets flags given by hand win over what was fetched', async () => {
    await start();
    const result = await run(archive(), [
      '--arxiv',
      '1709.08568',
      '--authors',
      'Y. Bengio',
      '--published',
      '2017-09-26',
      '--topic',
      'optimization',
      '--dry-run',
    ]);
    expect(result.stdout).toContain("authors:\n  - Y. Bengio\narxiv: '1709.08568'\n");
    expect(result.stdout).toContain('published: 2017-09-26\n');
  });

  it('writes nothing, and says so, when the paper does not exist or has no abstract', async () => {
    await start();
    const dir = archive();
    const missing = await run(dir, ['--arxiv', '2401.99999']);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toContain(
      'new: arXiv has no paper 2401.99999: check the id (https://arxiv.org/abs/2401.99999)\nnew: nothing was written.\n',
    );
    const noDoi = await run(dir, ['--doi', '10.5555/no-such-work']);
    expect(noDoi.status).toBe(4);
    expect(noDoi.stderr).toMatch(/Crossref has no work with the DOI 10\.5555\/no-such-work/);
    const book = await run(dir, ['--doi', '10.1017/9781009023405']);
    expect(book.status).toBe(4);
    expect(book.stderr).toMatch(
      /Crossref \(doi:10\.1017\/9781009023405\) has no abstract for this paper, and none is invented: give it with --abstract-file FILE\. Nothing was written\./,
    );
    expect(files(dir)).toEqual(files(ACCEPTED));
  });

  it('prints what the arXiv API reader warns about, and says what is wrong with an entry it cannot use', async () => {
    const feed = readFileSync(join(METADATA_FIXTURES, 'arxiv/id-1709.08568.xml'), 'utf8');
    const longComment = `Code: https://github.com/example/prior. ${'A long note on the experiments. '.repeat(40)}`;
    await start((url) => {
      if (url.searchParams.get('id_list') === '1709.08568')
        return {
          status: 200,
          body: feed.replace('</summary>', `</summary>\n    <arxiv:comment>${longComment}</arxiv:comment>`),
        };
      if (url.searchParams.get('id_list') === '1709.08569')
        return {
          status: 200,
          body: feed.replaceAll('1709.08568', '1709.08569').replace(/<summary>[^]*<\/summary>/, '<summary> </summary>'),
        };
      return undefined;
    });
    const dir = archive();
    const cut = await run(dir, ['--arxiv', '1709.08568', '--topic', 'optimization']);
    expect(cut.status).toBe(0);
    expect(cut.stdout).toMatch(
      /entry 1709\.08568: the comments were cut to \d+ characters \(they had 1\d{3}; a paper file holds at most 1000\)/,
    );
    expect(files(dir)).toContain('the-consciousness-prior.md');
    const unusable = await run(dir, ['--arxiv', '1709.08569']);
    expect(unusable.status).toBe(4);
    expect(unusable.stderr).toContain('entry 1709.08569 has no <summary> (abstract)');
    expect(unusable.stderr).not.toContain('arXiv has no paper');
  });

  it('waits and retries when arXiv answers 429, then writes', async () => {
    await start((_url, index) =>
      index === 0 ? { status: 429, headers: { 'Retry-After': '1' }, body: 'Rate exceeded.' } : undefined,
    );
    const dir = archive();
    const result = await run(dir, ['--arxiv', '1709.08568', '--topic', 'optimization']);
    expect(result.status).toBe(0);
    expect(server?.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(result.stderr).toContain('new: waiting 1.0 s: the arXiv API answered 429 (too many requests); retrying');
    expect(files(dir)).toContain('the-consciousness-prior.md');
  });

  it('gives up on a server that stalls, and on malformed XML or JSON, writing nothing', async () => {
    await start((url) => {
      if (url.searchParams.get('id_list') === '1709.08568') return { status: 200, stall: true };
      if (url.searchParams.get('id_list') === '2408.11029')
        return { status: 200, body: '<?xml version="1.0"?>\n<feed>\n<entry><title>Cut' };
      return undefined;
    });
    const dir = archive();
    const stalled = await run(dir, ['--arxiv', '1709.08568']);
    expect(stalled.status).toBe(4);
    expect(stalled.stderr).toMatch(
      /the arXiv API did not answer within 0\.3 s \(4 tries\).*\nnew: to add the paper without the network: npm run new -- --offline/,
    );
    const malformed = await run(dir, ['--arxiv', '2408.11029']);
    expect(malformed.status).toBe(4);
    expect(malformed.stderr).toMatch(
      /the arXiv API sent a response that cannot be read \(line 3: the XML ends before <title>, <entry>, <feed> are closed\)/,
    );
    const json = await run(dir, ['--doi', '10.5555/malformed.1']);
    expect(json.status).toBe(4);
    expect(json.stderr).toMatch(/Crossref sent a response that is not valid JSON/);
    expect(files(dir)).toEqual(files(ACCEPTED));
  });

  it('says when it is offline, and --offline adds the paper by hand with no request at all', async () => {
    const { env } = await start();
    await server?.close();
    server = undefined;
    const dir = archive();
    const offline = await run(dir, ['--arxiv', '1709.08568'], env);
    expect(offline.status).toBe(4);
    expect(offline.stderr).toMatch(
      /cannot reach the arXiv API at 127\.0\.0\.1:\d+ \(ECONNREFUSED\): you seem to be offline/,
    );
    expect(files(dir)).toEqual(files(ACCEPTED));
    const abstract = join(dir, 'abstract.txt');
    cpSync(join('tests/fixtures/metadata/arxiv/id-1709.08568.xml'), abstract);
    const manual = await run(
      dir,
      [
        '--offline',
        '--arxiv',
        '1709.08568',
        '--title',
        'The Consciousness Prior',
        '--abstract-file',
        abstract,
        '--topic',
        'optimization',
        '--dry-run',
      ],
      env,
    );
    expect(manual.status).toBe(0);
    expect(manual.stdout).toMatch(/^---\ntitle: The Consciousness Prior\narxiv: '1709\.08568'\n/);
  });

  it('reads the taxonomy and the macros before fetching: a broken one stops it with no request', async () => {
    const metadata = await start();
    const dir = archive();
    writeFileSync(
      join(dir, 'topics.yaml'),
      readFileSync(join(dir, 'topics.yaml'), 'utf8').replace(/\n {2}name: /, '\n  nam: '),
    );
    const result = await run(dir, ['--arxiv', '2112.10510']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/topics\.yaml:\d+:\d+: error: .*unknown key "nam": did you mean "name"\?/);
    expect(metadata.requests).toEqual([]);
    expect(files(dir)).toEqual(files(ACCEPTED));
  });

  it('refuses a paper already in the archive before writing anything', async () => {
    await start();
    const result = await run(archive(), ['--arxiv', '2408.11029']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /this paper is already in the archive: .*scaling-law-with-learning-rate-annealing\.md has the same title/,
    );
  });

  it('cleans a hostile arXiv record as it cleans any input: HTML and javascript: links become text, bad TeX is escaped', async () => {
    await start();
    const dir = archive();
    const hostile = await run(dir, ['--arxiv', '2501.00666', '--topic', 'optimization']);
    expect(hostile.status).toBe(0);
    const path = join(dir, 'papers', 'hostile-markup-in-attention-networks.md');
    const html = await expectClean(path);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    // The comment's javascript: "link" is dropped; its GitHub URL is the paper's code.
    expect(readFileSync(path, 'utf8')).toContain('code:\n  - https://github.com/example/hostile-attention\n');
    const badTex = await run(dir, ['--arxiv', '2501.00667', '--topic', 'optimization']);
    expect(badTex.status).toBe(0);
    await expectClean(join(dir, 'papers', 'broken-formulas-in-attention-networks.md'));
    const crossref = await run(dir, ['--doi', '10.5555/hostile.1', '--topic', 'optimization']);
    expect(crossref.status).toBe(0);
    await expectClean(join(dir, 'papers', 'attention-without-limits-alert-title-graph-networks.md'));
  });

  it('refuses what is not an id', async () => {
    const result = await run(archive(), ['not-an-id']);
    expect(result).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/not an arXiv id, a DOI or a URL of either/) as string,
    });
  });
});
