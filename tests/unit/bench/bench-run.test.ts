import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, RunLimitReached, treeResidentBytes } from '../../../bench/bench-run.ts';

const node = process.execPath;

describe('measureRun', () => {
  it('times a command and counts the memory of the processes it starts', async () => {
    // The parent holds little; a grandchild holds ~200 MB: the peak must include the grandchild.
    const grandchild = 'const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => console.log(b[0]), 1500)';
    const parent = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' })`;
    const cost = await measureRun(node, ['-e', parent], { cwd: process.cwd(), sampleMs: 50 });
    expect(cost.output.trim()).toBe('1');
    expect(cost.seconds).toBeGreaterThan(1);
    expect(cost.peakBytes).toBeGreaterThan(200 * 1024 * 1024);
  });

  it('rejects with the output when the exit code is not accepted, and accepts listed codes', async () => {
    const failing = measureRun(node, ['-e', 'console.error("boom"); process.exit(3)'], { cwd: process.cwd() });
    await expect(failing).rejects.toThrow(/exited with 3:\nboom/);
    await expect(failing).rejects.toMatchObject({ name: 'RunFailed', code: 3, output: 'boom\n' });
    const cost = await measureRun(node, ['-e', 'process.exit(1)'], { cwd: process.cwd(), okExitCodes: [0, 1] });
    expect(cost.seconds).toBeGreaterThan(0);
  });
});

/** Whether `pid` runs: a killed process whose parent is gone may linger as a zombie until reaped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('measureRun with a time limit', () => {
  it('stops a command that runs past it, and the processes it started', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'measure-run-'));
    try {
      const pidFile = join(folder, 'grandchild.pid');
      const grandchild = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 120000)`;
      const parent = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); setTimeout(() => {}, 120000)`;
      const run = measureRun(node, ['-e', parent], { cwd: process.cwd(), limitSeconds: 3 });
      await expect(run).rejects.toBeInstanceOf(RunLimitReached);
      await expect(run).rejects.toThrow(/was stopped after 3.0 s, its time limit/);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(pid).toBeGreaterThan(0);
      expect(running(pid)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    // Three seconds of the limit, then the processes' start and end on a machine that may be busy.
  }, 30_000);

  it('measures a command that ends in time as it would without one', async () => {
    const cost = await measureRun(node, ['-e', 'console.log("done")'], { cwd: process.cwd(), limitSeconds: 60 });
    expect(cost.output.trim()).toBe('done');
  });
});

describe('treeResidentBytes', () => {
  it('reads this process’s own memory', () => {
    expect(treeResidentBytes(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
  });
});
