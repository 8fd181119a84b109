import { describe, expect, it } from 'vitest';
import { formulaAroundStray, singleDollars, strayDollar } from '../../../src/lib/repair/tex-dollars.ts';

/** The text `formulaAroundStray` finds around the dollar at `at`, or `undefined`. */
function around(text: string, at: number): string | undefined {
  const span = formulaAroundStray(text, at);
  return span === undefined ? undefined : text.slice(span.start, span.end);
}

describe('singleDollars', () => {
  it.each([
    ['a $x$ b', [2, 4]],
    ['no dollars at all', []],
    ['$x$', [0, 2]],
    [String.raw`costs \$5 and $x$`, [14, 16]],
    [String.raw`an escaped backslash \\$x$`, [23, 25]],
    [String.raw`three backslashes \\\$x`, []],
    ['display $$x$$ only', []],
    ['a run $$$ of three', []],
    ['$x$$y', [0]],
    ['😀$x$', [2, 4]],
  ])('finds the single, unescaped dollars of %j', (text, expected) => {
    expect(singleDollars(text)).toEqual(expected);
  });

  it('stays linear and exact on a very long run of dollars and letters', () => {
    const text = '$a'.repeat(50_000);
    const found = singleDollars(text);
    expect(found).toHaveLength(50_000);
    expect(found.at(-1)).toBe(99_998);
  });
});

describe('strayDollar', () => {
  it('finds the dollar that lost its opening partner, not the last one', () => {
    const text = String.raw`Shifts, \Delta\alpha_n=0.8\pm 1.7$ and $\Delta\beta_n=2.0\mp 1.8$ are small.`;
    const dollars = singleDollars(text);
    expect(dollars).toHaveLength(3);
    expect(strayDollar(text, dollars)).toBe(dollars[0]);
  });

  it('finds the dollar that lost its closing partner', () => {
    const text = String.raw`We find $\Delta\alpha_n=0.8 and then the values $x_1$ and $y_2$ agree with theory.`;
    const dollars = singleDollars(text);
    expect(dollars).toHaveLength(5);
    expect(strayDollar(text, dollars)).toBe(dollars[0]);
  });

  it('lets the last dollar stand when the paragraph reads best left to right', () => {
    const text = String.raw`The rate $\alpha_n$ and the cost of 5$ per run are reported.`;
    const dollars = singleDollars(text);
    expect(strayDollar(text, dollars)).toBe(dollars.at(-1));
  });

  it.each([
    ['no dollars', ''],
    ['balanced pairs', 'a $x$ and $y$'],
  ])('returns undefined for an even count (%s)', (_name, text) => {
    expect(strayDollar(text, singleDollars(text))).toBeUndefined();
  });

  it('gives up on more than 41 dollars, so hostile text stays linear', () => {
    const many = `${'$x_1$ '.repeat(21)}$`;
    expect(singleDollars(many)).toHaveLength(43);
    expect(strayDollar(many, singleDollars(many))).toBeUndefined();
    const fewer = `${'$x_1$ '.repeat(20)}$`;
    expect(singleDollars(fewer)).toHaveLength(41);
    expect(strayDollar(fewer, singleDollars(fewer))).toBeDefined();
  });

  it.each([
    String.raw`Let $a = \beta, where $b$ is small.`,
    'Let $T(n) = n/2 if $n$ is even.',
    'We study $d-regular graphs on $n$ vertices.',
  ])('scores the prose around the pairs and the lost formula, for the first dollar as for the last: %s', (text) => {
    const dollars = singleDollars(text);
    expect(strayDollar(text, dollars)).toBe(dollars[0]);
  });

  it('never takes a dollar inside a remaining pair, where no delimiter can be given back', () => {
    // The middle dollar would leave `$S = \alpha with $c...` paired around it.
    const text = String.raw`We find $S = \alpha with $c = \beta$.`;
    const dollars = singleDollars(text);
    expect(strayDollar(text, dollars)).toBe(dollars[0]);
    const many = String.raw`$a$ and $x_1 then $b$ and $c$`;
    expect(strayDollar(many, singleDollars(many))).toBe(singleDollars(many)[2]);
  });

  it('returns the one dollar of a paragraph that has only one', () => {
    expect(strayDollar('costs 5$ more', [7])).toBe(7);
  });
});

describe('formulaAroundStray', () => {
  it('takes the formula a closing dollar ends, stopping at punctuated prose', () => {
    const text = String.raw`Shifts, \Delta\alpha_n=0.8\pm 1.7$ and`;
    expect(around(text, text.indexOf('$'))).toBe(String.raw`\Delta\alpha_n=0.8\pm 1.7`);
  });

  it('takes the formula an opening dollar starts, without the comma after it', () => {
    const text = String.raw`we get $\Delta x = 1, then more`;
    const span = formulaAroundStray(text, text.indexOf('$'));
    expect(span).toEqual({ start: text.indexOf('$') + 1, end: text.indexOf(',') });
  });

  it.each([
    ['costs $5 per paper', 'a number alone is not a formula'],
    ['pay $ 5 now', 'a dollar between spaces'],
    ['the letter x$ here', 'a letter alone is not a formula'],
    ['prose words$ only', 'prose before a closing dollar'],
    ['$', 'a lone dollar'],
  ])('finds no formula in %j (%s)', (text) => {
    expect(formulaAroundStray(text, text.indexOf('$'))).toBeUndefined();
  });

  it.each([
    [String.raw`$S = \alpha with $c = \beta$.`, String.raw`S = \alpha`],
    [String.raw`and x_1 = 2$ then $y$`, 'x_1 = 2'],
  ])('never takes a token past another dollar in %j', (text, expected) => {
    expect(around(text, text.indexOf('$'))).toBe(expected);
  });

  it.each([
    [String.raw`We find $S with $c = \beta$.`, 'with '],
    ['in La$_3$Ni', 'La'],
  ])('finds no lost formula in a run that reaches the next dollar, its own partner: %j', (text, from) => {
    expect(formulaAroundStray(text, text.indexOf('$', text.indexOf(from)))).toBeUndefined();
  });

  it.each([
    ['We study $d-regular graphs', 'd'],
    [String.raw`for $\ell_1-regularized least squares`, String.raw`\ell_1`],
    [String.raw`is $(\varepsilon,\delta)-differentially private`, String.raw`(\varepsilon,\delta)`],
    ['It takes $N steps', 'N'],
    ['The graph $G and its', 'G'],
    [String.raw`$T_c \approx 80~K in La`, String.raw`T_c \approx 80~K`],
  ])('takes what an opening dollar starts, up to a hyphenated word or prose: %j', (text, expected) => {
    expect(around(text, text.indexOf('$'))).toBe(expected);
  });

  it('refuses a run whose TeX holds a prose word', () => {
    const text = String.raw`so \text{where}_n$ is`;
    expect(formulaAroundStray(text, text.indexOf('$'))).toBeUndefined();
  });

  it('reads a dollar glued on both sides from the left first', () => {
    const text = String.raw`x_1$y_2`;
    expect(around(text, 3)).toBe('x_1');
  });

  it('keeps indexes right after characters outside the BMP', () => {
    const text = String.raw`😀 \alpha_1$ ok`;
    expect(around(text, text.indexOf('$'))).toBe(String.raw`\alpha_1`);
  });

  it('handles a very long formula-looking run without losing the span', () => {
    const run = Array.from({ length: 2000 }, () => 'x_1').join(' ');
    const text = `${run}$ end`;
    expect(around(text, text.indexOf('$'))).toBe(run);
  });
});
