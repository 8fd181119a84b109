import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { markdownHazards, type MathCache } from '../../../src/lib/check/markdown-hazards.ts';
import { MAX_ABSTRACT_CHARS } from '../../../src/lib/check/markdown-limits.ts';
import { checkPaperValues, describeField } from '../../../src/lib/check/paper-values.ts';
import { parseYamlSyntax } from '../../../src/lib/check/yaml-hazards.ts';
import { mapDumpedYaml, mapYamlSource } from '../../../src/lib/check/yaml-source-map.ts';
import { siteMacros } from '../../../src/lib/math/site-macros.ts';
import { MAX_TITLE_CHARS } from '../../../src/lib/paper/schema.ts';

const BASE =
  'title: A paper\nadded: 2025-03-14\ntopics: [language-models]\ncode: [https://github.com/a/b]\nsource: pull request\n';
const ABSTRACT = 'We study scaling.';
const macros = siteMacros();

/** Checks a front matter (read with js-yaml 4, as Astro reads it) and an abstract; `at` is where each problem points. */
function check(text: string, body = ABSTRACT, options: { dumped?: boolean; cache?: MathCache } = {}) {
  const data = yaml.load(text) as Record<string, unknown>;
  const map = options.dumped === true ? mapDumpedYaml(text) : mapYamlSource(text, parseYamlSyntax(text));
  const problems = checkPaperValues({
    data,
    body,
    map,
    endOffset: text.length,
    topicIds: ['language-models'],
    topicsFile: 'content/topics.yaml',
    cache: options.cache ?? new Map(),
    macros,
  });
  const title = typeof data['title'] === 'string' ? data['title'] : '';
  return problems.map(({ rule, area, offset, message }) => {
    const source = area === 'yaml' ? text : area === 'title' ? title : body;
    return { rule, area, at: source.slice(offset, offset + 10), message };
  });
}
const rulesOf = (text: string, body?: string) => check(text, body).map((p) => [p.rule, p.area, p.at]);
const withTitle = (title: string) => BASE.replace('title: A paper', `title: ${title}`);

describe('describeField', () => {
  it('names a field, and a list item counting from one', () => {
    expect(describeField(['title'])).toBe('the title');
    expect(describeField(['authors', 0])).toBe('authors item 1');
    expect(describeField(['authors', 9])).toBe('authors item 10');
    expect(describeField(['topics', '2'])).toBe('topics item 3');
  });
});

