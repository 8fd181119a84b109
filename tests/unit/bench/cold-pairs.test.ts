import { describe, expect, it } from 'vitest';
import { coldRatio, pairOrder } from '../../../bench/cold-pairs.ts';

describe('coldRatio', () => {
  it('takes the median of the pairs’ ratios, not the ratio of the totals', () => {
    // Totals would give 75 / 140 = 0.536; the pairs' ratios are 0.5, 0.6 and 0.5625.
    const result = coldRatio([
      { ours: 20, plain: 40 },
      { ours: 30, plain: 50 },
      { ours: 25, plain: 50 * (25 / 28.125) },
    ]);
    expect(result.ratios.map((r) => r.toFixed(4))).toEqual(['0.5000', '0.6000', '0.5625']);
    expect(result.median).toBeCloseTo(0.5625, 10);
    expect(result.low).toBe(0.5);
    expect(result.high).toBe(0.6);
  });

  it('is not moved by one pair the machine slowed down', () => {
    const steady = [
      { ours: 24, plain: 40 },
      { ours: 25, plain: 41 },
    ];
    const result = coldRatio([...steady, { ours: 24, plain: 80 }]);
    expect(result.median).toBeCloseTo(24 / 40, 10);
    expect(result.low).toBeCloseTo(0.3, 10);
  });

  it('averages the middle two of an even count, and keeps the order run', () => {
    const result = coldRatio([
      { ours: 40, plain: 100 },
      { ours: 20, plain: 100 },
      { ours: 60, plain: 100 },
      { ours: 30, plain: 100 },
    ]);
    expect(result.ratios).toEqual([0.4, 0.2, 0.6, 0.3]);
    expect(result.median).toBeCloseTo(0.35, 10);
  });

  it('is the one ratio for one pair', () => {
    expect(coldRatio([{ ours: 25, plain: 48.2 }]).median).toBeCloseTo(25 / 48.2, 10);
  });

  it('refuses no pairs, and a build of no duration, naming the pair', () => {
    expect(() => coldRatio([])).toThrow(/at least one pair/);
    expect(() =>
      coldRatio([
        { ours: 20, plain: 40 },
        { ours: 20, plain: 0 },
      ]),
    ).toThrow(/Pair 2/);
    expect(() => coldRatio([{ ours: Number.NaN, plain: 40 }])).toThrow(/Pair 1/);
  });
});

describe('pairOrder', () => {
  it('takes turns, ours first in the first pair', () => {
    expect([0, 1, 2, 3].map((index) => pairOrder(index)[0])).toEqual(['ours', 'plain', 'ours', 'plain']);
    expect(pairOrder(1)).toEqual(['plain', 'ours']);
  });
});
