/**
 * The topic taxonomy (`content/topics.yaml`) read and checked as the archive's tools and the build
 * read it: its YAML, each topic against the schema's `topicSchema` (the one definition of a
 * topic), then the rules across topics (an id used twice, two catch-alls) and the classifier's
 * rules on match phrases. Every problem is reported, at its line and column and naming the topic,
 * in the check's words. Pure: the caller reads the file (src/lib/paper/topics-file.ts).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { matchPhraseProblems, taxonomyCategoryKey } from '../classify/topic-classifier.ts';
import { ARXIV_CATEGORIES, arxivArchive } from '../paper/arxiv-categories.ts';
import { topicSchema, type Topic } from '../paper/schema.ts';
import { sortFileProblems, type FileProblem } from './content-file-problems.ts';
import { describePath, describeYamlValue, requiredKeys, schemaIssueWords } from './front-matter-values.ts';
import { closestMatch } from './suggest.ts';

/** The keys a topic may have, in the order the schema declares them. */
const TOPIC_KEYS: readonly string[] = Object.keys(topicSchema.shape);
/** The keys a topic must have. */
const REQUIRED_KEYS = requiredKeys(topicSchema.shape);
const KEY_EXAMPLES: Record<string, string> = {
  id: 'id: federated-learning',
  name: 'name: Federated learning',
  description: 'description: One line saying what belongs here',
};
const issueWords = schemaIssueWords({ required: REQUIRED_KEYS, examples: KEY_EXAMPLES });

const LIST_ADVICE = 'each starting with "- id:"';
/** What a misspelt category of a topic is compared with: arXiv's categories and archives. */
const CATEGORY_NAMES = [
  ...new Set([...Object.keys(ARXIV_CATEGORIES), ...Object.keys(ARXIV_CATEGORIES).map(arxivArchive)]),
];

export interface Taxonomy {
  /** The topics, when the file has no problem; empty otherwise. */
  topics: Topic[];
  problems: FileProblem[];
}

/** The node at `path` below `node` (keys of mappings, indexes of lists), or the deepest one that exists. */
function nodeAt(node: unknown, path: readonly PropertyKey[]): YamlNode | undefined {
  let found = node as YamlNode | undefined;
  for (const segment of path) {
    let next: unknown;
    if (isMap(found)) next = found.items.find((pair) => isScalar(pair.key) && pair.key.value === segment)?.value;
    else if (isSeq(found) && typeof segment === 'number') next = found.items[segment];
    if (next === undefined || next === null) break;
    found = next as YamlNode;
  }
  return found;
}

/** The key node of `key` in the mapping `node`. */
function keyNode(node: unknown, key: string): YamlNode | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isScalar(pair?.key) ? pair.key : undefined;
}

