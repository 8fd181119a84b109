import { isDeepStrictEqual } from 'node:util';
import type { z } from 'astro/zod';
import { paperSchemaFor, type PaperData } from '../paper/schema.ts';
import { urlProblem } from '../paper/http-url.ts';
import { arxivIdProblem, doiProblem } from '../paper/identifiers.ts';
import { refusedUrls } from '../repair/links.ts';
import { formatDay, isDayShaped, parseDay } from '../paper/calendar-day.ts';
import type { Problem } from './rules.ts';
import { closestMatch } from './suggest.ts';
import { snippet } from './text-position.ts';
import type { YamlSourceMap } from './yaml-source-map.ts';

const TEXT_FIELDS = ['title', 'arxiv', 'doi', 'journal', 'comments', 'license', 'source', 'original'] as const;
const HIDDEN_CHARACTER_RULES: ReadonlySet<string> = new Set([
  'control-character',
  'bidi-control',
  'invisible-character',
]);
const LIST_FIELDS = ['authors', 'categories', 'topics', 'code', 'links'] as const;
const DATE_FIELDS = ['published', 'updated', 'added'] as const;
/** The fields with a grammar of their own (src/lib/paper/identifiers.ts), and the rule that reports a value outside it. */
const IDENTIFIER_GRAMMARS = new Map<
  string,
  { rule: 'arxiv-id' | 'doi'; problem: (value: string) => string | undefined }
>([
  ['arxiv', { rule: 'arxiv-id', problem: arxivIdProblem }],
  ['doi', { rule: 'doi', problem: doiProblem }],
]);

/** The keys of an object schema's `shape` that it refuses to leave out. */
export function requiredKeys(shape: Readonly<Record<string, z.ZodType>>): ReadonlySet<string> {
  return new Set(
    Object.entries(shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([key]) => key),
  );
}

const PAPER_SHAPE = paperSchemaFor([]).shape;
/** The fields a paper may have, in the order the schema declares them. */
export const PAPER_FIELDS: readonly string[] = Object.keys(PAPER_SHAPE);
/** The fields a paper must have. */
const REQUIRED_FIELDS = requiredKeys(PAPER_SHAPE);

const FIELD_EXAMPLES: Record<string, string> = {
  title: 'title: "The title as published"',
  added: 'added: 2025-03-14',
  topics: 'topics: [a-topic-id]',
  source: 'source: pull request',
};

/** How YAML read a value, in words, for messages about values that are not what the writer meant. */
export function describeYamlValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (value instanceof Date) return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : formatDay(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'object') return 'a mapping ("key: value")';
  return `the ${typeof value} ${String(value)}`;
}

/** A path into a value, in words: `authors item 2`. */
export function describePath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `item ${part + 1}` : String(part))).join(' ');
}

/** What zod names in an `invalid_type` issue, as the check's messages name it. */
const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  array: 'a list',
  date: 'a day written YYYY-MM-DD',
  boolean: 'true or false',
  number: 'a number',
  object: 'a mapping ("key: value")',
};

/**
 * A paper's front matter checked against `schema` as the check checks it, for the tools that
 * read archive files (the ingest, enrich): the data, or why not in the check's words, each
 * issue as `field: what is wrong` (`source: the value is empty: ...`), not zod's own text.
 */
