import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import type { Loader, LoaderContext } from 'astro/loaders';
import { archiveState } from '../storage/archive-guard.ts';
import { fileNameProblems } from '../check/archive-files.ts';
import { hiddenReferences } from '../check/hidden-characters.ts';
import { markdownLimits } from '../check/markdown-limits.ts';
import type { Problem } from '../check/rules.ts';
import { decodePaperBytes } from '../check/text-hazards.ts';
import { identityKeys, provenDistinct, type PaperIdentity } from '../paper/identity.ts';
import { createRenderPool } from '../markdown/paper-render-pool.ts';
import type { PaperData } from '../paper/schema.ts';
import type { PaperSummary } from '../site/paper-view.ts';
import type { PaperTerms } from '../site/related-papers.ts';
import {
  abstractFile,
  abstractFilesDir,
  ensureAbstractFilesDir,
  hasAbstractFile,
  pruneAbstractFiles,
} from './abstract-files.ts';
import { paperTermsFiles, readAllPaperTerms, writePaperTerms } from './paper-terms-file.ts';

/** Bump when the rendering pipeline or what the store and abstract files hold changes, so an older build's are not reused. */
const RENDER_VERSION = '6';

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
 * It reads front matter exactly as Astro's glob loader does (the same `parseFrontmatter`, the same
 * trimmed body) and validates with the collection schema, but renders each abstract with the lean
 * paper pipeline (src/lib/markdown/paper-render.ts) instead of Astro's full Markdown renderer, which made
 * content sync most of a large build, and derives on the same worker threads what the pages show of
 * the paper (src/lib/site/paper-view.ts). Astro's data store, which every build parses and bundles
 * whole, keeps only what lists and page keys need across the archive: the validated front matter
 * less `original`, and the paper's summary (title and first sentence typeset). The terms related
 * papers are found by go to files for the archive (src/lib/build/paper-terms-file.ts), and what
 * only the paper's own outputs show (the abstract as HTML and as text, the meta description, the
 * text as scraped) to a file of its own (src/lib/build/abstract-files.ts). Unchanged papers (same
 * file, same taxonomy, same renderer) keep all three from the previous build, so a rebuild renders
 * and derives only what changed. And unlike the glob loader, which logs a paper it cannot load and
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
      const after = archiveState(base).blocking;
      if (after !== undefined) throw new Error(`Failed to load the papers: they changed while being read: ${after}`);
      for (const id of context.store.keys()) {
        if (!sync.seen.has(id)) context.store.delete(id);
      }
      // A dev server shares the cache folder with builds: only a build removes other versions' files.
      if (context.watcher === undefined) {
        const kept = sync.abstractFiles();
        for (const file of sync.writeTerms()) kept.add(file);
        await pruneAbstractFiles(sync.abstracts, kept);
      }
      errors.push(...duplicatePapers(context, relative(root, base)));
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
 * What the store keeps of a paper besides its data, in `rendered.metadata` (read by
 * src/lib/site/site-data.ts); its rendered HTML is empty. A type, not an interface, because Astro's
 * metadata type has an index signature.
 */
export type StoredMetadata = {
  summary: StoredSummary;
  /** The paper's abstract file (abstract-files.ts). */
  abstractFile: string;
  /**
   * The paper's related-paper terms, in a dev server's store only. A build keeps them out of the
   * store, in the archive's terms files (paper-terms-file.ts), read by the pages by digest; a dev
   * server updates one paper at a time, which those files, named by the whole archive, cannot follow.
   */
  terms?: PaperTerms;
};

/** A paper's summary as the store keeps it: its terms live apart (see `StoredMetadata.terms`). */
export type StoredSummary = Omit<PaperSummary, 'terms'>;

/** A dependency that does not exist hashes as empty; any other read error stops the build. */
function missing(error: NodeJS.ErrnoException): Buffer {
  if (error.code === 'ENOENT') return Buffer.alloc(0);
  throw error;
}

