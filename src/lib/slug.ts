import { createHash } from 'node:crypto';
import slugifyText from '@sindresorhus/slugify';
import { normalizeTitle } from './identity.ts';

/** Slugs are permanent URLs; long ones are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 80;

const GREEK =
  /^(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega)$/i;

/**
 * Math in a title keeps only what reads as words in a URL: Greek letters by name and plain
 * letters and digits (`$\alpha$-Rank` -> `alpha-rank`); other commands and symbols go.
 */
function mathToWords(tex: string): string {
  return tex
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) => (GREEK.test(name) ? ` ${name} ` : ' '))
    .replace(/[^A-Za-z0-9]+/g, ' ');
}

/** The URL slug for a title: lowercase ASCII words joined by hyphens, at most 80 characters. */
export function slugify(title: string): string {
  const words = title.replace(/\$([^$]*)\$/g, (_, tex: string) => ` ${mathToWords(tex)} `).replace(/\\/g, ' ');
  const slug = slugifyText(words, { decamelize: false });
  if (slug.length <= MAX_SLUG_LENGTH) return slug || 'paper';
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, MAX_SLUG_LENGTH);
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
    `${base.slice(0, MAX_SLUG_LENGTH - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
  const fingerprint = titleFingerprint(title);
  const suffixed = withSuffix(fingerprint);
  if (!isTaken(suffixed)) return suffixed;
  for (let n = 2; ; n += 1) {
    const numbered = withSuffix(`${fingerprint}-${n}`);
    if (!isTaken(numbered)) return numbered;
  }
}