export function parseWithCheckWords<T>(
  schema: z.ZodType<T>,
  data: unknown,
): { success: true; data: T } | { success: false; reason: string } {
  const result = schema.safeParse(data, { error: schemaIssueMessage });
  if (result.success) return { success: true, data: result.data };
  const reason = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? `${describePath(issue.path)}: ` : ''}${issue.message}`)
    .join('; ');
  return { success: false, reason };
}

/**
 * The check's words for a schema issue the schema gives no message of its own: what is wrong with
 * the value and what to write, as every other rule says it, instead of zod's defaults ("Too small:
 * expected string to have >=1 characters"). Given to `safeParse` as its error map, which zod
 * consults only for issues without a message, so it words every such rule of every field alike
 * (a minimum or maximum length of a text or a list, a type, a fixed set of values); `undefined`
 * leaves zod's words for an issue of another kind. The field's name is put before it by the caller.
 */
export function schemaIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return paperIssueWords(issue);
}

/** What an error map built by `schemaIssueWords` needs to know of the object it words issues for. */
export interface SchemaFields {
  /** The keys the object must have: an empty one is asked for, not offered for deletion. */
  required: ReadonlySet<string>;
  /** A line to copy per key, shown when its value is empty: `added: 2025-03-14`. */
  examples: Readonly<Record<string, string>>;
}

/**
 * The error map of `schemaIssueMessage` for the fields of another object of the archive's files
 * (a topic of the taxonomy), so that the same rule is worded alike in every file.
 */
export function schemaIssueWords(fields: SchemaFields): (issue: z.core.$ZodRawIssue) => string | undefined {
  return (issue) => issueWords(issue, fields);
}

const paperIssueWords = schemaIssueWords({ required: REQUIRED_FIELDS, examples: FIELD_EXAMPLES });

function issueWords(issue: z.core.$ZodRawIssue, { required, examples }: SchemaFields): string | undefined {
  const path = issue.path ?? [];
  const [key] = path;
  const item = path.length > 1;
  const input: unknown = issue.input;
  const size = typeof input === 'string' ? [...input].length : Array.isArray(input) ? input.length : undefined;
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  switch (issue.code) {
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string' && size === 0) {
        if (item) return 'the item is empty: write it, or delete the item';
        const example = typeof key === 'string' ? examples[key] : undefined;
        if (typeof key === 'string' && required.has(key))
          return `the value is empty: give it one${example ? `, e.g. ${example}` : ''}`;
        return 'the value is empty: give it one, or delete the line';
      }
      if (issue.origin === 'string' && size !== undefined)
        return `the value is ${plural(size, 'character')} long; it needs at least ${minimum}: complete it`;
      if (issue.origin === 'array' && size !== undefined)
        return `the list ${size === 0 ? 'is empty' : `has ${plural(size, 'item')}`}: give at least ${plural(minimum, 'item')}`;
      return undefined;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string' && size !== undefined)
        return `the value is ${plural(size, 'character')} long; the limit is ${maximum}: shorten it`;
      if (issue.origin === 'array' && size !== undefined)
        return `the list has ${plural(size, 'item')}; the limit is ${maximum}: remove ${size - maximum}`;
      return undefined;
    }
    case 'invalid_type': {
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      const quote = issue.expected === 'string' ? ': quote it' : '';
      return `must be ${expected}, not ${describeYamlValue(input)}${quote}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return undefined;
  }
}

const schemaCache = new Map<string, ReturnType<typeof paperSchemaFor>>();
function schemaFor(topicIds: readonly string[]): ReturnType<typeof paperSchemaFor> {
  const key = topicIds.join('\n');
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = paperSchemaFor(topicIds);
    if (schemaCache.size > 16) schemaCache.clear();
    schemaCache.set(key, schema);
  }
  return schema;
}

/**
 * The first value Astro's reader (`astro`, what the build uses) and the archive's reader
 * (`archive`, what the check, the ingest and the site's own code use) read differently, at its
 * place in the YAML, with what to write so that both read it alike: a day as YYYY-MM-DD, anything
 * else in quotes. Undefined when the two agree on every field. The two differ on a few YAML
 * spellings, such as a day with a one-digit month (`2025-3-4`, a date to Astro, text to js-yaml)
 * or a binary number (`0b101`, text to Astro, 5 to js-yaml).
 */
export function readerDisagreement(
  astro: Record<string, unknown>,
  archive: Record<string, unknown>,
  map: YamlSourceMap,
): Problem | undefined {
  for (const key of new Set([...Object.keys(astro), ...Object.keys(archive)])) {
    let [built, read] = [astro[key], archive[key]];
    if (isDeepStrictEqual(built, read)) continue;
    let path: PropertyKey[] = [key];
    if (Array.isArray(built) && Array.isArray(read) && built.length === read.length) {
      const items: unknown[] = read;
      const index = built.findIndex((item, i) => !isDeepStrictEqual(item, items[i]));
      path = [key, index];
      [built, read] = [built[index], items[index]];
    }
    const written = map.source(path) ?? String(read);
    const day = [built, read].find((value) => value instanceof Date && !Number.isNaN(value.getTime()));
    const advice =
      path.length === 1 && (DATE_FIELDS as readonly string[]).includes(key)
        ? `write the day as YYYY-MM-DD, e.g. ${key}: ${day instanceof Date ? formatDay(day) : '2025-03-14'}`
        : `quote it: ${path.length === 1 ? `${key}: ` : '- '}"${written.replace(/"/g, '\\"')}"`;
    return {
      rule: 'reader-disagreement',
      offset: map.valueOffset(path) ?? map.keyOffset(key) ?? 0,
      message: `${describePath(path)}: ${written} is read as ${describeYamlValue(built)} by the site build (Astro) but as ${describeYamlValue(read)} by the archive's tools: ${advice}`,
    };
  }
  return undefined;
}

