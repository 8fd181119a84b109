/**
 * The helper thread of `repairAll` (repair-pool.ts): claims chunks of the records from the shared
 * counter until none is left, and posts each chunk's outcomes back as soon as it is done.
 */
import { enableCompileCache } from 'node:module';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { Topic } from '../paper/schema.ts';
import { sharedTextReader, type SharedTexts } from './shared-texts.ts';

// Most of a worker's start-up is compiling the repair's modules and KaTeX again in this thread;
// Node's compile cache (keyed by each file's contents) cuts it by more than half on later runs.
enableCompileCache();
const { repairTextsInChunk } = await import('./repair-chunk.ts');

const {
  texts,
  topics,
  shared,
  chunk: size,
  port,
} = workerData as {
  texts: SharedTexts;
  topics: Topic[] | undefined;
  shared: Int32Array;
  chunk: number;
  port: MessagePort;
};
const { count, read } = sharedTextReader(texts);
const chunks = Math.ceil(count / size);
for (let chunk = Atomics.add(shared, 0, 1); chunk < chunks; chunk = Atomics.add(shared, 0, 1)) {
  let outcomes;
  try {
    outcomes = repairTextsInChunk(read(chunk * size, (chunk + 1) * size), topics);
  } catch {
    // Left to the calling thread, which computes any chunk that comes back without outcomes.
  }
  port.postMessage({ chunk, outcomes });
  Atomics.add(shared, 1, 1);
  Atomics.notify(shared, 1);
}
port.close();
