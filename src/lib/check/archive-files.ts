import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isReservedSlug, slugify } from '../slug.ts';
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
 * Why the slug of a well-formed file name cannot be a paper's URL: it is also a page of the paper
 * list (`/papers/2/`, `/papers/by-title/`), which fails the build. The site's own rule is asked
 * as if the list were endless, since a number that is free today is a list page tomorrow.
 */
export function reservedSlugProblem(name: string): string | undefined {
  const slug = name.replace(/\.md$/, '');
  if (!isReservedSlug(slug)) return undefined;
  return `the file name "${name}" is taken by the site: /papers/${slug}/ is a page of the paper list; name the file after the title (e.g. add a word from it)`;
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
    const nameProblem = fileNameProblem(entry.name);
    if (nameProblem) problems.push({ path, rule: 'file-name', message: nameProblem });
    const reserved = nameProblem ? undefined : reservedSlugProblem(entry.name);
    if (reserved) problems.push({ path, rule: 'reserved-slug', message: reserved });
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
