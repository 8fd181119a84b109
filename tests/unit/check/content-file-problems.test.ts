import { describe, expect, it } from 'vitest';
import { ContentFileError, formatFileProblem, sortFileProblems } from '../../../src/lib/check/content-file-problems.ts';

describe('content file problems', () => {
  it('sorts problems by line then column, keeping the order of those on one spot', () => {
    const problems = [
      { line: 8, column: 1, message: 'c' },
      { line: 2, column: 9, message: 'b' },
      { line: 2, column: 3, message: 'a1' },
      { line: 2, column: 3, message: 'a2' },
    ];
    expect(sortFileProblems(problems).map((problem) => problem.message)).toEqual(['a1', 'a2', 'b', 'c']);
  });

  it('formats a problem as the check does, always on one line', () => {
    expect(formatFileProblem('content/topics.yaml', { line: 3, column: 5, message: 'unknown key "x"' })).toBe(
      'content/topics.yaml:3:5: error: unknown key "x"',
    );
    const forged = formatFileProblem('content/topics.yaml', { line: 1, column: 1, message: 'key "a\n::error::b"' });
    expect(forged).toBe('content/topics.yaml:1:1: error: key "a⟨U+000A⟩::error::b"');
  });

  it('throws an error whose message names the file and lists every problem in order, a line each', () => {
    const error = new ContentFileError('site macros', 'content/macros.yaml', [
      { line: 4, column: 1, message: 'second' },
      { line: 1, column: 2, message: 'first' },
    ]);
    expect(error.name).toBe('ContentFileError');
    expect(error.message.split('\n')).toEqual([
      'Invalid site macros content/macros.yaml (2 problems):',
      'content/macros.yaml:1:2: error: first',
      'content/macros.yaml:4:1: error: second',
    ]);
    expect(error.problems.map((problem) => problem.line)).toEqual([1, 4]);
    expect(new ContentFileError('topic taxonomy', 't.yaml', [{ line: 1, column: 1, message: 'x' }]).message).toMatch(
      /^Invalid topic taxonomy t\.yaml \(1 problem\):\n/,
    );
  });
});
