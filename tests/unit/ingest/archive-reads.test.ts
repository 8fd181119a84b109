import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ArchiveReadStore,
  compactText,
  loadArchiveReads,
  readerScope,
  saveArchiveReads,
} from '../../../src/lib/ingest/archive-reads.ts';
import { planIngest, readArchived, type ExistingFile, type IngestOptions } from '../../../src/lib/ingest/ingest.ts';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';
import { createClassifier } from '../../../src/lib/classify/topic-classifier.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';

const TOPICS = ['learning-theory', 'graphs'];
const schema = paperSchemaFor(TOPICS);

function paperFile(slug: string, title: string, extra = ''): ExistingFile {
  const text = [
    '---',
    `title: "${title}"`,
    'authors: ["Ada Lovelace"]',
    `arxiv: "2401.${String(10_000 + slug.length)}"`,
    'published: 2024-01-05',
    'added: 2025-03-14',
    'topics: [learning-theory]',
    'source: inbox/2025-03-14-seed.txt',
    extra,
    '---',
    `An abstract about ${title}, long enough to be a real one. It has two sentences.`,
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { slug, path: `content/papers/${slug}.md`, text };
}

const reading = (file: ExistingFile) => {
  const { file: _file, ...rest } = readArchived(file, schema);
  return rest;
};

describe('ArchiveReadStore', () => {
  it('gives back exactly the reading it kept, Dates and all, for the same text only', () => {
    const file = paperFile('graphs-everywhere', 'Graphs Everywhere');
    const store = new ArchiveReadStore('scope');
    store.remember(file.text, reading(file));
    const again = ArchiveReadStore.from(store.toBytes(), 'scope');
    const found = again.lookup(file.text);
    expect(reading(file).invalid).toBeUndefined();
    expect(found).toStrictEqual(reading(file));
    expect(found?.content?.data.published).toBeInstanceOf(Date);
    expect(again.hits).toBe(1);
    expect(again.lookup(`${file.text} `)).toBeUndefined();
  });

  it('keeps what was read, not what the plan did to the objects afterwards', () => {
    const file = paperFile('graphs-everywhere', 'Graphs Everywhere');
    const store = new ArchiveReadStore('scope');
    const kept = reading(file);
    store.remember(file.text, kept);
    kept.keys.push('title:changed');
    if (kept.content) kept.content.data.title = 'Changed';
    expect(ArchiveReadStore.from(store.toBytes(), 'scope').lookup(file.text)).toStrictEqual(reading(file));
  });

  it('starts empty in another scope, or from a damaged store', () => {
    const file = paperFile('graphs-everywhere', 'Graphs Everywhere');
    const store = new ArchiveReadStore('scope');
    store.remember(file.text, reading(file));
    const bytes = store.toBytes();
    expect(ArchiveReadStore.from(bytes, 'other').lookup(file.text)).toBeUndefined();
    expect(ArchiveReadStore.from(bytes.subarray(0, bytes.length - 5), 'scope').lookup(file.text)).toBeUndefined();
    expect(ArchiveReadStore.from(Buffer.from('not a store'), 'scope').lookup(file.text)).toBeUndefined();
    expect(ArchiveReadStore.from(undefined, 'scope').lookup(file.text)).toBeUndefined();
  });

  it('saves only the readings this run used, so removed files drop out', () => {
    const [kept, removed] = [paperFile('kept', 'Kept Paper'), paperFile('removed', 'Removed Paper')];
    const first = new ArchiveReadStore('scope');
    first.remember(kept.text, reading(kept));
    first.remember(removed.text, reading(removed));
    const second = ArchiveReadStore.from(first.toBytes(), 'scope');
    expect(second.lookup(kept.text)).toBeDefined();
    const third = ArchiveReadStore.from(second.toBytes(), 'scope');
    expect(third.lookup(kept.text)).toBeDefined();
    expect(third.lookup(removed.text)).toBeUndefined();
  });
});

describe('the ingest with kept readings', () => {
  const options = (existing: ExistingFile[], readings?: ArchiveReadStore): IngestOptions => ({
    inputs: [],
    existing,
    readings,
    topicIds: TOPICS,
    papersDir: 'content/papers',
    repairTitle: (raw) => ({ markdown: raw, repairs: [] }),
    repairAbstract: (raw) => ({ markdown: raw, repairs: [], code: [], links: [] }),
    classify: () => ({ topics: ['learning-theory'], noEvidence: false, evidence: [] }),
  });

  it('plans exactly what it plans reading every file, and reads none of them the second time', () => {
    const existing = [
      paperFile('graphs-everywhere', 'Graphs Everywhere'),
      paperFile('broken', 'Broken', 'topics: [not-a-topic]'),
    ];
    const record = JSON.stringify({
      id: '2401.10017',
      title: 'Graphs Everywhere',
      abstract: 'An abstract about Graphs Everywhere, long enough to be a real one. It has two sentences.',
      authors: 'Ada Lovelace',
      categories: 'cs.LG',
      versions: [{ created: 'Mon, 1 Jan 2024 00:00:00 GMT' }],
    });
    const inputs = [{ file: 'in.jsonl', source: 'inbox/in.jsonl', bytes: new TextEncoder().encode(`${record}\n`) }];
    const plain = planIngest({ ...options(existing), inputs, added: '2025-03-15' });
    const first = new ArchiveReadStore('scope');
    expect(planIngest({ ...options(existing, first), inputs, added: '2025-03-15' })).toEqual(plain);
    const second = ArchiveReadStore.from(first.toBytes(), 'scope');
    expect(planIngest({ ...options(existing, second), inputs, added: '2025-03-15' })).toEqual(plain);
    expect(second.hits).toBe(existing.length);
    expect(plain.report.warnings.map((warning) => warning.file)).toEqual(['content/papers/broken.md']);
    expect(plain.report.counts).toEqual({ new: 0, updated: 1, unchanged: 0, skipped: 0 });
  });
});

/** Every string in a value: its own, its items' and its properties'. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object' && !(value instanceof Date))
    return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('the files an ingest writes', () => {
  // The seed page through the real repair and classifier: TeX, Unicode, quotes, links.
  const topics = loadTopics('content/topics.yaml');
  const topicIds = topics.map((topic) => topic.id);
  const seed = 'content/inbox/2025-03-14-hf-trending.txt';
  const options = (existing: ExistingFile[], readings?: ArchiveReadStore, inputs: IngestOptions['inputs'] = []) =>
    ({
      inputs,
      existing,
      readings,
      topicIds,
      papersDir: 'content/papers',
      repairTitle,
      repairAbstract,
      classify: createClassifier(topics),
      added: '2025-03-14',
    }) satisfies IngestOptions;
  const seedInput = { file: seed, source: 'inbox/2025-03-14-hf-trending.txt', bytes: readFileSync(seed) };

  it('are kept as read, so the next run reads none of them, and only the files that pass the check', () => {
    const store = new ArchiveReadStore('scope');
    const imported = planIngest(options([], store, [seedInput]));
    expect(imported.writes).toHaveLength(56);
    const written: ExistingFile[] = imported.writes.map(({ slug, path, content }) => ({ slug, path, text: content }));
    expect(store.changed).toBe(true);

    // Each kept reading is exactly what reading the written file gives.
    const next = ArchiveReadStore.from(store.toBytes(), 'scope');
    const archiveSchema = paperSchemaFor(topicIds);
    for (const file of written) {
      const { file: _file, ...read } = readArchived(file, archiveSchema);
      expect(read.invalid).toBeUndefined();
      expect(next.lookup(file.text)).toStrictEqual(read);
    }
    expect(next.hits).toBe(56);

    // A file whose characters all fit in a byte is read from disk one byte a character; its kept
    // reading is too, whatever pieces the ingest built its text from (v8.serialize writes a string
    // as V8 holds it).
    const latin1 = written.filter((file) => !/[\u0100-\uffff]/.test(file.text));
    expect(latin1.length).toBeGreaterThan(5);
    for (const file of latin1) {
      for (const text of stringsIn(next.lookup(file.text))) {
        expect(serialize(text).byteLength, text).toBeLessThanOrEqual(text.length + 8);
      }
    }

    // A run over the written archive finds every file read and plans what reading them would.
    const again = ArchiveReadStore.from(store.toBytes(), 'scope');
    expect(planIngest(options(written, again, [seedInput]))).toEqual(
      planIngest(options(written, undefined, [seedInput])),
    );
    expect(again.hits).toBe(56);

    // A file the check refuses (a formula KaTeX cannot typeset) is skipped, and nothing is kept for it.
    const refusedStore = new ArchiveReadStore('scope');
    const refused = planIngest({
      ...options([], refusedStore, [seedInput]),
      repairAbstract: (raw) => {
        const repaired = repairAbstract(raw);
        return { ...repaired, markdown: `${repaired.markdown} $\\frac{1}{$ x.` };
      },
    });
    expect(refused.writes).toHaveLength(0);
    expect(refused.report.counts.skipped).toBe(56);
    expect(refusedStore.changed).toBe(false);
  });
});

describe('compactText', () => {
  it('gives a text whose characters fit in a byte as a one-byte string, and any other text as it is', () => {
    // A slice of a two-byte string is held two-byte, though every character of it fits in a byte.
    const twoByte = `${'Caf\u00e9 au lait, '.repeat(20)}\u03b1`.slice(0, 200);
    expect(compactText(twoByte)).toBe(twoByte);
    expect(serialize(compactText(twoByte)).byteLength).toBeLessThan(serialize(twoByte).byteLength * 0.6);
    const greek = 'Greek \u03b1 stays';
    expect(compactText(greek)).toBe(greek);
  });
});

describe('loading and saving', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-reads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the store again only when a reading was made or a file went', () => {
    const [kept, removed] = [paperFile('kept', 'Kept Paper'), paperFile('removed', 'Removed Paper')];
    const path = join(dir, 'readings.v8');
    const first = new ArchiveReadStore('scope');
    first.remember(kept.text, reading(kept));
    first.remember(removed.text, reading(removed));
    expect(first.changed).toBe(true);
    saveArchiveReads(path, first);
    const size = readFileSync(path).byteLength;
    // Every file read as before: nothing to write.
    const same = loadArchiveReads(path, 'scope');
    same.lookup(kept.text);
    same.lookup(removed.text);
    expect(same.changed).toBe(false);
    writeFileSync(path, 'left as it was');
    saveArchiveReads(path, same);
    expect(readFileSync(path, 'utf8')).toBe('left as it was');
    // One file gone: the store shrinks.
    saveArchiveReads(path, first);
    const fewer = loadArchiveReads(path, 'scope');
    fewer.lookup(kept.text);
    expect(fewer.changed).toBe(true);
    saveArchiveReads(path, fewer);
    expect(readFileSync(path).byteLength).toBeLessThan(size);
  });

  it('appends what a run made when it used every stored reading, and writes the store whole when it did not', () => {
    const [a, b, c, d] = [
      paperFile('paper-a', 'Paper A'),
      paperFile('paper-b', 'Paper B'),
      paperFile('paper-c', 'Paper C'),
      paperFile('paper-d', 'Paper D'),
    ];
    const path = join(dir, 'readings.v8');
    const first = new ArchiveReadStore('scope');
    first.remember(a.text, reading(a));
    first.remember(b.text, reading(b));
    saveArchiveReads(path, first);
    const whole = readFileSync(path);

    // Every stored reading used and one made: appended, the bytes before it left as they were.
    const second = loadArchiveReads(path, 'scope');
    expect(second.storedLength).toBe(whole.byteLength);
    second.lookup(a.text);
    second.lookup(b.text);
    second.remember(c.text, reading(c));
    saveArchiveReads(path, second);
    const appended = readFileSync(path);
    expect(appended.subarray(0, whole.byteLength).equals(whole)).toBe(true);
    const third = loadArchiveReads(path, 'scope');
    expect(third.storedLength).toBe(appended.byteLength);
    for (const file of [a, b, c]) expect(third.lookup(file.text)).toStrictEqual(reading(file));

    // B's file went (the next run looks up A and C only): the store is written whole, without it.
    const fourth = loadArchiveReads(path, 'scope');
    fourth.lookup(a.text);
    fourth.lookup(c.text);
    fourth.remember(d.text, reading(d));
    expect(fourth.appendix()).toBeUndefined();
    saveArchiveReads(path, fourth);
    const rewritten = loadArchiveReads(path, 'scope');
    expect(rewritten.lookup(b.text)).toBeUndefined();
    for (const file of [a, c, d]) expect(rewritten.lookup(file.text)).toStrictEqual(reading(file));
    const fresh = new ArchiveReadStore('scope');
    for (const file of [a, c, d]) fresh.remember(file.text, reading(file));
    expect(readFileSync(path).byteLength).toBe(fresh.toBytes().byteLength);
  });

  it('loses only what an append cut short held, and writes the store whole after it', () => {
    const [a, b] = [paperFile('paper-a', 'Paper A'), paperFile('paper-b', 'Paper B')];
    const path = join(dir, 'readings.v8');
    const first = new ArchiveReadStore('scope');
    first.remember(a.text, reading(a));
    saveArchiveReads(path, first);
    const whole = readFileSync(path).byteLength;
    const second = loadArchiveReads(path, 'scope');
    second.lookup(a.text);
    second.remember(b.text, reading(b));
    const appendix = second.appendix();
    expect(appendix).toBeDefined();
    // A crash halfway through the append.
    writeFileSync(path, Buffer.concat([readFileSync(path), (appendix ?? Buffer.alloc(0)).subarray(0, 40)]));

    const third = loadArchiveReads(path, 'scope');
    expect(third.storedLength).toBe(whole);
    expect(third.lookup(a.text)).toStrictEqual(reading(a));
    expect(third.lookup(b.text)).toBeUndefined();
    third.remember(b.text, reading(b));
    // The file is not what was read (it has the torn segment): written whole, not appended to.
    saveArchiveReads(path, third);
    const fresh = new ArchiveReadStore('scope');
    fresh.remember(a.text, reading(a));
    fresh.remember(b.text, reading(b));
    expect(readFileSync(path).equals(fresh.toBytes())).toBe(true);
    expect(loadArchiveReads(path, 'scope').lookup(b.text)).toStrictEqual(reading(b));
  });

  it('round-trips through a file, and a missing file is an empty store', () => {
    const file = paperFile('graphs-everywhere', 'Graphs Everywhere');
    const path = join(dir, 'missing', 'readings.v8');
    expect(loadArchiveReads(path, 'scope').lookup(file.text)).toBeUndefined();
    const store = new ArchiveReadStore('scope');
    store.remember(file.text, reading(file));
    saveArchiveReads(path, store);
    expect(loadArchiveReads(path, 'scope').lookup(file.text)).toStrictEqual(reading(file));
  });

  it('scopes by topics, by the code under src/lib and by the lock file', () => {
    mkdirSync(join(dir, 'src/lib/paper'), { recursive: true });
    writeFileSync(join(dir, 'src/lib/paper/schema.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    const scope = readerScope(dir, TOPICS);
    expect(readerScope(dir, TOPICS)).toBe(scope);
    expect(readerScope(dir, [...TOPICS, 'new-topic'])).not.toBe(scope);
    writeFileSync(join(dir, 'src/lib/paper/schema.ts'), 'export const a = 2;\n');
    const edited = readerScope(dir, TOPICS);
    expect(edited).not.toBe(scope);
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
    expect(readerScope(dir, TOPICS)).not.toBe(edited);
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toContain('lockfileVersion');
  });
});
