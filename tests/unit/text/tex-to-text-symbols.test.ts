import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/lib/text/math-text.ts';
import { segmentsToText, texToText, titleToText } from '../../../src/lib/text/tex-to-text.ts';

const texToPlain = (tex: string): string => texToText(tex, 'symbols');
const segmentsToPlain = (segments: readonly Segment[]): string => segmentsToText(segments, 'symbols');
const plainTitle = (title: string): string => titleToText(title, 'symbols');

describe('texToPlain', () => {
  it.each([
    ['\\alpha', 'α'],
    ['\\beta > 1', 'β > 1'],
    ['L(s) = L_0 + A\\cdot S_1^{-\\alpha} - C\\cdot S_2', 'L(s) = L₀ + A · S₁^(−α) − C · S₂'],
    ['8\\times 8', '8 × 8'],
    ['8\\times8', '8 × 8'],
    ['\\mathbb{R}^3 \\times S^2', 'ℝ³ × S²'],
    ['\\mathrm{SE}(n)', 'SE(n)'],
    ['\\mathcal{O}(1/n)', 'O(1/n)'],
    ['\\frac{a}{b} + \\sqrt{x}', 'a/b + √x'],
    ['\\frac{a+b}{2}', '(a + b)/2'],
    ['\\sqrt[3]{x}', '√x'],
    ['x^{2}_{i}', 'x²ᵢ'],
    ['x_{ij}', 'xᵢⱼ'],
    ['x_{\\theta}', 'x_θ'],
    ['D_{KL}(p\\|q)', 'D_(KL)(p‖q)'],
    ["f'(x)", 'f′(x)'],
    ['\\text{forward-area} \\leq 1\\%', 'forward-area ≤ 1%'],
    ['\\left( x \\right)', '( x )'],
    ['a \\, b \\quad c', 'a b c'],
    ['\\href{javascript:alert(1)}{click}', 'click'],
    ['\\unknowncommand{x}', 'unknowncommandx'],
    // Names of Object.prototype's members are unknown commands too, not table entries.
    ['\\constructor', 'constructor'],
    ['\\toString + \\hasOwnProperty', 'toString + hasOwnProperty'],
    ['\\not\\in', '∈\u0338'],
    ['', ''],
  ])('%s reads as %s', (tex, plain) => {
    expect(texToPlain(tex)).toBe(plain);
  });

  it('survives unbalanced and truncated input', () => {
    expect(texToPlain('{x')).toBe('x');
    expect(texToPlain('x}')).toBe('x');
    expect(texToPlain('x^')).toBe('x^');
    expect(texToPlain('\\')).toBe('');
  });
});

describe('plainTitle', () => {
  it('keeps prose and converts math', () => {
    expect(plainTitle('$\\beta$-VAE: Learning Basic Visual Concepts')).toBe('β-VAE: Learning Basic Visual Concepts');
    expect(plainTitle('Fast, Expressive $\\mathrm{SE}(n)$ Equivariant Networks')).toBe(
      'Fast, Expressive SE(n) Equivariant Networks',
    );
  });

  it('leaves markup characters alone (escaping is the renderer’s job)', () => {
    expect(plainTitle('A </script> & <b>Title</b>')).toBe('A </script> & <b>Title</b>');
  });

  it('collapses white space', () => {
    expect(segmentsToPlain([{ kind: 'text', text: '  a \n b ' }])).toBe('a b');
  });
});

describe('texToPlain spacing', () => {
  it.each([
    ['-1', '−1'],
    ['a-b', 'a − b'],
    ['x_{i+1}', 'xᵢ₊₁'],
    ['x^{n+1}', 'xⁿ⁺¹'],
    ['f(x)=0', 'f(x) = 0'],
    ['k \\geq 1', 'k ≥ 1'],
  ])('%s reads as %s', (tex, plain) => {
    expect(texToPlain(tex)).toBe(plain);
  });
});
