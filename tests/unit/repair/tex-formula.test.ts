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
    // TeX's short relations (\le, \ge, \ne) lose their backslash like the long ones.
    ['x le y, d ge 3, a ne b', String.raw`x \le y, d \ge 3, a \ne b`],
    ['ne: null + alpha', String.raw`ne: null + \alpha`],
    // A command with an argument glued to the operand before it: `C\sqrt{k}` written `Csqrt{k}`.
    ['Csqrt{k} + O(nsqrt{n}) + xfrac{1}{2}', String.raw`C\sqrt{k} + O(n\sqrt{n}) + x\frac{1}{2}`],
    ['alphamathbb{E}[x]', String.raw`\alpha\mathbb{E}[x]`],
    // Names glued one to the next: `\Delta\nu`, `\hat\theta`, `\beta\log\frac{..}`, `\alpha\ge 0`.
    ['Deltanu_{BBR}/nu + hattheta', String.raw`\Delta\nu_{BBR}/\nu + \hat\theta`],
    ['betalogfrac{p}{q} + alphage 0', String.raw`\beta\log\frac{p}{q} + \alpha\ge 0`],
    // Sizing commands before a delimiter, when every left has its right; closing brackets after a variable.
    [
      '-logsigmaleft(betalogfrac{p}{q}right) + sigmabig(x big)',
      String.raw`-\log\sigma\left(\beta\log\frac{p}{q}\right) + \sigma\big(x \big)`,
    ],
    ['|langle a_i, xrangle|^2', String.raw`|\langle a_i, x\rangle|^2`],
    ['left(x + y) and x)', 'left(x + y) and x)'],
    // ...not English words, nor a short Greek name before `le`/`ne` (`pile`, `pine`).
    ['x into y, pile, pine, tone, cosine, checksum, barbar', 'x into y, pile, pine, tone, cosine, checksum, barbar'],
    // ...but only before a brace, and never splitting a known command (`dfrac`, `tfrac`).
    ['Csqrt + dfrac{1}{2} + tfrac{1}{2}', String.raw`Csqrt + \dfrac{1}{2} + \tfrac{1}{2}`],
  ])('restores %s -> %s', (input, output) => {
    expect(restoreBackslashes(input)).toBe(output);
    expect(restoreBackslashes(output)).toBe(output);
  });

  it.each([
    ['O(n log n)', String.raw`O(n \log n)`],
    ['ell_1', String.raw`\ell_1`],
    ['sum_i x_i', String.raw`\sum_i x_i`],
    ['partial f', String.raw`\partial f`],
    ['Pr[X > t]', String.raw`\Pr[X > t]`],
  ])('restores the operator name in %s', (content, tex) => {
    const analysis = analyzeFormula(content);
    expect(analysis.tex).toBe(tex);
    expect(analyzeFormula(analysis.tex).mangled).toBe(false);
  });

  it.each([
    [String.raw`(k,\ell)`, false, ''],
    ['x_{max}', false, ''],
    ['Var(X) + KL', false, ''],
    ['S_1^{-alpha}', true, ''],
    ['L_0 + Acdot S_1 Where S_1 is forward area and S_2', true, 'Where S_1 is forward area and S_2'],
    ['D_{KL}(True||Model) is the loss here', true, 'is the loss here'],
    // A name used as an operator or function, applied to what follows it, is TeX by itself.
    ['O(n log n)', true, ''],
    ['ell_1', true, ''],
    ['sum_i x_i', true, ''],
    ['max_i x_i', true, ''],
    ['partial f', true, ''],
    ['Pr[X > t]', true, ''],
    ['exp(x) + ln 2', true, ''],
    ['lambda_2(G) le 2', true, ''],
    ['O(nsqrt{n})', true, ''],
    ['Deltanu_{BBR} = 1', true, ''],
    // `le`, `ge`, `ne` are relations only between operands (MongoDB's `$ne: null` is not one).
    ['ne: null', false, ''],
    ['x ne y', true, ''],
    // ...not one standing alone or used as a variable.
    ['Pr = 0.71', false, ''],
    ['det', false, ''],
    ['x^{max} + y_{sup}', false, ''],
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
