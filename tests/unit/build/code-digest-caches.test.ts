/**
 * The caches Astro does not key by code: the paper loader's records and abstracts, and the search
 * index's shards. Each is reused by a digest of its inputs; the code that made it is part of that
 * digest (source-digest.ts), so a change to the renderer or the indexer (a fix, a KaTeX upgrade)
 * is seen by an incremental build as it is by a cold one. Before, only a hand-kept version number
 * was: a renderer change that forgot it left every unchanged paper's page with the old abstract.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** What codeDigest answers in this file: the code as it is "now". */
let code = 'code as it was';
vi.mock('../../../src/lib/build/source-digest.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/lib/build/source-digest.ts')>()),
  codeDigest: () => code,
}));

const { paperLoader } = await import('../../../src/lib/build/paper-loader.ts');
const { paperSchemaFor } = await import('../../../src/lib/paper/schema.ts');
const { shardDigest } = await import('../../../src/lib/search/build/sharded-index.ts');

const schema = paperSchemaFor(['learning-theory']);
let root = '';
let parsed: string[] = [];
const store = new Map<string, { id: string; digest?: string }>();

/** The parts of Astro's loader context the paper loader uses (as tests/unit/build/paper-loader.test.ts). */
function context(): LoaderContext {
  return {
    collection: 'papers',
    config: { root: pathToFileURL(`${root}/`), cacheDir: pathToFileURL(`${root}/cache/`) },
    logger: { error: () => undefined },
    generateDigest: (value: unknown) => createHash('sha1').update(String(value)).digest('hex'),
    parseData: ({ id, data }: { id: string; data: Record<string, unknown> }) => {
      parsed.push(id);
      return Promise.resolve(schema.parse(data));
    },
    store: {
      get: (id: string) => store.get(id),
      set: (entry: { id: string }) => (store.set(entry.id, entry), true),
      delete: (id: string) => store.delete(id),
      keys: () => [...store.keys()],
      values: () => [...store.values()],
    },
  } as unknown as LoaderContext;
}

const load = () => paperLoader({ base: 'papers', dependsOn: ['topics.yaml'] }).load(context());

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'code-digest-'));
  mkdirSync(join(root, 'papers'));
  writeFileSync(join(root, 'topics.yaml'), '- id: learning-theory\n');
  for (const name of ['first', 'second']) {
    writeFileSync(
      join(root, 'papers', `${name}.md`),
      `---\ntitle: Paper ${name}\nadded: 2025-03-14\ntopics: [learning-theory]\nsource: test\n---\n\nAbout ${name}.\n`,
    );
  }
  store.clear();
  parsed = [];
  code = 'code as it was';
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the paper loader', () => {
  it('renders every paper again when the code that validates and renders them changed, and only then', async () => {
    await load();
    expect(parsed.sort()).toEqual(['first', 'second']);
    parsed = [];
    await load();
    expect(parsed).toEqual([]);
    code = 'the renderer, changed';
    await load();
    expect(parsed.sort()).toEqual(['first', 'second']);
  });
});

describe('the search index', () => {
  it("names a shard by the indexing code too, so a change to it indexes again instead of keeping the old shard's files", () => {
    const shard = { key: '2025', pages: [{ path: 'papers/first/index.html', added: '2025-03-14' }] };
    const records = new Map([
      ['papers/first/index.html', { size: 1, mtime: '1', digest: 'page', added: '2025-03-14' }],
    ]);
    const before = shardDigest(shard, records, 'en');
    expect(shardDigest(shard, records, 'en')).toBe(before);
    code = 'the indexer, changed';
    expect(shardDigest(shard, records, 'en')).not.toBe(before);
  });
});
