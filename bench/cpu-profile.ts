import { basename } from 'node:path';

/**
 * Where a process's CPU went, read from V8 CPU profiles (`node --cpu-prof` writes one
 * `.cpuprofile` per thread; `node:inspector`'s `Profiler.stop` returns the same shape): what the
 * bench's `--profile` report shows.
 *
 * V8 samples each JavaScript thread about once a millisecond. A sample names the innermost frame;
 * time in a native call (a file read, a regular expression, an encoder) is charged to a frame with
 * no script, so a sample is classed by its nearest frame that has one: `read` under `readFileSync`
 * is the file system, a `RegExp:` frame under the TeX repair is the repair.
 */

/** The fields of a V8 `.cpuprofile` read here. */
export interface CpuProfile {
  nodes: readonly { id: number; callFrame: CallFrame; children?: readonly number[] }[];
  /** Microseconds, on a clock shared by the threads of one process. */
  startTime: number;
  endTime: number;
  /** The node id of each sample, in time order. */
  samples: readonly number[];
  /** Microseconds from the previous sample (from `startTime` for the first). */
  timeDeltas: readonly number[];
}

export interface CallFrame {
  functionName: string;
  url: string;
  /** Zero-based. */
  lineNumber: number;
}

/** Time spent somewhere, in milliseconds. */
export interface Share {
  name: string;
  ms: number;
}

/** One thread's profile, summed up. */
export interface ThreadProfile {
  /** `main thread`, or a worker's thread id and what it ran (`worker 1: paper-render-worker.ts`). */
  thread: string;
  /** When the profile started and ended, in ms after `origin` (the first thread's start by default). */
  fromMs: number;
  toMs: number;
  /** Sampled time that was not idle. */
  busyMs: number;
  /** Of `busyMs`, V8's garbage collection on this thread. */
  gcMs: number;
  /** Busy time by area (`areaOf`), largest first. */
  areas: Share[];
  /** Self time by function (`name file:line`), largest first. */
  functions: Share[];
}

const IDLE = '(idle)';
const GC = '(garbage collector)';
/** The area garbage collection is reported as. */
const GC_AREA = 'garbage collection';

/** Packages that are one piece of work to a reader of the report. */
const PACKAGE_GROUPS: readonly [RegExp, string][] = [
  [
    /^(?:micromark.*|mdast-.*|hast-.*|hastscript|remark-.*|rehype-.*|unified|unist-.*|vfile.*|@astrojs\/markdown-remark|property-information|(?:space|comma)-separated-tokens|html-void-elements|zwitch|ccount|character-entities.*|stringify-entities|decode-named-character-reference|parse5|web-namespaces|devlop|bail|trough|is-plain-obj|markdown-table|longest-streak)$/,
    'Markdown and HTML trees (unified)',
  ],
  [/^(?:vite|rollup|@rollup\/.*|esbuild|vitefu|@vitejs\/.*)$/, 'bundling (Vite, Rollup)'],
  [/^(?:yaml|js-yaml|gray-matter)$/, 'YAML'],
];

/** A frame's script as a path (`file://` dropped), '' for native code. */
function pathOf(url: string): string {
  return url.replace(/^file:\/\//, '');
}

/** The project's root with one trailing slash, to test paths against. */
function rootPrefix(root: string): string {
  return root.endsWith('/') ? root : `${root}/`;
}

/** A path inside Astro's prerender bundle (`<outDir>/.prerender/`) relative to it, else undefined. */
function inPrerenderBundle(path: string): string | undefined {
  const at = path.lastIndexOf('/.prerender/');
  return at === -1 ? undefined : path.slice(at + '/.prerender/'.length);
}

/** Adds `us` to `key`'s total. */
function add(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us);
}

