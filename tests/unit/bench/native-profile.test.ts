import { describe, expect, it } from 'vitest';
import {
  area,
  nativeComparisonTable,
  nativeProfileTable,
  parsePerfReport,
  summarizeNative,
  threadKind,
} from '../../../bench/native-profile.ts';

// Lines of `perf report --stdio -q --percent-limit 0 -t '|' -F period,comm,dso,sym` from a cold
// build of 10,000 papers on the 2-core machine (perf 6.1), padding as perf prints it.
const REPORT = [
  ' 523046088  |MainThread     |node                               |[.] Builtins_LoadIC',
  ' 424849696  |MainThread     |node                               |[.] unibrow::Utf8::Encode<unsigned short>',
  ' 48096192   |MainThread     |[JIT] tid 4499                     |[.] 0x00007f79088163c1',
  ' 254509016  |libuv-worker   |[kernel.kallsyms]                  |[k] clear_page_erms',
  ' 713426848  |V8Worker       |node                               |[.] v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>',
  ' 535070136  |V8Worker       |node                               |[.] v8::internal::ConcurrentMarking::RunMajor',
  ' 122244488  |V8Worker       |node                               |[.] v8::internal::compiler::GraphReducer::ReduceTop',
  ' 30060120   |V8Worker       |node                               |[.] std::map<v8::internal::maglev::NodeBase const*, int>::operator[]',
  ' 158316632  |V8Worker       |node                               |[.] v8::internal::Sweeper::RawSweep',
  ' 46092184   |V8Worker       |libc.so.6                          |[.] _int_free',
  ' 216432864  |pagefind_extend|[kernel.kallsyms]                  |[k] _raw_spin_unlock_irqrestore',
  ' 1507014016 |pagefind_extend|pagefind_extended                  |[.] 0x0000000000443c7a',
  ' 288577152  |tokio-rt-worker|pagefind_extended                  |[.] 0x0000000000443622',
  ' 38076152   |WorkerThread   |[JIT] tid 4499                     |[.] 0x00007f6ca806654b',
  ' 10000000   |rolldown-worker|rolldown-binding.linux-x64-gnu.node|[.] 0x0000000000a1b2c3',
  ' 2000000    |MainThread     |node                               |[.] v8::internal::BitSet::operator|(v8::internal::BitSet)',
  '',
].join('\n');

describe('parsePerfReport', () => {
  it('reads every line: time, thread, binary, symbol, and whether the kernel ran it', () => {
    const samples = parsePerfReport(REPORT);
    expect(samples).toHaveLength(16);
    expect(samples[0]).toEqual({
      nanoseconds: 523046088,
      thread: 'MainThread',
      object: 'node',
      symbol: 'Builtins_LoadIC',
      kernel: false,
    });
    expect(samples[3]).toMatchObject({ thread: 'libuv-worker', kernel: true, symbol: 'clear_page_erms' });
  });

  it('keeps a symbol that holds the separator whole', () => {
    expect(parsePerfReport(REPORT).at(-1)?.symbol).toBe('v8::internal::BitSet::operator|(v8::internal::BitSet)');
  });

  it('refuses a line of another shape, naming its line', () => {
    expect(() => parsePerfReport(`${REPORT}     2.78%  pagefind_extend  pagefind_extended  [.] 0x443c7a\n`)).toThrow(
      /perf report, line 17: not "period\|thread\|object\|\[x\] symbol"/,
    );
  });
});

describe('threadKind and area', () => {
  it('names the kinds of thread a build runs', () => {
    expect(
      ['MainThread', 'WorkerThread', 'V8Worker', 'pagefind_extend', 'tokio-rt-worker', 'libuv-worker'].map(threadKind),
    ).toEqual([
      'main thread',
      "Node's worker threads",
      "V8's helper threads",
      "Pagefind's process",
      "Pagefind's process",
      "libuv's thread pool",
    ]);
    expect(threadKind('DelayedTaskSche')).toBe("V8's helper threads");
    expect(threadKind('v8:ProfEvntProc')).toBe("V8's CPU profiler (the bench's own)");
    expect(threadKind('esbuild')).toBe('esbuild');
  });

  it('tells garbage collection, compilers, allocation, compiled code and the kernel apart', () => {
    expect(parsePerfReport(REPORT).map(area)).toEqual([
      "V8's and Node's runtime (builtins, interpreter, bindings)",
      "V8's and Node's runtime (builtins, interpreter, bindings)",
      'compiled JavaScript',
      'kernel',
      'young-generation collection',
      'full collection (marking, compacting)',
      'optimizing compilers (TurboFan, Maglev)',
      'optimizing compilers (TurboFan, Maglev)',
      'sweeping',
      'malloc and free',
      'kernel',
      'Pagefind (Rust)',
      'Pagefind (Rust)',
      'compiled JavaScript',
      'native modules (Rolldown, Rollup, LightningCSS)',
      "V8's and Node's runtime (builtins, interpreter, bindings)",
    ]);
  });
});

