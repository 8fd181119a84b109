import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';

/**
 * A paper file's front matter and body, read exactly as Astro's `parseFrontmatter` reads them
 * (`frontmatter: 'empty-with-spaces'`), only faster for the files the ingest writes.
 *
 * Why not Astro's reader alone: it parses YAML with the `yaml` package, 100 µs a file here against
 * 10 µs below, and a build reads every paper file on its main thread (9 s of CPU at 100,000 papers,
 * the size whose 5.5-minute target the build misses by seconds). Why not js-yaml, which is fast: what
 * a file means must not depend on which reader met it, and the check reads with Astro's.
 *
 * So this is not a YAML parser. It recognises one narrow form, the one `serializePaperFile` writes
 * (a `key: scalar` per line, lists as `  - scalar` lines, quoted or plain scalars on one line) and
 * reads it only where no YAML reader can disagree: any line, key or scalar outside that form,
 * anything YAML would read as a number, a null or a boolean, a duplicate key, a character YAML
 * treats specially, is handed to Astro's reader untouched. tests/unit/paper/read-front-matter.test.ts
 * compares both readers on every file form the archive has and on generated hostile ones.
 */
export function readFrontMatter(source: string): { frontmatter: Record<string, unknown>; content: string } {
  const match = FRONT_MATTER.exec(source);
  if (match !== null) {
    const raw = match[1] ?? '';
    const data = readSimpleYaml(raw);
    if (data !== undefined) return { frontmatter: data, content: emptied(source, raw) };
  }
  const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
  return { frontmatter, content };
}

/**
 * The file with its front matter emptied as `parseFrontmatter` does it (`source.replace` of the
 * block, fences included, by spaces for its characters and its line breaks kept), without a
 * regular expression over every character: `raw` has no carriage return (`readSimpleYaml`).
 */
function emptied(source: string, raw: string): string {
  const block = `---${raw}---`;
  const spaces = `   ${raw
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n')}   `;
  // A block closed by `+++` is not `block`: replaced wherever `replace` finds it, if anywhere.
  return source.startsWith(block) ? spaces + source.slice(block.length) : source.replace(block, spaces);
}

/**
 * Astro's front-matter pattern (internal-helpers `frontmatterRE`) with the opening fence `---`
 * at the very start, as every paper file has it: a BOM, blank lines or a `+++` fence go to
 * Astro's reader.
 */
const FRONT_MATTER = /^---([\s\S]*?\n)(?:---|\+\+\+)/;

/** Keys of the one form: a lowercase word, never one YAML reads as a null or a boolean. */
const KEY = /^[a-z][A-Za-z]*$/;
const RESERVED_KEYS = new Set(['null', 'true', 'false']);

/**
 * Characters a scalar of the form may not hold: anything but printable, one-line text, and the
 * characters a YAML reader may treat as a line break or a byte-order mark (U+0085, U+2028, U+2029,
 * U+FEFF). Lone surrogates are refused with `isWellFormed`.
 */
const UNSAFE_CHARACTER = /[^\x20-\x7E\u00A0-\u2027\u202A-\uFEFE\uFF00-\uFFFD]/;

/**
 * A plain scalar YAML reads as a string: it does not start with an indicator, a sign, a dot or `~`
 * (nulls, signed numbers, `.inf`), holds no `: `, ` #` or tab, and neither ends in `:` nor in a
 * space (`plainString`).
 */
const PLAIN_FIRST = /^[^\s\-?:,[\]{}#&*!|>'"%@`+.~]/;
const WORDS_YAML_RESOLVES = /^(?:null|true|false)$/i;
function plainString(text: string): boolean {
  return (
    PLAIN_FIRST.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !text.includes('\t') &&
    !text.endsWith(':') &&
    !text.endsWith(' ') &&
    !WORDS_YAML_RESOLVES.test(text)
  );
}

/**
 * A plain scalar that starts with a digit is a string (`3D Gaussian Splatting`) only if no number
 * or timestamp YAML knows could be spelt with it: a character none of them has, or a space that is
 * not a timestamp's (`2025-03-14 10:00`). `3D` or `1e3` alone go to Astro's reader.
 */
const NUMBER_CHARACTERS = /^[0-9a-fA-F.+\-:_xXoOtTzZ]*$/;
const TIMESTAMP_START = /^[0-9]{4}-[0-9]/;
function digitsMeanText(text: string): boolean {
  if (!NUMBER_CHARACTERS.test(text.replaceAll(' ', ''))) return true;
  return text.includes(' ') && !TIMESTAMP_START.test(text);
}

/** A day as `serializePaperFile` writes `added` and `published`: YAML's timestamp, midnight UTC. */
const DAY = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;

/** One scalar of the form, or `undefined` when it is not one. */
function readScalar(text: string): string | Date | undefined {
  if (UNSAFE_CHARACTER.test(text) || !text.isWellFormed()) return undefined;
  const first = text.charCodeAt(0);
  if (first === 0x27 /* ' */) {
    if (text.length < 2 || !text.endsWith("'")) return undefined;
    const inner = text.slice(1, -1);
    // Quotes inside come in pairs, each one quote.
    if (inner.replaceAll("''", '').includes("'")) return undefined;
    return inner.replaceAll("''", "'");
  }
  if (first === 0x22 /* " */) {
    if (text.length < 2 || !text.endsWith('"')) return undefined;
    const inner = text.slice(1, -1);
    // Without escapes, a double-quoted scalar is its text.
    return inner.includes('"') || inner.includes('\\') ? undefined : inner;
  }
  const day = DAY.exec(text);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const value = new Date(Date.UTC(year, month - 1, date));
    // A day that does not exist (2025-02-30) is YAML's to roll over.
    return value.getUTCMonth() === month - 1 && value.getUTCDate() === date ? value : undefined;
  }
  if (!plainString(text)) return undefined;
  if (first >= 0x30 && first <= 0x39 && !digitsMeanText(text)) return undefined;
  return text;
}

/** The front matter of the one form as a mapping, or `undefined` for anything else. */
export function readSimpleYaml(raw: string): Record<string, unknown> | undefined {
  if (!raw.startsWith('\n') || raw.includes('\r')) return undefined;
  const lines = raw.slice(1, -1).split('\n');
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon === -1) return undefined;
    const key = line.slice(0, colon);
    if (!KEY.test(key) || RESERVED_KEYS.has(key) || seen.has(key)) return undefined;
    seen.add(key);
    i += 1;
    if (colon === line.length - 1) {
      // A list: one or more `  - scalar` lines.
      const items: (string | Date)[] = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('  - ')) {
        const item = readScalar((lines[i] ?? '').slice(4));
        if (item === undefined) return undefined;
        items.push(item);
        i += 1;
      }
      if (items.length === 0) return undefined;
      data[key] = items;
      continue;
    }
    if (line.charCodeAt(colon + 1) !== 0x20 /* space */) return undefined;
    const value = readScalar(line.slice(colon + 2));
    if (value === undefined) return undefined;
    data[key] = value;
  }
  return seen.size === 0 ? undefined : data;
}
