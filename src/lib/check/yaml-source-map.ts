import { Composer, isMap, isPair, isScalar, isSeq, type CST, type Node as YamlNode } from 'yaml';
import { CHAR } from '../text/char-codes.ts';
import type { Problem } from './rules.ts';

/** Where the values of a front-matter block are written, so problems found in the data point at their source. */
export interface YamlSourceMap {
  /** Offset of the value at `path` (or of the nearest enclosing value that exists), relative to the YAML. */
  valueOffset(path: readonly PropertyKey[]): number | undefined;
  /** Offset of the top-level key `key`, relative to the YAML. */
  keyOffset(key: string): number | undefined;
  /** The value at `path` exactly as written (quotes included), when it is a scalar. */
  source(path: readonly PropertyKey[]): string | undefined;
  /** The path of the value written at `offset` (a field, or an item of a list field); `undefined` outside every value. */
  pathAt(offset: number): (string | number)[] | undefined;
  /** Duplicate keys and merge keys: structure js-yaml and Astro would reject or silently rewrite. */
  problems: Problem[];
  /** What the block holds at the top: a mapping of fields (as it must), nothing at all, or something else. */
  kind: 'mapping' | 'empty' | 'other';
}

function nodeAt(root: unknown, path: readonly PropertyKey[]): { node: YamlNode | undefined; exact: boolean } {
  let node = root as YamlNode | undefined;
  let found = node;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      node = (pair?.value ?? undefined) as YamlNode | undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as YamlNode | undefined;
    } else node = undefined;
    if (node === undefined || node === null) return { node: found, exact: false };
    found = node;
  }
  return { node: found, exact: true };
}

/**
 * Maps a front-matter block's paths to where they are written, from its syntax tree (see
 * `parseYamlSyntax`). Only called on YAML already cleared of anchors and aliases, so building the
 * document cannot expand anything.
 */
export function mapYamlSource(yaml: string, syntax: readonly CST.Token[]): YamlSourceMap {
  const [doc] = new Composer({ uniqueKeys: true }).compose(syntax, true, yaml.length);
  if (!doc) throw new Error('Failed to compose the front matter: the YAML held no document');
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    if (error.code !== 'DUPLICATE_KEY') continue;
    const offset = error.pos[0];
    const key = /^[^:\n]*/.exec(yaml.slice(offset))?.[0].trim() ?? '';
    problems.push({
      rule: 'yaml-duplicate-key',
      offset,
      message: `the field ${key ? `"${key}" ` : ''}appears more than once: keep one (merge the values if both are needed)`,
    });
  }
  if (isMap(doc.contents)) {
    for (const item of doc.contents.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === '<<' && item.key.range) {
        problems.push({
          rule: 'yaml-merge-key',
          offset: item.key.range[0],
          message: 'YAML merge keys ("<<") are not allowed: write each field out',
        });
      }
    }
  }
  return {
    problems,
    kind: isMap(doc.contents) ? 'mapping' : doc.contents === null ? 'empty' : 'other',
    valueOffset(path) {
      return nodeAt(doc.contents, path).node?.range?.[0];
    },
    keyOffset(key) {
      if (!isMap(doc.contents)) return undefined;
      const pair = doc.contents.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    },
    source(path) {
      const { node, exact } = nodeAt(doc.contents, path);
      if (!exact || !isScalar(node) || !node.range) return undefined;
      return yaml.slice(node.range[0], node.range[1]);
    },
    pathAt(offset) {
      if (!isMap(doc.contents)) return undefined;
      const within = (node: unknown) => {
        const range = (node as YamlNode | null)?.range;
        return range !== undefined && range !== null && offset >= range[0] && offset < range[1];
      };
      for (const pair of doc.contents.items) {
        if (!isScalar(pair.key) || !within(pair.value)) continue;
        const key = String(pair.key.value);
        if (!isSeq(pair.value)) return [key];
        const index = pair.value.items.findIndex(within);
        return index === -1 ? [key] : [key, index];
      }
      return undefined;
    },
  };
}

/**
 * A source map for front matter that js-yaml's `dump` wrote (`serializePaperFile`), read from its
 * fixed layout instead of a syntax tree: one `key: value` line per field, lists as indented
 * `- item` lines, long text as a `|-` block. It costs a line scan, where the syntax tree costs
 * most of checking a file; the ingest uses it on the files it is about to write, which it made
 * itself. On YAML of any other shape it knows fewer places (callers then point at the field).
 */
export function mapDumpedYaml(yaml: string): YamlSourceMap {
  interface Field {
    key: number;
    /** Where the value starts, and where its last non-blank line ends. */
    value: number;
    end: number;
    items: { offset: number; end: number }[];
  }
  const keys = new Map<string, Field>();
  let current: Field | undefined;
  // A plain scan by line: this runs once per file the ingest plans, 100,000 times for a large dump.
  for (let start = 0; start <= yaml.length;) {
    const newline = yaml.indexOf('\n', start);
    const stop = newline === -1 ? yaml.length : newline;
    const first = yaml.charCodeAt(start);
    const colon = yaml.indexOf(':', start);
    if (stop > start && first !== CHAR.SPACE && first !== CHAR.HYPHEN && colon !== -1 && colon < stop) {
      current = { key: start, value: Math.min(colon + 2, stop), end: stop, items: [] };
      keys.set(yaml.slice(start, colon), current);
    } else if (current !== undefined) {
      if (yaml.startsWith('  - ', start)) current.items.push({ offset: start + 4, end: stop });
      else if (current.items.length === 0 && yaml.slice(start, stop).trim() !== '') current.end = stop;
    }
    start = stop + 1;
  }
  const scalar = (field: Field): string | undefined => {
    if (field.items.length > 0 || field.end <= field.value) return undefined;
    const written = yaml.slice(field.value, field.end);
    // A block scalar (`|-`) runs to its last non-blank line, and its source ends with that line's break.
    return /^[|>]/.test(written) ? `${written}\n` : written;
  };
  const entry = (path: readonly PropertyKey[]) => keys.get(String(path[0]));
  return {
    problems: [],
    kind: 'mapping',
    valueOffset(path) {
      const found = entry(path);
      if (found === undefined) return undefined;
      if (path.length > 1) return found.items[Number(path[1])]?.offset ?? found.value;
      // A list starts at its first "- ".
      return found.items.length > 0 ? (found.items[0]?.offset ?? 0) - 2 : found.value;
    },
    keyOffset(key) {
      return keys.get(key)?.key;
    },
    pathAt(at) {
      // The field whose line range holds `at`: from its key to the next key.
      let field: [string, Field] | undefined;
      // Fields were found line by line: in the order of their offsets.
      for (const candidate of keys) if (candidate[1].key <= at) field = candidate;
      if (field === undefined || at < field[1].value) return undefined;
      const [key, { items }] = field;
      for (let index = items.length - 1; index >= 0; index -= 1) {
        if ((items[index]?.offset ?? Infinity) <= at) return [key, index];
      }
      return [key];
    },
    source(path) {
      const found = entry(path);
      if (found === undefined || path.length > 2) return undefined;
      if (path.length === 1) return scalar(found);
      const item = found.items[Number(path[1])];
      return item === undefined ? undefined : yaml.slice(item.offset, item.end);
    },
  };
}
