/**
 * All-or-nothing, crash-safe writing of many files. A rename is atomic, so each file is either old
 * or new, never half-written; but an ingest writes thousands of files and must leave the archive as
 * it was or wholly changed, even when the process is killed (`kill -9`, power loss) at any moment.
 * Libraries such as write-file-atomic make one file atomic, not a set, hence this write-ahead
 * protocol. Everything it keeps lives in a hidden state folder beside the papers folder
 * (`content/.transaction/`, see `transactionDirOf`), never among the papers, so neither the check
 * nor the site's loader ever meets a temporary file:
 *
 * 1. stage: write each new content to `<state>/<i>.new` and fsync it (the one fsync per file);
 * 2. back up: hard-link each target that exists to `<state>/<i>.old` (no copy: the old bytes stay);
 *    then fsync the state folder, so the staged files and backups are on disk before step 3;
 * 3. commit record: write `<state>/journal.json` (the targets, which of them existed, the folders
 *    to create) to a temporary name, fsync it, rename it into place, fsync the state folder. From
 *    this instant the transaction is decided: it will be finished;
 * 4. commit: create missing folders, rename each `<i>.new` over its target, then fsync the target
 *    folders and the state folder, so the renames are on disk before anything is deleted;
 * 5. clean up: delete the backups, then the journal, last.
 *
 * Recovery (`recoverTransaction`, run by the next ingest or `npm run new` while holding the archive
 * lock) reads the state folder. Without a journal, the archive was never touched: the staged files
 * are deleted ("discarded"). With a journal in state `commit`, the change is finished ("rolled
 * forward"): each `<i>.new` still present is renamed over its target; one that is gone was renamed
 * already (the rename moved it), so this is idempotent and a crash during recovery is recovered the
 * same way. If finishing fails (a target became a folder, say), the journal is switched to state
 * `rollback` and the old files are put back ("rolled back"): each `<i>.old` still present is renamed
 * over its target, targets that did not exist are deleted, created folders removed. An error while
 * writing (not a kill) is undone the same way at once, in process. Only after either direction has
 * completed and been fsynced are the leftover files deleted, the journal last, so a crash in the
 * clean-up is a repeatable no-op recovery. The journal names targets relative to the state folder
 * and recovery refuses any outside the folder that holds it (the content folder).
 *
 * The cost over the earlier all-or-nothing write (which had no journal) is constant: one journal
 * file (under 100 bytes per target) and five fsyncs, the journal's and four of the state folder,
 * whatever the number of files. It assumes what POSIX promises: a rename within one file system is
 * atomic, and an fsync of a folder makes its entries durable; the state folder sits beside the
 * papers folder so that both are on one file system (across two, the first rename fails with
 * EXDEV and the write is undone).
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The state folder's name, beside the papers folder. */
export const TRANSACTION_DIR_NAME = '.transaction';
const JOURNAL = 'journal.json';
const JOURNAL_TEMP = 'journal.json.tmp';
const TRANSACTION_FILE = /^(?:\d+\.(?:new|old)|journal\.json(?:\.tmp)?)$/;

/** The state folder of the archive whose papers are in `papersDir`: `content/.transaction`. */
export function transactionDirOf(papersDir: string): string {
  return join(dirname(papersDir), TRANSACTION_DIR_NAME);
}

export interface FileWrite {
  path: string;
  content: string;
}

/** The file-system calls the protocol makes; tests replace them to inject failures and kills. */
export interface TransactionFs {
  /** Creates a new file (never an existing one) with `content` and flushes it to disk. */
  writeFile(path: string, content: string): void;
  rename(from: string, to: string): void;
  link(existing: string, alias: string): void;
  unlink(path: string): void;
  /** Whether the path exists (a symbolic link counts, whatever it points to). */
  exists(path: string): boolean;
  /** Creates one folder (its parent exists). */
  mkdir(path: string): void;
  /** Removes one empty folder. */
  rmdir(path: string): void;
  /** Flushes a folder's entries (creations, renames, deletions) to disk. */
  syncDir(path: string): void;
  readdir(path: string): string[];
  readFile(path: string): string;
}