/** The npm package a `node_modules` URL belongs to (`@scope/name` or `name`), or undefined. */
function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const [first = '', second = ''] = url.slice(at + '/node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** A bundled chunk's name without Rollup's content hash: `chunks/_slug__DhTPAYdk.mjs` -> `_slug_`. */
function chunkName(url: string): string {
  const file = basename(url);
  return /^(.+)[._][\w-]{8}\.m?js$/.exec(file)?.[1] ?? file;
}

/**
 * What a frame's script is, as a line of the report: a Node subsystem, an npm package (or a group
 * of them), a chunk of the prerender bundle Astro built from the site (pages, `src/lib` and Astro's
 * runtime bundled together; `jsx-runtime` is Astro's renderer), or a folder of the project.
 */
export function areaOf(url: string, root: string): string {
  if (url === '') return 'V8 (compiling, runtime)';
  if (url === 'node:fs' || url.startsWith('node:internal/fs/')) return 'file system (node:fs)';
  if (url.startsWith('node:internal/modules/') || url === 'node:module' || url.startsWith('node:internal/vm'))
    return 'module loading (Node)';
  if (url.startsWith('node:internal/deps/undici/')) return 'Response bodies (undici)';
  if (url.startsWith('node:')) return 'Node internals (streams, messages, buffers)';
  const path = pathOf(url);
  if (inPrerenderBundle(path) !== undefined) return `prerender bundle: ${chunkName(path)}`;
  const name = packageOf(path);
  if (name !== undefined) return PACKAGE_GROUPS.find(([pattern]) => pattern.test(name))?.[1] ?? name;
  const base = rootPrefix(root);
  if (path.startsWith(base)) {
    const parts = path.slice(base.length).split('/');
    // `src/lib/markdown/x.ts` -> `src/lib/markdown`; `scripts/bench.ts` -> `scripts`.
    return parts.slice(0, parts[0] === 'src' && parts[1] === 'lib' ? 3 : 1).join('/');
  }
  return path;
}

/** Where a script is, as short as it stays clear: `src/lib/x.ts`, `katex katex.mjs`, `node:fs`. */
function scriptLabel(path: string, root: string): string {
  const bundled = inPrerenderBundle(path);
  if (bundled !== undefined) return `prerender bundle: ${bundled}`;
  const name = packageOf(path);
  if (name !== undefined) return `${name} ${basename(path)}`;
  const base = rootPrefix(root);
  return path.startsWith(base) ? path.slice(base.length) : basename(path);
}

/** `name file:line` for the report. */
function functionLabel(frame: CallFrame, root: string): string {
  const path = pathOf(frame.url);
  const where = path === '' ? '' : scriptLabel(path, root);
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  // A regular expression's frame names its whole source: its first 60 characters say which.
  const shown = name.length > 70 ? `${name.slice(0, 60)}…` : name;
  return where === '' ? shown : `${shown} ${where}:${frame.lineNumber + 1}`;
}

const sorted = (totals: Map<string, number>, limit = Infinity): Share[] =>
  [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name))
    .slice(0, limit);

/**
 * Sums up one thread's profile. A sample stands for the time until the next one (V8 records the
 * time since the previous), so the last sample counts for nothing.
 */
