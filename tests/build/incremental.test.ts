/**
 * Incremental builds: a build that reuses the previous build's output folder and cache must give
 * exactly the files a cold build of the same archive gives, byte for byte, while rendering again
 * only the pages whose content changed. The archive changes the way a pull request changes it: a
 * paper added, one deleted, one renamed, one abstract edited.
 */
import { watch } from 'node:fs';
import { copyFile, cp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLaterPaper, buildSite, copyFixture, makeTemp, removeTemp } from '../helpers/astro-build.ts';
import { createAbstractReader } from '../../src/lib/build/abstract-packs.ts';
import { routesInLog } from '../../bench/astro-log.ts';
import { isPaperRecordsFile, readPaperRecords } from '../../src/lib/build/paper-records-file.ts';
import type { PaperData } from '../../src/lib/paper/schema.ts';
import { serializePaperFile } from '../../src/lib/paper/paper-file.ts';
import { filesThatDiffer, listFiles, readPage } from '../helpers/dist.ts';

const SITE_URL = 'https://papers.example.org';
const NEW_PAPER = `---
title: 'A New Paper on Federated Rank Aggregation'
authors:
  - Ada Example
arxiv: '2501.01234'
published: 2025-01-03
added: 2025-03-20
topics:
  - federated-learning
source: pull request
---
We study rank aggregation for federated learning with $k$ clients and show a bound of $O(\\sqrt{k})$ rounds.
`;

const GENERATED = 60;
const WORDS = ['Adaptive', 'Bounds for', 'Convergence of', 'Learning', 'Robust', 'Sparse', 'Towards', 'Variational'];
const SUBJECTS = ['federated averaging', 'generalization', 'client drift', 'mutual information', 'kernel methods'];

let scratch = '';
let content = '';
let incremental = '';
let cold = '';
let cache = '';
let firstOutput = '';
let secondOutput = '';
let firstManifest: Manifest;
let secondManifest: Manifest;

/** Astro's incremental-build manifest (node_modules/astro/dist/core/build/incremental.js), as far as read here. */
interface Manifest {
  configHash: string;
  lockfileHash: string;
  routes: Record<string, { dependencyHash: string; paths: Record<string, { cacheKey: string }> }>;
}

/** Keeps the manifest a build left in the cache, to explain later why a page was rendered again. */
async function keepManifest(name: string): Promise<Manifest> {
  const kept = join(scratch, `${name}.json`);
  await copyFile(join(cache, 'incremental-build.json'), kept);
  return JSON.parse(await readFile(kept, 'utf8')) as Manifest;
}

/** Why Astro could not reuse `page` (a file in dist/ such as `topics/x/index.html`) from `before`. */
function whyRendered(before: Manifest, after: Manifest, file: string): string {
  if (before.configHash !== after.configHash) return 'the config hash changed';
  if (before.lockfileHash !== after.lockfileHash) return 'the lock file hash changed';
  const page = `/${file}`;
  const pathname = page.replace(/index\.html$/, '');
  for (const [route, entry] of Object.entries(after.routes)) {
    const now = entry.paths[pathname] ?? entry.paths[page];
    if (now === undefined) continue;
    const then = before.routes[route];
    if (then === undefined) return `${route}: not in the previous manifest`;
    if (then.dependencyHash !== entry.dependencyHash) return `${route}: its templates' dependency hash changed`;
    const previous = then.paths[pathname] ?? then.paths[page];
    if (previous === undefined) return `${route}: the path is new`;
    if (previous.cacheKey !== now.cacheKey) return `${route}: its cacheKey changed`;
    return `${route}: the same keys in both manifests (reused, but its log line was not recognised; or a content entry's render hash changed)`;
  }
  return 'not keyed';
}

/** List pages: the paper list (its landing, years, months, title buckets) and the topics' pages. */
const isList = (file: string) =>
  /^(?:papers\/(?:\d{4}\/.*|by-title\/.*)?|topics\/[^/]+\/(?:.+\/)?)index\.html$/.test(file);
/** The pages that have a cacheKey: every list page, every paper page and the topic feeds. */
const isKeyed = (file: string) => isList(file) || /^papers\/[^/]+\/index\.html$|^topics\/[^/]+\/feed\.xml$/.test(file);

/** The paths Astro's log lists as `(cached)` or `(restored)`: those it did not render again. */
function skipped(output: string): string[] {
  return routesInLog(output)
    .filter(({ kept }) => kept)
    .map(({ path }) => path);
}