function fsyncPath(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeFs: TransactionFs = {
  writeFile: (path, content) => {
    const fd = fs.openSync(path, 'wx');
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  link: (existing, alias) => {
    try {
      fs.linkSync(existing, alias);
    } catch (error) {
      // Some file systems have no hard links; a copy keeps the old bytes just as well, once flushed.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      fs.copyFileSync(existing, alias, fs.constants.COPYFILE_EXCL);
      fsyncPath(alias);
    }
  },
  unlink: (path) => fs.unlinkSync(path),
  exists: (path) => {
    try {
      fs.lstatSync(path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw error;
    }
  },
  mkdir: (path) => fs.mkdirSync(path),
  rmdir: (path) => fs.rmdirSync(path),
  syncDir: (path) => {
    // Not every platform or file system can open or flush a folder (Windows cannot); there renames
    // are as durable as the system makes them. A real I/O error still stops the transaction.
    try {
      fsyncPath(path);
    } catch (error) {
      if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? ''))
        throw error;
    }
  },
  readdir: (path) => fs.readdirSync(path).sort(),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
};

/**
 * The real file system, unless `ARCHIVE_TEST_KILL_AFTER_FS_OPS=K` is set: then the process kills
 * itself with SIGKILL right after its K-th call, which is how the crash tests stop a real ingest at
 * an exact step. `ARCHIVE_TEST_FS_TRACE=FILE` writes each call (`method path`) to FILE at exit, so a
 * test can choose its K from a complete run.
 */
export function defaultFs(env: NodeJS.ProcessEnv = process.env): TransactionFs {
  const killAfter = Number(env['ARCHIVE_TEST_KILL_AFTER_FS_OPS'] ?? 0);
  const traceFile = env['ARCHIVE_TEST_FS_TRACE'];
  if (!(killAfter > 0) && traceFile === undefined) return nodeFs;
  let count = 0;
  const trace: string[] = [];
  if (traceFile !== undefined) process.once('exit', () => fs.writeFileSync(traceFile, trace.join('\n')));
  const wrapped = {} as Record<keyof TransactionFs, (...args: never[]) => unknown>;
  for (const method of Object.keys(nodeFs) as (keyof TransactionFs)[]) {
    wrapped[method] = (...args: never[]) => {
      const result = (nodeFs[method] as (...a: never[]) => unknown)(...args);
      count += 1;
      trace.push(`${method} ${String(args[0])}`);
      if (count === killAfter) process.kill(process.pid, 'SIGKILL');
      return result;
    };
  }
  return wrapped as unknown as TransactionFs;
}

/** Thrown when the transaction failed and the tree was left (or put back) as it was. */
export class TransactionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransactionError';
  }
}

/** Thrown when the transaction failed and could not be undone; the message says how it will be finished. */
export class RollbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RollbackError';
  }
}

/** Thrown when recovery failed; nothing was deleted, and the message says what to do. */
export class RecoveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecoveryError';
  }
}

/** Who wrote a transaction, for messages. */
export interface TransactionHolder {
  pid: number;
  host: string;
  command: string;
  /** When the writing process started (ISO 8601). */
  started: string;
}

interface Journal {
  version: 1;
  state: 'commit' | 'rollback';
  holder: TransactionHolder;
  /** Each target, relative to the state folder (`../papers/x.md`); `<i>.new` and `<i>.old` belong to `targets[i]`. */
  targets: string[];
  /** Whether `targets[i]` existed (and so has a backup `<i>.old`). */
  existed: boolean[];
  /** Folders the commit creates, relative to the state folder, parents first. */
  dirs: string[];
}

function thisHolder(command: string | undefined): TransactionHolder {
  return {
    pid: process.pid,
    host: hostname(),
    command: command ?? process.argv.slice(1).join(' '),
    started: new Date(performance.timeOrigin).toISOString(),
  };
}

