import { Composer, isMap, isPair, isScalar, isSeq, type CST, type Node as YamlNode } from 'yaml';
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
  const keys = new Map<
    string,
    { key: number; value: number; source: string; items: { offset: number; source: string }[] }
  >();
  let current: { key: number; value: number; source: string; items: { offset: number; source: string }[] } | undefined;
  let offset = 0;
  for (const line of yaml.split('\n')) {
    const field = /^([A-Za-z_][\w-]*):(?: (.*))?$/.exec(line);
    if (field) {
      const value = field[2] ?? '';
      current = { key: offset, value: offset + (field[1]?.length ?? 0) + 2, source: value, items: [] };
      keys.set(field[1] ?? '', current);
    } else if (current !== undefined) {
      const item = /^ {2}- (.*)$/.exec(line);
      if (item) current.items.push({ offset: offset + 4, source: item[1] ?? '' });
      else if (/^(?:\s|$)/.test(line) && current.items.length === 0) current.source += `\n${line}`;
    }
    offset += line.length + 1;
  }
  for (const entry of keys.values()) {
    // A block scalar (`|-`) runs to its last non-blank line, and its source ends with that line's break.
    if (/^[|>]/.test(entry.source)) entry.source = `${entry.source.replace(/\n+$/, '')}\n`;
    else entry.source = entry.source.replace(/\n+$/, '');
  }
  const entry = (path: readonly PropertyKey[]) => keys.get(String(path[0]));
  const fields = [...keys.entries()].sort((a, b) => a[1].key - b[1].key);
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
      let field: (typeof fields)[number] | undefined;
      for (const candidate of fields) if (candidate[1].key <= at) field = candidate;
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
      return path.length === 2 ? found.items[Number(path[1])]?.source : found.source === '' ? undefined : found.source;
    },
  };
}
