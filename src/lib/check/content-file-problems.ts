/**
 * How a problem in one of the archive's hand-edited settings files (`content/topics.yaml`,
 * `content/macros.yaml`) is told to whoever reads it: as the check tells a paper's problems,
 * `path:line:column: error: message`, one line each, all of them. Every way in (the check, the
 * ingest, `npm run new`, enrich, the build) stops with a `ContentFileError`, whose message holds
 * those lines, because some of them (Astro) show an error's message but not its cause.
 */
import { printableLine } from '../text/printable.ts';

/** One problem of a settings file, at its place (1-based line and column). */
export interface FileProblem {
  line: number;
  column: number;
  /** What is wrong, naming the topic or macro, and what to do. */
  message: string;
}

/** Problems in the order of the file: by line, then column; those on one spot keep the order they were found in. */
export function sortFileProblems<T extends FileProblem>(problems: readonly T[]): T[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * `path:line:column: error: message`, the check's form for an error; always one line, since a
 * message quotes what the file holds (a key, an id) and YAML escapes can put any character there
 * (printable.ts).
 */
export function formatFileProblem(path: string, problem: FileProblem): string {
  return printableLine(`${path}:${problem.line}:${problem.column}: error: ${problem.message}`);
}

/** A settings file with problems: the message names the file and lists every problem on its own line. */
export class ContentFileError extends Error {
  readonly path: string;
  readonly problems: readonly FileProblem[];

  /** `what` names the file's role in the message's first line: "topic taxonomy", "site macros". */
  constructor(what: string, path: string, problems: readonly FileProblem[]) {
    const sorted = sortFileProblems(problems);
    const count = `${sorted.length} problem${sorted.length === 1 ? '' : 's'}`;
    super(
      [`Invalid ${what} ${path} (${count}):`, ...sorted.map((problem) => formatFileProblem(path, problem))].join('\n'),
    );
    this.name = 'ContentFileError';
    this.path = path;
    this.problems = sorted;
  }
}
