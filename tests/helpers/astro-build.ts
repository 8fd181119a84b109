/**
 * Builds the Astro site from a given archive into a given directory, in a child process (the site
 * config reads its settings from the environment at start-up). Each build gets its own content
 * cache, so builds of different archives never see each other's papers.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Fixture archives for site tests: tests/fixtures/site/<name>/content. */
export const SITE_FIXTURES = join(PROJECT_ROOT, 'tests/fixtures/site');

export interface BuildOptions {
  /** The archive to build: a directory holding papers/ and topics.yaml. */
  contentDir: string;
  /** Where dist goes; a fresh temporary directory when omitted. */
  outDir?: string;
  /** BASE_PATH, e.g. `/paper-archive/`. */
  base?: string;
  /** SITE_URL. */
  site?: string;
  /** Any other environment variables. */
  env?: Readonly<Record<string, string>>;
}

export interface BuildResult {
  /** The process's exit code (0: built). */
  code: number;
  /** stdout and stderr interleaved, as a person would see them. */
  output: string;
  outDir: string;
}

/** A fresh temporary directory; remove it with `removeTemp` in afterAll. */
export function makeTemp(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `paper-archive-${prefix}-`));
}

export function removeTemp(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true });
}

/** Copies the named fixture archive's content to `target` (so a test can add or break papers). */
export async function copyFixture(name: string, target: string): Promise<string> {
  await mkdir(target, { recursive: true });
  await cp(join(SITE_FIXTURES, name, 'content'), target, { recursive: true });
  return target;
}

/** Runs `astro build`; resolves with its exit code and output (it does not throw on failure). */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const outDir = options.outDir ?? (await makeTemp('dist'));
  const cacheDir = await makeTemp('astro-cache');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ARCHIVE_CONTENT_DIR: options.contentDir,
    ARCHIVE_OUT_DIR: outDir,
    ARCHIVE_CACHE_DIR: cacheDir,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...(options.base === undefined ? {} : { BASE_PATH: options.base }),
    ...(options.site === undefined ? {} : { SITE_URL: options.site }),
    ...options.env,
  };
  const astro = join(PROJECT_ROOT, 'node_modules/astro/bin/astro.mjs');
  try {
    return await new Promise<BuildResult>((resolve, reject) => {
      const child = spawn(process.execPath, [astro, 'build'], { cwd: PROJECT_ROOT, env, stdio: 'pipe' });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', (cause) => reject(new Error('Failed to start astro build', { cause })));
      child.on('close', (code) => resolve({ code: code ?? 1, output, outDir }));
    });
  } finally {
    await removeTemp(cacheDir);
  }
}
