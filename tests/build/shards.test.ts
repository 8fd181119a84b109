/**
 * A build in slices (`npm run build -- --shard i/N`, src/lib/build/build-shard.ts) merged by `npm run
 * merge` must be the site one build writes, file for file and byte for byte: pages, .bib files,
 * sitemap, search index and service worker.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, makeTemp, PROJECT_ROOT, removeTemp, SITE_FIXTURES } from '../helpers/astro-build.ts';
import { filesThatDiffer, listFiles } from '../helpers/dist.ts';

const CONTENT = join(SITE_FIXTURES, 'basic/content');
const SITE_URL = 'https://papers.example.org';
const BASE = '/archive/';

let scratch = '';
let whole = '';
let merged = '';
const slices: string[] = [];
let sliceOutputs: string[] = [];
let mergeOutput = '';

function merge(out: string, folders: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts/merge-shards.ts'), '--out', out, ...folders], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, BASE_PATH: BASE, SITE_URL, ARCHIVE_CONTENT_DIR: CONTENT },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

beforeAll(async () => {
  scratch = await makeTemp('shards');
  whole = join(scratch, 'whole');
  merged = join(scratch, 'merged');
  const one = await buildSite({ contentDir: CONTENT, outDir: whole, base: BASE, site: SITE_URL });
  if (one.code !== 0) throw new Error(`whole build failed:\n${one.output}`);
  for (const shard of ['1/2', '2/2']) {
    const outDir = join(scratch, `slice-${shard.replace('/', '-of-')}`);
    const built = await buildSite({
      contentDir: CONTENT,
      outDir,
      base: BASE,
      site: SITE_URL,
      args: ['--shard', shard],
    });
    if (built.code !== 0) throw new Error(`slice ${shard} failed:\n${built.output}`);
    slices.push(outDir);
    sliceOutputs.push(built.output);
  }
  const result = await merge(merged, slices);
  if (result.code !== 0) throw new Error(`merge failed:\n${result.output}`);
  mergeOutput = result.output;
});

afterAll(async () => {
  if (scratch !== '') await removeTemp(scratch);
  sliceOutputs = [];
});

describe('a build in two slices, merged', () => {
  it('splits the paper pages between the slices, each built once', async () => {
    const pages = async (dir: string) => (await listFiles(dir)).filter((file) => /^papers\/[^/]+\.bib$/.test(file));
    const [first, second, all] = await Promise.all([pages(slices[0] ?? ''), pages(slices[1] ?? ''), pages(whole)]);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect([...first, ...second].sort()).toEqual(all);
    // Only the first slice renders the shared pages with parameters, and neither indexes.
    expect(await listFiles(slices[1] ?? '')).not.toContain('topics/scaling-laws/index.html');
    expect(await listFiles(slices[0] ?? '')).toContain('topics/scaling-laws/index.html');
    for (const output of sliceOutputs) expect(output).toMatch(/slice \d\/2 built/);
    expect(mergeOutput).toMatch(/Pagefind indexed 17 paper pages/);
  });

  it('is the same site as one build, file for file and byte for byte', async () => {
    const files = await listFiles(merged);
    expect(files).toEqual(await listFiles(whole));
    expect(await filesThatDiffer(merged, whole, files)).toEqual([]);
  });

  it('refuses a set of slices with one missing or one given twice, naming the slice', async () => {
    const other = await makeTemp('shards-incomplete');
    try {
      // Slice 2 alone lacks every list and topic page; slice 1 alone, half the papers. Either
      // merged into a site whose links lead nowhere.
      for (const given of [[slices[0] ?? ''], [slices[1] ?? ''], [slices[0] ?? '', slices[0] ?? '']]) {
        const result = await merge(join(other, 'out'), given);
        expect(result.code, result.output).toBe(2);
        expect(result.output).toMatch(/slice 2\/2 is missing|slice 1\/2 is missing/);
      }
      const twice = await merge(join(other, 'out'), [slices[0] ?? '', slices[1] ?? '', slices[0] ?? '']);
      expect(twice.code, twice.output).toBe(2);
      expect(twice.output).toMatch(/slice 1\/2 is given twice/);
    } finally {
      await removeTemp(other);
    }
  });

  it('refuses slices that disagree, naming the file', async () => {
    const other = await makeTemp('shards-other');
    try {
      // Slice 2 built under another base path: the pages every slice writes differ.
      const odd = await buildSite({
        contentDir: CONTENT,
        outDir: join(other, 'odd'),
        base: '/other/',
        site: SITE_URL,
        args: ['--shard', '2/2'],
      });
      expect(odd.code).toBe(0);
      const result = await merge(join(other, 'out'), [slices[0] ?? '', join(other, 'odd')]);
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/differs between .* and .*odd/);
    } finally {
      await removeTemp(other);
    }
  });
});
