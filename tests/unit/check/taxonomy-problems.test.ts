/**
 * The topic taxonomy (content/topics.yaml) checked as a contributor edits it: every problem at its
 * line and column, naming the topic, in the check's words, and every way in (the check, the ingest,
 * `npm run new`, enrich, the build) stopping with the same lines. The site macros file's problems
 * reach those ways in in the same form.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTaxonomy } from '../../../src/lib/check/taxonomy-problems.ts';
import { siteMacros } from '../../../src/lib/math/site-macros.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'taxonomy-problems-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message `read` throws with ('' when it does not throw, which the assertions then show). */
function thrownMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}
const problems = (text: string) => parseTaxonomy(text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

const topic = (id: string, phrase = id.replace(/-/g, ' ')) =>
  `- id: ${id}\n  name: ${id}\n  description: About ${id}.\n  match: [${phrase}]\n`;

describe('parseTaxonomy', () => {
  it('accepts the real taxonomy', () => {
    const { topics, problems: found } = parseTaxonomy(readFileSync('content/topics.yaml', 'utf8'));
    expect(found).toEqual([]);
    expect(topics.length).toBeGreaterThan(10);
  });

  it('names a misspelt key at its line, with the key it probably is', () => {
    const text = `${topic('scaling-laws')}- id: language-models\n  nam: Language models\n  description: LMs.\n  match: [language model]\n`;
    expect(problems(text)).toEqual(['6:3 topic "language-models": unknown key "nam": did you mean "name"? Rename it']);
    expect(problems(`${topic('scaling-laws')}  colour: blue\n`)).toEqual([
      '5:3 topic "scaling-laws": unknown key "colour": a topic\'s keys are id, name, description, match, categories, fallback, catchAll',
    ]);
  });

  it('names a wrong type at the value, and lists every problem of every topic', () => {
    const text = [
      '- id: a-topic',
      '  name: A',
      '  description: About a.',
      '  match: scaling law',
      '- id: b-topic',
      '  name: B',
      '  description: ""',
      '  match: [b topic]',
      '  fallback: yes',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      '4:10 topic "a-topic": match: must be a list, not the string scaling law: write it as a list, e.g. match: [scaling law]',
      '7:16 topic "b-topic": description: the value is empty: give it one, e.g. description: One line saying what belongs here',
      '9:13 topic "b-topic": fallback: must be true or false, not the string yes',
    ]);
  });

  it('refuses an id that is not a URL segment, naming the topic by its place when it has no usable id', () => {
    expect(problems(topic('Federated Learning', 'federated learning'))).toEqual([
      '1:7 topic "Federated Learning": id: a topic id is lowercase words joined by hyphens, as it is the URL /topics/<id>/: e.g. federated-learning',
    ]);
    expect(problems(`${topic('a-topic')}- name: B\n  description: About b.\n  match: [b topic]\n`)).toEqual([
      '5:3 topic 2: the required key "id" is missing: add it, e.g. id: federated-learning',
    ]);
  });

  it('names a repeated id, two catch-alls and a phrase given to two topics at their lines', () => {
    const catchAll = (id: string) => `- id: ${id}\n  name: ${id}\n  description: Anything.\n  catchAll: true\n`;
    expect(problems(topic('a-topic') + topic('a-topic', 'other phrase'))).toEqual([
      '5:7 topic "a-topic" appears twice (first at line 1): give each topic its own id, or merge the two',
    ]);
    expect(problems(catchAll('unsorted') + catchAll('misc'))).toEqual([
      '8:3 topic "misc": only one topic may be the catch-all, and "unsorted" (line 1) is already: remove catchAll: true from one of them',
    ]);
    expect(problems(topic('scaling-laws', 'scaling law') + topic('laws', 'scaling laws'))).toEqual([
      '8:11 match phrase "scaling laws" of topic "laws" matches the same text ("scaling laws") as "scaling law" of topic "scaling-laws": keep one of them (matching ignores case, treats hyphens as spaces and adds plurals by itself)',
    ]);
    // Named even when another key of the topic is wrong too: every problem in one run.
    expect(problems(topic('a-topic', 'L.L.M').replace('  name:', '  nam:'))).toEqual([
      '2:3 topic "a-topic": unknown key "nam": did you mean "name"? Rename it',
      '4:11 match phrase "L.L.M" of topic "a-topic" must be ASCII letters and digits in words joined by single spaces or hyphens (math, punctuation and accents are never matched)',
    ]);
    expect(problems(topic('a-topic', 'café au lait'))).toEqual([
      '4:11 match phrase "café au lait" of topic "a-topic" must be ASCII letters and digits in words joined by single spaces or hyphens (math, punctuation and accents are never matched)',
    ]);
  });

  it('names a category arXiv does not have, which could never match, with the one probably meant', () => {
    const withCategories = (list: string) => `${topic('robots')}  categories: [${list}]\n`;
    expect(problems(withCategories('cs.RO, cs.CVV, q-bio, chao-dyn, physics, cond-mat.soft, astro'))).toEqual([
      '5:23 topic "robots": categories item 2: "cs.CVV" is not an arXiv category, so no paper can match it: did you mean "cs.CV"?',
      '5:72 topic "robots": categories item 7: "astro" is not an arXiv category, so no paper can match it: write one such as cs.LG, or an archive such as astro-ph',
    ]);
  });

  it('names a YAML syntax error at its line and column', () => {
    const found = problems(`${topic('a-topic')}- id: [b\n  name: B\n`);
    // Where the parser finds the unclosed list: the next line, indented less than it.
    expect(found).toEqual([
      '6:3 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]: each starting with "- id:", its other keys indented below it, and a value with ": " or " #" in quotes',
    ]);
    expect(problems('- id: a\n  id: b\n  name: A\n  description: d\n  match: [aa]\n')).toEqual([
      '2:3 invalid YAML: the key "id" appears twice in one topic: keep one',
    ]);
  });

  it('refuses an empty file and a taxonomy that is not a list of topics', () => {
    expect(problems('')).toEqual([
      '1:1 the taxonomy is empty: list the topics, each starting with "- id:" (see docs/topics.md)',
    ]);
    expect(problems('# nothing yet\n')).toEqual([
      '1:1 the taxonomy is empty: list the topics, each starting with "- id:" (see docs/topics.md)',
    ]);
    expect(problems('topics:\n  - id: a\n')).toEqual([
      '1:1 the taxonomy must be a list of topics, each starting with "- id:" at the start of a line, not a mapping ("key: value")',
    ]);
    expect(problems(`${topic('a-topic')}- just a phrase\n`)).toEqual([
      '5:3 topic 2 must be a mapping of id, name, description and match, not the string just a phrase: write it as "- id: ..." with its other keys indented below',
    ]);
  });
});

