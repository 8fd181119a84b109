/**
 * The page's side of the search workers (search-worker.ts): the index's shards split between
 * them, each search sent to the workers holding the shards it may return, their answers merged as
 * one Pagefind would merge its instances' (src/lib/search/browser/search-workers.ts).
 */
import type { ShardEntry } from '../lib/search/browser/search-shards.ts';
import {
  mergeRanked,
  splitShards,
  sumFilterCounts,
  type FilterCounts,
  type PagefindData,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSplitOptions,
} from '../lib/search/browser/search-workers.ts';

/** Spreads over requests without their `id`, each kind keeping its own fields. */
type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface PoolResponse {
  /** How many results the search has. */
  total: number;
  filters: FilterCounts;
  totalFilters: FilterCounts;
  /** The data of the results ranked `from` to `from + count`. */
  load(from: number, count: number): Promise<PagefindData[]>;
}

export interface SearchPool {
  /** A search over the shards keyed `shards` (the workers holding none of them are not asked). */
  search(term: string | null, options: Record<string, unknown>, shards: readonly string[]): Promise<PoolResponse>;
  /** Shard `shard`'s answer to `term` (search-shards.ts, answerOf). */
  answer(term: string, shard: string): Promise<string[]>;
}

class SearchWorker {
  readonly keys: ReadonlySet<string>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(reply: WorkerReply): void; reject(error: Error): void }>();
  private nextId = 0;
  /** Set once the worker has failed: nothing asked of it after will be answered either. */
  private failure: Error | undefined;

  constructor(keys: readonly string[]) {
    this.keys = new Set(keys);
    this.worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', ({ data }: MessageEvent<WorkerReply>) => {
      const waiting = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (waiting === undefined) return;
      if ('error' in data) waiting.reject(new Error(data.error));
      else waiting.resolve(data);
    });
    // The worker's script could not run, or threw outside a request: nothing it was asked will be answered.
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failure = new Error(`The search worker failed: ${event.message || 'its script did not load'}`);
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    });
  }

  ask(request: Request): Promise<WorkerReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }
}

function replyWith<Key extends string>(reply: WorkerReply, key: Key): Extract<WorkerReply, Record<Key, unknown>> {
  if (!(key in reply)) throw new Error(`The search worker answered without ${key}`);
  return reply as Extract<WorkerReply, Record<Key, unknown>>;
}

/**
 * Starts the workers over `manifest`'s shards (as many as splitShards allows) and waits until each
 * has read its shards' metadata.
 */
export async function startSearchPool(settings: {
  moduleUrl: string;
  manifest: readonly ShardEntry[];
  /** Pagefind's options for every shard. */
  options: Record<string, unknown>;
  language: string;
  split: WorkerSplitOptions;
}): Promise<SearchPool> {
  const runs = splitShards(settings.manifest, settings.split);
  const workers = runs.map((run) => new SearchWorker(run.map((shard) => shard.key)));
  await Promise.all(
    workers.map((worker, index) =>
      worker.ask({
        type: 'init',
        moduleUrl: settings.moduleUrl,
        shards: (runs[index] ?? []).map((shard) => ({
          path: new URL(shard.dir, settings.moduleUrl).pathname,
          key: shard.key,
          // A shard's folder is named by its content: its entry file may come from the HTTP cache.
          metaCacheTag: shard.dir,
        })),
        options: settings.options,
        language: settings.language,
      }),
    ),
  );
  let nextSearch = 0;
  return {
    async answer(term, shard) {
      const worker = workers.find((candidate) => candidate.keys.has(shard));
      if (worker === undefined) throw new Error(`no search worker holds the shard ${shard}`);
      return replyWith(await worker.ask({ type: 'answer', term, shard }), 'answer').answer;
    },
    async search(term, options, shards) {
      const search = nextSearch;
      nextSearch += 1;
      const asked = workers.filter((worker) => shards.some((key) => worker.keys.has(key)));
      const answers = await Promise.all(
        asked.map(async (worker) => replyWith(await worker.ask({ type: 'search', search, term, options }), 'scores')),
      );
      const scores = answers.map((answer) => answer.scores);
      return {
        total: scores.reduce((sum, list) => sum + list.length, 0),
        filters: sumFilterCounts(answers.map((answer) => answer.filters)),
        totalFilters: sumFilterCounts(answers.map((answer) => answer.totalFilters)),
        async load(from, count) {
          const places = mergeRanked(scores, from, count);
          const data = await Promise.all(
            asked.map(async (worker, list) => {
              const indexes = places.filter((place) => place.list === list).map((place) => place.index);
              if (indexes.length === 0) return [];
              return replyWith(await worker.ask({ type: 'load', search, term, options, indexes }), 'data').data;
            }),
          );
          // Each worker's data in the order asked: walk the places taking each list's next.
          const taken = asked.map(() => 0);
          return places.map((place) => {
            const at = taken[place.list] ?? 0;
            taken[place.list] = at + 1;
            return data[place.list]?.[at] as PagefindData;
          });
        },
      };
    },
  };
}
