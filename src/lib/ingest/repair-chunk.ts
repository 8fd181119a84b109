/**
 * The work of one chunk of `repairAll` (repair-pool.ts), the same on the calling thread and on
 * the worker: each record's title and abstract repaired, and classified when a taxonomy is given.
 */
import { createClassifier, type TopicChoice, type TopicChooser } from '../classify/topic-classifier.ts';
import type { Topic } from '../paper/schema.ts';
import { repairAbstract, repairTitle, type RepairedText } from '../repair/tex-repair.ts';

export interface RecordText {
  title: string;
  abstract: string;
  categories?: readonly string[] | undefined;
}

export type RepairOutcome =
  | {
      title: RepairedText;
      abstract: ReturnType<typeof repairAbstract>;
      /** With a taxonomy: the topics chosen for the repaired title and abstract. */
      classification?: TopicChoice | undefined;
    }
  | {
      /** What the repair threw on this record (the ingest reports it and skips the paper). */
      error: string;
    };

/** A chunk's claim in `repairAll`'s shared claims: not yet taken, taken by the calling thread, by the worker. */
export const FREE = 0;
export const CLAIMED_HERE = 1;
export const CLAIMED_BY_WORKER = 2;

// A classifier compiles its taxonomy once; a batch reuses it for every chunk of the same taxonomy.
let compiled: { topics: readonly Topic[]; classify: TopicChooser } | undefined;

function classifierFor(topics: readonly Topic[]): TopicChooser {
  if (compiled?.topics !== topics) compiled = { topics, classify: createClassifier(topics, { evidence: false }) };
  return compiled.classify;
}

export function repairTextsInChunk(records: readonly RecordText[], topics?: readonly Topic[]): RepairOutcome[] {
  const classify = topics === undefined ? undefined : classifierFor(topics);
  return records.map((record) => {
    let title: RepairedText;
    let abstract: ReturnType<typeof repairAbstract>;
    try {
      title = repairTitle(record.title);
      abstract = repairAbstract(record.abstract);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    const classification = classify?.({
      title: title.markdown,
      abstract: abstract.markdown,
      categories: record.categories ?? [],
    });
    return classification === undefined ? { title, abstract } : { title, abstract, classification };
  });
}
