/** The worker thread of related-papers-ahead.ts: orders the papers it is given and posts their related papers back, once. */
import { parentPort, workerData } from 'node:worker_threads';
import { newestOrder } from '../site/paper-sort.ts';
import { relatedPapers } from '../site/related-papers.ts';
import { relatedInputOf, relatedPositions, type RelatedAnswer, type RelatedSource } from './related-papers-offer.ts';

const { papers } = workerData as { papers: RelatedSource[] };
const order = Int32Array.from(newestOrder(papers));
const inputs = Array.from(order, (index) => relatedInputOf(papers[index] as RelatedSource));
const { related, ends } = relatedPositions(inputs, relatedPapers(inputs));
const answer: RelatedAnswer = { order, related, ends };
// Moved, not copied: each array has a buffer of its own.
parentPort?.postMessage(answer, [
  order.buffer as ArrayBuffer,
  related.buffer as ArrayBuffer,
  ends.buffer as ArrayBuffer,
]);
