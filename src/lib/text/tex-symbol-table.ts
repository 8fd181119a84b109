import katex from 'katex';
import { KATEX_OPTIONS } from '../math/katex-options.ts';

/**
 * How each command of the math allow-list that stands alone (takes no argument) reads as text,
 * taken from what KaTeX itself draws for it: the text of its MathML (`\longrightarrow` is ⟶,
 * `\lVert` ∥, `\coloneqq` ≔, `\Alpha` A, `\log` log), with a space either side where KaTeX sets
 * one (relations and binary operators, `\iff`, `\bmod`). This covers KaTeX's symbol table and
 * every macro that expands to symbols, so tex-to-text.ts names no symbol by hand beyond the
 * spellings search wants, and a command never reads as its own name unless KaTeX shows that name.
 *
 * Used by `npm run math-commands` (which writes tex-symbols.json beside this file) and by the test
 * that holds that file to the installed KaTeX; the site reads the JSON.
 */

/** KaTeX's rendering of `tex`; `undefined` when KaTeX refuses it (a command that needs an argument, read by tex-to-text.ts itself). */
function render(tex: string, output: 'mathml' | 'html'): string | undefined {
  try {
    return katex.renderToString(tex, { ...KATEX_OPTIONS, output, throwOnError: true });
  } catch {
    return undefined;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** Double-struck letters: the Letterlike Symbols where Unicode has them, the Mathematical block otherwise. */
const DOUBLE_STRUCK_LETTERLIKE: Record<string, string> = { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' };
function doubleStruck(text: string): string {
  return [...text]
    .map((char) => {
      if (DOUBLE_STRUCK_LETTERLIKE[char] !== undefined) return DOUBLE_STRUCK_LETTERLIKE[char];
      if (/[A-Z]/.test(char)) return String.fromCodePoint(0x1d538 + char.charCodeAt(0) - 65);
      if (/[a-z]/.test(char)) return String.fromCodePoint(0x1d552 + char.charCodeAt(0) - 97);
      return char;
    })
    .join('');
}

/** The text a reader sees in KaTeX's MathML: no annotation, nothing phantom, spaces as spaces, no invisible operators. */
function mathmlText(mathml: string): string {
  return (
    mathml
      .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
      .replace(/<mphantom>[\s\S]*?<\/mphantom>/g, '')
      .replace(/<mspace width="(-?)[^"]*"\/>/g, (_all, negative: string) => (negative === '' ? ' ' : ''))
      .replace(/<mi mathvariant="double-struck">([^<]*)<\/mi>/g, (_all, letters: string) => doubleStruck(letters))
      .replace(/<[^>]*>/g, '')
      .replace(/&(amp|lt|gt|quot);/g, (_all, name: string) => ENTITIES[name] ?? '')
      .replace(/&#x([0-9a-fA-F]+);/g, (_all, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      // Function application, invisible times and separator, zero width space: nothing to read.
      .replace(/[\u2061-\u2063\u200b]/g, '')
      .replace(/\s+/g, ' ')
  );
}

/**
 * The class KaTeX gives a command between two operands (`mrel`, `mbin`, `mord`...): between them,
 * since a binary operator with no left operand is drawn as an ordinary symbol.
 */
function atomClass(command: string): string | undefined {
  const html = render(`x${command} x`, 'html') ?? '';
  return /mathnormal">x<\/span>(?:<span class="mspace"[^>]*><\/span>)*<span class="(m[a-z]+)/.exec(html)?.[1];
}

/** Name (no backslash) -> text, for every command in `allowed` that KaTeX draws alone, in math mode or else in text. */
export function texSymbolTable(allowed: readonly string[]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const command of allowed) {
    const name = command.slice(1);
    const mathml = render(command, 'mathml');
    if (mathml !== undefined) {
      const text = mathmlText(mathml);
      const atom = atomClass(command);
      const spaced = atom === 'mrel' || atom === 'mbin';
      const core = text.trim();
      if (core === '') {
        table[name] = text === '' ? '' : ' ';
        continue;
      }
      const before = spaced || text.startsWith(' ') ? ' ' : '';
      const after = spaced || text.endsWith(' ') ? ' ' : '';
      table[name] = `${before}${core}${after}`;
      continue;
    }
    // Text-mode symbols (\ss, \AE, \textemdash) are drawn inside \text.
    const inText = render(`\\text{${command}}`, 'mathml');
    if (inText !== undefined) table[name] = mathmlText(inText).trim();
  }
  return table;
}
