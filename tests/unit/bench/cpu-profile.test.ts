import { Session } from 'node:inspector/promises';
import { describe, expect, it } from 'vitest';
import {
  areaOf,
  profileComparison,
  profileTables,
  summarizeProfile,
  summarizeThreads,
  threadIdOf,
  workerLabel,
  type CpuProfile,
} from '../../../bench/cpu-profile.ts';

const ROOT = '/home/me/archive';
const file = (path: string) => `file://${ROOT}/${path}`;

type Frame = [functionName: string, url: string, children?: number[]];

/** A profile from frames by id (1 is the root) and samples as `[node id, µs until the next]`. */
function profile(frames: Record<number, Frame>, samples: [number, number][], startTime = 1_000_000): CpuProfile {
  return {
    nodes: Object.entries(frames).map(([id, [functionName, url, children]]) => ({
      id: Number(id),
      callFrame: { functionName, url, lineNumber: 9 },
      ...(children ? { children } : {}),
    })),
    startTime,
    endTime: startTime + samples.reduce((sum, [, us]) => sum + us, 0),
    samples: samples.map(([id]) => id),
    // V8 records the time since the previous sample: shift the durations by one.
    timeDeltas: [0, ...samples.slice(0, -1).map(([, us]) => us)],
  };
}

const BUILD: Record<number, Frame> = {
  1: ['(root)', '', [2, 3, 4, 7, 9, 11]],
  2: ['(idle)', ''],
  3: ['(garbage collector)', ''],
  4: ['prepare', file('src/lib/build/paper-loader.ts'), [5]],
  5: ['readFileSync', 'node:fs', [6]],
  6: ['read', ''],
  7: ['renderPage', file('.astro/.prerender/chunks/jsx-runtime_GXOBz2Nv.mjs'), [8]],
  8: ['RegExp: a|b', ''],
  9: ['tokenize', file('node_modules/micromark-core-commonmark/lib/content.js'), [10]],
  10: ['renderToString', file('node_modules/katex/dist/katex.mjs')],
  11: ['(program)', ''],
};

describe('areaOf', () => {
  it("names Node's subsystems by what they do", () => {
    expect(areaOf('node:fs', ROOT)).toBe('file system (node:fs)');
    expect(areaOf('node:internal/fs/promises', ROOT)).toBe('file system (node:fs)');
    expect(areaOf('node:internal/modules/esm/loader', ROOT)).toBe('module loading (Node)');
    expect(areaOf('node:internal/deps/undici/undici', ROOT)).toBe('Response bodies (undici)');
    expect(areaOf('node:internal/per_context/messageport', ROOT)).toBe('Node internals (streams, messages, buffers)');
    expect(areaOf('', ROOT)).toBe('V8 (compiling, runtime)');
  });

  it('names a package, scoped or not, and groups the families that do one job', () => {
    expect(areaOf(file('node_modules/katex/dist/katex.mjs'), ROOT)).toBe('katex');
    expect(areaOf(file('node_modules/@citation-js/core/lib/index.js'), ROOT)).toBe('@citation-js/core');
    expect(areaOf(file('node_modules/astro/node_modules/yaml/dist/parse.js'), ROOT)).toBe('YAML');
    expect(areaOf(file('node_modules/rehype-katex/lib/index.js'), ROOT)).toBe('Markdown and HTML trees (unified)');
    expect(areaOf(file('node_modules/@astrojs/markdown-remark/dist/index.js'), ROOT)).toBe(
      'Markdown and HTML trees (unified)',
    );
    expect(areaOf(file('node_modules/vite/dist/node/chunks/node.js'), ROOT)).toBe('bundling (Vite, Rollup)');
    expect(areaOf(file('node_modules/@rollup/rollup-linux-x64-gnu/index.js'), ROOT)).toBe('bundling (Vite, Rollup)');
  });

  it("names a prerender bundle's chunk without its content hash", () => {
    expect(areaOf(file('.astro/.prerender/chunks/_slug__DhTPAYdk.mjs'), ROOT)).toBe('prerender bundle: _slug_');
    expect(areaOf(file('.astro/.prerender/chunks/theme-script_Dh3YDFy-.mjs'), ROOT)).toBe(
      'prerender bundle: theme-script',
    );
    expect(areaOf(file('.astro/.prerender/prerender-entry.Cy2c8ERT.mjs'), ROOT)).toBe(
      'prerender bundle: prerender-entry',
    );
  });

  it("names the project's own code by folder, src/lib by its module folder", () => {
    expect(areaOf(file('src/lib/repair/tex-repair.ts'), ROOT)).toBe('src/lib/repair');
    expect(areaOf(file('src/pages/papers/[slug].astro'), ROOT)).toBe('src');
    expect(areaOf(file('scripts/bench.ts'), ROOT)).toBe('scripts');
    expect(areaOf(`${file('src/lib/repair/tex-repair.ts')}`, `${ROOT}/`)).toBe('src/lib/repair');
    expect(areaOf('file:///elsewhere/tool.js', ROOT)).toBe('/elsewhere/tool.js');
  });
});

