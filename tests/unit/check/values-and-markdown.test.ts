import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkFrontMatterValues, describeYamlValue, PAPER_FIELDS } from '../../../src/lib/check/front-matter-values.ts';
import { isHttpUrl, markdownHazards, type MathCache } from '../../../src/lib/check/markdown-hazards.ts';
import { MAX_ABSTRACT_CHARS, MAX_QUOTE_DEPTH, markdownLimits } from '../../../src/lib/check/markdown-limits.ts';
import { closestMatch, editDistance } from '../../../src/lib/check/suggest.ts';
import { parseYamlSyntax } from '../../../src/lib/check/yaml-hazards.ts';
import { mapYamlSource } from '../../../src/lib/check/yaml-source-map.ts';
import { findMath, mathError } from '../../../src/lib/math/math-check.ts';
import { ARXIV_ID_FORM } from '../../../src/lib/paper/identifiers.ts';

const TOPICS = ['language-models', 'scaling-laws'];
const BASE =
  'title: A paper\nadded: 2025-03-14\ntopics: [language-models]\ncode: [https://github.com/a/b]\nsource: pull request\n';

/** Checks a front matter written in YAML, read with js-yaml 4 as Astro reads it. */
function values(text: string) {
  const block = `\n${text}`;
  const data = yaml.load(block) as Record<string, unknown>;
  return checkFrontMatterValues({
    data,
    map: mapYamlSource(block, parseYamlSyntax(block)),
    topicIds: TOPICS,
    topicsFile: 'content/topics.yaml',
    endOffset: block.length,
  }).map(({ rule, offset, message }) => ({ rule, at: block.slice(offset, offset + 12), message }));
}

/** BASE with the field of `line` written as `line`: in place of BASE's own, or added. */
function withField(line: string): string {
  const key = line.slice(0, line.indexOf(':'));
  const own = new RegExp(`^${key}: .*$`, 'm');
  return own.test(BASE) ? BASE.replace(own, line) : `${BASE}${line}\n`;
}

