import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  commitFiles,
  nodeFs,
  RollbackError,
  TransactionError,
  type TransactionFs,
} from '../../src/lib/file-transaction.ts';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'transaction-'));
  mkdirSync(join(root, 'papers'));
  writeFileSync(join(root, 'papers', 'a.md'), 'old a\n');
  writeFileSync(join(root, 'papers', 'b.md'), 'old b\n');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every file and directory under `root` with its content: the tree, byte for byte. */
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

const writes = () => [
  { path: join(root, 'papers', 'a.md'), content: 'new a\n' },
  { path: join(root, 'papers', 'c.md'), content: 'new c\n' },
  { path: join(root, 'papers', 'b.md'), content: 'new b\n' },
  { path: join(root, 'papers', 'd.md'), content: 'new d\n' },
];

/** The real file system, except that the `n`-th call of `method` throws. */
function failing(
  method: keyof TransactionFs,
  n: number,
  also?: { method: keyof TransactionFs; n: number },
): TransactionFs {
  const counts = new Map<string, number>();
  const wrap = <K extends keyof TransactionFs>(name: K): TransactionFs[K] =>
    ((...args: unknown[]) => {
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      if ((name === method && count === n) || (also !== undefined && name === also.method && count === also.n)) {
        throw Object.assign(new Error(`injected ${name} failure`), { code: 'EIO' });
      }
      return (nodeFs[name] as (...a: unknown[]) => unknown)(...args);
    }) as TransactionFs[K];
  return {
    writeFile: wrap('writeFile'),
    rename: wrap('rename'),
    link: wrap('link'),
    unlink: wrap('unlink'),
    exists: wrap('exists'),
    mkdir: wrap('mkdir'),
    rmdir: wrap('rmdir'),
    syncDir: wrap('syncDir'),
  };
}

describe('commitFiles', () => {
  it('writes new files and replaces existing ones, leaving no temporary files', () => {
    commitFiles(writes());
    expect(snapshot()).toEqual({
      'papers/': '',
      'papers/a.md': 'new a\n',
      'papers/b.md': 'new b\n',
      'papers/c.md': 'new c\n',
      'papers/d.md': 'new d\n',
    });
  });

  it('creates missing directories', () => {
    commitFiles([{ path: join(root, 'fresh', 'deep', 'x.md'), content: 'x' }]);
    expect(readFileSync(join(root, 'fresh', 'deep', 'x.md'), 'utf8')).toBe('x');
  });

  it('does nothing for no writes and refuses to write one path twice', () => {
    const before = snapshot();
    commitFiles([]);
    const path = join(root, 'papers', 'a.md');
    expect(() =>
      commitFiles([
        { path, content: '1' },
        { path, content: '2' },
      ]),
    ).toThrow(/written twice/);
    expect(snapshot()).toEqual(before);
  });

  // Failures injected at every step of every phase: the tree must come out exactly as it went in.
  it.each([
    ['writeFile', 1],
    ['writeFile', 3],
    ['link', 1],
    ['link', 2],
    ['rename', 1],
    ['rename', 2],
    ['rename', 3],
    ['rename', 4],
  ] as const)('leaves the tree unchanged when %s call %i fails', (method, n) => {
    const before = snapshot();
    let error: unknown;
    try {
      commitFiles(writes(), failing(method, n));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TransactionError);
    expect((error as Error).message).toMatch(/nothing was changed/);
    expect((error as Error).cause).toMatchObject({ message: `injected ${method} failure` });
    expect(snapshot()).toEqual(before);
  });

  it('removes a directory it created when it has to roll back', () => {
    const before = snapshot();
    const batch = [
      { path: join(root, 'papers', 'a.md'), content: 'new a\n' },
      { path: join(root, 'new-dir', 'x.md'), content: 'x' },
    ];
    expect(() => commitFiles(batch, failing('rename', 2))).toThrow(TransactionError);
    expect(snapshot()).toEqual(before);
  });

  it('rolls back on a real failure: a target that is a directory', () => {
    mkdirSync(join(root, 'papers', 'e.md'));
    writeFileSync(join(root, 'papers', 'e.md', 'inside'), 'keep me');
    const before = snapshot();
    expect(() => commitFiles([...writes(), { path: join(root, 'papers', 'e.md'), content: 'x' }])).toThrow(
      TransactionError,
    );
    expect(snapshot()).toEqual(before);
  });

  it('when the undo fails too, keeps the only copy of the old file and says where it is', () => {
    // The 3rd rename fails (commit), then the first undo rename fails as well.
    let error: unknown;
    try {
      commitFiles(writes(), failing('rename', 3, { method: 'rename', n: 4 }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RollbackError);
    const message = (error as Error).message;
    // Undo runs newest first: c.md (new) is removed, then restoring a.md fails.
    expect(message).toMatch(/papers\/a\.md: restore it from \S+\.bak/);
    expect(readdirSync(join(root, 'papers'))).not.toContain('c.md');
    const backups = [...message.matchAll(/restore it from (\S+)/g)].map((match) => match[1] ?? '');
    expect(backups).toHaveLength(1);
    // The backup named is the only copy of the old a.md, so it was kept.
    expect(readFileSync(backups[0] ?? '', 'utf8')).toBe('old a\n');
  });
});
