import { CHARACTER_REFERENCE_SOURCE, referencedText } from '../text/character-reference.ts';
import type { Problem } from './rules.ts';
import { formatCodePoint } from '../text/code-point.ts';
import { hasRightToLeftLetter } from '../text/direction.ts';

/**
 * Characters a reader cannot see, in three classes with one rule each:
 *
 * - `control-character`: C0 and C1 controls other than tab, line feed and carriage return, DEL,
 *   the line and paragraph separators (U+2028, U+2029), the interlinear annotation controls
 *   (U+FFF9-U+FFFB), lone surrogates and the noncharacters (U+FDD0-U+FDEF and the last two code
 *   points of every plane, U+FFFE, U+FFFF...). They are not text: a terminal, a feed reader or a
 *   BibTeX tool may act on them (`\e[2J` clears a screen), NUL ends strings in C, and XML allows
 *   neither U+FFFE nor U+FFFF (the Atom feed would drop them, the page would keep them).
 * - `bidi-control`: the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 *   U+2066-U+2069, "Trojan Source"). They make text display in another order than it is stored,
 *   so what a reviewer reads is not what is published.
 * - `invisible-character`: every other format character or default-ignorable code point (soft
 *   hyphen U+00AD, zero width space U+200B, the left-to-right and right-to-left marks, word
 *   joiner and invisible operators U+2060-U+2064, U+FEFF inside text, Mongolian vowel separator
 *   U+180E, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner,
 *   tag characters, variation selectors...). Typed between the letters of a title, they make a
 *   copy of it look identical and compare different.
 *
 * Some invisible characters are needed, and are accepted where they do their job (and only there):
 *
 * - the zero width non-joiner (U+200C) and joiner (U+200D) between two letters (or marks) of a
 *   script that joins letters or writes conjuncts: Arabic (Persian puts a ZWNJ before suffixes),
 *   Syriac, N'Ko, Mongolian, Devanagari, Bengali, Tamil, Malayalam, Sinhala, Khmer, ...; the joiner
 *   also between emoji of an emoji sequence (👩‍💻). Between Latin, Greek or Cyrillic letters they
 *   do nothing visible, so they are refused there;
 * - a variation selector right after a character that has variants: VS15/VS16 (U+FE0E, U+FE0F)
 *   after an emoji (❤️, a keycap 1️⃣), VS1-VS14 after a symbol, a CJK ideograph or a Myanmar,
 *   Phags-pa, Manichaean or Egyptian letter (the standardized variants), the ideographic
 *   variation selectors (U+E0100-U+E01EF) after a CJK ideograph, and the Mongolian free variation
 *   selectors after a Mongolian letter. Never two in a row, never after a plain letter;
 * - the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C) on a line
 *   that holds a letter of a right-to-left script (Hebrew, Arabic, Persian...): there they place
 *   the punctuation around Latin words and numbers (`C++` followed by an LRM in a Hebrew sentence
 *   shows as `C++`, without it as `++C`), so deleting them changes what a reader sees. On a line
 *   of left-to-right text alone they do nothing visible, and are refused;
 * - tag characters (U+E0020-U+E007F) only inside an emoji tag sequence (the flag of Scotland:
 *   🏴 followed by tags and the cancel tag);
 * - the prepended concatenation marks (U+0600-U+0605, U+06DD, U+070F, U+0890, U+0891, U+08E2,
 *   U+110BD, U+110CD), which are format characters but visible;
 * - a byte order mark at the very start of a file (not of a value).
 *
 * The check refuses all three classes wherever they are written: as raw bytes, as YAML escapes
 * (`"\u202E"`, `"\0"`, `"\e"`, `"\x1b"`) in any value, and as Markdown character references
 * (`&#x202E;`, `&shy;`) in the abstract, which the page decodes. The ingest and `npm run new`
 * repair the invisible class (they delete those characters, which leaves the text exactly as a
 * reader sees it, and report the repair) and skip a paper with the other two: a bidirectional
 * control changes what a reader sees, so deleting it would publish text different from what the
 * source displayed, and a control character means a broken or hostile record. A person decides.
 */

