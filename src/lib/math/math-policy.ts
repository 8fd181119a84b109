/**
 * Which of KaTeX's commands a paper's math may use: the archive's judgement, applied to KaTeX's
 * own tables (`katex-inventory.ts`) by `scripts/math-commands.ts`, which writes the result to
 * `math-commands.json` for the site, the check and the ingest to read.
 *
 * The allow-list is the robust form: a command is allowed only because its kind (or its name) is
 * listed as allowed here. Anything KaTeX adds in a later version lands in a kind this file has not
 * judged, which stops the generator, or in the regenerated JSON, which a reviewer sees in the diff.
 * Papers may use what a formula needs (symbols, Greek, operators, accents, fonts, fractions, roots,
 * matrices and other environments, delimiters, fixed spaces); they may not program TeX, colour,
 * resize text, or draw outside the formula's line. Docs: docs/check.md, "Math".
 */
import type { KatexInventory } from './katex-inventory.ts';

/** Why a command KaTeX knows is refused in a paper's math (messages in `math-allow-list.ts`). */
export type RefusalReason =
  | 'macro-definition'
  | 'tex-programming'
  | 'colour'
  | 'size'
  | 'leaves-its-line'
  | 'arbitrary-length'
  | 'link-or-html'
  | 'not-needed';

/** The generated table (`math-commands.json`). */
export interface MathCommandTable {
  /** The KaTeX version the table was derived from. */
  katex: string;
  /** Commands a paper may use, sorted. */
  allowed: string[];
  /** Commands KaTeX knows that a paper may not use, with the reason. */
  refused: Record<string, RefusalReason>;
  /** Environments a paper may use (`\begin{pmatrix}`), sorted. */
  environments: string[];
}

type Verdict = 'allowed' | RefusalReason;

/**
 * KaTeX function kinds (the parse-node type a function builds). Every kind must be judged here:
 * an unknown kind stops the generator until someone decides.
 */
const FUNCTION_KINDS: Record<string, Verdict> = {
  accent: 'allowed', // \hat, \vec, \widehat, text accents \' \"
  accentUnder: 'allowed', // \utilde, \underrightarrow
  xArrow: 'allowed', // \xrightarrow
  mclass: 'allowed', // \mathrel, \overset, \stackrel, \boldsymbol
  pmb: 'allowed',
  cdlabel: 'allowed', // commutative-diagram labels (internal names)
  cdlabelparent: 'allowed',
  cr: 'allowed', // \\ (a negative row space \\[-1em] is refused by the budget)
  delimsizing: 'allowed', // \big ... \Bigg: four fixed sizes
  leftright: 'allowed',
  'leftright-right': 'allowed',
  middle: 'allowed',
  enclose: 'allowed', // \boxed, \fbox, \cancel (\colorbox, \fcolorbox below)
  text: 'allowed', // \text, \textbf, \emph, \hline
  environment: 'allowed', // \begin, \end (the environment names are judged apart)
  font: 'allowed', // \mathbb, \mathcal, \mathrm, \bf
  genfrac: 'allowed', // \frac, \dfrac, \binom (\genfrac below)
  infix: 'allowed', // \over, \choose, \atop (\above below)
  horizBrace: 'allowed', // \overbrace, \underbrace
  hbox: 'allowed',
  styling: 'allowed', // \displaystyle ... \scriptscriptstyle
  mathchoice: 'allowed',
  op: 'allowed', // \sum, \int, \log, \mathop
  operatorname: 'allowed',
  overline: 'allowed',
  underline: 'allowed',
  phantom: 'allowed', // \phantom: blank space the size of its content, inside the line
  vphantom: 'allowed',
  sqrt: 'allowed',
  vcenter: 'allowed',
  internal: 'macro-definition', // \def, \gdef, \edef, \xdef, \let, \futurelet, \global, \long (\relax below)
  textord: 'tex-programming', // \@char
  htmlmathml: 'tex-programming', // \html@mathml
  color: 'colour', // \color, \textcolor: can hide text (white on white) and vanish in the dark theme
  sizing: 'size', // \tiny ... \Huge
  raisebox: 'leaves-its-line',
  rule: 'leaves-its-line', // a filled box of any size up to maxSize
  lap: 'leaves-its-line', // \mathllap, \mathrlap, \mathclap: zero-width overprinting
  smash: 'leaves-its-line', // zero height: the content overprints the lines around it
  kern: 'arbitrary-length', // \kern, \mkern, \hskip, \mskip: any length, negative too
  href: 'link-or-html',
  html: 'link-or-html',
  includegraphics: 'link-or-html',
  reflectbox: 'not-needed', // mirrored text, a lookalike trick
  verb: 'not-needed', // verbatim text: \texttt does what a formula needs
};

