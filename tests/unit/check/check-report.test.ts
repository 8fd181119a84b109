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

describe('formatAnnotation', () => {
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
      '::warning file=content/papers/a%2Cb%3Ac.md,line=6,col=8,title=paper check%3A arxiv-not-quoted::100%25 sure%0D%0Asecond line',
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