describe('loadTopics and siteMacros', () => {
  it('stop with every problem as path:line:column: error: ..., in the error message itself', () => {
    const path = join(dir, 'topics.yaml');
    writeFileSync(path, `- id: A\n  name: a\n  description: d\n  match: [aa]\n${topic('b-topic')}- id: b-topic\n`);
    const message = thrownMessage(() => loadTopics(path));
    expect(message.split('\n')).toEqual([
      `Invalid topic taxonomy ${path} (4 problems):`,
      `${path}:1:7: error: topic "A": id: a topic id is lowercase words joined by hyphens, as it is the URL /topics/<id>/: e.g. federated-learning`,
      `${path}:9:3: error: topic "b-topic": the required key "name" is missing: add it, e.g. name: Federated learning`,
      `${path}:9:3: error: topic "b-topic": the required key "description" is missing: add it, e.g. description: One line saying what belongs here`,
      `${path}:9:7: error: topic "b-topic" appears twice (first at line 5): give each topic its own id, or merge the two`,
    ]);
  });

  it('show what a hostile key or id holds as code points, one problem a line', () => {
    // YAML escapes put any character in a key: a line break would forge a line, ESC drive the terminal.
    const path = join(dir, 'topics.yaml');
    writeFileSync(
      path,
      `- id: "x\\n::error file=README.md::forged"\n  "nam\\e]0;pwned\\a": a\n  description: d\n  match: [aa]\n`,
    );
    const message = thrownMessage(() => loadTopics(path));
    const lines = message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((line) => line.startsWith(`${path}:`))).toBe(true);
    expect(message).toContain('x⟨U+000A⟩::error');
    expect(message).toContain('nam⟨U+001B⟩]0;pwned⟨U+0007⟩');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('name the cause of a file that cannot be read', () => {
    const absent = join(dir, 'absent.yaml');
    expect(() => loadTopics(absent)).toThrow(`Failed to read the topic taxonomy ${absent}: ENOENT`);
  });

  it('list every problem of the macros file, not only the first', () => {
    const bad = join(dir, 'macros.yaml');
    writeFileSync(bad, '\\ok: x\n\\bomb: \\gdef\\a{x}\n\\frac: y\n');
    const message = thrownMessage(() => siteMacros(bad));
    expect(message.split('\n')).toEqual([
      `Invalid site macros ${bad} (3 problems):`,
      `${bad}:2:1: error: \\bomb: \\gdef is not allowed in a site macro: a site macro may not define macros either: write the expansion out`,
      `${bad}:2:1: error: \\bomb: \\a is neither a KaTeX command nor a macro of this file: define it above, or write it out`,
      `${bad}:3:1: error: \\frac is one of KaTeX's own commands: a site macro may not redefine it; choose another name`,
    ]);
  });
});

// Each run starts a Node process that loads a whole tool (about a second, more on a busy machine).
describe('the ways in that read the taxonomy and the macros', { timeout: 60_000 }, () => {
  const content = join(dir, 'archive');
  cpSync('tests/fixtures/hostile/accepted', content, { recursive: true });
  const topicsFile = join(content, 'topics.yaml');
  const macrosFile = join(content, 'macros.yaml');
  const sound = readFileSync(topicsFile, 'utf8');
  const run = (script: string, args: string[]) => {
    const result = spawnSync(process.execPath, [script, ...args], {
      env: { ...process.env, ARCHIVE_CONTENT_DIR: content, ARXIV_API_URL: 'http://127.0.0.1:9' },
      input: 'A title\n\nAn abstract about an optimizer for $\\Q$.\n',
      encoding: 'utf8',
    });
    return { code: result.status, stderr: result.stderr };
  };
  const WAYS_IN: [string, string[], number][] = [
    ['scripts/ingest.ts', ['--added', '2025-03-14', 'tests/fixtures/inputs/arxiv-oai-sample.jsonl'], 2],
    ['scripts/new-paper.ts', ['--offline', '--dry-run', '--added', '2025-03-14'], 2],
    ['scripts/enrich.ts', [], 2],
  ];

  it.each(WAYS_IN)('%s stops on a broken taxonomy with its lines', (script, args, code) => {
    writeFileSync(topicsFile, sound.replace('  name:', '  nam:'));
    rmSync(macrosFile, { force: true });
    const result = run(script, args);
    expect(result.stderr).toContain(
      `${topicsFile}:2:3: error: topic "scaling-laws": unknown key "nam": did you mean "name"? Rename it\n`,
    );
    expect(result.code).toBe(code);
  });

  it.each(WAYS_IN)('%s stops on a broken macros file with every line, and no stack trace', (script, args, code) => {
    writeFileSync(topicsFile, sound);
    writeFileSync(macrosFile, '\\Q: \\mathbb{Q}\n\\bomb: \\gdef\\x{y}\n\\frac: y\n');
    const result = run(script, args);
    expect(result.stderr).toContain(`${macrosFile}:2:1: error: \\bomb: \\gdef is not allowed in a site macro`);
    expect(result.stderr).toContain(`${macrosFile}:3:1: error: \\frac is one of KaTeX's own commands`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(code);
  });
});
