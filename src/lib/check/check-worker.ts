/**
 * A worker thread of `checkArchiveInParallel`: checks its share of the files and posts the
 * results back in the order it was given them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCheckTask, type CheckOptions, type CheckTask } from './paper-check.ts';
import type { MathCache } from './markdown-hazards.ts';

const { tasks, options } = workerData as { tasks: CheckTask[]; options: CheckOptions };
const mathCache: MathCache = new Map();
parentPort?.postMessage(tasks.map((task) => runCheckTask(task, { ...options, mathCache })));
