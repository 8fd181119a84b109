/**
 * The TeX command names the scraped-text repair knows, grouped by how much a bare occurrence
 * (its backslash stripped by a scraper) says about being math. Hand-written: these tables are
 * the product's judgement, see docs/tex-repair.md. Every name here renders in KaTeX with the
 * site's options (tests/unit/repair/tex-repair.test.ts checks it).
 */
import { GREEK } from '../text/greek-letters.ts';

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/**
 * Binary operators and relations that scrapers glue to the operand before them (`Acdot`,
 * `kgeq`, `2.5times`, `Phicirc`). None of them ends an English word after a single letter.
 */
export const GLUED_OPERATORS = words(`
  cdot times div circ otimes oplus odot ominus oslash setminus geq leq neq geqslant leqslant approx simeq
  cong equiv propto subseteq supseteq notin leftrightarrow rightarrow leftarrow Leftrightarrow
  Rightarrow Leftarrow longrightarrow longleftarrow longleftrightarrow Longrightarrow mapsto
  lesssim gtrsim`);

/**
 * Operators that join two math operands written with spaces around them (`m gg n`,
 * `R^3 {times} S^2`). English words such as "in", "to", "cup" are not here: in prose they stay
 * words, and only inside a formula do they become operators.
 */
export const SPACED_OPERATORS: ReadonlySet<string> = new Set([
  ...GLUED_OPERATORS,
  ...words(`gg ll pm mp sim ast bullet wedge vee prec succ preceq succeq subset supset perp parallel implies iff`),
  // TeX's short forms of \leq, \geq, \neq: French articles too, so only between operands.
  ...words(`le ge ne`),
]);

/** Operators whose name is also an English word or abbreviation: the operands around them must be variables, not "a" or "I". */
export const WORDLIKE_OPERATORS = words(
  `times div circ cong approx pm mp sim ast bullet wedge vee prec succ subset supset perp parallel implies iff le ge ne`,
);

/** Arrows long enough to be recognised even inside a word (`imageleftrightarrowtext`). */
export const INFIX_ARROWS = words(`
  leftrightarrow Leftrightarrow rightarrow Rightarrow leftarrow Leftarrow longrightarrow
  longleftarrow longleftrightarrow Longrightarrow Longleftarrow Longleftrightarrow`);

/** Prefix operators that start a formula: `forall kgeq 1`. */
export const PREFIX_OPERATORS = words(`forall nabla neg nexists`);

/**
 * Names that are never English words: a bare one is evidence of math by itself. (Greek
 * letters and word-like operators are not here.)
 */
export const STRONG_NAMES: ReadonlySet<string> = new Set([
  ...[...GLUED_OPERATORS].filter((name) => !WORDLIKE_OPERATORS.has(name)),
  ...PREFIX_OPERATORS,
  ...words(`infty varnothing emptyset cdots ldots ddots vdots varepsilon vartheta varphi varpi varrho
    varsigma varkappa langle rangle lfloor rfloor lceil rceil`),
]);

/** Commands whose argument is math that is still converted (`mathcal{C_Phi/m}`). */
export const MATH_ARGUMENT_COMMANDS = words(`
  mathcal mathbb mathbf mathscr mathfrak boldsymbol bm sqrt frac dfrac tfrac binom overline
  underline widehat widetilde hat bar tilde vec dot ddot check breve overrightarrow`);

/** Commands whose argument is text: left exactly as written. */
export const TEXT_ARGUMENT_COMMANDS = words(`
  text textrm textnormal textit textbf texttt textsf mathrm mathit mathsf mathtt operatorname`);

/** Commands with an argument: a bare name glued to `{` is evidence of math (`mathcal{O}`). */
export const ARGUMENT_COMMANDS: ReadonlySet<string> = new Set([
  ...MATH_ARGUMENT_COMMANDS,
  ...words(`text textrm mathrm mathit mathsf mathtt operatorname`),
]);

/** Names that may follow `_` or `^` as a whole word (`C_Phi`, `x^top`, `x^star`). */
export const SCRIPT_NAMES: ReadonlySet<string> = new Set([
  ...GREEK,
  // `M_odot`, `M_oplus`: the solar and Earth masses.
  ...words(`infty ell top bot prime star ast dagger perp circ odot oplus`),
]);

/**
 * Every name that gets its backslash back inside a formula, including the English-looking ones
 * ("in", "to", "log", "max") that are words anywhere else.
 */
export const MATH_NAMES: ReadonlySet<string> = new Set([
  ...GREEK,
  ...SPACED_OPERATORS,
  ...STRONG_NAMES,
  ...ARGUMENT_COMMANDS,
  ...words(`
    in ni to mid cup cap star ast dagger ell partial exists top bot prime hbar aleph
    log ln exp sin cos tan sinh cosh tanh arcsin arccos arctan max min sup inf lim liminf limsup
    arg det dim ker deg gcd hom Pr sum prod int oint bigcup bigcap coprod
    langle rangle lfloor rfloor lceil rceil lVert rVert dots`),
]);

/**
 * Blackboard-bold shorthands that arXiv authors define with \newcommand and KaTeX does not
 * know. Applied only to a formula that fails to parse, and kept only if it then parses.
 */
