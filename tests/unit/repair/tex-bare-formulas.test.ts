import katex from 'katex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { findBareFormulas, mayHoldFormula, type BareFormula } from '../../../src/lib/repair/tex-bare-formulas.ts';
import { repairAbstract, repairTitle } from '../../../src/lib/repair/tex-repair.ts';

const all = (text: string): BareFormula[] => findBareFormulas(text, () => true);

describe('findBareFormulas', () => {
  it('finds formulas written with no $ and gives their TeX', () => {
    for (const [text, spelled] of [
      ['for all kgeq 1 we have', 'kgeq 1'],
      ['a block of 8times 8 pixels', '8times 8'],
    ] as const) {
      const [formula] = all(text);
      expect(formula, text).toBeDefined();
      expect(text.slice(formula?.start, formula?.end)).toBe(spelled);
      expect(formula?.tex).toContain('\\');
    }
  });

  it('finds nothing in prose, even prose with math words in it', () => {
    expect(all('We study the times at which alpha testing begins.')).toEqual([]);
    expect(all('')).toEqual([]);
  });

  it('leaves out what the caller refuses', () => {
    expect(findBareFormulas('for all kgeq 1 we have', () => false)).toEqual([]);
  });
});

describe("mayHoldFormula (the finder's pre-check)", () => {
  const acceptAll = (): boolean => true;
  /** What the finder finds in `text` itself, run past the pre-check by a formula after it. */
  const foundInside = (text: string): BareFormula[] =>
    findBareFormulas(`${text} ; z_1`, acceptAll).filter((formula) => formula.start < text.length);

  it.each([
    ['a glued operator after a one-letter operand', 'so Acdot B holds'],
    ['a glued operator after a digit', 'a 5times 5 grid'],
    ['a glued operator after a Greek operand', 'the map Phicirc Psi'],
    ['a relation glued to its operand', 'when kgeq 1 holds'],
    ['a longer name that ends like a shorter one', 'for xleqslant y'],
    ['an operator between spaces', 'if m gg n then'],
    ['a symbol standing alone', 'a rightarrow alone'],
    ['an arrow inside a word', 'imagerightarrowtext maps'],
    ['a strong name alone', 'over infty steps'],
  ])('is true for %s', (_shape, text) => {
    expect(mayHoldFormula(text)).toBe(true);
    expect(foundInside(text).length).toBeGreaterThan(0);
  });

  it.each([
    'Sometimes the model times out, approximately once.',
    'A narrowly defined task; arrows and arrowheads are drawn.',
    'The congress met in the circus at times.',
    'We evaluate on ImageNet and report the top-1 accuracy.',
  ])('is false for prose: %s', (text) => {
    expect(mayHoldFormula(text)).toBe(false);
  });

  it('answers each text on its own, wherever the text before it was left off', () => {
    // The marker expressions are read with `exec` from a shared position: a text that answered
    // late in its length must not make the next, shorter one start past its own markers.
    const prose = 'We study the problem in depth across many settings and report what we find. ';
    const cases: [long: string, short: string][] = [
      [`${prose.repeat(3)}so Acdot B holds`, 'if Acdot B'],
      [`${prose.repeat(3)}where alpha = 0.5`, 'beta = 1'],
    ];
    for (const [long, short] of cases) {
      expect(mayHoldFormula(long)).toBe(true);
      expect(mayHoldFormula(short)).toBe(true);
    }
  });

  it('never hides a formula the finder would find (generated texts)', () => {
    const tokens = [
      ...['cdot', 'times', 'leq', 'leqslant', 'geq', 'gg', 'll', 'sim', 'pm', 'rightarrow', 'Leftarrow', 'infty'],
      ...['forall', 'mapsto', 'alpha', 'Phi', 'Psi', 'A', 'x', 'k', 'n', '5', '10', 'some', 'the', 'narrow'],
      ...[' ', ' ', ' ', ' ', ',', '.', '-', '=', '<', '(', ')'],
    ];
    const next = seededRandom(20_261_204);
    let hidden = 0;
    let checked = 0;
    for (let sample = 0; sample < 20_000; sample += 1) {
      let text = '';
      const length = 2 + Math.floor(next() * 10);
      for (let token = 0; token < length; token += 1) text += tokens[Math.floor(next() * tokens.length)];
      if (mayHoldFormula(text)) continue;
      checked += 1;
      if (foundInside(text).length > 0) hidden += 1;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(hidden).toBe(0);
  });
});

/** The repaired text, checked to be what a second repair leaves alone. */
function repaired(repair: typeof repairAbstract | typeof repairTitle, raw: string): string {
  const once = repair(raw).markdown;
  expect(repair(once).markdown, `${repair.name} twice: ${raw}`).toBe(once);
  return once;
}

/** `count` terms joined by ` + `, each from `term`: a run of bare formula as long as wanted. */
const sum = (count: number, term: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => term(i)).join(' + ');

describe('a run of bare formula too large to be one formula', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is asked about a bounded number of times, whatever its length, and stays text whole', () => {
    // A toy judge: a formula of more than 60 characters is too large, everything else passes.
    const tooLarge = (tex: string): boolean => tex.length > 60;
    for (const count of [20, 80, 320]) {
      const text = `We study ${sum(count, (i) => `x_${i}`)} here.`;
      let asked = 0;
      const found = findBareFormulas(
        text,
        (formula) => {
          asked += 1;
          return !tooLarge(formula.tex);
        },
        tooLarge,
      );
      expect(found, `${count} terms`).toEqual([]);
      expect(asked, `${count} terms`).toBeLessThanOrEqual(3);
    }
  });

  it('is read with a bounded number of KaTeX renders, and left as text, in abstracts and titles', () => {
    const renders = vi.spyOn(katex, 'renderToString');
    // Names not used elsewhere, so that no formula comes from the repair's cache of verdicts.
    const inputs = [
      `We study ${sum(70, (i) => `u_${i}`)} here.`,
      `We study ${sum(250, (i) => `v_${i}`)} here.`,
      Array.from({ length: 100 }, (_, i) => `alpha = w_${i} +`).join(' '),
      `Powers ${sum(300, (i) => `3^${i}`)} grow.`,
    ];
    for (const raw of inputs) {
      for (const repair of [repairAbstract, repairTitle]) {
        renders.mockClear();
        const markdown = repaired(repair, raw);
        const rendered = renders.mock.calls.reduce((total, [tex]) => total + tex.length, 0);
        // Whole: one formula or none, never the run cut into pieces.
        expect(markdown, raw).not.toContain('$');
        expect(renders.mock.calls.length, `${repair.name}: ${raw.slice(0, 40)}`).toBeLessThanOrEqual(8);
        expect(rendered, `${repair.name}: ${raw.slice(0, 40)}`).toBeLessThanOrEqual(4 * raw.length);
      }
    }
  });

  it('is read in linear time when KaTeX refuses every piece of it, and left as text', () => {
    const renders = vi.spyOn(katex, 'renderToString');
    // A double subscript in every term: KaTeX refuses the run whole and from every term on.
    for (const count of [160, 640]) {
      const raw = `We study ${sum(count, (i) => `a_b_${i}`)} here.`;
      for (const repair of [repairAbstract, repairTitle]) {
        renders.mockClear();
        const markdown = repaired(repair, raw);
        expect(markdown, `${repair.name}: ${count} terms`).not.toContain('$');
        const rendered = renders.mock.calls.reduce((total, [tex]) => total + tex.length, 0);
        expect(rendered, `${repair.name}: ${count} terms`).toBeLessThanOrEqual(4 * raw.length);
        expect(repaired(repair, markdown), `${repair.name}: ${count} terms, again`).toBe(markdown);
      }
    }
  });

  it('still gives its parts that are formulas in text a later repair reads as text', () => {
    // `kgeq 1` is a formula with or without the scripts around it being read as text.
    const raw = `We study ${sum(90, (i) => `p_${i}`)} + kgeq 1 + q_2 here.`;
    for (const repair of [repairAbstract, repairTitle]) {
      const markdown = repaired(repair, raw);
      expect(markdown).toContain(String.raw`$k\geq 1$`);
      expect(markdown).not.toContain('p_0$');
    }
  });

  it('is one formula when it fits', () => {
    const run = sum(10, (i) => `r_${i}`);
    expect(repaired(repairAbstract, `We study ${run} here.`)).toBe(`We study $${run}$ here.`);
  });
});

