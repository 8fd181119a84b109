/**
 * Prose typography in scraped TeX: text commands (`{\em ...}`, `\textbf{...}`), accents
 * (`Djokovi\'{c}`), escapes (`1\%`), ties, quotes (``` ``easy'' ```, `` `old' ``,
 * `'robust mean teacher'`), dashes (`--`, `---`) and a lost space after a sentence.
 *
 * The product's own code (see docs/tex-repair.md). Every function works on prose in which
 * URLs, formulas and escaped characters are already placeholders (Private Use Area characters),
 * so nothing here can touch them.
 */
import type { Repair } from './tex-repair.ts';

export interface ProseContext {
  /** A placeholder standing for `markdown`, emitted verbatim; `source` is the text it replaces. */
  keep(source: string, markdown: string): string;
  /** A placeholder standing for the literal text `literal`, escaped for Markdown on output. */
  literal(source: string, literal: string): string;
  record(rule: string, before: string, after: string): void;
  /** `text` with placeholders shown as the text they replaced, for repair records. */
  show(text: string): string;
  /**
   * The character a Markdown parser will see at `index` of `text` (for a placeholder, the first
   * or last character it writes), so that decisions about neighbours are the same on a second
   * repair, when the placeholder has become plain text.
   */
  neighbour(text: string, index: number, side: 'first' | 'last'): string | undefined;
  /** Whether `\emph{x}` may become `*x*`: an abstract is Markdown; a title is plain text, where stars would show. */
  readonly writesEmphasis: boolean;
}

const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);
/** A neighbour that keeps `*` from being read as an emphasis mark: a word character, `*` or `\`. */
const bindsStar = (char: string | undefined): boolean => isWordChar(char) || char === '*' || char === '\\';

const EMPHASIS_COMMANDS: Readonly<Record<string, string>> = {
  em: '*',
  it: '*',
  sl: '*',
  itshape: '*',
  emph: '*',
  textit: '*',
  textsl: '*',
  bf: '**',
  bfseries: '**',
  textbf: '**',
};

interface EmphasisPair {
  open: string;
  close: string;
  marker: string;
  source: string;
  content: string;
}

// A command's argument: text with groups in it, three deep (`{very {nested} text}`).
const ARGUMENT = String.raw`(?:[^{}]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})*`;
const TEXT_COMMAND = new RegExp(
  String.raw`\{\\(em|it|sl|itshape|bf|bfseries)(?![A-Za-z])\s*(${ARGUMENT})\}|(?:\\|(?<![A-Za-z\\]))(emph|textit|textsl|textbf|texttt|textrm|textsf|textsc|textnormal)\{(${ARGUMENT})\}|\\(textup|textmd|mbox|hbox|textsuperscript|textsubscript)\{(${ARGUMENT})\}`,
  'g',
);
// A plain group: not a command's argument (`\bf{`, `emph{`), a script's (`x^{2}`) or a declaration (`{\bf b}`).
const PLAIN_GROUP = /(?<![A-Za-z\\^_])\{(?!\\)([^{}]*)\}/g;

/** `very {nested} text` -> `very nested text`: TeX shows a plain group's text, not its braces. */
function withoutPlainGroups(argument: string): string {
  let result = argument;
  // Innermost first; each round removes one level, and an argument is at most three deep.
  for (let round = 0; round < 3 && result.includes('{'); round += 1) result = result.replace(PLAIN_GROUP, '$1');
  return result;
}

/**
 * `{\em x}`, `\emph{x}`, `\textbf{x}` and friends (also with the backslash stripped: `emph{x}`).
 * Emphasis is written only where Markdown reads it as such: not next to a letter or another
 * `*`, and not around a `*` (no emphasis inside emphasis), judged on the finished text (so a second
 * repair, seeing `*x*`, decides alike).
 */
