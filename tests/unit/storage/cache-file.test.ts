import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileWhole } from '../../../src/lib/storage/cache-file.ts';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cache-file-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileWhole', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const path = join(dir, 'abstract.json');
    writeFileWhole(path, '{"html":"one"}');
    expect(await readFile(path, 'utf8')).toBe('{"html":"one"}');
    writeFileWhole(path, '{"html":"two"}');
    expect(await readFile(path, 'utf8')).toBe('{"html":"two"}');
    expect(await readdir(dir)).toEqual(['abstract.json']);
  });

  it('fails naming the file and leaves what was there, without a temporary file', async () => {
    // A folder where the file should go: the rename over it fails.
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    expect(() => writeFileWhole(path, 'text')).toThrow(`Failed to write ${path}`);
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
  });

  it('fails naming the file when its folder is missing', () => {
    const path = join(dir, 'missing', 'file.json');
    expect(() => writeFileWhole(path, 'text')).toThrow(`Failed to write ${path}`);
  });
});
