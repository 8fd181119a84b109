/**
 * Parser for BibTeX (what Zotero, Google Scholar and every reference manager export): entries
 * with `title`, `author`, `abstract`, `eprint`/`archivePrefix`/`primaryClass`, `doi`, `date`,
 * `journal` and `url`; `@string` macros, `@comment`s and comments between entries.
 *
 * `@retorquere/bibtex-parser` (the parser behind Better BibTeX for Zotero) does the reading and
 * turns LaTeX into Unicode: `{\"u}` is ü, `{Bayesian}` is Bayesian, `\&` is &. Three of its habits
 * do not suit an archive that renders math and escapes HTML itself, so this module works around them:
 *
 * - it turns math into Unicode approximations (`$x^2 + \beta$` -> `x²+β`), which would lose what
 *   KaTeX can render: math spans are set aside before parsing and put back, as `$...$`, after;
 *   so are citations (`\cite{a}`, which it prints as the bare key), for the repair to show as `[a]`;
 * - it reads `<` and `>` as the T1 glyphs `¡` and `¿`, as LaTeX would: they are set aside too;
 * - it writes its own HTML markup (`<i>`, `<a href>`, `<p>`): paragraphs become blank lines, a
 *   link keeps its text, every other tag is dropped. The result is plain text, the same kind of
 *   text the other parsers hand to the ingest, which repairs and escapes it the same way.
 *
 * An entry the parser cannot read (unbalanced braces, a missing comma) is reported with its
 * line, and the rest of the file still goes in. An entry with no abstract is reported, never
 * invented.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Creator, parse as Parse } from '@retorquere/bibtex-parser';
import { ARXIV_CATEGORY, arxivSubjectClass } from '../../paper/identifiers.ts';
import { normalizeArxivId } from '../../paper/identity.ts';
import { MAX_JOURNAL_CHARS } from '../../paper/schema.ts';
import { controlCharacterInFields } from './input-file.ts';
import { doiField, oneLineField, shortened } from './record-fields.ts';
import type { InputProblem, ParsedInput, RawPaper } from './raw-paper.ts';
import { singleSpaced, singleSpacedParagraphs } from '../../text/whitespace.ts';
import { CITATION } from '../../repair/tex-prose.ts';
import { TEX_LOGOS } from '../../repair/tex-typography.ts';

/**
 * The parser, loaded on first use: it brings a language model for sentence casing and takes about
 * half a second to load, which every ingest of a page or a dump would otherwise pay.
 */
let parser: typeof Parse | undefined;
function bibtexParser(): typeof Parse {
  if (parser === undefined) {
    // Its CommonJS build is broken (the package is "type": "module"): the ES module is required directly.
    const entry = fileURLToPath(import.meta.resolve('@retorquere/bibtex-parser'));
    parser = (createRequire(import.meta.url)(entry) as { parse: typeof Parse }).parse;
  }
  return parser;
}

/**
 * What math and `<`, `>` are replaced by while the parser reads the source: letters and digits
 * only, so that the parser passes them through untouched (it may change their case, in an entry
 * type it quotes in a message). The stem is lengthened until the source does not hold it, so a
 * source that happens to contain one can never have its text swapped for a set-aside piece.
 */
const TOKEN_STEM = 'QQBIBSETASIDE';

interface SetAside {
  text: string;
  /** `text` with every token put back as the source had it. */
  restore: (text: string) => string;
  /**
   * A parser's message with its tokens put back. The parser quotes at most 20 characters of the
   * source, which may end inside a token: such a remnant cannot be put back, so it becomes "…".
   */
  restoreInMessage: (message: string) => string;
}

function tokenStemFor(source: string): string {
  const lower = source.toLowerCase();
  let stem = TOKEN_STEM;
  while (lower.includes(stem.toLowerCase())) stem = `Q${stem}`;
  return stem;
}

