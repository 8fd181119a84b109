/**
 * The Greek letters TeX names, defined once: the TeX repair, slugs, title sort keys and math as
 * text all read the same list, so a letter one of them knows (`\varpi`, `\varsigma`) is never
 * unknown to another.
 */

/**
 * Lower-case letters and their variant forms, TeX name -> a Unicode letter: the one KaTeX draws, up to
 * compatibility forms (`\epsilon` is drawn ϵ, written here ε, the letter a reader types).
 */
// prettier-ignore
const LOWER: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', varkappa: 'ϰ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ',
  pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
};

/** Capitals that differ from Latin ones (TeX has no `\Alpha`: it is a Latin A). */
// prettier-ignore
const UPPER: Readonly<Record<string, string>> = {
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ',
  Psi: 'Ψ', Omega: 'Ω',
};

/** Every Greek letter's TeX name -> its Unicode letter: lower case (variants included), then capitals. */
export const GREEK_LETTERS: Readonly<Record<string, string>> = { ...LOWER, ...UPPER };

/** Lower-case letter names, variants included: also English words and names ("alpha testing", "beta version"). */
export const GREEK_LOWER: ReadonlySet<string> = new Set(Object.keys(LOWER));

/** Capital letter names: also names ("Delta Airlines", "Phi-3"). */
export const GREEK_UPPER: ReadonlySet<string> = new Set(Object.keys(UPPER));

/** Every Greek letter name, as TeX spells it (case matters: `Phi` is not `phi`). */
export const GREEK: ReadonlySet<string> = new Set([...GREEK_LOWER, ...GREEK_UPPER]);

/** Variant letter forms -> the plain letter's name: what a reader types to find `\varphi` is "phi". */
export const GREEK_VARIANTS: Readonly<Record<string, string>> = Object.fromEntries(
  [...GREEK_LOWER].filter((name) => name.startsWith('var')).map((name) => [name, name.slice(3)]),
);

/** Whether `name` spells a Greek letter in any case (`Alpha`, `GAMMA`): for reading titles, not TeX. */
export function isGreekNameAnyCase(name: string): boolean {
  return GREEK_LOWER.has(name.toLowerCase());
}
