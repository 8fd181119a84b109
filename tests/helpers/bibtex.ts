/**
 * Reading the site's `.bib` files back, two ways: by BibTeX's own brace rule (every `{` and `}`
 * counts, escaped or not, which is how BibTeX finds where a field and an entry end), and with a
 * real BibTeX parser (@retorquere/bibtex-parser, the one behind Better BibTeX for Zotero), which
 * turns the LaTeX back into text. A paper's entry must be the file's only entry, and its fields
 * must read back as the paper's own values.
 */
import { parse, type Creator, type Library } from '@retorquere/bibtex-parser';
import {
  citationDate,
  isOrganizationName,
  NAME_SUFFIX,
  suffixedName,
  type CitablePaper,
} from '../../src/lib/site/citation.ts';
import { splitTitleMath } from '../../src/lib/text/math-text.ts';
import { bibtexMath } from '../../src/lib/site/bibtex-math.ts';
import { texToText } from '../../src/lib/text/tex-to-text.ts';

/**
 * What is wrong with `text` as one BibTeX entry written one field per line, by BibTeX's brace
 * rule; an empty list when nothing is. Catches what a lenient parser forgives: a `\}` that
 * BibTeX reads as a closing brace, a field that ends before its line does, text after the entry.
 */
export function bibtexStructureProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (!/^@(?:article|misc)\{[a-z0-9]+,$/.test(lines[0] ?? '')) problems.push(`bad first line: ${lines[0]}`);
  if (lines.at(-1) !== '}') problems.push(`the entry does not end with a lone "}": ${lines.at(-1)}`);
  for (const line of lines.slice(1, -1)) {
    const field = /^ {2}([A-Za-z]+) = (.*?)(,?)$/.exec(line);
    if (!field) {
      problems.push(`not a field line: ${line}`);
      continue;
    }
    const value = field[2] ?? '';
    if (/^[a-z]+$/.test(value)) continue;
    let depth = 0;
    for (let index = 0; index < value.length; index += 1) {
      if (value[index] === '{') depth += 1;
      else if (value[index] === '}') depth -= 1;
      if (depth === 0 && index !== value.length - 1) {
        problems.push(`field ${field[1]} ends at column ${index + 1}, before its line does: ${line}`);
        break;
      }
      if (depth < 0) break;
    }
    if (depth !== 0 && !problems.some((problem) => problem.includes(line))) {
      problems.push(`field ${field[1]} leaves ${depth} brace(s) open: ${line}`);
    }
  }
  return problems;
}

/** The site's `.bib` read by the real parser; LaTeX commands it does not know are kept as written. */
export function readBibtex(text: string): Library {
  return parse(text, { english: false, unsupported: (_node, tex) => tex });
}

/** A creator as the parser gives it, as one name in reading order. */
function creatorName(creator: Creator): string {
  return (
    creator.name ?? [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ')
  );
}

/**
 * A paper's author name in reading order, as BibTeX reads it: one comma is "Last, First", two
 * are "Last, Jr, First"; names with other commas are written with them braced, as one name, and so
 * is an organization's.
 */
function readingOrder(name: string): string {
  // An organization is one braced name; a suffix after a comma ("John Smith, Jr.") is a suffix.
  if (isOrganizationName(name)) return name;
  const suffixed = suffixedName(name);
  if (suffixed !== undefined) return `${suffixed.name} ${suffixed.suffix}`;
  const parts = name.split(',').map((part) => part.trim());
  if (parts.length === 2 && parts.every((part) => part !== '')) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3 && parts.every((part) => part !== '')) {
    // "Last, First, Jr" (the suffix last, as people write it) or BibTeX's own "Last, Jr, First".
    const [last = '', middle = '', end = ''] = parts;
    return NAME_SUFFIX.test(end) && !NAME_SUFFIX.test(middle) ? `${middle} ${last} ${end}` : `${end} ${last} ${middle}`;
  }
  return name;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Whether BibTeX would keep a formula inside the field: every brace counts (escaped or not) and they balance. */
function bibtexBalanced(tex: string): boolean {
  let depth = 0;
  for (const char of tex) {
    if (char === '{') depth += 1;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** What the parser makes of one formula on its own: the math is LaTeX's to typeset, not this test's to reimplement. */
function mathReading(tex: string): string {
  return readBibtex(`@misc{k,\n  title = {{$${tex}$}}\n}\n`).entries[0]?.fields['title'] ?? '';
}

export interface BibtexFields {
  title: string;
  author?: string[];
  year?: string;
  month?: string;
  doi?: string;
  eprint?: string;
  url: string;
}

/** The fields a paper's entry must read back as: the paper's own values, as text. */
export function expectedBibtexFields(paper: CitablePaper): BibtexFields {
  const title = splitTitleMath(paper.title)
    .map((segment) => {
      if (segment.kind === 'text') return segment.text;
      // Math LaTeX could run, or whose braces do not balance, is written as its plain text.
      const tex = bibtexMath(segment.tex);
      return tex !== undefined && bibtexBalanced(tex) ? mathReading(tex) : texToText(segment.tex, 'symbols');
    })
    .join('');
  const date = citationDate(paper);
  const authors = paper.authors?.map((name) => collapse(name)).filter((name) => name !== '');
  const fields: BibtexFields = {
    title: collapse(title),
    url:
      paper.arxiv !== undefined
        ? `https://arxiv.org/abs/${paper.arxiv}`
        : paper.doi !== undefined
          ? `https://doi.org/${paper.doi.split('/').map(encodeURIComponent).join('/')}`
          : paper.url,
  };
  if (authors !== undefined && authors.length > 0) fields.author = authors.map(readingOrder);
  if (date !== undefined) {
    fields.year = String(date.year);
    fields.month = String(date.month);
  }
  if (paper.doi !== undefined) fields.doi = paper.doi;
  if (paper.arxiv !== undefined) fields.eprint = paper.arxiv;
  return fields;
}

/** An entry's fields as read back, in the shape of `expectedBibtexFields`. */
export function readBackFields(fields: Record<string, unknown>): BibtexFields {
  const read: BibtexFields = { title: collapse(String(fields['title'] ?? '')), url: String(fields['url'] ?? '') };
  const author = fields['author'];
  if (Array.isArray(author)) read.author = (author as Creator[]).map((creator) => collapse(creatorName(creator)));
  for (const name of ['year', 'month', 'doi', 'eprint'] as const) {
    const value = fields[name];
    if (value !== undefined) read[name] = String(value);
  }
  return read;
}

/** Problems with `text` as a `.bib` file of one entry: its structure by BibTeX's rule, then what the parser reads. */
export function bibtexRoundTrip(text: string): { problems: string[]; read: BibtexFields[] } {
  const problems = bibtexStructureProblems(text);
  const library = readBibtex(text);
  problems.push(...library.errors.map((error) => `parser: ${error.error}`));
  if (library.preamble.length > 0) problems.push(`an @preamble: ${library.preamble.join(' ')}`);
  if (library.comments.length > 0) problems.push(`an @comment: ${library.comments.join(' ')}`);
  if (Object.keys(library.strings).length > 0) problems.push('an @string');
  const read = library.entries.map((entry) => readBackFields(entry.fields));
  if (read.length !== 1) problems.push(`${read.length} entries instead of one`);
  return { problems, read };
}
