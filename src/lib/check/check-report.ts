import { formatCodePoint } from '../text/code-point.ts';
import type { Finding } from './rules.ts';

/**
 * What a terminal or a CI log acts on instead of showing: C0 and C1 controls but the tab (escape
 * sequences that recolour, erase or retitle, the bell), DEL, every line break (U+000A, U+000D,
 * U+0085, U+2028, U+2029) and the bidirectional controls, which reorder the rest of the line.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be shown
const ACTED_ON = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

/**
 * `text` with each character a terminal or log acts on shown as `⟨U+001B⟩`. Messages quote what a
 * paper file holds (an unknown key, a topic id, a file name), and YAML escapes put any character
 * there: `"slug\n/x.md:1:1: ..."` would print a forged finding, `"\e[2K"` erase a line.
 */
function printable(text: string): string {
  return text.replace(ACTED_ON, (char) => `⟨${formatCodePoint(char.codePointAt(0) ?? 0)}⟩`);
}

/** `path:line:column: severity: message [rule]`, the form editors and terminals turn into links; always one line. */
export function formatFinding(finding: Finding): string {
  return printable(
    `${finding.file}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message} [${finding.rule}]`,
  );
}

// GitHub's workflow-command escaping: data escapes %, CR and LF; property values also ':' and ','.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A GitHub Actions annotation (`::error file=...,line=...,col=...::message`): shown on the pull
 * request's changed line. The path must be relative to the repository root, as the check prints it.
 */
export function formatAnnotation(finding: Finding): string {
  const file = printable(finding.file.replace(/\\/g, '/').replace(/^\.\//, ''));
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${finding.line}`,
    `col=${finding.column}`,
    `title=${escapeProperty(`paper check: ${finding.rule}`)}`,
  ].join(',');
  return `::${finding.severity} ${properties}::${escapeData(printable(finding.message))}`;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(findings: readonly Finding[], files: number): Summary {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { files, errors, warnings: findings.length - errors };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The last line of a run: what was checked and what was found. */
export function formatSummary({ files, errors, warnings }: Summary): string {
  const verdict = errors > 0 ? 'failed' : 'passed';
  return `check ${verdict}: ${plural(files, 'paper file')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
