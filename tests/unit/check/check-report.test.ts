import { describe, expect, it } from 'vitest';
import { formatAnnotation, formatFinding, formatSummary, summarize } from '../../../src/lib/check/check-report.ts';
import type { Finding } from '../../../src/lib/check/rules.ts';

const FINDING: Finding = {
  file: 'content/papers/emo.md',
  line: 6,
  column: 8,
  rule: 'arxiv-not-quoted',
  severity: 'error',
  message: 'arxiv: 2310.04690 is read by YAML as the number 2310.0469, not an id: quote it: arxiv: "2310.04690"',
};

describe('formatFinding', () => {
  it('prints path:line:column: severity: message [rule]', () => {
    expect(formatFinding(FINDING)).toBe(
      'content/papers/emo.md:6:8: error: arxiv: 2310.04690 is read by YAML as the number 2310.0469, not an id: quote it: arxiv: "2310.04690" [arxiv-not-quoted]',
    );
  });
});

/** What a terminal or a CI log acts on instead of showing: line breaks, escapes, bells, bidi controls. */
// eslint-disable-next-line no-control-regex -- control characters are what the test looks for
const ACTED_ON = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

// Messages quote what a paper file holds (an unknown key, a topic id, a file name), and a key
// written "slug\n/x.md:1:1: ..." or "\e]0;title\a" must not forge a line or drive the terminal.
const HOSTILE_FINDING: Finding = {
  ...FINDING,
  file: 'content/papers/a\u001b[31mred\n.md',
  rule: 'unknown-field',
  message: 'unknown field "slug\n/dev/null:1:1: check passed\u001b[2K\u001b]0;pwned\u0007\u202e\u0085\u2028"',
};

describe('formatFinding', () => {
  it('shows the control characters, line breaks and bidi controls a file put in a message, never prints them', () => {
    const line = formatFinding(HOSTILE_FINDING);
    expect(line).not.toMatch(ACTED_ON);
    expect(line).toBe(
      'content/papers/a⟨U+001B⟩[31mred⟨U+000A⟩.md:6:8: error: unknown field "slug⟨U+000A⟩/dev/null:1:1: check passed⟨U+001B⟩[2K⟨U+001B⟩]0;pwned⟨U+0007⟩⟨U+202E⟩⟨U+0085⟩⟨U+2028⟩" [unknown-field]',
    );
  });

  it('leaves tabs and every visible character as written', () => {
    const message = 'title: «Ω» 山田 ﷺ\tend';
    expect(formatFinding({ ...FINDING, message })).toContain(message);
  });
});

describe('formatAnnotation', () => {
  it('shows what a file put in the message or the file name, as formatFinding does', () => {
    const annotation = formatAnnotation(HOSTILE_FINDING);
    expect(annotation).not.toMatch(ACTED_ON);
    expect(annotation).toContain('::unknown field "slug⟨U+000A⟩/dev/null:1:1: check passed⟨U+001B⟩[2K');
    expect(annotation).toContain('file=content/papers/a⟨U+001B⟩[31mred⟨U+000A⟩.md,');
  });

  it('prints a GitHub workflow command with file, line and column', () => {
    expect(formatAnnotation(FINDING)).toBe(
      '::error file=content/papers/emo.md,line=6,col=8,title=paper check%3A arxiv-not-quoted::arxiv: 2310.04690 is read by YAML as the number 2310.0469, not an id: quote it: arxiv: "2310.04690"',
    );
  });

  it('escapes what would end the command early or split it over lines', () => {
    const annotation = formatAnnotation({
      ...FINDING,
      file: './content/papers/a,b:c.md',
      severity: 'warning',
      message: '100% sure\r\nsecond line',
    });
    expect(annotation).toBe(
      '::warning file=content/papers/a%2Cb%3Ac.md,line=6,col=8,title=paper check%3A arxiv-not-quoted::100%25 sure⟨U+000D⟩⟨U+000A⟩second line',
    );
    expect(annotation.split('\n')).toHaveLength(1);
  });
});

describe('summary', () => {
  it('counts errors and warnings and says whether the check passed', () => {
    const summary = summarize([FINDING, { ...FINDING, severity: 'warning' }, FINDING], 56);
    expect(summary).toEqual({ files: 56, errors: 2, warnings: 1 });
    expect(formatSummary(summary)).toBe('check failed: 56 paper files, 2 errors, 1 warning');
    expect(formatSummary({ files: 1, errors: 0, warnings: 0 })).toBe(
      'check passed: 1 paper file, 0 errors, 0 warnings',
    );
  });
});
