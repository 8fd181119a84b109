import { checkFrontMatterValues } from './front-matter-values.ts';
import {
  findHiddenCharacters,
  hiddenCharacterProblems,
  hiddenReferences,
  WRITTEN_AS_ESCAPE,
} from './hidden-characters.ts';
import { markdownHazards, type MathCache } from './markdown-hazards.ts';
import { markdownLimits } from './markdown-limits.ts';
import type { Problem } from './rules.ts';
import { blankAbstractProblem, excerptMathProblems, titleMathProblems } from './site-renderings.ts';
import type { YamlSourceMap } from './yaml-source-map.ts';
import type { SiteMacros } from '../math/site-macros.ts';
import { MAX_TITLE_CHARS, type PaperData } from '../paper/schema.ts';
import { markdownParagraphs, type Segment } from '../text/math-text.ts';

/**
 * Markdown makes HTML, links, images or math only out of these characters: tags and autolinks
 * need `<`, links, images and definitions `[`, math `$`, and GFM's bare autolinks `http://`,
 * `https://`, `www.` or an `@` (e-mail, `mailto:`, `xmpp:`); a URL refused even as text needs a
 * scheme or `www.`, perhaps written with a character reference, numeric or named (`https&#58;//`,
 * `https&colon;//`, `www&period;`): so any `&` that starts one means a parse. Text without
 * any of them cannot hold a hazard and is not parsed: the parse is most of the cost of checking a
 * paper. Nesting deep enough to exhaust the parser is refused before, by `markdownLimits`, so
 * skipping the parse hides nothing. A backslash may be TeX outside math (`\emph{`, `\(`), shown as typed.
 */
const MARKDOWN_HAZARD_CHARACTERS = /[$<[\]@\\]|https?:\/\/|www\.|&[#a-z]/i;
/** The same for a title, as the check always read titles (`:` and `&` parse a title whatever follows). */
const TITLE_HAZARD_CHARACTERS = /[$<[\]!@:&\\]|www\./i;

/** Which part of a paper a problem's offset is relative to: the YAML between the fences, the title's value, or the abstract. */
export type ValueArea = 'yaml' | 'title' | 'body';

export interface ValueProblem extends Problem {
  area: ValueArea;
}

export interface PaperValues {
  /** The front matter as read (js-yaml 4, as Astro reads it). */
  data: Record<string, unknown>;
  /** The abstract as Astro renders it: everything after the closing `---`, trimmed. */
  body: string;
  /** Where the values are written: `mapYamlSource` for any file, `mapDumpedYaml` for one the archive's serializer wrote. */
  map: YamlSourceMap;
  /** Offset (relative to the YAML) of the closing fence: where a missing field should be added. */
  endOffset: number;
  topicIds: readonly string[];
  topicsFile: string;
  /** KaTeX verdicts, shared across the papers of a run. */
  cache: MathCache;
  /** The site macros formulas may use. */
  macros: SiteMacros;
  /** Receives the front matter as the schema gives it, when the schema accepts it. */
  onSchemaOutput?: ((data: PaperData) => void) | undefined;
}

/** `the title`, `authors item 2`: a value's place, as messages name it. */
export function describeField(path: readonly (string | number)[]): string {
  const [key, index] = path;
  return index === undefined ? `the ${String(key)}` : `${String(key)} item ${Number(index) + 1}`;
}

/**
 * Hidden characters in the decoded values: those written as YAML escapes (`"\u202E"`, `"\0"`,
 * `"\e"`) reach the page although the file's bytes are clean. A character written as itself is
 * already reported by the byte-level scan (`decodePaperBytes`), so a value whose source holds
 * characters of the same rule is left to that scan.
 */
function hiddenInValues(data: Record<string, unknown>, map: YamlSourceMap): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const scan = (path: (string | number)[], value: string) => {
    const written = map.source(path);
    // Only a double-quoted scalar has escapes: any other holds exactly the characters written.
    if (written !== undefined && !written.includes('\\')) return;
    const found = findHiddenCharacters(value);
    if (found.length === 0) return;
    const rawRules = new Set(written === undefined ? [] : findHiddenCharacters(written).map((c) => c.rule));
    const fresh = found.filter((character) => !rawRules.has(character.rule));
    if (fresh.length === 0) return;
    const start = map.valueOffset(path) ?? map.keyOffset(String(path[0])) ?? 0;
    // Inside the value when it is written verbatim (plain, or quoted without escapes), else at its start.
    const inner = written === value ? 0 : written?.slice(1, -1) === value ? 1 : undefined;
    const escaped = written !== undefined && inner === undefined && /\\/.test(written);
    for (const problem of hiddenCharacterProblems(fresh, {
      where: ` in ${describeField(path)}`,
      written: escaped ? WRITTEN_AS_ESCAPE : '',
    })) {
      problems.push({ ...problem, area: 'yaml', offset: start + (inner === undefined ? 0 : inner + problem.offset) });
    }
  };
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') scan([key], value);
    else if (Array.isArray(value)) value.forEach((item, index) => typeof item === 'string' && scan([key, index], item));
  }
  return problems;
}

