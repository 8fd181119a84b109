/**
 * The site-wide TeX macros (`content/macros.yaml`): the one reviewed place shorthands such as `\Q`
 * or `\eps` are defined, since a paper may not define macros itself. Every way math is rendered or
 * checked (the build, title rendering, the check, the ingest's repair and validation, `npm run
 * new`) passes these to KaTeX as `macros`, through `math-check.ts`.
 *
 * The file is validated on load, so a macro cannot bring back what the allow-list keeps out of
 * papers: a name is a backslash and letters and not one of KaTeX's own commands; an expansion is
 * TeX using only allowed commands and the file's other macros, without recursion, at most
 * `MAX_MACRO_EXPANSION` characters fully expanded, each argument (#1 ... #9) used at most once (a
 * macro that copies its argument doubles with every nesting), without the control, bidirectional
 * and invisible characters a paper may not hold, and it must render.
 */
import { existsSync, readFileSync } from 'node:fs';
import katex from 'katex';
import { isAlias, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { findHiddenCharacters, hiddenCharacterProblems, WRITTEN_AS_ESCAPE } from '../check/hidden-characters.ts';
import { ContentFileError, sortFileProblems, type FileProblem } from '../check/content-file-problems.ts';
import { MACROS_FILE } from '../paper/content-paths.ts';
import { KATEX_OPTIONS } from './katex-options.ts';
import { commandVerdict, isKatexCommand, refusedCommands, refusedCommandMessage } from './math-allow-list.ts';
import { isControlSequence, texTokens } from './tex-tokens.ts';

/** Macro name (`\Q`) -> expansion (`\mathbb{Q}`), as KaTeX's `macros` option takes them. */
export type SiteMacros = Readonly<Record<string, string>>;

/** Fully expanded (other site macros inlined), an expansion is at most this long. */
export const MAX_MACRO_EXPANSION = 200;

/** A problem of the macros file, at its line and column (1-based), naming the macro. */
export type MacroProblem = FileProblem;

export interface SiteMacrosFile {
  /** The valid macros (an invalid one is left out, and reported). */
  macros: SiteMacros;
  problems: MacroProblem[];
}

const NAME = /^\\[a-zA-Z]+$/;

interface Entry {
  name: string;
  body: string;
  line: number;
  column: number;
}

/** The problems of one expansion on its own (commands, arguments, braces). */
function bodyProblems(entry: Entry, names: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const tokens = texTokens(entry.body);
  for (const refused of refusedCommands(tokens, names)) problems.push(refusedCommandMessage(refused, 'macro'));
  const unknown = tokens.filter(
    (token) => isControlSequence(token) && !names.has(token.text) && commandVerdict(token.text) === 'unknown',
  );
  if (unknown[0]) {
    problems.push(
      `${unknown[0].text} is neither a KaTeX command nor a macro of this file: define it above, or write it out`,
    );
  }
  const used = new Map<string, number>();
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i]?.text !== '#') continue;
    const digit = tokens[i + 1]?.text ?? '';
    if (!/^[1-9]$/.test(digit)) {
      problems.push('a # must be followed by an argument number, 1 to 9');
      continue;
    }
    used.set(digit, (used.get(digit) ?? 0) + 1);
  }
  for (const [digit, count] of used) {
    if (count > 1) {
      problems.push(
        `#${digit} is used ${count} times: each argument may appear once (a macro that copies its argument doubles with every nesting)`,
      );
    }
  }
  const highest = Math.max(0, ...[...used.keys()].map(Number));
  for (let n = 1; n < highest; n += 1) {
    if (!used.has(String(n))) problems.push(`#${highest} is used without #${n}: number the arguments from #1`);
  }
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '{') depth += 1;
    else if (token.text === '}' && --depth < 0) break;
  }
  if (depth !== 0) problems.push('its braces { } are not balanced');
  return problems;
}

