import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe("the CLIs' compile cache (scripts/compile-cache.ts)", () => {
  it('is preloaded by every npm script that runs one of the project scripts', () => {
    const clis = Object.entries(scripts).filter(([, command]) => /\bscripts\/[\w-]+\.ts\b/.test(command));
    expect(clis.map(([name]) => name)).toContain('ingest');
    for (const [name, command] of clis) {
      expect(command, name).toMatch(/^node --import \.\/scripts\/compile-cache\.ts scripts\/[\w-]+\.ts$/);
    }
  });

  it("turns on Node's compile cache before the CLI's modules load, and fills it", () => {
    const cache = mkdtempSync(join(tmpdir(), 'compile-cache-'));
    try {
      const probe = "console.log(require('node:module').getCompileCacheDir() ?? 'off')";
      const run = (preload: string[]) =>
        execFileSync(process.execPath, [...preload, '-e', probe], {
          cwd: root,
          env: { ...process.env, NODE_COMPILE_CACHE: undefined, TMPDIR: cache },
          encoding: 'utf8',
        }).trim();
      expect(run([])).toBe('off');
      expect(run(['--import', './scripts/compile-cache.ts'])).toContain(cache);
      execFileSync(process.execPath, ['--import', './scripts/compile-cache.ts', 'scripts/ingest.ts', '--help'], {
        cwd: root,
        env: { ...process.env, TMPDIR: cache },
      });
      expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(10);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
