import { describe, expect, it } from 'vitest';
import { parseArxivOai } from '../../../src/lib/ingest/inputs/arxiv-oai.ts';
import { identityKeys } from '../../../src/lib/paper/identity.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { coinedWord, syntheticOaiLines } from '../../../bench/synthetic-oai.ts';

const corpus = {
  titles: ['Scaling Law with Learning Rate Annealing', 'Forward Learning of Graph Neural Networks'],
  abstracts: [
    'We find that loss curves follow a law. The law holds with $L_0 + Acdot S$ terms. It predicts training.',
    'Graph neural networks are trained with backpropagation. We propose a forward-only method instead.',
  ],
};

describe('syntheticOaiLines', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(syntheticOaiLines(50, corpus)).toBe(syntheticOaiLines(50, corpus));
    expect(syntheticOaiLines(50, corpus, 2)).not.toBe(syntheticOaiLines(50, corpus));
  });

  it('writes records the OAI parser reads, each a distinct paper by every identity key', () => {
    const { papers, problems } = parseArxivOai(syntheticOaiLines(2000, corpus), 'bench.jsonl');
    expect(problems).toEqual([]);
    expect(papers).toHaveLength(2000);
    const keys = papers.flatMap((paper) => identityKeys(paper));
    expect(new Set(keys).size).toBe(keys.length);
    expect(papers.every((paper) => paper.abstract.length > 50 && paper.published !== undefined)).toBe(true);
  });
});

describe('coinedWord and seededRandom', () => {
  it('coins a distinct word per number', () => {
    const words = Array.from({ length: 5000 }, (_, n) => coinedWord(n));
    expect(new Set(words).size).toBe(5000);
  });

  it('draws repeatable numbers in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
