/** scripts/check.ts as a contributor and CI run it: output lines, annotations, exit codes. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ACCEPTED = 'tests/fixtures/hostile/accepted';
const archive = mkdtempSync(join(tmpdir(), 'paper-archive-check-cli-'));
cpSync(ACCEPTED, archive, { recursive: true });
cpSync('tests/fixtures/hostile/rejected/arxiv-not-quoted.md', join(archive, 'papers/emo.md'));
afterAll(() => rmSync(archive, { recursive: true, force: true }));

function check(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/check.ts', ...args], {
    env: { ...process.env, CI: 'false', ARCHIVE_CONTENT_DIR: archive, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each run starts a Node process that loads the whole check (about a second, more on a busy machine).
describe('npm run check', { timeout: 60_000 }, () => {
  it('checks the site macros file of the archive, naming its lines', () => {
    const withMacros = mkdtempSync(join(tmpdir(), 'paper-archive-check-cli-macros-'));
    try {
      cpSync(ACCEPTED, withMacros, { recursive: true });
      writeFileSync(join(withMacros, 'macros.yaml'), '\\Q: \\mathbb{Q}\n\\bomb: \\gdef\\x{y}\n');
      const { code, stdout } = check([], { ARCHIVE_CONTENT_DIR: withMacros });
      expect(stdout).toContain(
        `${withMacros}/macros.yaml:2:1: error: \\bomb: \\gdef is not allowed in a site macro: a site macro may not define macros either: write the expansion out [macros-file]`,
      );
      expect(code).toBe(1);
    } finally {
      rmSync(withMacros, { recursive: true, force: true });
    }
  });

  it('prints each problem as path:line:column, then a summary, and exits 1 on errors', () => {
    const { code, stdout } = check([]);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(
      `${archive}/papers/emo.md:6:8: error: arxiv: 2310.04690 is read by YAML as the number 2310.0469, not an id: quote it: arxiv: "2310.04690" [arxiv-not-quoted]`,
    );
    expect(lines).toContain(
      `${archive}/papers/scaling-laws-for-autoregressive-generative-modeling.md:12:1: warning: no code link: if the paper has public code, add code: [https://github.com/owner/repo] [no-code-link]`,
    );
    expect(lines.at(-1)).toBe('check failed: 8 paper files, 1 error, 1 warning');
    expect(stdout).not.toContain('::error');
    expect(code).toBe(1);
  });

  it('adds GitHub annotations when CI=true', () => {
    const { stdout } = check([], { CI: 'true' });
    expect(stdout).toContain(
      `::error file=${archive}/papers/emo.md,line=6,col=8,title=paper check%3A arxiv-not-quoted::arxiv: 2310.04690`,
    );
    expect(stdout).toContain('::warning file=');
  });

  it('exits 0 when only warnings remain, and can hide them', () => {
    const good = join(archive, 'papers/no.md');
    expect(check([good])).toMatchObject({ code: 0, stdout: 'check passed: 1 paper file, 0 errors, 0 warnings\n' });
    const warned = join(archive, 'papers/scaling-laws-for-autoregressive-generative-modeling.md');
    expect(check([warned]).code).toBe(0);
    expect(check([warned]).stdout).toContain('1 warning');
    expect(check(['--no-warnings', warned]).stdout).toBe('check passed: 1 paper file, 0 errors, 1 warning\n');
  });

  it('compares the files given with the whole archive for duplicates', () => {
    const copy = join(archive, 'copy-of-no.md');
    cpSync(join(archive, 'papers/no.md'), copy);
    const { code, stdout } = check([copy]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `${copy}:2:8: error: the same title (ignoring case, accents, punctuation, invisible characters and lookalike letters) is already used by ${archive}/papers/no.md:2`,
    );
    expect(stdout).toContain(
      `${copy}:6:8: error: the arXiv id hep-th/9901001 is already used by ${archive}/papers/no.md:6`,
    );
    expect(stdout).not.toContain(`${archive}/papers/no.md:2:8`);
  });

  it('prints what a hostile file wrote in a key or a topic id as code points, one line a finding', () => {
    const hostile = mkdtempSync(join(tmpdir(), 'paper-archive-check-cli-hostile-'));
    try {
      cpSync(ACCEPTED, hostile, { recursive: true });
      cpSync('tests/fixtures/hostile/rejected/unknown-field-terminal-escape.md', join(hostile, 'papers/evil.md'));
      for (const ci of ['false', 'true']) {
        const { code, stdout } = check([join(hostile, 'papers/evil.md')], { ARCHIVE_CONTENT_DIR: hostile, CI: ci });
        expect(code).toBe(1);
        // No escape, bell or bidi control reaches the terminal, and no line is forged: each line
        // is a finding of the file, its annotation, or the summary.
        // eslint-disable-next-line no-control-regex -- control characters are what the test looks for
        expect(stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u);
        const lines = stdout.trim().split('\n');
        for (const line of lines.slice(0, -1))
          expect(line).toMatch(new RegExp(`^(${hostile}/papers/evil\\.md:|::error file=${hostile}/papers/evil\\.md,)`));
        expect(lines.at(-1)).toBe('check failed: 1 paper file, 3 errors, 0 warnings');
        expect(stdout).toContain(
          'unknown field "slug⟨U+000A⟩/dev/null:1:1: check passed⟨U+001B⟩[2K⟨U+001B⟩]0;pwned⟨U+0007⟩"',
        );
      }
    } finally {
      rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('prints help and exits 0', () => {
    const { code, stdout } = check(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run check/);
    expect(stdout).toMatch(/Exit codes:\n {2}0 {2}no errors/);
  });

  it('exits 2 on a usage error, a missing file or an unreadable taxonomy', () => {
    expect(check(['--frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--frobnicate'") as unknown,
    });
    expect(check(['no/such/file.md'])).toMatchObject({ code: 2, stderr: 'check: no such file: no/such/file.md\n' });
    // A changed file's name in a pull request reaches this line (pr.yml): an escape sequence in it is shown.
    expect(check(['no/such/\u001b[2Jfile.md'])).toMatchObject({
      code: 2,
      stderr: 'check: no such file: no/such/⟨U+001B⟩[2Jfile.md\n',
    });
    const broken = mkdtempSync(join(tmpdir(), 'paper-archive-check-cli-'));
    cpSync(ACCEPTED, broken, { recursive: true });
    writeFileSync(join(broken, 'topics.yaml'), '- id: Not An Id\n');
    const result = check([], { ARCHIVE_CONTENT_DIR: broken });
    rmSync(broken, { recursive: true, force: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^check: could not run: Invalid topic taxonomy/);
  });

  it('names every problem of a broken taxonomy as path:line:column, then exits 2 (it cannot check papers against it)', () => {
    const broken = mkdtempSync(join(tmpdir(), 'paper-archive-check-cli-topics-'));
    try {
      cpSync(ACCEPTED, broken, { recursive: true });
      const topics = join(broken, 'topics.yaml');
      // The first topic's name misspelt, the second topic's list of phrases given as one phrase.
      writeFileSync(
        topics,
        readFileSync(topics, 'utf8')
          .replace('  name:', '  nam:')
          .replace('match: [language model]', 'match: language model'),
      );
      const { code, stdout, stderr } = check([], { ARCHIVE_CONTENT_DIR: broken });
      expect(stderr.split('\n')).toEqual([
        `check: could not run: Invalid topic taxonomy ${topics} (2 problems):`,
        `${topics}:2:3: error: topic "scaling-laws": unknown key "nam": did you mean "name"? Rename it`,
        `${topics}:8:10: error: topic "language-models": match: must be a list, not the string language model: write it as a list, e.g. match: [language model]`,
        '',
      ]);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
