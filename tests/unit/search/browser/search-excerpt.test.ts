import { describe, expect, it } from 'vitest';
import { excerptParts, foldWord, highlightExcerpt, words } from '../../../../src/lib/search/browser/search-excerpt.ts';

describe('excerptParts (Pagefind excerpts)', () => {
  it('splits a Pagefind excerpt into plain and marked runs', () => {
    expect(excerptParts('the forward <mark>cross-entropy</mark> between the <mark>empirical</mark> data')).toEqual([
      { text: 'the forward ', mark: false },
      { text: 'cross-entropy', mark: true },
      { text: ' between the ', mark: false },
      { text: 'empirical', mark: true },
      { text: ' data', mark: false },
    ]);
  });

  it('decodes the entities Pagefind writes, so text shows as written', () => {
    expect(excerptParts('x &lt; y &amp;&amp; <mark>a&gt;b</mark> &#39;q&#39; &#x3b1;')).toEqual([
      { text: 'x < y && ', mark: false },
      { text: 'a>b', mark: true },
      { text: " 'q' α", mark: false },
    ]);
  });

  it('treats any other tag as text: a paper cannot inject markup through its excerpt', () => {
    const parts = excerptParts('<img src=x onerror=alert(1)> <mark><script>alert(1)</script></mark> <b>bold</b>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: '<script>alert(1)</script>', mark: true },
      { text: ' <b>bold</b>', mark: false },
    ]);
  });

  it('copes with unbalanced marks, unknown entities and an empty excerpt', () => {
    expect(excerptParts('<mark>open only')).toEqual([{ text: 'open only', mark: true }]);
    expect(excerptParts('close only</mark> after')).toEqual([{ text: 'close only after', mark: false }]);
    expect(excerptParts('&nosuch; &#99999999;')).toEqual([{ text: '&nosuch; &#99999999;', mark: false }]);
    expect(excerptParts('&constructor; &toString;')).toEqual([{ text: '&constructor; &toString;', mark: false }]);
    expect(excerptParts('')).toEqual([]);
  });
});

describe('words and foldWord', () => {
  it('finds the whitespace-separated words with their positions, as Pagefind marks them', () => {
    expect(words('Cross-entropy, α-entmax!').map((token) => token.word)).toEqual(['Cross-entropy,', 'α-entmax!']);
    const [first] = words('  Hello');
    expect(first).toEqual({ word: 'Hello', start: 2, end: 7 });
  });

  it('compares without case or accents', () => {
    expect(foldWord('Élan')).toBe('elan');
    expect(foldWord('NAÏVE')).toBe('naive');
    expect(foldWord('Ψ')).toBe('ψ');
  });
});

describe('highlightExcerpt (the fallback search)', () => {
  const abstract =
    'Neural language models are probabilistic models of human text. They are predominantly trained using maximum likelihood estimation (MLE), which is equivalent to minimizing the forward cross-entropy between the empirical data distribution and the model distribution. However, various degeneration phenomena are still widely observed.';

  it('shows about `length` words around the first match, marked, with ellipses where cut', () => {
    const match = (word: string) => foldWord(word) === 'cross-entropy';
    const parts = highlightExcerpt(abstract, match, 12);
    expect(parts[0]).toEqual({ text: '… equivalent to minimizing the forward ', mark: false });
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['cross-entropy']);
    expect(parts.at(-1)?.text.endsWith(' …')).toBe(true);
    const text = parts.map((part) => part.text).join('');
    expect(words(text.replace(/…/g, ''))).toHaveLength(12);
  });

  it('starts at the beginning without a match, and keeps a short text whole', () => {
    const parts = highlightExcerpt(abstract, () => false, 5);
    expect(parts).toEqual([{ text: 'Neural language models are probabilistic …', mark: false }]);
    expect(highlightExcerpt('Short text.', (word) => word === 'text.', 30)).toEqual([
      { text: 'Short ', mark: false },
      { text: 'text.', mark: true },
    ]);
  });

  it('handles text near the end and text without words', () => {
    const parts = highlightExcerpt(abstract, (word) => word === 'observed.', 8);
    expect(parts.at(-1)).toEqual({ text: 'observed.', mark: true });
    expect(highlightExcerpt('  …  ', () => false)).toEqual([{ text: '…', mark: false }]);
    expect(highlightExcerpt('', () => true)).toEqual([]);
  });
});