/** Names whose verdict differs from their kind's. */
const FUNCTION_NAMES: Record<string, Verdict> = {
  '\\relax': 'allowed',
  '\\colorbox': 'colour',
  '\\fcolorbox': 'colour',
  '\\genfrac': 'arbitrary-length', // any rule thickness: a fraction bar can be a 20em black box
  '\\above': 'arbitrary-length',
};

/**
 * KaTeX's macros are conveniences written in TeX (`\iff`, `\neq`, `\argmax`, `\R`) and allowed,
 * except these. Macros KaTeX implements in code are refused unless listed in `CODE_MACROS`.
 */
const MACRO_NAMES: Record<string, RefusalReason> = {
  '\\newcommand': 'macro-definition',
  '\\renewcommand': 'macro-definition',
  '\\providecommand': 'macro-definition',
  '\\char': 'tex-programming', // any code point, bidi overrides and NUL included
  '\\TextOrMath': 'tex-programming',
  '\\llap': 'leaves-its-line',
  '\\rlap': 'leaves-its-line',
  '\\clap': 'leaves-its-line',
  '\\hspace': 'arbitrary-length',
  '\\tmspace': 'arbitrary-length',
};

/** Macros implemented in code that a formula legitimately needs. */
const CODE_MACROS = new Set(['\\dots', '\\dotso', '\\dotsc', '\\cdots']);

/** Environment kinds KaTeX builds (all its environments are arrays of some shape). */
const ENVIRONMENT_KINDS: Record<string, boolean> = { array: true };

/** A name a formula can spell: `\` and letters (KaTeX counts `@` as a letter), or `\` and one other character. */
const TYPEABLE = /^\\(?:[a-zA-Z@]+|[^a-zA-Z@\uD800-\uDFFF])$/;

/** Classifies KaTeX's inventory; throws on a function or environment kind this policy has not judged. */
export function classifyKatexCommands(inventory: KatexInventory): MathCommandTable {
  const verdicts = new Map<string, Verdict>();
  for (const name of inventory.symbols) verdicts.set(name, 'allowed');
  for (const name of inventory.implicit) verdicts.set(name, 'allowed');
  for (const [name, kind] of Object.entries(inventory.functions)) {
    const verdict = FUNCTION_NAMES[name] ?? FUNCTION_KINDS[kind];
    if (verdict === undefined) {
      throw new Error(
        `KaTeX ${inventory.version} has a function kind "${kind}" (${name}) that src/lib/math/math-policy.ts does not judge: decide whether papers may use it`,
      );
    }
    verdicts.set(name, verdict);
  }
  // KaTeX expands a macro before looking for a function of the same name, so macros decide last.
  for (const [name, body] of Object.entries(inventory.macros)) {
    let verdict: Verdict = MACRO_NAMES[name] ?? 'allowed';
    if (body === null && !CODE_MACROS.has(name)) verdict = MACRO_NAMES[name] ?? 'tex-programming';
    // KaTeX's colour shorthands (\red, \blueA, ...).
    if (body?.startsWith('\\textcolor')) verdict = 'colour';
    verdicts.set(name, verdict);
  }
  const allowed: string[] = [];
  const refused: Record<string, RefusalReason> = {};
  for (const [name, verdict] of [...verdicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!TYPEABLE.test(name)) continue;
    // KaTeX's internals (\@ifnextchar, \operatorname@): typeable, since KaTeX reads @ as a letter.
    const final = name.includes('@') ? 'tex-programming' : verdict;
    if (final === 'allowed') allowed.push(name);
    else refused[name] = final;
  }
  const environments = Object.entries(inventory.environments)
    .filter(([name, kind]) => {
      if (ENVIRONMENT_KINDS[kind] === undefined) {
        throw new Error(
          `KaTeX ${inventory.version} has an environment kind "${kind}" (${name}) that src/lib/math/math-policy.ts does not judge`,
        );
      }
      return ENVIRONMENT_KINDS[kind];
    })
    .map(([name]) => name)
    .sort();
  return { katex: inventory.version, allowed, refused, environments };
}
