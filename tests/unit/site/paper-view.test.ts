import { describe, expect, it } from 'vitest';
import { derivePaperView, excerptSegments } from '../../../src/lib/site/paper-view.ts';
import { paperTerms, termEntries } from '../../../src/lib/site/related-papers.ts';

const source = {
  title: 'Bounds for $\\ell_1$ Recovery',
  body: 'We prove that $\\|x\\|_1 \\le k$ suffices. A second sentence follows.\n\nA second paragraph with $y$.',
  topics: ['math-ml'],
  file: 'content/papers/bounds.md',
};

describe('derivePaperView', () => {
  const { summary, abstract } = derivePaperView(source);

  it('typesets the title and keeps a plain form of it', () => {
    expect(summary.titleHtml).toContain('class="katex"');
    expect(summary.titleHtml.startsWith('Bounds for ')).toBe(true);
    expect(summary.titleText).toBe('Bounds for ℓ₁ Recovery');
    expect(summary.titleHasMath).toBe(true);
  });

  it('gives the first sentence as HTML for lists, and the abstract as plain text for its own outputs', () => {
    expect(summary.excerpt.math).toBe(true);
    expect(summary.excerpt.html).toContain('class="katex"');
    expect(summary.excerpt.html).toMatch(/^We prove that .* suffices\.$/);
    expect(abstract.hasMath).toBe(true);
    expect(abstract.text).toBe(
      'We prove that ‖x‖₁ ≤ k suffices. A second sentence follows. A second paragraph with y.',
    );
    expect(abstract.description).toBe('We prove that ‖x‖₁ ≤ k suffices.');
  });

  it('keeps the scraped original with the abstract, and only whether there is one in the summary', () => {
    expect(summary.repaired).toBe(false);
    expect(abstract).not.toHaveProperty('original');
    const repaired = derivePaperView({ ...source, original: 'We prove that ||x||_1 <= k suffices.' });
    expect(repaired.summary.repaired).toBe(true);
    expect(repaired.abstract.original).toBe('We prove that ||x||_1 <= k suffices.');
    expect(JSON.stringify(repaired.summary)).not.toContain('||x||_1');
  });

  it('derives the terms related papers use from the plain texts', () => {
    expect(summary.terms).toEqual(paperTerms({ title: summary.titleText, text: abstract.text, topics: source.topics }));
    expect(termEntries(summary.terms)).toContainEqual(['#math-ml', 2]);
  });

  it('adds no space for a paragraph that reads as nothing (a display formula of blank space)', () => {
    const spaced = derivePaperView({ ...source, body: 'First paragraph.\n\n$$\n\\qquad\n$$\n\nSecond paragraph.' });
    expect(spaced.abstract.text).toBe('First paragraph. Second paragraph.');
    expect(derivePaperView({ ...source, body: '$\\quad$\n\n$$\n\\qquad\n$$' }).abstract.text).toBe('');
  });

  it('cuts the description shorter than the excerpt', () => {
    const long = derivePaperView({ ...source, body: `${'word '.repeat(80)}end.` });
    const excerpt = long.summary.excerpt.html;
    expect(excerpt.length).toBeLessThanOrEqual(301);
    expect(long.abstract.description.length).toBeLessThanOrEqual(201);
    expect(long.abstract.description.length).toBeLessThan(excerpt.length);
  });

  it('knows an abstract without math, and escapes text as HTML', () => {
    const plain = derivePaperView({ ...source, title: 'A <b>bold</b> claim', body: 'Costs 5 dollars & more.' });
    expect(plain.summary.titleHtml).toBe('A &lt;b&gt;bold&lt;/b&gt; claim');
    expect(plain.summary.titleHasMath).toBe(false);
    expect(plain.abstract.hasMath).toBe(false);
    expect(plain.summary.excerpt.html).toBe('Costs 5 dollars &amp; more.');
  });

  it('fails naming the file when the title or the first sentence cannot be typeset', () => {
    expect(() => derivePaperView({ ...source, title: 'Broken $\\frac{1}{$' })).toThrow(/bounds\.md \(title\)/);
    expect(() => derivePaperView({ ...source, body: 'Broken $\\def\\x{1}$ here.' })).toThrow(
      /content\/papers\/bounds\.md/,
    );
  });
});

describe('excerptSegments', () => {
  it('is the first sentence of the first paragraph', () => {
    expect(excerptSegments({ body: source.body }).map((segment) => segment.kind)).toEqual(['text', 'math', 'text']);
  });
});