export type HiddenCharacterRule = 'control-character' | 'bidi-control' | 'invisible-character';

export interface HiddenCharacter {
  /** Offset of the character in the text (UTF-16 code units). */
  index: number;
  /** Its length in the text: 2 for a code point past U+FFFF, or the length of the character reference. */
  length: number;
  codePoint: number;
  rule: HiddenCharacterRule;
  /** Set when the character was written as a Markdown character reference (`&shy;`). */
  reference?: string | undefined;
}

// Every character some rule may refuse (control characters but tab, LF and CR, which are whitespace).
// Most text has none, and one search answers for it: about 3 ns a character.
export const CANDIDATE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\uFFF9-\uFFFB]/u;
const CANDIDATES = new RegExp(CANDIDATE.source, 'gu');
/**
 * The same set as UTF-16 code units, without Unicode mode (every surrogate stands in for the
 * characters past U+FFFF): a third faster on text with any non-Latin-1 character, where Unicode
 * property classes are slow. A unit test holds the two sets equal over the whole BMP.
 */
export const CANDIDATE_UNITS =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- control and combining characters are what it finds
  /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u115F-\u1160\u17B4-\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uD800-\uDFFF\uFDD0-\uFDEF\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\uFFFE-\uFFFF]/;

const BIDI_CONTROL = /^[\u202A-\u202E\u2066-\u2069]$/u;
const NONCHARACTER = /^\p{Noncharacter_Code_Point}$/u;
const CONTROL = /^[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\uFFF9-\uFFFB]$/u;
/** Format characters that are drawn (they span the digits after them): not hidden at all. */
const PREPENDED_CONCATENATION_MARK = /^[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]$/u;

/** Letters and marks of scripts in which a (non-)joiner changes how letters are drawn. */
const JOINING_SCRIPT =
  /^[\p{Script_Extensions=Arabic}\p{Script_Extensions=Syriac}\p{Script_Extensions=Nko}\p{Script_Extensions=Mongolian}\p{Script_Extensions=Mandaic}\p{Script_Extensions=Manichaean}\p{Script_Extensions=Psalter_Pahlavi}\p{Script_Extensions=Adlam}\p{Script_Extensions=Hanifi_Rohingya}\p{Script_Extensions=Sogdian}\p{Script_Extensions=Devanagari}\p{Script_Extensions=Bengali}\p{Script_Extensions=Gurmukhi}\p{Script_Extensions=Gujarati}\p{Script_Extensions=Oriya}\p{Script_Extensions=Tamil}\p{Script_Extensions=Telugu}\p{Script_Extensions=Kannada}\p{Script_Extensions=Malayalam}\p{Script_Extensions=Sinhala}\p{Script_Extensions=Tibetan}\p{Script_Extensions=Myanmar}\p{Script_Extensions=Khmer}\p{Script_Extensions=Tai_Tham}\p{Script_Extensions=Balinese}\p{Script_Extensions=Javanese}\p{Script_Extensions=Sundanese}\p{Script_Extensions=Tirhuta}\p{Script_Extensions=Grantha}\p{Script_Extensions=Newa}\p{Script_Extensions=Sharada}\p{Script_Extensions=Brahmi}]$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const EMOJI_BEFORE_JOINER = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const EMOJI_PRESENTATION_BASE = /^\p{Emoji}$/u;
const STANDARDIZED_VARIANT_BASE =
  /^[\p{Sm}\p{So}\p{Script=Han}\p{Script=Myanmar}\p{Script=Phags_Pa}\p{Script=Manichaean}\p{Script=Egyptian_Hieroglyphs}0]$/u;
const HAN = /^\p{Script=Han}$/u;
const MONGOLIAN = /^\p{Script=Mongolian}$/u;
const EMOJI_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

