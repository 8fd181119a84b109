import { describe, expect, it } from 'vitest';
import { analyzeFormula, capitalGreekIn, restoreBackslashes } from '../../../src/lib/repair/tex-formula.ts';

describe('restoreBackslashes and analyzeFormula', () => {
  it.each([
    ['Acdot S_1^{-alpha}', String.raw`A\cdot S_1^{-\alpha}`],
    ['C_{Phicirc Psi} > C_Psi', String.raw`C_{\Phi\circ \Psi} > C_\Psi`],
    ['mathcal{C_Phi/m}', String.raw`\mathcal{C_\Phi/m}`],
    ['x_in + W_top', String.raw`x_in + W_\top`],
    [String.raw`\text{alpha} + mathrm{cdot} + alpha`, String.raw`\text{alpha} + \mathrm{cdot} + \alpha`],
    [String.raw`A\cdot S_1^{-\alpha}`, String.raw`A\cdot S_1^{-\alpha}`],
    ['otimes and sometimes', String.raw`\otimes and sometimes`],
  ])('restores %s -> %s', (input, output) => {
    expect(restoreBackslashes(input)).toBe(output);
    expect(restoreBackslashes(output)).toBe(output);
  });

  it.each([
    [String.raw`(k,\ell)`, false, ''],
    ['x_{max}', false, ''],
    ['Var(X) + KL', false, ''],
    ['S_1^{-alpha}', true, ''],
    ['L_0 + Acdot S_1 Where S_1 is forward area and S_2', true, 'Where S_1 is forward area and S_2'],
    ['D_{KL}(True||Model) is the loss here', true, 'is the loss here'],
  ])('analyzes %s', (content, mangled, prose) => {
    const analysis = analyzeFormula(content);
    expect(analysis.mangled).toBe(mangled);
    expect(analysis.prose).toBe(prose);
  });
});

describe('capitalGreekIn', () => {
  it('collects the capital Greek commands of a formula, and nothing else', () => {
    const found = new Set<string>();
    capitalGreekIn(String.raw`\Phi(x) + \Delta_t + \Alpha + \Lambda`, found);
    expect([...found].sort()).toEqual(['Delta', 'Lambda', 'Phi']);
  });
});