export function summarizeProfile(
  profile: CpuProfile,
  options: { root: string; thread?: string; origin?: number; topFunctions?: number },
): ThreadProfile {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  // Each node's area once, not once a sample: the nearest frame up the stack with a script.
  const areaCache = new Map<number, string>();
  const areaOfNode = (id: number): string => {
    const known = areaCache.get(id);
    if (known !== undefined) return known;
    let at: number | undefined = id;
    let url = '';
    while (at !== undefined && url === '') {
      url = byId.get(at)?.callFrame.url ?? '';
      at = parentOf.get(at);
    }
    const area = areaOf(url, options.root);
    areaCache.set(id, area);
    return area;
  };

  // A native frame (`read`, `writeFileUtf8`, a `RegExp:`) says little alone: it is named with the
  // frame that called it and, when that is Node's own, the first caller outside Node.
  const labelCache = new Map<number, string>();
  const labelOfNode = (id: number): string => {
    const known = labelCache.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id)?.callFrame as CallFrame;
    let label = functionLabel(frame, options.root);
    if (frame.url === '') {
      const callers: string[] = [];
      for (let at = parentOf.get(id); at !== undefined && callers.length < 2; at = parentOf.get(at)) {
        const caller = byId.get(at)?.callFrame;
        if (caller === undefined || caller.url === '') continue;
        if (callers.length === 0 || !caller.url.startsWith('node:')) callers.push(functionLabel(caller, options.root));
        if (!caller.url.startsWith('node:')) break;
      }
      if (callers.length > 0) label += `, from ${callers.join(' < ')}`;
    }
    labelCache.set(id, label);
    return label;
  };

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i] ?? -1;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === IDLE) continue;
    busy += us;
    if (frame.functionName === GC) {
      gc += us;
      add(areas, GC_AREA, us);
      continue;
    }
    add(areas, areaOfNode(id), us);
    add(functions, labelOfNode(id), us);
  }

  const origin = options.origin ?? profile.startTime;
  return {
    thread: options.thread ?? 'main thread',
    fromMs: (profile.startTime - origin) / 1000,
    toMs: (profile.endTime - origin) / 1000,
    busyMs: busy / 1000,
    gcMs: gc / 1000,
    areas: sorted(areas),
    functions: sorted(functions, options.topFunctions ?? 20),
  };
}

/**
 * What a worker thread ran, from its profile: the project's `*-worker` module it started from, or
 * else the area it spent most time in (`terser` for a minifier's worker), or `unknown`. `areas` are
 * the profile's, summed up already or summed up here.
 */
export function workerLabel(
  profile: CpuProfile,
  root: string,
  areas: readonly Share[] = summarizeProfile(profile, { root }).areas,
): string {
  const base = rootPrefix(root);
  for (const { callFrame } of profile.nodes) {
    const path = pathOf(callFrame.url);
    if (path.startsWith(base) && packageOf(path) === undefined && /-worker\.[cm]?[jt]s$/.test(path))
      return basename(path);
  }
  const top = areas.find(
    ({ name }) =>
      name !== GC_AREA && !name.startsWith('Node internals') && !name.startsWith('V8') && !name.startsWith('module'),
  );
  return top?.name ?? 'unknown';
}

/** The thread a `--cpu-prof` file is of: `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`, 0 the main thread. */
export function threadIdOf(fileName: string): number | undefined {
  const match = /^CPU\.\d+\.\d+\.\d+\.(\d+)\.\d+\.cpuprofile$/.exec(fileName);
  return match === null ? undefined : Number(match[1]);
}

/** The profiles of one process's threads, the main thread first, each summed up on one clock. */
export function summarizeThreads(
  files: readonly { name: string; profile: CpuProfile }[],
  root: string,
  topFunctions = 20,
): ThreadProfile[] {
  const threads = files
    .map((file) => ({ ...file, id: threadIdOf(file.name) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.id - b.id || a.profile.startTime - b.profile.startTime);
  const origin = Math.min(...threads.map(({ profile }) => profile.startTime));
  return threads.map(({ id, profile }) => {
    const summary = summarizeProfile(profile, { root, origin, topFunctions });
    if (id !== 0) summary.thread = `worker ${id}: ${workerLabel(profile, root, summary.areas)}`;
    return summary;
  });
}

/** `840 ms`, `1.25 s`, `48.1 s`: the precision a reader needs at each scale. */
export const sec = (ms: number) =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/**
 * The report's tables: each thread's busy time and its largest areas, then the functions with the
 * most self time across the threads. Busy is sampled time, not CPU time: V8 samples on a timer, so
 * a thread waiting for a core is charged to what it was running, and on a machine with fewer cores
 * than busy threads the threads' busy times add up to more than the process used.
 */
export function profileTables(
  threads: readonly ThreadProfile[],
  options: { areas?: number; functions?: number } = {},
): string[] {
  const lines = [
    '| Thread | Ran (s from start) | Busy | Of it, GC | Largest areas (self time) |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const thread of threads) {
    const areas = thread.areas
      .slice(0, options.areas ?? 6)
      .map(({ name, ms }) => `${name} ${sec(ms)}`)
      .join(', ');
    lines.push(
      `| ${thread.thread} | ${(thread.fromMs / 1000).toFixed(1)}-${(thread.toMs / 1000).toFixed(1)} | ${sec(thread.busyMs)} | ${sec(thread.gcMs)} | ${areas} |`,
    );
  }
  const top = threads
    .flatMap((thread) => thread.functions.map((fn) => ({ ...fn, thread: thread.thread })))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name))
    .slice(0, options.functions ?? 15);
  lines.push(
    '',
    '| Function (most self time, all threads) | Thread | Self | Of the thread |',
    '| --- | --- | ---: | ---: |',
  );
  for (const fn of top) {
    const busy = threads.find((thread) => thread.thread === fn.thread)?.busyMs ?? 0;
    // A pipe inside a regular expression's source would end the Markdown cell.
    lines.push(
      `| ${fn.name.replaceAll('|', '\\|')} | ${fn.thread} | ${sec(fn.ms)} | ${busy > 0 ? ((fn.ms / busy) * 100).toFixed(1) : '0.0'} % |`,
    );
  }
  return lines;
}

