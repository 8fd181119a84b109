/**
 * A title's formula as TeX for a `.bib` file, or `undefined` when it must be written as plain text.
 * Whoever cites the paper runs this TeX through LaTeX, where a title's `\input`, `\write`,
 * `\catcode` or `\csname` would run: so it is written only when the site's judge accepts it (the
 * allow-list, which knows none of those, and KaTeX renders it) and, with the site macros written
 * out (the citer's LaTeX does not have them), every command in it is one KaTeX knows and the
 * allow-list allows. TeX's own tricks KaTeX does not share are refused on sight: `%` (a comment
 * would swallow the closing `$`), `#`, and `^^5c`-style character codes (`^^5c` is a backslash);
 * and so is a line break LaTeX cannot make in inline math (strayLineBreak).
 */
import { commandVerdict } from '../math/math-allow-list.ts';
import { judgeMath } from '../math/math-check.ts';
import { siteMacros, type SiteMacros } from '../math/site-macros.ts';
import { isControlSequence, texTokens } from '../math/tex-tokens.ts';

const LATEX_ONLY_HAZARD = /[%#]|\^\^/;

/**
 * `tex` with the site macros written out, and whether it used any; `undefined` if one takes
 * arguments (not written out here).
 */
function withSiteMacrosWrittenOut(tex: string, macros: SiteMacros): { written: string; used: boolean } | undefined {
  let out = '';
  let from = 0;
  let used = false;
  for (const token of texTokens(tex)) {
    const body = macros[token.text];
    if (body === undefined) continue;
    if (body.includes('#')) return undefined;
    used = true;
    // A control word swallows the spaces after it: keep one, so `\eps x` stays two tokens.
    const end = token.index + token.text.length;
    out += tex.slice(from, token.index) + body + (/\\[a-zA-Z]+$/.test(body) ? ' ' : '');
    from = end;
    while (/[ \t\r\n]/.test(tex[from] ?? '')) from += 1;
  }
  return { written: out + tex.slice(from), used };
}

/**
 * Whether `tex` breaks a line (`\\`, `\newline`) outside the rows of an environment or of a
 * `\substack`: KaTeX breaks the line, while LaTeX stops in inline math ("There's no line here to end").
 */
function strayLineBreak(tex: string): boolean {
  let environments = 0;
  let depth = 0;
  // The brace depths of the open `\substack{...}` groups, and whether the next group is one.
  const substacks: number[] = [];
  let substackNext = false;
  for (const { text } of texTokens(tex)) {
    if (text === '{') {
      depth += 1;
      if (substackNext) substacks.push(depth);
    } else if (text === '}') {
      if (substacks.at(-1) === depth) substacks.pop();
      depth -= 1;
    } else if (text === '\\begin') environments += 1;
    else if (text === '\\end') environments -= 1;
    else if ((text === '\\\\' || text === '\\newline') && environments <= 0 && substacks.length === 0) return true;
    substackNext = text === '\\substack';
  }
  return false;
}

/** The formula as TeX safe to give LaTeX in a bibliography, or `undefined` (write its plain text). */
export function bibtexMath(tex: string, macros: SiteMacros = siteMacros()): string | undefined {
  if (LATEX_ONLY_HAZARD.test(tex) || strayLineBreak(tex)) return undefined;
  if (judgeMath(tex, false, macros).refusals.length > 0) return undefined;
  const expanded = withSiteMacrosWrittenOut(tex, macros);
  if (expanded === undefined || LATEX_ONLY_HAZARD.test(expanded.written)) return undefined;
  const { written, used } = expanded;
  if (used && strayLineBreak(written)) return undefined;
  const commands = texTokens(written).filter(isControlSequence);
  if (commands.some((token) => commandVerdict(token.text) !== 'allowed')) return undefined;
  // No site macro used: the judge has just passed this very TeX, and the site macros it was given
  // play no part in it. Judging it again would typeset each title formula a second time for every
  // paper's BibTeX entry.
  if (!used) return written;
  return judgeMath(written, false, {}).refusals.length > 0 ? undefined : written;
}
