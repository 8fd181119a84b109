/**
 * The archive lock: one command at a time may write the archive (`npm run ingest`, `npm run new`).
 *
 * The lock is a file, `<state dir>/lock`, holding who took it: pid, host, the process's start
 * time, and (on Linux) the kernel's boot id and the process's start tick, so that a lock left by a
 * process that died (`kill -9`, power loss) is recognised as stale even when its pid has since been
 * given to another process, or the machine has rebooted. A stale lock is taken over, with a message.
 *
 * Written here rather than taken from `proper-lockfile`: that library decides staleness by the lock's
 * mtime, refreshed by a timer every few seconds. The ingest plans and writes synchronously for
 * minutes at 100,000 papers, so the timer would not run, and a second command would take the lock
 * from a live ingest after ten seconds. A pid with its start time is exact and costs no timer. The
 * lock file is created whole and atomically: its content is written to a private file first, which
 * is then hard-linked to the lock's name (`link` fails when the name exists, like `O_EXCL`).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'lock';
/** A candidate lock file, before it is linked to `lock`: `lock-<pid>-<token>.tmp`. */
const CANDIDATE = /^lock-(\d+)-[0-9a-f]+\.tmp$/;

/** Who holds the lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** What runs, e.g. `npm run ingest`. */
  command: string;
  /** When the holding process started (ISO 8601). */
  started: string;
  /** Linux: the kernel's boot id and the process's start tick, which tell a reused pid from the holder. */
  bootId?: string | undefined;
  startTick?: string | undefined;
  /** Tells this holder's lock from a later one with the same pid. */
  token: string;
}

/** Whether a holder still runs; `why` says why it is known not to, or why it cannot be known (another host). */
export type HolderState = { alive: true } | { alive: false; why: string } | { alive: 'unknown'; why: string };

/** Thrown when another live command holds the lock and did not let go in time. */
export class LockBusyError extends Error {
  readonly holder: LockHolder | undefined;
  constructor(message: string, holder: LockHolder | undefined) {
    super(message);
    this.name = 'LockBusyError';
    this.holder = holder;
  }
}

export interface HeldLock {
  readonly holder: LockHolder;
  /** Set when a stale lock was taken over: the dead holder and why it was judged dead. */
  readonly tookOver: { holder: LockHolder | undefined; why: string } | undefined;
  /** Throws unless the lock file is still this one (guards against a lock taken over in a race). */
  assertHeld(): void;
  /** Removes the lock file if it is still this one; then the state folder if it is empty. */
  release(): void;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The kernel's boot id (Linux), which changes at every boot. */
function bootId(): string | undefined {
  return readOrUndefined('/proc/sys/kernel/random/boot_id');
}

/** The start time of process `pid` in clock ticks since boot (Linux), field 22 of /proc/<pid>/stat. */
export function startTickOf(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces and parentheses: split after the last ")".
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .at(22 - 3);
}

/** This process as a lock holder. */
export function currentHolder(command: string): LockHolder {
  return {
    pid: process.pid,
    host: hostname(),
    command,
    started: new Date(performance.timeOrigin).toISOString(),
    bootId: bootId(),
    startTick: startTickOf(process.pid),
    token: randomBytes(8).toString('hex'),
  };
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `holder` still runs, and if not, why not. */
export function holderState(holder: LockHolder): HolderState {
  if (holder.host !== hostname()) {
    return { alive: 'unknown', why: `it was taken on another host, ${holder.host}, which cannot be asked` };
  }
  const boot = bootId();
  if (holder.bootId !== undefined && boot !== undefined && holder.bootId !== boot) {
    return { alive: false, why: 'the machine has restarted since' };
  }
  if (!pidRuns(holder.pid)) return { alive: false, why: `process ${holder.pid} is no longer running` };
  const tick = startTickOf(holder.pid);
  if (holder.startTick !== undefined && tick !== undefined && tick !== holder.startTick) {
    return { alive: false, why: `process ${holder.pid} is no longer running (the pid now belongs to another process)` };
  }
  return { alive: true };
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.command === 'string' &&
      typeof value.started === 'string' &&
      typeof value.token === 'string'
    ) {
      return value as LockHolder;
    }
  } catch {
    // not JSON: unreadable
  }
  return undefined;
}

/**
 * The lock file of `stateDir`: absent, held by a holder, or unreadable (not written by this module
 * whole, e.g. emptied by a power loss before its bytes reached the disk).
 */