export function replaceTextCommands(text: string, context: ProseContext): string {
  if (!text.includes('{')) return text;
  const pairs: EmphasisPair[] = [];
  let result = text;
  // Outermost first, a bounded number of times: `{\em a {\bf b}}`.
  for (let round = 0; round < 4; round += 1) {
    const before = result;
    result = result.replace(
      TEXT_COMMAND,
      (
        match: string,
        declaration?: string,
        declared?: string,
        command?: string,
        argument?: string,
        plain?: string,
        plainArgument?: string,
      ) => {
        const name = declaration ?? command ?? plain ?? '';
        const content = withoutPlainGroups(declared ?? argument ?? plainArgument ?? '');
        // A bare `texttt{` or `textrm{` without backslash is too weak to act on.
        if (command !== undefined && !match.startsWith('\\') && !/^(?:emph|textit|textbf)$/.test(command)) return match;
        const marker = context.writesEmphasis ? EMPHASIS_COMMANDS[name] : undefined;
        // A tie becomes a space later, and Markdown closes no emphasis against a space: ties at the ends go outside.
        const lead = /^[\s~]*/.exec(content)?.[0] ?? '';
        const tail = /[\s~]*$/.exec(content.slice(lead.length))?.[0] ?? '';
        const trimmed = content.slice(lead.length, content.length - tail.length);
        if (marker === undefined || trimmed === '') {
          context.record('text-command', context.show(match), context.show(content));
          return content;
        }
        const open = context.keep(marker, marker);
        const close = context.keep(marker, marker);
        pairs.push({ open, close, marker, source: context.show(match), content: context.show(trimmed) });
        return `${lead}${open}${trimmed}${close}${tail}`;
      },
    );
    if (result === before) break;
  }
  // Emphasis next to a letter or another `*`, or around one, is not read back alike: leave the text plain.
  const dropped = new Set<EmphasisPair>();
  // Inner emphasis first: it gives way to the emphasis around it (`{\em a {\bf b}}` -> `*a b*`).
  const span = (pair: EmphasisPair): number => result.indexOf(pair.close) - result.indexOf(pair.open);
  const innerFirst = [...pairs].sort((a, b) => span(a) - span(b));
  for (let changed = true; changed;) {
    changed = false;
    for (const pair of innerFirst) {
      if (dropped.has(pair)) continue;
      const open = result.indexOf(pair.open);
      const close = result.indexOf(pair.close);
      // What keepMarkdownEmphasis would not read back as emphasis: a star (or a trailing backslash) inside.
      const inner = context.show(result.slice(open + 1, close));
      if (
        bindsStar(context.neighbour(result, open - 1, 'last')) ||
        bindsStar(context.neighbour(result, close + 1, 'first')) ||
        inner.includes('*') ||
        inner.endsWith('\\')
      ) {
        dropped.add(pair);
        result = result.replace(pair.open, '').replace(pair.close, '');
        changed = true;
      }
    }
  }
  for (const pair of pairs) {
    const emphasized = `${pair.marker}${pair.content}${pair.marker}`;
    context.record('emphasis', pair.source, dropped.has(pair) ? pair.content : emphasized);
  }
  return result;
}

const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
};

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/** The TeX logos as the words they print (`\LaTeXe` is "LaTeX2e"). */
export const TEX_LOGOS: Readonly<Record<string, string>> = {
  TeX: 'TeX',
  LaTeX: 'LaTeX',
  LaTeXe: 'LaTeX2e',
  BibTeX: 'BibTeX',
  XeTeX: 'XeTeX',
  XeLaTeX: 'XeLaTeX',
  LuaTeX: 'LuaTeX',
  LuaLaTeX: 'LuaLaTeX',
  pdfTeX: 'pdfTeX',
  pdfLaTeX: 'pdfLaTeX',
  ConTeXt: 'ConTeXt',
  AmS: 'AMS',
  AmSTeX: 'AMS-TeX',
};

const NAMED_TEXT: Readonly<Record<string, string>> = {
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  ...TEX_LOGOS,
  textendash: '–',
  textemdash: '—',
  textasciitilde: '~',
  textbackslash: '\\',
  textunderscore: '_',
};

