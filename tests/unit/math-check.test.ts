import { describe, expect, it } from 'vitest';
import { checkMath, findMath, mathError } from '../../src/lib/math-check.ts';

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
