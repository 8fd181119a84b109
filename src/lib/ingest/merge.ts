/**
 * Merging what an input says about a paper into the paper file already in the archive. A paper
 * file may have been edited by a person since it was written, so what is in it wins: a re-ingest
 * only fills fields the file lacks. `force` lets the input win instead (after a repair rule was
 * fixed, say). Either way every field where file and input disagree is reported.
 */
import type { PaperData } from '../paper/schema.ts';
import { formatDay } from '../paper/calendar-day.ts';
import { normalizeDoi } from '../paper/identity.ts';

/** A paper as a file holds it: front matter and the abstract in Markdown. */
export interface PaperContent {
  data: PaperData;
  body: string;
}

/** A field the file and the input disagree on. Values are as a file shows them (dates as `YYYY-MM-DD`). */
export interface FieldDifference {
  field: string;
  /** The value in the archive's file. */
  file: unknown;
  /** The value the input gives. */
  input: unknown;
  /**
   * Where the two values were read (`file:line`) when both come from records of one run (a paper
   * met twice in the inputs): `file` is then the value the paper's file takes from the earlier record.
   */
  from?: { file: string; input: string } | undefined;
}

export interface MergeResult extends PaperContent {
  /** Fields the file lacked and the input gave. */
  filled: string[];
  /** Fields the input overwrote (`force` only). */
  replaced: FieldDifference[];
  /** Fields the file kept although the input differs. */
  kept: FieldDifference[];
}

export interface MergeOptions {
  /** Let the input overwrite fields present in the file. */
  force?: boolean | undefined;
}

/**
 * Fields a re-ingest may fill or, with `force`, overwrite. `added` and `source` are not among
 * them: they record when and from where the paper entered the archive, which a later input does
 * not change. The slug (the file name) never changes either; that is the caller's business.
 */
const MERGED_FIELDS = [
  'title',
  'authors',
  'arxiv',
  'doi',
  'categories',
  'journal',
  'comments',
  'license',
  'published',
  'topics',
  'code',
  'links',
] as const;
/** The abstract is reported under this name; `original` travels with it. */
export const ABSTRACT_FIELD = 'abstract';

function shown(value: unknown): unknown {
  if (value instanceof Date) return formatDay(value);
  if (Array.isArray(value)) return value.map(shown);
  return value;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Two values of `field` that are the same paper's: a DOI compared as DOIs compare, without case (identity.ts). */
function same(a: unknown, b: unknown, field: string): boolean {
  if (field === 'doi' && typeof a === 'string' && typeof b === 'string') {
    return (normalizeDoi(a) ?? a) === (normalizeDoi(b) ?? b);
  }
  return JSON.stringify(shown(a)) === JSON.stringify(shown(b));
}

/** `existing` merged with `incoming`; neither is modified. */
export function mergePaper(existing: PaperContent, incoming: PaperContent, options: MergeOptions = {}): MergeResult {
  const force = options.force === true;
  const data: Record<string, unknown> = { ...existing.data };
  const filled: string[] = [];
  const replaced: FieldDifference[] = [];
  const kept: FieldDifference[] = [];

  for (const field of MERGED_FIELDS) {
    const mine = existing.data[field];
    const theirs = incoming.data[field];
    if (!isPresent(theirs) || same(mine, theirs, field)) continue;
    if (!isPresent(mine)) {
      data[field] = theirs;
      filled.push(field);
      continue;
    }
    const difference = { field, file: shown(mine), input: shown(theirs) };
    if (force) {
      data[field] = theirs;
      replaced.push(difference);
    } else {
      kept.push(difference);
    }
  }

  // A later version's date is news, not a difference of opinion: the latest one wins.
  const updated = incoming.data.updated;
  if (updated !== undefined && (existing.data.updated === undefined || existing.data.updated < updated)) {
    data['updated'] = updated;
    filled.push('updated');
  }

  // The abstract and `original` go together: `original` is what the abstract was repaired from,
  // so it is only filled in beside the very abstract it belongs to.
  let body = existing.body;
  const mineBody = existing.body.trim();
  const theirsBody = incoming.body.trim();
  if (theirsBody !== '' && mineBody !== theirsBody) {
    if (mineBody === '') {
      body = incoming.body;
      filled.push(ABSTRACT_FIELD);
      if (incoming.data.original !== undefined) {
        data['original'] = incoming.data.original;
        filled.push('original');
      } else {
        delete data['original'];
      }
    } else {
      const difference = { field: ABSTRACT_FIELD, file: mineBody, input: theirsBody };
      if (force) {
        body = incoming.body;
        replaced.push(difference);
        if (incoming.data.original === undefined) delete data['original'];
        else data['original'] = incoming.data.original;
      } else {
        kept.push(difference);
      }
    }
  } else if (
    theirsBody !== '' &&
    incoming.data.original !== undefined &&
    existing.data.original !== incoming.data.original
  ) {
    if (existing.data.original === undefined) {
      data['original'] = incoming.data.original;
      filled.push('original');
    } else {
      const difference = { field: 'original', file: existing.data.original, input: incoming.data.original };
      if (force) {
        data['original'] = incoming.data.original;
        replaced.push(difference);
      } else {
        kept.push(difference);
      }
    }
  }

  return { data: data as PaperData, body, filled, replaced, kept };
}
