/**
 * Repairing (and optionally classifying) many records at once, on this thread and one helper
 * worker thread, synchronously, with the results in input order.
 *
 * Why a worker: the TeX repair and the classifier are already linear scans (a profile of the
 * 10,000-paper benchmark shows no single hot spot left: the bare-formula finder, URL scan,
 * Markdown escaping and a dozen regular-expression passes each take a few percent), so the
 * second core is what is left. Why synchronous: the ingest plan is a pure, synchronous function;
 * blocking on `Atomics.wait` and reading replies with `receiveMessageOnPort` keeps it so.
 *
 * How the work is shared: records are cut into chunks; this thread claims them from the first up
 * and the worker from the last down, each chunk with a compare-and-swap, until the two meet. The
 * worker needs a few hundred milliseconds to load its modules, so this thread starts at once and
 * the worker joins when it can; if this thread has claimed every chunk by then, the worker claims
 * none and is not waited for. The worker never takes more than `WORKER_SHARE` of the chunks, so
 * only those records are copied for it. Every chunk is computed by the same pure functions
 * whichever thread claims it, so the result does not depend on the split. A worker that fails or
 * stalls never loses a record: this thread computes any chunk it was not given back in time.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Topic } from '../paper/schema.ts';
import { CLAIMED_HERE, FREE, repairTextsInChunk, type RecordText, type RepairOutcome } from './repair-chunk.ts';
import { shareTexts } from './shared-texts.ts';
import { withCompileCache } from '../storage/compile-cache.ts';

export type { RecordText, RepairOutcome } from './repair-chunk.ts';

/**
 * Below this many records the worker costs more than it saves: its start-up (loading the repair and
 * KaTeX again), and, on two cores, its compiling and collecting beside this thread's. Measured on a
 * 2-core machine, alternating (parse + repair + classify, 3 runs each): with the worker, 6,000-6,200
 * papers/s at 10,000 records against 7,100-7,300 without; 9,000-9,400 against 9,700-10,000 at
 * 25,000; the same at 50,000 (11,300-11,700); 12,200-12,800 against 10,200-12,000 at 75,000; and
 * 10,800-11,900 against 10,200-11,400 at 100,000.
 */
export const MIN_RECORDS_FOR_WORKER = 50_000;
/** Records per claim: small enough to share the tail evenly, large enough that claims cost nothing. */
const CHUNK = 250;
/** How long this thread waits for a chunk the worker claimed before computing it itself. */
const STALL_MS = 10_000;

export interface RepairAllOptions {
  /** The taxonomy to classify each repaired record with; no classification without it. */
  topics?: readonly Topic[] | undefined;
  /**
   * `auto` (default): a helper worker for a batch of `MIN_RECORDS_FOR_WORKER` or more on a machine
   * with two cores or more; `off`: this thread only; `all`: every chunk on the worker, whatever the
   * batch's size, while this thread waits (how the tests exercise the worker's side for sure);
   * `both`: the worker whatever the batch's size, this thread starting once the worker has posted
   * its first chunk (how the tests make the two threads meet for sure).
   */
  worker?: 'auto' | 'off' | 'all' | 'both' | undefined;
  /** The batch size from which `auto` uses the worker (default `MIN_RECORDS_FOR_WORKER`). */
  workerFrom?: number | undefined;
}

/**
 * The most of a batch the worker may take. It starts later than this thread and two threads share
 * two cores, so it repaired 39-46 % of 100,000 records when it could take any; only the records it
 * may take are copied for it (shared-texts.ts: the copy's cost is mostly memory touched first).
 */
const WORKER_SHARE = 0.6;

/**
 * Each record's repaired title and abstract (and its classification, given `topics`), or the
 * message of the error the repair threw on it, in input order.
 */
export function repairAll(records: readonly RecordText[], options: RepairAllOptions = {}): RepairOutcome[] {
  const chunks = Math.ceil(records.length / CHUNK);
  const mode = options.worker ?? 'auto';
  const useWorker =
    mode === 'all' ||
    mode === 'both' ||
    (mode === 'auto' &&
      availableParallelism() >= 2 &&
      records.length >= (options.workerFrom ?? MIN_RECORDS_FOR_WORKER));
  const topics = options.topics;
  if (!useWorker || records.length === 0) return repairTextsInChunk(records, topics);

  // Each chunk's claim (repair-chunk.ts), and how many chunks the worker has posted.
  const claims = new Int32Array(new SharedArrayBuffer(chunks * Int32Array.BYTES_PER_ELEMENT));
  const posted = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const firstForWorker = mode === 'all' ? 0 : Math.floor(chunks * (1 - WORKER_SHARE));
  const { port1: replies, port2: workerPort } = new MessageChannel();
  // Only what the repair reads (callers pass whole parsed papers: authors, versions, ids), in
  // memory both threads see rather than cloned (shared-texts.ts says why).
  const texts = shareTexts(records, firstForWorker * CHUNK);
  // Most of a worker's start-up is compiling the repair's modules and KaTeX again: it gets the
  // ingest's compile cache, which a worker does not inherit (compile-cache.ts).
  const worker = new Worker(
    new URL('./repair-worker.ts', import.meta.url),
    withCompileCache({
      workerData: { texts, topics, claims, posted, chunk: CHUNK, port: workerPort },
      transferList: [workerPort],
    }),
  );
  // Never keeps the process alive, and a crash is only a slower run: this thread covers for it.
  worker.unref();
  worker.on('error', () => undefined);

  const results: (RepairOutcome[] | undefined)[] = new Array<RepairOutcome[] | undefined>(chunks);
  const slice = (chunk: number): readonly RecordText[] => records.slice(chunk * CHUNK, (chunk + 1) * CHUNK);
  let mine = 0;
  try {
    if (mode === 'both') Atomics.wait(posted, 0, 0, STALL_MS);
    for (let chunk = 0; mode !== 'all' && chunk < chunks; chunk += 1) {
      // The first chunk the worker holds: it has every chunk after it too.
      if (Atomics.compareExchange(claims, chunk, FREE, CLAIMED_HERE) !== FREE) break;
      results[chunk] = repairTextsInChunk(slice(chunk), topics);
      mine += 1;
    }
    // Every chunk is claimed; the worker's claims are the ones not computed here.
    let waiting = chunks - mine;
    let received = 0;
    while (waiting > 0) {
      const count = Atomics.load(posted, 0);
      if (count === received && Atomics.wait(posted, 0, count, STALL_MS) === 'timed-out') break;
      for (
        let message = receiveMessageOnPort(replies);
        message !== undefined;
        message = receiveMessageOnPort(replies)
      ) {
        // `outcomes` is missing when the worker failed on the chunk: computed here below.
        const reply = message.message as { chunk: number; outcomes?: RepairOutcome[] };
        received += 1;
        waiting -= 1;
        results[reply.chunk] = reply.outcomes;
      }
    }
  } finally {
    replies.close();
    void worker.terminate();
  }
  // A stalled or failed worker: its chunks are computed here, by the same functions.
  for (let chunk = 0; chunk < chunks; chunk += 1) results[chunk] ??= repairTextsInChunk(slice(chunk), topics);
  return results.flatMap((outcomes) => outcomes ?? []);
}
