/** The worker thread of related-papers-ahead.ts: orders the papers it is given and posts their related papers back, once. */
import { parentPort, workerData } from 'node:worker_threads';
import { newestOrder } from '../site/paper-sort.ts';
import { relatedPapers } from '../site/related-papers.ts';
import { relatedInputOf, type RelatedAnswer, type RelatedSource } from './related-papers-offer.ts';

const { papers } = workerData as { papers: RelatedSource[] };
const order = newestOrder(papers);
const answer: RelatedAnswer = {
  order,
  related: relatedPapers(order.map((index) => relatedInputOf(papers[index] as RelatedSource))),
};
parentPort?.postMessage(answer);
