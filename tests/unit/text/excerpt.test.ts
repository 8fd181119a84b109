import { describe, expect, it } from 'vitest';
import { firstSentence } from '../../../src/lib/text/excerpt.ts';
import { markdownParagraphs, type Segment } from '../../../src/lib/text/math-text.ts';

const text = (segments: readonly Segment[]) =>
  segments.map((segment) => (segment.kind === 'text' ? segment.text : `$${segment.tex}$`)).join('');
const first = (markdown: string, max?: number) => text(firstSentence(markdownParagraphs(markdown)[0] ?? [], max));

describe('firstSentence', () => {
  it('stops at the first full stop that ends a sentence', () => {
    expect(first('Neural language models are probabilistic models of human text. They are trained with MLE.')).toBe(
      'Neural language models are probabilistic models of human text.',
    );
  });

  it('does not stop at abbreviations, initials, decimals or lower-case continuations', () => {
    expect(first('Models, e.g. Transformers, scale. Next.')).toBe('Models, e.g. Transformers, scale.');
    expect(first('Following Kaplan et al. (2020) we fit laws. Next.')).toBe(
      'Following Kaplan et al. (2020) we fit laws.',
    );
    expect(first('As shown by J. Smith the loss falls. Next.')).toBe('As shown by J. Smith the loss falls.');
    expect(first('A 2.5 times speedup, cf. Fig. 3, holds. Next.')).toBe('A 2.5 times speedup, cf. Fig. 3, holds.');
    expect(first('It works in the limit i.e. always. Next.')).toBe('It works in the limit i.e. always.');
  });

  it('ends at question and exclamation marks, with closing quotes', () => {
    expect(first('Is a picture worth a thousand words? We answer.')).toBe('Is a picture worth a thousand words?');
    expect(first('We call it “Anarchic.” Then more.')).toBe('We call it “Anarchic.”');
  });

  it('keeps formulas whole and ends a sentence that closes with math', () => {
    expect(first('The loss is $L(s) = L_0 + A\\cdot S_1^{-\\alpha}$. Then more.')).toBe(
      'The loss is $L(s) = L_0 + A\\cdot S_1^{-\\alpha}$.',
    );
    expect(first('We set $\\beta > 1$ here. Then more.')).toBe('We set $\\beta > 1$ here.');
  });

  it('returns the whole paragraph when it has no sentence end', () => {
    expect(first('A title-like abstract with no stop')).toBe('A title-like abstract with no stop');
  });

  it('cuts an over-long sentence at a word, never inside math, with an ellipsis', () => {
    const long = `${'word '.repeat(100)}end.`;
    const cut = first(long, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.endsWith('word…')).toBe(true);
    const withMath = first(`Short start $${'x+'.repeat(60)}y$ and more words here.`, 40);
    expect(withMath).toBe('Short start…');
  });

  it('returns nothing for an empty paragraph', () => {
    expect(firstSentence([])).toEqual([]);
  });
});