/** Whether braces in `tex` balance (so taking it out of the source cannot break an entry). */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const char = tex[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * `text` with every `%` inside a field value (within an entry's braces, or a quoted value) that
 * does not start its line replaced by `token('%')`. BibTeX reads such a `%` as a character (`a 50%
 * gain`, as exports write it unescaped); the parser would read it as a TeX comment and silently cut
 * the field at it. A `%` outside entries, or first on its line, stays a comment.
 */
function literalPercents(text: string, token: (piece: string) => string): string {
  if (!text.includes('%')) return text;
  let out = '';
  let depth = 0;
  let quoted = false;
  let lineStart = true;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === '\\') {
      out += char + (text[index + 1] ?? '');
      index += 1;
      lineStart = false;
      continue;
    }
    if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (char === '"' && depth === 1) quoted = !quoted;
    else if (char === '\n' && depth === 0) quoted = false;
    if (char === '%' && !lineStart && (depth >= 2 || (depth === 1 && quoted))) out += token('%');
    else out += char;
    if (char === '\n') lineStart = true;
    else if (!/\s/.test(char)) lineStart = false;
  }
  return out;
}

/**
 * Math (`$...$`, `$$...$$`, `\(...\)`) and `<`, `>` replaced by tokens. A token keeps the newlines
 * of what it replaced after it, so line numbers stay right. Math must not cross a blank line or
 * an entry start, and must balance its braces; anything else is left to the parser.
 */
function setAside(source: string): SetAside {
  const stem = tokenStemFor(source);
  const pieces: string[] = [];
  const token = (piece: string) => {
    pieces.push(piece);
    return `${stem}${pieces.length - 1}X${'\n'.repeat(piece.split('\n').length - 1)}`;
  };
  const text = source.replace(
    /(?<!\\)\$\$(?:[^$]|\\\$)+?\$\$|(?<!\\)\$(?:[^$\\]|\\[\s\S])+?\$|\\\((?:[^\\]|\\(?!\)))+?\\\)|[<>]/g,
    (match) => {
      if (match === '<' || match === '>') return token(match);
      if (/\n[ \t]*\n|\n@/.test(match) || !balanced(match)) return match;
      const inner = match.startsWith('$$')
        ? match.slice(2, -2)
        : match.startsWith('\\(')
          ? match.slice(2, -2)
          : match.slice(1, -1);
      return token(`$${inner.trim()}$`);
    },
  );
  // A citation or reference (`\cite{a,b}`, `\ref{sec:x}`) is kept as TeX for the repair, which shows
  // it as `[a, b]` whatever the format; the parser would print its bare keys or drop it.
  const withCitations = literalPercents(text.replace(new RegExp(CITATION.source, 'g'), token), token);
  const whole = new RegExp(`${stem}(\\d+)X`, 'gi');
  const restore = (value: string) => value.replace(whole, (found, index: string) => pieces[Number(index)] ?? found);
  // Any cut-off start of a token (at least its first two letters) that ends a quotation or the text.
  const remnant = new RegExp(
    `(?:${[...stem]
      .map((_, end) => stem.slice(0, end + 1))
      .slice(1)
      .reverse()
      .join('|')})\\d*(?="|$)`,
    'gi',
  );
  return {
    text: withCitations,
    restore,
    restoreInMessage: (message) => restore(message).replace(remnant, '…'),
  };
}

/**
 * The parser's HTML as plain text: paragraphs as blank lines, a link as its text, other tags
 * dropped, whitespace folded. Only the parser writes tags here: a `<` from the input was set aside.
 */
function plainText(html: string, restore: SetAside['restore']): string {
  const text = html
    .replace(/<\/?(?:p|blockquote|ul|ol)(?:\s[^<>]*)?>/g, '\n\n')
    .replace(/<br\s*\/?>|<li(?:\s[^<>]*)?>/g, ' ')
    .replace(/<a\s[^<>]*>|<\/a>/g, '')
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/g, '');
  // The parser writes \'\i as a dotless i with a combining accent: composed, it is the letter people type.
  return singleSpacedParagraphs(
    restore(text)
      .replace(/ı(?=\p{M})/gu, 'i')
      .normalize('NFC'),
  );
}

/** An e-mail address in angle brackets, as some exports append it to a name (`Smith, John <j@x.org>`). */
const EMAIL_IN_NAME = /\s*<([^<>\s@]+@[^<>\s@]+)>/g;

/**
 * An author's name as written, with set-aside math and brackets put back; an e-mail address in
 * angle brackets is not part of a name (and would be read as HTML), so it is dropped and named.
 */
