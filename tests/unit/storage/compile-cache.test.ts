import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'compile-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MODULE = pathToFileURL(join(import.meta.dirname, '../../../src/lib/storage/compile-cache.ts')).href;

/**
 * The compile cache folders of a fresh process (with its cache enabled at `cacheDir`, or not) and of
 * a worker thread it starts with `withCompileCache`: in a process of its own, since enabling the
 * cache cannot be undone in this one.
 */
function foldersSeen(cacheDir: string | undefined): { parent?: string; worker?: string } {
  const script = `
    import { enableCompileCache, getCompileCacheDir } from 'node:module';
    import { Worker } from 'node:worker_threads';
    const { withCompileCache } = await import(${JSON.stringify(MODULE)});
    ${cacheDir === undefined ? '' : `enableCompileCache(${JSON.stringify(cacheDir)});`}
    const code = "import { getCompileCacheDir } from 'node:module'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(getCompileCacheDir() ?? null);";
    const worker = new Worker(code, withCompileCache({ eval: true, type: 'module' }));
    worker.once('message', (worker) => { console.log(JSON.stringify({ parent: getCompileCacheDir(), worker: worker ?? undefined })); });
  `;
  const env = { ...process.env };
  delete env['NODE_COMPILE_CACHE'];
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  return JSON.parse(output) as { parent?: string; worker?: string };
}

describe('withCompileCache', () => {
  it("gives a worker thread its process's compile cache, which it would not inherit", () => {
    const { parent, worker } = foldersSeen(join(scratch, 'cache'));
    expect(parent).toMatch(new RegExp(`^${join(scratch, 'cache').replaceAll('/', '\\/')}`));
    expect(worker).toBe(parent);
  });

  it('leaves a worker without one when its process has none', () => {
    expect(foldersSeen(undefined)).toEqual({});
  });
});