describe('summarizeProfile', () => {
  const summary = summarizeProfile(
    profile(BUILD, [
      [2, 5000], // idle: not busy
      [6, 3000],
      [3, 2000],
      [8, 1500],
      [10, 1000],
      [9, 500],
      [11, 700],
      [6, 999_999], // the last sample stands for nothing
    ]),
    { root: ROOT },
  );

  it('counts busy time without idle, and garbage collection apart', () => {
    expect(summary.busyMs).toBeCloseTo(8.7);
    expect(summary.gcMs).toBeCloseTo(2);
    expect(summary.fromMs).toBe(0);
    expect(summary.thread).toBe('main thread');
  });

  it('charges a native call to the nearest frame with a script', () => {
    expect(summary.areas).toEqual([
      { name: 'file system (node:fs)', ms: 3 },
      { name: 'garbage collection', ms: 2 },
      { name: 'prerender bundle: jsx-runtime', ms: 1.5 },
      { name: 'katex', ms: 1 },
      { name: 'V8 (compiling, runtime)', ms: 0.7 },
      { name: 'Markdown and HTML trees (unified)', ms: 0.5 },
    ]);
  });

  it('names a native function with the frame that called it and the first caller outside Node', () => {
    const names = summary.functions.map(({ name }) => name);
    expect(names[0]).toBe('read, from readFileSync node:fs:10 < prepare src/lib/build/paper-loader.ts:10');
    expect(names).toContain('RegExp: a|b, from renderPage prerender bundle: chunks/jsx-runtime_GXOBz2Nv.mjs:10');
    const elsewhere = summarizeProfile(
      profile({ 1: ['(root)', '', [2]], 2: ['GET', 'file:///tmp/site/dist/.prerender/chunks/papers_BEMo54VG.mjs'] }, [
        [2, 1000],
        [2, 0],
      ]),
      { root: ROOT },
    );
    expect(elsewhere.functions[0]?.name).toBe('GET prerender bundle: chunks/papers_BEMo54VG.mjs:10');
    expect(elsewhere.areas[0]?.name).toBe('prerender bundle: papers');
    expect(names).toContain('renderToString katex katex.mjs:10');
    expect(names).toContain('(program)');
    expect(names).not.toContain('(idle)');
    expect(names).not.toContain('(garbage collector)');
  });

  it('keeps the top functions only, as many as asked', () => {
    const top = summarizeProfile(
      profile(BUILD, [
        [6, 1],
        [8, 2],
        [10, 3],
        [11, 0],
      ]),
      { root: ROOT, topFunctions: 2 },
    );
    expect(top.functions.map(({ name }) => name)).toEqual([
      'renderToString katex katex.mjs:10',
      'RegExp: a|b, from renderPage prerender bundle: chunks/jsx-runtime_GXOBz2Nv.mjs:10',
    ]);
  });

  it('shortens the name of a long regular expression', () => {
    const long = `RegExp: ${'longleftrightarrow|'.repeat(10)}`;
    const one = summarizeProfile(
      profile({ 1: ['(root)', '', [2]], 2: [long, ''] }, [
        [2, 1000],
        [2, 0],
      ]),
      { root: ROOT },
    );
    expect(one.functions[0]?.name).toBe(`${long.slice(0, 60)}…`);
  });

  it('reads a profile taken by node:inspector in this process', async () => {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const started = performance.now();
    let spin = 0;
    while (performance.now() - started < 50) spin += Math.sqrt(spin + 1);
    const { profile: taken } = await session.post('Profiler.stop');
    session.disconnect();
    const real = summarizeProfile(taken as unknown as CpuProfile, { root: process.cwd() });
    expect(spin).toBeGreaterThan(0);
    expect(real.busyMs).toBeGreaterThan(10);
    expect(real.areas.length).toBeGreaterThan(0);
  });
});

