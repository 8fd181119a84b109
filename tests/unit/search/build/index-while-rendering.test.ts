/**
 * The search index made while the pages are written (src/lib/search/build/index-while-rendering.ts):
 * pages appear one by one, as Astro writes them; the shards made alongside must be exactly the
 * shards `indexShards` makes after the pages (compared file by file with an index made the usual
 * way), and a page that comes other than planned must cost its shard, never the index.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperPagePath, planShards, type ShardPage } from '../../../../src/lib/search/build/index-shards.ts';
import {
  indexWhileRendering,
  readWhenWritten,
  startIndexWhileRendering,
} from '../../../../src/lib/search/build/index-while-rendering.ts';
import { indexShards } from '../../../../src/lib/search/build/sharded-index.ts';
import { markBuildStart } from '../../../../src/lib/build/stale-outputs.ts';

const CAP = 12;
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-while-rendering-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 30 papers over three days: three shards at a cap of 12 (older days, then the newest day in two runs). */
function pages(): ShardPage[] {
  return Array.from({ length: 30 }, (_, i) => ({
    path: paperPagePath(`paper-${String(i).padStart(2, '0')}`),
    added: i < 6 ? '2025-01-10' : i < 12 ? '2025-02-03' : '2025-03-14',
  }));
}

function html(page: ShardPage, i: number, added = page.added): string {
  return (
    `<!doctype html><html lang="en"><head><title>Paper ${i}</title></head><body><nav>Home</nav>` +
    `<article data-pagefind-body><h1>Paper ${i}: kernels of word${i}</h1>` +
    `<p>An abstract about spectral kernels, ${i % 3 === 0 ? 'diffusion' : 'transformers'} and the number ${i}.</p>` +
    `<span hidden data-pagefind-filter="topic">${i % 2 === 0 ? 'Vision' : 'Language'}</span>` +
    `<span hidden data-pagefind-meta="added">${added}</span></article></body></html>`
  );
}

async function writePage(dist: string, page: ShardPage, text: string): Promise<void> {
  await mkdir(join(dist, page.path, '..'), { recursive: true });
  await writeFile(join(dist, page.path), text);
}

/** Every file under `dir` with its bytes, by relative path. */
async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), (await readFile(path)).toString('base64'));
  }
  return files;
}

const PAGES = pages();
const TEXTS = PAGES.map((page, i) => html(page, i));
const PLAN = planShards(PAGES, CAP);

/** The index of the site made the usual way, after all its pages: what the index made alongside must equal. */
let indexedAfter = new Map<string, string>();

beforeAll(async () => {
  const dist = join(root, 'after');
  for (const [i, page] of PAGES.entries()) await writePage(dist, page, TEXTS[i] ?? '');
  await indexShards(dist, 'en', undefined, { cap: CAP });
  indexedAfter = await tree(join(dist, 'pagefind'));
});

describe('the search runtime', () => {
  it('is written again when a part of it is missing (a build killed while moving it into place)', async () => {
    const dist = join(root, 'runtime');
    const cache = join(root, 'runtime-cache.json');
    for (const [i, page] of PAGES.entries()) await writePage(dist, page, TEXTS[i] ?? '');
    await indexShards(dist, 'en', cache, { cap: CAP });
    const wasm = (await readdir(join(dist, 'pagefind'))).filter((name) => name.startsWith('wasm.'));
    expect(wasm).toHaveLength(1);
    await rm(join(dist, 'pagefind', wasm[0] ?? ''));
    await indexShards(dist, 'en', cache, { cap: CAP });
    expect(await tree(join(dist, 'pagefind'))).toEqual(indexedAfter);
  });
});

/** An empty output folder named `name` and the build's start, just marked. */
async function freshBuild(name: string): Promise<{ dist: string; since: bigint }> {
  const dist = join(root, name);
  await mkdir(dist, { recursive: true });
  return { dist, since: await markBuildStart(join(root, `${name}-mark`)) };
}

describe('readWhenWritten', () => {
  it('waits for a page this build writes, passing over an older copy, and gives up once all are rendered', async () => {
    const dist = join(root, 'wait');
    const [page, missing] = PAGES as [ShardPage, ShardPage];
    await writePage(dist, page, 'old text');
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dist, page.path), old, old);
    const since = await markBuildStart(join(root, 'wait-mark'));
    let rendered = false;
    const waiting = readWhenWritten(dist, page, since, () => rendered);
    await sleep(150);
    await writePage(dist, page, TEXTS[0] ?? '');
    const read = await waiting;
    expect(read?.text).toBe(TEXTS[0]);
    const info = await stat(join(dist, page.path), { bigint: true });
    expect(read?.record).toEqual({ size: Buffer.byteLength(TEXTS[0] ?? ''), mtime: String(info.mtimeNs) });

    const never = readWhenWritten(dist, missing, since, () => rendered);
    await sleep(120);
    rendered = true;
    expect(await never).toBeUndefined();
  });

  it('does not take the start of a page being written for the page', async () => {
    const dist = join(root, 'partial');
    const [page, other] = PAGES as [ShardPage, ShardPage];
    const since = await markBuildStart(join(root, 'partial-mark'));
    // What a read racing Astro's write can see: the first memory page of the file, size and date steady.
    const whole = TEXTS[0] ?? '';
    await writePage(dist, page, whole.slice(0, whole.indexOf('</article>')));
    let rendered = false;
    const waiting = readWhenWritten(dist, page, since, () => rendered);
    await sleep(150);
    await writePage(dist, page, whole);
    expect((await waiting)?.text).toBe(whole);

    // Once every page is written, a page is taken as it is, whatever its end.
    await writePage(dist, other, 'not a document');
    rendered = true;
    expect((await readWhenWritten(dist, other, since, () => rendered))?.text).toBe('not a document');
  });
});

