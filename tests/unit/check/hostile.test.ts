/**
 * The hostile-input suite: every fixture under tests/fixtures/hostile/ is checked as part of an
 * archive, and must be rejected with exactly the findings listed here (rule, line, column) and a
 * message that says what is wrong. The accepted fixtures are the control group.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { RULES, type Finding, type RuleId } from '../../../src/lib/check/rules.ts';
import { checkArchive, checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';

const HOSTILE = 'tests/fixtures/hostile';
const TOPICS_FILE = join(HOSTILE, 'accepted/topics.yaml');
const topicIds = loadTopics(TOPICS_FILE).map((topic) => topic.id);
const options = { topicIds, topicsFile: TOPICS_FILE };

const temps: string[] = [];
function tempArchive(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-archive-check-'));
  temps.push(dir);
  mkdirSync(join(dir, 'papers'));
  return join(dir, 'papers');
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

type Expected = [rule: RuleId, line: number, column: number];
const seen = new Set<RuleId>();

function located(findings: readonly Finding[]): Expected[] {
  return findings.map((f) => [f.rule, f.line, f.column]);
}

/** Checks one fixture as the only paper of a fresh archive. */
function checkFixture(name: string): Finding[] {
  const papers = tempArchive();
  cpSync(join(HOSTILE, 'rejected', name), join(papers, name));
  const { findings } = checkArchive({ ...options, papersDir: papers });
  for (const finding of findings) {
    seen.add(finding.rule);
    expect(finding.file).toBe(join(papers, name));
  }
  return findings;
}