describe('threads', () => {
  it('reads the thread id from the name --cpu-prof gives a file', () => {
    expect(threadIdOf('CPU.20261205.065419.24472.0.001.cpuprofile')).toBe(0);
    expect(threadIdOf('CPU.20261205.065423.24472.12.003.cpuprofile')).toBe(12);
    expect(threadIdOf('profile.cpuprofile')).toBeUndefined();
  });

  it("labels a worker by the project's worker module it ran, else by where its time went", () => {
    const renderer = profile(
      {
        1: ['(root)', '', [2, 3]],
        2: ['onMessage', file('src/lib/markdown/paper-render-worker.ts')],
        3: ['x', file('node_modules/katex/k.js')],
      },
      [
        [3, 10],
        [3, 0],
      ],
    );
    expect(workerLabel(renderer, ROOT)).toBe('paper-render-worker.ts');
    const minifier = profile(
      {
        1: ['(root)', '', [2, 3, 4]],
        2: ['(garbage collector)', ''],
        3: ['minify', file('node_modules/terser/dist/bundle.min.js')],
        4: ['on', 'node:internal/worker/io'],
      },
      [
        [2, 50],
        [4, 40],
        [3, 10],
        [3, 0],
      ],
    );
    expect(workerLabel(minifier, ROOT)).toBe('terser');
    // A package's own worker module is not the project's.
    const packaged = profile({ 1: ['(root)', '', [2]], 2: ['run', file('node_modules/tool/lib/pool-worker.js')] }, [
      [2, 10],
      [2, 0],
    ]);
    expect(workerLabel(packaged, ROOT)).toBe('tool');
    expect(workerLabel(profile({ 1: ['(root)', '', [2]], 2: ['(idle)', ''] }, [[2, 10]]), ROOT)).toBe('unknown');
  });

  it('puts the main thread first and times every thread from the earliest start', () => {
    const worker = profile(
      { 1: ['(root)', '', [2]], 2: ['render', file('src/lib/markdown/paper-render-worker.ts')] },
      [
        [2, 4000],
        [2, 0],
      ],
      3_000_000,
    );
    const main = profile(
      BUILD,
      [
        [6, 2000],
        [6, 0],
      ],
      1_000_000,
    );
    const threads = summarizeThreads(
      [
        { name: 'CPU.20261205.065423.24472.1.002.cpuprofile', profile: worker },
        { name: 'CPU.20261205.065419.24472.0.001.cpuprofile', profile: main },
      ],
      ROOT,
    );
    expect(threads.map(({ thread, fromMs, toMs }) => [thread, fromMs, toMs])).toEqual([
      ['main thread', 0, 2],
      ['worker 1: paper-render-worker.ts', 2000, 2004],
    ]);
  });
});

