import { hash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import writeFileAtomic from 'write-file-atomic';
import type { ArchivedReading, ArchiveReadings } from './ingest.ts';

/**
 * What the ingest made of each archive file it read (parsed front matter, schema-validated data,
 * identity keys, or why the file is invalid), kept between runs and found again by the file's
 * exact bytes. Adding one paper to 10,000 read and validated every file again: about 1 s of the
 * 2.5 s run, 10 s at 100,000 papers. The files a run writes are kept as the check read them back
 * before writing (`readWrittenPaper`), so the run after an import reads none of them either. A
 * file whose text changed in any way has another digest and is read afresh, so a reading is never
 * stale; the whole store is dropped when the reader could read differently (`readerScope`: the
 * topics, the reading code, the locked dependencies).
 *
 * Each reading is kept as the bytes `v8.serialize` made of it when it was read (it holds `Date`s,
 * which JSON would turn into strings), so nothing the plan does to the objects later can leak into
 * the store. No library does this: it is a map from digest to bytes, saved atomically.
 */
/** Bumped when what a reading holds changes shape without the reading code changing. */
const FORMAT = 1;

/**
 * `text` as a one-byte string when every character fits in a byte. V8 keeps a string made from
 * two-byte pieces two-byte (a line of a dump that holds a Greek letter anywhere, say), and
 * `v8.serialize` writes a string as it is held: readings made from such a text took twice the
 * bytes of the same file's reading made from disk (2,732 of the 10,000 files of an import, the
 * store 24 % larger). Reading a file from this copy gives the same values, one byte a character.
 */
export function compactText(text: string): string {
  return /[\u0100-\uffff]/.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/** The digest a reading is found by: the file's text, exactly. */
function digestOf(text: string): string {
  return hash('sha256', text, 'base64url');
}

/** The readings of one run: those found in the store, those made, and the store to save. */
export class ArchiveReadStore implements ArchiveReadings {
  readonly #scope: string;
  readonly #stored: ReadonlyMap<string, Uint8Array>;
  readonly #storedLength: number;
  readonly #used = new Map<string, Uint8Array>();
  #hits = 0;
  #remembered = 0;

  /** `storedLength`: how many bytes of the saved store the stored readings were read from. */
  constructor(scope: string, stored: ReadonlyMap<string, Uint8Array> = new Map(), storedLength = 0) {
    this.#scope = scope;
    this.#stored = stored;
    this.#storedLength = storedLength;
  }

  /** The reading of `text` made by an earlier run in the same scope, or `undefined`. */
  lookup(text: string): ArchivedReading | undefined {
    const digest = digestOf(text);
    const bytes = this.#stored.get(digest);
    if (bytes === undefined) return undefined;
    let reading: ArchivedReading;
    try {
      reading = deserialize(bytes) as ArchivedReading;
    } catch {
      return undefined;
    }
    this.#used.set(digest, bytes);
    this.#hits += 1;
    return reading;
  }

  /** Keeps the reading of `text` for the next run. */
  remember(text: string, reading: ArchivedReading): void {
    this.#used.set(digestOf(text), serialize(reading));
    this.#remembered += 1;
  }

  /** How many readings came from the store. */
  get hits(): number {
    return this.#hits;
  }

  /** Whether the store to save differs from the one loaded: a reading was made, or a file went. */
  get changed(): boolean {
    return this.#remembered > 0 || this.#used.size !== this.#stored.size;
  }

  /** The store for the next run, whole: this run's readings only (files gone from the archive drop out). */
  toBytes(): Buffer {
    return segment(this.#scope, [...this.#used]);
  }

  /**
   * What to append to the saved store when all that changed is readings made: every stored
   * reading was used again (no file went or changed). The next run then finds the store as if
   * written whole, and adding one paper to 100,000 does not write 240 MB again (2.4 s). Undefined
   * when the store must be written whole, or nothing was made.
   */
  appendix(): Buffer | undefined {
    for (const digest of this.#stored.keys()) if (!this.#used.has(digest)) return undefined;
    const made = [...this.#used].filter(([digest]) => !this.#stored.has(digest));
    return made.length === 0 ? undefined : segment(this.#scope, made);
  }

  /** How many bytes of the saved store the stored readings were read from (0 when none were). */
  get storedLength(): number {
    return this.#storedLength;
  }

  /**
   * The store `bytes` (from `toBytes`, then any appendixes) if it was made in `scope`; an empty one
   * if not, or if its first segment is damaged. A damaged later segment (a run cut short while it
   * appended) ends the store: the segments before it are read, and the next save writes it whole.
   */
  static from(bytes: Buffer | undefined, scope: string): ArchiveReadStore {
    const stored = new Map<string, Uint8Array>();
    let length = 0;
    while (bytes !== undefined && length < bytes.byteLength) {
      const end = readSegment(bytes, length, scope, stored);
      if (end === undefined) break;
      length = end;
    }
    return new ArchiveReadStore(scope, stored, length);
  }
}

/**
 * A segment of the store: a JSON header (format, scope, digests, where each reading ends) after
 * its 4-byte length, then the readings back to back. One buffer, not a serialized map of them: V8
 * writes and reads each buffer inside a map as a host object, about 20 µs apiece.
 */
function segment(scope: string, readings: readonly (readonly [digest: string, bytes: Uint8Array])[]): Buffer {
  let end = 0;
  const ends = readings.map(([, bytes]) => (end += bytes.byteLength));
  const digests = readings.map(([digest]) => digest);
  const header = Buffer.from(JSON.stringify({ format: FORMAT, scope, digests, ends }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.byteLength);
  return Buffer.concat([length, header, ...readings.map(([, bytes]) => bytes)]);
}

/**
 * Reads the segment at `start` into `stored` if it is whole and was made in `scope`; returns where
 * it ends, or `undefined` (and reads nothing of it) if it is not.
 */
function readSegment(bytes: Buffer, start: number, scope: string, stored: Map<string, Uint8Array>): number | undefined {
  try {
    const headerEnd = start + 4 + bytes.readUInt32LE(start);
    if (headerEnd > bytes.byteLength) return undefined;
    const header = JSON.parse(bytes.toString('utf8', start + 4, headerEnd)) as {
      format?: unknown;
      scope?: unknown;
      digests?: unknown;
      ends?: unknown;
    };
    if (header.format !== FORMAT || header.scope !== scope) return undefined;
    const { digests, ends } = header;
    if (!Array.isArray(digests) || !Array.isArray(ends) || digests.length !== ends.length) return undefined;
    const end = headerEnd + Number(ends.at(-1) ?? 0);
    if (!Number.isSafeInteger(end) || end > bytes.byteLength) return undefined;
    let from = headerEnd;
    digests.forEach((digest, i) => {
      const to = headerEnd + Number(ends[i]);
      stored.set(String(digest), bytes.subarray(from, to));
      from = to;
    });
    return end;
  } catch {
    // A damaged segment ends the store: the files whose readings it held are read again.
    return undefined;
  }
}

/** Every file under `dir` whose name ends in `.ts`, in a stable order. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * What a reading depends on besides the file: the topic ids (the schema accepts only those), the
 * code under `src/lib` (the reader, the schema, the identity keys and what they import) and the
 * lock file (js-yaml, gray-matter, zod). Any change to them starts an empty store.
 */
export function readerScope(projectRoot: string, topicIds: readonly string[]): string {
  const parts = [String(FORMAT), ...topicIds, '\u0000'];
  for (const file of [...sourcesUnder(join(projectRoot, 'src/lib')), join(projectRoot, 'package-lock.json')]) {
    // Relative, so the same checkout gives the same scope however its root was spelled.
    parts.push(relative(projectRoot, file), readFileSync(file, 'utf8'));
  }
  return hash('sha256', parts.join('\u0000'), 'base64url');
}

/** The store saved at `path` in `scope`; an empty one when there is none, it cannot be read, or it was made in another scope. */
export function loadArchiveReads(path: string, scope: string): ArchiveReadStore {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(path);
  } catch {
    bytes = undefined;
  }
  return ArchiveReadStore.from(bytes, scope);
}

/**
 * Saves the store, unless it is the one loaded (an archive read without a change: 24 MB at 10,000
 * papers not written again). When only readings were made it appends them (`appendix`) to the file
 * they were loaded from, if that file is still exactly what was read; otherwise it writes the store
 * whole, atomically. Never fsynced: it is a cache, and a missing or damaged one only makes the next
 * run read again the files it lacks (an append cut short is a damaged last segment).
 */
export function saveArchiveReads(path: string, reads: ArchiveReadStore): void {
  if (!reads.changed) return;
  const appendix = reads.appendix();
  if (appendix !== undefined && reads.storedLength > 0 && sizeOf(path) === reads.storedLength) {
    appendFileSync(path, appendix);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic.sync(path, reads.toBytes(), { fsync: false });
}

function sizeOf(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.size;
}
