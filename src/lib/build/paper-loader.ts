import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { archiveState } from '../storage/archive-guard.ts';
import { fileNameProblems } from '../check/archive-files.ts';
import { hiddenReferences } from '../check/hidden-characters.ts';
import { markdownLimits } from '../check/markdown-limits.ts';
import type { Problem } from '../check/rules.ts';
import { decodePaperBytes } from '../check/text-hazards.ts';
import { identityKeys, provenDistinct, type PaperIdentity } from '../paper/identity.ts';
import { readFrontMatter } from '../paper/read-front-matter.ts';
import { createRenderPool, PAPERS_FOR_RENDER_THREADS, type PaperRenderPool } from '../markdown/paper-render-pool.ts';
import type { PaperData } from '../paper/schema.ts';
import type { PaperSummary } from '../site/paper-view.ts';
import {
  abstractFilesDir,
  createAbstractReader,
  ensureAbstractFilesDir,
  packSizes,
  pruneAbstractFiles,
  sparsePacks,
  type AbstractLocation,
} from './abstract-packs.ts';
import { readAllPaperRecords, writePaperRecords, type PaperRecord } from './paper-records-file.ts';
import { startRelatedPapers } from './related-papers-ahead.ts';
import { codeDigest } from './source-digest.ts';
import type { RelatedSource } from './related-papers-offer.ts';

/** Bump when the rendering pipeline or what the store and abstracts hold changes, so an older build's are not reused. */
const RENDER_VERSION = '10';
/** The digest of the loader's code, its render threads' and the collection schema's (source-digest.ts). */
const LOADER_CODE = () => codeDigest([new URL(import.meta.url), new URL('../../content.config.ts', import.meta.url)]);

export interface PaperLoaderOptions {
  /** The folder holding `<slug>.md` files. */
  base: string;
  /**
   * Files whose content changes what every paper renders or validates to (the topic taxonomy, the
   * site macros); a missing one counts as empty.
   */
  dependsOn?: readonly string[];
}

/**
 * Loads `content/papers/*.md` into the `papers` collection.
 *
 * It reads front matter exactly as Astro's glob loader does (what its `parseFrontmatter` reads,
 * src/lib/paper/read-front-matter.ts; the same trimmed body) and validates with the collection
 * schema, but renders each abstract with the lean paper pipeline (src/lib/markdown/paper-render.ts)
 * instead of Astro's full Markdown renderer, which made content sync most of a large build, and
 * derives on the same worker threads what the pages show of the paper (src/lib/site/paper-view.ts).
 * Astro's data store, which every build parses, writes back, bundles and compiles whole, keeps only
 * each paper's digest in a build. What lists, page keys and related papers need across the archive
 * (the validated front matter less `original`, the summary: title and first sentence typeset,
 * related-paper terms) goes to the archive's records
 * files (src/lib/build/paper-records-file.ts), and what only the paper's own outputs show (the
 * abstract as HTML and as text, the meta description, the text as scraped) to a pack of abstracts
 * (src/lib/build/abstract-packs.ts). Unchanged papers (same file, same taxonomy, same renderer)
 * keep both from the previous build, so a rebuild renders and derives only what changed. A dev
 * server keeps the record in its store instead, as it updates one paper at a time. And unlike the glob loader, which logs a paper it cannot load and
 * drops it from the site, any failure stops the build, listing every bad file with its line.
 *
 * Before anything is rendered, each file goes through the check's own rules that are cheap enough
 * for every build (src/lib/check/): its name (a slug of at most 128 characters, not a page of the
 * site), its bytes (at most 64 KB of UTF-8, no control, bidirectional or invisible characters),
 * the schema (which refuses the same characters in decoded values, YAML escapes included), the
 * abstract's size and nesting limits and character references to hidden characters, and, across
 * the archive, two papers with the same arXiv id, DOI or title skeleton. So a file the check
 * refuses for any of these never starts a build that would fail, or half-write `dist/`, later.
 * The Markdown and math hazards stay the check's (`npm run check`): the renderer sanitizes HTML
 * and links and fails on bad math by itself.
 */
