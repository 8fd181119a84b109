import { parentPort } from 'node:worker_threads';
import { createPaperJobRunner, type PaperJob } from './paper-render-pool.ts';

// One renderer per worker thread; see paper-render-pool.ts.
const render = await createPaperJobRunner();
parentPort?.on('message', (message: { id: number; job: PaperJob } | { close: true }) => {
  if ('close' in message) {
    render.close();
    parentPort?.postMessage({ closed: true });
    return;
  }
  const { id, job } = message;
  render(job).then(
    (paper) => parentPort?.postMessage({ id, paper }),
    (error: unknown) => parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
