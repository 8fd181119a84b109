import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { extractFrontmatter, parseFrontmatter } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { findFrontMatter } from '../../../src/lib/check/front-matter-fences.ts';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import { parseYamlSyntax, unclosedQuote, yamlHazards } from '../../../src/lib/check/yaml-hazards.ts';
import { mapYamlSource } from '../../../src/lib/check/yaml-source-map.ts';

const ACCEPTED = 'tests/fixtures/hostile/accepted/papers';

describe('the front matter reader', () => {
  it("is the very module Astro's content loader uses, not a second copy", () => {
    const fromHere = createRequire(import.meta.url).resolve('@astrojs/internal-helpers/frontmatter');
    const astro = createRequire(import.meta.url).resolve('astro/package.json');
    expect(createRequire(astro).resolve('@astrojs/internal-helpers/frontmatter')).toBe(fromHere);
    expect(readFileSync(astro.replace(/package\.json$/, 'dist/content/utils.js'), 'utf8')).toContain(
      'from "@astrojs/internal-helpers/frontmatter"',
    );
  });
});

describe('findFrontMatter', () => {
  it('cuts every accepted paper exactly where Astro does', () => {
    for (const name of readdirSync(ACCEPTED)) {
      const text = readFileSync(join(ACCEPTED, name), 'utf8');
      const { region } = findFrontMatter(text);
      expect(region, name).toBeDefined();
      expect(region?.yaml, name).toBe(extractFrontmatter(text));
      expect(region?.body, name).toBe(parseFrontmatter(text, { frontmatter: 'empty-with-spaces' }).content.trim());
      expect(text.slice(region?.bodyStart, (region?.bodyStart ?? 0) + 20), name).toBe(region?.body.slice(0, 20));
    }
  });

  it('finds the body after blank lines and trailing spaces on the closing line', () => {
    const text = '---\ntitle: a\n---   \n\n\n  Body text.\n';
    expect(findFrontMatter(text).region).toEqual({
      yaml: '\ntitle: a\n',
      yamlStart: 3,
      closeStart: 13,
      body: 'Body text.',
      bodyStart: 24,
    });
  });

  it.each([
    ['\n---\ntitle: a\n---\n', 'front-matter-leading-blank', 0],
    ['  \n+++\ntitle = "a"\n+++\n', 'front-matter-leading-blank', 0],
    ['+++\ntitle = "a"\n+++\n', 'front-matter-toml', 0],
    ['title: a\n', 'front-matter-missing', 0],
    ['', 'front-matter-missing', 0],
    ['---js\n{}\n---\n', 'front-matter-code', 3],
    ['---coffee\na: 1\n---\n', 'front-matter-code', 3],
    ['----\ntitle: a\n----\n', 'front-matter-code', 3],
    ['---\ntitle: a\n', 'front-matter-unclosed', 0],
    ['---\ntitle: a\n+++\nbody\n---\n', 'front-matter-closing', 13],
    ['---\ntitle: a\n----\n', 'front-matter-closing', 13],
    ['---\ntitle: a\n---js\n', 'front-matter-closing', 13],
  ])('refuses %j (%s)', (text, rule, offset) => {
    expect(findFrontMatter(text).problem).toMatchObject({ rule, offset });
  });

  it('explains that ---js asks for code to run', () => {
    expect(findFrontMatter('---javascript\n').problem?.message).toMatch(
      /"---javascript" asks for the front matter to be run as code/,
    );
  });
});