/** A letter an accent command takes: a letter, or `\i`/`\j` (dotless, for accents on i and j). */
const ACCENT_MARK = '[`\'^"~=.]';
const ACCENT_LETTER = String.raw`(\\[ij](?![A-Za-z])|\p{L})`;
const NAME_ACCENT = new RegExp(
  [
    // {\"u}, {\"{u}}, {\H o}
    String.raw`\{\\(${ACCENT_MARK}|[uvHckr](?=[\s{]))\s*\{?${ACCENT_LETTER}\}?\}`,
    // \"{u}, \H{o}
    String.raw`\\(${ACCENT_MARK}|[uvHckr])\s*\{${ACCENT_LETTER}\}`,
    // \"u, \'\i
    String.raw`\\(${ACCENT_MARK})${ACCENT_LETTER}`,
    // \c c, \v s
    String.raw`\\([uvHckr])\s+(\p{L})`,
    // {\o}, \ss, \L{}
    String.raw`\{\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L)\}|\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L)(?![A-Za-z])(?:\{\}| )?`,
  ].join('|'),
  'gu',
);

/**
 * An author's name with its TeX accents and special letters as Unicode (`M\"uller` -> Müller,
 * `Erd\H{o}s` -> Erdős, `S{\o}ren` -> Søren), as arXiv's metadata often writes names. The braces
 * left around a decoded letter go too. A name with none of them is returned as it is.
 */
export function texAccentsInName(name: string): string {
  if (!name.includes('\\')) return name;
  let decoded = false;
  const result = name.replace(NAME_ACCENT, (match: string, ...groups: (string | undefined)[]) => {
    const [a1, l1, a2, l2, a3, l3, a4, l4, s1, s2] = groups;
    const accent = a1 ?? a2 ?? a3 ?? a4;
    if (accent !== undefined) {
      const letter = accented(accent, l1 ?? l2 ?? l3 ?? l4 ?? '');
      if (letter === undefined) return match;
      decoded = true;
      return letter;
    }
    const special = SPECIAL_LETTERS[s1 ?? s2 ?? ''];
    if (special === undefined) return match;
    decoded = true;
    return special;
  });
  if (!decoded) return name;
  // `Sch{ö}nberg`: braces that only grouped a letter for TeX.
  return result.replace(/\{(\p{L}+)\}/gu, '$1').normalize('NFC');
}

/**
 * An author's name as it reads (texAccentsInName), with the repair to report when it was written in
 * TeX: arXiv's metadata writes many names so (`M\\"uller`, `Erd\\H{o}s`). Every way a name comes in
 * (the ingest, `npm run new`, enrich) reads it with this.
 */
export function readableAuthorName(name: string): { name: string; repair?: Repair } {
  const decoded = texAccentsInName(name);
  return decoded === name ? { name } : { name: decoded, repair: { rule: 'tex-accent', before: name, after: decoded } };
}

function accented(accent: string, letter: string): string | undefined {
  const mark = ACCENTS[accent];
  if (mark === undefined) return undefined;
  const base = letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
  return `${base}${mark}`.normalize('NFC');
}

