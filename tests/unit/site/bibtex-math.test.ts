import katex from 'katex';
import { describe, expect, it, vi } from 'vitest';
import { bibtexMath } from '../../../src/lib/site/bibtex-math.ts';

describe('bibtexMath', () => {
  it.each([
    ['x^2', 'x^2'],
    [String.raw`\frac12 + \alpha_i`, String.raw`\frac12 + \alpha_i`],
    [String.raw`\{x\} \cup \emptyset`, String.raw`\{x\} \cup \emptyset`],
    [String.raw`\operatorname{foo}(x)`, String.raw`\operatorname{foo}(x)`],
    ['α+β', 'α+β'],
    [String.raw`\text{😀 é}`, String.raw`\text{😀 é}`],
  ])('writes %s as it is', (tex, written) => {
    expect(bibtexMath(tex)).toBe(written);
  });

  it.each([
    [String.raw`\eps x`, String.raw`\varepsilon x`],
    [String.raw`\eps   x`, String.raw`\varepsilon x`],
    [String.raw`\eps_1`, String.raw`\varepsilon _1`],
    [String.raw`\eps\eps`, String.raw`\varepsilon \varepsilon `],
    [String.raw`\E[X]`, String.raw`\mathbb{E}[X]`],
    [String.raw`\Var(X) + \Q`, String.raw`\operatorname{Var}(X) + \mathbb{Q}`],
    [String.raw`\mathbb{\eps}`, String.raw`\mathbb{\varepsilon }`],
  ])('writes out the site macros: %s -> %s', (tex, written) => {
    expect(bibtexMath(tex)).toBe(written);
  });

  it('keeps a control word from running into the letters after it', () => {
    const written = bibtexMath(String.raw`\eps x`) ?? '';
    expect(written).not.toContain(String.raw`\varepsilonx`);
    expect(bibtexMath(String.raw`\h x`, { '\\h': '\\hat' })).toBe(String.raw`\hat x`);
  });

  it.each([
    ['50%', 'a TeX comment would swallow the closing dollar'],
    [String.raw`50\%`, 'a percent sign, even escaped'],
    ['#1', 'a parameter character'],
    [String.raw`\#`, 'an escaped parameter character'],
    ['^^5cinput', 'a ^^ character code (a backslash)'],
    ['x^^M', 'a ^^ character code'],
  ])('refuses %s (%s)', (tex) => {
    expect(bibtexMath(tex)).toBeUndefined();
  });

  it.each([
    String.raw`\input{/etc/passwd}`,
    String.raw`\write18{rm -rf /}`,
    String.raw`\immediate\write18{x}`,
    String.raw`\catcode`,
    String.raw`\csname x\endcsname`,
    String.raw`\def\x{y}\x`,
    String.raw`\newcommand{\x}{y}`,
    String.raw`\href{https://a.example}{x}`,
    String.raw`\url{https://a.example}`,
    String.raw`\verb|x|`,
    String.raw`\label{a}`,
    String.raw`\unknowncommand`,
    String.raw`\Qx`,
  ])('refuses %s, which LaTeX would run or KaTeX does not know', (tex) => {
    expect(bibtexMath(tex)).toBeUndefined();
  });

  it.each(['x^{', '}x{', String.raw`\frac{1}`, 'x\u0000y', 'x'.repeat(20_000)])(
    'refuses %j, which the judge does not accept',
    (tex) => {
      expect(bibtexMath(tex)).toBeUndefined();
    },
  );

  it('refuses a line break outside the rows of an environment, which stops LaTeX in inline math', () => {
    // "There's no line here to end": KaTeX breaks the line, LaTeX stops on it in $...$.
    expect(bibtexMath(String.raw`a \\ b`)).toBeUndefined();
    expect(bibtexMath(String.raw`a \newline b`)).toBeUndefined();
    expect(bibtexMath(String.raw`\begin{matrix} a \end{matrix} \\ b`)).toBeUndefined();
    // Rows of an environment or of \substack are what \\ is for.
    expect(bibtexMath(String.raw`\begin{matrix} a \\ b \end{matrix}`)).toBe(
      String.raw`\begin{matrix} a \\ b \end{matrix}`,
    );
    expect(bibtexMath(String.raw`\sum_{\substack{i \\ j}} x`)).toBe(String.raw`\sum_{\substack{i \\ j}} x`);
  });

  it('refuses a formula that uses a macro taking arguments (not written out)', () => {
    const macros = { '\\norm': String.raw`\lVert #1 \rVert` };
    expect(bibtexMath(String.raw`\norm{x}`, macros)).toBeUndefined();
    // A macro the formula does not use changes nothing.
    expect(bibtexMath('x', macros)).toBe('x');
  });

  it('refuses a macro whose written-out body carries a LaTeX-only hazard', () => {
    expect(bibtexMath(String.raw`\pct`, { '\\pct': String.raw`\%` })).toBeUndefined();
    expect(bibtexMath(String.raw`\pct`, { '\\pct': String.raw`\text{a}` })).toBe(String.raw`\text{a}`);
  });

  it('refuses a site macro the given macros do not define', () => {
    expect(bibtexMath(String.raw`\eps`, {})).toBeUndefined();
  });

  it('typesets a formula that uses no site macro once, and one that does again once written out', () => {
    const typeset = vi.spyOn(katex, 'renderToString');
    try {
      expect(bibtexMath(String.raw`\frac12 + \alpha_i`)).toBe(String.raw`\frac12 + \alpha_i`);
      expect(typeset).toHaveBeenCalledTimes(1);
      typeset.mockClear();
      expect(bibtexMath(String.raw`\eps x`)).toBe(String.raw`\varepsilon x`);
      expect(typeset).toHaveBeenCalledTimes(2);
    } finally {
      typeset.mockRestore();
    }
  });
});