describe('checkFrontMatterValues', () => {
  it('accepts a valid front matter', () => {
    expect(values(BASE)).toEqual([]);
  });

  it('reads YAML 1.2 as Astro does: "no", "yes", "on" and "off" stay text', () => {
    expect(values(BASE.replace('title: A paper', 'title: no'))).toEqual([]);
    expect(values(`${BASE}authors: [yes, on, off, y]\n`)).toEqual([]);
  });

  it.each([
    ['title: 2024', 'yaml-type', /title: 2024 is read by YAML as the number 2024/],
    ['title: false', 'yaml-type', /as the boolean false/],
    ['title: 0x1F', 'yaml-type', /title: 0x1F is read by YAML as the number 31/],
    ['title: .inf', 'yaml-type', /as the number Infinity/],
    ['title: ~', 'yaml-type', /"title" is empty \(YAML reads it as null\)/],
    ['title: [a, b]', 'yaml-type', /as a list, not text/],
    ['title: {a: b}', 'yaml-type', /as a mapping \("key: value"\)/],
  ])('flags %s', (line, rule, message) => {
    const problems = values(BASE.replace('title: A paper', line));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.rule).toBe(rule);
    // Type surprises point at the value as written; an empty value at its key.
    expect(problems[0]?.at.startsWith(line === 'title: ~' ? 'title:' : line.slice('title: '.length))).toBe(true);
    expect(problems[0]?.message).toMatch(message);
  });

  it('flags an arXiv id YAML read as a number, quoting the digits as written', () => {
    expect(values(`${BASE}arxiv: 2401.10010\n`)).toEqual([
      {
        rule: 'arxiv-not-quoted',
        at: '2401.10010\n',
        message: 'arxiv: 2401.10010 is read by YAML as the number 2401.1001, not an id: quote it: arxiv: "2401.10010"',
      },
    ]);
  });

  it('says when an identifier YAML read as a number would not be valid quoted either, by its own rule', () => {
    expect(values(`${BASE}arxiv: 2401.1234\n`)).toEqual([
      {
        rule: 'arxiv-id',
        at: '2401.1234\n',
        message: `arxiv: 2401.1234 is read by YAML as the number 2401.1234, and quoting it is not enough: "2401.1234" is not an arXiv id; ${ARXIV_ID_FORM}: check it and write it in quotes`,
      },
    ]);
    // Before 2015 an id had four digits after the dot: then quoting is all it needs.
    expect(values(`${BASE}arxiv: 1412.1234\n`).map((p) => p.rule)).toEqual(['arxiv-not-quoted']);
    expect(values(`${BASE}arxiv: 2024\n`).map((p) => p.rule)).toEqual(['arxiv-id']);
    expect(values(`${BASE}doi: 10.1234\n`)[0]).toEqual({
      rule: 'doi',
      at: '10.1234\n',
      message: expect.stringMatching(
        /^doi: 10\.1234 is read by YAML as the number 10\.1234, and quoting it is not enough: "10\.1234" is not a DOI: .*: check it and write it in quotes$/,
      ),
    });
    expect(values(`${BASE}arxiv: 2401-01-05\n`).map((p) => p.rule)).toEqual(['arxiv-id']);
  });

  it.each([
    [
      'a required field left empty',
      'source: ""',
      'source: the value is empty: give it one, e.g. source: pull request (found "")',
    ],
    [
      'a title of a space',
      'title: " "',
      'title: the value is empty: give it one, e.g. title: "The title as published" (found " ")',
    ],
    [
      'an optional field left empty',
      'journal: ""',
      'journal: the value is empty: give it one, or delete the line (found "")',
    ],
    [
      'an empty list item',
      'authors: [Ada, ""]',
      'authors item 2: the item is empty: write it, or delete the item (found "")',
    ],
    [
      'comments over the limit',
      `comments: ${'x'.repeat(1001)}`,
      /^comments: the value is 1001 characters long; the limit is 1000: shorten it \(found x+…\)$/,
    ],
    [
      'a title over the limit, counted in characters',
      `title: ${'é'.repeat(501)}`,
      /^title: the value is 501 characters long; the limit is 500: shorten it/,
    ],
  ])('words a schema rule without a message of its own like the others: %s', (_, line, message) => {
    const problems = values(withField(line));
    expect(problems.map((p) => p.rule)).toEqual(['schema']);
    expect(problems[0]?.message).toMatch(message);
  });

  it("leaves no schema issue in zod's own words", () => {
    const shapes = [
      'journal: ""',
      'comments: ""',
      'source: ""',
      'title: ""',
      'authors: [""]',
      `journal: ${'j'.repeat(301)}`,
      'topics: []',
      'topics: [language-models, language-models]',
    ];
    for (const line of shapes) {
      for (const { message } of values(withField(line))) {
        expect(message, line).not.toMatch(/Too (small|big)|expected|Invalid/);
      }
    }
  });

  it('accepts quoted days and refuses days that do not exist or carry a time', () => {
    expect(values(BASE.replace('added: 2025-03-14', 'added: "2025-03-14"'))).toEqual([]);
    expect(values(BASE.replace('added: 2025-03-14', 'added: "2025-02-29"')).map((p) => p.rule)).toEqual([
      'date-format',
    ]);
    expect(values(BASE.replace('added: 2025-03-14', 'added: 2024-02-29'))).toEqual([]);
    expect(values(BASE.replace('added: 2025-03-14', 'added: 2025-13-01'))[0]?.message).toMatch(
      /rolls it over to 2026-01-01/,
    );
    expect(values(BASE.replace('added: 2025-03-14', 'added: 2025-03-14 10:00:00'))[0]?.message).toMatch(/with no time/);
    expect(values(BASE.replace('added: 2025-03-14', 'added: 20250314'))[0]?.message).toMatch(
      /read by YAML as the number/,
    );
  });

  it('reports unknown topics at the id, with a suggestion, and does not repeat them as schema errors', () => {
    expect(values(BASE.replace('[language-models]', '[language-models, scaling-law, quantum]'))).toEqual([
      {
        rule: 'unknown-topic',
        at: 'scaling-law,',
        message: 'unknown topic "scaling-law" (did you mean "scaling-laws"?): use an id from content/topics.yaml',
      },
      {
        rule: 'unknown-topic',
        at: 'quantum]\ncod',
        message: 'unknown topic "quantum": use an id from content/topics.yaml',
      },
    ]);
  });

  it('reports links and identifiers by their own rules, and schema problems at the value with what was found', () => {
    expect(values(`${BASE}links: [https://ok.example, "ftp://files.example/x"]\n`)).toEqual([
      {
        rule: 'unsafe-link',
        at: '"ftp://files',
        message:
          'links item 2: the link to "ftp://files.example/x" uses "ftp:": only http(s) links are allowed; link to an https:// page or remove it',
      },
    ]);
    expect(values(`${BASE}doi: "10.1234/x}"\narxiv: "2401.01234v2"\n`).map(({ rule, at }) => [rule, at])).toEqual([
      ['arxiv-id', '"2401.01234v'],
      ['doi', '"10.1234/x}"'],
    ]);
    expect(values(BASE.replace('[language-models]', '[]'))[0]?.message).toBe(
      'topics: a paper needs at least one topic',
    );
  });

  it('names every field in an unknown-field message', () => {
    expect(values(`${BASE}Title: x\n`)[0]?.message).toBe(
      `unknown field "Title" (did you mean "title"?): a paper's fields are ${PAPER_FIELDS.join(', ')}`,
    );
  });
});

