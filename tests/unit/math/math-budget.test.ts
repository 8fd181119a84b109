import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { KATEX_OPTIONS } from '../../../src/lib/math/katex-options.ts';
import {
  MATH_BUDGET,
  outputBudgetProblem,
  renderedHeight,
  tokenBudgetProblem,
  totalBudgetProblem,
} from '../../../src/lib/math/math-budget.ts';
import { texTokens } from '../../../src/lib/math/tex-tokens.ts';

const before = (tex: string) => tokenBudgetProblem(texTokens(tex));
const render = (tex: string, displayMode = false) => katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });

describe('tokenBudgetProblem', () => {
  it('allows nesting up to the limit and points where it first goes over', () => {
    const nested = (depth: number) => `${'\\sqrt{'.repeat(depth)}x${'}'.repeat(depth)}`;
    expect(before(nested(MATH_BUDGET.nesting))).toBeUndefined();
    const problem = before(nested(MATH_BUDGET.nesting + 5));
    expect(problem?.detail).toBe('nests groups 25 deep ({...}, \\left, \\begin); the limit is 20: simplify it');
    expect(problem?.index).toBe(20 * '\\sqrt{'.length + '\\sqrt'.length);
    expect(before(`${'\\left('.repeat(21)}x${'\\right)'.repeat(21)}`)?.detail).toMatch(/nests groups 21 deep/);
  });

  it('allows 2em of negative space, no more', () => {
    expect(before(`a${'\\!'.repeat(12)}b`)).toBeUndefined();
    expect(before(`a${'\\!'.repeat(13)}b`)?.detail).toMatch(/^has 2.2em of negative space .*the limit is 2em/);
    expect(before(`a${'\\negthickspace '.repeat(8)}b`)?.detail).toMatch(/^has 2.2em of negative space/);
  });

  it('refuses a negative row space, which lifts a row over the one above', () => {
    expect(before('\\begin{matrix}a\\\\[-30em]b\\end{matrix}')).toEqual({
      detail: 'lifts a row over the one above with the negative row space \\\\[-30em]: remove the minus sign',
      index: 15,
    });
    expect(before('\\begin{matrix}a\\\\[2pt]b\\end{matrix}')).toBeUndefined();
    // `\\ [` is a row end and a bracket: KaTeX reads a size only right after the `\\`.
    expect(before('\\begin{matrix}a\\\\ [-1]\\end{matrix}')).toBeUndefined();
  });
});

describe('renderedHeight and outputBudgetProblem', () => {
  it('reads the height KaTeX gives a formula, line by line', () => {
    expect(renderedHeight(render('x'))).toBeCloseTo(0.43, 2);
    expect(renderedHeight(render('\\frac{a}{b}'))).toBeGreaterThan(1);
    // Three lines and a 2em gap.
    expect(renderedHeight(render('a\\\\[2em]b\\\\c'))).toBeCloseTo(0.4306 + 2 + 0.6944 + 0.4306, 3);
  });

  it('refuses a formula taller than an inline or a displayed formula may be', () => {
    const rows = (n: number) => `\\begin{pmatrix}${Array(n).fill('1').join('\\\\')}\\end{pmatrix}`;
    expect(outputBudgetProblem(render(rows(4)), false)).toBeUndefined();
    expect(outputBudgetProblem(render(rows(6)), false)).toMatch(
      /^is 7.*em tall; the limit is 6em for an inline formula/,
    );
    expect(outputBudgetProblem(render(rows(6), true), true)).toBeUndefined();
    expect(outputBudgetProblem(render(rows(30), true), true)).toMatch(/the limit is 30em for a displayed formula/);
  });

  it('refuses a formula whose HTML is over the budget', () => {
    const html = render('\\overbrace{x}^{y}'.repeat(25));
    expect(html.length).toBeGreaterThan(MATH_BUDGET.formulaHtml);
    expect(outputBudgetProblem(html, false)).toMatch(/^renders to [\d,]+ characters of HTML; the limit is 50,000/);
  });
});

describe('totalBudgetProblem', () => {
  it('holds a title to less than an abstract', () => {
    expect(totalBudgetProblem(20_000, 'title')).toBeUndefined();
    expect(totalBudgetProblem(20_001, 'title')).toMatch(/the limit is 20,000 for a title/);
    expect(totalBudgetProblem(200_000, 'abstract')).toBeUndefined();
    expect(totalBudgetProblem(200_001, 'abstract')).toMatch(/render to 200,001 characters .* the limit is 200,000/);
  });
});
