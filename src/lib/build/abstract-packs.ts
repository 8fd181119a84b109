import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { PaperAbstract } from '../site/paper-view.ts';

/**
 * A paper's abstract in the forms only its own outputs show (src/lib/site/paper-view.ts
 * `PaperAbstract`: the HTML, the plain text, the meta description, the text as scraped), kept in
 * pack files beside the content layer's data store; a paper's record (paper-records-file.ts) says
 * where in which pack.
 *
 * Why outside Astro's data store: Astro parses the whole store at the start of every build, writes
 * it back when anything changed and inlines it into the prerender bundle; an abstract with math is
 * mostly KaTeX markup (several KB), so at 100,000 papers the store was 420 MB. Here a page (or a
 * feed) reads its paper's abstract when it renders: the store, the bundle and the build's memory
 * grow only with what lists need.
 *
 * Why packs, not a file per paper: each abstract file was created under a temporary name and
 * renamed, and the page that showed it opened, read and closed it. On this disk that was 0.7-2.8 s
 * of each render thread in a cold build of 10,000 papers (a third of the thread in the slowest
 * profile, content sync waiting for it) and 5.4-5.6 s at 100,000, and it left a folder of one file
 * per paper for a deploy's cache to save and restore. Each thread that renders appends to packs of
 * its own (one open file, one write per abstract), and a page reads its abstract with one positioned
 * read from a file the build opened once.
 *
 * A pack is never written again once its writer moves on: a crash leaves at most the tail of a
 * pack that no record names yet (records are written after every abstract is), and the pruning
 * removes it. A pack whose papers mostly changed is rewritten by rendering its remaining papers
 * again (`sparsePacks`), so the folder holds at most about twice what the archive needs.
 */

/** Where in which pack one abstract is: the pack's file name in the folder, and the bytes of its JSON. */
export interface AbstractLocation {
  pack: string;
  offset: number;
  length: number;
}

const PACK = /^abstracts-[\w-]+\.pack$/;

/** A pack is closed and the next one started past this many bytes: a sparse pack's papers are all rendered again, so not too large. */
export const PACK_BYTES = 32 * 1024 * 1024;

/** The folder of abstract packs (and records files) in a cache folder. */
export function abstractFilesDir(cacheDir: string): string {
  return join(cacheDir, 'paper-abstracts');
}

export async function ensureAbstractFilesDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Whether `value` (read from a records file or a store) is an abstract's location. */
export function isAbstractLocation(value: unknown): value is AbstractLocation {
  if (typeof value !== 'object' || value === null) return false;
  const { pack, offset, length } = value as Partial<Record<keyof AbstractLocation, unknown>>;
  return (
    typeof pack === 'string' &&
    PACK.test(pack) &&
    Number.isSafeInteger(offset) &&
    (offset as number) >= 0 &&
    Number.isSafeInteger(length) &&
    (length as number) > 0
  );
}

let packsStarted = 0;

export interface AbstractPackWriter {
  /** Appends an abstract to this writer's current pack; where it went. */
  write(abstract: PaperAbstract): AbstractLocation;
  /** Closes the current pack; a later `write` starts a new one. */
  close(): void;
}

/**
 * Appends abstracts to packs of this writer's own in `dir`, each named uniquely (time, process,
 * thread, count), so threads and builds never share one. Not fsynced: a cache, made again from the
 * papers whenever a pack is missing or shorter than a record says (`createAbstractReader`'s
 * `usable`).
 */
export function createAbstractPackWriter(dir: string, packBytes = PACK_BYTES): AbstractPackWriter {
  let current: { name: string; fd: number; size: number } | undefined;
  const close = (): void => {
    if (current !== undefined) closeSync(current.fd);
    current = undefined;
  };
  return {
    write(abstract) {
      const bytes = Buffer.from(`${JSON.stringify(abstract)}\n`);
      if (current !== undefined && current.size > 0 && current.size + bytes.length > packBytes) close();
      if (current === undefined) {
        packsStarted += 1;
        const name = `abstracts-${Date.now().toString(36)}-${process.pid}-${threadId}-${packsStarted}.pack`;
        const path = join(dir, name);
        try {
          current = { name, fd: openSync(path, 'wx'), size: 0 };
        } catch (cause) {
          throw new Error(`Failed to start the abstract pack ${path}`, { cause });
        }
      }
      const { name, fd, size } = current;
      try {
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, size + written);
      } catch (cause) {
        close();
        throw new Error(`Failed to write to the abstract pack ${join(dir, name)}`, { cause });
      }
      current.size += bytes.length;
      // The newline is the pack's, for a person reading it: not part of the abstract's bytes.
      return { pack: name, offset: size, length: bytes.length - 1 };
    },
    close,
  };
}