export function paperLoader(options: PaperLoaderOptions): Loader {
  return {
    name: 'paper-loader',
    async load(context: LoaderContext): Promise<void> {
      const root = fileURLToPath(context.config.root);
      const base = resolve(root, options.base);
      // Never read half of an ingest's transaction (src/lib/storage/file-transaction.ts): stop, saying what to run.
      const before = archiveState(base);
      if (before.blocking !== undefined) throw new Error(`Failed to load the papers: ${before.blocking}`);
      if (before.note !== undefined) context.logger.warn(before.note);
      const sync = await createSync(context, root, base, options.dependsOn ?? []);
      await ensureAbstractFilesDir(sync.abstracts);
      const names = (await readdir(base, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
        .map((entry) => entry.name)
        .sort();
      const errors = await sync.files(names);
      sync.close();
      const after = archiveState(base).blocking;
      if (after !== undefined) throw new Error(`Failed to load the papers: they changed while being read: ${after}`);
      for (const id of context.store.keys()) {
        if (!sync.seen.has(id)) context.store.delete(id);
      }
      // Every paper's terms are known: their related papers run on the idle core from now until the
      // pages need them, beside the records' writing, Astro's store and bundling (related-papers-offer.ts).
      // A dev server derives them per request instead.
      if (context.watcher === undefined && errors.length === 0) startRelatedPapers(sync.relatedSources());
      // A dev server shares the cache folder with builds: only a build removes other versions' files.
      if (context.watcher === undefined) {
        const kept = sync.abstractPacks();
        for (const file of sync.writeRecords()) kept.add(basename(file));
        await pruneAbstractFiles(sync.abstracts, kept);
      }
      errors.push(...duplicatePapers(context, sync.dataOf, relative(root, base)));
      if (errors.length > 0) {
        throw new Error(
          `${errors.length} paper file(s) could not be loaded:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
        );
      }
      context.watcher?.on('all', (event, path) => {
        if (!path.startsWith(base) || !path.endsWith('.md')) return;
        const name = relative(base, path);
        if (event === 'unlink') {
          context.store.delete(name.slice(0, -3));
          return;
        }
        void sync.files([name]).then((problems) => problems.forEach((problem) => context.logger.error(problem)));
      });
    },
  };
}

/**
 * What a dev server's store keeps of a paper besides its data, in `rendered.metadata` (read by
 * src/lib/site/site-data.ts); its rendered HTML is empty. A build's store keeps neither: the pages
 * read the records files (paper-records-file.ts), which say where each abstract is. A type, not
 * an interface, because Astro's metadata type has an index signature.
 */
export type StoredMetadata = {
  summary: PaperSummary;
  /** Where the paper's abstract is (abstract-packs.ts). */
  abstract: AbstractLocation;
};

/** A dependency that does not exist hashes as empty; any other read error stops the build. */
function missing(error: NodeJS.ErrnoException): Buffer {
  if (error.code === 'ENOENT') return Buffer.alloc(0);
  throw error;
}

async function createSync(context: LoaderContext, root: string, base: string, dependsOn: readonly string[]) {
  const { store, parseData, generateDigest } = context;
  const abstracts = abstractFilesDir(fileURLToPath(context.config.cacheDir));
  // Where the abstracts are is part of every digest: a store restored elsewhere renders again.
  // The code that validates, renders and derives a paper (the collection's schema, the loader, its
  // render threads) is part of every digest too: it runs outside the pages Astro hashes, so a change
  // to it would otherwise leave every unchanged paper as the old code made it (source-digest.ts).
  const shared = createHash('sha256').update(RENDER_VERSION).update(LOADER_CODE()).update(abstracts);
  for (const path of dependsOn) shared.update(path).update(await readFile(resolve(root, path)).catch(missing));
  const sharedDigest = shared.digest('hex');
  const seen = new Set<string>();
  const recordsInStore = context.watcher !== undefined;
  // The records of the papers the last build stored, by digest, and of those rendered now.
  const previousRecords = recordsInStore ? new Map<string, PaperRecord>() : readAllPaperRecords(abstracts);
  const renderedRecords = new Map<string, PaperRecord>();
  const recordOf = (digest: string) => renderedRecords.get(digest) ?? previousRecords.get(digest);
  /**
   * What the last build, or this one, kept of a paper version: its summary and where its abstract
   * is. A dev server's store and a records file keep the same two.
   */
  const keptOf = (id: string, digest: string): Partial<StoredMetadata> | PaperRecord | undefined =>
    recordsInStore ? (store.get(id)?.rendered?.metadata as Partial<StoredMetadata> | undefined) : recordOf(digest);
  // Packs the last build's papers use less than half of: their papers are rendered again, into new packs.
  const sparse = recordsInStore
    ? new Set<string>()
    : sparsePacks(
        [...previousRecords.values()].flatMap((record) => record.abstract ?? []),
        packSizes(abstracts),
      );
  const reader = createAbstractReader(abstracts);
  /** Whether the last build's record and abstract of this paper version can be kept. */
  const kept = (id: string, digest: string): boolean => {
    const previous = keptOf(id, digest);
    const location = previous?.abstract;
    return (
      previous?.summary !== undefined && location !== undefined && !sparse.has(location.pack) && reader.usable(location)
    );
  };

  /** Reads and validates one file; `undefined` when the store already holds it as it is now. */
  async function prepare(name: string) {
    const id = name.slice(0, -3);
    seen.add(id);
    refuse(fileNameProblems(name).map((p) => ({ ...p, offset: 0 })));
    const path = join(base, name);
    // Synchronous on purpose: a rebuild reads every paper, and 10,000 small reads through libuv's
    // thread pool (open, stat, read, close, each a round trip) took 2 s against 0.3 s.
    const decoded = decodePaperBytes(readFileSync(path));
    refuse(decoded.problems);
    const source = decoded.text ?? '';
    const digest = generateDigest(sharedDigest + source);
    if (store.get(id)?.digest === digest) {
      if (kept(id, digest)) return undefined;
      store.delete(id);
    }
    const { frontmatter, content } = readFrontMatter(source);
    const body = content.trim();
    refuse([...markdownLimits(body), ...hiddenReferences(body)]);
    const filePath = relative(root, path).split('\\').join('/');
    const data = await parseData({ id, data: frontmatter, filePath });
    return { id, path, filePath, digest, data, body };
  }
  /** A file read and validated, to render. */
  type Prepared = NonNullable<Awaited<ReturnType<typeof prepare>>>;

  function problem(name: string, cause: unknown): string {
    const message = cause instanceof Error ? cause.message : String(cause);
    return message.includes(name) ? message : `${join(relative(root, base), name)}: ${message}`;
  }

  return {
    seen,
    abstracts,
    /** The names of the packs holding the abstracts of the papers in the store. */
    abstractPacks(): Set<string> {
      const packs = new Set<string>();
      for (const entry of store.values()) {
        const location = keptOf(entry.id, String(entry.digest))?.abstract;
        if (location !== undefined) packs.add(location.pack);
      }
      return packs;
    },
    /** Closes the packs read to tell whether an abstract can be kept. */
    close(): void {
      reader.close();
    },
    /** The front matter of the paper `id` as validated (less `original`), wherever it is kept. */
    dataOf(id: string): Record<string, unknown> | undefined {
      const entry = store.get(id);
      if (entry === undefined) return undefined;
      return recordsInStore ? entry.data : recordOf(String(entry.digest))?.data;
    },
    /**
     * Writes the records files of the papers in the store that do not exist yet or hold a paper
     * rendered now, and returns them all.
     */
    writeRecords(): string[] {
      const records = new Map<string, PaperRecord>();
      for (const entry of store.values()) {
        const digest = String(entry.digest);
        const record = recordOf(digest);
        if (record === undefined) throw new Error(`${entry.id}.md: the paper loader lost its record`);
        records.set(digest, record);
      }
      // Named by their papers' versions, so an existing file holds these records, unless it was
      // damaged: then its papers were not found in it, were rendered again, and it is rewritten.
      return writePaperRecords(abstracts, records, (digest) => renderedRecords.has(digest));
    },
    /** What the archive's related papers are computed from (related-papers-offer.ts), in any order. */
    relatedSources(): RelatedSource[] {
      return [...store.values()].map((entry) => {
        const record = recordOf(String(entry.digest));
        if (record === undefined) throw new Error(`${entry.id}.md: the paper loader lost its record`);
        const { title, added, published, topics } = record.data;
        return { slug: entry.id, data: { title, added, published, topics }, terms: record.summary.terms };
      });
    },
    /**
     * Loads each file; returns one message per file that failed, naming it. A file is given to the
     * render threads as soon as it is read and validated, so they render while this thread reads
     * the rest: `astro sync` of 100,000 papers took 70-76 s instead of 81-93 s (three alternating
     * pairs), where reading every file before the first render took 49 s of a profiled build. At
     * 10,000 papers, where the three threads keep both cores busy either way, it is within the noise.
     */
    async files(names: readonly string[]): Promise<string[]> {
      const errors: string[] = [];
      const rendering: Promise<void>[] = [];
      let unsent: Prepared[] = [];
      let pool: PaperRenderPool | undefined;
      async function render(renderPool: PaperRenderPool, entry: Prepared): Promise<void> {
        const { id, path, filePath, digest, data, body } = entry;
        try {
          // The schema's data, validated whole; `original` goes with the abstract, not to the store.
          const { original, ...stored } = data as PaperData;
          const { title, topics } = stored;
          // The rendering thread appends the abstract to a pack of its own.
          const job = { body, path, title, topics, original, file: filePath, abstractPacks: abstracts };
          const { summary, location } = await renderPool.render(job);
          if (location === undefined) throw new Error('the render thread kept no abstract');
          if (recordsInStore) {
            const metadata: StoredMetadata = { summary, abstract: location };
            store.set({ id, data: stored, filePath, digest, rendered: { html: '', metadata } });
          } else {
            renderedRecords.set(digest, { data: stored, summary, abstract: location });
            store.set({ id, data: {}, digest });
          }
        } catch (cause) {
          errors.push(problem(`${id}.md`, cause));
        }
      }
      /** Starts the pool if it is not yet (sized by the papers waiting) and gives it every waiting paper. */
      async function sendWaiting(): Promise<void> {
        const started = (pool ??= await createRenderPool(unsent.length));
        for (const waiting of unsent) rendering.push(render(started, waiting));
        unsent = [];
      }
      try {
        for (const name of names) {
          let entry: Prepared | undefined;
          try {
            entry = await prepare(name);
          } catch (cause) {
            errors.push(problem(name, cause));
          }
          if (entry === undefined) continue;
          unsent.push(entry);
          // The threads start once enough papers wait to pay for their start; then each goes as it is read.
          if (pool === undefined && unsent.length < PAPERS_FOR_RENDER_THREADS) continue;
          await sendWaiting();
        }
        await sendWaiting();
        await Promise.all(rendering);
      } finally {
        await pool?.close();
      }
      return errors.sort();
    },
  };
}

/** Throws the first of the check's problems, worded as the check words it. */
function refuse(problems: readonly Pick<Problem, 'rule' | 'message'>[]): void {
  const [first] = problems;
  if (first !== undefined) throw new Error(`${first.message} [${first.rule}]`);
}

/**
 * Papers of the loaded collection that are one paper (named under `base`, as other problems are): the same arXiv id, DOI or title skeleton
 * (`identityKeys`, the keys `npm run check` and the ingest use). One message per group.
 */
function duplicatePapers(
  context: LoaderContext,
  dataOf: (id: string) => Record<string, unknown> | undefined,
  base: string,
): string[] {
  const holders = new Map<string, string[]>();
  const identities = new Map<string, PaperIdentity>();
  for (const id of [...context.store.keys()].sort()) {
    const data = dataOf(id);
    if (typeof data?.title !== 'string') continue;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const identity = { title: data.title, arxiv: text(data.arxiv), doi: text(data.doi) };
    identities.set(id, identity);
    for (const key of identityKeys(identity)) holders.set(key, [...(holders.get(key) ?? []), id]);
  }
  const messages: string[] = [];
  for (const [key, members] of holders) {
    const kind = key.slice(0, key.indexOf(':'));
    // Papers with different arXiv ids or DOIs are different papers whatever their titles (a series).
    const ids =
      kind === 'title'
        ? members.filter((id) =>
            members.some((other) => other !== id && !provenDistinct(identities.get(id), identities.get(other))),
          )
        : members;
    if (ids.length < 2) continue;
    const rule = kind === 'arxiv' ? 'duplicate-arxiv' : kind === 'doi' ? 'duplicate-doi' : 'duplicate-title';
    const what =
      kind === 'title'
        ? 'the same title (ignoring case, accents, punctuation, invisible characters and lookalike letters)'
        : `the same ${kind === 'arxiv' ? 'arXiv id' : 'DOI'} ${key.slice(kind.length + 1)}`;
    messages.push(
      `${ids.map((id) => join(base, `${id}.md`)).join(', ')}: ${what}: one paper, several files; keep one [${rule}]`,
    );
  }
  return messages;
}
