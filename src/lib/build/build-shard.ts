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

/**
 * The file in a slice's output folder that says which slice it is, so that the merge can tell a
 * complete set of slices from one with a slice missing or given twice (which would merge into a
 * site whose links lead nowhere). The merge reads it and never copies it into the site.
 */
export const SLICE_RECORD = '.archive-slice.json';

/** The text of SLICE_RECORD for `shard`. */
export function sliceRecordText(shard: BuildShard): string {
  return `${JSON.stringify({ slice: shard.index, of: shard.count })}\n`;
}

/** The slice SLICE_RECORD's `text` names; throws saying what is wrong with it. */
export function parseSliceRecord(text: string): BuildShard {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${SLICE_RECORD} is not JSON`, { cause });
  }
  const { slice, of } = (parsed ?? {}) as { slice?: unknown; of?: unknown };
  if (!Number.isSafeInteger(slice) || !Number.isSafeInteger(of)) {
    throw new Error(`${SLICE_RECORD} names no slice (expected {"slice": i, "of": N})`);
  }
  return parseShard(`${String(slice)}/${String(of)}`);
}

/**
 * What is wrong with `slices` (each output folder and the slice it holds) as a set to merge: slices
 * of different counts, a slice given twice, a slice missing. Empty when each of 1..N is there once.
 */
export function sliceSetProblems(slices: readonly { folder: string; shard: BuildShard }[]): string[] {
  const counts = [...new Set(slices.map(({ shard }) => shard.count))];
  if (counts.length > 1) {
    const each = slices.map(({ folder, shard }) => `${folder} is ${shard.index}/${shard.count}`).join(', ');
    return [`the slices were built for different numbers of slices: ${each}`];
  }
  const [count] = counts;
  if (count === undefined) return [];
  const problems: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const holders = slices.filter(({ shard }) => shard.index === index).map(({ folder }) => folder);
    if (holders.length === 0) problems.push(`slice ${index}/${count} is missing`);
    if (holders.length > 1) problems.push(`slice ${index}/${count} is given twice: ${holders.join(', ')}`);
  }
  return problems;
}
