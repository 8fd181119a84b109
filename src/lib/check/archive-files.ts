import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isReservedSlug, isWindowsDeviceName, MAX_SLUG_LENGTH, slugify } from '../paper/slug.ts';
import type { RuleId } from './rules.ts';

/** A paper file name: the slug (lowercase ASCII words joined by single hyphens) plus `.md`. */
export const PAPER_FILE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;

/** A problem with an entry of the papers folder itself, reported at line 1 of that path. */
export interface EntryProblem {
  path: string;
  rule: RuleId;
  message: string;
}

/** Why `name` cannot be a paper file name, with the name to use instead; `undefined` when it is fine. */
export function fileNameProblem(name: string): string | undefined {
  if (PAPER_FILE_NAME.test(name)) return undefined;
  const suggestion = `${slugify(name.replace(/\.md$/i, ''))}.md`;
  return `the file name "${name}" is not a slug: a paper file is named with lowercase letters, digits and single hyphens, e.g. "${suggestion}" (the name becomes the paper's permanent URL)`;
}

/**
 * Why `name` is too long to be a paper's file name, with a shorter one; `undefined` when it is
 * fine. The build writes files named after the slug (`<slug>.bib`), and a build that fails on
 * `ENAMETOOLONG` after a minute has already half-written `dist/`: the check refuses it first.
 */
export function fileNameLengthProblem(name: string): string | undefined {
  const slug = name.replace(/\.md$/, '');
  const bytes = Buffer.byteLength(slug);
  if (bytes <= MAX_SLUG_LENGTH) return undefined;
  // Cut by code points, not UTF-16 units: an emoji cut in half would print as U+FFFD.
  const points = [...slug];
  const shown = points.length > 60 ? `${points.slice(0, 59).join('')}…` : slug;
  const size = bytes === slug.length ? `${bytes} characters` : `${bytes} bytes`;
  return `the file name "${shown}.md" makes a slug of ${size}; a slug is at most ${MAX_SLUG_LENGTH} (the build names files after it, such as "<slug>.bib", and file systems cap a file name at 255 bytes, some at 143): shorten it, e.g. "${slugify(slug)}.md"`;
}

/**
 * Why the slug of a well-formed file name cannot be a paper's URL: it is also a page of the paper
 * list (`/papers/2/`, `/papers/by-title/`), which fails the build, or a Windows device name
 * (`aux`), which no Windows checkout can hold. The site's own rule is asked as if the list were
 * endless, since a number that is free today is a list page tomorrow.
 */
export function reservedSlugProblem(name: string): string | undefined {
  const slug = name.replace(/\.md$/, '');
  if (isWindowsDeviceName(slug)) {
    return `the file name "${name}" is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, whatever follows the dot): Git cannot check the repository out there; name the file after the title with another word (e.g. "${slug}-1.md")`;
  }
  if (!isReservedSlug(slug)) return undefined;
  return `the file name "${name}" is taken by the site: /papers/${slug}/ is a page of the paper list; name the file after the title (e.g. add a word from it)`;
}

/** Everything wrong with `name` as a paper's file name: not a slug, too long, or taken by the site. */
export function fileNameProblems(name: string): { rule: RuleId; message: string }[] {
  const problems: { rule: RuleId; message: string }[] = [];
  const notSlug = fileNameProblem(name);
  if (notSlug) problems.push({ rule: 'file-name', message: notSlug });
  const tooLong = fileNameLengthProblem(name);
  if (tooLong) problems.push({ rule: 'file-name-too-long', message: tooLong });
  const reserved = notSlug ? undefined : reservedSlugProblem(name);
  if (reserved) problems.push({ rule: 'reserved-slug', message: reserved });
  return problems;
}

function entryProblem(entry: Dirent, path: string): string | undefined {
  if (entry.isSymbolicLink())
    return 'symbolic links are not allowed in the papers folder: replace the link with the paper file itself';
  if (entry.isDirectory()) return 'folders are not allowed in the papers folder: put each paper file directly in it';
  if (!entry.isFile()) return 'only regular files belong in the papers folder: remove this entry';
  if (entry.name.startsWith('.'))
    return `hidden files are not allowed in the papers folder (Astro would silently skip "${entry.name}"): remove it or rename it to a slug ending in .md`;
  if (/\.mdx$/i.test(entry.name))
    return 'MDX files are code and are never accepted: write the paper as a plain .md file';
  if (!entry.name.endsWith('.md'))
    return `"${path}" is not a paper: only .md files belong in the papers folder (rename it to end in .md, or move it elsewhere)`;
  return undefined;
}

/**
 * Lists the paper files of an archive's papers folder and everything else that is in it. Only
 * regular files named `*.md` are papers; a folder, a symbolic link, a hidden file or a file with
 * another extension (`.mdx` above all) is a problem, because Astro would either skip it silently
 * or load something other than a reviewed paper. Names that differ only in case collide on
 * case-insensitive file systems and in URLs.
 */
export function listPaperFiles(papersDir: string): { papers: string[]; problems: EntryProblem[] } {
  let entries: Dirent[];
  try {
    entries = readdirSync(papersDir, { withFileTypes: true });
  } catch (cause) {
    throw new Error(`Failed to list the papers folder ${papersDir}`, { cause });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const papers: string[] = [];
  const problems: EntryProblem[] = [];
  const byLowerCase = new Map<string, string[]>();
  for (const entry of entries) {
    const path = join(papersDir, entry.name);
    const problem = entryProblem(entry, path);
    if (problem) {
      problems.push({ path, rule: 'not-a-paper-file', message: problem });
      continue;
    }
    papers.push(path);
    for (const problem of fileNameProblems(entry.name)) problems.push({ path, ...problem });
    const key = entry.name.toLowerCase();
    byLowerCase.set(key, [...(byLowerCase.get(key) ?? []), path]);
  }
  for (const paths of byLowerCase.values()) {
    if (paths.length < 2) continue;
    for (const path of paths) {
      problems.push({
        path,
        rule: 'duplicate-slug',
        message: `the file names ${paths.map((p) => `"${p}"`).join(' and ')} differ only in letter case: they are the same URL; keep one`,
      });
    }
  }
  return { papers, problems };
}
