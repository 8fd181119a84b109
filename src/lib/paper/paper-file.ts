import matter from 'gray-matter';
import yaml from 'js-yaml';
import { formatDay } from './calendar-day.ts';
import type { PaperData } from './schema.ts';

/** A problem in a paper file, with the 1-based line (and column when known) it is on. */
export class PaperFileError extends Error {
  readonly line: number;
  readonly column: number | undefined;
  constructor(message: string, line: number, column?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PaperFileError';
    this.line = line;
    this.column = column;
  }
}

export interface ParsedPaperFile {
  /** Front matter exactly as YAML reads it, not yet validated. */
  data: Record<string, unknown>;
  /** The Markdown body (the abstract). */
  body: string;
  /** 1-based line of the file on which the body starts. */
  bodyLine: number;
}

function refuse(language: string) {
  return () => {
    throw new PaperFileError(
      `front matter in "${language}" is not allowed (it would run as code): start the file with a plain "---" line and write YAML`,
      1,
    );
  };
}

/**
 * gray-matter runs `---js` and `---javascript` front matter through `eval` unless told otherwise,
 * and `engines: { js: false }` does not stop it; every non-YAML engine is replaced by one that
 * refuses. YAML is read with js-yaml 4's default schema, exactly as Astro's content loader does.
 */
const MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    yaml: { parse: (source: string) => yaml.load(source) as object, stringify: () => '' },
    js: refuse('js'),
    javascript: refuse('javascript'),
    coffee: refuse('coffee'),
    coffeescript: refuse('coffeescript'),
    cson: refuse('cson'),
    toml: refuse('toml'),
    json: refuse('json'),
  },
};

/**
 * Reads a paper file's front matter and body. Throws a `PaperFileError` with a line number when
 * the front matter is missing, unterminated, not YAML, or not a mapping.
 */
export function parsePaperFile(source: string): ParsedPaperFile {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.startsWith('---')) {
    throw new PaperFileError('a paper file starts with a "---" line, then YAML front matter, then "---"', 1, 1);
  }
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (firstLine.trimEnd() !== '---') {
    const language = firstLine.slice(3).trim();
    throw new PaperFileError(
      `front matter in "${language}" is not allowed (it would run as code): the first line must be exactly "---"`,
      1,
      4,
    );
  }
  const closing = text.indexOf('\n---', 3);
  if (closing === -1) {
    throw new PaperFileError('the front matter is never closed: add a line "---" after the last field', 1, 1);
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, MATTER_OPTIONS);
  } catch (cause) {
    if (cause instanceof PaperFileError) throw cause;
    if (cause instanceof yaml.YAMLException) {
      // gray-matter hands js-yaml the block from the end of the opening `---`, newline included,
      // so js-yaml's 0-based line is already offset by one from the file's 1-based line.
      throw new PaperFileError(`invalid YAML: ${cause.reason}`, cause.mark.line + 1, cause.mark.column + 1, { cause });
    }
    throw new PaperFileError('the front matter cannot be read', 1, 1, { cause });
  }
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PaperFileError('the front matter must be a YAML mapping of fields (key: value)', 2, 1);
  }
  const headerLines = text.slice(0, closing + 4).split('\n').length;
  return { data: data as Record<string, unknown>, body: parsed.content, bodyLine: headerLines + 1 };
}

/** Front-matter keys in the order a reader of the file expects them. */
const KEY_ORDER = [
  'title',
  'authors',
  'arxiv',
  'doi',
  'categories',
  'journal',
  'comments',
  'license',
  'published',
  'updated',
  'added',
  'topics',
  'code',
  'links',
  'source',
  'original',
] as const satisfies readonly (keyof PaperData)[];

/**
 * Writes a paper file deterministically: fixed key order, dates as plain `YYYY-MM-DD`, ids that
 * look numeric quoted, no line folding. The same data always gives the same bytes, which is what
 * makes re-running the ingest a no-op.
 */
export function serializePaperFile(data: PaperData, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = data[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    ordered[key] = value instanceof Date ? formatDay(value) : value;
  }
  const front = yaml
    .dump(ordered, { lineWidth: -1, noRefs: true, noCompatMode: true })
    // js-yaml quotes day strings so they stay strings; a bare day reads back as the same date.
    .replace(/^(published|updated|added): '(\d{4}-\d{2}-\d{2})'$/gm, '$1: $2');
  return `---\n${front}---\n${body.trim()}\n`;
}
