/**
 * The cold-build ratio (ours against the plain site) from several pairs of cold builds run one
 * after the other, rather than from one build of each minutes apart.
 *
 * Why: this machine's speed drifts by a third over minutes (the same cold build of 10,000 papers
 * took 22 to 33 s in one evening), and the plain site was measured once, after every other step of
 * ours: its cold build took 35.3, 38.6 and 48.2 s in three full runs, which alone moved the ratio
 * from 0.71x to 0.52x. Two builds run back to back share the machine's state of the moment; the
 * median of a few such ratios is what one cold build of each would most likely show.
 */

/** One cold build of ours and one of the plain site (its build, then Pagefind's CLI), in seconds. */
export interface ColdPair {
  ours: number;
  plain: number;
}

export interface ColdRatio {
  /** The median of the pairs' ratios (of the middle two for an even count). */
  median: number;
  /** Each pair's ratio, ours / plain, in the order run. */
  ratios: number[];
  low: number;
  high: number;
}

/** Which of the two runs first in pair `index` (0 first): they take turns, so neither always follows the other. */
export function pairOrder(index: number): readonly ['ours', 'plain'] | readonly ['plain', 'ours'] {
  return index % 2 === 0 ? (['ours', 'plain'] as const) : (['plain', 'ours'] as const);
}

export function coldRatio(pairs: readonly ColdPair[]): ColdRatio {
  if (pairs.length === 0) throw new RangeError('A cold ratio needs at least one pair of cold builds');
  const ratios = pairs.map(({ ours, plain }, index) => {
    if (!(ours > 0 && plain > 0)) {
      throw new RangeError(`Pair ${index + 1} has a build of no duration (ours ${ours} s, plain ${plain} s)`);
    }
    return ours / plain;
  });
  const sorted = [...ratios].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, ratios, low: sorted[0] as number, high: sorted.at(-1) as number };
}
