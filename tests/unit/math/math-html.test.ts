import { describe, expect, it } from 'vitest';
import { MAX_FORMULA_LENGTH } from '../../../src/lib/math/katex-options.ts';
import { escapeHtml, hasMath, segmentsToHtml, titleHtml } from '../../../src/lib/math/math-html.ts';

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

  it('labels each formula with its plain text, so a heading or link holding the title is named in full', () => {
    // Chromium leaves MathML out of a name computed from content: "-VAE" for a link to "$\beta$-VAE".
    const html = titleHtml('$\\beta$-VAE with $\\mathcal{O}(n^2)$ & "$a<b$"', 'x.md');
    const labels = [...html.matchAll(/<math\b[^>]*\baria-label="([^"]*)"/g)].map((match) => match[1]);
    expect(labels).toEqual(['β', 'O(n²)', 'a &lt; b']);
    expect(html.match(/<math\b/g)).toHaveLength(3);
  });

  it('leaves a formula that reads as nothing unlabelled rather than naming it ""', () => {
    expect(titleHtml('A $\\,$ gap', 'x.md')).not.toContain('aria-label');
  });

  it('refuses commands KaTeX would leave inert (trust is off), and what the allow-list refuses', () => {
    expect(() => titleHtml('$\\href{javascript:alert(1)}{x}$', 'x.md')).toThrow(
      /^x\.md: \\href in a formula renders as red error text/,
    );
    expect(() => titleHtml('A $\\htmlClass{evil}{y}$ title', 'x.md')).toThrow(/\\htmlClass in a formula/);
    expect(() => titleHtml('$\\colorbox{red}{\\Huge x}$', 'x.md')).toThrow(/\\colorbox is not allowed in a formula/);
    expect(() => titleHtml('$\\gdef\\x{y}\\x$', 'x.md')).toThrow(/\\gdef is not allowed in a formula/);
  });

  it('refuses a title whose formulas are over its budget together', () => {
    const formula = `$${'\\overbrace{x}^{y}'.repeat(12)}$`;
    expect(() => titleHtml(`${formula} `.repeat(4), 'x.md')).toThrow(
      /^x\.md: the formulas of the title render to [\d,]+ characters of HTML together; the limit is 20,000/,
    );
  });

  it('throws naming the file and the formula when KaTeX refuses it', () => {
    expect(() => titleHtml('Broken $\\frac{1}{$ title', 'content/papers/broken.md (title)')).toThrow(
      /content\/papers\/broken\.md \(title\): KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error/,
    );
    expect(() => titleHtml('$\\undefinedmacro$', 'p.md')).toThrow(/p\.md: KaTeX cannot render/);
  });

  it('refuses a formula over the length cap before parsing it', () => {
    const long = `$${'x+'.repeat(MAX_FORMULA_LENGTH)}x$`;
    expect(() => titleHtml(long, 'long.md')).toThrow(/long\.md: .*: formula is \d+ characters; the limit is 2000/);
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
