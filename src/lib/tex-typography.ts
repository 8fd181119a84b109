/**
 * Prose typography in scraped TeX: text commands (`{\em ...}`, `\textbf{...}`), accents
 * (`Djokovi\'{c}`), escapes (`1\%`), ties, quotes (``` ``easy'' ```, `` `old' ``,
 * `'robust mean teacher'`), dashes (`--`, `---`) and a lost space after a sentence.
 *
 * The product's own code (see docs/tex-repair.md). Every function works on prose in which
 * URLs, formulas and escaped characters are already placeholders (Private Use Area characters),
 * so nothing here can touch them.
 */

export interface ProseContext {
  /** A placeholder standing for `markdown`, emitted verbatim; `source` is the text it replaces. */
  keep(source: string, markdown: string): string;
  /** A placeholder standing for the literal text `literal`, escaped for Markdown on output. */
  literal(source: string, literal: string): string;
  record(rule: string, before: string, after: string): void;
  /** `text` with placeholders shown as the text they replaced, for repair records. */
  show(text: string): string;
}

const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** `*text*` when Markdown reads it as emphasis right there, else the text plain. */
function emphasize(
  context: ProseContext,
  content: string,
  marker: string,
  before: string | undefined,
  after: string | undefined,
): string {
  const trimmed = content.trim();
  if (trimmed === '') return content;
  const lead = content.slice(0, content.length - content.trimStart().length);
  const tail = content.slice(content.trimEnd().length);
  // Intraword emphasis next to letters, or edges Markdown would not read as emphasis: keep it plain.
  if (isWordChar(before) || isWordChar(after) || (/^[\p{P}\s]|[\p{P}\s]$/u.test(trimmed) && /[*_]/.test(trimmed))) {
    return content;
  }
  return `${lead}${context.keep(marker, marker)}${trimmed}${context.keep(marker, marker)}${tail}`;
}

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

