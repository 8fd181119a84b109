import { describe, expect, it } from 'vitest';
import { readableCategories } from '../../../src/lib/paper/arxiv-categories.ts';
import { ARXIV_CATEGORY } from '../../../src/lib/paper/identifiers.ts';

describe('readableCategories', () => {
  it('keeps categories written as arXiv writes them as they are, with no repair', () => {
    for (const given of [[], ['cs.LG'], ['hep-th', 'math.AG', 'astro-ph.CO'], ['chao-dyn'], ['cs.XY']]) {
      expect(readableCategories(given)).toEqual({ categories: given });
    }
  });

  it("gives known categories arXiv's case, and splits a list given as one text", () => {
    expect(readableCategories(['CS.LG STAT.ML'])).toEqual({
      categories: ['cs.LG', 'stat.ML'],
      repair: { rule: 'arxiv-form', before: 'CS.LG STAT.ML', after: 'cs.LG stat.ML' },
    });
    expect(readableCategories(['cs.AI,cs.LG']).categories).toEqual(['cs.AI', 'cs.LG']);
    // Split, it reads as it was written: nothing to report.
    expect(readableCategories(['cs.AI cs.LG'])).toEqual({ categories: ['cs.AI', 'cs.LG'] });
    expect(readableCategories(['cs.ai; Cs.Lg', ' hep-TH ']).categories).toEqual(['cs.AI', 'cs.LG', 'hep-th']);
    // A retired archive keeps its own name: the classifier reads it as its successor.
    expect(readableCategories(['CHAO-DYN']).categories).toEqual(['chao-dyn']);
  });

  it('drops repeats, and leaves out what no arXiv category can be, naming it in the repair', () => {
    expect(readableCategories(['cs.LG', 'cs.LG'])).toEqual({
      categories: ['cs.LG'],
      repair: { rule: 'arxiv-form', before: 'cs.LG cs.LG', after: 'cs.LG' },
    });
    expect(readableCategories(['cs.LG I.2.8', '68T05'])).toEqual({
      categories: ['cs.LG'],
      repair: { rule: 'arxiv-form', before: 'cs.LG I.2.8 68T05', after: 'cs.LG' },
    });
    expect(readableCategories(['I.2.8']).categories).toEqual([]);
  });

  it('only ever gives categories the schema accepts', () => {
    const inputs = ['CS.LG', 'cs.ai,STAT.ml', 'I.2.8', '68T05 cs.XY', 'Q-BIO.NC', 'physics', '', ' , ;', 'cs.LG.extra'];
    for (const input of inputs) {
      for (const category of readableCategories([input]).categories) expect(category).toMatch(ARXIV_CATEGORY);
    }
  });
});