/** Reads and validates the text of a macros file; `file` names it in nothing (positions are returned). */
export function parseSiteMacros(text: string): SiteMacrosFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: MacroProblem[] = [];
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { line, column: col };
  };
  for (const error of document.errors) {
    problems.push({
      ...at(error.pos[0]),
      message: `invalid YAML: ${error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}: write one "\\name: expansion" per line, quoting an expansion that starts with {, [ or #`,
    });
  }
  if (problems.length > 0) return { macros: {}, problems };
  if (document.contents === null) return { macros: {}, problems };
  if (!isMap(document.contents)) {
    return {
      macros: {},
      problems: [{ ...at(document.contents.range?.[0]), message: 'write one "\\name: expansion" per line' }],
    };
  }

  const entries: Entry[] = [];
  for (const pair of document.contents.items) {
    const key = pair.key;
    const where = at(isScalar(key) ? key.range?.[0] : 0);
    const name = isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
    if (name === undefined || !NAME.test(name)) {
      problems.push({
        ...where,
        message: `"${String(isScalar(key) ? key.value : key)}" is not a macro name: write a backslash and letters, e.g. \\Q`,
      });
      continue;
    }
    if (isKatexCommand(name)) {
      problems.push({
        ...where,
        message: `${name} is one of KaTeX's own commands: a site macro may not redefine it; choose another name`,
      });
      continue;
    }
    const value = pair.value;
    if (isAlias(value) || !isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') {
      problems.push({
        ...where,
        message: `${name}: the expansion must be TeX text on the same line, e.g. ${name}: \\mathbb{Q} (quote it if it starts with {, [ or #)`,
      });
      continue;
    }
    // `\norm: \left\lVert #1 \right\rVert` would lose everything from ` #1` on: YAML reads a comment.
    if (/^[1-9]/.test(value.comment ?? '')) {
      problems.push({
        ...where,
        message: `${name}: YAML reads " #${value.comment?.slice(0, 1) ?? ''} ..." as a comment, cutting the expansion short: quote it, ${name}: '...'`,
      });
      continue;
    }
    // Every page that uses the macro shows its expansion: a paper's rules for hidden characters
    // (a bidi control reorders what readers see, an invisible one hides), raw or YAML-escaped.
    const hidden = findHiddenCharacters(value.value);
    if (hidden.length > 0) {
      const written = isScalar(value) && value.range ? text.slice(value.range[0], value.range[1]) : '';
      const escaped = findHiddenCharacters(written).length === 0;
      for (const problem of hiddenCharacterProblems(hidden, {
        where: ' in the expansion',
        written: escaped ? WRITTEN_AS_ESCAPE : '',
        scope: 'expansion',
      })) {
        problems.push({ ...where, message: `${name}: ${problem.message}` });
      }
      continue;
    }
    entries.push({ name, body: value.value, ...where });
  }

  const names = new Set(entries.map((entry) => entry.name));
  const bodies = new Map(entries.map((entry) => [entry.name, entry.body]));
  const bad = new Set<string>();
  for (const entry of entries) {
    for (const message of bodyProblems(entry, names)) {
      problems.push({ line: entry.line, column: entry.column, message: `${entry.name}: ${message}` });
      bad.add(entry.name);
    }
  }

  // Recursion, and the length of each expansion with the other macros inlined.
  const lengths = new Map<string, number>();
  const expandedLength = (name: string, path: string[]): number => {
    const known = lengths.get(name);
    if (known !== undefined) return known;
    if (path.includes(name)) throw new Error([...path.slice(path.indexOf(name)), name].join(' -> '));
    const body = bodies.get(name) ?? '';
    let length = body.length;
    for (const token of texTokens(body)) {
      if (bodies.has(token.text)) length += expandedLength(token.text, [...path, name]) - token.text.length;
    }
    lengths.set(name, length);
    return length;
  };
  for (const entry of entries) {
    if (bad.has(entry.name)) continue;
    let length: number;
    try {
      length = expandedLength(entry.name, []);
    } catch (cycle) {
      problems.push({
        line: entry.line,
        column: entry.column,
        message: `${entry.name} expands into itself (${cycle instanceof Error ? cycle.message : String(cycle)}): a macro may not be recursive`,
      });
      bad.add(entry.name);
      continue;
    }
    if (length > MAX_MACRO_EXPANSION) {
      problems.push({
        line: entry.line,
        column: entry.column,
        message: `${entry.name} expands to ${length} characters (with the macros it uses); the limit is ${MAX_MACRO_EXPANSION}: shorten it`,
      });
      bad.add(entry.name);
    }
  }

  // A macro that uses a bad one is bad too, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const entry of entries) {
      if (bad.has(entry.name)) continue;
      const uses = texTokens(entry.body).find((token) => bad.has(token.text));
      if (uses) {
        problems.push({
          line: entry.line,
          column: entry.column,
          message: `${entry.name} uses ${uses.text}, which is refused above`,
        });
        bad.add(entry.name);
        changed = true;
      }
    }
  }

  const good = (): SiteMacros =>
    Object.fromEntries(entries.filter((entry) => !bad.has(entry.name)).map((entry) => [entry.name, entry.body]));
  // Each good macro must also render, with its arguments filled in.
  for (const entry of entries) {
    if (bad.has(entry.name)) continue;
    const arity = Math.max(0, ...[...entry.body.matchAll(/#([1-9])/g)].map((match) => Number(match[1])));
    try {
      katex.renderToString(`${entry.name}${'{x}'.repeat(arity)}`, {
        ...KATEX_OPTIONS,
        macros: katexMacros(good()),
        throwOnError: true,
      });
    } catch (error) {
      problems.push({
        line: entry.line,
        column: entry.column,
        message: `${entry.name} does not render: ${error instanceof Error ? error.message : String(error)}`,
      });
      bad.add(entry.name);
    }
  }
  return { macros: good(), problems: sortFileProblems(problems) };
}

/** Reads a macros file; a missing file means no site macros (fixture archives have none). */
export function readSiteMacros(path: string = MACROS_FILE): SiteMacrosFile {
  if (!existsSync(path)) return { macros: {}, problems: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`Failed to read the site macros ${path}`, { cause });
  }
  return parseSiteMacros(text);
}

const loaded = new Map<string, SiteMacros>();

/**
 * The site macros every renderer uses by default, read once per process from `path`. A file with
 * problems stops whoever renders (the build, the ingest, `npm run new`) with a `ContentFileError`
 * listing every problem as `path:line:column: error: ...`; `npm run check` reports them as
 * findings instead (`readSiteMacros`).
 */
export function siteMacros(path: string = MACROS_FILE): SiteMacros {
  const cached = loaded.get(path);
  if (cached) return cached;
  const { macros, problems } = readSiteMacros(path);
  if (problems.length > 0) throw new ContentFileError('site macros', path, problems);
  loaded.set(path, macros);
  return macros;
}

/**
 * The macros for one KaTeX call: a fresh copy, because KaTeX writes global definitions (`\gdef`,
 * and `\nonumber` inside KaTeX) into the object it is given, which would leak into later formulas.
 */
export function katexMacros(macros: SiteMacros): Record<string, string> {
  return { ...macros };
}
