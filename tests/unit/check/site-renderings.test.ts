import { describe, expect, it } from 'vitest';
import { excerptMathProblems, titleMathProblems } from '../../../src/lib/check/site-renderings.ts';

const located = (text: string, problems: { rule: string; offset: number }[]) =>
  problems.map((p) => [p.rule, text.slice(p.offset, p.offset + 6)]);

describe('titleMathProblems: math as the site renders titles (no Markdown; every formula inline)', () => {
  it('finds math inside backticks, which Markdown would have taken for code', () => {
    const title = 'A `$x^$` title';
    expect(located(title, titleMathProblems(title, new Map()))).toEqual([['math-error', '$x^$` ']]);
  });

  it('refuses display-only commands, since titles are rendered inline', () => {
    expect(titleMathProblems('Title with $$x \\tag{1}$$', new Map())[0]?.message).toMatch(
      /\\tag works only in display/,
    );
  });

  it('accepts titles whose math renders, and an escaped dollar', () => {
    expect(titleMathProblems('On $\\alpha$-Rank and $k$-means, a \\$5 prize', new Map())).toEqual([]);
  });

  it('reports inert commands in title math', () => {
    expect(titleMathProblems('A $\\url{x}$ title', new Map()).map((p) => p.rule)).toEqual(['inert-tex-command']);
  });
});

describe('excerptMathProblems: the first sentence of the abstract, every formula inline', () => {
  it('refuses a display-only command in a formula that opens the abstract', () => {
    const body = '$$\nx = 1 \\tag{1}\n$$\n\nWe show it.';
    const problems = excerptMathProblems(body, new Map(), new Set());
    expect(located(body, problems)).toEqual([['math-error', 'x = 1 ']]);
    expect(problems[0]?.message).toMatch(/inline, as the first sentence of the abstract is shown in lists/);
  });

  it('ignores formulas after the first sentence, and those already reported from the page', () => {
    expect(excerptMathProblems('We show it. Then $$x \\tag{1}$$ follows.', new Map(), new Set())).toEqual([]);
    expect(excerptMathProblems('$x^$ opens it.', new Map(), new Set(['x^']))).toEqual([]);
    expect(excerptMathProblems('$x^$ opens it.', new Map(), new Set()).map((p) => p.rule)).toEqual(['math-error']);
  });
});
