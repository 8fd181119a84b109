import { describe, expect, it } from 'vitest';
import { compareTitle, titleSortKey } from '../../../src/lib/site/paper-sort.ts';
import {
  bucketLabel,
  nextStep,
  OTHER_BUCKET,
  rootBucket,
  titleBuckets,
  titleFold,
} from '../../../src/lib/site/title-buckets.ts';

const sortable = (title: string) => ({ slug: title, sortTitle: titleSortKey(title), added: new Date(0) });
const inTitleOrder = (titles: readonly string[]) =>
  titles
    .map(sortable)
    .sort(compareTitle)
    .map((paper) => paper.slug);
const buckets = (titles: readonly string[], size = 3) => titleBuckets(inTitleOrder(titles), titleSortKey, size);
const keyed = (pages: ReturnType<typeof buckets>) =>
  new Map(pages.map((page) => [`${page.prefix}/${page.page}`, JSON.stringify(page)]));

const TITLES = [
  'Deep Learning Theory',
  'Deep learning for physics',
  'Deeper Networks',
  'Deep Sets',
  'Dropout',
  'The Dynamics of SGD',
  'Adam',
  '$\\beta$-VAE',
  '3D Shapes',
  'Ölçek Yasaları',
  'Γ-convergence',
  'Deep',
];

describe('titleFold and the steps', () => {
  it('folds to ASCII words, article, accents and punctuation dropped', () => {
    expect(titleFold(titleSortKey('The Élan of Deep-Learning: a Study'))).toBe('elan of deep learning a study');
    expect(titleFold(titleSortKey('$\\beta$-VAE'))).toBe('beta vae');
    expect(titleFold('Γ-convergence')).toBe('γ convergence');
  });

  it('files by first letter, digits and other letters together', () => {
    expect(rootBucket('deep')).toBe('d');
    expect(rootBucket('3d shapes')).toBe(OTHER_BUCKET);
    expect(rootBucket('γ convergence')).toBe(OTHER_BUCKET);
    expect(rootBucket('')).toBe(OTHER_BUCKET);
  });

  it('steps one letter at a time, a space and the next letter as one step', () => {
    expect(nextStep('deep learning', 'de')).toBe('e');
    expect(nextStep('deep learning', 'deep')).toBe('-l');
    expect(nextStep('deep', 'deep')).toBeUndefined();
    expect(nextStep('deepγ', 'deep')).toBeUndefined();
    expect(bucketLabel('deep-l')).toBe('Deep l');
    expect(bucketLabel(OTHER_BUCKET)).toBe('#');
  });
});

describe('titleBuckets', () => {
  it('keeps a small index on one page', () => {
    const pages = buckets(TITLES, 50);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.items).toEqual(inTitleOrder(TITLES));
    expect(pages[0]?.letters).toEqual([]);
  });

  it('splits a bucket by the next letter only when it holds more than a page', () => {
    const pages = buckets(TITLES);
    const byPrefix = new Map(pages.map((page) => [page.prefix, page]));
    expect(byPrefix.get('')?.children.map((c) => c.prefix)).toEqual(['a', 'b', 'd', 'o', OTHER_BUCKET]);
    expect(byPrefix.get('')?.items).toEqual([]);
    expect(byPrefix.get('a')?.items).toEqual(['Adam']);
    // d: 7 titles -> "de" (6; "dr", "dy" too small for a page of their own), "de" -> "deep", skipping "dee"
    // (it would only lead there); "deep" lists "Deep" and the small "Deeper" and "Deep Sets", and "deep-l".
    expect(byPrefix.get('d')?.children.map((c) => c.prefix)).toEqual(['deep']);
    expect(byPrefix.get('d')?.items).toEqual(['Dropout', 'The Dynamics of SGD']);
    expect(byPrefix.has('dee')).toBe(false);
    expect(byPrefix.get('deep')?.items).toEqual(['Deep', 'Deeper Networks', 'Deep Sets']);
    expect(byPrefix.get('deep')?.children.map((c) => c.prefix)).toEqual(['deep-l']);
    expect(byPrefix.get('deep-l')?.items).toEqual(['Deep learning for physics', 'Deep Learning Theory']);
    expect(byPrefix.get('deep-l')?.trail.map((t) => t.prefix)).toEqual(['d', 'deep']);
    expect(byPrefix.get(OTHER_BUCKET)?.items).toEqual(['3D Shapes', 'Γ-convergence']);
    expect(pages.every((page) => page.letters.map((l) => l.prefix).join() === 'a,b,d,o,0-9')).toBe(true);
    // Every title on exactly one page, no page over the size.
    const listed = pages.flatMap((page) => page.items);
    expect(listed.sort()).toEqual([...TITLES].sort());
    expect(pages.every((page) => page.items.length <= 3)).toBe(true);
  });

  it('pages a bucket that cannot be split, numbered from its start', () => {
    const same = ['Attention', 'Attention', 'Attention', 'Attention', 'Attention!', 'Another'];
    const pages = buckets(same).filter((page) => page.prefix === 'attention');
    expect(pages.map((page) => [page.page, page.items.length])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    expect(pages[0]?.pager.next).toBe(2);
  });

  it('changes only the bucket a new title lands in', () => {
    const more = Array.from(
      { length: 300 },
      (_, i) =>
        `${['Deep', 'Graph', 'Learning', 'On', 'Robust'][i % 5]} ${['networks', 'models', 'bounds', 'priors'][i % 4]} ${i}`,
    );
    const base = [...TITLES, ...more];
    const before = keyed(titleBuckets(inTitleOrder(base), titleSortKey, 10));
    for (const added of ['Graph models 999', 'Deep networks 77a', 'Robust priors', 'Ontology']) {
      const after = keyed(titleBuckets(inTitleOrder([...base, added]), titleSortKey, 10));
      const changed = [...after].filter(([at, page]) => before.get(at) !== page).map(([at]) => at);
      // Its bucket (and, if that bucket grew past a page, the buckets it is split into).
      expect(
        changed.every((at) => at.startsWith(titleFold(added).charAt(0))),
        changed.join(' '),
      ).toBe(true);
      expect(changed.length, `${added}: ${changed.join(' ')}`).toBeGreaterThan(0);
      expect(changed.length, `${added}: ${changed.join(' ')}`).toBeLessThanOrEqual(3);
    }
  });
});