async function createSync(context: LoaderContext, root: string, base: string, dependsOn: readonly string[]) {
  const { store, parseData, generateDigest } = context;
  const abstracts = abstractFilesDir(fileURLToPath(context.config.cacheDir));
  // Where the abstracts are is part of every digest: a store restored elsewhere renders again.
  const shared = createHash('sha256').update(RENDER_VERSION).update(abstracts);
  for (const path of dependsOn) shared.update(path).update(await readFile(resolve(root, path)).catch(missing));
  const sharedDigest = shared.digest('hex');
  const seen = new Set<string>();
  const termsInStore = context.watcher !== undefined;
  // The terms of the papers the last build stored, by digest, and of those rendered now.
  const previousTerms = termsInStore ? new Map<string, PaperTerms>() : readAllPaperTerms(abstracts);
  const renderedTerms = new Map<string, PaperTerms>();
  const hasTerms = (id: string, digest: string) =>
    termsInStore
      ? (store.get(id)?.rendered?.metadata as Partial<StoredMetadata> | undefined)?.terms !== undefined
      : previousTerms.has(digest);

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
    const file = abstractFile(abstracts, digest);
    if (store.get(id)?.digest === digest) {
      if (hasAbstractFile(file) && hasTerms(id, digest)) return undefined;
      store.delete(id);
    }
    const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
    const body = content.trim();
    refuse([...markdownLimits(body), ...hiddenReferences(body)]);
    const filePath = relative(root, path).split('\\').join('/');
    const data = await parseData({ id, data: frontmatter, filePath });
    return { id, path, filePath, digest, data, body, abstractPath: file };
  }

  function problem(name: string, cause: unknown): string {
    const message = cause instanceof Error ? cause.message : String(cause);
    return message.includes(name) ? message : `${join(relative(root, base), name)}: ${message}`;
  }

  return {
    seen,
    abstracts,
    /** The abstract files of the papers in the store. */
    abstractFiles(): Set<string> {
      const files = new Set<string>();
      for (const entry of store.values()) {
        const file = (entry.rendered?.metadata as Partial<StoredMetadata> | undefined)?.abstractFile;
        if (typeof file === 'string') files.add(file);
      }
      return files;
    },
    /**
     * Writes the terms files of the papers in the store, unless they exist (nothing changed), and
     * returns them.
     */
    writeTerms(): string[] {
      const terms = new Map<string, PaperTerms>();
      for (const entry of store.values()) {
        const digest = String(entry.digest);
        const paperTerms = renderedTerms.get(digest) ?? previousTerms.get(digest);
        if (paperTerms === undefined) throw new Error(`${entry.filePath ?? entry.id}: the paper loader lost its terms`);
        terms.set(digest, paperTerms);
      }
      // Named by their papers' versions, so existing ones hold these terms, unless one was damaged:
      // then its papers were not found in it, were rendered again, and the files are rewritten.
      if (renderedTerms.size === 0) {
        const files = paperTermsFiles(abstracts, terms.keys());
        if (files.every(hasAbstractFile)) return files;
      }
      return writePaperTerms(abstracts, terms);
    },
    /** Loads each file; returns one message per file that failed, naming it. */
    async files(names: readonly string[]): Promise<string[]> {
      const errors: string[] = [];
      const pending: NonNullable<Awaited<ReturnType<typeof prepare>>>[] = [];
      for (const name of names) {
        try {
          const entry = await prepare(name);
          if (entry) pending.push(entry);
        } catch (cause) {
          errors.push(problem(name, cause));
        }
      }
      const pool = await createRenderPool(pending.length);
      try {
        await Promise.all(
          pending.map(async ({ id, path, filePath, digest, data, body, abstractPath }) => {
            try {
              // The schema's data, validated whole; `original` goes to the abstract file, not the store.
              const { original, ...stored } = data as PaperData;
              const { title, topics } = stored;
              // The rendering thread writes the abstract file itself (one write at a time per thread).
              const job = { body, path, title, topics, original, file: filePath, abstractFile: abstractPath };
              const { terms, ...summary } = (await pool.render(job)).summary;
              renderedTerms.set(digest, terms);
              const metadata: StoredMetadata = {
                summary,
                abstractFile: abstractPath,
                ...(termsInStore ? { terms } : {}),
              };
              store.set({ id, data: stored, filePath, digest, rendered: { html: '', metadata } });
            } catch (cause) {
              errors.push(problem(`${id}.md`, cause));
            }
          }),
        );
      } finally {
        await pool.close();
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
function duplicatePapers(context: LoaderContext, base: string): string[] {
  const holders = new Map<string, string[]>();
  const identities = new Map<string, PaperIdentity>();
  for (const id of [...context.store.keys()].sort()) {
    const data = context.store.get(id)?.data as { title?: unknown; arxiv?: unknown; doi?: unknown } | undefined;
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
