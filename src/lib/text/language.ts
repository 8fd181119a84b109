/**
 * The language of a title or abstract as far as its script tells it, for a `lang` attribute: a
 * screen reader reads text in the voice of its language, and the site's pages are `lang="en"`, so
 * a Chinese or Russian abstract was read out by an English voice (letter by letter, or as
 * nonsense). Decided when the page is built, like its direction (direction.ts): a page in English
 * carries no byte more.
 *
 * Only scripts that name a language, or nearly: Hangul is Korean, kana Japanese, Han without kana
 * Chinese, Thai Thai, Hebrew Hebrew, Greek Greek, Devanagari Hindi (the language most written in
 * it); the Arabic script is Arabic unless letters only Urdu or Persian write say otherwise, and
 * Cyrillic Russian unless letters of Ukrainian, Belarusian, Serbian or Kazakh do. No library: a
 * language detector is megabytes of statistics to guess what the script mostly says already, and
 * Latin-script text (French, German...) is left to the page's language, which no script can tell.
 *
 * A text is in such a language when the letters of that script (outside TeX math) weigh at least as
 * much as its Latin ones, a CJK, kana, Hangul or Thai character counting as two letters (one is a
 * syllable or a word): `β-VAE: Learning...` stays English, `基于Transformer的推理加速` is Chinese.
 */
import { htmlDirection, proseOutsideMath, textDirection, textOfHtml, type TextDirection } from './direction.ts';

export type TextLanguage = string | undefined;

/** Any code point of a script other than Latin (and Latin-1's letters, which are Latin). */
const MAY_BE_OTHER = /[\u0370-\u1DFF\u2C00-\u2DFF\u2E80-\uFFEF\uD800-\uDFFF]/;

/** Scripts that name a language, with how much one letter of theirs weighs. */
const SCRIPTS: readonly (readonly [language: string, letter: RegExp, weight: number])[] = [
  ['zh', /\p{Script=Han}/u, 2],
  ['ja', /[\p{Script=Hiragana}\p{Script=Katakana}]/u, 2],
  ['ko', /\p{Script=Hangul}/u, 2],
  ['th', /\p{Script=Thai}/u, 2],
  ['lo', /\p{Script=Lao}/u, 2],
  ['km', /\p{Script=Khmer}/u, 2],
  ['my', /\p{Script=Myanmar}/u, 2],
  ['bo', /\p{Script=Tibetan}/u, 2],
  ['ar', /\p{Script=Arabic}/u, 1],
  ['he', /\p{Script=Hebrew}/u, 1],
  ['el', /\p{Script=Greek}/u, 1],
  ['ru', /\p{Script=Cyrillic}/u, 1],
  ['hy', /\p{Script=Armenian}/u, 1],
  ['ka', /\p{Script=Georgian}/u, 1],
  ['hi', /\p{Script=Devanagari}/u, 1],
  ['bn', /\p{Script=Bengali}/u, 1],
  ['pa', /\p{Script=Gurmukhi}/u, 1],
  ['gu', /\p{Script=Gujarati}/u, 1],
  ['or', /\p{Script=Oriya}/u, 1],
  ['ta', /\p{Script=Tamil}/u, 1],
  ['te', /\p{Script=Telugu}/u, 1],
  ['kn', /\p{Script=Kannada}/u, 1],
  ['ml', /\p{Script=Malayalam}/u, 1],
  ['si', /\p{Script=Sinhala}/u, 1],
  ['am', /\p{Script=Ethiopic}/u, 1],
];
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/gu;

/** Letters only some languages of a script write: the first that matches names the language. */
const WITHIN_SCRIPT: Readonly<Record<string, readonly (readonly [string, RegExp])[]>> = {
  ar: [
    ['ur', /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2]/u],
    ['fa', /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/u],
  ],
  ru: [
    ['kk', /[әғқңұһӘҒҚҢҰҺ]/u],
    ['uk', /[іїєґІЇЄҐ]/u],
    ['be', /[ўЎ]/u],
    ['sr', /[ђјљњћџЂЈЉЊЋЏ]/u],
  ],
};

/**
 * Whether `prose` cannot be in a language of its own however its other characters read: even each
 * code point past Latin-1 and its extensions counted as the heaviest letter (two) weighs less than
 * its ASCII letters alone. One pass over char codes, so an English abstract with a few Greek
 * letters from its math (a third of them) costs about 1 µs, not the 50 µs a look at each letter did.
 */
function plainlyLatin(prose: string): boolean {
  let ascii = 0;
  let others = 0;
  for (let i = 0; i < prose.length; i += 1) {
    const code = prose.charCodeAt(i);
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) ascii += 1;
    } else if (code >= 0x370 && (code < 0xdc00 || code > 0xdfff)) {
      // A surrogate pair counts once, by its high half.
      others += 1;
    }
  }
  return 2 * others < ascii;
}

export function textLanguage(text: string): TextLanguage {
  if (!MAY_BE_OTHER.test(text)) return undefined;
  const prose = proseOutsideMath(text);
  if (plainlyLatin(prose)) return undefined;
  const weights = new Map<string, number>();
  let latin = 0;
  for (const [letter] of prose.matchAll(LETTER)) {
    if (LATIN.test(letter)) {
      latin += 1;
      continue;
    }
    const script = SCRIPTS.find(([, pattern]) => pattern.test(letter));
    if (script !== undefined) weights.set(script[0], (weights.get(script[0]) ?? 0) + script[2]);
  }
  // Japanese is kana with Han; Korean may hold Han too.
  const kana = weights.get('ja') ?? 0;
  const han = weights.get('zh') ?? 0;
  if (kana > 0) {
    weights.set('ja', kana + han);
    weights.delete('zh');
  } else if ((weights.get('ko') ?? 0) > 0 && han > 0) {
    weights.set('ko', (weights.get('ko') ?? 0) + han);
    weights.delete('zh');
  }
  let best: string | undefined;
  let bestWeight = 0;
  for (const [language, weight] of weights) {
    if (weight > bestWeight) [best, bestWeight] = [language, weight];
  }
  if (best === undefined || bestWeight < latin) return undefined;
  return WITHIN_SCRIPT[best]?.find(([, letters]) => letters.test(prose))?.[0] ?? best;
}

/** The language of safe HTML (an excerpt as the site renders it): its text alone. */
export function htmlLanguage(html: string): TextLanguage {
  if (!MAY_BE_OTHER.test(html)) return undefined;
  return textLanguage(textOfHtml(html));
}

/** The `dir` and `lang` attributes of an element showing a text, only those it needs (none for English). */
export interface ScriptAttributes {
  dir?: NonNullable<TextDirection>;
  lang?: string;
}

function attributes(dir: TextDirection, lang: TextLanguage): ScriptAttributes {
  return { ...(dir === undefined ? {} : { dir }), ...(lang === undefined ? {} : { lang }) };
}

/** What an element showing `text` (a title, an abstract) says of its script: `{...scriptAttributes(text)}`. */
export function scriptAttributes(text: string): ScriptAttributes {
  return attributes(textDirection(text), textLanguage(text));
}

/** `scriptAttributes` of safe HTML (an excerpt as the site renders it). */
export function htmlScriptAttributes(html: string): ScriptAttributes {
  return attributes(htmlDirection(html), htmlLanguage(html));
}
