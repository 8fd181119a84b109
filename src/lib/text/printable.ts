import { formatCodePoint } from './code-point.ts';

/**
 * What a terminal or a CI log acts on instead of showing: C0 and C1 controls but the tab (escape
 * sequences that recolour, erase or retitle, the bell), DEL, every line break (U+000A, U+000D,
 * U+0085, U+2028, U+2029) and the bidirectional controls, which reorder the rest of the line.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be shown
const ACTED_ON = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

/**
 * One line of a report, with each character a terminal or a log would act on shown as
 * `⟨U+001B⟩`. Reports quote what untrusted files hold (a key, a topic id, an inbox file's name),
 * and YAML escapes or a file name can put any character there: a line break would print a forged
 * line, `\e[2J` clear the screen, `\e]0;...\a` retitle the window.
 */
export function printableLine(text: string): string {
  return text.replace(ACTED_ON, (char) => `⟨${formatCodePoint(char.codePointAt(0) ?? 0)}⟩`);
}

/**
 * A report of several lines, each made printable as `printableLine` makes one: only `\n` still
 * breaks a line. For messages that list problems a line each (a broken taxonomy's), whose
 * lines must stay lines while any other character a terminal acts on is shown.
 */
export function printableLines(text: string): string {
  return text.split('\n').map(printableLine).join('\n');
}
