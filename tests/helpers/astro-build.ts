/**
 * Builds the Astro site from a given archive into a given directory, in a child process (the site
 * config reads its settings from the environment at start-up). Each build gets its own content
 * cache, so builds of different archives never see each other's papers.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

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
  /** More arguments after `astro build` (what `npm run build -- ...` passes on), e.g. `['--shard', '1/2']`. */
  args?: readonly string[];
  /**
   * Astro's cache folder (content store, incremental build manifest), kept after the build so a
   * second build can reuse it; a fresh temporary one, removed after the build, when omitted.
   */
  cacheDir?: string;
  /** Kills the build with SIGKILL when aborted, as a crash or an out-of-memory kill would end it. */
  signal?: AbortSignal;
}

export interface BuildResult {
  /** The process's exit code (0: built). */
  code: number;
  /**
   * stdout and stderr interleaved, as a person would see them, without colour codes: Astro colours
   * its log when CI=true is set even though the output is a pipe.
   */
  output: string;
  outDir: string;
  /** The signal that ended the build, if one did (SIGKILL when `signal` aborted it). */
  killedBy?: NodeJS.Signals;
}

/**
 * Scratch space for builds: inside the project (gitignored), because Astro puts a build's
 * prerender chunks in `<outDir>/.prerender/` only when outDir is under the working directory;
 * for any other outDir it uses the shared `./.astro/.prerender/`, and two such builds running at
 * once would overwrite each other's chunks.
 */
export const SCRATCH = join(PROJECT_ROOT, '.cache/tmp');

/** A fresh temporary directory under SCRATCH; remove it with `removeTemp` in afterAll. */
export async function makeTemp(prefix: string): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  return mkdtemp(join(SCRATCH, `${prefix}-`));
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

/** The basic archive's paper added later, on a day after every other paper's, as a pull request adds it. */
const LATER_PAPER = 'robust-federated-averaging-under-client-drift.md';

/** Adds LATER_PAPER to the papers of `content` (a copy of the basic fixture). */
export async function addLaterPaper(content: string): Promise<void> {
  await cp(join(SITE_FIXTURES, 'basic/later', LATER_PAPER), join(content, 'papers', LATER_PAPER));
}

/**
 * The environment a build inherits, minus what the test runner sets for itself: Vitest puts
 * BASE_URL=/, MODE=test, DEV=1, NODE_ENV=test and friends in process.env, and Astro reads
 * `import.meta.env` values from the process environment, so a child build would take Vitest's
 * base path over its own.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(?:VITEST.*|TEST|NODE_ENV|BASE_URL|MODE|DEV|PROD|SSR)$/.test(name)) delete env[name];
  }
  return env;
}

/** Runs `astro build`; resolves with its exit code and output (it does not throw on failure). */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const outDir = options.outDir ?? (await makeTemp('dist'));
  const cacheDir = options.cacheDir ?? (await makeTemp('astro-cache'));
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
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
      const child = spawn(process.execPath, [astro, 'build', ...(options.args ?? [])], {
        cwd: PROJECT_ROOT,
        env,
        stdio: 'pipe',
        ...(options.signal === undefined ? {} : { signal: options.signal, killSignal: 'SIGKILL' as const }),
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', (cause) => {
        // Aborting kills the build; its end is reported by 'close' as for any other build.
        if (cause.name !== 'AbortError') reject(new Error('Failed to start astro build', { cause }));
      });
      child.on('close', (code, signal) =>
        resolve({
          code: code ?? 1,
          output: stripVTControlCharacters(output),
          outDir,
          ...(signal === null ? {} : { killedBy: signal }),
        }),
      );
    });
  } finally {
    if (options.cacheDir === undefined) await removeTemp(cacheDir);
  }
}
