/**
 * The allocator options Pagefind's process starts with (src/lib/search/build/pagefind-allocator.ts):
 * set unless the variable is set already, and read, every one of them, by the Pagefind binary this
 * project installs (its allocator prints the options it runs with when asked to).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  PAGEFIND_ALLOCATOR_OPTIONS,
  PAGEFIND_ALLOCATOR_VARIABLE,
  tunePagefindAllocator,
} from '../../../../src/lib/search/build/pagefind-allocator.ts';
import { pagefindBinary } from '../../../helpers/pagefind-binary.ts';

describe('tunePagefindAllocator', () => {
  it('sets the options where the variable is not set', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/usr/bin' };
    tunePagefindAllocator(env);
    expect(env).toEqual({ PATH: '/usr/bin', [PAGEFIND_ALLOCATOR_VARIABLE]: PAGEFIND_ALLOCATOR_OPTIONS });
  });

  it('leaves a value someone set, even an empty one (the allocator’s defaults)', () => {
    for (const value of ['', 'narenas:1']) {
      const env: NodeJS.ProcessEnv = { [PAGEFIND_ALLOCATOR_VARIABLE]: value };
      tunePagefindAllocator(env);
      expect(env[PAGEFIND_ALLOCATOR_VARIABLE]).toBe(value);
    }
  });
});

// The binary Linux machines run (CI, the Pages workflow, this one); another platform's Pagefind may
// be built with another allocator, which ignores the variable, as the build then does.
describe.runIf(process.platform === 'linux')('the Pagefind binary', () => {
  const binary = pagefindBinary();
  const run = (options: string) =>
    spawnSync(binary, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, [PAGEFIND_ALLOCATOR_VARIABLE]: `${options},stats_print:true` },
      timeout: 30_000,
    });

  it('runs with every option, none of them refused', () => {
    const child = run(PAGEFIND_ALLOCATOR_OPTIONS);
    expect(child.status, child.stderr).toBe(0);
    const printed = child.stdout + child.stderr;
    expect(printed).not.toContain('Invalid conf');
    for (const pair of PAGEFIND_ALLOCATOR_OPTIONS.split(',')) {
      const [name, value] = pair.split(':') as [string, string];
      const shown = /^\d+$/.test(value) ? `opt.${name}: ${value}` : `opt.${name}: "${value}"`;
      expect(printed).toContain(shown);
    }
  });

  it('leaves huge pages to the kernel: asked for, they cost the index written at the end of a build more than they saved', () => {
    const printed = (({ stdout, stderr }) => stdout + stderr)(run(PAGEFIND_ALLOCATOR_OPTIONS));
    expect(printed).toContain('opt.thp: "default"');
    expect(printed).toContain('opt.metadata_thp: "disabled"');
  });

  it('would say so if an option were wrong: the variable is the one it reads', () => {
    const child = run('thp:sometimes');
    expect(child.stdout + child.stderr).toContain('Invalid conf');
  });
});