const NAMES: Record<number, string> = {
  0x00: 'null',
  0x07: 'bell',
  0x08: 'backspace',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
  0xad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x17b4: 'Khmer vowel inherent aq',
  0x17b5: 'Khmer vowel inherent aa',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2061: 'function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'zero width no-break space (byte order mark)',
  0xffa0: 'halfwidth Hangul filler',
};

/** `U+202E (right-to-left override)`: how messages name a character. */
export function describeCharacter(codePoint: number): string {
  const hex = formatCodePoint(codePoint);
  let name = NAMES[codePoint];
  if (name === undefined && codePoint >= 0xfe00 && codePoint <= 0xfe0f)
    name = `variation selector-${codePoint - 0xfdff}`;
  if (name === undefined && codePoint >= 0xe0100 && codePoint <= 0xe01ef)
    name = `variation selector-${codePoint - 0xe00ef}`;
  if (name === undefined && codePoint >= 0xe0000 && codePoint <= 0xe007f) name = 'tag character, invisible text';
  if (name === undefined && codePoint >= 0xd800 && codePoint <= 0xdfff) name = 'a lone surrogate, not a character';
  if (name === undefined && NONCHARACTER.test(String.fromCodePoint(codePoint))) name = 'a noncharacter, never text';
  if (name === undefined && (codePoint < 0x20 || (codePoint >= 0x80 && codePoint < 0xa0))) name = 'control character';
  return name === undefined ? hex : `${hex} (${name})`;
}

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.charAt(index - 1);
}

function codePointAt(text: string, index: number): string {
  const code = text.codePointAt(index);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** Whether the line of `text` around `index` holds a letter of a right-to-left script. */
function rightToLeftLine(text: string, index: number): boolean {
  const end = text.indexOf('\n', index);
  return hasRightToLeftLetter(text.slice(text.lastIndexOf('\n', index) + 1, end === -1 ? text.length : end));
}

/** Whether the invisible character at `index` does its job there (see the module comment). */
function isNeededThere(
  text: string,
  index: number,
  char: string,
  codePoint: number,
  tagSpans: () => [number, number][],
): boolean {
  if (PREPENDED_CONCATENATION_MARK.test(char)) return true;
  if (codePoint === 0x200e || codePoint === 0x200f || codePoint === 0x061c) return rightToLeftLine(text, index);
  if (codePoint === 0x200c || codePoint === 0x200d) {
    const before = codePointBefore(text, index);
    const after = codePointAt(text, index + 1);
    if (
      LETTER_OR_MARK.test(before) &&
      LETTER_OR_MARK.test(after) &&
      JOINING_SCRIPT.test(before) &&
      JOINING_SCRIPT.test(after)
    )
      return true;
    if (codePoint !== 0x200d || !EMOJI.test(after)) return false;
    // After VS16 only when that selector is itself in place, right after an emoji.
    if (before === '\uFE0F') return EMOJI_PRESENTATION_BASE.test(codePointBefore(text, index - 1));
    return EMOJI_BEFORE_JOINER.test(before);
  }
  if (codePoint === 0xfe0e || codePoint === 0xfe0f) return EMOJI_PRESENTATION_BASE.test(codePointBefore(text, index));
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0d) return STANDARDIZED_VARIANT_BASE.test(codePointBefore(text, index));
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return HAN.test(codePointBefore(text, index));
  if ((codePoint >= 0x180b && codePoint <= 0x180d) || codePoint === 0x180f)
    return MONGOLIAN.test(codePointBefore(text, index));
  if (codePoint >= 0xe0020 && codePoint <= 0xe007f) return tagSpans().some(([from, to]) => index >= from && index < to);
  return false;
}

function classify(char: string): HiddenCharacterRule | undefined {
  if (!CANDIDATE.test(char)) return undefined;
  if (CONTROL.test(char)) return 'control-character';
  if (BIDI_CONTROL.test(char)) return 'bidi-control';
  return 'invisible-character';
}

/** Numeric and named character references, as CommonMark reads them. */
const REFERENCE = new RegExp(CHARACTER_REFERENCE_SOURCE, 'g');