// [fixture, every finding it must produce, what the first message must say]
const REJECTED: [string, Expected[], RegExp][] = [
  ['front-matter-js.md', [['front-matter-code', 1, 4]], /"---js" asks for the front matter to be run as code/],
  ['front-matter-javascript.md', [['front-matter-code', 1, 4]], /"---javascript" asks for .* run as code/],
  ['front-matter-yaml-language.md', [['front-matter-code', 1, 4]], /first line must be exactly "---"/],
  ['front-matter-toml.md', [['front-matter-toml', 1, 1]], /TOML front matter \("\+\+\+"\) is not allowed/],
  ['front-matter-unclosed.md', [['front-matter-unclosed', 1, 1]], /never closed: add a line "---"/],
  [
    'front-matter-closing-plus.md',
    [['front-matter-closing', 13, 1]],
    /closed with "\+\+\+": close it with a line "---"/,
  ],
  ['front-matter-closing-text.md', [['front-matter-closing', 13, 1]], /"--- end of fields" .* must be exactly "---"/],
  ['front-matter-leading-blank.md', [['front-matter-leading-blank', 1, 1]], /starts with blank lines: delete them/],
  ['front-matter-missing.md', [['front-matter-missing', 1, 1]], /starts with a line "---"/],
  [
    'yaml-alias-bomb.md',
    [
      ['yaml-anchor', 2, 4],
      ['yaml-alias', 3, 8],
    ],
    /anchor "&a" is not allowed .*billion laughs.* \(8 more in this file\)/,
  ],
  ['yaml-alias-undefined.md', [['yaml-alias', 12, 9]], /alias "\*nowhere" is not allowed/],
  ['yaml-tag-binary.md', [['yaml-tag', 2, 8]], /tag "!!binary" is not allowed/],
  ['yaml-tag-js-function.md', [['yaml-tag', 12, 9]], /tag "!!js\/function" is not allowed/],
  ['yaml-directive.md', [['yaml-directive', 2, 1]], /directive "%YAML 1.1" is not allowed/],
  ['yaml-merge-key.md', [['yaml-merge-key', 13, 1]], /merge keys \("<<"\) are not allowed/],
  ['yaml-duplicate-key.md', [['yaml-duplicate-key', 13, 1]], /the field "title" appears more than once/],
  ['yaml-nesting-bomb.md', [['yaml-nesting', 2, 1]], /nested too deeply to read: a paper's fields are flat/],
  [
    'yaml-syntax.md',
    [['yaml-syntax', 2, 8]],
    /invalid YAML: Nested mappings are not allowed in compact mappings: .*quote a value/,
  ],
  ['yaml-syntax-tab.md', [['yaml-syntax', 4, 1]], /invalid YAML: Tabs are not allowed as indentation: /],
  // Reported where the quote opens, not where YAML gave up looking for its end (the closing "---").
  [
    'yaml-unclosed-quote.md',
    [['yaml-syntax', 2, 8]],
    /^invalid YAML: the double quote \("\) that starts this value is never closed: end the value with " on the same line/,
  ],
  ['yaml-not-mapping.md', [['yaml-not-mapping', 2, 1]], /not a set of fields: write one "field: value" per line/],
  ['yaml-empty.md', [['yaml-not-mapping', 2, 1]], /the front matter is empty/],
  [
    'arxiv-not-quoted.md',
    [['arxiv-not-quoted', 6, 8]],
    /arxiv: 2310.04690 is read by YAML as the number 2310.0469.*arxiv: "2310.04690"/,
  ],
  // Quoting alone would not make it an id (after 2014 an id has five digits after the dot): say so.
  [
    'arxiv-not-quoted-invalid.md',
    [['arxiv-id', 6, 8]],
    /^arxiv: 2310.0469 is read by YAML as the number 2310.0469, and quoting it is not enough: "2310.0469" is not an arXiv id; an arXiv id is YYMM.NNNNN, or YYMM.NNNN before 2015 .*: check it and write it in quotes$/,
  ],
  [
    'yaml-type-title-number.md',
    [['yaml-type', 2, 8]],
    /title: 2024 is read by YAML as the number 2024, not text: quote it: title: "2024"/,
  ],
  ['yaml-type-title-boolean.md', [['yaml-type', 2, 8]], /as the boolean true, not text/],
  ['yaml-type-title-date.md', [['yaml-type', 2, 8]], /as the date 2025-03-14, not text/],
  ['yaml-type-null.md', [['yaml-type', 7, 1]], /"doi" is empty \(YAML reads it as null\)/],
  ['yaml-type-authors-string.md', [['yaml-type', 3, 10]], /"authors" must be a list, not the string/],
  ['yaml-type-author-number.md', [['yaml-type', 5, 5]], /authors item 2: 2024 is read by YAML as the number 2024/],
  [
    'date-format-rollover.md',
    [['date-format', 7, 8]],
    /2025-02-30 is not a calendar day \(YAML rolls it over to 2025-03-02\)/,
  ],
  ['date-format-time.md', [['date-format', 7, 8]], /must be a day written YYYY-MM-DD, with no time/],
  // Where Astro (the yaml package, with timestamps) and the archive's reader (js-yaml 4) read a value
  // differently, the value is named at its place, with what to write instead.
  [
    'reader-disagreement-day.md',
    [['reader-disagreement', 7, 8]],
    /^added: 2025-3-4 is read as the date 2025-03-04 by the site build \(Astro\) but as the string 2025-3-4 by the archive's tools: write the day as YYYY-MM-DD, e\.g\. added: 2025-03-04$/,
  ],
  [
    'reader-disagreement-number.md',
    [['reader-disagreement', 2, 8]],
    /^title: 0b101 is read as the string 0b101 by the site build \(Astro\) but as the number 5 by the archive's tools: quote it: title: "0b101"$/,
  ],
  [
    'reader-disagreement-list-item.md',
    [['reader-disagreement', 5, 5]],
    /^authors item 2: 2025-3-4 is read as the date 2025-03-04 by the site build \(Astro\) but as the string 2025-3-4 by the archive's tools: quote it: - "2025-3-4"$/,
  ],
  ['date-format-text.md', [['date-format', 7, 8]], /March 14, 2025 is not a calendar day: write the day as YYYY-MM-DD/],
  ['missing-field.md', [['missing-field', 12, 1]], /required field "added" is missing: .* e\.g\. added: 2025-03-14/],
  ['unknown-field.md', [['unknown-field', 13, 1]], /unknown field "slug": a paper's fields are title, /],
  [
    // A key and a topic id written with escapes: the messages quote them, so the report must show
    // the line breaks, terminal escapes and bidi controls in them rather than print them (check-report.test.ts).
    'unknown-field-terminal-escape.md',
    [
      ['bidi-control', 9, 5],
      ['unknown-topic', 9, 5],
      ['unknown-field', 13, 1],
    ],
    /bidirectional control U\+202E/,
  ],
  [
    'unknown-field-typo.md',
    [
      ['unknown-field', 8, 1],
      ['missing-field', 13, 1],
    ],
    /unknown field "topic" \(did you mean "topics"\?\)/,
  ],
  // Two letters swapped are one slip, not two: still a "did you mean".
  [
    'unknown-field-transposed.md',
    [
      ['unknown-field', 2, 1],
      ['missing-field', 13, 1],
    ],
    /^unknown field "titel" \(did you mean "title"\?\)/,
  ],
  [
    'unknown-topic.md',
    [['unknown-topic', 9, 5]],
    /unknown topic "language-model" \(did you mean "language-models"\?\): use an id from/,
  ],
  [
    'unsafe-link-code-field.md',
    [['unsafe-link', 11, 5]],
    /^code item 1: the link to "javascript:alert\(1\)" uses "javascript:": only http\(s\) links/,
  ],
  // Identifiers by their strict grammars (src/lib/paper/identifiers.ts): nothing TeX or BibTeX would read.
  [
    'arxiv-id-prefix.md',
    [['arxiv-id', 6, 8]],
    /^arxiv: "arXiv:2310.04691v2" is not .*: write "2310.04691"; an arXiv id is/,
  ],
  [
    'arxiv-id-bibtex-injection.md',
    [['arxiv-id', 6, 8]],
    /^arxiv: "2310.04691\}\}@misc\{pwn," is not an arXiv id: "\}" cannot appear in one; an arXiv id is YYMM/,
  ],
  [
    'doi-bibtex-injection.md',
    [['doi', 7, 6]],
    /^doi: "10.1234\/x\}\}@preamble\{"\\input\{\/etc\/passwd\}"\}@misc\{pwn,note=\{" is not a DOI: "\}" cannot appear in a DOI; a DOI is "10\.", a registrant code of 4 to 9 digits, "\/" and a suffix of letters, digits and/,
  ],
  ['schema-title-two-lines.md', [['schema', 2, 8]], /title: a title is one line/],
  // Schema rules without a message of their own read like the others, not as zod's defaults.
  [
    'schema-source-empty.md',
    [['schema', 12, 9]],
    /^source: the value is empty: give it one, e\.g\. source: pull request \(found ""\)$/,
  ],
  [
    // Only spaces are no source either: the field is trimmed, as the title is.
    'schema-source-blank.md',
    [['schema', 12, 9]],
    /^source: the value is empty: give it one, e\.g\. source: pull request \(found " +"\)$/,
  ],
  [
    'schema-title-blank-math.md',
    [['schema', 2, 8]],
    /^title: the title has no readable text \(it is only math that renders as blank space\): write the title as published, in words \(found '\$\\quad\$'\)$/,
  ],
  [
    'schema-author-tab.md',
    [['schema', 4, 5]],
    /^authors item 1: an author name is one line without tabs: write it on one line, its words separated by spaces, one author per "- " item \(found "Siyu\\tRen"\)$/,
  ],
  ['schema-author-two-lines.md', [['schema', 5, 5]], /^authors item 2: an author name is one line without tabs: /],
  [
    'schema-abstract-blank-math.md',
    [['schema', 14, 1]],
    /^the abstract has no readable text \(it is only math that renders as blank space, or Markdown marks\): paste the paper’s abstract, in words$/,
  ],
  ['abstract-too-long.md', [['abstract-too-long', 14, 1]], /the abstract is 10649 characters; the limit is 10000/],
  // Inputs that take the Markdown parser (the build's too) minutes or overflow its stack: refused unparsed.
  ['markdown-emphasis-bomb.md', [['abstract-too-long', 14, 1]], /the abstract is 60000 characters/],
  ['markdown-nesting.md', [['markdown-nesting', 16, 1]], /a blockquote nested 5000 deep: an abstract needs none/],
  [
    'title-too-long.md',
    [['schema', 2, 8]],
    /^title: the value is \d+ characters long; the limit is 500: shorten it \(found '\*a\*a/,
  ],
  [
    'raw-html-script.md',
    [['raw-html', 16, 1]],
    /raw HTML is not allowed: remove "<script>alert\(document.cookie\)<\/script>"/,
  ],
  [
    'raw-html-inline.md',
    [
      ['raw-html', 14, 28],
      ['raw-html', 14, 67],
    ],
    /remove "<b onmouseover="alert\(1\)">"/,
  ],
  ['raw-html-comment.md', [['raw-html', 16, 1]], /remove "<!-- reviewers will not see this -->"/],
  [
    'raw-html-title.md',
    [['raw-html', 2, 20]],
    /^in the title: raw HTML is not allowed: remove "<img src=x onerror=alert\(1\)>"/,
  ],
  ['image.md', [['image', 16, 1]], /images are not allowed in a paper file: remove "!\[loss curve\]/],
  ['image-reference.md', [['image', 14, 360]], /images are not allowed/],
  [
    'unsafe-link-javascript.md',
    [['unsafe-link', 14, 356]],
    /"javascript:alert\(document.cookie\)" uses "javascript:": only http\(s\) links/,
  ],
  ['unsafe-link-javascript-entity.md', [['unsafe-link', 14, 356]], /"javascript:alert\(1\)" uses "javascript:"/],
  ['unsafe-link-data.md', [['unsafe-link', 14, 356]], /uses "data:"/],
  ['unsafe-link-vbscript.md', [['unsafe-link', 14, 356]], /uses "vbscript:"/],
  ['unsafe-link-file-autolink.md', [['unsafe-link', 14, 364]], /"file:\/\/\/etc\/passwd" uses "file:"/],
  ['unsafe-link-definition.md', [['unsafe-link', 16, 1]], /the link definition \[demo\] to "javascript:alert\(1\)"/],
  [
    'unsafe-link-relative.md',
    [['unsafe-link', 14, 360]],
    /"\/admin\/" is not an absolute URL: write the full https:\/\/ address/,
  ],
  ['unsafe-link-mailto.md', [['unsafe-link', 14, 364]], /uses "mailto:"/],
  ['unsafe-link-title.md', [['unsafe-link', 2, 9]], /^in the title: a link to "javascript:alert\(1\)"/],
  // Links that go elsewhere than they read (src/lib/paper/http-url.ts): each message names the real host.
  [
    'deceptive-url-userinfo.md',
    [['deceptive-url', 11, 5]],
    /^code item 1: the link "https:\/\/github.com@evil.example\/example\/emo" really goes to evil.example: "github.com@" before it is a user name/,
  ],
  [
    'deceptive-url-lookalike-host.md',
    [['deceptive-url', 11, 5]],
    /really goes to xn--gthub-n2e.com: its host "gіthub.com" has the non-ASCII character "і" \(U\+0456\)/,
  ],
  [
    'deceptive-url-punycode.md',
    [['deceptive-url', 13, 5]],
    /^links item 1: the link "https:\/\/xn--gthub-n2e.com\/example\/emo" really goes to xn--gthub-n2e.com, which a browser may show as "gіthub.com"/,
  ],
  [
    'deceptive-url-in-link.md',
    [['deceptive-url', 14, 362]],
    /^a link "https:\/\/github.com@evil.example\/.*" really goes to evil.example/,
  ],
  [
    'deceptive-url-in-text.md',
    [['deceptive-url', 14, 362]],
    /^the URL "https:\/\/gіthub.com\/example\/emo" really goes to xn--gthub-n2e.com/,
  ],
  [
    'misleading-link-label.md',
    [['misleading-link-label', 14, 364]],
    /^a link "GitHub" names GitHub but goes to evil.example \("https:\/\/evil.example\/example\/emo"\), not github.com/,
  ],
  [
    'misleading-link-label-host.md',
    [['misleading-link-label', 14, 362]],
    /^a link "github.com\/example\/emo" reads as github.com but goes to github.com.evil.example/,
  ],
  ['math-error.md', [['math-error', 14, 368]], /KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error/],
  ['math-error-display.md', [['math-error', 16, 1]], /KaTeX cannot render the formula "\\begin\{matrix\}/],
  ['math-error-title.md', [['math-error', 2, 29]], /^in the title: KaTeX cannot render the formula "\\alpha\^"/],
  [
    'math-error-title-code-span.md',
    [['math-error', 2, 30]],
    /^in the title: KaTeX cannot render the formula "\\alpha\^"/,
  ],
  [
    'math-error-excerpt.md',
    [['math-error', 15, 1]],
    /"L\(\\theta\) = .*\\tag\{1\}" inline, as the first sentence of the abstract is shown in lists .*\\tag works only in display equations/,
  ],
  ['math-too-long.md', [['math-error', 14, 356]], /formula is 2001 characters; the limit is 2000/],
  [
    'math-macro-bomb.md',
    [['math-command', 14, 357]],
    /^\\def is not allowed in a formula \(17 times\): a paper may not define macros .* content\/macros\.yaml$/,
  ],
  // The issue's bombs: 282 characters took KaTeX 27 s and made 2 MB of HTML; 578 characters, minutes and 5 MB.
  ['math-command-def-bomb.md', [['math-command', 14, 357]], /^\\def is not allowed in a formula \(3 times\)/],
  ['math-command-def-bomb-578.md', [['math-command', 17, 1]], /^\\def is not allowed in a formula \(3 times\)/],
  [
    'math-command-colorbox.md',
    [
      ['math-command', 14, 383],
      ['math-command', 14, 398],
    ],
    /^\\colorbox is not allowed in a formula: colour can hide text/,
  ],
  [
    'math-command-title.md',
    [
      ['math-command', 2, 22],
      ['math-command', 2, 54],
    ],
    /^in the title: \\raisebox is not allowed in a formula \(2 times\): it draws outside the formula’s line/,
  ],
  ['math-command-title-gdef.md', [['math-command', 2, 31]], /^in the title: \\gdef is not allowed in a formula/],
  [
    'math-budget-nesting.md',
    [['math-budget', 14, 495]],
    /^the formula "\\sqrt\{\\sqrt.*" nests groups 285 deep .*; the limit is 20: simplify it$/,
  ],
  [
    'math-budget-negative-space.md',
    [['math-budget', 14, 362]],
    /has 5em of negative space .*; the limit is 2em: remove some$/,
  ],
  [
    'math-budget-output.md',
    [['math-budget', 14, 368]],
    /renders to [\d,]+ characters of HTML; the limit is 50,000 a formula: simplify it or split it$/,
  ],
  [
    'math-budget-abstract-total.md',
    [['math-budget', 14, 1680]],
    /^the formulas of the abstract render to [\d,]+ characters of HTML together; the limit is 200,000 for an abstract/,
  ],
  [
    'math-budget-tall-title.md',
    [['math-budget', 2, 21]],
    /^in the title: the formula "\\begin\{matrix\}1.*" is 49.2em tall; the limit is 6em for an inline formula/,
  ],
  [
    'inert-tex-href.md',
    [['inert-tex-command', 14, 369]],
    /\\href in a formula renders as red error text .*trust: false/,
  ],
  ['inert-tex-includegraphics.md', [['inert-tex-command', 14, 357]], /\\includegraphics in a formula/],
  ['inert-tex-html-class.md', [['inert-tex-command', 14, 357]], /\\htmlClass in a formula/],
  ['nul-byte.md', [['nul-byte', 14, 63]], /contains a NUL byte/],
  ['invalid-utf8.md', [['invalid-utf8', 2, 15]], /not valid UTF-8 \(bytes c3 28/],
  // Hidden characters, however written: as themselves, as YAML escapes, as Markdown character references.
  [
    'bidi-control.md',
    [['bidi-control', 2, 42]],
    /^bidirectional control U\+202E \(right-to-left override\) in the title: delete it .* \(1 more in this file\)$/,
  ],
  [
    'bidi-control-escape.md',
    [['bidi-control', 2, 8]],
    /^bidirectional control U\+202E \(right-to-left override\) in the title \(written as an escape sequence\): delete it/,
  ],
  [
    'bidi-control-reference.md',
    [['bidi-control', 14, 269]],
    /^bidirectional control U\+202E \(right-to-left override\) written as "&#x202E;" in the abstract: delete it/,
  ],
  [
    'control-character-escape-nul.md',
    [['control-character', 2, 8]],
    /^control character U\+0000 \(null\) in the title \(written as an escape sequence\): delete it/,
  ],
  [
    'control-character-escape-esc.md',
    [['control-character', 4, 5]],
    /^control character U\+001B \(escape\) in authors item 1 \(written as an escape sequence\): .* \(1 more in this value\)$/,
  ],
  [
    'control-character-escape-hex.md',
    [['control-character', 12, 9]],
    /^control character U\+001B \(escape\) in the source \(written as an escape sequence\)/,
  ],
  [
    'invisible-character-soft-hyphen.md',
    [['invisible-character', 2, 9]],
    /^invisible character U\+00AD \(soft hyphen\) in the title: delete it .*\(69 more in this file\)$/,
  ],
  [
    'invisible-character-escape.md',
    [['invisible-character', 2, 8]],
    /^invisible character U\+200B \(zero width space\) in the title \(written as an escape sequence\)/,
  ],
  [
    'invisible-character-joiner.md',
    [['invisible-character', 2, 10]],
    /^invisible character U\+200C \(zero width non-joiner\) in the title: delete it \(a joiner belongs only between letters of a script that joins them/,
  ],
  [
    'invisible-character-tags.md',
    [['invisible-character', 14, 276]],
    /U\+E0069 \(tag character, invisible text\) in the abstract: delete it/,
  ],
  [
    'invisible-character-variation-selectors.md',
    [['invisible-character', 14, 267]],
    /U\+FE0F \(variation selector-16\) in the abstract: delete it \(a variation selector belongs only right after an emoji/,
  ],
  [
    'invisible-character-hangul-filler.md',
    [['invisible-character', 5, 6]],
    /U\+3164 \(Hangul filler\) in authors item 2: delete it/,
  ],
  [
    'invisible-character-reference.md',
    [['invisible-character', 14, 33]],
    /^invisible character U\+00AD \(soft hyphen\) written as "&shy;" in the abstract: .*\(1 more in this abstract\)$/,
  ],
  [
    'markdown-nesting-list.md',
    [['markdown-nesting', 14, 1]],
    /^blockquotes or lists nested 3000 deep on one line: an abstract needs none/,
  ],
  ['lone-carriage-return.md', [['control-character', 1, 4]], /carriage return \(CR\) without a line feed/],
];

describe('hostile fixtures: each rejected with the right message and location', () => {
  it('lists every fixture in the folder', () => {
    expect(REJECTED.map(([name]) => name).sort()).toEqual(readdirSync(join(HOSTILE, 'rejected')).sort());
  });

  it.each(REJECTED)('%s', (name, expected, message) => {
    const findings = checkFixture(name);
    expect(located(findings)).toEqual(expected);
    expect(findings[0]?.message).toMatch(message);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });
});

describe('hostile archives: problems across files and in the folder itself', () => {
  const sets = (name: string) => join(HOSTILE, 'rejected-sets', name, 'papers');
  const byFile = (findings: readonly Finding[]) =>
    findings.map((f) => [f.file.split('/').pop(), f.rule, f.line, f.column] as const);
  const check = (papersDir: string) => {
    const { findings } = checkArchive({ ...options, papersDir });
    for (const finding of findings) seen.add(finding.rule);
    return findings;
  };

  it('rejects two papers with the same arXiv id, naming each other', () => {
    const findings = check(sets('duplicate-arxiv'));
    expect(byFile(findings)).toEqual([
      ['earth-mover.md', 'duplicate-arxiv', 6, 8],
      ['emo.md', 'duplicate-arxiv', 6, 8],
    ]);
    expect(findings[0]?.message).toMatch(/the arXiv id 2310.04691 is already used by .*\/emo\.md:6/);
  });

  it('rejects the same DOI written in different case', () => {
    const findings = check(sets('duplicate-doi'));
    expect(byFile(findings)).toEqual([
      ['emo-journal.md', 'duplicate-doi', 6, 6],
      ['emo.md', 'duplicate-doi', 7, 6],
    ]);
    expect(findings[0]?.message).toMatch(/the DOI 10.48550\/arxiv.2310.04691 is already used by .*emo\.md:7/);
  });

  it('rejects titles equal up to case, hyphens and punctuation', () => {
    const findings = check(sets('duplicate-title'));
    expect(byFile(findings)).toEqual([
      ['emo-again.md', 'duplicate-title', 2, 8],
      ['emo.md', 'duplicate-title', 2, 8],
    ]);
  });

  it('rejects near-duplicate titles', () => {
    const findings = check(sets('near-duplicate-title'));
    expect(byFile(findings)).toEqual([
      ['scaling-law-for-neural-language-models.md', 'near-duplicate-title', 2, 8],
      ['scaling-laws-for-neural-language-models.md', 'near-duplicate-title', 2, 8],
    ]);
    expect(findings[0]?.message).toMatch(/nearly the same as "Scaling Laws for Neural Language Models"/);
  });

  it('rejects a copy of a title with a soft hyphen between every letter, as a duplicate and for the hyphens', () => {
    const findings = check(sets('duplicate-title-invisible'));
    expect(byFile(findings)).toEqual([
      ['emo-soft-hyphens.md', 'duplicate-title', 2, 8],
      ['emo-soft-hyphens.md', 'invisible-character', 2, 9],
      ['emo.md', 'duplicate-title', 2, 8],
    ]);
    expect(findings[0]?.message).toMatch(
      /invisible characters and lookalike letters\) is already used by .*\/emo\.md:2/,
    );
  });

  it('rejects a copy of a title spelled with Cyrillic lookalike letters as a duplicate', () => {
    const findings = check(sets('duplicate-title-lookalike'));
    expect(byFile(findings)).toEqual([
      ['emo-cyrillic.md', 'duplicate-title', 2, 8],
      ['emo.md', 'duplicate-title', 2, 8],
    ]);
  });

  // Every invisible character of the attack, between every letter of a title already in the archive.
  it.each([
    ['U+200C', '\u200C'],
    ['U+200D', '\u200D'],
    ['U+200E', '\u200E'],
    ['U+3164', '\u3164'],
    ['U+180E', '\u180E'],
    ['U+2060', '\u2060'],
    ['a tag character', '\u{E0020}'],
    ['a variation selector', '\uFE00'],
  ])('rejects a copy of a title with %s between every letter, as a duplicate and for the character', (_, char) => {
    const papers = tempArchive();
    const emo = readFileSync(join(sets('duplicate-title'), 'emo.md'), 'utf8');
    const title = 'Earth Mover Distance Optimization for Auto-Regressive Language Modeling';
    writeFileSync(join(papers, 'emo.md'), emo);
    writeFileSync(
      join(papers, 'emo-copy.md'),
      emo.replace(`title: ${title}`, `title: ${[...title].join(char)}`).replace('arxiv: "2310.04691"\n', ''),
    );
    expect(byFile(check(papers))).toEqual([
      ['emo-copy.md', 'duplicate-title', 2, 8],
      ['emo-copy.md', 'invisible-character', 2, 9],
      ['emo.md', 'duplicate-title', 2, 8],
    ]);
  });

  it('refuses a slug too long for the files the build names after it (a 252-character slug)', () => {
    const papers = tempArchive();
    const base = readFileSync(join(HOSTILE, 'accepted/papers/no.md'), 'utf8');
    const slug = `earth-mover-distance-${'a'.repeat(231)}`;
    expect(slug).toHaveLength(252);
    writeFileSync(join(papers, `${slug}.md`), base);
    writeFileSync(
      join(papers, `${'b'.repeat(128)}.md`),
      base.replace('title: no', 'title: Long').replace('9901001', '9901002'),
    );
    const findings = check(papers);
    expect(byFile(findings)).toEqual([[`${slug}.md`, 'file-name-too-long', 1, 1]]);
    expect(findings[0]?.message).toMatch(
      /^the file name "earth-mover-distance-a+….md" makes a slug of 252 characters; a slug is at most 128 \(the build names files after it, such as "<slug>\.bib", and file systems cap a file name at 255 bytes, some at 143\): shorten it, e.g. "earth-mover-distance\.md"$/,
    );
  });

  it('accepts two papers with one title but different arXiv ids, with a warning on each', () => {
    const findings = check(join(HOSTILE, 'accepted-sets/same-title-different-ids/papers'));
    expect(byFile(findings)).toEqual([
      ['a-survey-of-graph-transformers-2.md', 'same-title-different-id', 2, 8],
      ['a-survey-of-graph-transformers.md', 'same-title-different-id', 2, 8],
    ]);
    expect(findings.every((finding) => finding.severity === 'warning')).toBe(true);
    expect(findings[0]?.message).toMatch(
      /a-survey-of-graph-transformers\.md:2 has the same title but another arXiv id/,
    );
  });

  it('rejects a site macros file that defines, recurses, copies its argument or redefines KaTeX, naming each line', () => {
    const dir = join(HOSTILE, 'rejected-sets', 'macros-file');
    const macrosFile = join(dir, 'macros.yaml');
    const { findings } = checkArchive({ ...options, papersDir: join(dir, 'papers'), macrosFile });
    for (const finding of findings) seen.add(finding.rule);
    expect(findings.map((f) => [f.file.split('/').pop(), f.rule, f.line, f.column])).toEqual([
      ['macros.yaml', 'macros-file', 3, 1],
      ['macros.yaml', 'macros-file', 3, 1],
      ['macros.yaml', 'macros-file', 4, 1],
      ['macros.yaml', 'macros-file', 5, 1],
      ['macros.yaml', 'macros-file', 6, 1],
      ['macros.yaml', 'macros-file', 7, 1],
      ['macros.yaml', 'macros-file', 8, 1],
      ['macros.yaml', 'macros-file', 9, 1],
      // The paper may use \Q (allowed, in its title); \paint was refused, so it is unknown.
      ['emo.md', 'math-error', 14, 368],
    ]);
    const messages = findings.map((f) => f.message);
    expect(messages[0]).toBe(
      '\\bomb: \\def is not allowed in a site macro: a site macro may not define macros either: write the expansion out',
    );
    expect(messages[2]).toBe('\\loop expands into itself (\\loop -> \\again -> \\loop): a macro may not be recursive');
    expect(messages[4]).toMatch(/^\\twice: #1 is used 2 times: each argument may appear once/);
    expect(messages[5]).toMatch(/^\\frac is one of KaTeX's own commands: a site macro may not redefine it/);
    expect(messages[8]).toMatch(/Undefined control sequence: \\paint/);
  });

  it('accepts titles that differ only in a number: they are different papers', () => {
    expect(check(join(HOSTILE, 'accepted-sets/different-numbers-are-different-papers/papers'))).toEqual([]);
  });

  it('rejects MDX, hidden and non-Markdown files', () => {
    const findings = check(sets('not-a-paper-file'));
    expect(byFile(findings)).toEqual([
      ['.hidden-paper.md', 'not-a-paper-file', 1, 1],
      ['emo.mdx', 'not-a-paper-file', 1, 1],
      ['notes.txt', 'not-a-paper-file', 1, 1],
    ]);
    expect(findings[0]?.message).toMatch(/hidden files are not allowed .*Astro would silently skip/);
    expect(findings[1]?.message).toMatch(/MDX files are code and are never accepted/);
    expect(findings[2]?.message).toMatch(/only \.md files belong in the papers folder/);
  });

  it('rejects folders, symbolic links, odd extensions, non-slug names, list-page names and names differing only in case', () => {
    const papers = tempArchive();
    const base = readFileSync(join(HOSTILE, 'accepted/papers/no.md'), 'utf8');
    mkdirSync(join(papers, 'nested'));
    writeFileSync(join(papers, 'nested/inside.md'), base);
    symlinkSync('/etc/passwd', join(papers, 'passwd.md'));
    writeFileSync(join(papers, 'upper-extension.MD'), base);
    writeFileSync(join(papers, 'My Paper.md'), base);
    writeFileSync(
      join(papers, '2.md'),
      base.replace('title: no', 'title: Two').replace('hep-th/9901001', 'hep-th/9901003'),
    );
    writeFileSync(
      join(papers, 'by-title.md'),
      base.replace('title: no', 'title: By Title').replace('hep-th/9901001', 'hep-th/9901004'),
    );
    writeFileSync(join(papers, 'case.md'), base.replace('title: no', 'title: Case one'));
    writeFileSync(
      join(papers, 'Case.md'),
      base.replace('title: no', 'title: Case two, a different paper').replace('hep-th/9901001', 'hep-th/9901002'),
    );
    const findings = check(papers);
    expect(byFile(findings).filter(([, rule]) => rule !== 'duplicate-arxiv' && rule !== 'duplicate-title')).toEqual([
      ['2.md', 'reserved-slug', 1, 1],
      ['Case.md', 'file-name', 1, 1],
      ['Case.md', 'duplicate-slug', 1, 1],
      ['My Paper.md', 'file-name', 1, 1],
      ['by-title.md', 'reserved-slug', 1, 1],
      ['case.md', 'duplicate-slug', 1, 1],
      ['nested', 'not-a-paper-file', 1, 1],
      ['passwd.md', 'not-a-paper-file', 1, 1],
      ['upper-extension.MD', 'not-a-paper-file', 1, 1],
    ]);
    const message = (file: string, rule: RuleId) =>
      findings.find((f) => f.file.endsWith(`/${file}`) && f.rule === rule)?.message;
    expect(message('My Paper.md', 'file-name')).toMatch(/not a slug: .* e\.g\. "my-paper\.md"/);
    expect(message('case.md', 'duplicate-slug')).toMatch(/differ only in letter case/);
    expect(message('by-title.md', 'reserved-slug')).toMatch(/\/papers\/by-title\/ is a page of the paper list/);
    expect(message('nested', 'not-a-paper-file')).toMatch(/folders are not allowed/);
    expect(message('passwd.md', 'not-a-paper-file')).toMatch(/symbolic links are not allowed/);
    expect(existsSync(join(papers, 'passwd.md'))).toBe(true);
  });

  it('refuses a file over the size cap without reading it', () => {
    const papers = tempArchive();
    const base = readFileSync(join(HOSTILE, 'accepted/papers/no.md'), 'utf8');
    writeFileSync(join(papers, 'huge.md'), base + 'word '.repeat(14_000));
    const findings = check(papers);
    expect(byFile(findings)).toEqual([['huge.md', 'file-too-large', 1, 1]]);
    expect(findings[0]?.message).toMatch(/the file is \d+ bytes; a paper file is at most 65536 bytes/);
  });

  it('reports the size cap from the bytes as well, for callers that read the file themselves', () => {
    const { findings } = checkPaperSource('big.md', new Uint8Array(65_537).fill(0x61), options);
    expect(located(findings)).toEqual([['file-too-large', 1, 1]]);
  });
});

describe('front matter that would run code never runs', { timeout: 60_000 }, () => {
  const sentinel = (language: string) => join(tmpdir(), `paper-archive-hostile-sentinel-${language}`);

  it.each(['js', 'javascript'])(
    '---%s: gray-matter alone runs it; the reader, Astro and the check do not',
    (language) => {
      const fixture = join(HOSTILE, 'rejected', `front-matter-${language}.md`);
      const text = readFileSync(fixture, 'utf8');
      rmSync(sentinel(language), { force: true });

      // The fixture is live: gray-matter with its default engines executes it (in a separate process).
      execFileSync(process.execPath, [
        '-e',
        `require('gray-matter')(require('fs').readFileSync(${JSON.stringify(fixture)}, 'utf8'))`,
      ]);
      expect(readFileSync(sentinel(language), 'utf8')).toBe('front matter was executed');
      rmSync(sentinel(language));

      expect(() => parsePaperFile(text)).toThrow(/would run as code/);
      expect(() => parseFrontmatter(text)).toThrow();
      expect(located(checkFixture(`front-matter-${language}.md`))).toEqual([['front-matter-code', 1, 4]]);
      const cli = spawnSync(process.execPath, ['scripts/check.ts', fixture], {
        env: { ...process.env, ARCHIVE_CONTENT_DIR: join(HOSTILE, 'accepted'), CI: 'false' },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(1);
      expect(cli.stdout).toContain(
        `${fixture}:1:4: error: "---${language}" asks for the front matter to be run as code`,
      );
      expect(existsSync(sentinel(language))).toBe(false);
    },
  );
});

describe('accepted fixtures: the control group', () => {
  it('accepts author names holding a no-break or an ideographic space, raw or escaped: they are text, not layout', () => {
    const papers = tempArchive();
    const base = readFileSync(join(HOSTILE, 'accepted/papers/no.md'), 'utf8');
    const authors = [
      '  - Howe\u00a0Tissue',
      '  - 山田\u3000太郎',
      '  - "Ada\\u202FLovelace"',
      '  - "Alan\\u3000Turing"',
    ];
    writeFileSync(
      join(papers, 'no.md'),
      base.replace(/authors:\n(?: {2}- .*\n)+/, `authors:\n${authors.join('\n')}\n`),
    );
    const { findings } = checkArchive({ ...options, papersDir: papers });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('accepts a realistic archive (math, CRLF, BOM, old-style arXiv ids, YAML 1.2 "no"), warnings aside', () => {
    const { findings, checked } = checkArchive({ ...options, papersDir: join(HOSTILE, 'accepted/papers') });
    expect(checked).toBe(readdirSync(join(HOSTILE, 'accepted/papers')).length);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(located(findings)).toEqual([['no-code-link', 12, 1]]);
  });

  const WARNINGS: [string, Expected, RegExp][] = [
    ['no-code-link.md', ['no-code-link', 11, 1], /no code link: if the paper has public code, add code:/],
    ['short-abstract.md', ['short-abstract', 14, 1], /the abstract is only 37 characters/],
    ['all-caps-title.md', ['all-caps-title', 2, 8], /the title is in capitals/],
    ['future-date.md', ['future-date', 7, 8], /^added: 2205-03-14 is in the future \(today is \d{4}-\d{2}-\d{2}\): /],
  ];
  it.each(WARNINGS)('warns, without failing, about %s', (name, expected, message) => {
    const papers = tempArchive();
    cpSync(join(HOSTILE, 'warnings', name), join(papers, name));
    const { findings } = checkArchive({ ...options, papersDir: papers });
    for (const finding of findings) seen.add(finding.rule);
    expect(located(findings)).toEqual([expected]);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toMatch(message);
  });
});

describe('coverage of the rules', () => {
  it('has a hostile fixture for every rule', () => {
    const untested = Object.keys(RULES).filter((rule) => !seen.has(rule as RuleId));
    expect(untested).toEqual([]);
  });
});
