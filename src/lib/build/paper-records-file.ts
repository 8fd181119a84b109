import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredPaperData } from '../site/archive.ts';
import { isAbstractLocation, type AbstractLocation } from './abstract-packs.ts';
import type { PaperSummary } from '../site/paper-view.ts';
import { writeFileWhole } from '../storage/cache-file.ts';

/**
 * What a build's pages need of every paper besides its abstract (the validated front matter less
 * `original`, the summary: title and first sentence typeset, related-paper terms, and where its
 * abstract is), in JSON files beside the abstract packs (abstract-packs.ts), keyed by paper digest.
 *
 * Astro's data store held it: 1.1 KB a paper after the abstracts and terms had left, in a store
 * every build reads, writes back whole when one paper changed, escapes into a JavaScript module,
 * bundles, compiles and parses again: 3 s of a 10,000-paper rebuild. A build's store now holds each
 * paper's digest only; these files cost one read and one `JSON.parse`. A dev server keeps the
 * records in its store (it updates one paper at a time, which files named by sets of papers cannot
 * follow).
 *
 * The records are spread over up to 256 files by the first two characters of the digest, each
 * file named by the set of paper versions it holds: a build reads exactly its papers' records, a
 * new paper rewrites one small file (not the archive's), a build with nothing changed writes
 * nothing, and no file nears V8's cap on a string (about 512 MiB: 2.5 million papers make files of
 * about 16 MB).
 */
export interface PaperRecord {
  data: StoredPaperData;
  summary: PaperSummary;
  /** Where its abstract is (abstract-packs.ts); a record written before the packs has none, and its paper is rendered again. */
  abstract?: AbstractLocation | undefined;
}

const PREFIX = 'records-';

/** The bucket of a digest: its first two characters. */
function bucketOf(digest: string): string {
  return digest.slice(0, 2);
}

/** The digests by bucket, each bucket's sorted, and the name of the file holding that set. */
function filesFor(dir: string, digests: Iterable<string>): { path: string; digests: string[] }[] {
  const buckets = new Map<string, string[]>();
  for (const digest of digests) {
    if (!/^[\w-]+$/.test(digest)) throw new Error(`Not a digest: ${JSON.stringify(digest)}`);
    const bucket = bucketOf(digest);
    const members = buckets.get(bucket);
    if (members) members.push(digest);
    else buckets.set(bucket, [digest]);
  }
  return [...buckets]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([bucket, members]) => {
      members.sort();
      const hash = createHash('sha256');
      for (const digest of members) hash.update(digest).update('\n');
      return { path: join(dir, `${PREFIX}${bucket}-${hash.digest('hex').slice(0, 32)}.json`), digests: members };
    });
}

/** The records files for the papers whose digests are `digests` (in any order), in `dir`. */
export function paperRecordFiles(dir: string, digests: Iterable<string>): string[] {
  return filesFor(dir, digests).map((file) => file.path);
}

/** Whether `name` (a file name in the folder) is a records file. */
export function isPaperRecordsFile(name: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith('.json');
}

/**
 * Whether a usable records file exists. An empty one counts as missing: files are written without
 * fsync (a cache), and a power cut after the rename can leave a file with no content on some file
 * systems; a written file is never empty.
 */
export function hasCacheFile(path: string): boolean {
  return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

/** JSON has no dates: a `Date` in the front matter is written as `{"$date": ISO string}`. */
function withDates(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function revived(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revived);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object['$date'] === 'string' && Object.keys(object).length === 1) return new Date(object['$date']);
  for (const [key, inner] of Object.entries(object)) object[key] = revived(inner);
  return object;
}

/**
 * Writes the records files of `records`, atomically and without fsync (like the abstract packs, a
 * cache: a missing file only makes the next build render its papers again): each file whose set
 * of papers is new, or that holds a paper `rendered` says was rendered again (its file may have
 * been damaged). Returns every file of the set.
 */
export function writePaperRecords(
  dir: string,
  records: ReadonlyMap<string, PaperRecord>,
  rendered: (digest: string) => boolean = () => true,
): string[] {
  const files = filesFor(dir, records.keys());
  for (const { path, digests } of files) {
    if (hasCacheFile(path) && !digests.some(rendered)) continue;
    const body = Object.fromEntries(digests.map((digest) => [digest, records.get(digest)]));
    writeFileWhole(path, JSON.stringify(body, withDates));
  }
  return files.map((file) => file.path);
}

/** The records a file holds by digest; throws when it is unreadable or not a records file. */
export function readPaperRecords(path: string): Map<string, PaperRecord> {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} is not a records file`);
  }
  const records = new Map<string, PaperRecord>();
  for (const [digest, value] of Object.entries(parsed)) {
    const record = value as Partial<PaperRecord> | null;
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.data !== 'object' ||
      record.data === null ||
      typeof record.summary?.terms !== 'string'
    ) {
      throw new Error(`${path} is not a records file`);
    }
    const abstract = isAbstractLocation(record.abstract) ? record.abstract : undefined;
    records.set(digest, { data: revived(record.data) as StoredPaperData, summary: record.summary, abstract });
  }
  return records;
}

/**
 * The records of every readable records file in `dir`, for the loader to reuse: a damaged file is
 * skipped (its papers are rendered again), never trusted.
 */
export function readAllPaperRecords(dir: string): Map<string, PaperRecord> {
  const records = new Map<string, PaperRecord>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter(isPaperRecordsFile);
  } catch {
    return records;
  }
  for (const name of names) {
    try {
      for (const [digest, record] of readPaperRecords(join(dir, name))) records.set(digest, record);
    } catch {
      // A cache: what it held is derived again from the paper files.
    }
  }
  return records;
}

/** The records of the papers with `digests`, from their files: the pages' side of the loader's write. */
export function loadPaperRecords(dir: string, digests: readonly string[]): Map<string, PaperRecord> {
  const records = new Map<string, PaperRecord>();
  for (const path of paperRecordFiles(dir, digests)) {
    try {
      for (const [digest, record] of readPaperRecords(path)) records.set(digest, record);
    } catch (cause) {
      throw new Error(
        `The paper records of this archive (${path}) are missing or damaged; build again, or delete the cache folder to start cold`,
        { cause },
      );
    }
  }
  return records;
}
