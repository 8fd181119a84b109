import { chunk, pagerView, type PagerView } from './pagination.ts';
import { titleKey } from './paper-sort.ts';

/**
 * The title index in stable buckets: papers by the first letters of their title, a bucket split by
 * the next letter only when it holds more than a page (sub-buckets of fewer than a fifth of a page
 * stay listed on it, and a bucket that would only lead to one other is skipped) (`/papers/by-title/d/`, then
 * `/papers/by-title/de/`, `/papers/by-title/deep-l/`, ...). A paper added to the archive lands in
 * one bucket, so every other bucket's page stays as it was and an incremental build does not render
 * it again; pages numbered through the whole title order would all shift by one. A bucket's
 * structure changes only when it crosses the page size (it is then split, and its page becomes an
 * index of the new buckets).
 *
 * A title files by its sort key (`titleSortKey`, leading article dropped), folded to plain ASCII
 * letters and digits: accents dropped, punctuation and spaces as one space. Titles that begin with
 * a digit or with a letter outside A-Z (Greek, CJK, ...) share one bucket, `0-9`, shown as "#".
 */

/** The URL segment of the bucket of titles that begin with a digit or another character. */
export const OTHER_BUCKET = '0-9';

/** A title as its bucket is chosen: lowercase ASCII letters and digits, words separated by one space. */
export function titleFold(sortTitle: string): string {
  return titleKey(sortTitle)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The step from a bucket `prefix` (a URL segment: `deep-l` stands for "deep l") to the bucket one
 * letter longer that holds `fold`, or undefined when the title ends there or goes on with a
 * character outside a-z and 0-9 (it is then listed on the bucket's own page). A space and the
 * letter after it are one step, so no bucket ends in a space.
 */
export function nextStep(fold: string, prefix: string): string | undefined {
  const rest = fold.slice(prefix.length);
  const match = /^( ?)([a-z0-9])/.exec(rest);
  if (match === null) return undefined;
  return match[1] === '' ? (match[2] ?? '') : `-${match[2] ?? ''}`;
}

/** The root bucket a fold files under: its first letter, or `0-9`. */
export function rootBucket(fold: string): string {
  const first = fold.charAt(0);
  return /^[a-z]$/.test(first) ? first : OTHER_BUCKET;
}

/** How a bucket is named on the page: `deep-l` is "Deep l", `0-9` is "#". */
export function bucketLabel(prefix: string): string {
  if (prefix === OTHER_BUCKET) return '#';
  const words = prefix.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface BucketLink {
  prefix: string;
  label: string;
}

/** One page of the title index: a bucket's own papers (one page of them) and links to its sub-buckets. */
export interface TitleBucketPage<T> {
  /** '' for the index itself (`/papers/by-title/`). */
  prefix: string;
  label: string;
  /** The buckets above this one, from the first letter down (the index itself not included). */
  trail: BucketLink[];
  /** The first-letter buckets (empty while the whole index fits one page). */
  letters: BucketLink[];
  /** Sub-buckets, in order. */
  children: BucketLink[];
  /** Papers of this bucket not in a sub-bucket, in title order; one page of them. */
  items: T[];
  page: number;
  pager: PagerView;
}

const link = (prefix: string): BucketLink => ({ prefix, label: bucketLabel(prefix) });

/** Steps in order: digits, then letters; a step with a space after the same letter without one. */
function compareSteps(a: string, b: string): number {
  const plain = (step: string) => step.replace('-', '');
  return plain(a) < plain(b) ? -1 : plain(a) > plain(b) ? 1 : a.length - b.length;
}

/** Every page of the title index, the index first; `byTitle` in title order. */
export function titleBuckets<T>(
  byTitle: readonly T[],
  sortTitleOf: (item: T) => string,
  pageSize: number,
): TitleBucketPage<T>[] {
  const folded = byTitle.map((item, at) => ({ item, at, fold: titleFold(sortTitleOf(item)) }));
  const minBucket = Math.max(2, Math.ceil(pageSize / 5));
  const out: TitleBucketPage<T>[] = [];
  let letters: BucketLink[] = [];

  const emit = (prefix: string, trail: BucketLink[], children: BucketLink[], items: T[]) => {
    const pages = chunk(items, pageSize);
    pages.forEach((pageItems, at) => {
      out.push({
        prefix,
        label: prefix === '' ? 'All papers' : bucketLabel(prefix),
        trail,
        letters,
        children,
        items: pageItems,
        page: at + 1,
        pager: pagerView(at + 1, pages.length),
      });
    });
  };

  type Member = (typeof folded)[number];
  /** How a bucket splits: its sub-buckets and the titles it lists itself, or undefined for a bucket that fits a page. */
  const split = (prefix: string, members: Member[]) => {
    if (prefix === OTHER_BUCKET || members.length <= pageSize) return undefined;
    const groups = new Map<string, Member[]>();
    const own: Member[] = [];
    for (const member of members) {
      const step = prefix === '' ? rootBucket(member.fold) : nextStep(member.fold, prefix.replace(/-/g, ' '));
      if (step === undefined) {
        own.push(member);
        continue;
      }
      const child = prefix === '' ? step : prefix + step;
      const group = groups.get(child);
      if (group === undefined) groups.set(child, [member]);
      else group.push(member);
    }
    if (prefix !== '') {
      // A bucket of a few titles is not worth a page: they stay on this one (in title order).
      for (const [child, group] of groups) {
        if (group.length >= minBucket) continue;
        own.push(...group);
        groups.delete(child);
      }
      own.sort((a, b) => a.at - b.at);
    }
    return { groups, own };
  };
  /** The bucket that `prefix` leads to: a bucket that would only lead to one other ("deep-b" -> "deep-bo" -> ...) is skipped. */
  const resolve = (prefix: string, members: Member[]): string => {
    const parts = prefix === '' ? undefined : split(prefix, members);
    const only = parts === undefined ? undefined : [...parts.groups][0];
    if (parts === undefined || parts.own.length > 0 || parts.groups.size !== 1 || only === undefined) return prefix;
    return resolve(only[0], only[1]);
  };

  const visit = (prefix: string, trail: BucketLink[], members: Member[]) => {
    const parts = split(prefix, members);
    if (parts === undefined) {
      emit(
        prefix,
        trail,
        [],
        members.map(({ item }) => item),
      );
      return;
    }
    const ordered = [...parts.groups.keys()].sort((a, b) =>
      prefix === '' ? compareRoot(a, b) : compareSteps(a.slice(prefix.length), b.slice(prefix.length)),
    );
    // The first-letter buckets stay letters, whatever they lead to.
    const targets = prefix === '' ? ordered : ordered.map((child) => resolve(child, parts.groups.get(child) ?? []));
    const children = targets.map(link);
    if (prefix === '') letters = children;
    emit(
      prefix,
      trail,
      children,
      parts.own.map(({ item }) => item),
    );
    const below = prefix === '' ? [] : [...trail, link(prefix)];
    ordered.forEach((child, index) => {
      const target = targets[index] ?? child;
      visit(target, below, parts.groups.get(child) ?? []);
    });
  };

  visit('', [], folded);
  return out;
}

/** First-letter buckets in alphabetical order, `#` last. */
function compareRoot(a: string, b: string): number {
  if (a === OTHER_BUCKET || b === OTHER_BUCKET) return a === b ? 0 : a === OTHER_BUCKET ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
