import { comparisonRows, movedMost, sec } from './cpu-profile.ts';

/**
 * Where a whole process tree's CPU went, from Linux `perf` samples: what V8's own profiler cannot
 * see. `node --cpu-prof` samples JavaScript threads only; a cold build also spends CPU on V8's
 * helper threads (young and full garbage collections, the optimizing compilers), in Pagefind's
 * process, in Rolldown's threads and in the kernel (page faults, file writes, waking threads).
 *
 * The input is `perf report --stdio -q --percent-limit 0 -t '|' -F period,comm,dso,sym`: one line
 * a symbol, its sampled nanoseconds first (the `cpu-clock` event counts time).
 */

/** One line of `perf report`: the time sampled in one symbol of one thread name. */
export interface NativeSample {
  nanoseconds: number;
  /** The thread's name as the kernel keeps it (15 characters at most). */
  thread: string;
  /** The binary or library: `node`, `[JIT] tid <pid>` for V8's compiled code, `[kernel.kallsyms]`. */
  object: string;
  symbol: string;
  kernel: boolean;
}

/** Seconds of CPU under a name. */
export interface NativeShare {
  name: string;
  seconds: number;
}

/** A kind of thread's CPU, split by kind of work, largest first. */
export interface NativeThreads extends NativeShare {
  areas: NativeShare[];
}

export interface NativeProfile {
  /** CPU seconds of the whole tree. */
  seconds: number;
  /** Largest first. */
  threads: NativeThreads[];
}

/**
 * The event `perf record` samples: the kernel's CPU clock, whose period is nanoseconds on any
 * machine. Without it perf takes the CPU's cycle counter where there is one, and a period would be
 * cycles (this machine's virtual CPUs have none, so it fell back to the clock).
 */
export const PERF_RECORD_EVENT = ['-e', 'cpu-clock'] as const;

/** Samples a second on each thread: a prime, so that sampling does not fall into step with a timer. */
export const PERF_FREQUENCY = 499;

/** The `perf report` arguments that print what `parsePerfReport` reads. */
export const PERF_REPORT_ARGS = ['report', '--stdio', '-q', '--percent-limit', '0', '-t', '|'] as const;
export const PERF_REPORT_FIELDS = ['-F', 'period,comm,dso,sym'] as const;

/**
 * The samples of a `perf report` printed with `PERF_REPORT_ARGS` and `PERF_REPORT_FIELDS`. A
 * symbol may hold `|` (C++'s `operator|`): it is the last field, so what follows the third `|` is
 * the symbol whole.
 */
export function parsePerfReport(text: string): NativeSample[] {
  const samples: NativeSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split('|');
    const [period, thread, object] = fields.map((field) => field.trim());
    const symbolField = fields.slice(3).join('|').trim();
    const marked = /^\[(.)\]\s+(.*)$/.exec(symbolField);
    if (period === undefined || !/^\d+$/.test(period) || thread === undefined || object === undefined || !marked) {
      throw new Error(`perf report, line ${index + 1}: not "period|thread|object|[x] symbol": ${line.slice(0, 120)}`);
    }
    samples.push({
      nanoseconds: Number(period),
      thread,
      object,
      symbol: (marked[2] ?? '').trim(),
      kernel: marked[1] === 'k' || object === '[kernel.kallsyms]',
    });
  }
  return samples;
}

/** The kind of thread a thread's name says it is. */
export function threadKind(thread: string): string {
  if (thread === 'MainThread' || thread === 'node') return 'main thread';
  if (thread === 'WorkerThread') return "Node's worker threads";
  // Node's platform runs V8's tasks on `V8Worker`s and times the delayed ones on a thread of its own.
  if (thread === 'V8Worker' || thread.startsWith('DelayedTaskSch')) return "V8's helper threads";
  if (thread.startsWith('pagefind') || thread.startsWith('tokio-rt')) return "Pagefind's process";
  if (thread === 'libuv-worker') return "libuv's thread pool";
  if (thread.startsWith('rolldown')) return 'Rolldown';
  // `--cpu-prof`'s sampler: the bench's profiled build pays for it, a plain build does not.
  if (thread === 'v8:ProfEvntProc') return "V8's CPU profiler (the bench's own)";
  return thread;
}

