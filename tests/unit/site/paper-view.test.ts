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
  const view = derivePaperView(source);

  it('typesets the title and keeps a plain form of it', () => {
    expect(view.titleHtml).toContain('class="katex"');
    expect(view.titleHtml.startsWith('Bounds for ')).toBe(true);
    expect(view.titleText).toBe('Bounds for ℓ₁ Recovery');
    expect(view.titleHasMath).toBe(true);
  });

  it('gives the abstract as plain text and its first sentence as HTML and text', () => {
    expect(view.abstractHasMath).toBe(true);
    expect(view.abstractText).toBe(
      'We prove that ‖x‖₁ ≤ k suffices. A second sentence follows. A second paragraph with y.',
    );
    expect(view.excerpt.text).toBe('We prove that ‖x‖₁ ≤ k suffices.');
    expect(view.excerpt.math).toBe(true);
    expect(view.excerpt.html).toContain('class="katex"');
    expect(view.excerpt.html).not.toContain('second');
    expect(view.description).toBe(view.excerpt.text);
  });

  it('derives the terms related papers use from the plain texts', () => {
    expect(view.terms).toEqual(paperTerms({ title: view.titleText, text: view.abstractText, topics: source.topics }));
    expect(termEntries(view.terms)).toContainEqual(['#math-ml', 2]);
  });

  it('cuts the description shorter than the excerpt', () => {
    const long = derivePaperView({ ...source, body: `${'word '.repeat(80)}end.` });
    expect(long.excerpt.text.length).toBeLessThanOrEqual(301);
    expect(long.description.length).toBeLessThanOrEqual(201);
    expect(long.description.length).toBeLessThan(long.excerpt.text.length);
  });

  it('knows an abstract without math, and escapes text as HTML', () => {
    const plain = derivePaperView({ ...source, title: 'A <b>bold</b> claim', body: 'Costs 5 dollars & more.' });
    expect(plain.titleHtml).toBe('A &lt;b&gt;bold&lt;/b&gt; claim');
    expect(plain.titleHasMath).toBe(false);
    expect(plain.abstractHasMath).toBe(false);
    expect(plain.excerpt.html).toBe('Costs 5 dollars &amp; more.');
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