export interface AbstractReader {
  /** Whether the pack named holds the bytes `location` names (it exists and is that long). */
  usable(location: AbstractLocation): boolean;
  /** A paper's abstract; `file` names the paper in the error. */
  read(location: AbstractLocation, file: string): PaperAbstract;
  /** Closes the packs opened. */
  close(): void;
}

/**
 * Reads abstracts from the packs in `dir`, each pack opened once. A pack's length is read again
 * only when a location ends past it (a dev server's own pack grows while it is open).
 */
export function createAbstractReader(dir: string): AbstractReader {
  const opened = new Map<string, { fd: number; size: number }>();
  /**
   * The pack `location` is in, open, and whether it holds the location's bytes. Throws for anything
   * that is not a location (a dev server's store is read too): never a path out of the folder.
   */
  const open = (location: AbstractLocation): { fd: number; holds: boolean } => {
    if (!isAbstractLocation(location)) throw new Error(`not a place in a pack: ${JSON.stringify(location)}`);
    const end = location.offset + location.length;
    let entry = opened.get(location.pack);
    if (entry === undefined) {
      const fd = openSync(join(dir, location.pack), 'r');
      entry = { fd, size: fstatSync(fd).size };
      opened.set(location.pack, entry);
    } else if (entry.size < end) {
      entry.size = fstatSync(entry.fd).size;
    }
    return { fd: entry.fd, holds: entry.size >= end };
  };
  return {
    usable(location) {
      try {
        return open(location).holds;
      } catch {
        return false;
      }
    },
    read(location, file) {
      const path = join(dir, location.pack);
      let bytes: Buffer;
      try {
        const { fd, holds } = open(location);
        if (!holds) throw new Error('the pack ends before it');
        bytes = Buffer.allocUnsafe(location.length);
        let read = 0;
        while (read < bytes.length) {
          const count = readSync(fd, bytes, read, bytes.length - read, location.offset + read);
          if (count === 0) throw new Error(`the pack ended at byte ${location.offset + read}`);
          read += count;
        }
      } catch (cause) {
        throw new Error(
          `${file}: its rendered abstract (${path}, bytes ${location.offset}-${location.offset + location.length}) is gone; it is in the build cache: build again, or delete the cache folder to start cold`,
          { cause },
        );
      }
      try {
        return parseAbstract(bytes.toString('utf8'));
      } catch (cause) {
        const message = `${file}: its rendered abstract (${path}) is damaged; delete the cache folder and build again`;
        throw new Error(message, { cause });
      }
    },
    close() {
      for (const { fd } of opened.values()) closeSync(fd);
      opened.clear();
    },
  };
}

function parseAbstract(text: string): PaperAbstract {
  const abstract = JSON.parse(text) as Partial<Record<keyof PaperAbstract, unknown>>;
  const { html, text: plain, description, hasMath, original } = abstract;
  if (
    typeof html !== 'string' ||
    typeof plain !== 'string' ||
    typeof description !== 'string' ||
    typeof hasMath !== 'boolean' ||
    !(original === undefined || typeof original === 'string')
  ) {
    throw new Error('it is not an abstract of this version');
  }
  return { html, text: plain, description, hasMath, ...(original === undefined ? {} : { original }) };
}

/** Below this share of its bytes still named by a record, a pack's papers are rendered again into a new one. */
export const SPARSE_SHARE = 0.5;

/**
 * The packs of `dir` (with their lengths) that the `locations` of the last build's records use
 * less than `SPARSE_SHARE` of: their papers are rendered again, so the pack can go. Without this a
 * pack stays as long as one of its papers is unchanged, and the folder grows with every edit.
 */
export function sparsePacks(
  locations: Iterable<AbstractLocation>,
  packBytes: ReadonlyMap<string, number>,
): Set<string> {
  const used = new Map<string, number>();
  for (const { pack, length } of locations) used.set(pack, (used.get(pack) ?? 0) + length + 1);
  const sparse = new Set<string>();
  for (const [pack, size] of packBytes) {
    if ((used.get(pack) ?? 0) < size * SPARSE_SHARE) sparse.add(pack);
  }
  return sparse;
}

/** The packs in `dir` and their lengths. */
export function packSizes(dir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => PACK.test(name));
  } catch {
    return sizes;
  }
  for (const name of names) {
    const size = statSync(join(dir, name), { throwIfNoEntry: false })?.size;
    if (size !== undefined) sizes.set(name, size);
  }
  return sizes;
}

/**
 * Removes every file of `dir` that is not in `keep` (names): packs no record names any more, the
 * per-paper abstract files of earlier versions, and what a crash left behind.
 */
export async function pruneAbstractFiles(dir: string, keep: ReadonlySet<string>): Promise<number> {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((name) => !keep.has(name));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}
