import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { KATEX_OPTIONS } from '../../../src/lib/math/katex-options.ts';
import { MATH_BUDGET } from '../../../src/lib/math/math-budget.ts';
import { checkMath, findMath, judgeMath, mathError, mathMessage } from '../../../src/lib/math/math-check.ts';

describe('findMath', () => {
  it('finds inline and display formulas where remark-math does, with positions', () => {
    expect(findMath('A $x^2$ and\n\n$$\n\\frac{1}{2}\n$$\n')).toEqual([
      { tex: 'x^2', display: false, line: 1, column: 3 },
      { tex: '\\frac{1}{2}', display: true, line: 3, column: 1 },
    ]);
  });

  it('ignores escaped dollars and code', () => {
    expect(findMath('costs \\$5 and `$x$` in code')).toEqual([]);
  });
});

describe('mathError', () => {
  it('accepts valid TeX and reports KaTeX parse errors', () => {
    expect(mathError('\\mathcal{O}(\\sqrt{T})')).toBeUndefined();
    expect(mathError('\\frac{1}{')).toMatch(/KaTeX parse error/);
    expect(mathError('\\notacommand x')).toMatch(/Undefined control sequence/);
  });

  it('refuses a % that would hide the rest of the formula as a comment', () => {
    // KaTeX renders `a % b + c` as "a": the rest is silently gone.
    expect(mathError('a % b + c')).toMatch(/comment/);
    expect(mathError('x = 5%')).toMatch(/comment/);
    expect(mathError('x = 5\\%')).toBeUndefined();
    expect(mathError('a % note\n+ b', true)).toBeUndefined();
  });

  it('refuses untrusted commands and over-long formulas before parsing', () => {
    expect(mathError('\\url{https://x.example}')).toMatch(/^\\url in a formula renders as red error text/);
    expect(mathError('\\htmlClass{a}{x}')).toMatch(/^\\htmlClass in a formula/);
    expect(mathError('\\hrefx')).toMatch(/Undefined control sequence: \\hrefx/);
    expect(mathError('x'.repeat(2001))).toMatch(/2001 characters/);
    expect(mathError('\\includegraphics{a.png}')).toMatch(/^\\includegraphics in a formula/);
  });

  it('refuses macro definitions before KaTeX expands them', () => {
    expect(mathError('\\def\\a{\\a\\a}\\a')).toMatch(
      /^\\def is not allowed in a formula: a paper may not define macros/,
    );
  });
});

describe('checkMath', () => {
  it('lists each failing formula with its location', () => {
    const problems = checkMath('ok $x$\n\nbad $\\frac{$ and $\\url{u}$');
    expect(problems.map((p) => [p.tex, p.line, p.column])).toEqual([
      ['\\frac{', 3, 5],
      ['\\url{u}', 3, 18],
    ]);
  });
});

/** The bomb: `\def\a{x...x}\def\b{\a...}\def\c{\b...}\c...`, with `a` x's. */
function bomb(a: number): string {
  return `\\def\\a{${'x'.repeat(a)}}\\def\\b{${'\\a'.repeat(10)}}\\def\\c{${'\\b'.repeat(9)}}${'\\c'.repeat(10)}`;
}

describe('judgeMath: the attacks', () => {
  it('refuses the issue’s 282-character macro bomb before KaTeX expands it', () => {
    // KaTeX's expansion limit counts expansions, not what they make: with 10 x's the bomb is
    // already 9,000 x's and 100 KB of HTML (with 200 it is 2 MB, and takes KaTeX half a minute).
    const small = katex.renderToString(bomb(10), { ...KATEX_OPTIONS, throwOnError: true });
    expect(small.length).toBeGreaterThan(90_000);
    expect(bomb(200)).toHaveLength(282);
    for (const tex of [bomb(10), bomb(200), bomb(496)]) {
      const verdict = judgeMath(tex, false);
      expect(verdict).toEqual({
        size: 0,
        refusals: [
          { rule: 'math-command', detail: expect.stringMatching(/^\\def is not allowed .*\(3 times\)/), index: 0 },
        ],
      });
    }
    expect(bomb(496)).toHaveLength(578);
  });

  it('refuses every way of defining a macro or programming TeX, wherever it sits', () => {
    for (const tex of [
      '\\gdef\\x{y}\\x',
      '\\edef\\x{y}',
      '\\xdef\\x{y}',
      '\\let\\x=y',
      '\\futurelet\\x\\y\\z',
      '\\newcommand{\\x}{y}',
      '\\renewcommand{\\frac}{y}',
      '\\providecommand{\\x}{y}',
      '\\global\\def\\x{y}',
      '\\text{\\def\\x{y}}',
      '\\expandafter\\x',
      '\\char"202E',
      '\\@char"41',
    ]) {
      expect(judgeMath(tex, false).refusals[0]?.rule, tex).toBe('math-command');
    }
  });

  it('refuses towers, overlong output and tall formulas that the allow-list lets through', () => {
    const tower = `${'\\sqrt{'.repeat(285)}x${'}'.repeat(285)}`;
    expect(katex.renderToString(tower, KATEX_OPTIONS).length).toBeGreaterThan(250_000);
    expect(judgeMath(tower, true).refusals[0]?.detail).toMatch(/^nests groups 285 deep/);
    const flat = '\\underbrace{x}_x'.repeat(125);
    expect(katex.renderToString(flat, KATEX_OPTIONS).length).toBeGreaterThan(300_000);
    expect(judgeMath(flat, true).refusals[0]?.detail).toMatch(/^renders to [\d,]+ characters of HTML/);
    const rows = `\\begin{matrix}${'1\\\\'.repeat(100)}\\end{matrix}`;
    expect(judgeMath(rows, true).refusals[0]?.detail).toMatch(/^is \d+(\.\d)?em tall; the limit is 30em/);
    const gaps = `\\begin{array}{c}${'x\\\\[20em]'.repeat(10)}\\end{array}`;
    expect(judgeMath(gaps, true).refusals[0]?.detail).toMatch(/^is \d+(\.\d)?em tall/);
  });

  it('passes a real formula with its HTML and size, and quotes the formula in its messages', () => {
    const verdict = judgeMath('\\mathcal{O}\\left(\\frac{1}{\\sqrt{T}}\\right)', false);
    expect(verdict.refusals).toEqual([]);
    expect(verdict.size).toBe(verdict.html?.length);
    expect(verdict.size).toBeLessThan(MATH_BUDGET.formulaHtml / 5);
    const tall = judgeMath(`\\begin{matrix}${'1\\\\'.repeat(9)}1\\end{matrix}`, false);
    expect(mathMessage(tall.refusals[0] ?? { rule: 'math-error', detail: '' }, 'x')).toMatch(
      /^the formula "x" is 1\d(\.\d)?em tall; the limit is 6em for an inline formula/,
    );
  });
});