function personName(creator: Creator, restore: SetAside['restore']): { name: string; emails: string[] } {
  const written =
    creator.name ??
    [creator.firstName, creator.prefix, creator.lastName, creator.suffix]
      .filter((part) => part !== undefined && part.trim() !== '')
      .join(' ');
  const emails: string[] = [];
  const name = restore(written).replace(EMAIL_IN_NAME, (_, email: string) => {
    emails.push(email);
    return '';
  });
  return { name: singleSpaced(name.replace(/ı(?=\p{M})/gu, 'i').normalize('NFC')), emails };
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** `2024-01-15` (or `2024-01-15T...`) as a day; a year or a month alone is not a day and gives nothing. */
function fullDay(value: string | undefined): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value?.trim() ?? '');
  if (match === null) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const day = date.toISOString().slice(0, 10);
  return day === match[0].slice(0, 10) ? day : undefined;
}

/** Outside text shorter than this (a "created with JabRef" header) is not worth a warning. */
const OUTSIDE_TEXT_REPORTED = 80;

/**
 * Runs of text outside `spans` (the entries the parser read or failed on) that BibTeX ignores
 * and that are not `%` comments or `@string`/`@comment`/`@preamble` blocks, each with its offset.
 */
function textOutsideEntries(
  text: string,
  spans: readonly { start: number; end: number }[],
): { offset: number; text: string }[] {
  const runs: { offset: number; text: string }[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // Blank lines do not end a run: a page's title and abstract are one warning.
  let run: { offset: number; text: string } | undefined;
  const close = () => {
    if (run !== undefined && run.text.replace(/\s/g, '').length >= OUTSIDE_TEXT_REPORTED) runs.push(run);
    run = undefined;
  };
  let index = 0;
  let next = 0;
  while (index < text.length) {
    const span = sorted[next];
    if (span !== undefined && index >= span.start) {
      close();
      index = Math.max(index, span.end);
      next += 1;
      continue;
    }
    const gapEnd = span?.start ?? text.length;
    const char = text[index] ?? '';
    if (char === '%' || (char === '@' && /^@[a-z]+\s*[{(]/i.test(text.slice(index, index + 40)))) {
      close();
      let end: number;
      if (char === '%') end = text.indexOf('\n', index);
      else {
        // A block the parser keeps to itself: skip to its closing brace or parenthesis.
        let depth = 0;
        end = index;
        for (; end < gapEnd; end += 1) {
          const c = text[end];
          if (c === '{' || c === '(') depth += 1;
          else if ((c === '}' || c === ')') && --depth === 0) break;
        }
      }
      index = end === -1 || end >= gapEnd ? gapEnd : end + 1;
      continue;
    }
    if (/\s/.test(char)) {
      if (run !== undefined) run.text += char;
    } else {
      run ??= { offset: index, text: '' };
      run.text += char;
    }
    index += 1;
  }
  close();
  return runs;
}

/** Reads BibTeX; entries that cannot be read or lack a title or abstract are problems. */
/**
 * An entry's arXiv categories: its `primaryClass`, else the subject class of an old-style
 * `eprint` (`math.SG/0011221` is written `math/0011221`, so the class would be lost otherwise).
 */
function categoriesOf(primary: string | undefined, eprint: string | undefined): string[] | undefined {
  if (primary !== undefined && ARXIV_CATEGORY.test(primary)) return [primary];
  const subjectClass = eprint === undefined ? undefined : arxivSubjectClass(eprint);
  return subjectClass === undefined ? undefined : [subjectClass];
}

/**
 * The TeX logos (`\TeX`, `\LaTeX`, `\BibTeX`, ...) as the words they print. The parser drops most of
 * them as unknown commands (`The {\TeX}book` would read "The book") and writes `\LaTeX` with
 * small-caps glyphs and markup, so they are replaced before it reads the source. A following `{}`
 * (which only stops TeX eating the space) goes with the logo; math was set aside before, so a logo
 * in math stays TeX.
 */
const TEX_LOGO = new RegExp(String.raw`(?<!\\)\\(${Object.keys(TEX_LOGOS).join('|')})(?![A-Za-z@])(?:\{\})?`, 'g');

/** `source` with the TeX logos written as words (see TEX_LOGOS). */
export function texLogosAsWords(source: string): string {
  return source.replace(TEX_LOGO, (found, name: string) => TEX_LOGOS[name] ?? found);
}

/**
 * Whether `creator` is BibTeX's `and others`, which means "et al." (BibTeX styles print it so):
 * a bare `others` as the whole name. A braced `{others}` or a name with more parts is a name.
 */
function isEtAl(creator: Creator): boolean {
  return (
    creator.name === undefined &&
    creator.lastName === 'others' &&
    [creator.firstName, creator.prefix, creator.suffix].every((part) => part === undefined || part.trim() === '')
  );
}

export function parseBibtex(source: string, file: string): ParsedInput {
  const setAsideSource = setAside(source);
  const { restore, restoreInMessage } = setAsideSource;
  const text = texLogosAsWords(setAsideSource.text);
  const unknownCommands = new Map<string, Set<string>>();
  const library = bibtexParser()(text, {
    // Titles as written: no sentence-casing, no case-protection markup.
    sentenceCase: false,
    caseProtection: false,
    english: false,
    // Paragraph breaks in an abstract are kept (as <p>).
    fieldMode: { abstract: 'richtext' },
    // A command the parser does not know is dropped (its argument's text stays) and reported.
    unsupported: (_node, tex, entry) => {
      // A control space (`et al.\ and`, `\LaTeX\ is`) is a space.
      if (/^\\\s/.test(tex)) return ' ';
      const command = restoreInMessage(/^\\[A-Za-z@]+|^\\./.exec(tex)?.[0] ?? tex.slice(0, 20));
      const seen = unknownCommands.get(entry.key) ?? new Set<string>();
      seen.add(command);
      unknownCommands.set(entry.key, seen);
      return '';
    },
  });

  const papers: RawPaper[] = [];
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  let cursor = 0;
  /** Where the entries and broken entries are in `text`, to find what lies outside them. */
  const read: { start: number; end: number }[] = [];
  /** Where an entry's raw text starts, searching forward from the previous one. */
  const locate = (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return 1;
    const at = text.indexOf(raw, cursor);
    if (at === -1) return 1;
    cursor = at + raw.length;
    read.push({ start: at, end: cursor });
    return lineAt(text, at);
  };

  // Errors and entries each come in file order; they are merged back into one order by line.
  const located: { line: number; run: () => void }[] = [];
  const errorCursor = { value: 0 };
  for (const error of library.errors) {
    const raw = error.input;
    let line = 1;
    if (raw !== undefined && raw !== '') {
      const at = text.indexOf(raw, errorCursor.value);
      if (at !== -1) {
        errorCursor.value = at + raw.length;
        read.push({ start: at, end: errorCursor.value });
        line = lineAt(text, at);
      }
    } else {
      const reported = /at line (\d+)/.exec(error.error)?.[1];
      if (reported !== undefined) line = Number(reported);
    }
    const key = raw === undefined ? undefined : /^@\w+\s*[{(]\s*([^,\s]+)/.exec(raw)?.[1];
    const shownKey = key === undefined ? undefined : restore(key);
    const title = raw === undefined ? undefined : /\btitle\s*=\s*[{"]([^}"\n]{1,200})/i.exec(raw)?.[1];
    located.push({
      line,
      run: () =>
        problems.push({
          file,
          line,
          title: title === undefined ? undefined : restore(title),
          message: `${shownKey === undefined ? 'this entry' : `entry "${shownKey}"`} cannot be read (${restoreInMessage(error.error).replace(/\s+/g, ' ')}): check its braces, quotes and commas; the other entries were read`,
        }),
    });
  }

  for (const entry of library.entries) {
    // The parser also lists an entry it failed on, with no fields; its error is reported above.
    if (entry.input === '') continue;
    const line = locate(entry.input);
    located.push({
      line,
      run: () => {
        const fields = entry.fields;
        const name = `entry "${restore(entry.key)}"`;
        const string = (field: string): string | undefined => {
          const value = (fields as Record<string, unknown>)[field];
          return typeof value === 'string' && value.trim() !== '' ? value : undefined;
        };
        const title = plainText(string('title') ?? '', restore).replace(/\n+/g, ' ');
        const abstract = plainText(string('abstract') ?? '', restore);
        if (title === '') {
          problems.push({ file, line, message: `${name} has no title: add title = {...} or remove the entry` });
          return;
        }
        if (abstract === '') {
          problems.push({
            file,
            line,
            title,
            message: `${name} has no abstract: add abstract = {...} to the entry (the ingest never invents one), or add the paper with npm run new -- --arxiv ID`,
          });
          return;
        }
        const control = controlCharacterInFields({ title, abstract });
        if (control !== undefined) {
          problems.push({ file, line, title, message: `${name}: ${control}` });
          return;
        }
        const verbatim = (field: string) => {
          const value = string(field);
          return value === undefined ? undefined : restore(value).trim();
        };
        const prefix = (string('archiveprefix') ?? string('eprinttype') ?? '').toLowerCase();
        const eprint = verbatim('eprint');
        const url = verbatim('url');
        const journalField = ['journal', 'journaltitle', 'booktitle'].find((field) => string(field) !== undefined);
        const journalText = journalField === undefined ? undefined : plainText(string(journalField) ?? '', restore);
        const journal = /^arxiv\b/i.test(journalText ?? '')
          ? {}
          : oneLineField(journalText, `journal reference (${journalField})`, MAX_JOURNAL_CHARS);
        const doiReading = doiField(verbatim('doi'), 'doi');
        const fieldProblem = doiReading.problem ?? journal.problem;
        if (fieldProblem !== undefined) {
          problems.push({ file, line, title, message: `${name}: ${fieldProblem}` });
          return;
        }
        if (journal.warning !== undefined) warnings.push({ file, line, title, message: `${name}: ${journal.warning}` });
        const doi = doiReading.value;
        // arXiv registers a DOI for every paper (10.48550/arXiv.ID): it names the arXiv id too.
        const arxivDoi = /^10\.48550\/arxiv\.(.+)$/i.exec(doi ?? '')?.[1];
        const arxiv =
          (eprint !== undefined && (prefix === '' || prefix === 'arxiv') ? normalizeArxivId(eprint) : undefined) ??
          (arxivDoi === undefined ? undefined : normalizeArxivId(arxivDoi)) ??
          (url !== undefined && /arxiv\.org\/(?:abs|pdf)\//i.test(url) ? normalizeArxivId(url) : undefined) ??
          (journalText === undefined ? undefined : /arXiv:\s*(\S+)/i.exec(journalText)?.[1]?.replace(/[.,;]$/, ''));
        const primary = verbatim('primaryclass');
        const creators = fields.author ?? [];
        const named = creators.filter((creator) => !isEtAl(creator));
        if (named.length < creators.length) {
          warnings.push({
            file,
            line,
            title,
            message: `${name}: "and others" (et al.) ends the author list: only the ${named.length} named author${named.length === 1 ? ' is' : 's are'} kept; add the others by name to list them`,
          });
        }
        const people = named.map((creator) => personName(creator, restore));
        const authors = people.map((person) => person.name).filter((author) => author !== '');
        for (const person of people) {
          for (const email of person.emails) {
            warnings.push({
              file,
              line,
              title,
              message: `${name}: the e-mail address <${email}> was dropped from the author "${person.name}" (an author is a name; the address is not kept)`,
            });
          }
        }
        const commands = unknownCommands.get(entry.key);
        if (commands !== undefined) {
          warnings.push({
            file,
            line,
            title,
            message: `${name}: unknown TeX command${commands.size === 1 ? '' : 's'} ${[...commands].join(', ')} dropped (the text of ${commands.size === 1 ? 'its argument' : 'their arguments'} is kept): check the title and abstract`,
          });
        }
        papers.push({
          title,
          abstract,
          file,
          line,
          authors: authors.length === 0 ? undefined : authors,
          arxiv: arxiv === undefined ? undefined : normalizeArxivId(arxiv),
          doi,
          published: fullDay(string('date')),
          categories: categoriesOf(primary, eprint),
          journal: journal.value,
          links:
            url !== undefined && /^https?:\/\//i.test(url) && !/(?:arxiv\.org|doi\.org)\//i.test(url)
              ? [url]
              : undefined,
        });
      },
    });
  }
  for (const outside of textOutsideEntries(text, read)) {
    const line = lineAt(text, outside.offset);
    const shown = singleSpaced(restore(outside.text));
    located.push({
      line,
      run: () =>
        warnings.push({
          file,
          line,
          message: `text outside any entry was not read ("${shortened(shown, 60)}"): BibTeX reads only @entries; if it is a paper, write it as an entry, or save a scraped page as a .txt file that does not start with an entry`,
        }),
    });
  }
  located.sort((a, b) => a.line - b.line);
  for (const entry of located) entry.run();
  return { papers, problems, warnings };
}
