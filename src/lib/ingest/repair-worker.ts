/**
 * The helper thread of `repairAll` (repair-pool.ts): claims chunks of the records from the last
 * down, as far as the records shared with it go, until it meets a chunk the calling thread holds,
 * and posts each chunk's outcomes back as soon as it is done.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { Topic } from '../paper/schema.ts';
import { CLAIMED_BY_WORKER, FREE, repairTextsInChunk } from './repair-chunk.ts';
import { sharedTextReader, type SharedTexts } from './shared-texts.ts';

const {
  texts,
  topics,
  claims,
  posted,
  chunk: size,
  port,
} = workerData as {
  texts: SharedTexts;
  topics: Topic[] | undefined;
  claims: Int32Array;
  posted: Int32Array;
  chunk: number;
  port: MessagePort;
};
const { first, end, read } = sharedTextReader(texts);
// From the last chunk down to the first one shared, until a chunk the calling thread holds.
for (let chunk = Math.ceil(end / size) - 1; chunk * size >= first; chunk -= 1) {
  if (Atomics.compareExchange(claims, chunk, FREE, CLAIMED_BY_WORKER) !== FREE) break;
  let outcomes;
  try {
    outcomes = repairTextsInChunk(read(chunk * size, (chunk + 1) * size), topics);
  } catch {
    // Left to the calling thread, which computes any chunk that comes back without outcomes.
  }
  port.postMessage({ chunk, outcomes });
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}
port.close();
