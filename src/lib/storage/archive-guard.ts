/**
 * How every command meets the crash-safety of the archive. A command that writes (`npm run ingest`,
 * `npm run new`) first takes the archive lock, then finishes or undoes whatever transaction an
 * interrupted command left (src/lib/storage/file-transaction.ts), and writes through one transaction of its
 * own. A command that only reads (`npm run check`, the build's paper loader) takes no lock and
 * changes nothing: it asks `archiveState` whether the papers folder may be half-written and stops
 * with a message saying what to run when it may.
 */
import {
  acquireLock,
  describeHolder,
  holderState,
  LockBusyError,
  readLock,
  type HeldLock,
  type LockHolder,
} from './archive-lock.ts';
import {
  commitFiles,
  describeRecovery,
  describeTransactionState,
  inspectTransaction,
  recoverTransaction,
  RecoveryError,
  transactionDirOf,
  type FileWrite,
  type RecoveryResult,
} from './file-transaction.ts';

/** How long a command waits for another one to finish by default, in seconds (`ARCHIVE_LOCK_WAIT` sets it). */
export const DEFAULT_LOCK_WAIT_SECONDS = 10;

/** The archive cannot be written now: another command holds it, or an interrupted one could not be recovered. */
export class ArchiveBlockedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiveBlockedError';
  }
}

export interface ArchiveSession {
  /** The state folder, `content/.transaction`. */
  readonly stateDir: string;
  /** What recovery did before this command started. */
  readonly recovery: RecoveryResult;
  /** Writes every file or none (`commitFiles`), after checking that the lock is still this command's. */
  commit(writes: readonly FileWrite[]): void;
  /** Lets go of the lock (also done at process exit). */
  release(): void;
}

export interface OpenOptions {
  /** What runs, for messages and the lock: `npm run ingest`. */
  command: string;
  /** Prints one line of news for the user (waiting, taking over a stale lock, recovery). */
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

function waitSeconds(env: NodeJS.ProcessEnv): number {
  const value = Number(env['ARCHIVE_LOCK_WAIT'] ?? DEFAULT_LOCK_WAIT_SECONDS);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_LOCK_WAIT_SECONDS;
}

/**
 * Takes the archive lock (waiting up to `ARCHIVE_LOCK_WAIT` seconds for a live holder, taking over a
 * dead one's) and recovers an interrupted transaction, logging what it did. Throws
 * `ArchiveBlockedError` when either cannot be done.
 */
export function openArchiveForWriting(papersDir: string, options: OpenOptions): ArchiveSession {
  const stateDir = transactionDirOf(papersDir);
  const seconds = waitSeconds(options.env ?? process.env);
  let lock: HeldLock;
  try {
    lock = acquireLock(stateDir, {
      command: options.command,
      waitMs: seconds * 1000,
      onWait: (holder: LockHolder | undefined) =>
        options.log(`waiting up to ${seconds} s for ${describeHolder(holder)}, which is writing the archive`),
    });
  } catch (error) {
    if (error instanceof LockBusyError) throw new ArchiveBlockedError(error.message, { cause: error });
    throw error;
  }
  const release = () => {
    process.removeListener('exit', release);
    lock.release();
  };
  // A kill leaves the lock for the next command to judge stale; any other exit lets go of it here.
  process.once('exit', release);
  if (lock.tookOver !== undefined) {
    options.log(`took over the archive lock from ${describeHolder(lock.tookOver.holder)}: ${lock.tookOver.why}`);
  }
  let recovery: RecoveryResult;
  try {
    recovery = recoverTransaction(stateDir);
  } catch (error) {
    release();
    if (error instanceof RecoveryError) throw new ArchiveBlockedError(error.message, { cause: error });
    throw error;
  }
  const news = describeRecovery(recovery, stateDir);
  if (news !== undefined) options.log(news);
  return {
    stateDir,
    recovery,
    commit: (writes) =>
      commitFiles(writes, { stateDir, command: options.command, beforeCommit: () => lock.assertHeld() }),
    release,
  };
}

/**
 * Whether the papers folder can be read as one consistent archive now, for commands that only read.
 * `blocking`: it may hold a mix of old and new files (an unfinished transaction), with what to do;
 * `note`: worth saying (a writer is running but has not touched the papers yet, or leftover
 * temporary files), but the papers are consistent.
 */
export function archiveState(papersDir: string): { blocking?: string; note?: string } {
  const stateDir = transactionDirOf(papersDir);
  const transaction = inspectTransaction(stateDir);
  const lock = readLock(stateDir);
  const holder = lock.present ? lock.holder : undefined;
  const running = holder !== undefined && holderState(holder).alive !== false;
  const described = describeTransactionState(transaction, stateDir);
  if (transaction.state === 'commit' || transaction.state === 'rollback') {
    return {
      blocking: running
        ? `${described}; it is still running: run this again when it has finished`
        : `${described}; run "npm run ingest -- --recover" to finish or undo it (this command changes nothing)`,
    };
  }
  if (running) {
    return {
      note: `${describeHolder(holder)} is writing the archive; it has not changed the papers yet, but will soon: run this again when it has finished`,
    };
  }
  if (described !== undefined) {
    return { note: `${described}; the next "npm run ingest" or "npm run new" deletes them` };
  }
  return {};
}
