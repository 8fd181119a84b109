import { describe, expect, it } from 'vitest';
import { measureRun, treeResidentBytes } from '../../../bench/bench-run.ts';

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
    await expect(
      measureRun(node, ['-e', 'console.error("boom"); process.exit(3)'], { cwd: process.cwd() }),
    ).rejects.toThrow(/exited with 3:\nboom/);
    const cost = await measureRun(node, ['-e', 'process.exit(1)'], { cwd: process.cwd(), okExitCodes: [0, 1] });
    expect(cost.seconds).toBeGreaterThan(0);
  });
});

describe('treeResidentBytes', () => {
  it('reads this process’s own memory', () => {
    expect(treeResidentBytes(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
  });
});
