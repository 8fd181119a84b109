/**
 * TeX that authors write in abstracts outside `$...$`: citations (`\cite{G2}`), old-style font
 * switches (`{\cal K}-invariant`, `\cal{O}(n)`) and accents without braces (`\bar l`). Each becomes
 * what the author meant: a readable reference mark, or TeX the formula finder then wraps as math
 * (`$\mathcal{K}$`, `$\bar{l}$`). Like tex-typography.ts, every function works on prose in which URLs,
 * formulas and escapes are already placeholders, and records what it changes.
 */
import type { ProseContext } from './tex-typography.ts';

// `\cite{a,b}`, `\citep[p.~3]{a}`, `\citet*{a}`: the keys, shown as a reference mark.
export const CITATION =
  /\\(cite|citep|citet|citealp|citealt|citeauthor|citeyear|citenum|nocite|ref|eqref|autoref|cref|Cref)\*?(?:\s*\[[^\]{}]*\]){0,2}\s*\{([^{}]*)\}/g;

/**
 * `\cite{G2}` -> `[G2]`, `\eqref{eq:1}` -> `(eq:1)`: the keys are all a reader can be shown (the
 * bibliography is not in the abstract); `\nocite` prints nothing in TeX either.
 */
export function replaceCitations(text: string, context: ProseContext): string {
  if (!text.includes('\\')) return text;
  return text.replace(CITATION, (match: string, command: string, keys: string) => {
    const list = keys
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean)
      .join(', ');
    const shown = command === 'nocite' || list === '' ? '' : /ref$/i.test(command) ? `(${list})` : `[${list}]`;
    context.record('tex-citation', context.show(match), shown);
    return shown === '' ? '' : context.literal(match, shown);
  });
}

/** Plain TeX's and AMS-TeX's font switches, and the LaTeX command each stands for. */
const FONT_SWITCHES: Readonly<Record<string, string>> = {
  cal: 'mathcal',
  mathcal: 'mathcal',
  Bbb: 'mathbb',
  bb: 'mathbb',
  mathbb: 'mathbb',
  frak: 'mathfrak',
  mathfrak: 'mathfrak',
  scr: 'mathscr',
};
const SWITCH_GROUP = /\{\\(cal|mathcal|Bbb|bb|mathbb|frak|mathfrak|scr)\s+([A-Za-z0-9]+)\s*\}/g;
const SWITCH_APPLIED = /\\(cal|Bbb|frak|scr)(?:\s*\{([A-Za-z0-9]+)\}|\s+([A-Za-z])(?![A-Za-z]))/g;

/** `{\cal K}` and `\cal{O}` -> `\mathcal{K}`, `\mathcal{O}`: TeX the formula finder reads as math. */
export function replaceFontSwitches(text: string, context: ProseContext): string {
  if (!text.includes('\\')) return text;
  const rewrite = (match: string, name: string, argument: string): string => {
    const tex = `\\${FONT_SWITCHES[name] ?? name}{${argument}}`;
    context.record('tex-font-switch', context.show(match), tex);
    return tex;
  };
  return text
    .replace(SWITCH_GROUP, (match: string, name: string, argument: string) => rewrite(match, name, argument))
    .replace(SWITCH_APPLIED, (match: string, name: string, braced?: string, bare?: string) =>
      rewrite(match, name, braced ?? bare ?? ''),
    );
}

const ACCENT_WITHOUT_BRACES =
  /\\(bar|hat|tilde|vec|dot|ddot|check|breve|acute|grave|widehat|widetilde|overline|underline|mathring)\s+([A-Za-z])(?![A-Za-z])/g;

/** `\bar l` -> `\bar{l}`: the accent's argument made explicit, so the formula finder sees one formula. */
export function braceAccentArguments(text: string, context: ProseContext): string {
  if (!text.includes('\\')) return text;
  return text.replace(ACCENT_WITHOUT_BRACES, (match: string, accent: string, letter: string) => {
    const tex = `\\${accent}{${letter}}`;
    context.record('tex-accent-argument', context.show(match), tex);
    return tex;
  });
}

/**
 * A backslash command glued to what follows it in prose (`\mu0H`, `\kms`, `\rsun`): the token as
 * the author typed it. Found after the formula finder has run, so what is left is TeX it did not
 * recognise: the caller wraps it as math when it renders, or shows an unknown command by name.
 * Commands glued one to the next (`\kms\rsun`) are one token: a command left glued to the formula
 * made of the one before would be found only by a second repair.
 */
export const COMMAND_TOKEN = /(?<![\\A-Za-z])(?:\\[A-Za-z]+(?:[A-Za-z0-9]|[_^](?:\{[^{}]*\}|[A-Za-z0-9]))*)+/g;