describe('describeYamlValue and closestMatch', () => {
  it('describes values in words', () => {
    expect([null, 1.5, true, new Date('2025-01-02'), [], {}, 'x'].map(describeYamlValue)).toEqual([
      'empty (null)',
      'the number 1.5',
      'the boolean true',
      'the date 2025-01-02',
      'a list',
      'a mapping ("key: value")',
      'the string x',
    ]);
  });

  it('suggests only close matches', () => {
    expect(closestMatch('topic', PAPER_FIELDS)).toBe('topics');
    expect(closestMatch('authros', PAPER_FIELDS)).toBe('authors');
    expect(closestMatch('slug', PAPER_FIELDS)).toBeUndefined();
    expect(closestMatch('abstract', PAPER_FIELDS)).toBeUndefined();
    expect(closestMatch('url', PAPER_FIELDS)).toBeUndefined();
  });

  it('counts two letters swapped as one slip', () => {
    expect(closestMatch('titel', PAPER_FIELDS)).toBe('title');
    expect(closestMatch('autohrs', PAPER_FIELDS)).toBe('authors');
    expect(closestMatch('dio', PAPER_FIELDS)).toBe('doi');
    expect(closestMatch('soucre', PAPER_FIELDS)).toBe('source');
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    // Optimal string alignment: a swapped pair is not edited again (true Damerau-Levenshtein gives 2).
    expect(editDistance('ca', 'abc')).toBe(3);
  });
});

