/**
 * The patch to Astro's log (.config/patches/astro+*.patch, `core/logger/impls/node.js`): when
 * stdout is not a terminal, lines for stdout are gathered and written a few at a time, not with a
 * write each (two a page), and nothing is lost or reordered: a warning (stderr) comes after the
 * lines logged before it, and what is gathered when the process exits is still written. And the
 * patch to its line prefix (`core/logger/core.js`): the time is formatted once a second, not once a
 * line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dateTimeFormat, getEventPrefix } from '../../../node_modules/astro/dist/core/logger/core.js';

const LOGGER = pathToFileURL(join(import.meta.dirname, '../../../node_modules/astro/dist/core/logger/impls/node.js'));

let root = '';

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'astro-log-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * Runs a script that logs through Astro's node logger, its stdout and stderr into one pipe (as a
 * CI log reads them), and returns what came out and how many writes reached stdout.
 */
async function runLogging(body: string): Promise<{ lines: string[]; writes: number }> {
  const script = join(root, 'log.mjs');
  const counted = join(root, 'writes');
  await writeFile(
    script,
    `import { writeFileSync } from 'node:fs';
import { createNodeLoggerFromFlags } from ${JSON.stringify(LOGGER.href)};
let writes = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => { writes += 1; return write(...args); };
process.on('exit', () => writeFileSync(${JSON.stringify(counted)}, String(writes)));
const logger = createNodeLoggerFromFlags({});
${body}
`,
  );
  const run = spawnSync('sh', ['-c', `"${process.execPath}" "${script}" 2>&1`], { encoding: 'utf8' });
  expect(run.status, run.stdout).toBe(0);
  const lines = run.stdout
    .split('\n')
    .filter((line) => line !== '')
    // Each line starts with Astro's time stamp and label, in colour where the environment asks for
    // it (CI): only the message is compared.
    .map((line) => stripVTControlCharacters(line).replace(/^.*?\[[a-z]+\] /, ''));
  return { lines, writes: Number(await readFile(counted, 'utf8')) };
}

describe("Astro's log, written to a pipe", { timeout: 30_000 }, () => {
  it('gathers its lines into few writes, in order, with a warning where it was logged', async () => {
    const { lines, writes } = await runLogging(`
for (let i = 0; i < 500; i += 1) logger.info('build', 'before ' + i);
logger.warn('build', 'a warning');
for (let i = 0; i < 500; i += 1) logger.info('build', 'after ' + i);
`);
    expect(lines).toEqual([
      ...Array.from({ length: 500 }, (_, i) => `before ${i}`),
      'a warning',
      ...Array.from({ length: 500 }, (_, i) => `after ${i}`),
    ]);
    // 1,000 lines for stdout: one write each before the patch.
    expect(writes).toBeLessThan(10);
  });

  it('writes what is gathered when the process exits at once', async () => {
    const { lines } = await runLogging(`
for (let i = 0; i < 300; i += 1) logger.info('build', 'line ' + i);
process.exit(0);
`);
    expect(lines).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i}`));
  });

  it('writes a line logged while the process waits within a moment, not only at its end', async () => {
    const { lines } = await runLogging(`
logger.info('build', 'first');
await new Promise((resolve) => setTimeout(resolve, 400));
// stdout itself, not the log: it must come after "first", which is written by now.
process.stdout.write('[x] written directly\\n');
logger.info('build', 'second');
`);
    expect(lines).toEqual(['first', 'written directly', 'second']);
  });
});

describe("Astro's line prefix", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('shows the time of the line, formatted once a second', () => {
    vi.useFakeTimers({ now: new Date('2026-03-14T09:26:53.100Z') });
    const first = `${dateTimeFormat.format(new Date())} [build]`;
    const next = `${dateTimeFormat.format(new Date(Date.now() + 900))} [build]`;
    expect(next).not.toBe(first);
    // `format` is a getter (it returns the formatter bound): each time formatted is a read of it.
    // The formatter's own prototype: fake timers replace the global `Intl.DateTimeFormat`.
    const formatted = vi.spyOn(Object.getPrototypeOf(dateTimeFormat) as { format: unknown }, 'format', 'get');
    const prefix = () =>
      stripVTControlCharacters(getEventPrefix({ level: 'info', label: 'build', message: '', newLine: true }));
    for (let line = 0; line < 100; line += 1) expect(prefix()).toBe(first);
    vi.advanceTimersByTime(899);
    expect(prefix()).toBe(first);
    expect(formatted).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(prefix()).toBe(next);
    expect(formatted).toHaveBeenCalledTimes(2);
  });
});
