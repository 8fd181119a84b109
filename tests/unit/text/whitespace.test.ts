import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { collapseWhitespace, singleSpaced, singleSpacedParagraphs } from '../../../src/lib/text/whitespace.ts';

describe('collapseWhitespace', () => {
  it('makes each run of white space one space, and changes nothing else', () => {
    expect(collapseWhitespace('a  b\n\nc\td \u00a0e\u2028f g')).toBe('a b c d e f g');
    expect(collapseWhitespace(' lead and trail ')).toBe(' lead and trail ');
    expect(collapseWhitespace('none')).toBe('none');
  });

  it('gives what replacing /\\s+/g with a space gives, for generated text', () => {
    // Plain spaces alone and in runs, every other kind of white space, and what is not white space
    // though it looks blank (zero width space, Mongolian vowel separator, next line).
    // prettier-ignore
    const pieces = [
      ' ', '  ', '\n', '\r\n', '\t', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f',
      '\u205f', '\u3000', '\ufeff', '\u200b', '\u180e', '\u0085', 'a', 'b c', '.',
    ];
    const random = seededRandom(7);
    for (let n = 0; n < 20_000; n += 1) {
      let text = '';
      for (let k = Math.floor(random() * 12); k > 0; k -= 1) text += pieces[Math.floor(random() * pieces.length)];
      expect(collapseWhitespace(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' '));
    }
  });

  it('trims what it collapsed, for a title, a name or a paragraph on one line', () => {
    expect(singleSpaced('\n  A   title\n on two lines\u00a0 ')).toBe('A title on two lines');
    expect(singleSpaced(' \t\n')).toBe('');
  });
});

describe('singleSpacedParagraphs', () => {
  it('puts each paragraph on one line, keeps the breaks between them, drops blank ones', () => {
    const wrapped = '\n  First line of the\n  first paragraph.\n \t\nSecond\tone,\r\n wrapped.\n\n\n   \n\nThird. \n';
    expect(singleSpacedParagraphs(wrapped)).toBe(
      'First line of the first paragraph.\n\nSecond one, wrapped.\n\nThird.',
    );
    expect(singleSpacedParagraphs('One paragraph only')).toBe('One paragraph only');
    expect(singleSpacedParagraphs(' \n\n \t ')).toBe('');
  });
});