/** Reads a taxonomy's text: its topics, or every problem found. */
export function parseTaxonomy(text: string): Taxonomy {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: FileProblem[] = [];
  const at = (node: YamlNode | undefined | null) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  };
  const report = (node: YamlNode | undefined | null, message: string) => problems.push({ ...at(node), message });

  for (const error of document.errors) {
    const { line, col } = lines.linePos(error.pos[0]);
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? '';
    problems.push({
      line,
      column: col,
      message:
        error.code === 'DUPLICATE_KEY'
          ? `invalid YAML: the key "${key}" appears twice in one topic: keep one`
          : `invalid YAML: ${error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}: ${LIST_ADVICE}, its other keys indented below it, and a value with ": " or " #" in quotes`,
    });
  }
  if (problems.length > 0) return { topics: [], problems: sortFileProblems(problems) };

  const root = document.contents;
  if (root === null) {
    report(null, `the taxonomy is empty: list the topics, ${LIST_ADVICE} (see docs/topics.md)`);
    return { topics: [], problems };
  }
  if (!isSeq(root)) {
    report(
      root,
      `the taxonomy must be a list of topics, ${LIST_ADVICE} at the start of a line, not ${describeYamlValue(root.toJS(document))}`,
    );
    return { topics: [], problems };
  }

  const data: unknown[] = root.toJS(document) as unknown[];
  const topics: Topic[] = [];
  /**
   * The phrases of every topic whose `match` the schema accepts, even when another of its keys is
   * wrong, for the classifier's rules on phrases; with each one's index in the file.
   */
  const phraseLists: Pick<Topic, 'id' | 'match'>[] = [];
  const places: number[] = [];
  /** Where each id is first given, and the first catch-all. */
  const firstId = new Map<string, number>();
  let catchAll: { id: string; line: number } | undefined;

  data.forEach((entry, index) => {
    const node = root.items[index] as YamlNode | undefined;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      report(
        node,
        `topic ${index + 1} must be a mapping of id, name, description and match, not ${describeYamlValue(entry)}: write it as "- id: ..." with its other keys indented below`,
      );
      return;
    }
    const record = entry as Record<string, unknown>;
    const id = typeof record['id'] === 'string' ? record['id'] : undefined;
    const name = id === undefined ? `topic ${index + 1}` : `topic "${id}"`;

    if (id !== undefined) {
      const first = firstId.get(id);
      if (first === undefined) firstId.set(id, at(root.items[index] as YamlNode).line);
      else {
        report(
          nodeAt(node, ['id']),
          `${name} appears twice (first at line ${first}): give each topic its own id, or merge the two`,
        );
      }
    }
    if (record['catchAll'] === true && id !== undefined) {
      if (catchAll === undefined) catchAll = { id, line: at(node).line };
      else {
        report(
          keyNode(node, 'catchAll'),
          `${name}: only one topic may be the catch-all, and "${catchAll.id}" (line ${catchAll.line}) is already: remove catchAll: true from one of them`,
        );
      }
    }

    const match = topicSchema.shape.match.safeParse(record['match']);
    if (match.success && match.data !== undefined) {
      phraseLists.push({ id: id ?? `${index + 1}`, match: match.data });
      places.push(index);
    }
    // A category no paper can carry is dead weight, as a phrase that could never match is.
    const categories = topicSchema.shape.categories.safeParse(record['categories']);
    (categories.success ? (categories.data ?? []) : []).forEach((category, item) => {
      if (taxonomyCategoryKey(category) !== undefined) return;
      const guess = closestMatch(category, CATEGORY_NAMES);
      report(
        nodeAt(node, ['categories', item]),
        `${name}: categories item ${item + 1}: "${category}" is not an arXiv category, so no paper can match it: ` +
          (guess ? `did you mean "${guess}"?` : 'write one such as cs.LG, or an archive such as astro-ph'),
      );
    });
    const result = topicSchema.safeParse(entry, { error: issueWords });
    if (result.success) {
      topics.push(result.data);
      return;
    }
    // A misspelt key (`nam`) is one problem, not two: the missing key it was meant to be is not reported again.
    const guesses = new Map<string, string | undefined>();
    for (const issue of result.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys)
        guesses.set(
          key,
          closestMatch(
            key,
            TOPIC_KEYS.filter((known) => !(known in record)),
          ),
        );
    }
    const meant = new Set(guesses.values());
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const guess = guesses.get(key);
          report(
            keyNode(node, key),
            guess
              ? `${name}: unknown key "${key}": did you mean "${guess}"? Rename it`
              : `${name}: unknown key "${key}": a topic's keys are ${TOPIC_KEYS.join(', ')}`,
          );
        }
        continue;
      }
      const [head] = issue.path;
      if (issue.path.length === 1 && typeof head === 'string' && record[head] === undefined) {
        if (meant.has(head)) continue;
        const example = KEY_EXAMPLES[head];
        report(
          node,
          issue.code === 'invalid_type'
            ? `${name}: the required key "${head}" is missing: add it${example ? `, e.g. ${example}` : ''}`
            : `${name}: ${head}: ${issue.message}`,
        );
        continue;
      }
      const value = issue.path.reduce<unknown>(
        (inner, segment) => (inner as Record<PropertyKey, unknown> | undefined)?.[segment],
        record,
      );
      const advice =
        issue.code === 'invalid_type' && issue.expected === 'array'
          ? `: write it as a list, e.g. ${String(head)}: [${typeof value === 'string' ? value : '...'}]`
          : '';
      report(nodeAt(node, issue.path), `${name}: ${describePath(issue.path)}: ${issue.message}${advice}`);
    }
  });

  // The classifier's rules on phrases.
  for (const problem of matchPhraseProblems(phraseLists)) {
    const index = places[problem.topic] ?? 0;
    report(nodeAt(root.items[index], ['match', problem.phrase]), problem.message);
  }

  return problems.length > 0 ? { topics: [], problems: sortFileProblems(problems) } : { topics, problems: [] };
}
