import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { beforeEach, describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import { createAbstractReader, type AbstractLocation } from '../../../src/lib/build/abstract-packs.ts';
import { paperLoader, type StoredMetadata } from '../../../src/lib/build/paper-loader.ts';
import { PAPERS_FOR_RENDER_THREADS } from '../../../src/lib/markdown/paper-render-pool.ts';
import { isPaperRecordsFile, loadPaperRecords } from '../../../src/lib/build/paper-records-file.ts';
import { relatedPapersNote, takeRelatedPapers } from '../../../src/lib/build/related-papers-offer.ts';
import { buildArchive, completeArchive, orderPapers, type LoadedPaperEntry } from '../../../src/lib/site/archive.ts';

interface Entry {
  id: string;
  data: Record<string, unknown>;
  body?: string;
  filePath?: string;
  digest?: string | number;
  rendered?: { html: string; metadata?: Partial<StoredMetadata> };
}

const schema = paperSchemaFor(['learning-theory']);
let root: string;
let store: Map<string, Entry>;
let parsed: string[];
/** Called as the schema validates each paper's front matter. */
let onParse: ((id: string) => Promise<void>) | undefined;

/**
 * The parts of Astro's loader context the paper loader uses, backed by a Map that outlives a build;
 * with `watching`, a dev server's (it has a file watcher).
 */
function context(watching = false): LoaderContext {
  return {
    ...(watching ? { watcher: { on: () => undefined } } : {}),
    collection: 'papers',
    config: { root: pathToFileURL(`${root}/`), cacheDir: pathToFileURL(`${root}/cache/`) },
    logger: { error: () => undefined },
    generateDigest: (value: unknown) => createHash('sha1').update(String(value)).digest('hex'),
    parseData: async ({ id, data }: { id: string; data: Record<string, unknown> }) => {
      parsed.push(id);
      await onParse?.(id);
      const result = schema.safeParse(data);
      if (!result.success) throw new Error(`${id}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
      return result.data;
    },
    store: {
      get: (id: string) => store.get(id),
      set: (entry: Entry) => (store.set(entry.id, entry), true),
      delete: (id: string) => store.delete(id),
      keys: () => [...store.keys()],
      values: () => [...store.values()],
    },
  } as unknown as LoaderContext;
}

/** A paper file; titles differ by default, since two papers with one title fail the build. */
function paper(name: string, body: string, title = `A Paper called ${name.replace(/\.md$/, '')}`, extra = ''): void {
  writeFileSync(
    join(root, 'papers', name),
    `---\ntitle: ${title}\nadded: 2025-03-14\ntopics: [learning-theory]\nsource: test\n${extra}---\n\n${body}\n`,
  );
}

const filesDir = () => join(root, 'cache', 'paper-abstracts');
/** Every file of the folder that is not a records file: the abstract packs, and nothing else. */
const abstractPacks = () =>
  readdirSync(filesDir())
    .filter((name) => !isPaperRecordsFile(name))
    .sort();
const recordsFiles = () => readdirSync(filesDir()).filter(isPaperRecordsFile).sort();
/** The records the pages would read for the papers in the store (site-data.ts). */
const storedRecords = () =>
  loadPaperRecords(
    filesDir(),
    [...store.values()].map((entry) => String(entry.digest)),
  );
const recordOf = (id: string) => storedRecords().get(String(store.get(id)?.digest));
/** Where the abstract of `id` is, as the pages find it (site-data.ts): in its record, or a dev server's store. */
function abstractAt(id: string): AbstractLocation {
  const location = store.get(id)?.rendered?.metadata?.abstract ?? recordOf(id)?.abstract;
  if (location === undefined) throw new Error(`${id} has no abstract location`);
  return location;
}
/** The abstract of `id` as the loader rendered it into its pack. */
function abstractOf(id: string) {
  const reader = createAbstractReader(filesDir());
  try {
    return reader.read(abstractAt(id), id);
  } finally {
    reader.close();
  }
}
/** The abstracts of every paper in the store, one per paper, each where its record says. */
const storedAbstracts = () => [...store.keys()].map(abstractOf);

const load = () => paperLoader({ base: 'papers', dependsOn: ['topics.yaml'] }).load(context());

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'paper-loader-'));
  mkdirSync(join(root, 'papers'));
  writeFileSync(join(root, 'topics.yaml'), '- id: learning-theory\n');
  store = new Map();
  parsed = [];
  onParse = undefined;
});

describe('paperLoader', () => {
  it('keeps validated data and the summary lists need in records files, and what only its page shows in a pack', async () => {
    paper(
      'first.md',
      'Bound $O(\\sqrt{T})$ holds. It is tight.',
      undefined,
      "original: 'Bound O(sqrt(T)) holds; tight.'\n",
    );
    paper('second.md', 'Plain prose.');
    writeFileSync(join(root, 'papers', 'notes.txt'), 'not a paper');
    await load();
    expect([...store.keys()].sort()).toEqual(['first', 'second']);
    // The store Astro parses, writes back, bundles and compiles holds each paper's digest only.
    expect(store.get('first')).toEqual({ id: 'first', data: {}, digest: store.get('first')?.digest });
    const first = recordOf('first');
    expect(first?.data.added).toEqual(new Date('2025-03-14'));
    // Not in the records either: the abstract (HTML, text) and the original as scraped.
    expect(first?.data).not.toHaveProperty('original');
    expect(JSON.stringify(first)).not.toMatch(/It is tight|sqrt\(T\)/);
    expect(first?.summary.titleText).toBe('A Paper called first');
    expect(first?.summary.repaired).toBe(true);
    expect(recordOf('second')?.summary.repaired).toBe(false);
    expect(abstractOf('first')).toMatchObject({
      text: 'Bound O(√T) holds. It is tight.',
      description: 'Bound O(√T) holds.',
      hasMath: true,
      original: 'Bound O(sqrt(T)) holds; tight.',
    });
    expect(abstractOf('first').html).toContain('class="katex"');
    expect(abstractOf('second')).not.toHaveProperty('original');
    // Both in one pack, the in-process renderer's (fewer than PAPERS_FOR_RENDER_THREADS papers).
    expect(abstractPacks()).toEqual([abstractAt('first').pack]);
    expect(abstractAt('second').pack).toBe(abstractAt('first').pack);
  });

  it('refuses an original the schema refuses, though it is not stored', async () => {
    paper('first.md', 'Fine.', undefined, 'original: "Hidden \\u202E text"\n');
    await expect(load()).rejects.toThrow(/first\.md: .*bidirectional control U\+202E/);
  });

  it('re-renders only what changed since the last build, and anything when the taxonomy changes', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    await load();
    parsed = [];
    paper('second.md', 'Two, edited.');
    await load();
    expect(parsed).toEqual(['second']);
    expect(abstractOf('second').html).toContain('Two, edited.');
    // The new version in a new pack; the unchanged paper's kept where it was.
    expect(abstractPacks()).toHaveLength(2);
    expect(abstractOf('first').text).toBe('One.');
    parsed = [];
    writeFileSync(join(root, 'topics.yaml'), '- id: learning-theory\n  name: changed\n');
    await load();
    expect(parsed.sort()).toEqual(['first', 'second']);
  });

  it('renders a paper again when its pack is missing or too short, though its file did not change', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    paper('third.md', 'Three.');
    await load();
    const pack = join(filesDir(), abstractAt('first').pack);
    // Cut inside the second abstract: the first is whole, the others are not.
    truncateSync(pack, abstractAt('second').offset + 3);
    parsed = [];
    await load();
    expect(parsed).toEqual(['second', 'third']);
    expect(abstractOf('second').text).toBe('Two.');
    expect(abstractOf('third').text).toBe('Three.');
    rmSync(pack);
    parsed = [];
    await load();
    expect(parsed).toEqual(['first']);
    expect(existsSync(pack)).toBe(false);
    expect(
      storedAbstracts()
        .map((abstract) => abstract.text)
        .sort(),
    ).toEqual(['One.', 'Three.', 'Two.']);
  });

  it('renders the papers of a pack the archive mostly left again, into a new pack, and removes the old one', async () => {
    for (const name of ['first', 'second', 'third', 'fourth']) paper(`${name}.md`, `The ${name} abstract.`);
    await load();
    const [old] = abstractPacks();
    for (const name of ['second', 'third', 'fourth']) paper(`${name}.md`, `The ${name} abstract, edited.`);
    parsed = [];
    await load();
    expect(parsed).toEqual(['fourth', 'second', 'third']);
    // The old pack holds one abstract still used of four: still named by a record, so still here.
    expect(abstractPacks()).toHaveLength(2);
    expect(abstractAt('first').pack).toBe(old);
    parsed = [];
    await load();
    // The next build renders that one paper again, and the old pack goes.
    expect(parsed).toEqual(['first']);
    expect(abstractPacks()).not.toContain(old);
    expect(abstractPacks()).toHaveLength(2);
    expect(
      storedAbstracts()
        .map((abstract) => abstract.text)
        .sort(),
    ).toEqual([
      'The first abstract.',
      'The fourth abstract, edited.',
      'The second abstract, edited.',
      'The third abstract, edited.',
    ]);
    // Nothing changed and no pack sparse: nothing rendered, nothing written.
    parsed = [];
    await load();
    expect(parsed).toEqual([]);
  });

  it('drops papers whose files were deleted', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    await load();
    rmSync(join(root, 'papers', 'second.md'));
    await load();
    expect([...store.keys()]).toEqual(['first']);
    expect(storedAbstracts().map((abstract) => abstract.text)).toEqual(['One.']);
  });

  it('keeps the records in files named by the papers they hold, rewriting only what changed', async () => {
    paper('first.md', 'Regret bounds for bandits.');
    paper('second.md', 'Kernel methods for regression.');
    await load();
    const files = recordsFiles();
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(storedRecords().size).toBe(2);
    expect(recordOf('first')?.summary.terms).toMatch(/\bbandit \d/);
    // Nothing changed: the same files, not written again.
    const written = files.map((file) => statSync(join(filesDir(), file)).mtimeMs);
    await load();
    expect(recordsFiles()).toEqual(files);
    expect(files.map((file) => statSync(join(filesDir(), file)).mtimeMs)).toEqual(written);
    // A paper edited and one deleted: files for the new sets, the old ones pruned.
    paper('second.md', 'Kernel methods for classification.');
    paper('third.md', 'Graph neural networks.');
    rmSync(join(root, 'papers', 'first.md'));
    await load();
    expect(recordsFiles()).not.toEqual(files);
    const terms = [...storedRecords().values()].map((record) => record.summary.terms).join(' ');
    expect(terms).toMatch(/classification.*graph|graph.*classification/);
    expect(terms).not.toContain('bandit');
    expect(storedRecords().size).toBe(2);
    expect(readdirSync(filesDir())).toHaveLength(recordsFiles().length + abstractPacks().length);
  });

  it('renders papers again whose records are missing or damaged, and writes sound records files', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    await load();
    const files = recordsFiles();
    for (const file of files) writeFileSync(join(filesDir(), file), '{"broken');
    parsed = [];
    await load();
    expect(parsed).toEqual(['first', 'second']);
    expect(storedRecords().size).toBe(2);
    for (const file of files) rmSync(join(filesDir(), file));
    parsed = [];
    await load();
    expect(parsed).toEqual(['first', 'second']);
    expect(recordsFiles()).toEqual(files);
  });

  it('keeps the records in the store in a dev server, which updates one paper at a time', async () => {
    paper('first.md', 'Regret bounds for bandits.');
    await takeRelatedPapers(); // what an earlier test's build left
    await paperLoader({ base: 'papers', dependsOn: ['topics.yaml'] }).load(context(true));
    // A dev server derives related papers per request: no worker is started for them.
    expect(await takeRelatedPapers()).toBeUndefined();
    const first = store.get('first');
    expect(first?.data['added']).toEqual(new Date('2025-03-14'));
    expect(first?.filePath).toBe('papers/first.md');
    expect(first?.rendered?.metadata?.summary?.terms).toMatch(/\bbandit \d/);
    expect(abstractOf('first').text).toBe('Regret bounds for bandits.');
    expect(recordsFiles()).toEqual([]);
    // A build after it finds no records for the paper and renders it again.
    parsed = [];
    await load();
    expect(parsed).toEqual(['first']);
    expect(recordOf('first')?.summary.terms).toMatch(/\bbandit \d/);
  });

  it("starts the archive's related papers on a worker thread once a build has loaded every paper", async () => {
    paper('first.md', 'Federated averaging converges under client drift.', undefined, 'published: 2025-01-01\n');
    paper('second.md', 'Client drift slows federated averaging.');
    paper('third.md', 'Regret bounds for bandits.');
    paper('fourth.md', 'Bandits with federated clients drift.', undefined, 'published: 2024-01-01\n');
    await takeRelatedPapers(); // what an earlier test's build left
    await load();
    const ahead = await takeRelatedPapers();
    expect(ahead).toBeDefined();
    // The pages' archive, from the records the pages read (site-data.ts), takes the worker's answer.
    const records = storedRecords();
    const entries: LoadedPaperEntry[] = [...store.values()].map((entry) => {
      const record = records.get(String(entry.digest));
      if (record === undefined) throw new Error(`no record of ${entry.id}`);
      return { id: entry.id, filePath: `papers/${entry.id}.md`, ...record, abstractAt: abstractAt(entry.id) };
    });
    const ordered = orderPapers(entries);
    const related = ahead?.(ordered.relatedInputs);
    expect(relatedPapersNote()).toMatch(/^related papers of 4 papers computed on a worker thread/);
    if (related === undefined) throw new Error("the worker's answer was not taken");
    const archive = completeArchive(ordered, related, []);
    // The same related papers as the archive computes itself.
    const here = buildArchive(entries, []);
    expect(relatedPapersNote()).toBeUndefined();
    expect(archive.papers.map((p) => [p.slug, p.related])).toEqual(here.papers.map((p) => [p.slug, p.related]));
    expect(here.papers.map((p) => p.slug)).toEqual(['first', 'fourth', 'second', 'third']);
    expect(here.papers.every((p) => p.related.length === 3)).toBe(true);
  }, 30_000);

  it('fails listing every paper it could not load, with file and line, instead of dropping them', async () => {
    paper('good.md', 'Fine.');
    paper('bad-math.md', 'Intro.\n\nBroken $\\frac{1}{$ here.');
    paper('bad-data.md', 'Fine.', '');
    paper('bad-title.md', 'Fine.', "'Broken $\\frac{1}{$ title'");
    const failure = await load().then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/^3 paper file\(s\) could not be loaded:/);
    expect(failure).toMatch(/papers\/bad-title\.md \(title\): KaTeX cannot render/);
    expect(failure).toMatch(/bad-math\.md:10:8: KaTeX cannot render the formula "\\frac\{1\}\{"/);
    expect(failure).toMatch(/papers\/bad-data\.md: bad-data: /);
    expect(store.has('good')).toBe(true);
  });

  it('refuses what the check refuses before rendering anything: names, bytes, hidden characters, limits, duplicates', async () => {
    paper('good.md', 'Fine.');
    paper(`${'a'.repeat(129)}.md`, 'Fine.');
    paper('escaped-override.md', 'Fine.', '"Widgets \\u202Egnirts\\u202C"');
    paper('escaped-nul.md', 'Fine.', '"Widgets\\0"');
    paper('soft-hyphens.md', 'Fine.', 'Wid\u00ADgets');
    paper('huge.md', 'word '.repeat(14_000));
    paper('long-abstract.md', 'word '.repeat(2_100));
    paper('nested.md', `${'- '.repeat(3000)}x`);
    paper('reference.md', 'Hidden &#x202E; text.');
    paper('original.md', 'Fine.', 'A Paper with a Lookalike Title');
    paper('lookalike.md', 'Fine.', 'A Paper with a L\u043Eokalike Title');
    const failure = await load().then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/^9 paper file\(s\) could not be loaded:/);
    expect(failure).toMatch(/aaaa\.md: the file name "a+….md" makes a slug of 129 characters.* \[file-name-too-long\]/);
    expect(failure).toMatch(/escaped-override\.md: .*bidirectional control U\+202E \(right-to-left override\)/);
    expect(failure).toMatch(/escaped-nul\.md: .*control character U\+0000 \(null\)/);
    expect(failure).toMatch(/soft-hyphens\.md: invisible character U\+00AD \(soft hyphen\).* \[invisible-character\]/);
    expect(failure).toMatch(
      /huge\.md: the file is \d+ bytes; a paper file is at most 65536 bytes.* \[file-too-large\]/,
    );
    expect(failure).toMatch(
      /long-abstract\.md: the abstract is 10499 characters; the limit is 10000.* \[abstract-too-long\]/,
    );
    expect(failure).toMatch(/nested\.md: blockquotes or lists nested 3000 deep.* \[markdown-nesting\]/);
    expect(failure).toMatch(
      /reference\.md: bidirectional control U\+202E .* written as "&#x202E;" in the abstract.* \[bidi-control\]/,
    );
    expect(failure).toMatch(
      /papers\/lookalike\.md, papers\/original\.md: the same title \(ignoring case, accents, punctuation, invisible characters and lookalike letters\).* \[duplicate-title\]/,
    );
    // Nothing refused was rendered.
    expect(parsed.sort()).toEqual(['escaped-nul', 'escaped-override', 'good', 'lookalike', 'original']);
    expect([...store.keys()].sort()).toEqual(['good', 'lookalike', 'original']);
  });

  it('renders on its threads while it still reads the rest, and loads every paper', async () => {
    // Enough papers for the render threads (paper-render-pool.ts), one of them broken after they started.
    const ids = Array.from({ length: PAPERS_FOR_RENDER_THREADS + 60 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const broken = ids[PAPERS_FOR_RENDER_THREADS + 20] ?? '';
    for (const id of ids)
      paper(`${id}.md`, id === broken ? 'Broken $\\frac{1}{$ here.' : `Bound $x_{${id.slice(1)}}$ holds.`);
    const last = ids.at(-1);
    let abstractsBeforeLast = 0;
    onParse = async (id) => {
      if (id !== last) return;
      // A thread can have written an abstract by now only if papers read earlier were handed over.
      for (let waited = 0; waited < 20_000 && abstractsBeforeLast === 0; waited += 25) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        abstractsBeforeLast = abstractPacks().reduce((bytes, pack) => bytes + statSync(join(filesDir(), pack)).size, 0);
      }
    };
    const failure = await load().then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(abstractsBeforeLast).toBeGreaterThan(0);
    expect(failure).toMatch(
      new RegExp(`^1 paper file\\(s\\) could not be loaded:\\n.*${broken}\\.md:\\d+:\\d+: KaTeX cannot render`),
    );
    expect(store.size).toBe(ids.length - 1);
    expect(storedAbstracts()).toHaveLength(ids.length - 1);
    expect(abstractOf(last ?? '').text).toBe('Bound x₂₅₉ holds.');
  }, 60_000);

  it('refuses to read an archive that an interrupted ingest left half-written', async () => {
    paper('first.md', 'One.');
    mkdirSync(join(root, '.transaction'));
    const journal = {
      version: 1,
      state: 'commit',
      holder: { pid: 1, host: 'h', command: 'npm run ingest', started: 'then' },
    };
    writeFileSync(
      join(root, '.transaction', 'journal.json'),
      JSON.stringify({ ...journal, targets: ['../papers/first.md'], existed: [true], dirs: [] }),
    );
    await expect(load()).rejects.toThrow(
      /^Failed to load the papers: npm run ingest \(pid 1 on h, started then\) was writing 1 file in one transaction .*run "npm run ingest -- --recover"/,
    );
    expect(store.size).toBe(0);
  });
});