export interface FrontMatterValues {
  /** The front matter exactly as Astro reads it (js-yaml 4). */
  data: Record<string, unknown>;
  map: YamlSourceMap;
  topicIds: readonly string[];
  /** The taxonomy file, named in messages about unknown topics. */
  topicsFile: string;
  /** Offset (relative to the YAML) of the closing fence: where a missing field should be added. */
  endOffset: number;
  /** Receives the front matter as the schema gives it, when the schema accepts it. */
  onSchemaOutput?: ((data: PaperData) => void) | undefined;
}

/**
 * Checks the values of a front matter that parsed: first the YAML type surprises a writer did
 * not intend (an unquoted arXiv id read as a number, `title: 2024`, `doi:` left empty, a day
 * that does not exist), then the shared paper schema, each problem at the value it is about.
 * Offsets are relative to the YAML.
 */
export function checkFrontMatterValues({
  data,
  map,
  topicIds,
  topicsFile,
  endOffset,
  onSchemaOutput,
}: FrontMatterValues): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const at = (path: readonly PropertyKey[]) => map.valueOffset(path) ?? map.keyOffset(String(path[0])) ?? 0;
  const raw = (path: readonly PropertyKey[], value: unknown) => map.source(path) ?? String(value);
  const report = (rule: Problem['rule'], path: readonly PropertyKey[], message: string, offset = at(path)) => {
    reported.add(String(path[0]));
    problems.push({ rule, offset, message });
  };

  for (const [key, value] of Object.entries(data)) {
    if (value === null && PAPER_FIELDS.includes(key)) {
      report(
        'yaml-type',
        [key],
        `"${key}" is empty (YAML reads it as null): give it a value or delete the line`,
        map.keyOffset(key) ?? at([key]),
      );
    }
  }
  for (const key of TEXT_FIELDS) {
    const value = data[key];
    if (value === undefined || value === null || typeof value === 'string') continue;
    const written = raw([key], value);
    // An identifier that quoting would not make valid (`arxiv: 2401.1234`: after 2014 an id has five
    // digits after the dot) is reported by its grammar, so that the writer checks it, not only quotes it.
    const grammar = IDENTIFIER_GRAMMARS.get(key);
    const invalidQuoted = grammar && map.source([key]) !== undefined ? grammar.problem(written) : undefined;
    if (grammar && invalidQuoted !== undefined) {
      report(
        grammar.rule,
        [key],
        `${key}: ${written} is read by YAML as ${describeYamlValue(value)}, and quoting it is not enough: ${invalidQuoted}: check it and write it in quotes`,
      );
    } else if (key === 'arxiv' && typeof value === 'number') {
      report(
        'arxiv-not-quoted',
        [key],
        `arxiv: ${written} is read by YAML as ${describeYamlValue(value)}, not an id: quote it: arxiv: "${written}"`,
      );
    } else {
      report(
        'yaml-type',
        [key],
        `${key}: ${written} is read by YAML as ${describeYamlValue(value)}, not text: quote it: ${key}: "${written.replace(/"/g, '\\"')}"`,
      );
    }
  }
  for (const key of LIST_FIELDS) {
    const value = data[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      report(
        'yaml-type',
        [key],
        `"${key}" must be a list, not ${describeYamlValue(value)}: write "${key}:" and then each entry on its own line as "  - value"`,
      );
      continue;
    }
    value.forEach((item: unknown, index) => {
      if (typeof item === 'string') return;
      const written = raw([key, index], item);
      report(
        'yaml-type',
        [key, index],
        `${key} item ${index + 1}: ${written} is read by YAML as ${describeYamlValue(item)}, not text: quote it: - "${written.replace(/"/g, '\\"')}"`,
      );
    });
  }
  for (const key of DATE_FIELDS) {
    const value = data[key];
    if (value === undefined || value === null) continue;
    const written = raw([key], value);
    if (value instanceof Date) {
      if (!isDayShaped(written)) {
        report('date-format', [key], `${key}: ${written} must be a day written YYYY-MM-DD, with no time`);
      } else if (Number.isNaN(value.getTime()) || formatDay(value) !== written) {
        report(
          'date-format',
          [key],
          `${key}: ${written} is not a calendar day (YAML rolls it over to ${describeYamlValue(value).replace('the date ', '')}): fix the month or day`,
        );
      }
    } else if (typeof value !== 'string' || parseDay(value) === undefined) {
      report(
        'date-format',
        [key],
        `${key}: ${written} is ${typeof value === 'string' ? 'not a calendar day' : `read by YAML as ${describeYamlValue(value)}`}: write the day as YYYY-MM-DD, e.g. ${key}: 2025-03-14`,
      );
    }
  }

  // Identifiers and links by their own grammars (src/lib/paper/identifiers.ts, src/lib/paper/http-url.ts), each
  // reported under its own rule at the value; the schema applies the same functions.
  for (const [key, { rule, problem }] of IDENTIFIER_GRAMMARS) {
    const value = data[key];
    if (typeof value !== 'string' || reported.has(key)) continue;
    const message = problem(value);
    if (message !== undefined) report(rule, [key], `${key}: ${message}`);
  }
  // The abstract as scraped is shown as text: a URL in it must not deceive either.
  const original = data['original'];
  if (typeof original === 'string' && !reported.has('original')) {
    const [refused] = refusedUrls(original);
    if (refused !== undefined) report(refused.problem.rule, ['original'], `original: ${refused.problem.message}`);
  }
  const license = data['license'];
  if (typeof license === 'string' && !reported.has('license')) {
    const problem = urlProblem(license, 'license: the link');
    if (problem !== undefined) report(problem.rule, ['license'], problem.message);
  }
  for (const key of ['code', 'links'] as const) {
    const value = data[key];
    if (!Array.isArray(value) || reported.has(key)) continue;
    value.forEach((item: unknown, index) => {
      if (typeof item !== 'string') return;
      const problem = urlProblem(item, `${key} item ${index + 1}: the link`);
      if (problem !== undefined) report(problem.rule, [key, index], problem.message);
    });
  }

  const known = new Set(topicIds);
  const unknown: string[] = [];
  const topics = data['topics'];
  if (Array.isArray(topics)) {
    topics.forEach((id: unknown, index) => {
      if (typeof id !== 'string' || known.has(id)) return;
      unknown.push(id);
      const guess = closestMatch(id, topicIds);
      problems.push({
        rule: 'unknown-topic',
        offset: at(['topics', index]),
        message: `unknown topic "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}: use an id from ${topicsFile}`,
      });
    });
  }

  // Unknown topics were reported above with their exact place; the schema sees them as known.
  const result = schemaFor(unknown.length > 0 ? [...topicIds, ...unknown] : topicIds).safeParse(data, {
    error: schemaIssueMessage,
  });
  if (result.success) {
    onSchemaOutput?.(result.data);
    return problems;
  }
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const guess = closestMatch(key, PAPER_FIELDS);
        problems.push({
          rule: 'unknown-field',
          offset: map.keyOffset(key) ?? 0,
          message: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}: a paper's fields are ${PAPER_FIELDS.join(', ')}`,
        });
      }
      continue;
    }
    // Hidden characters are reported by the value stage (paper-values.ts), at the character itself.
    if (issue.code === 'custom' && HIDDEN_CHARACTER_RULES.has(String(issue.params?.['rule']))) continue;
    const [head] = issue.path;
    if (head !== undefined && reported.has(String(head))) continue;
    if (issue.path.length === 1 && typeof head === 'string' && data[head] === undefined) {
      const example = FIELD_EXAMPLES[head];
      problems.push({
        rule: 'missing-field',
        offset: endOffset,
        message: `the required field "${head}" is missing: add it before the closing "---"${example ? `, e.g. ${example}` : ''}`,
      });
      continue;
    }
    const written = map.source(issue.path);
    problems.push({
      rule: 'schema',
      offset: at(issue.path),
      message: `${describePath(issue.path)}: ${issue.message}${written === undefined ? '' : ` (found ${snippet(written)})`}`,
    });
  }
  return problems;
}
