/**
 * All-or-nothing writing of many files. A rename within one directory is atomic, so each file is
 * either old or new, never half-written; but an ingest writes many files and must leave the
 * archive exactly as it was when any one of them fails. Libraries such as write-file-atomic make
 * one file atomic, not a set, hence this small transaction:
 *
 * 1. stage: write every new content to a temporary file beside its target (and flush it to disk);
 * 2. back up: hard-link every target that exists to a backup name (no copy; the old bytes stay);
 * 3. commit: rename each temporary file over its target;
 * 4. clean up: remove the backups.
 *
 * A failure in 1-3 undoes what was done: targets that were replaced get their backup renamed
 * back, targets that were created are removed, directories that were created are removed, and
 * temporary files are deleted. Only when the undo itself fails are backups left in place, and
 * the error names each one and where it belongs.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface FileWrite {
  path: string;
  content: string;
}

/** The file-system calls the transaction makes; tests replace them to inject failures. */
export interface TransactionFs {
  writeFile(path: string, content: string): void;
  rename(from: string, to: string): void;
  link(existing: string, alias: string): void;
  unlink(path: string): void;
  exists(path: string): boolean;
  mkdir(path: string): string | undefined;
  rmdir(path: string): void;
  syncDir(path: string): void;
}

/** Writes `content` to a new file (never an existing one) and flushes it to disk before returning. */
function writeNewFileDurably(path: string, content: string): void {
  const fd = fs.openSync(path, 'wx');
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeFs: TransactionFs = {
  writeFile: writeNewFileDurably,
  rename: (from, to) => fs.renameSync(from, to),
  link: (existing, alias) => {
    try {
      fs.linkSync(existing, alias);
    } catch (error) {
      // Some file systems have no hard links; a copy keeps the old bytes just as well.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'ENOTSUP')
        throw error;
      fs.copyFileSync(existing, alias, fs.constants.COPYFILE_EXCL);
    }
  },
  unlink: (path) => fs.unlinkSync(path),
  exists: (path) => fs.existsSync(path),
  mkdir: (path) => fs.mkdirSync(path, { recursive: true }),
  rmdir: (path) => fs.rmSync(path, { recursive: true, force: true }),
  syncDir: (path) => {
    // Makes the renames themselves durable; not every platform can open a directory, which is harmless.
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, 'r');
      fs.fsyncSync(fd);
    } catch {
      // best effort
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};

/** Thrown when the transaction failed and the tree was restored. */
export class TransactionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransactionError';
  }
}

/** Thrown when the transaction failed and the tree could not be fully restored; the message says what is left where. */
export class RollbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RollbackError';
  }
}

interface Step {
  target: string;
  temp: string;
  backup: string | undefined;
  committed: boolean;
}

/**
 * Writes every file in `writes` or none. Throws `TransactionError` (tree unchanged) or, if even
 * the undo failed, `RollbackError`. Paths must be distinct.
 */
export function commitFiles(writes: readonly FileWrite[], fsOps: TransactionFs = nodeFs): void {
  if (writes.length === 0) return;
  const seen = new Set<string>();
  for (const write of writes) {
    if (seen.has(write.path)) throw new TransactionError(`Failed to write files: ${write.path} is written twice`);
    seen.add(write.path);
  }
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const steps: Step[] = [];
  const createdDirs: string[] = [];
  const stagedTemps: string[] = [];
  const backups: string[] = [];

  const undo = (cause: unknown, doing: string): never => {
    const leftovers: string[] = [];
    // A backup whose restore failed is now the only copy of the old file: it must not be deleted.
    const keep = new Set<string>();
    for (const step of [...steps].reverse()) {
      if (!step.committed) continue;
      try {
        if (step.backup !== undefined) fsOps.rename(step.backup, step.target);
        else fsOps.unlink(step.target);
      } catch (error) {
        if (step.backup !== undefined) keep.add(step.backup);
        leftovers.push(
          step.backup !== undefined
            ? `${step.target}: restore it from ${step.backup} (${String(error)})`
            : `${step.target}: delete it, it is new (${String(error)})`,
        );
      }
    }
    for (const path of [...stagedTemps, ...backups]) {
      if (keep.has(path)) continue;
      try {
        if (fsOps.exists(path)) fsOps.unlink(path);
      } catch (error) {
        leftovers.push(`${path}: delete this temporary file (${String(error)})`);
      }
    }
    for (const dir of [...createdDirs].reverse()) {
      try {
        fsOps.rmdir(dir);
      } catch (error) {
        leftovers.push(`${dir}: delete this directory (${String(error)})`);
      }
    }
    if (leftovers.length > 0) {
      throw new RollbackError(
        `Failed to write files (while ${doing}) and failed to restore the previous state; fix by hand:\n  ${leftovers.join('\n  ')}`,
        { cause },
      );
    }
    throw new TransactionError(`Failed to write files (while ${doing}); nothing was changed`, { cause });
  };

  try {
    for (const [index, write] of writes.entries()) {
      const dir = dirname(write.path);
      if (!fsOps.exists(dir)) {
        const created = fsOps.mkdir(dir);
        if (created !== undefined) createdDirs.push(created);
      }
      const temp = join(dir, `.${basename(write.path)}.${token}-${index}.tmp`);
      steps.push({ target: write.path, temp, backup: undefined, committed: false });
      // Listed before writing, so a write that fails half-way is cleaned up too.
      stagedTemps.push(temp);
      fsOps.writeFile(temp, write.content);
    }
  } catch (cause) {
    undo(cause, 'staging temporary files');
  }

  try {
    for (const [index, step] of steps.entries()) {
      if (!fsOps.exists(step.target)) continue;
      const backup = join(dirname(step.target), `.${basename(step.target)}.${token}-${index}.bak`);
      fsOps.link(step.target, backup);
      step.backup = backup;
      backups.push(backup);
    }
  } catch (cause) {
    undo(cause, 'backing up the files to be replaced');
  }

  try {
    for (const step of steps) {
      fsOps.rename(step.temp, step.target);
      step.committed = true;
    }
  } catch (cause) {
    undo(cause, 'renaming the new files into place');
  }

  for (const dir of new Set(steps.map((step) => dirname(step.target)))) fsOps.syncDir(dir);
  for (const backup of backups) {
    try {
      fsOps.unlink(backup);
    } catch {
      // The new files are in place; a stray hidden backup is untidy, not wrong.
    }
  }
}