describe('indexWhileRendering', () => {
  it('makes, as the pages appear, exactly the shards indexShards makes after them', async () => {
    const { dist, since } = await freshBuild('alongside');
    let rendered = false;
    expect(PLAN.length).toBe(3);
    const indexing = indexWhileRendering({ dist, language: 'en', plan: PLAN, since: String(since) }, () => rendered);
    // Written in the index's order, a few at a time, as a renderer would.
    for (const [i, page] of PAGES.entries()) {
      await writePage(dist, page, TEXTS[i] ?? '');
      if (i % 5 === 0) await sleep(20);
    }
    rendered = true;
    const prepared = await indexing;
    expect(prepared.digests.size).toBe(3);
    expect(Object.keys(prepared.pages).length).toBe(30);

    const result = await indexShards(dist, 'en', undefined, { cap: CAP, prepared });
    expect(result.ahead).toEqual(PLAN.map((shard) => shard.key));
    expect(await tree(join(dist, 'pagefind'))).toEqual(indexedAfter);
  }, 60_000);

  it('leaves a shard to indexShards when a page comes other than planned, or not at all', async () => {
    const { dist, since } = await freshBuild('unplanned');
    let rendered = false;
    const indexing = indexWhileRendering({ dist, language: 'en', plan: PLAN, since: String(since) }, () => rendered);
    for (const [i, page] of PAGES.entries()) {
      // The first shard's third page says another day than the plan (the plan was wrong); the
      // last page is not there when the rendering ends.
      if (i === 2) await writePage(dist, page, html(page, i, '2025-01-11'));
      else if (i !== 29) await writePage(dist, page, TEXTS[i] ?? '');
    }
    rendered = true;
    const prepared = await indexing;
    expect(prepared.digests.size).toBe(1);

    // The site as it really ends: the plan's pages, written after all.
    await writePage(dist, PAGES[2] as ShardPage, TEXTS[2] ?? '');
    await writePage(dist, PAGES[29] as ShardPage, TEXTS[29] ?? '');
    const result = await indexShards(dist, 'en', undefined, { cap: CAP, prepared });
    expect(result.ahead).toEqual([PLAN[1]?.key]);
    expect(result.written).toEqual(PLAN.map((shard) => shard.key));
    expect(await tree(join(dist, 'pagefind'))).toEqual(indexedAfter);
  }, 60_000);

  it('runs on a worker thread that the build tells when the pages are done', async () => {
    const { dist, since } = await freshBuild('worker');
    const indexing = startIndexWhileRendering({ dist, language: 'en', plan: PLAN, since: String(since) });
    for (const [i, page] of PAGES.entries()) await writePage(dist, page, TEXTS[i] ?? '');
    const { prepared, error } = await indexing.finish();
    expect(error).toBeUndefined();
    expect(prepared?.digests.size).toBe(3);
    const result = await indexShards(dist, 'en', undefined, { cap: CAP, ...(prepared ? { prepared } : {}) });
    expect(result.ahead.length).toBe(3);
    expect(await tree(join(dist, 'pagefind'))).toEqual(indexedAfter);
  }, 60_000);
});

describe('the worker and the process', () => {
  const ROOT = new URL('../../../../', import.meta.url).pathname;
  // A script file, not `--eval`: the worker inherits the process's Node options.
  const run = async (name: string, body: string) => {
    const script = join(root, `${name}.mjs`);
    await writeFile(
      script,
      [
        `import { startIndexWhileRendering } from ${JSON.stringify(join(ROOT, 'src/lib/search/build/index-while-rendering.ts'))};`,
        `const plan = [{ key: 'k', pages: [{ path: 'papers/x/index.html', added: '2025-01-01' }] }];`,
        `const indexing = startIndexWhileRendering({ dist: ${JSON.stringify(root)}, language: 'en', plan, since: '0' });`,
        body,
      ].join('\n'),
    );
    return spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  };

  it('lets a build that fails before its pages are done exit: the worker does not hold it', async () => {
    // The page never comes: the worker would wait for it until told the pages are done.
    const child = await run('never-finished', `setTimeout(() => console.log('done'), 200);`);
    expect(child.signal, 'the process was killed after waiting for the worker').toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('done');
  });

  it('keeps the process until the worker answers once the build waits for it', async () => {
    // Nothing else keeps this process alive while it waits: the answer must still come.
    const child = await run(
      'finished',
      `const { prepared, error } = await indexing.finish(); console.log(JSON.stringify({ shards: prepared?.digests.size, error: String(error) }));`,
    );
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ shards: 0, error: 'undefined' });
  });
});
