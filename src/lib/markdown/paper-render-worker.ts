import { parentPort } from 'node:worker_threads';
import { createPaperRenderer } from './paper-render.ts';

// One renderer per worker thread; see paper-render-pool.ts.
const render = createPaperRenderer();
parentPort?.on('message', (job: { id: number; markdown: string; path: string }) => {
  render(job.markdown, job.path).then(
    (html) => parentPort?.postMessage({ id: job.id, html }),
    (error: unknown) =>
      parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
