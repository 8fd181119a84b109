import { printableLine as printable } from '../text/printable.ts';
import type { Finding } from './rules.ts';

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