describe('scripts of more than one character', () => {
  it.each([
    ['We train on 10^12 tokens.', 'We train on $10^{12}$ tokens.'],
    ['a rate of 10^-6 and x_13 here', 'a rate of $10^{-6}$ and $x_{13}$ here'],
    ['keeps x_1, 2^{10}, e^x and C_Phi', String.raw`keeps $x_1$, $2^{10}$, $e^x$ and $C_\Phi$`],
    ['sum_{i=1}^100 x_i', String.raw`$\sum_{i=1}^{100} x_i$`],
  ])('are braced: %s', (raw, markdown) => {
    expect(repaired(repairAbstract, raw)).toBe(markdown);
    expect(repaired(repairTitle, raw)).toBe(markdown);
  });
});

describe('text glued to an @', () => {
  it.each([
    'Mail a_b@c-d.org today.',
    'Write to x_1@host.org, or to first.a_b@x.org and a_b.c@x.org.',
    'Ask @x_1 or see pass@k_2 results.',
  ])('is no formula: %s', (raw) => {
    expect(repaired(repairTitle, raw)).toBe(raw);
    expect(repaired(repairAbstract, raw)).toBe(raw.replaceAll('_', String.raw`\_`));
  });

  it('leaves the formulas around it alone', () => {
    expect(repaired(repairAbstract, 'with x_1 + y_2 at a_b@c.org and kgeq 1')).toBe(
      String.raw`with $x_1 + y_2$ at a\_b@c.org and $k\geq 1$`,
    );
  });
});

describe('English words that are TeX operators', () => {
  it.each([
    ['We show that x_1 = 0 implies y_1 = 0.', 'We show that $x_1 = 0$ implies $y_1 = 0$.'],
    ['and x_1 = 0 iff y_2 = 0 holds', 'and $x_1 = 0$ iff $y_2 = 0$ holds'],
  ])('stay words between formulas: %s', (raw, markdown) => {
    expect(repaired(repairAbstract, raw)).toBe(markdown);
    expect(repaired(repairTitle, raw)).toBe(markdown);
  });

  it('are operators with their backslash, and the operator words that are no prose stay operators', () => {
    expect(repaired(repairAbstract, String.raw`so a_1 \implies b_1 and m gg n`)).toBe(
      String.raw`so $a_1 \implies b_1$ and $m \gg n$`,
    );
  });
});
