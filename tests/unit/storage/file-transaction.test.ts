import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  commitFiles,
  describeRecovery,
  describeTransactionState,
  inspectTransaction,
  nodeFs,
  recoverTransaction,
  RecoveryError,
  RollbackError,
  TransactionError,
  transactionDirOf,
  type FileWrite,
  type TransactionFs,
} from '../../../src/lib/storage/file-transaction.ts';

let root: string;
let state: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'transaction-'));
  state = transactionDirOf(join(root, 'papers'));
  mkdirSync(join(root, 'papers'));
  writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
  writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every file and folder under `root` with its content: the tree, byte for byte (the state folder included). */
function snapshot(dir = root): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const key = relative(root, path);
    if (statSync(path).isDirectory()) {
      tree[`${key}/`] = '';
      Object.assign(tree, snapshot(path));
    } else {
      tree[key] = readFileSync(path, 'utf8');
    }
  }
  return tree;
}

const writes = (): FileWrite[] => [
  { path: join(root, 'papers', 'a.md'), content: 'new a\n' },
  { path: join(root, 'papers', 'c.md'), content: 'new c\n' },
  { path: join(root, 'papers', 'b.md'), content: 'new b\n' },
  { path: join(root, 'papers', 'd.md'), content: 'new d\n' },
  { path: join(root, 'fresh', 'deep', 'x.md'), content: 'new x\n' },
];

const NEW_TREE = {
  'papers/': '',
  'papers/a.md': 'new a\n',
  'papers/b.md': 'new b\n',
  'papers/c.md': 'new c\n',
  'papers/d.md': 'new d\n',
  'fresh/': '',
  'fresh/deep/': '',
  'fresh/deep/x.md': 'new x\n',
};

type Method = keyof TransactionFs;
const METHODS = Object.keys(nodeFs) as Method[];

/**
 * The real file system without its fsyncs: the protocol's calls and their effects are the same,
 * hundreds of runs take a second instead of minutes, and the order of the syncs is tested apart.
 */
const unsyncedFs: TransactionFs = {
  ...nodeFs,
  writeFile: (path, content) => writeFileSync(path, content, { flag: 'wx' }),
  syncDir: (path) => void statSync(path),
};
const recover = (fsOps: TransactionFs = unsyncedFs) => recoverTransaction(state, fsOps);

