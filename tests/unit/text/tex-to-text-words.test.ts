import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownParagraphs } from '../../../src/lib/text/math-text.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { texToText, titleToText } from '../../../src/lib/text/tex-to-text.ts';

const searchTitleText = (title: string): string => titleToText(title, 'words');
const texToSearchText = (tex: string): string => texToText(tex, 'words');

/**
 * Words as Pagefind indexes them: split at white space, punctuation inside a chunk dropped (so
 * "S₁^(−alpha)" is one word), hyphenated chunks also split into their parts.
 */
function indexWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const chunk of text.split(/\s+/)) {
    const parts = chunk.split('-').map((part) => part.replace(/[^\p{L}\p{N}_]/gu, '').toLowerCase());
    const whole = parts.join('');
    if (whole !== '') words.add(whole);
    for (const part of parts) if (part !== '') words.add(part);
  }
  return words;
}

describe('texToSearchText', () => {
  it.each([
    // The seed page's formulas, as repaired.
    ['L(s) = L_0 + A\\cdot S_1^{-\\alpha} - C\\cdot S_2', 'L(s) = L₀ + A · S₁ ^(−alpha) − C · S₂'],
    ['C_{\\Phi\\circ \\Psi} > C_\\Psi', 'C Phi ∘ Psi > C Psi'],
    ['\\mathcal{O}(\\mathcal{C_\\Phi/m} + \\mathcal{C_\\Psi/n})', 'O(C Phi/ m + C Psi/ n)'],
    ['S(True) + D_{KL}(True||Model)', 'S (True) + D KL (True|| Model)'],
    ['I(x;t)', 'I(x; t)'],
    ['\\mathrm{Wasserstein}_2(\\mu,\\nu)', 'Wasserstein ₂ (mu, nu)'],
    ['f(\\alpha)x', 'f (alpha) x'],
    ['Fid_\\Delta', 'Fid Delta'],
    ['R^3 {\\times} S^2', 'R³ × S²'],
    ['\\forall k\\geq 1', '∀k ≥ 1'],
    ['m \\gg n', 'm ≫ n'],
    ['2.5\\times', '2.5 ×'],
    // Common constructions.
    ['\\frac{a+b}{2}', '(a + b)/2'],
    ['\\sqrt[3]{x}', '√x'],
    ['x_{t+1}', 'xₜ₊₁'],
    ['\\mathbb{R}^d', 'ℝ^d'],
    ['\\left( x \\right)', '(x)'],
    ['\\log p_\\theta(x)', 'log p theta (x)'],
    ['\\operatorname{softmax}(QK^T)', 'softmax (QK ᵀ)'],
    ['\\varepsilon\\varphi', 'epsilon phi'],
    ['\\text{Wasserstein-1 distance}', 'Wasserstein-1 distance'],
    ['\\binom{n}{k}', '(n choose k)'],
    ['a \\\\ b', 'a b'],
    // Names of Object.prototype's members are unknown commands too, not table entries.
    ['\\constructor x', 'constructor x'],
    ['', ''],
  ])('%s reads as %s', (tex, text) => {
    expect(texToSearchText(tex)).toBe(text);
  });

  it('keeps every spelled name a word of its own for the index', () => {
    for (const [tex, names] of [
      ['S_1^{-\\alpha}', ['alpha']],
      ['p_\\theta(x)', ['theta']],
      ['f(\\alpha)x', ['alpha']],
      ['e^{i\\pi}', ['pi']],
      ['\\alpha\\beta\\gamma', ['alpha', 'beta', 'gamma']],
      ['D_{KL}(p\\|q)', ['kl']],
      ['\\nabla_\\theta \\mathcal{L}', ['theta']],
      ['\\mathrm{Wasserstein}_2(\\mu,\\nu)', ['wasserstein', 'mu', 'nu']],
    ] as const) {
      const words = indexWords(texToSearchText(tex));
      for (const name of names) expect(words.has(name), `${tex} -> ${texToSearchText(tex)}`).toBe(true);
    }
  });

  it('drops TeX syntax: no backslashes, braces, carets on Unicode scripts or fence characters', () => {
    for (const tex of [
      '\\frac{\\partial L}{\\partial \\theta}',
      '\\{x \\mid x > 0\\}',
      'x^{2}_{i}',
      'a\uE000b\uE001c',
    ]) {
      const text = texToSearchText(tex);
      expect(text, tex).not.toMatch(/[\\\uE000\uE001]/);
    }
    expect(texToSearchText('x^{2}_{i}')).toBe('x²ᵢ');
    expect(texToSearchText('a\uE000b\uE001c')).toBe('abc');
  });

  it('survives hostile input: deep nesting, unclosed groups, stray scripts, a long formula', () => {
    const deep = `${'{'.repeat(500)}x${'}'.repeat(500)}`;
    expect(texToSearchText(deep)).toContain('x');
    expect(texToSearchText('\\frac{a')).toBe('a/');
    expect(texToSearchText('^_^')).not.toMatch(/\\/);
    expect(texToSearchText('\\')).toBe('');
    const long = '\\alpha + '.repeat(250);
    expect(texToSearchText(long).split('alpha')).toHaveLength(251);
  });

  it('reads every formula of the real archives without TeX left over', () => {
    const dirs = ['tests/fixtures/site/basic/content/papers', 'tests/fixtures/hostile/accepted/papers'];
    let formulas = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((file) => file.endsWith('.md'))) {
        const { body } = parsePaperFile(readFileSync(join(dir, name), 'utf8'));
        for (const paragraph of markdownParagraphs(body)) {
          for (const segment of paragraph) {
            if (segment.kind !== 'math') continue;
            formulas += 1;
            const text = texToSearchText(segment.tex);
            expect(text, `${name}: ${segment.tex}`).not.toMatch(/\\[a-zA-Z]/);
            expect(text, `${name}: ${segment.tex}`).not.toMatch(/[{}]/);
          }
        }
      }
    }
    expect(formulas).toBeGreaterThan(10);
  });
});

describe('searchTitleText', () => {
  it.each([
    ['$\\beta$-VAE: Learning Basic Visual Concepts', 'beta-VAE: Learning Basic Visual Concepts'],
    ['Fast, Expressive SE$(n)$ Equivariant Networks', 'Fast, Expressive SE(n) Equivariant Networks'],
    ['The $\\alpha$ and $\\beta$ of it', 'The alpha and beta of it'],
    // Two dollar amounts are a formula to Markdown (and to the page); its words stay words.
    ['Costs $5 and $6 dollars', 'Costs 5 and 6 dollars'],
    ['A title without math', 'A title without math'],
    ['Learning$\\alpha$ fast', 'Learning alpha fast'],
  ])('%s reads as %s', (title, text) => {
    expect(searchTitleText(title)).toBe(text);
  });
});