/** Threads of one kind go together: `worker 1: x` and `worker 2: x` are both `x`. */
function threadKind(thread: string): string {
  return thread.replace(/^worker \d+: /, '');
}

/** `+1.20 s`, `-480 ms`, `0 ms`. */
export const signed = (ms: number) => (Math.round(ms) === 0 ? '0 ms' : `${ms > 0 ? '+' : '-'}${sec(Math.abs(ms))}`);

/**
 * A before/after table's rows, `| name | before | after | change |`, for `names` in their order;
 * a name one side lacks counts as none there.
 */
export function comparisonRows(
  names: readonly string[],
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): string[] {
  return names.map((name) => {
    const [was, is] = [before.get(name) ?? 0, after.get(name) ?? 0];
    return `| ${name} | ${sec(was)} | ${sec(is)} | ${signed(is - was)} |`;
  });
}

/** The `top` names of either side whose milliseconds moved most, the largest move first. */
export function movedMost(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  top: number,
): string[] {
  const change = (name: string) => Math.abs((after.get(name) ?? 0) - (before.get(name) ?? 0));
  return [...new Set([...before.keys(), ...after.keys()])]
    .sort((a, b) => change(b) - change(a) || a.localeCompare(b))
    .slice(0, top);
}

/**
 * Two profiles of the same work side by side, `before` (an earlier report's) and `after`: each
 * kind of thread's busy time (threads of one kind summed), then the main thread's areas that moved
 * most. What changed between two runs of a noisy machine shows better here than in wall time.
 */
export function profileComparison(
  before: readonly ThreadProfile[],
  after: readonly ThreadProfile[],
  options: { areas?: number } = {},
): string[] {
  const byKind = (threads: readonly ThreadProfile[]) => {
    const totals = new Map<string, number>();
    for (const thread of threads) add(totals, threadKind(thread.thread), thread.busyMs);
    return totals;
  };
  const [busyBefore, busyAfter] = [byKind(before), byKind(after)];
  const kinds = [...new Set([...busyBefore.keys(), ...busyAfter.keys()])];
  const main = (threads: readonly ThreadProfile[]) =>
    new Map((threads.find((thread) => thread.thread === 'main thread')?.areas ?? []).map(({ name, ms }) => [name, ms]));
  const [areasBefore, areasAfter] = [main(before), main(after)];
  return [
    '| Thread (busy) | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...comparisonRows(kinds, busyBefore, busyAfter),
    '',
    '| Main thread, area (self time) | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...comparisonRows(movedMost(areasBefore, areasAfter, options.areas ?? 10), areasBefore, areasAfter),
  ];
}