describe('markdownHazards', () => {
  const hazards = (markdown: string) => markdownHazards(markdown).map(({ rule, offset }) => [rule, offset]);

  it('accepts ordinary abstracts with math, emphasis, http(s) links and autolinks', () => {
    expect(
      hazards(
        'We show $O(n \\log n)$ and $$\\sum_i x_i$$ with *care*. See [code](https://github.com/a/b), <https://x.org>, www.example.org and [ref].\n\n[ref]: http://example.org',
      ),
    ).toEqual([]);
  });

  it('finds the same formulas as the shared math check, at the same places', () => {
    const text = 'A $\\frac{$ b $$y^$$ $z$\n\n$$\n\\frac{1}{\n$$\n\nAnd $\\alpha$ $5 and $6 and $\\beta_$.';
    const broken = findMath(text).filter((span) => mathError(span.tex, span.display) !== undefined);
    expect(broken).toHaveLength(4);
    const problems = markdownHazards(text).filter((p) => p.rule === 'math-error');
    expect(problems.map((p) => p.offset)).toEqual(broken.map((span) => offsetOf(text, span.line, span.column)));
  });

  it.each([
    ['[x](javascript:alert(1))', 'javascript'],
    ['[x](JaVaScRiPt:alert(1))', 'javascript'],
    ['[x](&#106;avascript:alert(1))', 'javascript'],
    ['[x]( javascript:alert(1) )', 'javascript'],
    ['[x](<javascript:alert(1)>)', 'javascript'],
    ['<javascript:alert(1)>', 'javascript'],
    ['[x](data:text/html,<script>)', 'data'],
    ['[x](file:///etc/passwd)', 'file'],
    ['[x](vbscript:msgbox)', 'vbscript'],
    ['[x](ftp://example.org)', 'ftp'],
    ['[x][r]\n\n[r]: javascript:alert(1)', 'javascript'],
    ['<user@example.org>', 'mailto'],
  ])('refuses the link %j', (markdown, scheme) => {
    const problems = markdownHazards(markdown);
    expect(problems.map((p) => p.rule)).toEqual(['unsafe-link']);
    expect(problems[0]?.message).toContain(`uses "${scheme}:"`);
  });

  it('refuses relative links, images and raw HTML of every kind', () => {
    expect(hazards('[x](../secret)')).toEqual([['unsafe-link', 0]]);
    expect(hazards('![x](https://e.org/a.png)')).toEqual([['image', 0]]);
    expect(hazards('a <span>b</span>')).toEqual([
      ['raw-html', 2],
      ['raw-html', 9],
    ]);
    expect(hazards('<div>\nblock\n</div>')).toEqual([['raw-html', 0]]);
    expect(hazards('a <!-- hidden -->')).toEqual([['raw-html', 2]]);
  });

  it('points at an inert TeX command inside its formula', () => {
    const text = 'Cost $a + \\url{https://e.org}$.';
    expect(markdownHazards(text).map((p) => [p.rule, text.slice(p.offset, p.offset + 4)])).toEqual([
      ['inert-tex-command', '\\url'],
    ]);
    expect(hazards('$\\hrefx$')).toEqual([['math-error', 0]]);
  });

  it('remembers verdicts in the cache it is given: the size of what KaTeX made, not the HTML', () => {
    const cache: MathCache = new Map();
    markdownHazards('$x$ and $\\frac{$', cache);
    expect([...cache.keys()]).toEqual(['Ix', 'I\\frac{']);
    expect(cache.get('Ix')).toEqual({ size: expect.any(Number), refusals: [] });
    expect(cache.get('Ix')?.size).toBeGreaterThan(100);
    expect(cache.get('I\\frac{')?.refusals).toEqual([
      { rule: 'math-error', detail: expect.stringMatching(/KaTeX parse error/) },
    ]);
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(['https://a.org/x?y#z', 'http://a.org'].map(isHttpUrl)).toEqual([true, true]);
    expect(['//a.org', '/a', 'a.org', 'mailto:a@b.c', 'javascript:x', ''].map(isHttpUrl)).toEqual(Array(6).fill(false));
    expect(['https://github.com@evil.example/', 'https://gіthub.com/', 'http://10.0.0.1/'].map(isHttpUrl)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('refuses deceptive links and link text in every form of link, and deceptive URLs in text, once each', () => {
    expect(hazards('A [GitHub][code] link.\n\n[code]: https://evil.example/x')).toEqual([['misleading-link-label', 2]]);
    expect(hazards('See [the code](https://github.com@evil.example/x).')).toEqual([['deceptive-url', 4]]);
    expect(hazards('See <https://github.com@evil.example/x>.')).toEqual([['deceptive-url', 4]]);
    expect(hazards('See [x]: https://xn--gthub-n2e.com/\n\n[x]: https://xn--gthub-n2e.com/')).toEqual([
      ['deceptive-url', 9],
      ['deceptive-url', 37],
    ]);
    expect(hazards('See https&#58;//github.com@evil.example/x in *the text*.')).toEqual([['deceptive-url', 4]]);
    expect(
      hazards('See [github.com/a/b](https://github.com/a/b) and [arXiv](https://arxiv.org/abs/2401.01234).'),
    ).toEqual([]);
  });
});

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
}

describe('markdownLimits: nesting on one line', () => {
  it.each([
    ['lists', `${'- '.repeat(3000)}x`, /lists nested 3000 deep/],
    ['numbered lists', `${'1. '.repeat(11)}x`, /lists nested 11 deep/],
    ['lists and quotes', `${'> - '.repeat(6)}x`, /lists nested 12 deep/],
    ['blockquotes', `${'> '.repeat(11)}x`, /a blockquote nested 11 deep/],
  ])('refuses %s nested more than 10 deep, unparsed', (_, body, message) => {
    const [problem] = markdownLimits(`A first paragraph.\n\n${body}`);
    expect(problem).toMatchObject({ rule: 'markdown-nesting', offset: 20 });
    expect(problem?.message).toMatch(message);
  });

  it('accepts ten levels, a thematic break of many dashes, and dashes in prose', () => {
    expect(markdownLimits(`${'- '.repeat(MAX_QUOTE_DEPTH)}x`)).toEqual([]);
    expect(markdownLimits('- - - - - - - - - - - - - -')).toEqual([]);
    expect(markdownLimits('Loss - accuracy - time - memory - a - b - c - d - e - f - g - h')).toEqual([]);
  });
});

describe('markdownLimits', () => {
  it('refuses an abstract over the cap, and nothing at the cap', () => {
    expect(markdownLimits('a'.repeat(MAX_ABSTRACT_CHARS))).toEqual([]);
    expect(markdownLimits('a'.repeat(MAX_ABSTRACT_CHARS + 1)).map((p) => p.rule)).toEqual(['abstract-too-long']);
  });

  it('refuses blockquotes nested deeper than the limit, spaces between the markers or not', () => {
    const ok = `${'> '.repeat(MAX_QUOTE_DEPTH)}quoted`;
    expect(markdownLimits(`Intro.\n\n${ok}`)).toEqual([]);
    const deep = `Intro.\n\n${'> '.repeat(MAX_QUOTE_DEPTH + 1)}quoted`;
    expect(markdownLimits(deep)).toMatchObject([{ rule: 'markdown-nesting', offset: 8 }]);
    expect(markdownLimits('a > b > c > d > e > f > g > h > i > j > k > l')).toEqual([]);
  });
});