describe('checkPaperValues', () => {
  it('accepts a valid paper, an empty abstract and prose in any script', () => {
    expect(check(BASE)).toEqual([]);
    expect(check(BASE, '')).toEqual([]);
    expect(check(BASE, 'مرحبا 深度学习 🙂 Schrödinger \u00A0 naïve — “quoted”.')).toEqual([]);
    expect(check(withTitle('"Schrödinger: 深度学习 & 🙂"'))).toEqual([]);
  });

  describe('hidden characters in decoded values', () => {
    it('reports one written as a YAML escape, at the start of the value', () => {
      const problems = check(withTitle('"A \\u202E paper"'));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ rule: 'bidi-control', area: 'yaml', at: '"A \\u202E ' });
      expect(problems[0]?.message).toMatch(
        /^bidirectional control U\+202E .* in the title \(written as an escape sequence\)/,
      );
    });

    it.each([
      ['\\0', 'control-character', /U\+0000/],
      ['\\e', 'control-character', /U\+001B/],
      ['\\x85', 'control-character', /U\+0085/],
      ['\\u200B', 'invisible-character', /U\+200B/],
      ['\\U000E0041', 'invisible-character', /U\+E0041/],
      ['\\u2067', 'bidi-control', /U\+2067/],
    ])('reports the escape %s as %s', (escape, rule, message) => {
      const problems = check(withTitle(`"A ${escape} paper"`));
      expect(problems.map((p) => p.rule)).toEqual([rule]);
      expect(problems[0]?.message).toMatch(message);
    });

    it('names the list item that holds it and points at that item', () => {
      const problems = check(`${BASE}authors: [Ann, "Bob \\u202E"]\n`);
      expect(problems).toEqual([expect.objectContaining({ rule: 'bidi-control', area: 'yaml', at: '"Bob \\u202' })]);
      expect(problems[0]?.message).toContain('in authors item 2 (written as an escape sequence)');
    });

    it('leaves a character written as itself to the byte-level scan', () => {
      expect(check(withTitle('A \u202E paper'))).toEqual([]);
      expect(check(`${BASE}authors: [Ann \u200B Lee]\n`)).toEqual([]);
    });

    it('reports an escape of another rule next to a raw character, but not one of the same rule', () => {
      expect(check(withTitle('"A \u202E raw \\u200B escaped"')).map((p) => p.rule)).toEqual(['invisible-character']);
      expect(check(withTitle('"A \\u202E escaped \u202D raw"'))).toEqual([]);
    });

    it('does not take a backslash that is not an escape for one', () => {
      // Single quotes keep a backslash as written, and an escape of a visible letter is that letter.
      expect(check(withTitle("'A \\u202E paper'"))).toEqual([]);
      expect(check(withTitle('"A \\u0041 paper"'))).toEqual([]);
      expect(check(withTitle('A \\u202E paper'))).toEqual([]);
    });

    it('finds escapes the same way in a file the archive serializer wrote', () => {
      const dumped = BASE.replace('title: A paper', 'title: "A \\u202E paper"');
      const problems = check(dumped, ABSTRACT, { dumped: true });
      expect(problems.map((p) => [p.rule, p.area, p.at])).toEqual([['bidi-control', 'yaml', '"A \\u202E ']]);
    });
  });

  describe('front matter values', () => {
    it('reports schema and type problems in the YAML area', () => {
      expect(rulesOf(withTitle('12345'))).toEqual([['yaml-type', 'yaml', '12345\nadde']]);
      const missing = check(BASE.replace('title: A paper\n', ''));
      expect(missing.map((p) => [p.rule, p.area])).toEqual([['missing-field', 'yaml']]);
      expect(missing[0]?.message).toMatch(/the required field "title" is missing/);
    });
  });

  describe('the title', () => {
    it('reports Markdown and math hazards relative to the title, prefixed "in the title: "', () => {
      const problems = check(withTitle('A <script>alert(1)</script> paper'));
      expect(problems.map((p) => [p.rule, p.area, p.at])).toEqual([
        ['raw-html', 'title', '<script>al'],
        ['raw-html', 'title', '</script> '],
      ]);
      expect(problems.every((p) => p.message.startsWith('in the title: raw HTML is not allowed'))).toBe(true);
      expect(rulesOf(withTitle('"[click](javascript:alert(1))"'))).toEqual([['unsafe-link', 'title', '[click](ja']]);
    });

    it('sorts Markdown and math problems of the title by where they are', () => {
      expect(rulesOf(withTitle('"$\\\\frac{$ and <b>"'))).toEqual([
        ['math-error', 'title', '$\\frac{$ a'],
        ['raw-html', 'title', '<b>'],
      ]);
    });

    it(`parses a title of ${MAX_TITLE_CHARS} characters but leaves a longer one to the schema`, () => {
      const at = `${'a'.repeat(MAX_TITLE_CHARS - 3)}<b>`;
      expect(rulesOf(withTitle(`"${at}"`))).toEqual([['raw-html', 'title', '<b>']]);
      const over = `${'a'.repeat(MAX_TITLE_CHARS - 2)}<b>`;
      expect(check(withTitle(`"${over}"`)).map((p) => [p.rule, p.area])).toEqual([['schema', 'yaml']]);
    });

    it('does not parse a title that is not text', () => {
      expect(check(withTitle('["<b>", "$\\\\frac{$"]')).map((p) => p.area)).not.toContain('title');
    });
  });

  describe('the abstract', () => {
    it.each([
      ['raw HTML', 'See <img src=x onerror=alert(1)>.', 'raw-html', '<img src=x'],
      ['a javascript: link', 'See [x](javascript:alert(1)).', 'unsafe-link', '[x](javasc'],
      ['a broken formula', 'Math $\\frac{1}{$ broken.', 'math-error', '$\\frac{1}{'],
      ['a punycode host', 'See https://xn--80ak6aa92e.com/ now.', 'deceptive-url', 'https://xn'],
      ['a punycode host behind www.', 'See WWW.xn--80ak6aa92e.com/ now.', 'deceptive-url', 'WWW.xn--80'],
      ['a numeric reference to a bidi control', 'ref &#x202E; here', 'bidi-control', '&#x202E; h'],
    ])('reports %s relative to the abstract, unprefixed', (_, body, rule, at) => {
      const problems = check(BASE, body);
      expect(problems.map((p) => [p.rule, p.area, p.at])).toEqual([[rule, 'body', at]]);
      expect(problems[0]?.message.startsWith('in the')).toBe(false);
    });

    it('reports a formula the page renders but the inline excerpt refuses', () => {
      const problems = check(BASE, '$$x \\tag{1}$$ Then prose follows here.');
      expect(problems.map((p) => [p.rule, p.area, p.at])).toEqual([['math-error', 'body', '$$x \\tag{1']]);
      expect(problems[0]?.message).toMatch(/\\tag works only in display equations/);
    });

    it('does not parse an abstract over the size limit, and reports only that', () => {
      expect(check(BASE, `${'x'.repeat(MAX_ABSTRACT_CHARS - 3)}<b>`).map((p) => [p.rule, p.at])).toEqual([
        ['raw-html', '<b>'],
      ]);
      const problems = check(BASE, `${'x'.repeat(MAX_ABSTRACT_CHARS - 2)}<b> &#x202E;`);
      expect(problems.map((p) => [p.rule, p.area])).toEqual([['abstract-too-long', 'body']]);
    });

    it('does not parse an abstract nested too deeply, and reports only that', () => {
      const problems = check(BASE, `${'> '.repeat(50)}deep <b> [x](javascript:alert(1))`);
      expect(problems.map((p) => [p.rule, p.area])).toEqual([['markdown-nesting', 'body']]);
      expect(check(BASE, `${'- '.repeat(20)}x <b>`).map((p) => p.rule)).toEqual(['markdown-nesting']);
    });

    it('reports problems of the title, the YAML and the abstract together', () => {
      const problems = check(withTitle('"A \\u200B <b>"'), 'See <i>this</i>.');
      expect(problems.map((p) => [p.rule, p.area])).toEqual([
        ['invisible-character', 'yaml'],
        ['raw-html', 'title'],
        ['raw-html', 'body'],
        ['raw-html', 'body'],
      ]);
    });

    it('gives the same verdicts with a math cache shared across papers', () => {
      const cache: MathCache = new Map();
      const body = 'Good $x^2$ and bad $\\frac{1}{$.';
      const first = check(BASE, body, { cache });
      expect(first.map((p) => p.rule)).toEqual(['math-error']);
      expect(check(BASE, body, { cache })).toEqual(first);
      expect(check(BASE, 'Only good $x^2$.', { cache })).toEqual([]);
    });

    it("(the check's own Markdown rules do refuse those URLs)", () => {
      for (const body of ['See https&colon;//xn--80ak6aa92e.com/ now.', 'See https:&sol;&sol;xn--80ak6aa92e.com/ now.'])
        expect(markdownHazards(body, new Map(), { macros }).map((p) => p.rule)).toEqual(['deceptive-url']);
    });

    // The pre-filter that skips the Markdown parse (MARKDOWN_HAZARD_CHARACTERS) once knew only
    // numeric character references (`&#58;`), so these passed the check though `markdownHazards`
    // refuses them.
    it.each([
      'See https&colon;//xn--80ak6aa92e.com/ now.',
      'See https:&sol;&sol;xn--80ak6aa92e.com/ now.',
      'See www&period;xn--80ak6aa92e.com now.',
    ])('refuses a deceptive URL written with named character references: %s', (body) => {
      expect(check(BASE, body).map((p) => p.rule)).toEqual(['deceptive-url']);
    });
  });
});