/** Accents (`\'{c}`, `{\"o}`, `\v s`) and special letters (`\ss`, `{\o}`): groups 1-12. */
const ACCENT_SEQUENCES =
  /\{\\([`'^"~=.])\s*(\\[ij]|[A-Za-z])\}|\{\\([uvHckr])\s*\{?(\\[ij]|[A-Za-z])\}?\}|\\([`'^"~=.])(?:\{(\\[ij]|[A-Za-z])\}|([A-Za-z]))|\\([uvHckr])(?:\{(\\[ij]|[A-Za-z])\}|\s([A-Za-z]))|\{\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)\}|\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)(?![A-Za-z])\s?/
    .source;
/** Spacing commands, `\/`, `\@`, `\\` and escaped characters: groups 14-16. */
const ESCAPE_SEQUENCES = /(?<!https?)\\([,;: ])|\\([/@])|\\\\|\\([!-/:-@[-`{-~])/.source;
/** What replaceBackslashSequences reads; group 13 is a name of NAMED_TEXT, its words or characters. */
const BACKSLASH_SEQUENCE = new RegExp(
  `${ACCENT_SEQUENCES}|\\\\(${Object.keys(NAMED_TEXT).join('|')})(?![A-Za-z])(?:\\{\\})?|${ESCAPE_SEQUENCES}`,
  'g',
);

/**
 * Backslash sequences left in prose: accents (`\'{c}`, `{\"o}`, `\v s`), special letters
 * (`\ss`, `\o`), `\ldots`, spacing commands, and escaped characters (`\%`, `\&`, `\_`, `\$`),
 * which become literals. Commands it does not know stay as they are.
 */
export function replaceBackslashSequences(text: string, context: ProseContext): string {
  if (!text.includes('\\')) return text;
  return text.replace(
    BACKSLASH_SEQUENCE,

    (match: string, ...args: unknown[]) => {
      const groups = args.slice(0, 16) as (string | undefined)[];
      const offset = args[16] as number;
      const whole = args[17] as string;
      const [a1, l1, a2, l2, a3, l3, l4, a4, l5, l6, s1, s2, named, space, drop, escaped] = groups;
      const accent = a1 ?? a2 ?? a3 ?? a4;
      if (accent !== undefined) {
        const letter = l1 ?? l2 ?? l3 ?? l4 ?? l5 ?? l6 ?? '';
        const result = accented(accent, letter);
        if (result === undefined) return match;
        context.record('tex-accent', match, result);
        return result;
      }
      const special = s1 ?? s2;
      if (special !== undefined) {
        const result = SPECIAL_LETTERS[special] ?? match;
        context.record('tex-accent', match, result);
        return match.endsWith(' ') && s2 !== undefined ? result : result;
      }
      if (named !== undefined) {
        const result = NAMED_TEXT[named] ?? match;
        context.record('tex-text', match, result);
        return context.literal(match, result);
      }
      if (space !== undefined) {
        context.record('tex-space', match, ' ');
        return ' ';
      }
      if (drop !== undefined) {
        context.record('tex-space', match, '');
        return '';
      }
      if (match === '\\\\') return context.literal(match, '\\');
      // An escaped character is that character. It becomes exactly what will be written, so
      // that every later step sees what a second repair will see: protected if Markdown needs it
      // escaped there, or if the repair would read it as TeX syntax (`\{0,1\}^n`); plain otherwise.
      const char = escaped ?? '';
      const next = context.neighbour(whole, offset + match.length, 'first') ?? '';
      const protect =
        /[\\*_$[`~{}()^]/.test(char) ||
        (char === '<' && (/[A-Za-z/!?]/.test(next) || /^\\[/!?]/.test(whole.slice(offset + match.length)))) ||
        (char === '!' && next === '[') ||
        (/[-+#>]/.test(char) && offset === 0) ||
        (/[.)]/.test(char) && /^\d{1,9}$/.test(whole.slice(0, offset)));
      if (protect) return context.literal(match, char);
      const word = /[\p{L}\p{N}.]*$/u.exec(whole.slice(Math.max(0, offset - 12), offset))?.[0] ?? '';
      context.record('tex-escape', `${word}${match}`, `${word}${char}`);
      return char;
    },
  );
}

/** `Fig.~3`: a TeX tie between two words is a no-break space. */
export function replaceTies(text: string, context: ProseContext): string {
  if (!text.includes('~')) return text;
  // Judged on what will be written next to it (a formula's `$`, a reference mark's `[`), so that a
  // second repair, seeing the placeholders written out (`\$` for a dollar), decides alike.
  return text.replace(/(?<=[\p{L}\p{N}.,)])~/gu, (match: string, offset: number, whole: string) => {
    if (!TIED_BEFORE.test(context.neighbour(whole, offset + 1, 'first') ?? '')) return match;
    context.record('tex-tie', match, '\u00a0');
    return '\u00a0';
  });
}

/** What a tie binds to: a word, a number, a bracket, a formula, emphasis or a command (`Eq.~\eqref`). */
const TIED_BEFORE = /^[\p{L}\p{N}([$*\\]/u;

/**
 * Dashes: `---` is an em dash; `--` between spaces is a dash in a sentence (an em dash, spaces
 * kept), and elsewhere (`1--10`, `Cauchy--Schwarz`) an en dash. Arrows (`-->`, `<--`) and
 * command-line flags (` --help`) are left alone.
 */
export function replaceDashes(text: string, context: ProseContext): string {
  if (!text.includes('--')) return text;
  return text.replace(/---?/g, (dashes: string, offset: number, whole: string) => {
    // Neighbours as written (an escaped `\-` is a hyphen too): `----`, `-->`, `<--` stay.
    const before = context.neighbour(whole, offset - 1, 'last');
    const after = context.neighbour(whole, offset + dashes.length, 'first');
    if (before === '-' || before === '<' || before === '!' || after === '-' || after === '>') return dashes;
    let dash: string;
    if (dashes === '---') dash = '—';
    else if (before === ' ' && after === ' ') dash = '—';
    else if ((before === undefined || before === ' ') && after !== undefined && /[a-z]/.test(after)) return dashes;
    else dash = '–';
    const from = Math.max(0, offset - 12);
    const to = Math.min(whole.length, offset + dashes.length + 12);
    context.record(
      'dash',
      context.show(whole.slice(from, to)),
      context.show(`${whole.slice(from, offset)}${dash}${whole.slice(offset + dashes.length, to)}`),
    );
    return dash;
  });
}

interface QuoteToken {
  start: number;
  end: number;
  text: string;
  double: boolean;
  opens: boolean;
  closes: boolean;
  /** Already typographic: it takes part in pairing but is not rewritten. */
  fixed: boolean;
}

const OPEN_BOUNDARY = /[\s([{\u2014\u2013\-/“”‘’"'`]/u;
const CLOSE_BOUNDARY = /[\s.,;:!?)\]}\u2014\u2013\-/“”‘’"'`]/u;
/** Quotes further apart than this are not a pair. */
const MAX_QUOTED = 300;

function quoteTokens(text: string, context: ProseContext): QuoteToken[] {
  const tokens: QuoteToken[] = [];
  for (const match of text.matchAll(/``|''|[`'"“”‘’]/g)) {
    const quote = match[0];
    const start = match.index;
    const end = start + quote.length;
    const before = context.neighbour(text, start - 1, 'last');
    const after = context.neighbour(text, end, 'first');
    const openShape = (before === undefined || OPEN_BOUNDARY.test(before)) && after !== undefined && !/\s/.test(after);
    const closeShape =
      before !== undefined &&
      !/\s/.test(before) &&
      !OPEN_BOUNDARY.test(before) &&
      (after === undefined || CLOSE_BOUNDARY.test(after));
    const double = quote === '``' || quote === "''" || quote === '"' || quote === '“' || quote === '”';
    let opens: boolean;
    let closes: boolean;
    if (quote === '``' || quote === '`' || quote === '“' || quote === '‘') {
      opens = true;
      closes = false;
    } else if (quote === '”') {
      opens = false;
      closes = true;
    } else {
      opens = openShape && !closeShape;
      closes = closeShape && !openShape;
    }
    // `can't`, `'` alone: not a quote at all.
    if (!opens && !closes) continue;
    tokens.push({
      start,
      end,
      text: quote,
      double,
      opens,
      closes,
      fixed: quote === '“' || quote === '”' || quote === '‘' || (quote === '’' && !opens),
    });
  }
  return tokens;
}

/** Whether some `'` is not between two letters or digits (`users'`, `'robust'`, not `model's`). */
function hasLooseApostrophe(text: string): boolean {
  for (let i = text.indexOf("'"); i >= 0; i = text.indexOf("'", i + 1)) {
    if (!isWordChar(text[i - 1]) || !isWordChar(text[i + 1])) return true;
  }
  return false;
}

/**
 * TeX and straight quotes to typographic ones, in pairs: ``` ``easy'' ```, `''informative''`,
 * `"tune"` -> “…”; `` `old' ``, `'robust mean teacher'` -> ‘…’. An apostrophe (`model's`,
 * `users'`) is not a quote and stays as written. A quote that finds no partner is left alone,
 * except TeX's ``` `` ``` and `''`, which have only one reading.
 */
export function replaceQuotes(text: string, context: ProseContext): string {
  // Most paragraphs hold only apostrophes inside words (`model's`): nothing to pair.
  if (!/["`“”‘’\ue000-\uf8ff]/.test(text) && !hasLooseApostrophe(text)) return text;
  const tokens = quoteTokens(text, context);
  if (tokens.length === 0) return text;
  const replacement = new Map<number, string>();
  for (const double of [true, false]) {
    let pending: QuoteToken | undefined;
    for (const token of tokens) {
      if (token.double !== double) continue;
      if (token.opens) {
        pending = token;
      } else if (pending !== undefined && token.start - pending.end <= MAX_QUOTED) {
        const open = pending;
        pending = undefined;
        if (open.fixed && token.fixed) continue;
        if (!open.fixed) replacement.set(open.start, double ? '“' : '‘');
        if (!token.fixed) replacement.set(token.start, double ? '”' : '’');
        context.record(
          'quotes',
          context.show(text.slice(open.start, token.end)),
          context.show(`${double ? '“' : '‘'}${text.slice(open.end, token.start)}${double ? '”' : '’'}`),
        );
      } else {
        pending = undefined;
      }
    }
  }
  // TeX's `` and '' mean one thing even unpaired.
  for (const token of tokens) {
    if (replacement.has(token.start)) continue;
    if (token.text === '``') replacement.set(token.start, '“');
    else if (token.text === "''") replacement.set(token.start, token.opens ? '“' : '”');
    else continue;
    context.record('quotes', token.text, replacement.get(token.start) ?? '');
  }
  let out = '';
  let last = 0;
  for (const token of tokens) {
    const quote = replacement.get(token.start);
    if (quote === undefined) continue;
    out += text.slice(last, token.start) + quote;
    last = token.end;
  }
  return out + text.slice(last);
}

/** Words that start a sentence, for telling `performance.The` from `torch.Tensor`. */
const SENTENCE_STARTERS =
  'The|This|These|That|Those|We|Our|In|It|Its|Finally|However|Moreover|Furthermore|Here|To|Experiments|Results|Code|Additionally|Specifically|Thus|Therefore|Overall|Unlike|Although|While|As|For|Our';

/** `performance.The IFM`: a sentence that lost the space after its full stop. */
export function restoreSentenceSpaces(text: string, context: ProseContext): string {
  if (!/[a-z]\.[A-Z]/.test(text)) return text;
  return text.replace(
    new RegExp(`(?<=[a-z]{3})\\.(?=(?:${SENTENCE_STARTERS}) )`, 'g'),
    (match, offset: number, whole: string) => {
      const word = /[A-Za-z]+$/.exec(whole.slice(Math.max(0, offset - 20), offset))?.[0] ?? '';
      const nextWord = /^[A-Za-z]+/.exec(whole.slice(offset + 1))?.[0] ?? '';
      context.record('sentence-space', `${word}${match}${nextWord}`, `${word}. ${nextWord}`);
      return '. ';
    },
  );
}

/**
 * Markdown emphasis already in the text (`*Tensor Programs*`, `**bold**`, and what this repair
 * wrote before): kept as emphasis. Any other `*` is a literal star.
 */
export function keepMarkdownEmphasis(text: string, context: ProseContext): string {
  if (!text.includes('*')) return text;
  return text.replace(
    /(\*\*?)(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*\\])\1/gu,
    (match: string, marker: string, content: string, offset: number, whole: string) => {
      // Emphasis inside emphasis (`*a *b* c*`) is not read back alike: leave the outer stars.
      if (context.show(content).includes('*')) return match;
      if (bindsStar(context.neighbour(whole, offset - 1, 'last'))) return match;
      if (bindsStar(context.neighbour(whole, offset + match.length, 'first'))) return match;
      return `${context.keep(marker, marker)}${content}${context.keep(marker, marker)}`;
    },
  );
}
