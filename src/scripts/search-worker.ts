/**
 * A search worker: Pagefind over some of the index's shards, in this worker's thread (Pagefind
 * starts no worker of its own inside one). It keeps each search's results and sends the page only
 * their scores and filter counts; the page asks for the data of the few results it shows
 * (src/lib/search/browser/search-workers.ts says why).
 */
import { answerOf } from '../lib/search/browser/search-shards.ts';
import {
  dateSortOf,
  inDateOrder,
  type FilterCounts,
  type PagefindData,
  type WorkerReply,
  type WorkerRequest,
} from '../lib/search/browser/search-workers.ts';

interface PagefindResult {
  id: string;
  score: number;
  /** The places of the page's matched words. */
  words: number[];
  data(): Promise<PagefindData>;
}
interface PagefindResponse {
  results: PagefindResult[];
  filters: FilterCounts;
  totalFilters: FilterCounts;
}
/** The part of Pagefind's JS API (pagefind.js, 1.x) a worker uses. */
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(indexPath: string, options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options: Record<string, unknown>): Promise<PagefindResponse | null>;
}

/** Searches whose results are kept: the page shows one and may page through a date sort's shards. */
const KEPT = 24;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
};

let pagefind: Promise<PagefindApi> | undefined;
const kept = new Map<number, Promise<PagefindResult[]>>();

async function start(request: Extract<WorkerRequest, { type: 'init' }>): Promise<PagefindApi> {
  const api = (await import(/* @vite-ignore */ request.moduleUrl)) as PagefindApi;
  await api.options(request.options);
  await api.init();
  // The shards hold every paper; the language makes them read a query as the page's own Pagefind
  // would (a worker has no <html lang> for Pagefind to read).
  await Promise.all(
    request.shards.map((shard) =>
      api.mergeIndex(shard.path, {
        ...request.options,
        language: request.language,
        mergeFilter: { shard: shard.key },
        metaCacheTag: shard.metaCacheTag,
      }),
    ),
  );
  return api;
}

async function pagefindSearch(api: PagefindApi, term: string | null, options: Record<string, unknown>) {
  const response = await api.search(term, options);
  if (response === null) throw new Error('Pagefind returned no response');
  return response;
}

/** Each shard's pages in its index's order, by id: the date order (search-workers.ts, inDateOrder). */
const pageOrders = new Map<string, Promise<Map<string, number>>>();

/**
 * The positions of shard `key`'s pages in its index, from one search of its pages alone, made the
 * first time the shard is searched by date: Pagefind lists a search without words in index order.
 */
function pageOrder(api: PagefindApi, key: string): Promise<Map<string, number>> {
  let order = pageOrders.get(key);
  if (order === undefined) {
    order = pagefindSearch(api, null, { filters: { shard: key } }).then(
      ({ results }) => new Map(results.map((result, index) => [result.id, index])),
    );
    pageOrders.set(key, order);
    order.catch(() => pageOrders.delete(key));
  }
  return order;
}

/** A search, in date order when `options` ask for it (one shard at a time, as the search page asks). */
async function search(api: PagefindApi, term: string | null, options: Record<string, unknown>) {
  const direction = dateSortOf(options);
  if (direction === undefined) return pagefindSearch(api, term, options);
  const { sort: _dateSort, ...unsorted } = options;
  const shard = (unsorted['filters'] as { shard?: unknown } | undefined)?.shard;
  if (typeof shard !== 'string') throw new Error('a date-sorted search reads one shard at a time');
  // Without words Pagefind lists the pages in index order already: no second search is needed.
  const [response, positions] = await Promise.all([
    pagefindSearch(api, term, unsorted),
    term === null ? undefined : pageOrder(api, shard),
  ]);
  const order = positions ?? new Map(response.results.map((result, index) => [result.id, index]));
  return { ...response, results: inDateOrder(response.results, order, direction) };
}

function keep(id: number, results: Promise<PagefindResult[]>): void {
  kept.delete(id);
  kept.set(id, results);
  // A failed search is not kept: asking again searches again.
  results.catch(() => kept.delete(id));
  for (const old of kept.keys()) {
    if (kept.size <= KEPT) break;
    kept.delete(old);
  }
}

async function answer(request: WorkerRequest): Promise<{ reply: WorkerReply; transfer: Transferable[] }> {
  if (request.type === 'init') {
    pagefind ??= start(request);
    await pagefind;
    return { reply: { id: request.id, ready: true }, transfer: [] };
  }
  if (pagefind === undefined) throw new Error('the search worker was asked to search before it was started');
  const api = await pagefind;
  if (request.type === 'answer') {
    const { results } = await pagefindSearch(api, request.term, { filters: { shard: request.shard } });
    return { reply: { id: request.id, answer: answerOf(results) }, transfer: [] };
  }
  if (request.type === 'search') {
    const response = search(api, request.term, request.options);
    keep(
      request.search,
      response.then((found) => found.results),
    );
    const { results, filters, totalFilters } = await response;
    const scores = Float64Array.from(results, (result) => result.score);
    return { reply: { id: request.id, scores, filters, totalFilters }, transfer: [scores.buffer] };
  }
  let results = kept.get(request.search);
  if (results === undefined) {
    // Pagefind's answer to the same search is the same: its results again, in the same order.
    results = search(api, request.term, request.options).then((found) => found.results);
    keep(request.search, results);
  }
  const all = await results;
  const data = await Promise.all(
    request.indexes.map((index) => {
      const result = all[index];
      if (result === undefined) throw new Error(`the search has no result ${index}`);
      return result.data();
    }),
  );
  return { reply: { id: request.id, data }, transfer: [] };
}

scope.onmessage = ({ data: request }) => {
  answer(request).then(
    ({ reply, transfer }) => scope.postMessage(reply, transfer),
    (error: unknown) =>
      scope.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
};