/** Whether `path` is inside `root` (not `root` itself). */
function isInside(path: string, root: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function parseJournal(text: string, path: string): Journal {
  let value: Partial<Journal>;
  try {
    value = JSON.parse(text) as Partial<Journal>;
  } catch (cause) {
    throw new RecoveryError(`the journal ${path} is not valid JSON`, { cause });
  }
  const ok =
    value.version === 1 &&
    (value.state === 'commit' || value.state === 'rollback') &&
    typeof value.holder?.pid === 'number' &&
    Array.isArray(value.targets) &&
    value.targets.every((target) => typeof target === 'string') &&
    Array.isArray(value.existed) &&
    value.existed.length === value.targets.length &&
    value.existed.every((existed) => typeof existed === 'boolean') &&
    Array.isArray(value.dirs) &&
    value.dirs.every((dir) => typeof dir === 'string');
  if (!ok) throw new RecoveryError(`the journal ${path} is not a transaction journal this version can read`);
  const root = dirname(resolve(dirname(path)));
  for (const target of [...(value.targets ?? []), ...(value.dirs ?? [])]) {
    const full = resolve(dirname(path), target);
    if (!isInside(full, root) || full === resolve(dirname(path)) || isInside(full, resolve(dirname(path)))) {
      throw new RecoveryError(`the journal ${path} names ${target}, outside ${root}: it was not written by the ingest`);
    }
  }
  return value as Journal;
}

function writeJournal(fsOps: TransactionFs, stateDir: string, journal: Journal): void {
  const temp = join(stateDir, JOURNAL_TEMP);
  if (fsOps.exists(temp)) fsOps.unlink(temp);
  fsOps.writeFile(temp, JSON.stringify(journal));
  fsOps.rename(temp, join(stateDir, JOURNAL));
  fsOps.syncDir(stateDir);
}

function targetDirs(stateDir: string, journal: Journal): string[] {
  return [...new Set(journal.targets.map((target) => dirname(resolve(stateDir, target))))];
}

/**
 * Step 4, and recovery's roll forward: idempotent. `fresh`: called right after staging, when every
 * staged file is known to be there (no need to look); otherwise (recovery) each is looked for, and
 * afterwards every target must exist. Returns how many files it moved into place.
 */
function rollForward(fsOps: TransactionFs, stateDir: string, journal: Journal, fresh: boolean): number {
  for (const dir of journal.dirs) {
    const full = resolve(stateDir, dir);
    if (fsOps.exists(full)) continue;
    fsOps.mkdir(full);
    fsOps.syncDir(dirname(full));
  }
  let renamed = 0;
  for (const [index, target] of journal.targets.entries()) {
    const staged = join(stateDir, `${index}.new`);
    if (!fresh && !fsOps.exists(staged)) continue;
    fsOps.rename(staged, resolve(stateDir, target));
    renamed += 1;
  }
  if (!fresh) {
    const missing = journal.targets.filter((target) => !fsOps.exists(resolve(stateDir, target)));
    if (missing.length > 0) {
      throw new RecoveryError(
        `${missing.length} file(s) of the transaction are neither staged nor in place, e.g. ${resolve(stateDir, missing[0] ?? '')}`,
      );
    }
  }
  for (const dir of targetDirs(stateDir, journal)) fsOps.syncDir(dir);
  fsOps.syncDir(stateDir);
  return renamed;
}

/** Puts the old files back: idempotent. */
function rollBack(fsOps: TransactionFs, stateDir: string, journal: Journal): void {
  for (let index = journal.targets.length - 1; index >= 0; index -= 1) {
    const target = resolve(stateDir, journal.targets[index] ?? '');
    if (journal.existed[index]) {
      // Gone means put back already. While the target is still the old file, both names are links to
      // one file and the rename does nothing; the clean-up deletes the backup.
      const backup = join(stateDir, `${index}.old`);
      if (fsOps.exists(backup)) fsOps.rename(backup, target);
    } else if (fsOps.exists(target)) {
      fsOps.unlink(target);
    }
  }
  for (const dir of targetDirs(stateDir, journal)) if (fsOps.exists(dir)) fsOps.syncDir(dir);
  for (const dir of [...journal.dirs].reverse()) {
    const full = resolve(stateDir, dir);
    if (!fsOps.exists(full)) continue;
    try {
      fsOps.rmdir(full);
    } catch (error) {
      // A folder that holds something the transaction did not write is kept.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw error;
    }
    fsOps.syncDir(dirname(full));
  }
  fsOps.syncDir(stateDir);
}

/**
 * Step 5: deletes the transaction's files, the journal last, then the state folder if it is empty.
 * Returns how many files (journal aside) it deleted.
 */
function cleanUp(fsOps: TransactionFs, stateDir: string): number {
  const names = fsOps.readdir(stateDir).filter((name) => TRANSACTION_FILE.test(name) && name !== JOURNAL);
  for (const name of names) fsOps.unlink(join(stateDir, name));
  if (fsOps.exists(join(stateDir, JOURNAL))) {
    fsOps.unlink(join(stateDir, JOURNAL));
    fsOps.syncDir(stateDir);
  }
  removeIfEmpty(fsOps, stateDir);
  return names.filter((name) => name !== JOURNAL_TEMP).length;
}

function removeIfEmpty(fsOps: TransactionFs, dir: string): void {
  try {
    if (fsOps.readdir(dir).length === 0) fsOps.rmdir(dir);
  } catch {
    // Another command took the lock meanwhile, or the folder is gone: either way it is not debris.
  }
}

/** The folders that do not exist on the way to each target, parents first. */
function missingDirs(fsOps: TransactionFs, targets: readonly string[], root: string): string[] {
  const missing = new Set<string>();
  const known = new Set<string>();
  for (const target of targets) {
    for (let dir = dirname(target); isInside(dir, root) && !known.has(dir) && !missing.has(dir); dir = dirname(dir)) {
      if (fsOps.exists(dir)) {
        known.add(dir);
        break;
      }
      missing.add(dir);
    }
  }
  return [...missing].sort((a, b) => a.split(sep).length - b.split(sep).length);
}

function toJournalPath(stateDir: string, path: string): string {
  return relative(stateDir, path).split(sep).join('/');
}

/** What to do when recovery (or an undo) cannot complete: the remedy the messages give. */
function byHand(stateDir: string): string {
  return (
    `fix the cause (disk full? permissions?) and run "npm run ingest -- --recover" again. If that keeps failing, ` +
    `restore the papers from git ("git checkout -- <papers folder>" and "git clean -fd <papers folder>") and ` +
    `delete ${stateDir}; ${join(stateDir, JOURNAL)} lists the files: <i>.new is the new content and <i>.old ` +
    `the old content of the i-th file ("targets", counted from 0)`
  );
}

export interface CommitOptions {
  /** The state folder (`transactionDirOf(papersDir)`); every path written must be inside its parent. */
  stateDir: string;
  fs?: TransactionFs;
  /** What runs, recorded in the journal for recovery's message: `npm run ingest`. */
  command?: string;
  /** Called after staging and before the commit record; throwing aborts with the tree unchanged (the lock check). */
  beforeCommit?: () => void;
}

/**
 * Writes every file in `writes` or none, surviving a kill at any moment (see the module comment).
 * Throws `TransactionError` (tree unchanged) or, if even the undo failed, `RollbackError` (the
 * journal is kept, and the next recovery finishes the undo or the change). Paths must be distinct.
 * The caller holds the archive lock and has run `recoverTransaction` first.
 */
export function commitFiles(writes: readonly FileWrite[], options: CommitOptions): void {
  if (writes.length === 0) return;
  const fsOps = options.fs ?? defaultFs();
  const stateDir = resolve(options.stateDir);
  const root = dirname(stateDir);
  const targets = writes.map((write) => resolve(write.path));
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target)) throw new TransactionError(`Failed to write files: ${target} is written twice`);
    if (!isInside(target, root) || isInside(target, stateDir)) {
      throw new TransactionError(`Failed to write files: ${target} is outside ${root}, the folder of ${stateDir}`);
    }
    seen.add(target);
  }

  const existed: boolean[] = [];
  let journal: Journal | undefined;
  try {
    if (fsOps.exists(stateDir)) {
      const leftovers = fsOps.readdir(stateDir).filter((name) => TRANSACTION_FILE.test(name));
      if (leftovers.length > 0) {
        throw new TransactionError(
          `Failed to write files: ${stateDir} holds an unfinished transaction (${leftovers.length} file(s)); run "npm run ingest -- --recover" first`,
        );
      }
    } else {
      fsOps.mkdir(stateDir);
      fsOps.syncDir(root);
    }
    // 1. stage
    for (const [index, write] of writes.entries()) fsOps.writeFile(join(stateDir, `${index}.new`), write.content);
    // 2. back up
    for (const [index, target] of targets.entries()) {
      existed[index] = fsOps.exists(target);
      if (existed[index]) fsOps.link(target, join(stateDir, `${index}.old`));
    }
    fsOps.syncDir(stateDir);
    options.beforeCommit?.();
    // 3. commit record
    journal = {
      version: 1,
      state: 'commit',
      holder: thisHolder(options.command),
      targets: targets.map((target) => toJournalPath(stateDir, target)),
      existed,
      dirs: missingDirs(fsOps, targets, root).map((dir) => toJournalPath(stateDir, dir)),
    };
    writeJournal(fsOps, stateDir, journal);
  } catch (cause) {
    if (cause instanceof TransactionError) throw cause;
    try {
      // The journal first (if it got as far): without it what is left is plain debris, discarded by the next recovery.
      if (journal !== undefined && fsOps.exists(join(stateDir, JOURNAL))) fsOps.unlink(join(stateDir, JOURNAL));
    } catch (error) {
      // A commit record that cannot be deleted stands: the next recovery will finish the change.
      throw new RollbackError(
        `Failed to write files (${String(cause)}) and failed to delete the commit record ${join(stateDir, JOURNAL)} ` +
          `(${String(error)}): every file is staged, and the next "npm run ingest" or "npm run new" will finish ` +
          `writing them; if it cannot, ${byHand(stateDir)}`,
        { cause },
      );
    }
    try {
      cleanUp(fsOps, stateDir);
    } catch {
      // Only temporary files in the state folder are left; the next ingest or `npm run new` deletes them.
    }
    throw new TransactionError('Failed to write files (while staging them); nothing was changed', {
      cause,
    });
  }

  // 4. commit
  try {
    rollForward(fsOps, stateDir, journal, true);
  } catch (cause) {
    let undoing = false;
    try {
      journal = { ...journal, state: 'rollback' };
      writeJournal(fsOps, stateDir, journal);
      undoing = true;
      rollBack(fsOps, stateDir, journal);
    } catch (undoError) {
      const next = undoing ? 'finish undoing it' : 'finish it (the journal still says to)';
      throw new RollbackError(
        `Failed to write files (${String(cause)}) and failed to undo the files already moved into place ` +
          `(${String(undoError)}). The journal ${join(stateDir, JOURNAL)} and every staged and backed-up file are kept: ` +
          `the next "npm run ingest" or "npm run new" will ${next}; if it cannot, ${byHand(stateDir)}`,
        { cause },
      );
    }
    try {
      cleanUp(fsOps, stateDir);
    } catch {
      // The tree is as it was; the next recovery deletes what is left in the state folder.
    }
    throw new TransactionError('Failed to write files (while moving them into place); nothing was changed', {
      cause,
    });
  }

  // 5. clean up
  try {
    cleanUp(fsOps, stateDir);
  } catch {
    // Every file is in place; the next recovery finds the journal, has nothing to move and deletes the rest.
  }
}