function referenceCharacters(text: string): HiddenCharacter[] {
  if (!text.includes('&')) return [];
  const found: HiddenCharacter[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const [source] = match;
    const decoded = referencedText(match);
    if (decoded === false) continue;
    // A reference stands for the character alone: none of them is needed where a reference can put it.
    for (const char of decoded) {
      const codePoint = char.codePointAt(0) ?? 0;
      const rule = classify(char);
      if (rule !== undefined) {
        found.push({ index: match.index, length: source.length, codePoint, rule, reference: source });
        break;
      }
    }
  }
  return found;
}

export interface HiddenCharacterOptions {
  /** Text is a whole file: a byte order mark may open it. */
  file?: boolean | undefined;
  /** Text is Markdown the site renders: character references (`&#x202E;`, `&shy;`) count as the characters they stand for. */
  references?: boolean | undefined;
}

/** Every hidden character in `text` that no rule accepts where it stands, in order. */
export function findHiddenCharacters(text: string, options: HiddenCharacterOptions = {}): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  if (CANDIDATE_UNITS.test(text)) {
    let spans: [number, number][] | undefined;
    const tagSpans = () =>
      (spans ??= [...text.matchAll(EMOJI_TAG_SEQUENCE)].map((m): [number, number] => [m.index, m.index + m[0].length]));
    for (const match of text.matchAll(CANDIDATES)) {
      const char = match[0];
      const codePoint = char.codePointAt(0) ?? 0;
      const rule = classify(char);
      if (rule === undefined) continue;
      if (codePoint === 0xfeff && match.index === 0 && options.file === true) continue;
      if (rule === 'invisible-character' && isNeededThere(text, match.index, char, codePoint, tagSpans)) continue;
      found.push({ index: match.index, length: char.length, codePoint, rule });
    }
  }
  if (options.references === true) {
    const references = referenceCharacters(text);
    if (references.length > 0) return [...found, ...references].sort((a, b) => a.index - b.index);
  }
  return found;
}

const WHY: Record<HiddenCharacterRule, string> = {
  'control-character':
    'control characters are not text, and a terminal, a feed reader or a BibTeX tool may act on them',
  'bidi-control':
    'it makes text display in a different order from how it is stored, so what a reviewer reads is not what is published',
  'invisible-character':
    'it cannot be seen, and hides inside words, e.g. to slip a copy of a title past the duplicate check',
};

function what(character: HiddenCharacter): string {
  const kind =
    character.rule === 'control-character'
      ? 'control character'
      : character.rule === 'bidi-control'
        ? 'bidirectional control'
        : 'invisible character';
  const written = character.reference === undefined ? '' : ` written as "${character.reference}"`;
  return `${kind} ${describeCharacter(character.codePoint)}${written}`;
}

function remedy(character: HiddenCharacter): string {
  const { codePoint, rule } = character;
  if (codePoint === 0x200c || codePoint === 0x200d) {
    return 'delete it (a joiner belongs only between letters of a script that joins them, such as Arabic or Devanagari, or inside an emoji sequence; anywhere else it only hides inside words)';
  }
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || codePoint >= 0xe0100) {
    return 'delete it (a variation selector belongs only right after an emoji, a symbol or an ideograph that has that variant; anywhere else it only hides inside words)';
  }
  return `delete it (${WHY[rule]})`;
}

/** The `written` of hiddenCharacterProblems for a value whose characters came from escape sequences. */
export const WRITTEN_AS_ESCAPE = ' (written as an escape sequence)';

/**
 * One problem per rule, at the first character that breaks it, counting the rest: a file full of
 * soft hyphens needs one message, not hundreds. `where` (e.g. ` in the title`) and `written`
 * (e.g. ` (written as an escape)`) are put into the message; offsets are relative to `text`.
 */
