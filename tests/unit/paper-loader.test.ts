import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { beforeEach, describe, expect, it } from 'vitest';
import { paperSchemaFor } from '../../src/content.config.ts';
import { paperLoader } from '../../src/lib/paper-loader.ts';

interface Entry {
  id: string;
  data: Record<string, unknown>;
  body?: string;
  filePath?: string;
  digest?: string | number;
  rendered?: { html: string };
}

const schema = paperSchemaFor(['learning-theory']);
let root: string;
let store: Map<string, Entry>;
let parsed: string[];

/** The parts of Astro's loader context the paper loader uses, backed by a Map that outlives a build. */
function context(): LoaderContext {
  return {
    collection: 'papers',
    config: { root: pathToFileURL(`${root}/`) },
    logger: { error: () => undefined },
    generateDigest: (value: unknown) => createHash('sha1').update(String(value)).digest('hex'),
    parseData: async ({ id, data }: { id: string; data: Record<string, unknown> }) => {
      parsed.push(id);
      const result = schema.safeParse(data);
      if (!result.success) throw new Error(`${id}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
      return result.data;
    },
    store: {
      get: (id: string) => store.get(id),
      set: (entry: Entry) => (store.set(entry.id, entry), true),
      delete: (id: string) => store.delete(id),
      keys: () => [...store.keys()],
    },
  } as unknown as LoaderContext;
}

/** A paper file; titles differ by default, since two papers with one title fail the build. */
function paper(name: string, body: string, title = `A Paper called ${name.replace(/\.md$/, '')}`): void {
  writeFileSync(
    join(root, 'papers', name),
    `---\ntitle: ${title}\nadded: 2025-03-14\ntopics: [learning-theory]\nsource: test\n---\n\n${body}\n`,
  );
}

const load = () => paperLoader({ base: 'papers', dependsOn: ['topics.yaml'] }).load(context());

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'paper-loader-'));
  mkdirSync(join(root, 'papers'));
  writeFileSync(join(root, 'topics.yaml'), '- id: learning-theory\n');
  store = new Map();
  parsed = [];
});

describe('paperLoader', () => {
  it('loads every .md file with validated data, the trimmed body and rendered math', async () => {
    paper('first.md', 'Bound $O(\\sqrt{T})$ holds.');
    paper('second.md', 'Plain prose.');
    writeFileSync(join(root, 'papers', 'notes.txt'), 'not a paper');
    await load();
    expect([...store.keys()].sort()).toEqual(['first', 'second']);
    const first = store.get('first');
    expect(first?.data['added']).toEqual(new Date('2025-03-14'));
    expect(first?.body).toBe('Bound $O(\\sqrt{T})$ holds.');
    expect(first?.filePath).toBe('papers/first.md');
    expect(first?.rendered?.html).toContain('class="katex"');
  });

  it('re-renders only what changed since the last build, and anything when the taxonomy changes', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    await load();
    parsed = [];
    paper('second.md', 'Two, edited.');
    await load();
    expect(parsed).toEqual(['second']);
    expect(store.get('second')?.rendered?.html).toContain('Two, edited.');
    parsed = [];
    writeFileSync(join(root, 'topics.yaml'), '- id: learning-theory\n  name: changed\n');
    await load();
    expect(parsed.sort()).toEqual(['first', 'second']);
  });

  it('drops papers whose files were deleted', async () => {
    paper('first.md', 'One.');
    paper('second.md', 'Two.');
    await load();
    rmSync(join(root, 'papers', 'second.md'));
    await load();
    expect([...store.keys()]).toEqual(['first']);
  });

  it('fails listing every paper it could not load, with file and line, instead of dropping them', async () => {
    paper('good.md', 'Fine.');
    paper('bad-math.md', 'Intro.\n\nBroken $\\frac{1}{$ here.');
    paper('bad-data.md', 'Fine.', '');
    const failure = await load().then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/^2 paper file\(s\) could not be loaded:/);
    expect(failure).toMatch(/bad-math\.md:10:8: KaTeX cannot render the formula `\\frac\{1\}\{`/);
    expect(failure).toMatch(/papers\/bad-data\.md: bad-data: /);
    expect(store.has('good')).toBe(true);
  });
});
