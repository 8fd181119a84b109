import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { plainParagraphsHtml } from '../../../src/lib/markdown/plain-paragraphs.ts';
import { readFrontMatter } from '../../../src/lib/paper/read-front-matter.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';

const fullRenderer = createPaperRenderer({ plainParagraphs: false });
const renderer = createPaperRenderer();

/** The abstracts of every paper file under `dir`, at any depth. */
function abstractsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => readFrontMatter(readFileSync(join(dir, name), 'utf8')).content.trim());
}

describe('plainParagraphsHtml', () => {
  it('wraps each paragraph of plain prose in <p>, keeping its line breaks and any character', () => {
    expect(plainParagraphsHtml('Plain text (with parentheses), “quotes” — and ünïcode: 3.5 = x/2!')).toBe(
      '<p>Plain text (with parentheses), “quotes” — and ünïcode: 3.5 = x/2!</p>',
    );
    expect(plainParagraphsHtml('One line\nand the next.\n\n\nSecond paragraph.')).toBe(
      '<p>One line\nand the next.</p>\n<p>Second paragraph.</p>',
    );
  });

  it('leaves anything Markdown or math could read to the full renderer', () => {
    const markup = [
      'Escaped \\* star',
      'Some `code`',
      'An *emphasis* or _this_',
      'A [link](https://example.org)',
      'An ![image](x.png)',
      'Raw <b>HTML</b> or <https://example.org>',
      'An entity &amp; or &#169;',
      'Math $x^2$ inline',
      'Fence ~~~',
      'Not # a heading but still refused',
      'A | table cell',
      'Tab\there',
      'Carriage\rreturn',
      'Nul\u0000byte',
      'Escape\u001bcharacter',
    ];
    for (const text of markup) expect(plainParagraphsHtml(text), text).toBeUndefined();
  });

  it('leaves lines that could start a block, and hard breaks, to the full renderer', () => {
    const blocks = [
      '- a list item',
      'Text\n+ a list item',
      '1. first',
      'Text\n2) second',
      '> a quote',
      '    indented code',
      'Text\n    indented continuation',
      ' leading space',
      'Setext\n===',
      'Setext\n---',
      'Rule\n\n***',
      'Hard  \nbreak',
      'Trailing space \nthen more',
      'Ends with a space ',
      '\nStarts with a line feed',
      'Ends with a line feed\n',
      '(Starts with a parenthesis)',
      '“Starts with a quote”',
      '',
    ];
    for (const text of blocks) expect(plainParagraphsHtml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('gives the full renderer’s HTML for every abstract of the seed archive and the fixture sites', async () => {
    const abstracts = [...abstractsUnder('content/papers'), ...abstractsUnder('tests/fixtures/site')];
    let plain = 0;
    for (const [index, markdown] of abstracts.entries()) {
      const fast = plainParagraphsHtml(markdown);
      if (fast === undefined) continue;
      plain += 1;
      expect(fast, markdown).toBe(await fullRenderer(markdown, `abstract-${index}.md`));
    }
    // Most real abstracts are plain: the comparison above is not empty.
    expect(plain).toBeGreaterThan(abstracts.length / 4);
  });

  it('gives the full renderer’s HTML for generated text made of what matters to Markdown', async () => {
    // Letters and words, the spaces and line feeds that make paragraphs, block and list markers
    // where they are harmless or not, punctuation, and characters micromark or the stringifier
    // treat specially (no-break space, line separator, replacement character, BOM, a surrogate pair).
    // prettier-ignore
    const pieces = [
      'a', 'Z', 'é', 'Ω', 'ß', 'ﬁ', 'word', 'Text', ' ', ' ', '  ', '\n', '\n\n', '\n\n\n', '-', '+', '=', '1.',
      '2)', '(', ')', '.', ',', ':', '!', '?', "'", '"', '/', '%', '@', '\u00a0', '\u2028', '\ufffd', '\ufeff',
      '😀', '3', '—', '“', '*', '_', '<', '&', '$', '\\', '#', '\t', '`', '~', '[', ']',
    ];
    const letters = ['a', 'Z', 'é', 'Ω', 'word', 'Text'];
    const random = seededRandom(20261206);
    let compared = 0;
    for (let n = 0; n < 40_000; n += 1) {
      // Half start with a letter, as plain text must: the comparison below is then seldom empty.
      let text = random() < 0.5 ? (letters[Math.floor(random() * letters.length)] ?? '') : '';
      const length = 1 + Math.floor(random() * 16);
      for (let k = 0; k < length; k += 1) text += pieces[Math.floor(random() * pieces.length)];
      const fast = plainParagraphsHtml(text);
      if (fast === undefined) continue;
      compared += 1;
      expect(fast, JSON.stringify(text)).toBe(await fullRenderer(text, 'generated.md'));
    }
    expect(compared).toBeGreaterThan(2_000);
  });

  it('is what the paper renderer gives for plain prose, and the full pipeline for anything else', async () => {
    expect(await renderer('Plain prose.\n\nTwo paragraphs.', 'plain.md')).toBe(
      '<p>Plain prose.</p>\n<p>Two paragraphs.</p>',
    );
    const math = 'Loss $L = x^2$ here.';
    expect(await renderer(math, 'math.md')).toBe(await fullRenderer(math, 'math.md'));
    expect(await renderer(math, 'math.md')).toContain('class="katex"');
  });
});