describe('profileTables', () => {
  const threads = summarizeThreads(
    [
      {
        name: 'CPU.1.1.1.0.001.cpuprofile',
        profile: profile(BUILD, [
          [6, 3_000_000],
          [8, 1_000_000],
          [6, 0],
        ]),
      },
      {
        name: 'CPU.1.1.1.1.002.cpuprofile',
        profile: profile({ 1: ['(root)', '', [2]], 2: ['render', file('src/lib/markdown/paper-render-worker.ts')] }, [
          [2, 2_000_000],
          [2, 0],
        ]),
      },
    ],
    ROOT,
  );

  it('gives a row per thread: when it ran, its busy time, its garbage collection, its largest areas', () => {
    const lines = profileTables(threads);
    expect(lines[2]).toBe(
      '| main thread | 0.0-4.0 | 4.00 s | 0 ms | file system (node:fs) 3.00 s, prerender bundle: jsx-runtime 1.00 s |',
    );
    expect(lines[3]).toBe('| worker 1: paper-render-worker.ts | 0.0-2.0 | 2.00 s | 0 ms | src/lib/markdown 2.00 s |');
    expect(lines[4]).toBe('');
  });

  it('lists the functions with the most self time across threads, a pipe escaped', () => {
    const lines = profileTables(threads);
    const rows = lines.slice(lines.indexOf('| --- | --- | ---: | ---: |') + 1);
    expect(rows).toEqual([
      '| read, from readFileSync node:fs:10 < prepare src/lib/build/paper-loader.ts:10 | main thread | 3.00 s | 75.0 % |',
      '| render src/lib/markdown/paper-render-worker.ts:10 | worker 1: paper-render-worker.ts | 2.00 s | 100.0 % |',
      '| RegExp: a\\|b, from renderPage prerender bundle: chunks/jsx-runtime_GXOBz2Nv.mjs:10 | main thread | 1.00 s | 25.0 % |',
    ]);
  });
});

describe('profileComparison', () => {
  const thread = (name: string, busyMs: number, areas: [string, number][] = []) => ({
    thread: name,
    fromMs: 0,
    toMs: busyMs,
    busyMs,
    gcMs: 0,
    areas: areas.map(([area, ms]) => ({ name: area, ms })),
    functions: [],
  });
  const before = [
    thread('main thread', 10_000, [
      ['file system (node:fs)', 4000],
      ['YAML', 3000],
      ['garbage collection', 500],
    ]),
    thread('worker 1: paper-render-worker.ts', 2000),
    thread('worker 2: paper-render-worker.ts', 2500),
  ];
  const after = [
    thread('main thread', 8000, [
      ['file system (node:fs)', 4100],
      ['YAML', 1000],
      ['katex', 300],
    ]),
    thread('worker 1: paper-render-worker.ts', 2200),
    thread('worker 3: paper-render-worker.ts', 2400),
    thread('worker 4: search-index-worker.ts', 900),
  ];
  const lines = profileComparison(before, after, { areas: 3 });

  it('sums the threads of one kind, whatever their ids, and shows a kind only one side has', () => {
    expect(lines.slice(0, 5)).toEqual([
      '| Thread (busy) | Before | After | Change |',
      '| --- | ---: | ---: | ---: |',
      '| main thread | 10.0 s | 8.00 s | -2.00 s |',
      '| paper-render-worker.ts | 4.50 s | 4.60 s | +100 ms |',
      '| search-index-worker.ts | 0 ms | 900 ms | +900 ms |',
    ]);
  });

  it("lists the main thread's areas that moved most, gone and new ones included", () => {
    expect(lines.slice(lines.indexOf('| Main thread, area (self time) | Before | After | Change |') + 2)).toEqual([
      '| YAML | 3.00 s | 1.00 s | -2.00 s |',
      '| garbage collection | 500 ms | 0 ms | -500 ms |',
      '| katex | 0 ms | 300 ms | +300 ms |',
    ]);
  });

  it('says no change as 0 ms', () => {
    const same = profileComparison(before, before);
    expect(same[2]).toBe('| main thread | 10.0 s | 10.0 s | 0 ms |');
  });
});
