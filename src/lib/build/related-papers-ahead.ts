/**
 * Starts the archive's related papers on a worker thread, for the pages to take later
 * (related-papers-offer.ts says why). Kept apart from the offer: the pages' bundle imports the
 * offer, and a worker's URL in it would be bundled as an asset.
 */
import { Worker } from 'node:worker_threads';
import { withCompileCache } from '../storage/compile-cache.ts';
import { offerRelatedPapers, type RelatedAnswer, type RelatedSource } from './related-papers-offer.ts';

export function startRelatedPapers(papers: readonly RelatedSource[]): void {
  let worker: Worker | undefined;
  const answer = new Promise<RelatedAnswer>((resolve, reject) => {
    worker = new Worker(
      new URL('./related-papers-worker.ts', import.meta.url),
      withCompileCache({ workerData: { papers } }),
    );
    // Never what keeps a process alive (`astro sync` does not wait for it) until the pages wait for it.
    worker.unref();
    worker.once('message', (message: RelatedAnswer) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker stopped (exit code ${code}) before it answered`)));
  });
  offerRelatedPapers({ papers, answer, hold: () => worker?.ref() });
}
