/**
 * Every rule the data-quality check enforces, with its severity and a one-line summary. The CLI,
 * the report, docs/check.md and the hostile-input suite all key on these ids, so a rule that is
 * added here without a fixture fails the test suite.
 */
export const RULES = {
  // The file itself
  'not-a-paper-file': { severity: 'error', summary: 'only regular `.md` files belong in the papers folder' },
  'file-name': { severity: 'error', summary: 'a file name is the permanent URL slug: lowercase words and hyphens' },
  'file-name-too-long': {
    severity: 'error',
    summary: 'a slug is at most 128 characters, so every file the build names after it fits',
  },
  'reserved-slug': {
    severity: 'error',
    summary: 'a slug is not also a page of the paper list (`2`, `by-title`) nor a Windows device name (`aux`)',
  },
  'duplicate-slug': { severity: 'error', summary: 'two file names differ only in letter case' },
  'file-too-large': { severity: 'error', summary: 'a paper file is at most 64 KB' },
  'invalid-utf8': { severity: 'error', summary: 'a paper file is UTF-8 text' },
  'nul-byte': { severity: 'error', summary: 'a paper file holds no NUL bytes' },
  'control-character': {
    severity: 'error',
    summary: 'no control characters (C0, C1, DEL, line separators), raw or escaped, and no lone CR',
  },
  'bidi-control': {
    severity: 'error',
    summary: 'no bidirectional overrides, embeddings or isolates, however written',
  },
  'invisible-character': {
    severity: 'error',
    summary:
      'no invisible characters (soft hyphen, zero-width space, fillers, tags...) except where a script or emoji needs them',
  },
  // Front-matter fences
  'front-matter-missing': { severity: 'error', summary: 'a paper file starts with a `---` line' },
  'front-matter-leading-blank': {
    severity: 'error',
    summary: 'nothing, not even blank lines, before the opening `---`',
  },
  'front-matter-code': {
    severity: 'error',
    summary: 'no `---js`/`---javascript` (or any other language) front matter',
  },
  'front-matter-toml': { severity: 'error', summary: 'no TOML `+++` front matter' },
  'front-matter-unclosed': { severity: 'error', summary: 'the front matter is closed by a `---` line' },
  'front-matter-closing': { severity: 'error', summary: 'the closing line is exactly `---`' },
  // YAML hazards, found before any YAML is evaluated
  'yaml-anchor': { severity: 'error', summary: 'no YAML anchors (`&name`): they enable alias bombs' },
  'yaml-alias': { severity: 'error', summary: 'no YAML aliases (`*name`): they enable alias bombs' },
  'yaml-tag': { severity: 'error', summary: 'no YAML tags (`!!binary`, `!!set`, ...)' },
  'yaml-directive': { severity: 'error', summary: 'no YAML directives (`%YAML`, `%TAG`)' },
  'yaml-merge-key': { severity: 'error', summary: 'no YAML merge keys (`<<`)' },
  'yaml-duplicate-key': { severity: 'error', summary: 'each field appears once' },
  'yaml-nesting': { severity: 'error', summary: 'the front matter is not nested thousands deep' },
  'yaml-syntax': { severity: 'error', summary: 'the front matter is valid YAML' },
  'yaml-not-mapping': { severity: 'error', summary: 'the front matter is a mapping of `field: value` lines' },
  'reader-disagreement': { severity: 'error', summary: 'Astro and the check read the file identically' },
  // Values
  'arxiv-not-quoted': { severity: 'error', summary: 'an arXiv id is quoted, or YAML reads it as a number' },
  'yaml-type': {
    severity: 'error',
    summary: 'no YAML type surprises (numbers, booleans, nulls, dates where text belongs)',
  },
  'date-format': { severity: 'error', summary: 'dates are real calendar days written `YYYY-MM-DD`' },
  'missing-field': { severity: 'error', summary: 'every required field is present' },
  'unknown-field': { severity: 'error', summary: 'no fields beyond the schema' },
  'unknown-topic': { severity: 'error', summary: 'every topic id is in content/topics.yaml' },
  schema: { severity: 'error', summary: 'every value satisfies the paper schema' },
  'arxiv-id': {
    severity: 'error',
    summary: 'an arXiv id is `2401.01234` or `hep-th/9901001`: no prefix, no version, nothing else',
  },
  doi: {
    severity: 'error',
    summary: 'a DOI is `10.NNNN/suffix` of letters, digits and `-._;()/:` (old SICI DOIs also `<>[]`)',
  },
  // Markdown
  'abstract-too-long': { severity: 'error', summary: 'an abstract is at most 10,000 characters' },
  'markdown-nesting': { severity: 'error', summary: 'no blockquotes or lists nested more than 10 deep' },
  'raw-html': { severity: 'error', summary: 'no raw HTML, in the abstract or the title' },
  image: { severity: 'error', summary: 'no images' },
  'unsafe-link': { severity: 'error', summary: 'every link is an absolute http(s) URL to a host name' },
  'deceptive-url': {
    severity: 'error',
    summary: 'no URL with a user name (`https://github.com@evil.example/`) or a non-ASCII or punycode host',
  },
  'misleading-link-label': {
    severity: 'error',
    summary: 'a link whose text names a host or a site ("GitHub") goes to that host',
  },
  'math-error': { severity: 'error', summary: 'every formula renders with the site’s KaTeX options' },
  'inert-tex-command': {
    severity: 'error',
    summary: 'no \\href, \\url, \\includegraphics or \\html… commands (they render as red error text)',
  },
  'math-command': {
    severity: 'error',
    summary:
      'every TeX command in a formula is on the allow-list: no macro definitions, colour, size switches or boxes that leave their line',
  },
  'math-budget': {
    severity: 'error',
    summary:
      'a formula stays within the budget: nesting, negative space, HTML size and height, per formula and per paper',
  },
  'macros-file': { severity: 'error', summary: 'content/macros.yaml holds valid, allowed, non-recursive macros' },
  // Across the archive
  'duplicate-arxiv': { severity: 'error', summary: 'no two papers share an arXiv id' },
  'duplicate-doi': { severity: 'error', summary: 'no two papers share a DOI' },
  'duplicate-title': {
    severity: 'error',
    summary: 'no two papers share a title skeleton (case, accents, invisible and lookalike letters folded)',
  },
  'near-duplicate-title': { severity: 'error', summary: 'no two papers have nearly the same title' },
  // Warnings: printed, never failing
  'no-code-link': { severity: 'warning', summary: 'a paper without a `code` link' },
  'short-abstract': {
    severity: 'warning',
    summary: 'an abstract under 200 characters (a Chinese, Japanese or Korean one counting two)',
  },
  'all-caps-title': { severity: 'warning', summary: 'a title written in capitals' },
  'future-date': { severity: 'warning', summary: 'a date (`added`, `published`, `updated`) after tomorrow' },
  'same-title-different-id': {
    severity: 'warning',
    summary: 'two papers share a title but have different arXiv ids or DOIs',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning'; summary: string }>;

export type RuleId = keyof typeof RULES;
export type Severity = 'error' | 'warning';

/** A problem at an offset of some text; the caller turns offsets into lines and columns. */
export interface Problem {
  rule: RuleId;
  message: string;
  offset: number;
}

/** A problem located in a file, ready to report. Lines and columns are 1-based. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: RuleId;
  severity: Severity;
  message: string;
}