export const COMMON_MACRO_ALIASES: Readonly<Record<string, string>> = {
  R: '\\mathbb{R}',
  N: '\\mathbb{N}',
  Z: '\\mathbb{Z}',
  Q: '\\mathbb{Q}',
  C: '\\mathbb{C}',
  E: '\\mathbb{E}',
  F: '\\mathbb{F}',
  P: '\\mathbb{P}',
};

const gluedPattern = new RegExp(
  `^(?:([A-Za-z])|(${[...GREEK].join('|')}))(${[...GLUED_OPERATORS].sort((a, b) => b.length - a.length).join('|')})$`,
);

/**
 * Commands with an argument that no English word ends in after one letter: `Csqrt{k}`, `nsqrt{n}`,
 * `alphamathbb{E}` are an operand with the command glued on (short ones such as `hat`, `bar`,
 * `dot` are not here: `that{`, `what{`).
 */
const GLUED_ARGUMENT_COMMANDS = words(`
  sqrt frac dfrac tfrac binom mathcal mathbb mathbf mathscr mathfrak mathrm operatorname boldsymbol
  overline underline widehat widetilde overrightarrow`);

const gluedCommandPattern = new RegExp(
  `^(?:([A-Za-z])|(${[...GREEK].join('|')}))(${[...GLUED_ARGUMENT_COMMANDS].sort((a, b) => b.length - a.length).join('|')})$`,
);

/**
 * `Csqrt` -> [`C`, `sqrt`], `alphamathbb` -> [`alpha`, `mathbb`]: a one-letter or Greek operand
 * with a command glued on, for a word followed by `{`. `undefined` for anything else, including a
 * known command (`dfrac`, `tfrac`).
 */
export function splitGluedCommand(word: string): [operand: string, command: string] | undefined {
  if (ARGUMENT_COMMANDS.has(word) || MATH_NAMES.has(word)) return undefined;
  const match = gluedCommandPattern.exec(word);
  if (match === null) return undefined;
  return [match[1] ?? match[2] ?? '', match[3] ?? ''];
}

/** Names that may be glued one to the next in a stripped formula: `Deltanu`, `hattheta`, `betalogfrac`. */
const CHAIN_NAMES: ReadonlySet<string> = new Set([
  ...GREEK,
  ...GLUED_OPERATORS,
  ...STRONG_NAMES,
  ...MATH_ARGUMENT_COMMANDS,
  ...words(`log ln exp sin cos tan sinh cosh tanh sum prod int oint lim max min sup inf det partial nabla ell`),
]);

/** Relations that may end a chain after a Greek name of three letters or more (`alphage`, not `pile`). */
const CHAIN_RELATIONS = words(`le ge ne`);

/** Accents, which start a chain only before a Greek name (`hattheta`, not `checksum` or `barbar`). */
const CHAIN_ACCENTS = words(`hat bar tilde vec dot ddot check breve widehat widetilde overline underline`);

/** Delimiter sizes: a command only right before a delimiter (`left(`, `sigmabig(`). */
export const SIZING_COMMANDS = words(`left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr`);

/** Closing brackets that may follow a one-letter operand in a chain (`xrangle`). */
const CHAIN_CLOSINGS = words(`rangle rfloor rceil`);

/**
 * `Deltanu` -> [`Delta`, `nu`], `betalogfrac` -> [`beta`, `log`, `frac`], `alphage` -> [`alpha`,
 * `ge`]: a word made only of TeX names, two or more, glued after their backslashes were stripped.
 * `undefined` for a known name or anything else (`into`, `pile`, `tone`, `cosine`).
 */
export function splitNameChain(word: string, beforeDelimiter = false): string[] | undefined {
  if (word.length < 4 || MATH_NAMES.has(word)) return undefined;
  const closing = word.slice(1);
  if (CHAIN_CLOSINGS.has(closing)) return [word.charAt(0), closing];
  const parts = chainFrom(word, 0, beforeDelimiter);
  return parts !== undefined && parts.length >= 2 ? parts : undefined;
}

/** `beforeDelimiter`: a sizing command (`left`, `big`) may end the chain. */
function chainFrom(word: string, start: number, beforeDelimiter: boolean): string[] | undefined {
  if (start === word.length) return [];
  for (let end = word.length; end >= start + 2; end -= 1) {
    const name = word.slice(start, end);
    if (end === word.length && beforeDelimiter && SIZING_COMMANDS.has(name)) return [name];
    if (!CHAIN_NAMES.has(name)) continue;
    const rest = word.slice(end);
    if (CHAIN_RELATIONS.has(rest) && GREEK.has(name) && name.length >= 3) return [name, rest];
    const tail = chainFrom(word, end, beforeDelimiter);
    if (tail === undefined) continue;
    if (CHAIN_ACCENTS.has(name) && !GREEK.has(tail[0] ?? '')) continue;
    return [name, ...tail];
  }
  return undefined;
}

/**
 * `Acdot` -> [`A`, `cdot`], `Phicirc` -> [`Phi`, `circ`]: a one-letter or Greek operand with an
 * operator glued on. `undefined` for anything else, including operators on their own.
 */
export function splitGluedOperator(word: string): [operand: string, operator: string] | undefined {
  if (SPACED_OPERATORS.has(word) || STRONG_NAMES.has(word)) return undefined;
  const match = gluedPattern.exec(word);
  if (match === null) return undefined;
  return [match[1] ?? match[2] ?? '', match[3] ?? ''];
}
