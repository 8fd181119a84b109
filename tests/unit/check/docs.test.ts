/**
 * The check's documentation stays true: every rule is documented, and every example message in
 * CONTRIBUTING.md that comes from a hostile fixture is exactly what the check prints for it today.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { RULES } from '../../../src/lib/check/rules.ts';
import { checkArchive } from '../../../src/lib/check/paper-check.ts';

const HOSTILE = 'tests/fixtures/hostile';
const contributing = readFileSync('CONTRIBUTING.md', 'utf8');
const reference = readFileSync('docs/check.md', 'utf8');
const topicIds = loadTopics(join(HOSTILE, 'accepted/topics.yaml')).map((topic) => topic.id);
const root = mkdtempSync(join(tmpdir(), 'paper-archive-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXAMPLE = /^\s*content\/papers\/([^:]+\.md):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$/gm;
const examples = [...contributing.matchAll(EXAMPLE)].map((match) => ({
  name: match[1] ?? '',
  line: Number(match[2]),
  column: Number(match[3]),
  severity: match[4],
  message: match[5],
  rule: match[6] ?? '',
}));

describe('docs', () => {
  it('document every rule, with an example of each in CONTRIBUTING.md', () => {
    for (const rule of Object.keys(RULES)) {
      expect(reference, rule).toContain(`| \`${rule}\``);
      expect(contributing, rule).toContain(`[${rule}]`);
    }
  });

  it('quote the check word for word for every example taken from a hostile fixture', () => {
    const fromFixtures = examples.filter((example) =>
      ['rejected', 'warnings'].some((dir) => existsSync(join(HOSTILE, dir, example.name))),
    );
    expect(fromFixtures.length).toBeGreaterThan(40);
    for (const example of fromFixtures) {
      const dir = ['rejected', 'warnings'].find((d) => existsSync(join(HOSTILE, d, example.name))) ?? '';
      const papers = join(root, example.name, 'papers');
      mkdirSync(papers, { recursive: true });
      cpSync(join(HOSTILE, dir, example.name), join(papers, example.name));
      // The day CONTRIBUTING.md's example of a date in the future was printed on.
      const today = '2025-04-01';
      const { findings } = checkArchive({ papersDir: papers, topicIds, topicsFile: 'content/topics.yaml', today });
      const printed = findings.map(({ line, column, severity, message, rule }) => ({
        line,
        column,
        severity,
        message,
        rule,
      }));
      const { name: _, ...expected } = example;
      expect(printed, example.name).toContainEqual(expected);
    }
  }, 30_000);

  it('quote the check word for word for every example about the site macros file (from its hostile fixture)', () => {
    const dir = join(HOSTILE, 'rejected-sets/macros-file');
    const { findings } = checkArchive({
      papersDir: join(dir, 'papers'),
      macrosFile: join(dir, 'macros.yaml'),
      topicIds,
      topicsFile: 'content/topics.yaml',
    });
    const printed = findings.map(({ line, column, severity, message, rule }) => ({
      line,
      column,
      severity,
      message,
      rule,
    }));
    const documented = [
      ...contributing.matchAll(/^content\/macros\.yaml:(\d+):(\d+): (error): (.*) \[(macros-file)\]$/gm),
    ];
    expect(documented.length).toBeGreaterThan(2);
    for (const [, line, column, severity, message, rule] of documented) {
      expect(printed).toContainEqual({ line: Number(line), column: Number(column), severity, message, rule });
    }
  });
});