export function hiddenCharacterProblems(
  characters: readonly HiddenCharacter[],
  context: { where?: string; written?: string; scope?: string } = {},
): Problem[] {
  const problems: Problem[] = [];
  for (const rule of ['control-character', 'bidi-control', 'invisible-character'] as const) {
    const ofRule = characters.filter((character) => character.rule === rule);
    const first = ofRule[0];
    if (first === undefined) continue;
    const more = ofRule.length > 1 ? ` (${ofRule.length - 1} more in this ${context.scope ?? 'value'})` : '';
    problems.push({
      rule,
      offset: first.index,
      message: `${what(first)}${context.where ?? ''}${context.written ?? ''}: ${remedy(first)}${more}`,
    });
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

/**
 * Character references in the abstract that the page decodes into hidden characters (`&#x202E;`,
 * `&shy;`, `&zwnj;`): the bytes are clean, the page is not. Characters written as themselves are
 * the byte-level scan's. Offsets are relative to `body`.
 */
export function hiddenReferences(body: string): Problem[] {
  return hiddenCharacterProblems(referenceCharacters(body), { where: ' in the abstract', scope: 'abstract' });
}

const HIDDEN_CHARACTER_RULES: ReadonlySet<string> = new Set<HiddenCharacterRule>([
  'control-character',
  'bidi-control',
  'invisible-character',
]);

/**
 * A hidden-character problem found in a file's bytes, told where it is: `where` (e.g.
 * ` in the title`) goes after the character's name, as in problems found in a value.
 */
export function placeHiddenCharacterProblem<T extends Problem>(problem: T, where: string): T {
  if (!HIDDEN_CHARACTER_RULES.has(problem.rule)) return problem;
  const message = problem.message.replace(
    /^((?:control character|bidirectional control|invisible character) U\+[0-9A-F]{4,6}(?: \([^)]*\))?)/,
    `$1${where}`,
  );
  return { ...problem, message };
}

/**
 * `text` without its invisible characters (the class the ingest repairs), and what was removed.
 * Characters of the other two classes stay: the caller refuses the text for them.
 */
export function dropInvisibleCharacters(text: string): { text: string; dropped: HiddenCharacter[] } {
  const dropped = findHiddenCharacters(text).filter((character) => character.rule === 'invisible-character');
  if (dropped.length === 0) return { text, dropped };
  let result = '';
  let from = 0;
  for (const character of dropped) {
    result += text.slice(from, character.index);
    from = character.index + character.length;
  }
  result += text.slice(from);
  // A character accepted only beside one that went (a joiner after a stray selector) goes too.
  const again = dropInvisibleCharacters(result);
  return { text: again.text, dropped: [...dropped, ...again.dropped] };
}

/** `text` with each hidden character shown as `⟨U+00AD⟩`, for reports that quote it. */
export function showHiddenCharacters(text: string): string {
  const characters = findHiddenCharacters(text);
  if (characters.length === 0) return text;
  let result = '';
  let from = 0;
  for (const character of characters) {
    result += `${text.slice(from, character.index)}⟨${formatCodePoint(character.codePoint)}⟩`;
    from = character.index + character.length;
  }
  return result + text.slice(from);
}

/** A repair as the ingest and `npm run new` report it. */
export interface HiddenCharacterRepair {
  rule: 'invisible-character';
  /** Where the first character was, with it shown as `⟨U+00AD⟩`, and how many more there were. */
  before: string;
  after: string;
}

/**
 * `text` with its invisible characters deleted (the repair the ingest and `npm run new` make; see
 * the module comment), and the repair to report, if any. Bidirectional and control characters are
 * left for the check to refuse.
 */
export function repairInvisibleCharacters(text: string): { text: string; repair?: HiddenCharacterRepair } {
  const { text: repaired, dropped } = dropInvisibleCharacters(text);
  const first = dropped[0];
  if (first === undefined) return { text };
  const from = Math.max(0, first.index - 20);
  const to = Math.min(text.length, first.index + first.length + 20);
  const window = text.slice(from, to);
  const more = dropped.length > 1 ? ` (and ${dropped.length - 1} more)` : '';
  return {
    text: repaired,
    repair: {
      rule: 'invisible-character',
      before: `${showHiddenCharacters(window)}${more}`,
      after: showHiddenCharacters(dropInvisibleCharacters(window).text),
    },
  };
}
