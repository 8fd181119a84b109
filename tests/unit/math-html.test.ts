import { describe, expect, it } from 'vitest';
import { MAX_FORMULA_LENGTH } from '../../src/lib/katex-options.ts';
import { escapeHtml, hasMath, segmentsToHtml, titleHtml } from '../../src/lib/math-html.ts';

describe('titleHtml', () => {
  it('escapes every markup character of the prose', () => {
    const html = titleHtml('Hostile </script><script>alert("t")</script> & <b>Tags</b>', 'x.md');
    expect(html).toBe(
      'Hostile &lt;/script&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;Tags&lt;/b&gt;',
    );
    expect(html).not.toMatch(/<(?!\/?span|\/?math)/);
  });

  it('renders math with KaTeX, with MathML for screen readers', () => {
    const html = titleHtml('$\\beta$-VAE', 'x.md');
    expect(html).toContain('class="katex"');
    expect(html).toContain('<math');
    expect(html).toContain('<annotation encoding="application/x-tex">\\beta</annotation>');
    expect(html.endsWith('-VAE')).toBe(true);
  });

  it('keeps untrusted commands inert (trust is off)', () => {
    const html = titleHtml('$\\href{javascript:alert(1)}{x}$ and $\\htmlClass{evil}{y}$', 'x.md');
    // The TeX source survives only as the text of the MathML annotation; no link or class is made.
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).not.toMatch(/href=/);
    expect(html).not.toMatch(/class="[^"]*evil/);
  });

  it('throws naming the file and the formula when KaTeX refuses it', () => {
    expect(() => titleHtml('Broken $\\frac{1}{$ title', 'content/papers/broken.md (title)')).toThrow(
      /content\/papers\/broken\.md \(title\): KaTeX cannot render the formula `\\frac\{1\}\{`/,
    );
    expect(() => titleHtml('$\\undefinedmacro$', 'p.md')).toThrow(/p\.md: KaTeX cannot render/);
  });

  it('refuses a formula over the length cap before parsing it', () => {
    const long = `$${'x+'.repeat(MAX_FORMULA_LENGTH)}x$`;
    expect(() => titleHtml(long, 'long.md')).toThrow(/long\.md: a formula of \d+ characters exceeds/);
  });
});

describe('segmentsToHtml and helpers', () => {
  it('renders math inline even when it came from a display block', () => {
    const html = segmentsToHtml([{ kind: 'math', tex: 'x', display: true }], 'x.md');
    expect(html).not.toContain('katex-display');
  });

  it('escapes quotes for attribute use', () => {
    expect(escapeHtml(`a"b'c<d>&`)).toBe('a&quot;b&#39;c&lt;d&gt;&amp;');
  });

  it('reports whether segments hold math', () => {
    expect(hasMath([{ kind: 'text', text: 'x' }])).toBe(false);
    expect(hasMath([{ kind: 'math', tex: 'x', display: false }])).toBe(true);
  });
});
