/**
 * `npm run bench`'s options that stop before anything is measured: `--compare` needs `--profile`
 * and an earlier run's report.json, `--baseline-limit` a positive factor, and each says so with
 * exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const folder = mkdtempSync(join(tmpdir(), 'bench-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Each test starts the CLI, a fresh Node process, up to three times: seconds on a busy machine. */
const SPAWNS = 30_000;

function bench(...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/bench.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('npm run bench -- --compare', () => {
  it(
    'lists the option in --help',
    () => {
      const help = spawnSync(process.execPath, ['scripts/bench.ts', '--help'], { cwd: root, encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('--compare FILE');
    },
    SPAWNS,
  );

  it(
    'needs --profile, and is not for --ingest-only',
    () => {
      const report = join(folder, 'report.json');
      writeFileSync(report, '[]');
      for (const args of [
        ['--compare', report],
        ['--compare', report, '--profile', '--ingest-only'],
      ]) {
        const run = bench(...args);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('use it with --profile, without --ingest-only');
      }
    },
    SPAWNS,
  );

  it(
    'names a file it cannot read or that is not a report',
    () => {
      const missing = join(folder, 'missing.json');
      const notReport = join(folder, 'not-a-report.json');
      writeFileSync(notReport, '{"papers": 10000}');
      const gone = bench('--profile', '--compare', missing);
      expect(gone.status).toBe(2);
      expect(gone.stderr).toContain(`--compare ${missing}: ENOENT`);
      expect(gone.stderr).toContain('give the report.json of an earlier run made with --profile');
      const wrong = bench('--profile', '--compare', notReport);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain(`--compare ${notReport}: it is not a list of sizes`);
    },
    SPAWNS,
  );
});

describe('npm run bench -- --baseline-limit', () => {
  it(
    'takes a positive number, and says so otherwise',
    () => {
      for (const limit of ['0', '-1', 'soon']) {
        const run = bench(`--baseline-limit=${limit}`);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('--baseline-limit takes a positive number of times our cold build');
      }
    },
    SPAWNS,
  );
});
