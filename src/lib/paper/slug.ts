import { createHash } from 'node:crypto';
import slugifyText from '@sindresorhus/slugify';
import { isGreekNameAnyCase } from '../text/greek-letters.ts';
import { normalizeTitle } from './identity.ts';

/** Slugs are permanent URLs, best short: a slug made from a long title is cut at a word boundary here. */
export const SLUG_CUT_LENGTH = 80;

/** The longest suffix the build puts after a slug in a file name: `<slug>.bib` today, `<slug>.csl.json` planned. */
export const LONGEST_SLUG_SUFFIX = '.csl.json';

/**
 * The longest slug a paper may have (the check refuses a longer file name; `slugify` never makes
 * one). The build names files after the slug (`papers/<slug>/index.html`, `papers/<slug>.bib`),
 * and file systems cap one name: 255 bytes on ext4, XFS, btrfs, APFS, HFS+ and NTFS, 143 on
 * eCryptfs (encrypted home folders); Windows tools without long-path support cap a whole path at
 * 260 characters, of which a checkout in an ordinary folder takes about 70 before `content/papers/`.
 * 128 characters (a slug is ASCII: one byte each) plus `.csl.json` is 137 bytes: it fits all of
 * them, with room for suffixes to come.
 */
export const MAX_SLUG_LENGTH = 128;

/**
 * Math in a title keeps only what reads as words in a URL: Greek letters by name and plain
 * letters and digits (`$\alpha$-Rank` -> `alpha-rank`); other commands and symbols go.
 */
function mathToWords(tex: string): string {
  return tex
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) => (isGreekNameAnyCase(name) ? ` ${name} ` : ' '))
    .replace(/[^A-Za-z0-9]+/g, ' ');
}

/** The URL slug for a title: lowercase ASCII words joined by hyphens, at most 80 characters (`SLUG_CUT_LENGTH`). */
export function slugify(title: string): string {
  const words = title.replace(/\$([^$]*)\$/g, (_, tex: string) => ` ${mathToWords(tex)} `).replace(/\\/g, ' ');
  const slug = slugifyText(words, { decamelize: false });
  if (slug.length <= SLUG_CUT_LENGTH) return slug || 'paper';
  const cut = slug.slice(0, SLUG_CUT_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, SLUG_CUT_LENGTH);
}

/** A short, stable fingerprint of a title: the same title gives the same suffix on every machine and run. */
function titleFingerprint(title: string): string {
  return createHash('sha256').update(normalizeTitle(title)).digest('hex').slice(0, 6);
}

/**
 * Slugs the site itself uses under `/papers/`: the paper list's page numbers and its by-title view.
 * A paper there would collide with a page of the list and fail the build.
 */
export function isReservedSlug(slug: string): boolean {
  return /^\d+$/.test(slug) || slug === 'by-title';
}

/**
 * A slug for `title` that no other paper holds and the site does not reserve. When two different titles slugify alike, the
 * newcomer gets a suffix derived from its own title, so the result does not depend on the order
 * papers are processed in.
 */
export function uniqueSlug(title: string, isTakenByPaper: (slug: string) => boolean): string {
  const isTaken = (slug: string): boolean => isReservedSlug(slug) || isTakenByPaper(slug);
  const base = slugify(title);
  if (!isTaken(base)) return base;
  const withSuffix = (suffix: string): string =>
    `${base.slice(0, SLUG_CUT_LENGTH - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
  const fingerprint = titleFingerprint(title);
  const suffixed = withSuffix(fingerprint);
  if (!isTaken(suffixed)) return suffixed;
  for (let n = 2; ; n += 1) {
    const numbered = withSuffix(`${fingerprint}-${n}`);
    if (!isTaken(numbered)) return numbered;
  }
}
