import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { withCompileCache } from '../storage/compile-cache.ts';
import type { AbstractLocation, AbstractPackWriter } from '../build/abstract-packs.ts';
import type { PaperAbstract, PaperSummary, PaperViewSource } from '../site/paper-view.ts';

/** Below this many papers a pool's start-up (each worker loads unified and KaTeX) costs more than it saves. */
export const PAPERS_FOR_RENDER_THREADS = 200;

/** One paper to render: its abstract's Markdown (`path` names the file in errors) and what its view is derived from. */
export interface PaperJob extends PaperViewSource {
  path: string;
  /**
   * The folder of abstract packs (src/lib/build/abstract-packs.ts) to append the abstract to,
   * instead of sending it back: the thread that rendered it writes it, to packs of its own.
   */
  abstractPacks?: string | undefined;
}

/** A paper rendered: its summary (paper-view.ts), and its abstract, or where it was written in `abstractPacks`. */
export interface RenderedPaper {
  summary: PaperSummary;
  abstract?: PaperAbstract;
  location?: AbstractLocation;
}

/** Renders one paper; `close` closes the abstract packs it wrote to. */
export interface PaperJobRunner {
  (job: PaperJob): Promise<RenderedPaper>;
  close(): void;
}

export interface PaperRenderPool {
  render(job: PaperJob): Promise<RenderedPaper>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (paper: RenderedPaper) => void;
  reject: (error: Error) => void;
}

/** Renders one paper in this thread: the abstract's HTML, then its view. */
export async function createPaperJobRunner(): Promise<PaperJobRunner> {
  const [{ createPaperRenderer }, { derivePaperView }, { createAbstractPackWriter }] = await Promise.all([
    import('./paper-render.ts'),
    import('../site/paper-view.ts'),
    import('../build/abstract-packs.ts'),
  ]);
  const render = createPaperRenderer();
  const writers = new Map<string, AbstractPackWriter>();
  const runner = async (job: PaperJob): Promise<RenderedPaper> => {
    const html = await render(job.body, job.path);
    const { summary, abstract: forms } = derivePaperView(job);
    const abstract = { html, ...forms };
    if (job.abstractPacks === undefined) return { summary, abstract };
    let writer = writers.get(job.abstractPacks);
    if (writer === undefined) {
      writer = createAbstractPackWriter(job.abstractPacks);
      writers.set(job.abstractPacks, writer);
    }
    return { summary, location: writer.write(abstract) };
  };
  return Object.assign(runner, {
    close() {
      for (const writer of writers.values()) writer.close();
      writers.clear();
    },
  });
}

/**
 * Renders papers on worker threads, one per core: rendering (Markdown parse, KaTeX for the abstract,
 * the title and the first sentence) is CPU-bound and independent per paper, and it is most of a
 * large build's content sync. Falls back to this thread for small archives, where starting workers
 * would cost more than it saves.
 */
export async function createRenderPool(papers: number): Promise<PaperRenderPool> {
  const size = Math.min(4, availableParallelism());
  if (papers < PAPERS_FOR_RENDER_THREADS || size < 2) {
    const render = await createPaperJobRunner();
    return { render, close: async () => render.close() };
  }
  const pending = new Map<number, Pending>();
  let next = 0;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./paper-render-worker.ts', import.meta.url), withCompileCache());
    worker.on('message', (message: { id?: number; paper?: RenderedPaper; error?: string }) => {
      // The reply to `close` has no id: `close` waits for it below.
      if (message.id === undefined) return;
      const job = pending.get(message.id);
      pending.delete(message.id);
      if (message.paper !== undefined) job?.resolve(message.paper);
      else job?.reject(new Error(message.error ?? 'the paper did not render'));
    });
    worker.on('error', (error) => {
      for (const job of pending.values()) job.reject(new Error('A paper render worker crashed', { cause: error }));
      pending.clear();
    });
    return worker;
  });
  return {
    render(job) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[id % workers.length]?.postMessage({ id, job });
      });
    },
    async close() {
      // Each thread closes its packs before it ends; a thread that cannot is ended all the same.
      await Promise.all(
        workers.map(async (worker) => {
          // A thread that already ended (a crash) would never answer.
          if (worker.threadId === -1) return;
          const closed = new Promise((resolve) => {
            worker.once('message', resolve);
            worker.once('error', resolve);
            worker.once('exit', resolve);
          });
          worker.postMessage({ close: true });
          await closed;
          await worker.terminate();
        }),
      );
    },
  };
}
