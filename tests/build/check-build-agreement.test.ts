/**
 * The check and the build agree: an archive the check accepts builds, with a page for every
 * paper and no KaTeX error on any page; and each paper Astro would reject (bad schema, bad YAML,
 * bad math) is rejected by the check first, naming the same file.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/lib/paper/topics-file.ts';
import type { RuleId } from '../../src/lib/check/rules.ts';
import { checkArchive } from '../../src/lib/check/paper-check.ts';
import { buildSite, PROJECT_ROOT, removeTemp } from '../helpers/astro-build.ts';

const HOSTILE = join(PROJECT_ROOT, 'tests/fixtures/hostile');
const ACCEPTED = join(HOSTILE, 'accepted');
const topicIds = loadTopics(join(ACCEPTED, 'topics.yaml')).map((topic) => topic.id);

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await removeTemp(dir);
});

function errorsOf(contentDir: string) {
  const { findings } = checkArchive({
    papersDir: join(contentDir, 'papers'),
    topicIds,
    topicsFile: join(contentDir, 'topics.yaml'),
  });
  return findings.filter((finding) => finding.severity === 'error');
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.html'))
    .map((path) => join(dir, path));
}

describe('an archive the check accepts', () => {
  it('builds, with a page for every paper and no KaTeX error anywhere', async () => {
    expect(errorsOf(ACCEPTED)).toEqual([]);
    const result = await buildSite({ contentDir: ACCEPTED });
    temps.push(result.outDir);
    expect(result.output).not.toMatch(/could not be loaded|katex-error|\[ERROR\]/);
    expect(result.code).toBe(0);
    for (const name of readdirSync(join(ACCEPTED, 'papers'))) {
      expect(existsSync(join(result.outDir, 'papers', name.replace(/\.md$/, ''), 'index.html')), name).toBe(true);
    }
    for (const file of htmlFiles(result.outDir)) {
      expect(readFileSync(file, 'utf8'), file).not.toContain('katex-error');
    }
    // An Arabic paper's title, abstract and list entries read right to left (Latin acronyms and
    // formulas in place), in Arabic for a screen reader; an English paper's title and abstract
    // carry no dir or lang attribute (the page's own).
    const arabic = readFileSync(join(result.outDir, 'papers/arabic-language-modelling/index.html'), 'utf8');
    expect(arabic).toMatch(/<h1 dir="rtl" lang="ar"/);
    expect(arabic).toMatch(/<div class="abstract" dir="rtl" lang="ar">/);
    const list = readFileSync(join(result.outDir, 'index.html'), 'utf8');
    expect(list).toMatch(/<a href="[^"]*arabic-language-modelling\/" dir="rtl" lang="ar">/);
    expect(list).toMatch(/<p class="paper-excerpt" dir="rtl" lang="ar">/);
    const english = readFileSync(
      join(result.outDir, 'papers/scaling-law-with-learning-rate-annealing/index.html'),
      'utf8',
    );
    expect(english).toMatch(/<h1 data-pagefind-ignore>/);
    expect(english).toContain('<div class="abstract"><p>');
  });
});

// [hostile fixture, the rule the check reports, a key part of what the build says about it]
const ASTRO_REJECTS: [string, RuleId, RegExp][] = [
  ['unknown-topic.md', 'unknown-topic', /unknown topic "language-model"/],
  ['missing-field.md', 'missing-field', /added/],
  ['arxiv-not-quoted.md', 'arxiv-not-quoted', /arxiv/],
  ['arxiv-not-quoted-invalid.md', 'arxiv-id', /arxiv/],
  ['schema-source-empty.md', 'schema', /source/],
  ['schema-source-blank.md', 'schema', /source/],
  // The build's parser reports it at the closing "---"; the check, where the quote opens.
  ['yaml-unclosed-quote.md', 'yaml-syntax', /Missing closing "quote/],
  ['yaml-type-title-number.md', 'yaml-type', /title/],
  ['yaml-syntax.md', 'yaml-syntax', /Nested mappings are not allowed in compact mappings/],
  ['yaml-duplicate-key.md', 'yaml-duplicate-key', /Map keys must be unique/],
  ['math-error.md', 'math-error', /KaTeX/],
  ['math-error-title.md', 'math-error', /KaTeX/],
  ['math-too-long.md', 'math-error', /limit is 2000|2000-character cap/],
  // The site renders titles and the abstract's first sentence with its own math splitter.
  ['math-error-title-code-span.md', 'math-error', /\\alpha\^/],
  ['math-error-excerpt.md', 'math-error', /\\tag works only in display equations/],
  // The allow-list and the budget, in the abstract and in the title (the macro bomb first).
  ['math-command-def-bomb.md', 'math-command', /\\def is not allowed in a formula \(3 times\)/],
  ['math-command-title-gdef.md', 'math-command', /\(title\): \\gdef is not allowed in a formula/],
  ['math-budget-tall-title.md', 'math-budget', /\(title\): the formula .* is 49\.2em tall; the limit is 6em/],
];

describe('a paper Astro would reject is rejected by the check first', () => {
  it('a file named like a page of the paper list (by-title.md)', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-agreement-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const paper = readFileSync(join(ACCEPTED, 'papers/no.md'), 'utf8')
      .replace('title: no', 'title: Sorting Papers by Title')
      .replace('hep-th/9901001', 'hep-th/9901005');
    writeFileSync(join(contentDir, 'papers/by-title.md'), paper);

    expect(errorsOf(contentDir).map((e) => [e.file, e.rule])).toEqual([
      [join(contentDir, 'papers/by-title.md'), 'reserved-slug'],
    ]);
    const result = await buildSite({ contentDir });
    temps.push(result.outDir);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/by-title.*paper list/);
  });

  it('hidden characters, a slug too long, a file too large and a lookalike duplicate stop the build before any page', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-agreement-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const attacks = [
      'bidi-control-escape.md',
      'control-character-escape-nul.md',
      'invisible-character-soft-hyphen.md',
      'bidi-control-reference.md',
      'markdown-nesting-list.md',
    ];
    for (const fixture of attacks) cpSync(join(HOSTILE, 'rejected', fixture), join(contentDir, 'papers', fixture));
    const lookalike = join(HOSTILE, 'rejected-sets/duplicate-title-lookalike/papers');
    cpSync(join(lookalike, 'emo.md'), join(contentDir, 'papers/emo.md'));
    cpSync(join(lookalike, 'emo-cyrillic.md'), join(contentDir, 'papers/emo-cyrillic.md'));
    const long = `${'a'.repeat(252)}.md`;
    const no = readFileSync(join(ACCEPTED, 'papers/no.md'), 'utf8');
    writeFileSync(
      join(contentDir, 'papers', long),
      no.replace('title: no', 'title: Long').replace('9901001', '9901007'),
    );
    writeFileSync(
      join(contentDir, 'papers/huge.md'),
      no.replace('title: no', 'title: Huge').replace('9901001', '9901008') + 'word '.repeat(14_000),
    );

    const refused = new Set(errorsOf(contentDir).map((e) => e.file.split('/').pop()));
    expect([...refused].sort()).toEqual([...attacks, long, 'emo-cyrillic.md', 'emo.md', 'huge.md'].sort());

    const result = await buildSite({ contentDir });
    temps.push(result.outDir);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/paper file\(s\) could not be loaded/);
    for (const [name, rule] of [
      ['bidi-control-escape.md', 'bidirectional control U\\+202E'],
      ['control-character-escape-nul.md', 'control character U\\+0000'],
      ['invisible-character-soft-hyphen.md', 'invisible-character'],
      ['bidi-control-reference.md', 'bidi-control'],
      ['markdown-nesting-list.md', 'markdown-nesting'],
      [long, 'file-name-too-long'],
      ['huge.md', 'file-too-large'],
      ['emo-cyrillic.md', 'duplicate-title'],
    ] as const) {
      const entry = result.output.split('\n  - ').find((part) => part.includes(`papers/${name}`)) ?? '';
      expect(entry, name).toMatch(new RegExp(rule));
    }
    // Refused while loading the content: no page was written, nothing half-built.
    expect(existsSync(join(result.outDir, 'papers'))).toBe(false);
    expect(result.output).not.toMatch(/ENAMETOOLONG/);
  });

  it.each(ASTRO_REJECTS)('%s', async (fixture, rule, buildSays) => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-agreement-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    cpSync(join(HOSTILE, 'rejected', fixture), join(contentDir, 'papers', fixture));

    const errors = errorsOf(contentDir);
    expect(errors.map((e) => [e.file, e.rule])).toEqual([[join(contentDir, 'papers', fixture), rule]]);

    const result = await buildSite({ contentDir });
    temps.push(result.outDir);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain(fixture);
    expect(result.output).toMatch(buildSays);
  });
});

describe('a broken taxonomy or macros file stops the build with the lines the check names', () => {
  it('content/topics.yaml: a YAML syntax error and, in another build, every schema problem', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-agreement-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const topics = join(contentDir, 'topics.yaml');
    const sound = readFileSync(topics, 'utf8');

    writeFileSync(topics, sound.replace('match: [scaling law]', 'match: [scaling law'));
    const syntax = await buildSite({ contentDir });
    temps.push(syntax.outDir);
    expect(syntax.code, syntax.output).not.toBe(0);
    expect(syntax.output).toMatch(new RegExp(`${topics}:\\d+:\\d+: error: invalid YAML: `));

    writeFileSync(topics, sound.replace('  name:', '  nam:').replace('- id: optimization', '- id: Optimization'));
    const schema = await buildSite({ contentDir });
    temps.push(schema.outDir);
    expect(schema.code, schema.output).not.toBe(0);
    expect(schema.output).toContain(
      `${topics}:2:3: error: topic "scaling-laws": unknown key "nam": did you mean "name"? Rename it`,
    );
    expect(schema.output).toContain(`${topics}:17:7: error: topic "Optimization": id: a topic id is lowercase words`);
  });

  it('content/macros.yaml: every problem, not only the first', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'paper-archive-agreement-'));
    temps.push(contentDir);
    cpSync(ACCEPTED, contentDir, { recursive: true });
    const macros = join(contentDir, 'macros.yaml');
    writeFileSync(macros, '\\Q: \\mathbb{Q}\n\\bomb: \\gdef\\x{y}\n\\frac: y\n');
    const result = await buildSite({ contentDir });
    temps.push(result.outDir);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain(`${macros}:2:1: error: \\bomb: \\gdef is not allowed in a site macro`);
    expect(result.output).toContain(`${macros}:3:1: error: \\frac is one of KaTeX's own commands`);
  });
});