export function readLock(stateDir: string): { present: false } | { present: true; holder: LockHolder | undefined } {
  let text: string;
  try {
    text = fs.readFileSync(join(stateDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { present: false };
    throw new Error(`Failed to read the archive lock ${join(stateDir, LOCK_FILE)}`, { cause: error });
  }
  return { present: true, holder: parseHolder(text) };
}

/** "pid 123 on host (npm run ingest, started 2026-01-01T10:00:00.000Z)". */
export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'an unknown process (the lock file is unreadable)';
  return `pid ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.started})`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Candidate files left by processes killed while taking the lock (only this host's, only dead ones). */
function removeDeadCandidates(stateDir: string): void {
  for (const name of fs.readdirSync(stateDir)) {
    const pid = CANDIDATE.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || pidRuns(Number(pid))) continue;
    fs.rmSync(join(stateDir, name), { force: true });
  }
}

/** Tries once to create the lock file whole; false when it exists. */
function tryCreate(stateDir: string, holder: LockHolder): boolean {
  fs.mkdirSync(stateDir, { recursive: true });
  const candidate = join(stateDir, `lock-${holder.pid}-${holder.token}.tmp`);
  fs.writeFileSync(candidate, `${JSON.stringify(holder, null, 2)}\n`, { flag: 'wx' });
  try {
    fs.linkSync(candidate, join(stateDir, LOCK_FILE));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(candidate, { force: true });
  }
}

/**
 * Removes a stale lock, but only the one judged stale: it is first renamed to a private name (one
 * process wins that rename) and its token compared; a lock taken meanwhile by a live process is put
 * back. Returns whether the stale lock is gone.
 */
function breakStale(stateDir: string, stale: LockHolder | undefined): boolean {
  const lock = join(stateDir, LOCK_FILE);
  const aside = join(stateDir, `lock-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.renameSync(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = parseHolder(readOrUndefined(aside));
  if (moved?.token === stale?.token) {
    fs.rmSync(aside, { force: true });
    return true;
  }
  // Another process took the lock between our read and our rename: give it back.
  try {
    fs.linkSync(aside, lock);
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return false;
}

export interface AcquireOptions {
  /** What runs, for messages: `npm run ingest`. */
  command: string;
  /** How long to wait for a live holder, in milliseconds (default 10 s). */
  waitMs?: number;
  /** Called once when the lock is busy and this process starts waiting. */
  onWait?: (holder: LockHolder | undefined) => void;
}

/** Takes the lock of `stateDir` (created if missing), waiting up to `waitMs` for a live holder. */
export function acquireLock(stateDir: string, options: AcquireOptions): HeldLock {
  const holder = currentHolder(options.command);
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let tookOver: HeldLock['tookOver'];
  let waiting = false;
  for (;;) {
    try {
      if (tryCreate(stateDir, holder)) break;
    } catch (error) {
      // The state folder was removed by a holder letting go just now: try again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`Failed to take the archive lock ${join(stateDir, LOCK_FILE)}`, { cause: error });
    }
    const current = readLock(stateDir);
    if (!current.present) continue;
    const state: HolderState =
      current.holder === undefined
        ? { alive: false, why: 'the lock file is unreadable (it was not written whole)' }
        : holderState(current.holder);
    if (state.alive === false) {
      if (breakStale(stateDir, current.holder)) tookOver = { holder: current.holder, why: state.why };
      continue;
    }
    if (Date.now() >= deadline) {
      const remedy =
        state.alive === 'unknown'
          ? `${state.why}: if no command runs there, delete ${join(stateDir, LOCK_FILE)}`
          : `wait for it to finish and run the command again (ARCHIVE_LOCK_WAIT=seconds waits longer)`;
      throw new LockBusyError(
        `another command is writing the archive: ${describeHolder(current.holder)} holds ${join(stateDir, LOCK_FILE)}; ${remedy}`,
        current.holder,
      );
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(current.holder);
    }
    sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
  removeDeadCandidates(stateDir);

  const lockPath = join(stateDir, LOCK_FILE);
  let released = false;
  return {
    holder,
    tookOver,
    assertHeld() {
      const current = readLock(stateDir);
      if (!current.present || current.holder?.token !== holder.token) {
        throw new LockBusyError(
          `lost the archive lock ${lockPath}: ${current.present ? `${describeHolder(current.holder)} holds it now` : 'it was deleted'}; nothing was written`,
          current.present ? current.holder : undefined,
        );
      }
    },
    release() {
      if (released) return;
      released = true;
      const current = readLock(stateDir);
      if (current.present && current.holder?.token === holder.token) fs.rmSync(lockPath, { force: true });
      try {
        fs.rmdirSync(stateDir);
      } catch {
        // Not empty (another command is taking the lock, or a transaction's files remain): keep it.
      }
    },
  };
}
