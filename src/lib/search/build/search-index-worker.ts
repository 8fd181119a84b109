/**
 * The worker thread of index-while-rendering.ts: indexes the shards of `workerData` as the build
 * writes their pages, then posts what it wrote (or its error) and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexWhileRendering, RENDERED, type IndexWhileRenderingJob } from './index-while-rendering.ts';

let rendered = false;
parentPort?.on('message', (message) => {
  if (message === RENDERED) rendered = true;
});
try {
  const prepared = await indexWhileRendering(workerData as IndexWhileRenderingJob, () => rendered);
  parentPort?.postMessage({ digests: [...prepared.digests], pages: prepared.pages });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
parentPort?.close();
