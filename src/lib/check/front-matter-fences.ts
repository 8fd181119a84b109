import type { Problem } from './rules.ts';

/** Where a paper file's parts are, seen exactly as Astro's `parseFrontmatter` cuts them. */
export interface FrontMatterRegion {
  /** The text between the fences, as Astro hands it to js-yaml (it starts with the opening line's newline). */
  yaml: string;
  /** Offset of `yaml` in the file text. */
  yamlStart: number;
  /** Offset of the closing `---` line. */
  closeStart: number;
  /** The Markdown body as Astro renders it: everything after the closing `---`, trimmed. */
  body: string;
  /** Offset of `body` in the file text. */
  bodyStart: number;
}

export type FrontMatterResult =
  { region: FrontMatterRegion; problem?: undefined } | { region?: undefined; problem: Problem };

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}

/**
 * Finds the front matter the way Astro does, and refuses every shape where a reader could see
 * something else: Astro's own pattern accepts blank lines before the fence, a `+++` (TOML) fence
 * and anything after the opening `---` (so `---js` becomes YAML text there while gray-matter
 * would evaluate it as JavaScript), and it closes at the first line that merely *starts* with
 * `---` or `+++`. A paper file has exactly one shape: `---`, YAML, `---`, Markdown.
 */
export function findFrontMatter(text: string): FrontMatterResult {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const firstLine = lineAt(text, start);
  if (firstLine.trim() === '' && /^\s*\n\s*(?:---|\+\+\+)/.test(text.slice(start))) {
    return {
      problem: {
        rule: 'front-matter-leading-blank',
        offset: start,
        message: 'the file starts with blank lines: delete them so that "---" is the very first line',
      },
    };
  }
  if (firstLine.startsWith('+++')) {
    return {
      problem: {
        rule: 'front-matter-toml',
        offset: start,
        message: 'TOML front matter ("+++") is not allowed: start the file with "---" and write the fields in YAML',
      },
    };
  }
  if (!firstLine.startsWith('---')) {
    return {
      problem: {
        rule: 'front-matter-missing',
        offset: start,
        message:
          'a paper file starts with a line "---", then the fields in YAML, then "---", then the abstract: add the front matter (npm run new writes one for you)',
      },
    };
  }
  const language = firstLine.slice(3).trim();
  if (language !== '') {
    const why = /^(?:js|javascript|coffee|coffeescript)$/i.test(language)
      ? `"---${language}" asks for the front matter to be run as code`
      : `"${firstLine}" is not a plain fence`;
    return {
      problem: {
        rule: 'front-matter-code',
        offset: start + 3,
        message: `${why}: the first line must be exactly "---", followed by YAML fields`,
      },
    };
  }
  const afterOpen = start + 3;
  const close = /\n(?:---|\+\+\+)/.exec(text.slice(afterOpen));
  if (!close) {
    return {
      problem: {
        rule: 'front-matter-unclosed',
        offset: start,
        message: 'the front matter is never closed: add a line "---" after the last field, before the abstract',
      },
    };
  }
  const closeStart = afterOpen + close.index + 1;
  const closingLine = lineAt(text, closeStart);
  if (closingLine.trimEnd() !== '---') {
    return {
      problem: {
        rule: 'front-matter-closing',
        offset: closeStart,
        message: closingLine.startsWith('+++')
          ? 'the front matter is closed with "+++": close it with a line "---"'
          : `the line "${closingLine}" closes the front matter: the closing line must be exactly "---" (a line starting with "---" always ends the fields; quote or indent such text)`,
      },
    };
  }
  const rest = text.slice(closeStart + 3);
  const body = rest.trim();
  return {
    region: {
      yaml: text.slice(afterOpen, closeStart),
      yamlStart: afterOpen,
      closeStart,
      body,
      bodyStart: closeStart + 3 + (rest.length - rest.trimStart().length),
    },
  };
}
