import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What one benchmarked command cost: wall time and the peak memory of its whole process tree. */
export interface RunCost {
  seconds: number;
  /** Peak resident memory of the command and all its descendants together, in bytes. */
  peakBytes: number;
  output: string;
}

/** `pid -> parent pid` for every process, from /proc (Linux); empty elsewhere. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return map;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/** `root` and every process it started that is still running. */
function processTree(root: number): Set<number> {
  const parentOf = parents();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return inTree;
}

/** Resident memory of `root` and everything it started, right now. */
export function treeResidentBytes(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) total += residentBytes(pid);
  return total;
}

/** A command `measureRun` stopped because it ran past its time limit. */
export class RunLimitReached extends Error {
  readonly command: string;
  readonly limitSeconds: number;
  constructor(command: string, limitSeconds: number) {
    super(`${command} was stopped after ${limitSeconds.toFixed(1)} s, its time limit`);
    this.name = 'RunLimitReached';
    this.command = command;
    this.limitSeconds = limitSeconds;
  }
}

/** A command `measureRun` ran that exited with a code it was not to accept. */
export class RunFailed extends Error {
  readonly code: number | null;
  /** The end of what the command wrote to stdout and stderr. */
  readonly output: string;
  constructor(commandLine: string, code: number | null, output: string) {
    super(`${commandLine} exited with ${code}:\n${output}`);
    this.name = 'RunFailed';
    this.code = code;
    this.output = output;
  }
}

/**
 * Runs `command` and measures it. Memory is sampled every `sampleMs` over the whole process tree
 * (Astro and Pagefind start children), so the peak is what the machine had to hold at once.
 * Rejects with `RunFailed` (the end of its output in it) when it exits with a code not in
 * `okExitCodes` (default 0), and with `RunLimitReached` once it has run `limitSeconds`, its whole process tree killed.
 */
export function measureRun(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    sampleMs?: number;
    okExitCodes?: readonly number[];
    limitSeconds?: number;
  },
): Promise<RunCost> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let output = '';
    let peakBytes = 0;
    const sample = () => {
      if (child.pid !== undefined) peakBytes = Math.max(peakBytes, treeResidentBytes(child.pid));
    };
    const timer = setInterval(sample, options.sampleMs ?? 200);
    let stopped = false;
    const limit =
      options.limitSeconds === undefined
        ? undefined
        : setTimeout(() => {
            stopped = true;
            if (child.pid === undefined) return;
            // Every process of the tree, from one snapshot: the command killed first would leave its
            // children to init, out of the tree's reach.
            for (const pid of processTree(child.pid)) {
              try {
                process.kill(pid, 'SIGKILL');
              } catch {
                // Gone already.
              }
            }
          }, options.limitSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (cause) => {
      clearInterval(timer);
      clearTimeout(limit);
      reject(new Error(`Failed to start ${command}`, { cause }));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(limit);
      const seconds = (performance.now() - started) / 1000;
      if (stopped) reject(new RunLimitReached(command, options.limitSeconds ?? seconds));
      else if ((options.okExitCodes ?? [0]).includes(code ?? -1)) resolve({ seconds, peakBytes, output });
      else reject(new RunFailed(`${command} ${args.join(' ')}`, code, output.slice(-4000)));
    });
  });
}