describe('yamlHazards', () => {
  const hazards = (yaml: string) => yamlHazards(parseYamlSyntax(yaml)).map(({ rule, offset }) => [rule, offset]);

  it('finds anchors, aliases, tags and directives without building any value', () => {
    const yaml = '\n%YAML 1.1\n---\na: &x [1, 2]\nb: *x\nc: !!binary aGk=\nd: [*x, &y 1]\n';
    expect(hazards(yaml)).toEqual([
      ['yaml-directive', yaml.indexOf('%YAML')],
      ['yaml-anchor', yaml.indexOf('&x')],
      ['yaml-alias', yaml.indexOf('*x')],
      ['yaml-tag', yaml.indexOf('!!binary')],
    ]);
  });

  it('rejects a billion-laughs bomb of 10^9 elements lexically, instantly', () => {
    const lines = ['a: &a [' + Array(10).fill('"lol"').join(',') + ']'];
    for (const [prev, cur] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const problems = yamlHazards(parseYamlSyntax(lines.join('\n')));
    expect(problems.map((p) => p.rule)).toEqual(['yaml-anchor', 'yaml-alias']);
    expect(problems[1]?.message).toMatch(/\(79 more in this file\)/);
  });

  it('passes plain YAML, including characters that only look like hazards inside strings', () => {
    expect(hazards('title: "A & B: *not* an alias"\nauthors:\n  - "!important"\nnote: \'%YAML\'\n')).toEqual([]);
  });
});

describe('unclosedQuote', () => {
  const find = (yaml: string) => unclosedQuote(parseYamlSyntax(yaml));

  it('finds the quote that opens a value never closed, however far YAML reads on', () => {
    const fields = 'authors:\n  - Ada\nadded: 2025-03-14\n';
    expect(find(`\ntitle: "A title\n${fields}`)).toEqual({ offset: 8, quote: '"' });
    expect(find(`\ntitle: 'A title\n${fields}`)).toEqual({ offset: 8, quote: "'" });
    // Closed by the quote of a later value, as YAML reads it: the title's quote is still the one to close.
    expect(find('\ntitle: "A title\nauthors:\n  - "Ada"\n')).toEqual({ offset: 8, quote: '"' });
    expect(find('\ntitle: A title\nauthors:\n  - "Ada\n  - Bob\n')).toEqual({ offset: 29, quote: '"' });
    expect(find('\ntopics: ["a, b]\n')).toEqual({ offset: 10, quote: '"' });
  });

  it('takes escaped quotes as escaped and a quote run over lines as closed', () => {
    expect(find('\ntitle: "A \\"quoted\\" word"\nsource: \'it\'\'s\'\n')).toBeUndefined();
    expect(find('\ntitle: "ends in a backslash \\\\"\nsource: \'\'\n')).toBeUndefined();
    expect(find('\ntitle: "A title\n  on two lines"\n')).toBeUndefined();
    expect(find('\ntitle: "A \\"\n')).toEqual({ offset: 8, quote: '"' });
    expect(find("\nsource: 'it''\n")).toEqual({ offset: 9, quote: "'" });
  });

  it('is reported at its line, for a field or a list item', () => {
    const paper = (front: string) =>
      `---\n${front}\nadded: 2025-03-14\ntopics: [optimization]\nsource: pull request\n---\nAn abstract.\n`;
    const check = (front: string) =>
      checkPaperSource('p.md', new TextEncoder().encode(paper(front)), {
        topicIds: ['optimization'],
        topicsFile: 'topics.yaml',
      }).findings.map(({ rule, line, column, message }) => [rule, line, column, message]);
    expect(check('title: "A title')).toEqual([
      [
        'yaml-syntax',
        2,
        8,
        'invalid YAML: the double quote (") that starts this value is never closed: end the value with " on the same line (write a " inside the value as \\")',
      ],
    ]);
    expect(check("title: 'A title")).toEqual([
      [
        'yaml-syntax',
        2,
        8,
        "invalid YAML: the single quote (') that starts this value is never closed: end the value with ' on the same line (write a ' inside the value as '')",
      ],
    ]);
    expect(check('title: "A title\nauthors:\n  - "Ada"').map(([, line, column]) => [line, column])).toEqual([[2, 8]]);
    expect(check('title: A title\nauthors:\n  - "Ada\n  - Bob').map(([, line, column]) => [line, column])).toEqual([
      [4, 5],
    ]);
  });
});

describe('mapYamlSource', () => {
  const yaml = '\ntitle: "Quoted: title"\nauthors:\n  - Ada\n  - 2024\nadded: 2025-03-14\ndoi:\n';
  const map = mapYamlSource(yaml, parseYamlSyntax(yaml));

  it('locates values and keys', () => {
    expect(map.kind).toBe('mapping');
    expect(map.valueOffset(['title'])).toBe(yaml.indexOf('"Quoted'));
    expect(map.valueOffset(['authors', 1])).toBe(yaml.indexOf('2024'));
    expect(map.keyOffset('added')).toBe(yaml.indexOf('added'));
    expect(map.source(['title'])).toBe('"Quoted: title"');
    expect(map.source(['authors', 1])).toBe('2024');
  });

  it('falls back to the nearest value that exists', () => {
    expect(map.valueOffset(['authors', 7])).toBe(map.valueOffset(['authors']));
    expect(map.valueOffset(['nothing'])).toBe(map.valueOffset([]));
    expect(map.source(['authors', 7])).toBeUndefined();
    expect(map.keyOffset('nothing')).toBeUndefined();
  });

  it('reports duplicate keys at the repeat and merge keys', () => {
    const text = '\ntitle: a\n<<: {doi: x}\ntitle: b\n';
    expect(mapYamlSource(text, parseYamlSyntax(text)).problems.map(({ rule, offset }) => [rule, offset])).toEqual([
      ['yaml-duplicate-key', 23],
      ['yaml-merge-key', 10],
    ]);
  });

  it('tells an empty block and a list from a mapping', () => {
    expect(mapYamlSource('\n', parseYamlSyntax('\n')).kind).toBe('empty');
    expect(mapYamlSource('\n# only a comment\n', parseYamlSyntax('\n# only a comment\n')).kind).toBe('empty');
    expect(mapYamlSource('\n- a\n', parseYamlSyntax('\n- a\n')).kind).toBe('other');
  });
});
