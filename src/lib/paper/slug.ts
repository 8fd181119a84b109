import { createHash } from 'node:crypto';
import slugifyText from '@sindresorhus/slugify';
import { isGreekNameAnyCase } from '../text/greek-letters.ts';
import { normalizeArxivId, normalizeDoi, normalizeTitle } from './identity.ts';

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

/**
 * The URL slug for a title: lowercase ASCII words joined by hyphens, at most 80 characters (`SLUG_CUT_LENGTH`).
 * Compatibility forms are decomposed first (NFKD, as `normalizeTitle` does), so a ligature, a fullwidth
 * or a mathematical letter reads as its letters (`ﬁne` -> `fine`, not `ne`).
 */
export function slugify(title: string): string {
  return titleSlug(title) || 'paper';
}

/** `slugify`'s slug, or `''` when the title has no letter or digit a URL can spell. */
function titleSlug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\$([^$]*)\$/g, (_, tex: string) => ` ${mathToWords(tex)} `)
    .replace(/\\/g, ' ');
  const slug = slugifyText(words, { decamelize: false });
  if (slug.length <= SLUG_CUT_LENGTH) return slug;
  const cut = slug.slice(0, SLUG_CUT_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, SLUG_CUT_LENGTH);
}

/** The ids a paper's slug falls back on. */
export interface SlugIds {
  arxiv?: string | undefined;
  doi?: string | undefined;
}

/**
 * The slug for a new paper: its title's (`slugify`), or, when the title leaves nothing a URL can
 * spell (Chinese, Japanese, Korean, Hebrew, Devanagari or Thai script: the slug library
 * transliterates Latin, Cyrillic, Greek and Arabic only), its arXiv id or DOI as words
 * (`arxiv-2401-01234`), which name that paper and no other, where `paper` would name them all.
 */
export function paperSlug(title: string, ids: SlugIds = {}): string {
  const fromTitle = titleSlug(title);
  if (fromTitle !== '') return fromTitle;
  const arxiv = ids.arxiv === undefined ? undefined : normalizeArxivId(ids.arxiv);
  if (arxiv !== undefined) return titleSlug(`arXiv ${arxiv}`);
  const doi = ids.doi === undefined ? undefined : normalizeDoi(ids.doi);
  return (doi === undefined ? '' : titleSlug(`doi ${doi}`)) || 'paper';
}

/**
 * A short, stable fingerprint of a title: the same title gives the same suffix on every machine and
 * run, and titles the identity rules tell apart give different ones. A title of no letters or
 * digits (emoji, punctuation) normalizes to nothing, so its own text (NFC, one form however it was
 * encoded) is hashed instead: otherwise all such titles would share one suffix, and which of them
 * got it would depend on the order they came in.
 */
function titleFingerprint(title: string): string {
  const normalized = normalizeTitle(title);
  const identifying = normalized === '' ? title.normalize('NFC') : normalized;
  return createHash('sha256').update(identifying).digest('hex').slice(0, 6);
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
export function uniqueSlug(title: string, isTakenByPaper: (slug: string) => boolean, ids: SlugIds = {}): string {
  return slugAfter(paperSlug(title, ids), () => titleFingerprint(title), isTakenByPaper);
}

/**
 * Names Windows reserves for devices, whatever extension follows: `aux.md` cannot be created there,
 * and Git for Windows refuses to check out a repository holding one (`invalid path`), so a single
 * paper file so named would lock every Windows contributor out of the archive.
 */
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Whether `slug` is a Windows device name (`aux`, `com1`): no paper file may be named after it. */
export function isWindowsDeviceName(slug: string): boolean {
  return WINDOWS_DEVICE_NAME.test(slug);
}

/** The slug `base` or, when it is taken or reserved, `base` with a suffix from `fingerprint`. */
function slugAfter(base: string, fingerprint: () => string, isTakenByPaper: (slug: string) => boolean): string {
  const isTaken = (slug: string): boolean => isReservedSlug(slug) || isWindowsDeviceName(slug) || isTakenByPaper(slug);
  if (!isTaken(base)) return base;
  const withSuffix = (suffix: string): string =>
    `${base.slice(0, SLUG_CUT_LENGTH - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
  const print = fingerprint();
  const suffixed = withSuffix(print);
  if (!isTaken(suffixed)) return suffixed;
  for (let n = 2; ; n += 1) {
    const numbered = withSuffix(`${print}-${n}`);
    if (!isTaken(numbered)) return numbered;
  }
}

/** A new paper asking for a slug. */
export interface SlugClaim {
  title: string;
  /** What tells the paper from another of the same title (its ids, say): orders claims the title cannot. */
  distinction: string;
  /** What the slug falls back on when the title spells nothing (`paperSlug`). */
  ids?: SlugIds | undefined;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Slugs for papers added together, one per claim and in the claims' order, each held by no other
 * paper nor by another claim. Which of two claims that slugify alike gets the plain slug, and which
 * a suffix, depends only on the claims, never on their order: claims are served by plain slug,
 * then by their title's fingerprint, then by `distinction` (claims alike in all three are served
 * in the order given). Fingerprints are made only for plain slugs that several claims want.
 */
export function uniqueSlugs(claims: readonly SlugClaim[], isTakenByPaper: (slug: string) => boolean): string[] {
  const byBase = new Map<string, number[]>();
  claims.forEach((claim, index) => {
    const base = paperSlug(claim.title, claim.ids);
    const sharing = byBase.get(base);
    if (sharing === undefined) byBase.set(base, [index]);
    else sharing.push(index);
  });
  const given = new Set<string>();
  const slugs: string[] = [];
  // In the order of the plain slugs, so a suffixed slug that is another title's plain slug is settled alike too.
  for (const base of [...byBase.keys()].sort(byText)) {
    const sharing = byBase.get(base) ?? [];
    const fingerprints = new Map<number, string>();
    const fingerprintOf = (index: number): string => {
      let print = fingerprints.get(index);
      if (print === undefined) {
        print = titleFingerprint(claims[index]?.title ?? '');
        fingerprints.set(index, print);
      }
      return print;
    };
    if (sharing.length > 1) {
      sharing.sort(
        (a, b) =>
          byText(fingerprintOf(a), fingerprintOf(b)) ||
          byText(claims[a]?.distinction ?? '', claims[b]?.distinction ?? '') ||
          a - b,
      );
    }
    for (const index of sharing) {
      const slug = slugAfter(
        base,
        () => fingerprintOf(index),
        (candidate) => given.has(candidate) || isTakenByPaper(candidate),
      );
      given.add(slug);
      slugs[index] = slug;
    }
  }
  return slugs;
}
