import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this many papers a pool's start-up (each worker loads unified and KaTeX) costs more than it saves. */
const MIN_PAPERS_FOR_WORKERS = 200;

export interface PaperRenderPool {
  render(markdown: string, path: string): Promise<string>;
  close(): Promise<void>;
}

interface Job {
  resolve: (html: string) => void;
  reject: (error: Error) => void;
}

/**
 * Renders papers on worker threads, one per core: rendering (Markdown parse, KaTeX) is CPU-bound
 * and independent per paper, and it is most of a large build's content sync. Falls back to the
 * in-thread renderer for small archives, where starting workers would cost more than it saves.
 */
export async function createRenderPool(papers: number): Promise<PaperRenderPool> {
  const size = Math.min(4, availableParallelism());
  if (papers < MIN_PAPERS_FOR_WORKERS || size < 2) {
    const { createPaperRenderer } = await import('./paper-render.ts');
    const render = createPaperRenderer();
    return { render, close: async () => undefined };
  }
  const jobs = new Map<number, Job>();
  let next = 0;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./paper-render-worker.ts', import.meta.url));
    worker.on('message', (message: { id: number; html?: string; error?: string }) => {
      const job = jobs.get(message.id);
      jobs.delete(message.id);
      if (message.error !== undefined) job?.reject(new Error(message.error));
      else job?.resolve(message.html ?? '');
    });
    worker.on('error', (error) => {
      for (const job of jobs.values()) job.reject(new Error('A paper render worker crashed', { cause: error }));
      jobs.clear();
    });
    return worker;
  });
  return {
    render(markdown, path) {
      const id = next++;
      return new Promise((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        workers[id % workers.length]?.postMessage({ id, markdown, path });
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
