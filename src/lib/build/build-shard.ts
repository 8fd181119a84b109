/**
 * A build in slices, for archives past what one machine builds in time: `npm run build -- --shard
 * i/N` (or ARCHIVE_SHARD=i/N) builds the paper pages and `.bib` files of slice i of N, and slice 1
 * also builds the shared pages (lists, topics, feeds); pages without parameters (home, about,
 * search) come out of every slice, identical. Each slice still reads the whole archive (related
 * papers and neighbours need it) but renders only its part. `npm run merge` combines the slices'
 * output folders into one site and indexes it (scripts/merge-shards.ts), which is then the same,
 * file for file, as a build on one machine.
 *
 * A paper's slice is a hash of its slug: deterministic, even, and stable as the archive grows.
 */

export interface BuildShard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

/** Parses `i/N` (1 <= i <= N); throws saying what is expected. */
export function parseShard(value: string): BuildShard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard takes i/N with 1 <= i <= N, e.g. --shard 1/2; got "${value}"`);
  }
  return { index, count };
}

/** The slice this process builds: `--shard i/N` (or `--shard=i/N`) on its command line, else ARCHIVE_SHARD; undefined for a whole build. */
export function currentShard(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): BuildShard | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--shard') return parseShard(argv[i + 1] ?? '');
    if (arg.startsWith('--shard=')) return parseShard(arg.slice('--shard='.length));
  }
  const fromEnv = env['ARCHIVE_SHARD'];
  return fromEnv === undefined || fromEnv === '' ? undefined : parseShard(fromEnv);
}

/** 32-bit FNV-1a of the slug's UTF-16 code units. */
function hash(slug: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < slug.length; i += 1) {
    value ^= slug.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** Whether the paper `slug` is built in `shard` (every paper is, in a whole build). */
export function inShard(slug: string, shard: BuildShard | undefined): boolean {
  return shard === undefined || hash(slug) % shard.count === shard.index - 1;
}

/** Whether `shard` builds the shared pages with parameters (paper lists, topic pages and feeds). */
export function buildsSharedPages(shard: BuildShard | undefined): boolean {
  return shard === undefined || shard.index === 1;
}