// Ordered: the first that matches names the work. V8's and glibc's symbols are C++ names, stable
// within a release; a symbol none of them names is counted as what its binary is.
const AREAS: readonly (readonly [string, (sample: NativeSample) => boolean])[] = [
  ['kernel', (sample) => sample.kernel],
  [
    'young-generation collection',
    (sample) => /Scaveng|SemiSpace|MinorMarkSweep|MinorMS|YoungGeneration/.test(sample.symbol),
  ],
  [
    'full collection (marking, compacting)',
    (sample) => /MarkCompact|Marking|Ephemeron|Evacuat|RememberedSet/.test(sample.symbol),
  ],
  ['sweeping', (sample) => /Sweep|FreeList/.test(sample.symbol)],
  ['optimizing compilers (TurboFan, Maglev)', (sample) => /compiler::|maglev::|turboshaft::/.test(sample.symbol)],
  [
    'malloc and free',
    (sample) =>
      /^libc[.-]/.test(sample.object) &&
      /malloc|free|realloc|calloc|_int_|consolidate|unlink_chunk/.test(sample.symbol),
  ],
  // Without `--perf-basic-prof` perf knows V8's code only as `[JIT] tid <pid>`, unnamed.
  ['compiled JavaScript', (sample) => sample.object.startsWith('[JIT]') || /^perf-\d+\.map$/.test(sample.object)],
  ["V8's and Node's runtime (builtins, interpreter, bindings)", (sample) => sample.object === 'node'],
  ['Pagefind (Rust)', (sample) => sample.object.startsWith('pagefind')],
  ['native modules (Rolldown, Rollup, LightningCSS)', (sample) => sample.object.endsWith('.node')],
];

/** The kind of work a sample is. */
export function area(sample: NativeSample): string {
  return AREAS.find(([, matches]) => matches(sample))?.[0] ?? 'other';
}

const bySeconds = (a: NativeShare, b: NativeShare) => b.seconds - a.seconds || a.name.localeCompare(b.name);

/** The samples summed up by kind of thread, then by kind of work. */
export function summarizeNative(samples: readonly NativeSample[]): NativeProfile {
  const threads = new Map<string, Map<string, number>>();
  let total = 0;
  for (const sample of samples) {
    const kind = threadKind(sample.thread);
    const areas = threads.get(kind) ?? new Map<string, number>();
    threads.set(kind, areas);
    const name = area(sample);
    areas.set(name, (areas.get(name) ?? 0) + sample.nanoseconds);
    total += sample.nanoseconds;
  }
  return {
    seconds: total / 1e9,
    threads: [...threads]
      .map(([name, areas]) => {
        const shares = [...areas].map(([areaName, ns]) => ({ name: areaName, seconds: ns / 1e9 })).sort(bySeconds);
        return { name, seconds: shares.reduce((sum, share) => sum + share.seconds, 0), areas: shares };
      })
      .sort(bySeconds),
  };
}

/** Seconds as the V8 profile's tables print milliseconds: `216 ms`, `2.01 s`, `14.0 s`. */
const seconds = (value: number) => sec(value * 1000);

/** The report's table: a row a kind of thread, its largest kinds of work (those of 50 ms or more). */
export function nativeProfileTable(profile: NativeProfile): string[] {
  return [
    '| Threads | CPU | Of it |',
    '| --- | ---: | --- |',
    ...profile.threads.map(
      (thread) =>
        `| ${thread.name} | ${seconds(thread.seconds)} | ${thread.areas
          .filter((share) => share.seconds >= 0.05)
          .map((share) => `${share.name} ${seconds(share.seconds)}`)
          .join(', ')} |`,
    ),
    `| **all** | **${seconds(profile.seconds)}** | |`,
  ];
}

/**
 * Two whole-tree profiles side by side (`--compare`): each kind of thread's CPU before and after,
 * then the `top` kinds of work (of a kind of thread) that moved most, so that a change's share can
 * be told from the machine's: on a shared machine the work a change does not touch moves too.
 */
export function nativeComparisonTable(before: NativeProfile, after: NativeProfile, top = 8): string[] {
  const threadMs = (profile: NativeProfile) =>
    new Map(profile.threads.map((thread) => [thread.name, thread.seconds * 1000]));
  const areaMs = (profile: NativeProfile) =>
    new Map(
      profile.threads.flatMap((thread) =>
        thread.areas.map((share) => [`${thread.name}: ${share.name}`, share.seconds * 1000] as const),
      ),
    );
  const [threadsBefore, threadsAfter] = [threadMs(before), threadMs(after)];
  const [areasBefore, areasAfter] = [areaMs(before), areaMs(after)];
  const total = (profile: NativeProfile) => new Map([['all', profile.seconds * 1000]]);
  return [
    '| Threads (CPU) | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...comparisonRows([...new Set([...threadsBefore.keys(), ...threadsAfter.keys()])], threadsBefore, threadsAfter),
    ...comparisonRows(['all'], total(before), total(after)),
    '',
    '| Threads: kind of work (CPU) | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...comparisonRows(movedMost(areasBefore, areasAfter, top), areasBefore, areasAfter),
  ];
}