function inArea(area: ValueArea, problems: readonly Problem[], prefix = ''): ValueProblem[] {
  return problems.map((problem) => ({ ...problem, area, message: `${prefix}${problem.message}` }));
}

/**
 * The check's value-level stage: every rule about what a paper *says*, applied to the values as
 * read (decoded YAML, the abstract as rendered), as opposed to how its file is written (fences,
 * YAML syntax, the two readers' agreement). The check runs it on each file after those stages;
 * the ingest, `npm run new` and enrich-style merges run it (through `checkWrittenPaper`) on every
 * file they are about to write, so no way in can write a file the check refuses.
 *
 * In order: hidden characters in decoded values; YAML type surprises and the shared schema;
 * the title's Markdown and math as the site renders titles; the abstract's size and nesting
 * limits, then its character references, Markdown and math (on the page and in the excerpt).
 */
export function checkPaperValues(values: PaperValues): ValueProblem[] {
  const { data, body, map, cache, macros } = values;
  const problems: ValueProblem[] = [...hiddenInValues(data, map)];
  problems.push(
    ...inArea(
      'yaml',
      checkFrontMatterValues({
        data,
        map,
        topicIds: values.topicIds,
        topicsFile: values.topicsFile,
        endOffset: values.endOffset,
        onSchemaOutput: values.onSchemaOutput,
      }),
    ),
  );

  const title = typeof data['title'] === 'string' ? data['title'] : undefined;
  // A title over the schema's length cap is reported there and not parsed (parse time grows with length).
  if (title !== undefined && title.length <= MAX_TITLE_CHARS && TITLE_HAZARD_CHARACTERS.test(title)) {
    // Title math is what the site's title renderer reads, not what Markdown would.
    const found = [
      ...markdownHazards(title, cache, { math: false, title: true }),
      ...titleMathProblems(title, cache, macros),
    ];
    problems.push(
      ...inArea(
        'title',
        found.sort((a, b) => a.offset - b.offset),
        'in the title: ',
      ),
    );
  }

  const limits = markdownLimits(body);
  problems.push(...inArea('body', limits));
  if (limits.length > 0) return problems;
  problems.push(...inArea('body', hiddenReferences(body)));
  // Read once for the blank-abstract rule and the excerpt's math, both only when they need it.
  let paragraphs: Segment[][] | undefined;
  const paragraphsOf = () => (paragraphs ??= markdownParagraphs(body));
  const blank = blankAbstractProblem(body, paragraphsOf);
  if (blank !== undefined) problems.push(...inArea('body', [blank]));
  if (!MARKDOWN_HAZARD_CHARACTERS.test(body)) return problems;
  const brokenOnPage = new Set<string>();
  try {
    problems.push(...inArea('body', markdownHazards(body, cache, { failed: brokenOnPage, macros })));
    problems.push(...inArea('body', excerptMathProblems(body, cache, brokenOnPage, macros, paragraphsOf())));
  } catch (error) {
    // A nesting the limits above do not foresee may still exhaust the parser's stack.
    if (!(error instanceof RangeError)) throw error;
    problems.push({
      rule: 'markdown-nesting',
      area: 'body',
      offset: 0,
      message: 'the abstract is nested too deeply to parse: write it as plain paragraphs',
    });
  }
  return problems;
}