export type RecoveryResult =
  | { action: 'none' }
  /** No commit record: the archive was never touched; `removed` temporary files were deleted. */
  | { action: 'discarded'; removed: number }
  | {
      action: 'rolled-forward' | 'rolled-back';
      holder: TransactionHolder;
      files: number;
      /** How many of them replaced an existing file (the rest are new files). */
      replaced: number;
      /** Roll forward: how many files recovery itself moved into place. */
      renamed: number;
      removed: number;
      /** Roll back after a failed roll forward: why finishing failed. */
      because?: string;
    };

/**
 * Finishes or undoes an interrupted transaction of `stateDir` (see the module comment) and deletes
 * every file it left. The caller holds the archive lock. Throws `RecoveryError` (with what to do by
 * hand) when neither direction can complete; then nothing is deleted.
 */
export function recoverTransaction(stateDir: string, fsOps: TransactionFs = defaultFs()): RecoveryResult {
  const dir = resolve(stateDir);
  const journalPath = join(dir, JOURNAL);
  try {
    if (!fsOps.exists(dir)) return { action: 'none' };
    const names = fsOps.readdir(dir).filter((name) => TRANSACTION_FILE.test(name));
    if (names.length === 0) {
      removeIfEmpty(fsOps, dir);
      return { action: 'none' };
    }
    if (!names.includes(JOURNAL)) return { action: 'discarded', removed: cleanUp(fsOps, dir) };

    let journal = parseJournal(fsOps.readFile(journalPath), journalPath);
    const summary = {
      holder: journal.holder,
      files: journal.targets.length,
      replaced: journal.existed.filter(Boolean).length,
    };
    let renamed = 0;
    let because: string | undefined;
    if (journal.state === 'commit') {
      try {
        renamed = rollForward(fsOps, dir, journal, false);
      } catch (error) {
        because = error instanceof Error ? error.message : String(error);
        journal = { ...journal, state: 'rollback' };
        writeJournal(fsOps, dir, journal);
      }
    }
    if (journal.state === 'rollback') rollBack(fsOps, dir, journal);
    const removed = cleanUp(fsOps, dir);
    return journal.state === 'commit'
      ? { action: 'rolled-forward', ...summary, renamed, removed }
      : { action: 'rolled-back', ...summary, renamed: 0, removed, ...(because === undefined ? {} : { because }) };
  } catch (cause) {
    const what = cause instanceof Error ? cause.message : String(cause);
    throw new RecoveryError(
      `Failed to recover the interrupted transaction in ${dir} (${what}); nothing more was deleted. To do: ${byHand(dir)}`,
      { cause },
    );
  }
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** ", and its 3 temporary files were deleted", or nothing when there were none. */
function deleted(removed: number): string {
  return removed === 0 ? '' : `, and its ${count(removed, 'temporary file')} ${removed === 1 ? 'was' : 'were'} deleted`;
}

function describeTransactionHolder(holder: TransactionHolder): string {
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, started ${holder.started})`;
}

/** What recovery did, in a sentence for the user; `undefined` when there was nothing to recover. */
export function describeRecovery(result: RecoveryResult, stateDir: string): string | undefined {
  switch (result.action) {
    case 'none':
      return undefined;
    case 'discarded':
      return `an earlier command was interrupted before it changed the archive; deleted its ${count(result.removed, 'temporary file')} from ${stateDir}. The archive is as it was before that command.`;
    case 'rolled-forward':
      return (
        `an earlier ${describeTransactionHolder(result.holder)} was interrupted while writing ${count(result.files, 'file')} ` +
        `(${result.replaced.toLocaleString('en-US')} replaced, ${(result.files - result.replaced).toLocaleString('en-US')} new); ` +
        `rolled it forward: all of them now hold its new content (${result.renamed.toLocaleString('en-US')} moved into place now)` +
        `${deleted(result.removed)}.`
      );
    case 'rolled-back':
      return (
        `an earlier ${describeTransactionHolder(result.holder)} was interrupted while writing ${count(result.files, 'file')} ` +
        `(${result.replaced.toLocaleString('en-US')} replaced, ${(result.files - result.replaced).toLocaleString('en-US')} new)` +
        `${result.because === undefined ? '' : ` and could not be finished (${result.because})`}; rolled it back: ` +
        `the archive is as it was before that command${deleted(result.removed)}.`
      );
  }
}

export type TransactionState =
  | { state: 'clean' }
  /** Temporary files without a commit record: the archive itself is as it was. */
  | { state: 'staged'; temporary: number }
  /** A commit record: the papers folder may hold a mix of old and new files until recovery. */
  | { state: 'commit' | 'rollback'; files: number; temporary: number; holder: TransactionHolder | undefined };

/** Reads, without changing anything, whether `stateDir` holds an unfinished transaction (for the check and the build). */
export function inspectTransaction(stateDir: string): TransactionState {
  let names: string[];
  try {
    names = fs.readdirSync(stateDir).filter((name) => TRANSACTION_FILE.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'clean' };
    throw new Error(`Failed to read the archive's transaction folder ${stateDir}`, { cause: error });
  }
  if (names.length === 0) return { state: 'clean' };
  const temporary = names.filter((name) => name !== JOURNAL).length;
  if (!names.includes(JOURNAL)) return { state: 'staged', temporary };
  try {
    const journal = parseJournal(fs.readFileSync(join(stateDir, JOURNAL), 'utf8'), join(stateDir, JOURNAL));
    return { state: journal.state, files: journal.targets.length, temporary, holder: journal.holder };
  } catch {
    return { state: 'commit', files: 0, temporary, holder: undefined };
  }
}

/** "1,234 files" etc., for the messages of the check and the build. */
export function describeTransactionState(state: TransactionState, stateDir: string): string | undefined {
  switch (state.state) {
    case 'clean':
      return undefined;
    case 'staged':
      return `${count(state.temporary, 'temporary file')} of an interrupted command ${state.temporary === 1 ? 'is' : 'are'} in ${stateDir}; the papers are as they were before it`;
    case 'commit':
    case 'rollback':
      return (
        `${state.holder === undefined ? 'a command' : describeTransactionHolder(state.holder)} was writing ` +
        `${state.files > 0 ? count(state.files, 'file') : 'files'} in one transaction (${join(stateDir, JOURNAL)}) ` +
        `and has not finished: the papers folder may hold a mix of old and new files`
      );
  }
}
