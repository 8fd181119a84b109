/**
 * The direction of a text, decided when the page is built as a browser's `dir="auto"` decides it
 * (the first strong character, Unicode's bidirectional algorithm rules P2-P3): `'rtl'` when the
 * first letter is of a right-to-left script (Hebrew, Arabic, Persian, Urdu, Syriac, Thaana, N'Ko,
 * ...), else `undefined`, the page's own left to right. A page marks only right-to-left titles and
 * abstracts (`dir="rtl"`), so a left-to-right paper's page carries no byte more; without it, an
 * Arabic abstract with a Latin acronym or a formula in it shows its sentences' runs in the wrong
 * order, and its final full stop at the wrong end.
 *
 * TeX math (`$...$`, `$$...$$`, `\(...\)`, `\[...\]`) is passed over: its letters are not the
 * prose's. Digits, punctuation and white space are not strong and decide nothing.
 */
export type TextDirection = 'rtl' | undefined;

// Every code point of a right-to-left script, and every astral one (some astral scripts are
// right to left); text without any of them is decided at once, with one search.
const MAY_BE_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\uD800-\uDFFF]/;
const RTL_LETTER =
  /^[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}\p{Script=Mende_Kikakui}\p{Script=Imperial_Aramaic}\p{Script=Phoenician}\p{Script=Old_South_Arabian}\p{Script=Old_North_Arabian}\p{Script=Nabataean}\p{Script=Palmyrene}\p{Script=Hatran}\p{Script=Avestan}\p{Script=Inscriptional_Parthian}\p{Script=Inscriptional_Pahlavi}\p{Script=Psalter_Pahlavi}\p{Script=Manichaean}\p{Script=Sogdian}\p{Script=Old_Sogdian}\p{Script=Elymaic}\p{Script=Chorasmian}\p{Script=Kharoshthi}\p{Script=Lydian}\p{Script=Cypriot}\p{Script=Meroitic_Cursive}\p{Script=Meroitic_Hieroglyphs}\p{Script=Old_Hungarian}\p{Script=Old_Turkic}]$/u;
const TEX_MATH = /\$\$[\s\S]*?\$\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]|(?<!\\)\$(?:\\[\s\S]|[^$\\])*\$/g;
const FIRST_LETTER = /\p{L}/u;

/** `text` with its TeX math (`$...$`, `$$...$$`, `\(...\)`, `\[...\]`) blanked out: its letters are not the prose's. */
export function proseOutsideMath(text: string): string {
  return text.includes('$') || text.includes('\\') ? text.replace(TEX_MATH, ' ') : text;
}

export function textDirection(text: string): TextDirection {
  if (!MAY_BE_RTL.test(text)) return undefined;
  const prose = proseOutsideMath(text);
  const letter = FIRST_LETTER.exec(prose);
  return letter !== null && RTL_LETTER.test(letter[0]) ? 'rtl' : undefined;
}

const RTL_LETTERS = new RegExp(`(?=\\p{L})${RTL_LETTER.source.slice(1, -1)}`, 'u');

/** Whether `text` holds a letter of a right-to-left script anywhere. */
export function hasRightToLeftLetter(text: string): boolean {
  return MAY_BE_RTL.test(text) && RTL_LETTERS.test(text);
}

const TAG_OR_REFERENCE = /<[^>]*>|&(?:#x[\da-f]+|#\d+|[a-z][a-z\d]*);/gi;

/** The text of safe HTML, without tags, attributes or character references (each a space). */
export function textOfHtml(html: string): string {
  return html.replace(TAG_OR_REFERENCE, ' ');
}

/**
 * The direction of safe HTML (a title or excerpt as the site renders it): its text alone, without
 * tags, attributes or character references, which are read as not strong.
 */
export function htmlDirection(html: string): TextDirection {
  if (!MAY_BE_RTL.test(html)) return undefined;
  return textDirection(textOfHtml(html));
}