describe('summarizeNative', () => {
  it('sums by kind of thread, then by kind of work, largest first, to the whole', () => {
    const samples = parsePerfReport(REPORT);
    const profile = summarizeNative(samples);
    const total = samples.reduce((sum, sample) => sum + sample.nanoseconds, 0) / 1e9;
    expect(profile.seconds).toBeCloseTo(total, 9);
    expect(profile.threads.map((thread) => thread.name)).toEqual([
      "Pagefind's process",
      "V8's helper threads",
      'main thread',
      "libuv's thread pool",
      "Node's worker threads",
      'Rolldown',
    ]);
    const pagefind = profile.threads[0];
    expect(pagefind?.seconds).toBeCloseTo(1.507014016 + 0.288577152 + 0.216432864, 9);
    expect(pagefind?.areas.map((share) => share.name)).toEqual(['Pagefind (Rust)', 'kernel']);
    const helpers = profile.threads[1];
    expect(helpers?.areas[0]).toEqual({ name: 'young-generation collection', seconds: 0.713426848 });
    expect(helpers?.areas.find((share) => share.name.startsWith('optimizing'))?.seconds).toBeCloseTo(0.152304608, 9);
  });

  it('is empty for no samples', () => {
    expect(summarizeNative([])).toEqual({ seconds: 0, threads: [] });
  });
});

describe('nativeProfileTable', () => {
  it('prints a row a kind of thread with its kinds of work of 50 ms or more, and the whole', () => {
    const lines = nativeProfileTable(summarizeNative(parsePerfReport(REPORT)));
    expect(lines[0]).toBe('| Threads | CPU | Of it |');
    expect(lines).toContain("| Pagefind's process | 2.01 s | Pagefind (Rust) 1.80 s, kernel 216 ms |");
    // The compilers' 152 ms is shown; the main thread's 48 ms of compiled JavaScript is not.
    expect(lines.find((line) => line.startsWith("| V8's helper"))).toContain(
      'optimizing compilers (TurboFan, Maglev) 152 ms',
    );
    expect(lines).toContain(
      "| main thread | 998 ms | V8's and Node's runtime (builtins, interpreter, bindings) 950 ms |",
    );
    expect(lines.find((line) => line.startsWith('| Rolldown'))).toBe('| Rolldown | 10 ms |  |');
    expect(lines.at(-1)).toBe('| **all** | **4.92 s** | |');
  });
});

describe('nativeComparisonTable', () => {
  const before = summarizeNative(parsePerfReport(REPORT));
  // The same build with the optimizing compilers' share halved and Pagefind 0.5 s slower.
  const after = summarizeNative(
    parsePerfReport(REPORT).map((sample) =>
      sample.symbol.includes('compiler::') || sample.symbol.includes('maglev::')
        ? { ...sample, nanoseconds: sample.nanoseconds / 2 }
        : sample.thread === 'pagefind_extend' && !sample.kernel
          ? { ...sample, nanoseconds: sample.nanoseconds + 500_000_000 }
          : sample,
    ),
  );

  it('sets each kind of thread before and after, with the whole', () => {
    const lines = nativeComparisonTable(before, after);
    expect(lines.slice(0, 2)).toEqual(['| Threads (CPU) | Before | After | Change |', '| --- | ---: | ---: | ---: |']);
    expect(lines).toContain("| Pagefind's process | 2.01 s | 2.51 s | +500 ms |");
    expect(lines).toContain("| V8's helper threads | 1.61 s | 1.53 s | -76 ms |");
    expect(lines).toContain('| main thread | 998 ms | 998 ms | 0 ms |');
    expect(lines).toContain('| all | 4.92 s | 5.34 s | +424 ms |');
  });

  it('lists the kinds of work that moved most first, as many as asked', () => {
    const lines = nativeComparisonTable(before, after, 2);
    const moved = lines.slice(lines.indexOf('| Threads: kind of work (CPU) | Before | After | Change |') + 2);
    expect(moved).toEqual([
      "| Pagefind's process: Pagefind (Rust) | 1.80 s | 2.30 s | +500 ms |",
      "| V8's helper threads: optimizing compilers (TurboFan, Maglev) | 152 ms | 76 ms | -76 ms |",
    ]);
  });

  it('counts a kind of thread only one side has as none on the other', () => {
    const lines = nativeComparisonTable(before, summarizeNative([]));
    expect(lines).toContain("| Pagefind's process | 2.01 s | 0 ms | -2.01 s |");
  });
});