beforeAll(async () => {
  scratch = await makeTemp('incremental');
  content = await copyFixture('basic', join(scratch, 'content'));
  incremental = join(scratch, 'dist-incremental');
  cold = join(scratch, 'dist-cold');
  cache = join(scratch, 'cache');
  // Enough papers for the title index to split into letter buckets, a topic to have month pages
  // the lists a one-paper addition must leave alone.
  for (let index = 0; index < GENERATED; index += 1) {
    const data: PaperData = {
      title: `${WORDS[index % WORDS.length] ?? 'On'} ${SUBJECTS[index % SUBJECTS.length] ?? ''} ${index + 1}`,
      authors: ['Gen Author'],
      added: new Date(Date.UTC(2024, (index * 5) % 12, 1 + (index % 27))),
      topics: [index % 2 === 0 ? 'federated-learning' : 'learning-theory'],
      source: 'generated for the incremental test',
    };
    const body = `We study ${SUBJECTS[index % SUBJECTS.length] ?? ''} in setting ${index}, with a bound of $O(n)$.`;
    await writeFile(join(content, 'papers', `generated-${index + 1}.md`), serializePaperFile(data, body));
  }
  const options = { contentDir: content, outDir: incremental, cacheDir: cache, site: SITE_URL };
  const first = await buildSite(options);
  if (first.code !== 0) throw new Error(`first build failed:\n${first.output}`);
  firstOutput = first.output;
  firstManifest = await keepManifest('manifest-1');

  const papers = join(content, 'papers');
  await writeFile(join(papers, 'a-new-paper-on-federated-rank-aggregation.md'), NEW_PAPER);
  await rm(join(papers, 'the-consciousness-prior.md'));
  await rename(join(papers, 'frl-federated-rank-learning.md'), join(papers, 'frl-federated-rank-learning-2021.md'));
  const edited = join(papers, 'anarchic-federated-learning.md');
  await writeFile(edited, `${(await readFile(edited, 'utf8')).trimEnd()} We also release the code.\n`);

  const second = await buildSite(options);
  if (second.code !== 0) throw new Error(`incremental build failed:\n${second.output}`);
  secondOutput = second.output;
  secondManifest = await keepManifest('manifest-2');
  const fresh = await buildSite({ contentDir: content, outDir: cold, site: SITE_URL });
  if (fresh.code !== 0) throw new Error(`cold build failed:\n${fresh.output}`);
});

afterAll(async () => {
  if (scratch !== '') await removeTemp(scratch);
});