/** `{\em x}`, `\emph{x}`, `\textbf{x}` and friends (also with the backslash stripped: `emph{x}`). */
export function replaceTextCommands(text: string, context: ProseContext): string {
  let result = text;
  // Innermost first, a bounded number of times: `{\em a {\bf b}}`.
  for (let round = 0; round < 4; round += 1) {
    const before = result;
    result = result.replace(
      /\{\\(em|it|sl|itshape|bf|bfseries)(?![A-Za-z])\s*([^{}]*)\}|(?<![A-Za-z\\])\\?(emph|textit|textsl|textbf|texttt|textrm|textsf|textsc|textnormal)\{([^{}]*)\}|\\(textup|textmd|mbox|hbox)\{([^{}]*)\}/g,
      (
        match: string,
        declaration?: string,
        declared?: string,
        command?: string,
        argument?: string,
        plain?: string,
        plainArgument?: string,
        offset?: number,
        whole?: string,
      ) => {
        const at = offset ?? 0;
        const around = whole ?? '';
        const name = declaration ?? command ?? plain ?? '';
        const content = declared ?? argument ?? plainArgument ?? '';
        // A bare `texttt{` or `textrm{` without backslash is too weak to act on.
        if (command !== undefined && !match.startsWith('\\') && !/^(?:emph|textit|textbf)$/.test(command)) return match;
        const marker = EMPHASIS_COMMANDS[name];
        const replacement =
          marker === undefined
            ? content
            : emphasize(context, content, marker, around[at - 1], around[at + match.length]);
        context.record(
          marker === undefined ? 'text-command' : 'emphasis',
          context.show(match),
          context.show(
            marker !== undefined && replacement !== content ? `${marker}${content.trim()}${marker}` : content,
          ),
        );
        return replacement;
      },
    );
    if (result === before) break;
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

const NAMED_TEXT: Readonly<Record<string, string>> = {
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  textendash: '–',
  textemdash: '—',
  textasciitilde: '~',
  textbackslash: '\\',
  textunderscore: '_',
};

function accented(accent: string, letter: string): string | undefined {
  const mark = ACCENTS[accent];
  if (mark === undefined) return undefined;
  const base = letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
  return `${base}${mark}`.normalize('NFC');
}

/**
 * Backslash sequences left in prose: accents (`\'{c}`, `{\"o}`, `\v s`), special letters
 * (`\ss`, `\o`), `\ldots`, spacing commands, and escaped characters (`\%`, `\&`, `\_`, `\$`),
 * which become literals. Commands it does not know stay as they are.
 */
export function replaceBackslashSequences(text: string, context: ProseContext): string {
  return text.replace(
    /\{\\([`'^"~=.])\s*(\\[ij]|[A-Za-z])\}|\{\\([uvHckr])\s*\{?(\\[ij]|[A-Za-z])\}?\}|\\([`'^"~=.])(?:\{(\\[ij]|[A-Za-z])\}|([A-Za-z]))|\\([uvHckr])(?:\{(\\[ij]|[A-Za-z])\}|\s([A-Za-z]))|\{\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)\}|\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)(?![A-Za-z])\s?|\\(ldots|dots|textellipsis|LaTeX|TeX|textendash|textemdash|textasciitilde|textbackslash|textunderscore)(?![A-Za-z])(?:\{\})?|\\([,;: ])|\\([/@])|\\\\|\\([!-/:-@[-`{-~])/g,
    (match: string, ...groups: (string | undefined)[]) => {
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
      // An escaped character is that character, whatever Markdown needs to show it.
      return context.literal(match, escaped ?? '');
    },
  );
}

/** `Fig.~3`: a TeX tie between two words is a no-break space. */
export function replaceTies(text: string, context: ProseContext): string {
  return text.replace(/(?<=[\p{L}\p{N}.,)])~(?=[\p{L}\p{N}(\\[])/gu, (match) => {
    context.record('tex-tie', match, '\u00a0');
    return '\u00a0';
  });
}

/**
 * Dashes: `---` is an em dash; `--` between spaces is a dash in a sentence (an em dash, spaces
 * kept), and elsewhere (`1--10`, `Cauchy--Schwarz`) an en dash. Arrows (`-->`, `<--`) and
 * command-line flags (` --help`) are left alone.
 */
export function replaceDashes(text: string, context: ProseContext): string {
  return text.replace(/(?<![-<!])(---?)(?![->])/g, (match: string, dashes: string, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + match.length];
    let dash: string;
    if (dashes === '---') dash = '—';
    else if (before === ' ' && after === ' ') dash = '—';
    else if ((before === undefined || before === ' ') && after !== undefined && /[a-z]/.test(after)) return match;
    else dash = '–';
    const from = Math.max(0, offset - 12);
    const to = Math.min(whole.length, offset + match.length + 12);
    context.record(
      'dash',
      context.show(whole.slice(from, to)),
      context.show(`${whole.slice(from, offset)}${dash}${whole.slice(offset + match.length, to)}`),
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

const OPEN_BOUNDARY = /[\s([{\u2014\u2013\-/“‘]/u;
const CLOSE_BOUNDARY = /[\s.,;:!?)\]}\u2014\u2013\-/”’]/u;
/** Quotes further apart than this are not a pair. */
const MAX_QUOTED = 300;

function quoteTokens(text: string): QuoteToken[] {
  const tokens: QuoteToken[] = [];
  for (const match of text.matchAll(/``|''|[`'"“”‘’]/g)) {
    const quote = match[0];
    const start = match.index;
    const end = start + quote.length;
    const before = text[start - 1];
    const after = text[end];
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

/**
 * TeX and straight quotes to typographic ones, in pairs: ``` ``easy'' ```, `''informative''`,
 * `"tune"` -> “…”; `` `old' ``, `'robust mean teacher'` -> ‘…’. An apostrophe (`model's`,
 * `users'`) is not a quote and stays as written. A quote that finds no partner is left alone,
 * except TeX's ``` `` ``` and `''`, which have only one reading.
 */
export function replaceQuotes(text: string, context: ProseContext): string {
  const tokens = quoteTokens(text);
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
  return text.replace(
    /(?<![\\*\p{L}\p{N}])(\*\*?)(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*\\])\1(?![*\p{L}\p{N}])/gu,
    (_match, marker: string, content: string) =>
      `${context.keep(marker, marker)}${content}${context.keep(marker, marker)}`,
  );
}
