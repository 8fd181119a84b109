import katex from 'katex';
import { describe, expect, it } from 'vitest';
import mathCommands from '../../../src/lib/math/math-commands.json' with { type: 'json' };
import { judgeMath } from '../../../src/lib/math/math-check.ts';
import { GREEK_LETTERS } from '../../../src/lib/text/greek-letters.ts';
import { texSymbolTable } from '../../../src/lib/text/tex-symbol-table.ts';
import texSymbols from '../../../src/lib/text/tex-symbols.json' with { type: 'json' };
import { texToText, titleToText, type TextStyle } from '../../../src/lib/text/tex-to-text.ts';

const symbols = (tex: string): string => texToText(tex, 'symbols');

/** What a reader sees of `tex` on the page: the text of KaTeX's MathML (its TeX annotation left out). */
function katexText(tex: string): string {
  const mathml = katex.renderToString(tex, { output: 'mathml', throwOnError: false, strict: 'ignore' });
  return mathml.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]*>/g, '');
}

describe('every command KaTeX accepts reads as text', () => {
  it.each([
    ['\\longrightarrow', '⟶'],
    ['a \\hookrightarrow b', 'a ↪ b'],
    ['\\lvert x\\rvert = \\lVert\\eta\\rVert', '∣x∣ = ∥η∥'],
    ['\\bigoplus_i V_i', '⨁ᵢ Vᵢ'],
    ['x \\coloneqq y', 'x ≔ y'],
    ['\\boxed{x = 1}', 'x = 1'],
    ['\\overset{!}{=}', '=^!'],
    ['\\underset{\\theta}{\\argmin}', 'arg min_θ'],
    ['A \\xrightarrow{f} B', 'A →^f B'],
    ['A \\xleftarrow[g]{} B', 'A ←_g B'],
    ['\\phantom{Secret} x \\hphantom{y} \\vphantom{z}', 'x'],
    ['\\binom{n}{k} \\dbinom{n}{k} \\tbinom{n}{k}', '(n choose k) (n choose k) (n choose k)'],
    ['\\cfrac[l]{1}{2}', '1/2'],
    ['{a+b \\over 2} + {n \\choose k} + {x \\atop y}', '(a + b)/2 + (n choose k) + x y'],
    ['\\bra{\\psi} \\ket{\\phi} \\braket{a|b} \\set{x}', '⟨ψ| |ϕ⟩ ⟨a|b⟩ {x}'],
    ['a \\pmod{n}', 'a (mod n)'],
    ['\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}', '( a b c d )'],
    ['\\begin{array}{cc} a & b \\end{array}', 'a b'],
    ['\\Complex \\times \\Alpha', 'ℂ × A'],
    ['\\text{Stra\\ss e, na\\"ive}', 'Straße, naïve'],
    ['\\mathchoice{a}{b}{c}{d}', 'a'],
    ['\\Biggl( x \\Biggr)', '( x )'],
    // An operator name stays apart from its operand, as KaTeX spaces it.
    ['\\log p(x) + \\arccos\\theta + \\sin(y) + \\exp\\left(z\\right)', 'log p(x) + arccos θ + sin(y) + exp(z)'],
  ])('%s reads as %s', (tex, text) => {
    expect(judgeMath(tex, false).refusals, tex).toEqual([]);
    expect(symbols(tex)).toBe(text);
  });

  it('reads a title without the commands’ names', () => {
    const title = 'Scaling Law $\\longrightarrow$ Learning Rate $\\lVert\\eta\\rVert$ Annealing';
    expect(titleToText(title, 'symbols')).toBe('Scaling Law ⟶ Learning Rate ∥η∥ Annealing');
    expect(titleToText(title, 'words')).toBe('Scaling Law ⟶ Learning Rate ∥eta∥ Annealing');
    for (const style of ['symbols', 'words'] as const) {
      expect(titleToText('$\\phantom{Secret words}$ Visible title probe', style)).toBe('Visible title probe');
    }
  });

  /**
   * Every allowed command, alone and with an argument, as KaTeX accepts it: its name never shows in
   * the text unless the page shows it too (`\log` is "log", `\TeX` is "TeX"). The deliberate
   * exceptions: a binomial reads "(n choose k)", however it is written (`\binom`, `\choose`), as it
   * is said; and search spells Greek letters (and ℓ) by name, so that a reader can type them.
   */
  const READ_AS_SAID = new Set(['choose']);
  const SPELLED_IN_SEARCH = new Set([...Object.keys(GREEK_LETTERS), 'ell']);
  const names = mathCommands.allowed.filter((command) => /^\\[a-zA-Z]{2,}$/.test(command));

  it.each(['symbols', 'words'] as TextStyle[])('never leaks a command’s name (%s)', (style) => {
    expect(names.length).toBeGreaterThan(600);
    const leaks: string[] = [];
    let read = 0;
    for (const command of names) {
      const name = command.slice(1);
      for (const tex of [command, `${command}{xyz}`, `${command} xyz`, `${command}{xyz}{uvw}`]) {
        if (judgeMath(tex, false).refusals.length > 0) continue;
        read += 1;
        const text = texToText(tex, style);
        const page = katexText(tex);
        const shown =
          page.includes(name) || READ_AS_SAID.has(name) || (style === 'words' && SPELLED_IN_SEARCH.has(name));
        // No TeX left over either, unless the page shows a backslash too (`\backslash`).
        const texLeft = /\\[a-zA-Z]/.test(text) && !/\\[a-zA-Z]/.test(page);
        if ((text.includes(name) && !shown) || texLeft) leaks.push(`${tex} -> ${text}`);
      }
    }
    expect(read).toBeGreaterThan(names.length);
    expect(leaks).toEqual([]);
  });

  it('takes its symbols from the installed KaTeX (npm run math-commands writes them)', () => {
    expect(texSymbolTable(mathCommands.allowed)).toEqual(texSymbols);
  });
});