describe('an incremental build', () => {
  it('gives the same files as a cold build of the same archive, byte for byte', async () => {
    const files = await listFiles(incremental);
    expect(files).toEqual(await listFiles(cold));
    expect(await filesThatDiffer(incremental, cold, files)).toEqual([]);
  });

  it('removes the pages and .bib files of deleted and renamed papers', async () => {
    const files = new Set(await listFiles(incremental));
    for (const gone of ['the-consciousness-prior', 'frl-federated-rank-learning']) {
      expect(files.has(`papers/${gone}/index.html`)).toBe(false);
      expect(files.has(`papers/${gone}.bib`)).toBe(false);
    }
    expect(files.has('papers/frl-federated-rank-learning-2021/index.html')).toBe(true);
    expect(files.has('papers/a-new-paper-on-federated-rank-aggregation.bib')).toBe(true);
  });

  it('renders every page the first time, then only the pages that show what changed', () => {
    expect(skipped(firstOutput)).toEqual([]);
    const reused = skipped(secondOutput);
    // Topics none of the changed papers is in keep their pages...
    for (const page of ['/topics/scaling-laws/index.html', '/topics/learning-theory/index.html']) {
      expect(reused, whyRendered(firstManifest, secondManifest, page.slice(1))).toContain(page);
    }
    // ...while the new, renamed and edited papers' pages, and their topic's, are rendered.
    for (const path of [
      '/papers/a-new-paper-on-federated-rank-aggregation/index.html',
      '/papers/frl-federated-rank-learning-2021/index.html',
      '/papers/anarchic-federated-learning/index.html',
      '/topics/federated-learning/index.html',
    ]) {
      expect(reused).not.toContain(path);
      expect(secondOutput).toContain(path);
    }
  });

  it("takes the related papers from the paper loader's worker thread, in a cold build and after changes", () => {
    for (const output of [firstOutput, secondOutput]) {
      expect(output).toMatch(/related papers of \d+ papers computed on a worker thread/);
    }
  });

  it('renders the paper pages before the title index, the lists and the topics (render-order.ts)', () => {
    const rendered = routesInLog(firstOutput).map((route) => route.path);
    const isPaperPage = (path: string) => /^\/papers\/(?!by-title\/|\d{4}\/)[^/]+\/index\.html$/.test(path);
    const papers = rendered.filter(isPaperPage);
    expect(papers.length).toBeGreaterThan(GENERATED);
    expect(rendered.slice(0, papers.length)).toEqual(papers);
    // The pages Astro would otherwise have rendered first are all there, after them.
    expect(rendered.slice(papers.length)).toEqual(
      expect.arrayContaining(['/papers/by-title/index.html', '/404.html', '/papers/index.html']),
    );
  });

  it('renders no paper, list or topic page again when nothing changed, however the build is started', async () => {
    // Started another way than the builds before (the shell's `_` names the program that started
    // it: npm, npx, node), which must not change what Astro bundles (astro.config.mjs).
    const third = await buildSite({
      contentDir: content,
      outDir: incremental,
      cacheDir: cache,
      site: SITE_URL,
      env: { _: `/started/another/way/${process.pid}` },
    });
    expect(third.code, third.output).toBe(0);
    const reused = new Set(skipped(third.output));
    const pages = (await listFiles(incremental)).filter((file) => isKeyed(file));
    expect(pages.length).toBeGreaterThan(30);
    const thirdManifest = await keepManifest('manifest-3');
    const rendered = pages.filter((page) => !reused.has(`/${page}`));
    expect(rendered.map((page) => `${page}: ${whyRendered(secondManifest, thirdManifest, page)}`)).toEqual([]);
  });

  it('renders again, for one paper added, only the list pages that show it', async () => {
    const before = await keepManifest('manifest-before-one');
    await addLaterPaper(content);
    const fourth = await buildSite({ contentDir: content, outDir: incremental, cacheDir: cache, site: SITE_URL });
    expect(fourth.code, fourth.output).toBe(0);
    const after = await keepManifest('manifest-after-one');
    const reused = new Set(skipped(fourth.output));
    const keyed = (await listFiles(incremental)).filter(isKeyed);
    const rendered = keyed.filter((file) => !reused.has(`/${file}`));
    const lists = keyed.filter(isList);
    // The list pages that show the new paper: whichever link to it.
    const showing: string[] = [];
    for (const file of lists) {
      const doc = await readPage(incremental, file);
      const links = doc.querySelectorAll('.paper-list h2 a').map((a) => a.getAttribute('href'));
      if (links.includes('/papers/robust-federated-averaging-under-client-drift/')) showing.push(file);
    }
    // Its month's page, its title bucket's, its topic's landing page and the paper list's.
    expect(showing).toContain('papers/index.html');
    expect(showing).toContain('topics/federated-learning/index.html');
    expect(showing.filter((file) => file.startsWith('papers/2025/03/'))).toHaveLength(1);
    expect(showing.filter((file) => file.startsWith('papers/by-title/'))).toHaveLength(1);
    // The lists are big enough to have pages that do not show it, which must be reused.
    expect(lists.length).toBeGreaterThan(showing.length + 20);
    expect(lists).toContain('papers/by-title/r/index.html');
    expect(lists.some((file) => /^topics\/federated-learning\/\d{4}\/\d{2}\//.test(file))).toBe(true);
    const renderedLists = rendered.filter(isList);
    expect(
      renderedLists.map((file) => `${file}: ${whyRendered(before, after, file)}`),
      `of ${lists.length} list pages`,
    ).toEqual(showing.map((file) => `${file}: ${whyRendered(before, after, file)}`));
    // The paper pages: the new one, its older neighbour, and those whose related list now names it.
    const papers = rendered.filter((file) => /^papers\/[^/]+\/index\.html$/.test(file));
    expect(papers).toContain('papers/robust-federated-averaging-under-client-drift/index.html');
    expect(papers.length).toBeLessThan(keyed.filter((file) => /^papers\/[^/]+\/index\.html$/.test(file)).length / 3);
    expect(rendered).toContain('topics/federated-learning/feed.xml');
  });
});

describe('the build cache', () => {
  it("keeps Astro's copy of each page as a link to the page, and restores an emptied output folder from it", async () => {
    // Astro keeps a copy of every keyed page it renders, to restore an output folder that is gone;
    // the patch (.config/patches/astro+*.patch) makes that copy a hard link, not a second write,
    // in one folder: a file per page, named by its path, not a folder per page.
    const keptCopy = (file: string) => join(cache, 'pages', file.replaceAll('%', '%25').replaceAll('/', '%2F'));
    expect((await readdir(join(cache, 'pages'), { withFileTypes: true })).every((entry) => entry.isFile())).toBe(true);
    const keyed = (await listFiles(incremental)).filter(isKeyed);
    expect(keyed.length).toBeGreaterThan(30);
    const notLinked: string[] = [];
    for (const file of keyed) {
      const [page, copy] = await Promise.all([stat(join(incremental, file)), stat(keptCopy(file))]);
      if (page.ino !== copy.ino || page.dev !== copy.dev) notLinked.push(file);
    }
    expect(
      notLinked,
      'kept copies that are not links: is .config/patches/astro+*.patch applied (npm install)?',
    ).toEqual([]);

    const before = join(scratch, 'dist-before-emptied');
    await cp(incremental, before, { recursive: true });
    await rm(incremental, { recursive: true });
    const restored = await buildSite({ contentDir: content, outDir: incremental, cacheDir: cache, site: SITE_URL });
    expect(restored.code, restored.output).toBe(0);
    // Every keyed page comes back from its kept copy: none can be `(cached)`, as dist/ was gone.
    expect(restored.output).toMatch(/\(restored\)/);
    expect(restored.output).not.toMatch(/\(cached\)/);
    expect(new Set(skipped(restored.output))).toEqual(new Set(keyed.map((file) => `/${file}`)));
    const files = await listFiles(incremental);
    expect(files).toEqual(await listFiles(before));
    expect(await filesThatDiffer(incremental, before, files)).toEqual([]);
    // A restored page is a file of its own: rendering it again later cannot change the kept copy.
    const sample = keyed[0] ?? '';
    const [page, copy] = await Promise.all([stat(join(incremental, sample)), stat(keptCopy(sample))]);
    expect(page.ino).not.toBe(copy.ino);
  });

  it("keeps each paper's data, summary, terms, abstract and original out of Astro's data store, old versions removed", async () => {
    // The store in chunks (experimental.collectionStorage: 'chunked'), listed by its manifest.
    const chunks = Object.values(
      JSON.parse(await readFile(join(cache, 'data-store', 'manifest.json'), 'utf8')) as Record<string, string[]>,
    ).flat();
    expect(chunks.length).toBeGreaterThan(0);
    const store = (await Promise.all(chunks.map((name) => readFile(join(cache, 'data-store', name), 'utf8')))).join('');
    // Each paper's id and digest only: nothing of its title, front matter, abstract or terms.
    expect(store).toContain('a-new-paper-on-federated-rank-aggregation');
    for (const absent of [
      'A New Paper on Federated Rank Aggregation',
      'We study rank aggregation',
      '"original"',
      '"terms"',
      '"authors"',
    ]) {
      expect(store).not.toContain(absent);
    }
    const papers = (await readdir(join(content, 'papers'))).filter((name) => name.endsWith('.md'));
    const names = await readdir(join(cache, 'paper-abstracts'));
    // The records of the papers of the last build, and no others: every page's lists came from them.
    const records = new Map(
      names.filter(isPaperRecordsFile).flatMap((name) => [...readPaperRecords(join(cache, 'paper-abstracts', name))]),
    );
    expect(records.size).toBe(papers.length);
    // Besides them only the packs their abstracts are in: older versions' packs were removed.
    const packs = new Set([...records.values()].map((record) => record.abstract?.pack));
    expect(names.filter((name) => !isPaperRecordsFile(name)).sort()).toEqual([...packs].sort());
    const titles = [...records.values()].map((record) => record.data.title);
    expect(titles).toContain('A New Paper on Federated Rank Aggregation');
    expect([...records.values()].some((record) => /\baggregation \d/.test(record.summary.terms))).toBe(true);
    // Only the first sentence, which lists show, and nothing of the scraped originals.
    expect(JSON.stringify([...records.values()])).not.toMatch(/We also release the code\.|"original"/);
    const reader = createAbstractReader(join(cache, 'paper-abstracts'));
    const files = [...records].map(([digest, record]) => {
      if (record.abstract === undefined) throw new Error(`the record of ${digest} says no abstract`);
      return reader.read(record.abstract, digest);
    });
    reader.close();
    expect(files.filter(({ html }) => html.startsWith('<p>We study rank aggregation'))).toHaveLength(1);
    expect(files.filter(({ text }) => text.includes('We also release the code.'))).toHaveLength(1);
    expect(files.filter(({ original }) => original !== undefined).length).toBeGreaterThan(0);
  });
});

describe('a build killed partway', () => {
  it('leaves no page of its own behind once its change is undone and the site built again', async () => {
    // The pages a killed build wrote are in dist/ (and, as links, in Astro's kept copies), but
    // the manifest it would have written at the end is not: the last finished build's keys still
    // name them. Undoing the change (a reverted commit, another branch) brings those keys back.
    const topics = join(content, 'topics.yaml');
    const taxonomy = await readFile(topics, 'utf8');
    const renamed = 'Federated learning, renamed by a build that never finished';
    expect(taxonomy).toContain('name: Federated learning\n');
    await writeFile(topics, taxonomy.replace('name: Federated learning\n', `name: ${renamed}\n`));
    const manifest = await readFile(join(cache, 'incremental-build.json'), 'utf8');
    const killer = new AbortController();
    // Killed as soon as one paper page shows the new name: every paper page is rendered again (the
    // taxonomy is in each paper's digest), so the others and the manifest are still to come.
    const watcher = watch(incremental, { recursive: true }, (_event, name) => {
      if (name === null || !/^papers\/[^/]+\/index\.html$/.test(name)) return;
      readFile(join(incremental, name), 'utf8').then(
        (page) => page.includes(renamed) && killer.abort(),
        () => undefined,
      );
    });
    let killed;
    try {
      killed = await buildSite({
        contentDir: content,
        outDir: incremental,
        cacheDir: cache,
        site: SITE_URL,
        signal: killer.signal,
      });
    } finally {
      watcher.close();
    }
    expect(killed.killedBy, `the build ended before it was killed:\n${killed.output}`).toBe('SIGKILL');
    expect(await readFile(join(cache, 'incremental-build.json'), 'utf8'), 'killed after its manifest').toBe(manifest);

    await writeFile(topics, taxonomy);
    const again = await buildSite({ contentDir: content, outDir: incremental, cacheDir: cache, site: SITE_URL });
    expect(again.code, again.output).toBe(0);
    const fresh = await buildSite({
      contentDir: content,
      outDir: join(scratch, 'dist-cold-after-kill'),
      site: SITE_URL,
    });
    expect(fresh.code, fresh.output).toBe(0);
    const files = await listFiles(incremental);
    expect(files).toEqual(await listFiles(fresh.outDir));
    expect(await filesThatDiffer(incremental, fresh.outDir, files)).toEqual([]);
  });
});

describe('one cache for two output folders', () => {
  it('renders again, in the folder built before, the pages a build into another folder changed', async () => {
    // Astro keeps a page that is in the output folder and whose key is the manifest's; the
    // manifest says what the last build wrote, in whichever folder that was.
    const other = join(scratch, 'dist-other');
    const options = { contentDir: content, cacheDir: cache, site: SITE_URL };
    const first = await buildSite({ ...options, outDir: other });
    expect(first.code, first.output).toBe(0);
    const edited = join(content, 'papers', 'anarchic-federated-learning.md');
    const text = await readFile(edited, 'utf8');
    await writeFile(
      edited,
      text.replace('title: Anarchic Federated Learning', 'title: Anarchic Federated Learning, Retitled'),
    );
    const changed = await buildSite({ ...options, outDir: other });
    expect(changed.code, changed.output).toBe(0);
    const back = await buildSite({ ...options, outDir: incremental });
    expect(back.code, back.output).toBe(0);
    const fresh = await buildSite({ contentDir: content, outDir: join(scratch, 'dist-cold-other'), site: SITE_URL });
    expect(fresh.code, fresh.output).toBe(0);
    const files = await listFiles(incremental);
    expect(files).toEqual(await listFiles(fresh.outDir));
    expect(await filesThatDiffer(incremental, fresh.outDir, files)).toEqual([]);
  });
});
