import { CST, Parser } from 'yaml';
import type { Problem, RuleId } from './rules.ts';
import { snippet } from './text-position.ts';

const HAZARDS: Partial<Record<string, { rule: RuleId; message: (source: string) => string }>> = {
  anchor: {
    rule: 'yaml-anchor',
    message: (source) =>
      `YAML anchor "${source}" is not allowed (anchors and aliases can expand into a "billion laughs" bomb): write the value out in full`,
  },
  alias: {
    rule: 'yaml-alias',
    message: (source) =>
      `YAML alias "${source}" is not allowed (anchors and aliases can expand into a "billion laughs" bomb): write the value out in full`,
  },
  tag: {
    rule: 'yaml-tag',
    message: (source) => `YAML tag "${source}" is not allowed: write a plain value (quote it if it must stay text)`,
  },
  directive: {
    rule: 'yaml-directive',
    message: (source) => `YAML directive "${source}" is not allowed: delete the line`,
  },
};

interface FoundToken {
  type: string;
  offset: number;
  source: string;
}

/** Every CST token whose type `wanted` accepts, found by walking the syntax tree without building any values. */
function collect(node: unknown, wanted: (type: string) => boolean, found: FoundToken[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, wanted, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const token = node as { type?: unknown; offset?: unknown; source?: unknown };
  if (typeof token.type === 'string' && typeof token.offset === 'number' && wanted(token.type)) {
    found.push({ type: token.type, offset: token.offset, source: String(token.source ?? '') });
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'type' && typeof value === 'object') collect(value, wanted, found);
  }
}

/** The concrete syntax tree of a YAML text: tokens only, no values built, nothing resolved. */
export function parseYamlSyntax(yaml: string): CST.Token[] {
  return [...new Parser().parse(yaml)];
}

/**
 * Anchors, aliases, tags and directives in a YAML text, found in its concrete syntax tree (see
 * `parseYamlSyntax`), which records them as tokens and never resolves them. This runs before
 * anything that would *evaluate* the YAML (js-yaml, Astro), so an alias bomb is refused without
 * ever being expanded. Offsets are relative to the YAML text.
 */
export function yamlHazards(tokens: readonly CST.Token[]): Problem[] {
  const found: FoundToken[] = [];
  collect(tokens, (type) => HAZARDS[type] !== undefined, found);
  found.sort((a, b) => a.offset - b.offset);
  // One problem per kind, at its first use: a bomb repeats the same construct thousands of times.
  const problems: Problem[] = [];
  for (const type of new Set(found.map((token) => token.type))) {
    const hazard = HAZARDS[type];
    const uses = found.filter((token) => token.type === type);
    const first = uses[0];
    if (!hazard || !first) throw new Error(`Failed to classify YAML token ${type}`);
    const more = uses.length > 1 ? ` (${uses.length - 1} more in this file)` : '';
    problems.push({ rule: hazard.rule, offset: first.offset, message: hazard.message(first.source.trim()) + more });
  }
  return problems;
}

/** Whether a quoted scalar's source, as the lexer cut it, ends with its closing quote. */
function isClosed(source: string, quote: '"' | "'"): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  // Inside double quotes a quote after an odd run of backslashes is escaped; inside single quotes
  // a quote is escaped by doubling it, so the closing one ends an odd run of quotes.
  const before = source.slice(1, -1);
  const run = (quote === '"' ? /\\*$/ : /'*$/).exec(before)?.[0].length ?? 0;
  return run % 2 === 0;
}

/**
 * The first quoted value whose closing quote is missing, with where its opening quote is (relative
 * to the YAML). YAML lets a quoted value run on over lines, so an unclosed one swallows the fields
 * after it, and the parser gives up where the front matter ends (the closing "---") or at the
 * next quote, far from the mistake: this is the place to report it.
 */
export function unclosedQuote(tokens: readonly CST.Token[]): { offset: number; quote: '"' | "'" } | undefined {
  const quoted: FoundToken[] = [];
  collect(tokens, (type) => type === 'double-quoted-scalar' || type === 'single-quoted-scalar', quoted);
  const open = quoted
    .map(
      ({ type, offset, source }) => ({ offset, source, quote: type === 'double-quoted-scalar' ? '"' : "'" }) as const,
    )
    .filter(({ source, quote }) => !isClosed(source, quote))
    .sort((a, b) => a.offset - b.offset)[0];
  return open === undefined ? undefined : { offset: open.offset, quote: open.quote };
}

/** A CST token as the walk below reads it: a plain scalar has `source`, and `end` holds what follows it on its line. */
interface SyntaxNode {
  type?: string;
  offset?: number;
  source?: string;
  end?: readonly SyntaxNode[];
  items?: readonly { key?: SyntaxNode | null; value?: SyntaxNode | null }[];
  value?: SyntaxNode;
}

/** A value as a single-quoted YAML scalar (where a backslash is text, as TeX needs). */
function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Comments that end an unquoted value: `title: Problem #3 of Many` is read by YAML (and so by the
 * build) as the title "Problem", since " #" starts a comment. Nobody writes a comment at the end of
 * a paper's title or author name on purpose, and nothing else would say that the rest of the line
 * was dropped; a quoted value followed by a comment (`title: 'A' # note`) is what a comment looks
 * like on purpose and is left alone. Found in the syntax tree (`parseYamlSyntax`): the fields of
 * the front matter and the items of their lists. Offsets are relative to the YAML text, at the "#".
 */
export function trailingComments(tokens: readonly CST.Token[], yaml: string): Problem[] {
  const problems: Problem[] = [];
  const check = (node: SyntaxNode | null | undefined, where: string, listItem: boolean) => {
    if (node?.type !== 'scalar' || typeof node.offset !== 'number') return;
    const comment = (node.end ?? []).find((token) => token.type === 'comment' || token.type === 'newline');
    if (comment?.type !== 'comment' || typeof comment.offset !== 'number') return;
    const read = node.source ?? '';
    const meant = yaml.slice(node.offset, comment.offset + (comment.source ?? '').length);
    const fix = meant.includes('\n')
      ? 'quote the whole value'
      : `quote it: ${listItem ? '- ' : `${where}: `}${singleQuoted(meant)}`;
    problems.push({
      rule: 'yaml-type',
      offset: comment.offset,
      message: `${where}: YAML reads " ${comment.source ?? '#'}" as a comment and drops it, so the value is "${snippet(read, 80)}": ${fix} (or delete the text after "#" if it is a note)`,
    });
  };
  for (const document of tokens as readonly SyntaxNode[]) {
    if (document.type !== 'document' || document.value?.type !== 'block-map') continue;
    for (const item of document.value.items ?? []) {
      const key = item.key?.type === 'scalar' ? (item.key.source ?? '') : '';
      if (key === '') continue;
      const value = item.value;
      if (value?.type === 'block-seq') {
        (value.items ?? []).forEach((entry, index) => check(entry.value, `${key} item ${index + 1}`, true));
      } else {
        check(value, key, false);
      }
    }
  }
  return problems;
}
