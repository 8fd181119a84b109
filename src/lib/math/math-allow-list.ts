/**
 * The allow-list of TeX commands in a paper's math, as every way in applies it (the check, the
 * ingest's repair and validation, `npm run new`, the build and title rendering all go through
 * `math-check.ts`, which calls this). The table is generated from KaTeX's own tables by
 * `npm run math-commands` (policy: `math-policy.ts`); a command KaTeX does not know at all is not
 * judged here, and KaTeX reports it as an undefined control sequence, as before.
 */
import table from './math-commands.json' with { type: 'json' };
import type { MathCommandTable, RefusalReason } from './math-policy.ts';
import { isControlSequence, type TexToken } from './tex-tokens.ts';

const TABLE: MathCommandTable = table as MathCommandTable;
const ALLOWED: ReadonlySet<string> = new Set(TABLE.allowed);
const REFUSED: ReadonlyMap<string, RefusalReason> = new Map(Object.entries(TABLE.refused) as [string, RefusalReason][]);

/** How many commands the allow-list holds, and how many KaTeX commands it refuses (for docs and tests). */
export const ALLOW_LIST_SIZE = {
  allowed: ALLOWED.size,
  refused: REFUSED.size,
  environments: TABLE.environments.length,
};

/** A KaTeX command's verdict; `unknown` for a name KaTeX does not define (KaTeX reports it). */
export function commandVerdict(name: string): 'allowed' | 'unknown' | RefusalReason {
  if (ALLOWED.has(name)) return 'allowed';
  return REFUSED.get(name) ?? 'unknown';
}

/** Whether KaTeX defines a command by this name (allowed or not): site macros may not redefine one. */
export function isKatexCommand(name: string): boolean {
  return ALLOWED.has(name) || REFUSED.has(name);
}

/** What each refusal means, and what to do instead: the tail of the message after the command. */
const ADVICE: Record<RefusalReason, string> = {
  'macro-definition':
    'a paper may not define macros (a definition can expand into megabytes): write the formula out, or propose a site-wide macro in content/macros.yaml',
  'tex-programming': 'it is TeX programming, which a formula does not need: remove it',
  colour: 'colour can hide text (white on white) or vanish in the dark theme: remove it (emphasise with \\mathbf)',
  size: 'it changes the font size: remove it (KaTeX sizes math itself; \\big ... \\Bigg size a delimiter)',
  'leaves-its-line': 'it draws outside the formula’s line, over the text around it: remove it',
  'arbitrary-length':
    'it takes an arbitrary length, enough to push text over the page: use \\, \\; \\quad or \\qquad for space, \\frac or \\binom for fractions',
  'link-or-html':
    'renders as red error text on this site (KaTeX runs with trust: false): remove it, and put links outside the math as [text](https://...)',
  'not-needed': 'a formula does not need it: remove it (for code-like text use \\texttt{...})',
};

/** A refused command found in a formula. */
export interface RefusedCommand {
  /** As written: `\def`. */
  command: string;
  reason: RefusalReason;
  /** The first occurrence, as an index into the TeX. */
  index: number;
  /** How many times the formula uses it. */
  count: number;
}

/** The message for a refused command, in a formula or in a site macro: names it and says what to do. */
export function refusedCommandMessage(refused: RefusedCommand, where: 'formula' | 'macro' = 'formula'): string {
  const times = refused.count > 1 ? ` (${refused.count} times)` : '';
  if (where === 'macro') {
    const advice =
      refused.reason === 'macro-definition'
        ? 'a site macro may not define macros either: write the expansion out'
        : refused.reason === 'link-or-html'
          ? 'it would render as red error text (KaTeX runs with trust: false): remove it'
          : ADVICE[refused.reason];
    return `${refused.command} is not allowed in a site macro${times}: ${advice}`;
  }
  if (refused.reason === 'link-or-html') return `${refused.command} in a formula${times} ${ADVICE['link-or-html']}`;
  return `${refused.command} is not allowed in a formula${times}: ${ADVICE[refused.reason]}`;
}

/**
 * Every refused command in a formula's tokens, once each, in order of first use. (Every KaTeX
 * environment is allowed: each is an array of some shape, bounded by the budget.)
 * `macros` names the site-wide macros (allowed; their expansions were checked on load).
 */
export function refusedCommands(tokens: readonly TexToken[], macros: ReadonlySet<string>): RefusedCommand[] {
  const found = new Map<string, RefusedCommand>();
  const note = (command: string, reason: RefusedCommand['reason'], index: number) => {
    const known = found.get(command);
    if (known) known.count += 1;
    else found.set(command, { command, reason, index, count: 1 });
  };
  for (const token of tokens) {
    if (!isControlSequence(token) || macros.has(token.text)) continue;
    const verdict = commandVerdict(token.text);
    if (verdict !== 'allowed' && verdict !== 'unknown') note(token.text, verdict, token.index);
  }
  return [...found.values()];
}