/** The real file system, with `hook` run before each call (it may throw); records each call that ran. */
function instrumented(hook: (call: number, method: Method, args: unknown[]) => void = () => undefined) {
  const calls: string[] = [];
  let count = 0;
  const fsOps = {} as Record<Method, (...args: unknown[]) => unknown>;
  for (const method of METHODS) {
    fsOps[method] = (...args: unknown[]) => {
      count += 1;
      hook(count, method, args);
      calls.push(
        `${method} ${relative(root, String(args[0]))}${args[1] === undefined || method === 'writeFile' ? '' : ` ${relative(root, String(args[1]))}`}`,
      );
      return (unsyncedFs[method] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return { fsOps: fsOps as unknown as TransactionFs, calls };
}

/** Like a `kill -9` after `after` calls: that call and every later one fail, so nothing more happens. */
function killedAfter(after: number) {
  return instrumented((call) => {
    if (call > after) throw new Error('killed');
  });
}

/** The calls of a complete, undisturbed commit of `batch` (run on a copy of the tree, then undone). */
function callsOfCommit(batch: FileWrite[]): string[] {
  const before = snapshot();
  const { fsOps, calls } = instrumented();
  commitFiles(batch, { stateDir: state, fs: fsOps });
  rmSync(join(root, 'fresh'), { recursive: true, force: true });
  rmSync(join(root, 'papers'), { recursive: true });
  mkdirSync(join(root, 'papers'));
  for (const [key, content] of Object.entries(before)) if (!key.endsWith('/')) writeFileSync(join(root, key), content);
  expect(snapshot()).toEqual(before);
  return calls;
}

describe('commitFiles', () => {
  it('writes new files, replaces existing ones and creates folders, leaving no state folder', () => {
    // The real file system, fsyncs and all.
    commitFiles(writes(), { stateDir: state });
    expect(snapshot()).toEqual(NEW_TREE);
  });

  it('does nothing for no writes and refuses a path twice or outside the content folder', () => {
    const before = snapshot();
    commitFiles([], { stateDir: state });
    const path = join(root, 'papers', 'a.md');
    const twice = [
      { path, content: '1' },
      { path, content: '2' },
    ];
    expect(() => commitFiles(twice, { stateDir: state })).toThrow(/written twice/);
    const outside = [{ path: join(root, '..', 'elsewhere.md'), content: 'x' }];
    expect(() => commitFiles(outside, { stateDir: state })).toThrow(/is outside/);
    const inside = [{ path: join(state, 'journal.json'), content: 'x' }];
    expect(() => commitFiles(inside, { stateDir: state })).toThrow(/is outside/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses to start while an earlier transaction is unfinished', () => {
    mkdirSync(state);
    writeFileSync(join(state, '0.new'), 'debris');
    expect(() => commitFiles(writes(), { stateDir: state })).toThrow(/unfinished transaction.*--recover/);
    expect(readFileSync(join(root, 'papers', 'a.md'), 'utf8')).toBe('old a\n');
  });

  it('makes everything durable in order: staged files, then the journal, then the renames, then deletions', () => {
    const calls = callsOfCommit(writes());
    const index = (call: string) => {
      const at = calls.indexOf(call);
      expect(at, call).toBeGreaterThanOrEqual(0);
      return at;
    };
    const lastIndex = (prefix: string) => calls.findLastIndex((call) => call.startsWith(prefix));
    const firstIndex = (prefix: string) => calls.findIndex((call) => call.startsWith(prefix));
    const journal = index('rename .transaction/journal.json.tmp .transaction/journal.json');
    // Every staged file (written with fsync) and every backup link precede a sync of the state folder...
    const stagedSync = calls.indexOf('syncDir .transaction', lastIndex('link'));
    expect(lastIndex('writeFile .transaction/4.new')).toBeLessThan(stagedSync);
    expect(stagedSync).toBeLessThan(index('writeFile .transaction/journal.json.tmp'));
    // ...the journal is renamed into place and its folder synced before the first target is touched...
    expect(calls[journal + 1]).toBe('syncDir .transaction');
    expect(firstIndex('rename .transaction/0.new')).toBeGreaterThan(journal + 1);
    expect(index('mkdir fresh')).toBeGreaterThan(journal);
    expect(index('mkdir fresh')).toBeLessThan(index('mkdir fresh/deep'));
    // ...every rename is synced (targets' folders, then the state folder) before anything is deleted...
    const lastRename = lastIndex('rename .transaction/');
    const firstUnlink = firstIndex('unlink');
    for (const dir of ['papers', 'fresh/deep', '.transaction']) {
      const sync = calls.indexOf(`syncDir ${dir}`, lastRename);
      expect(sync, dir).toBeGreaterThan(lastRename);
      expect(sync, dir).toBeLessThan(firstUnlink);
    }
    // ...and the journal is deleted last.
    expect(lastIndex('unlink')).toBe(index('unlink .transaction/journal.json'));
    // One fsync'd write per file plus the journal; no more.
    expect(calls.filter((call) => call.startsWith('writeFile'))).toHaveLength(writes().length + 1);
  });

  // A failure (not a kill) of any single call: the transaction either completes or leaves the tree
  // exactly as it was, and recovery afterwards finds nothing to do or just tidies.
  it('leaves the tree old or new whichever single call fails', () => {
    const total = callsOfCommit(writes()).length;
    const before = snapshot();
    for (let failing = 1; failing <= total; failing += 1) {
      const { fsOps } = instrumented((call, method) => {
        if (call === failing) throw Object.assign(new Error(`injected ${method} failure`), { code: 'EIO' });
      });
      let error: unknown;
      try {
        commitFiles(writes(), { stateDir: state, fs: fsOps });
      } catch (caught) {
        error = caught;
      }
      const recovered = recover();
      if (error === undefined || error instanceof RollbackError) {
        // Succeeded, or failed with the commit record in place (deleting it failed too): recovery finished it.
        if (error instanceof RollbackError) expect(recovered.action, `call ${failing}`).toBe('rolled-forward');
        expect(snapshot(), `call ${failing}`).toEqual(NEW_TREE);
        rmSync(join(root, 'fresh'), { recursive: true });
        rmSync(join(root, 'papers'), { recursive: true });
        mkdirSync(join(root, 'papers'));
        writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
        writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
      } else {
        expect(error, `call ${failing}`).toBeInstanceOf(TransactionError);
        expect((error as Error).message).toMatch(/nothing was changed/);
        expect((error as Error).cause).toMatchObject({ message: expect.stringMatching(/^injected/) });
        expect(snapshot(), `call ${failing}`).toEqual(before);
      }
    }
  });

  it('rolls back on a real failure: a target that is a folder', () => {
    mkdirSync(join(root, 'papers', 'e.md'));
    writeFileSync(join(root, 'papers', 'e.md', 'inside'), 'keep me');
    const before = snapshot();
    expect(() =>
      commitFiles([...writes(), { path: join(root, 'papers', 'e.md'), content: 'x' }], { stateDir: state }),
    ).toThrow(TransactionError);
    expect(snapshot()).toEqual(before);
  });

  it('when the undo fails too, keeps the journal and every old file, and recovery finishes the undo', () => {
    const before = snapshot();
    let renames = 0;
    // The 3rd move into place fails, then the first attempt to put an old file back fails too.
    const { fsOps } = instrumented((_call, method, args) => {
      if (method !== 'rename' || !String(args[0]).match(/\.(new|old)$/)) return;
      renames += 1;
      if (renames === 3 || String(args[0]).endsWith('.old'))
        throw Object.assign(new Error(`injected failure ${renames}`), { code: 'EIO' });
    });
    let error: unknown;
    try {
      commitFiles(writes(), { stateDir: state, fs: fsOps });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RollbackError);
    expect((error as Error).message).toMatch(/will finish undoing it/);
    expect(inspectTransaction(state)).toMatchObject({ state: 'rollback', files: 5 });
    // The backup of a.md, replaced before the failure, is kept until recovery puts it back.
    expect(readFileSync(join(state, '0.old'), 'utf8')).toBe('old a\n');
    const result = recover();
    expect(result).toMatchObject({ action: 'rolled-back', files: 5, replaced: 2 });
    expect(snapshot()).toEqual(before);
  });

  it('when even the undo cannot be recorded, recovery finishes the change instead', () => {
    let failed = 0;
    const { fsOps } = instrumented((_call, method, args) => {
      const failMove = method === 'rename' && String(args[0]).endsWith('2.new') && failed === 0;
      const failRecord = method === 'writeFile' && String(args[0]).endsWith('journal.json.tmp') && failed === 1;
      if (failMove || failRecord) {
        failed += 1;
        throw Object.assign(new Error('injected'), { code: 'EIO' });
      }
    });
    expect(() => commitFiles(writes(), { stateDir: state, fs: fsOps })).toThrow(/will finish it/);
    expect(recover()).toMatchObject({ action: 'rolled-forward', files: 5, renamed: 3 });
    expect(snapshot()).toEqual(NEW_TREE);
  });
});

describe('a kill at any moment, then recovery', { timeout: 60_000 }, () => {
  // The protocol's promise, exhaustively: kill the commit after each of its calls, recover, and the
  // tree is the old one (killed before the journal was in place) or the new one (after), exactly.
  it('gives the old tree before the commit record and the new tree after it, with no file left', () => {
    const calls = callsOfCommit(writes());
    const decided = calls.indexOf('rename .transaction/journal.json.tmp .transaction/journal.json') + 1;
    const finished = calls.indexOf('unlink .transaction/journal.json') + 1;
    const before = snapshot();
    for (let after = 0; after <= calls.length; after += 1) {
      const { fsOps } = killedAfter(after);
      try {
        commitFiles(writes(), { stateDir: state, fs: fsOps });
      } catch {
        // The process is dead: whatever it was doing stops here.
      }
      const result = recover();
      if (after < decided) {
        expect(snapshot(), `killed after call ${after}`).toEqual(before);
        expect(result.action).toMatch(after === 0 ? /none/ : /none|discarded/);
      } else {
        expect(snapshot(), `killed after call ${after}`).toEqual(NEW_TREE);
        expect(result.action).toBe(after < finished ? 'rolled-forward' : 'none');
        rmSync(join(root, 'fresh'), { recursive: true });
        rmSync(join(root, 'papers'), { recursive: true });
        mkdirSync(join(root, 'papers'));
        writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
        writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
      }
    }
  });

  // A kill during recovery is recovered by the next recovery, in both directions.
  it('survives a kill at any moment of the recovery itself', () => {
    const calls = callsOfCommit(writes());
    const decided = calls.indexOf('rename .transaction/journal.json.tmp .transaction/journal.json') + 1;
    const before = snapshot();
    const scenarios = [
      { name: 'roll forward', after: decided + 3, expected: NEW_TREE },
      { name: 'discard', after: decided - 4, expected: before },
    ];
    for (const { name, after, expected } of scenarios) {
      // How many calls a whole recovery makes from this state, measured once.
      const measure = () => {
        try {
          commitFiles(writes(), { stateDir: state, fs: killedAfter(after).fsOps });
        } catch {
          // killed
        }
      };
      measure();
      const { fsOps: counting, calls: recoveryCalls } = instrumented();
      recover(counting);
      expect(snapshot(), name).toEqual(expected);
      for (let recoveryAfter = 0; recoveryAfter < recoveryCalls.length; recoveryAfter += 1) {
        rmSync(root, { recursive: true });
        mkdirSync(join(root, 'papers'), { recursive: true });
        writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
        writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
        measure();
        try {
          recover(killedAfter(recoveryAfter).fsOps);
        } catch {
          // killed
        }
        recover();
        expect(snapshot(), `${name}, recovery killed after call ${recoveryAfter}`).toEqual(expected);
      }
      rmSync(root, { recursive: true });
      mkdirSync(join(root, 'papers'), { recursive: true });
      writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
      writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
    }
  });

  it('survives a kill at any moment of an in-process undo, and of its recovery', () => {
    const before = snapshot();
    // The 4th move into place fails; the undo is then killed after each of its calls.
    let total = 0;
    {
      let renames = 0;
      const { fsOps, calls } = instrumented((_call, method, args) => {
        if (method === 'rename' && String(args[0]).endsWith('.new') && ++renames === 4)
          throw Object.assign(new Error('injected'), { code: 'EIO' });
      });
      expect(() => commitFiles(writes(), { stateDir: state, fs: fsOps })).toThrow(TransactionError);
      expect(snapshot()).toEqual(before);
      total = calls.length;
    }
    for (let after = 1; after <= total; after += 1) {
      let renames = 0;
      const { fsOps } = instrumented((call, method, args) => {
        if (call > after) throw new Error('killed');
        if (method === 'rename' && String(args[0]).endsWith('.new') && ++renames === 4)
          throw Object.assign(new Error('injected'), { code: 'EIO' });
      });
      try {
        commitFiles(writes(), { stateDir: state, fs: fsOps });
      } catch {
        // failed, then killed
      }
      const result = recover();
      const tree = snapshot();
      // Killed after the commit record and before the undo was recorded: recovery finishes the change.
      if (result.action === 'rolled-forward') {
        expect(tree, `killed after call ${after}`).toEqual(NEW_TREE);
        rmSync(join(root, 'fresh'), { recursive: true });
        rmSync(join(root, 'papers'), { recursive: true });
        mkdirSync(join(root, 'papers'));
        writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
        writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
      } else {
        expect(tree, `killed after call ${after}`).toEqual(before);
      }
    }
  });
});

/**
 * A file system that forgets, like a disk after a power loss: a file's bytes are durable once
 * written (the protocol's writeFile fsyncs), but a folder's entries (creations, renames, links,
 * deletions) only once that folder is synced. `powerLoss()` throws away every entry change made since
 * its folder's last sync. Pessimistic on purpose: a rename between two folders can come back in
 * both or in neither, depending on which folder was synced.
 */
class ForgetfulFs implements TransactionFs {
  private live = new Map<string, Map<string, string | null>>();
  private durable = new Map<string, Map<string, string | null>>();

  private readonly root: string;

  /** A file system with the files of `tree` (`dir/` keys for folders), all durable. */
  constructor(root: string, tree: Record<string, string>) {
    this.root = root;
    this.live.set(root, new Map());
    for (const [key, content] of Object.entries(tree)) {
      if (key.endsWith('/')) this.mkdir(join(root, key.slice(0, -1)));
      else this.writeFile(join(root, key), content);
    }
    for (const dir of this.live.keys()) this.syncDir(dir);
  }

  private fail(code: string, path: string): never {
    throw Object.assign(new Error(`${code}: ${path}`), { code });
  }

  private folder(path: string): Map<string, string | null> {
    return this.live.get(dirname(path)) ?? this.fail('ENOENT', path);
  }

  /** A file's content, or null for a folder; undefined when absent. */
  private entry(path: string): string | null | undefined {
    return this.live.get(dirname(path))?.get(basename(path));
  }

  writeFile(path: string, content: string): void {
    if (this.entry(path) !== undefined) this.fail('EEXIST', path);
    this.folder(path).set(basename(path), content);
  }
  rename(from: string, to: string): void {
    const content = this.entry(from);
    if (content === undefined) this.fail('ENOENT', from);
    if (content === null || this.entry(to) === null) this.fail('EISDIR', to);
    this.folder(to).set(basename(to), content);
    this.folder(from).delete(basename(from));
  }
  link(existing: string, alias: string): void {
    const content = this.entry(existing);
    if (content === undefined) this.fail('ENOENT', existing);
    if (content === null) this.fail('EPERM', existing);
    if (this.entry(alias) !== undefined) this.fail('EEXIST', alias);
    this.folder(alias).set(basename(alias), content);
  }
  unlink(path: string): void {
    if (typeof this.entry(path) !== 'string') this.fail('ENOENT', path);
    this.folder(path).delete(basename(path));
  }
  exists(path: string): boolean {
    return path === this.root || this.entry(path) !== undefined;
  }
  mkdir(path: string): void {
    if (this.entry(path) !== undefined) this.fail('EEXIST', path);
    this.folder(path).set(basename(path), null);
    this.live.set(path, new Map());
    this.durable.set(path, new Map());
  }
  rmdir(path: string): void {
    if ((this.live.get(path)?.size ?? 1) > 0) this.fail('ENOTEMPTY', path);
    this.folder(path).delete(basename(path));
    this.live.delete(path);
  }
  syncDir(path: string): void {
    this.durable.set(path, new Map(this.live.get(path) ?? this.fail('ENOENT', path)));
  }
  readdir(path: string): string[] {
    return [...(this.live.get(path) ?? this.fail('ENOENT', path)).keys()].sort();
  }
  readFile(path: string): string {
    const content = this.entry(path);
    return typeof content === 'string' ? content : this.fail('ENOENT', path);
  }

  /** The power goes: what is left is what was synced, folder by folder, from the root down. */
  powerLoss(): void {
    this.live = new Map();
    const restore = (dir: string) => {
      const entries = new Map(this.durable.get(dir) ?? []);
      this.live.set(dir, entries);
      for (const [name, content] of entries) if (content === null) restore(join(dir, name));
    };
    restore(this.root);
  }

  /** The tree in `snapshot()`'s shape. */
  tree(dir = this.root): Record<string, string> {
    const tree: Record<string, string> = {};
    for (const [name, content] of this.live.get(dir) ?? []) {
      const key = relative(this.root, join(dir, name));
      if (content === null) Object.assign(tree, { [`${key}/`]: '' }, this.tree(join(dir, name)));
      else tree[key] = content;
    }
    return tree;
  }
}

/** `fsOps` stopped after `after` calls: that call and every later one fail, as when the power goes. */
function stoppedAfter(fsOps: TransactionFs, after: number): TransactionFs {
  let count = 0;
  const stopped = {} as Record<Method, (...args: unknown[]) => unknown>;
  for (const method of METHODS) {
    stopped[method] = (...args: unknown[]) => {
      count += 1;
      if (count > after) throw new Error('power lost');
      return (fsOps[method] as (...a: unknown[]) => unknown).apply(fsOps, args);
    };
  }
  return stopped as unknown as TransactionFs;
}

describe('a power loss at any moment, then recovery', () => {
  // Only what was fsynced survives; the order of the syncs must make that the old or the new tree.
  it('gives the old tree or the new one, exactly, wherever the power goes', () => {
    const before = snapshot();
    const calls = callsOfCommit(writes());
    // Decided once the journal's rename is on disk: the sync of the state folder right after it.
    const decided = calls.indexOf('rename .transaction/journal.json.tmp .transaction/journal.json') + 2;
    expect(calls[decided - 1]).toBe('syncDir .transaction');
    for (let after = 0; after <= calls.length; after += 1) {
      const disk = new ForgetfulFs(root, before);
      try {
        commitFiles(writes(), { stateDir: state, fs: stoppedAfter(disk, after) });
      } catch {
        // the power went
      }
      disk.powerLoss();
      recoverTransaction(state, disk);
      expect(disk.tree(), `power lost after call ${after} (${calls[after - 1]})`).toEqual(
        after < decided ? before : NEW_TREE,
      );
      // And again during the recovery (after every fifth of its first 40 calls), then once more recovered.
      const recoveryCalls = 40;
      for (let again = 0; again < recoveryCalls; again += 5) {
        const second = new ForgetfulFs(root, before);
        try {
          commitFiles(writes(), { stateDir: state, fs: stoppedAfter(second, after) });
        } catch {
          // the power went
        }
        second.powerLoss();
        try {
          recoverTransaction(state, stoppedAfter(second, again));
        } catch {
          // and went again
        }
        second.powerLoss();
        recoverTransaction(state, second);
        expect(second.tree(), `power lost after call ${after}, then in recovery after ${again}`).toEqual(
          after < decided ? before : NEW_TREE,
        );
      }
    }
  });

  it('would lose the change if the journal were not synced before the files are moved', () => {
    // The model is strict enough to catch a missing sync: drop the one after the journal's rename.
    const before = snapshot();
    const calls = callsOfCommit(writes());
    const firstMove = calls.findIndex((call) => call.startsWith('rename .transaction/0.new'));
    const disk = new ForgetfulFs(root, before);
    let syncs = 0;
    const careless = {} as Record<Method, (...args: unknown[]) => unknown>;
    for (const method of METHODS) {
      careless[method] = (...args: unknown[]) => {
        // Skip the state folder's second sync (the journal's).
        if (method === 'syncDir' && String(args[0]) === state && ++syncs === 2) return undefined;
        return (disk[method] as (...a: unknown[]) => unknown).apply(disk, args);
      };
    }
    try {
      commitFiles(writes(), { stateDir: state, fs: stoppedAfter(careless as unknown as TransactionFs, firstMove + 2) });
    } catch {
      // the power went
    }
    disk.powerLoss();
    recoverTransaction(state, disk);
    const tree = disk.tree();
    expect(tree).not.toEqual(before);
    expect(tree).not.toEqual(NEW_TREE);
  });
});

describe('recoverTransaction', () => {
  function leaveCommitRecord(after: number): void {
    const calls = callsOfCommit(writes());
    const decided = calls.indexOf('rename .transaction/journal.json.tmp .transaction/journal.json') + 1;
    try {
      commitFiles(writes(), { stateDir: state, fs: killedAfter(decided + after).fsOps });
    } catch {
      // killed
    }
  }

  it('has nothing to do on a clean archive', () => {
    expect(recover()).toEqual({ action: 'none' });
    mkdirSync(state);
    writeFileSync(join(state, 'lock'), 'not the transaction’s');
    expect(recover()).toEqual({ action: 'none' });
    expect(readdirSync(state)).toEqual(['lock']);
  });

  it('rolls back when finishing fails, and says why', () => {
    const before = snapshot();
    leaveCommitRecord(4);
    let failed = false;
    const { fsOps } = instrumented((_call, method) => {
      if (method === 'rename' && !failed) {
        failed = true;
        throw Object.assign(new Error('injected rename failure'), { code: 'EIO' });
      }
    });
    const result = recover(fsOps);
    expect(result).toMatchObject({ action: 'rolled-back', because: 'injected rename failure' });
    expect(snapshot()).toEqual(before);
    expect(describeRecovery(result, state)).toMatch(
      /interrupted while writing 5 files \(2 replaced, 3 new\) and could not be finished \(injected rename failure\); rolled it back: the archive is as it was before that command/,
    );
  });

  it('says what it did, in numbers', () => {
    // Killed after the 2nd of 5 moves into place (7 calls create the folders and sync).
    leaveCommitRecord(9);
    const result = recover();
    expect(describeRecovery(result, state)).toMatch(
      new RegExp(
        `^an earlier .* \\(pid ${process.pid} on .*, started .*\\) was interrupted while writing 5 files \\(2 replaced, 3 new\\); rolled it forward: all of them now hold its new content \\(3 moved into place now\\), and its 2 temporary files were deleted\\.$`,
      ),
    );
    mkdirSync(state);
    writeFileSync(join(state, '0.new'), 'x');
    writeFileSync(join(state, 'journal.json.tmp'), '{');
    const discarded = recover();
    expect(discarded).toEqual({ action: 'discarded', removed: 1 });
    expect(describeRecovery(discarded, state)).toMatch(
      /before it changed the archive; deleted its 1 temporary file from/,
    );
  });

  it('refuses a journal it did not write, deleting nothing, and says what to do', () => {
    leaveCommitRecord(1);
    const journal = JSON.parse(readFileSync(join(state, 'journal.json'), 'utf8')) as { targets: string[] };
    journal.targets[0] = '../../outside.md';
    writeFileSync(join(state, 'journal.json'), JSON.stringify(journal));
    const before = snapshot();
    expect(() => recover()).toThrow(RecoveryError);
    expect(() => recover()).toThrow(
      /names \.\.\/\.\.\/outside\.md, outside .*nothing more was deleted.*--recover" again.*git checkout/,
    );
    writeFileSync(join(state, 'journal.json'), '{"version": 2}');
    expect(() => recover()).toThrow(/not a transaction journal this version can read/);
    expect(Object.keys(snapshot())).toEqual(Object.keys(before));
  });
});

describe('inspectTransaction', () => {
  it('tells a clean archive, leftovers, and a half-written one apart without changing anything', () => {
    expect(inspectTransaction(state)).toEqual({ state: 'clean' });
    mkdirSync(state);
    writeFileSync(join(state, 'lock'), '{}');
    expect(inspectTransaction(state)).toEqual({ state: 'clean' });
    writeFileSync(join(state, '0.new'), 'x');
    writeFileSync(join(state, '1.new'), 'y');
    const staged = inspectTransaction(state);
    expect(staged).toEqual({ state: 'staged', temporary: 2 });
    expect(describeTransactionState(staged, state)).toBe(
      `2 temporary files of an interrupted command are in ${state}; the papers are as they were before it`,
    );
    rmSync(state, { recursive: true });
    const calls = callsOfCommit(writes());
    const decided = calls.indexOf('rename .transaction/journal.json.tmp .transaction/journal.json') + 1;
    try {
      commitFiles(writes(), { stateDir: state, fs: killedAfter(decided + 2).fsOps, command: 'npm run ingest' });
    } catch {
      // killed
    }
    const before = snapshot();
    const pending = inspectTransaction(state);
    expect(pending).toMatchObject({
      state: 'commit',
      files: 5,
      holder: { pid: process.pid, command: 'npm run ingest' },
    });
    expect(describeTransactionState(pending, state)).toMatch(
      /^npm run ingest \(pid \d+ on .*\) was writing 5 files in one transaction \(.*journal\.json\) and has not finished: the papers folder may hold a mix of old and new files$/,
    );
    expect(snapshot()).toEqual(before);
  });
});
