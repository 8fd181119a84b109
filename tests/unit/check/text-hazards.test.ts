import { describe, expect, it } from 'vitest';
import {
  checkPaperText,
  hiddenCharactersInFile,
  decodePaperBytes,
  firstInvalidUtf8,
  MAX_PAPER_BYTES,
} from '../../../src/lib/check/text-hazards.ts';
import { lineIndex, snippet } from '../../../src/lib/check/text-position.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('firstInvalidUtf8', () => {
  it('accepts well-formed UTF-8 up to U+10FFFF', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('aé€𝔸 \u{10FFFF}'))).toBe(-1);
  });

  it.each([
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['a truncated sequence', bytes(0x61, 0x62, 0xe2, 0x82), 2],
    ['an overlong encoding of "/"', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a bad second byte', bytes(0xc3, 0x28), 0],
    ['the byte 0xFF', bytes(0x41, 0xff), 1],
  ])('finds %s', (_, input, offset) => {
    expect(firstInvalidUtf8(input)).toBe(offset);
  });

  it('agrees with the fatal TextDecoder on random byte strings', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 3000; n += 1) {
      const input = Uint8Array.from({ length: 1 + (next() % 12) }, () => {
        const r = next() % 10;
        return r < 4 ? 0x20 + (next() % 0x5f) : r < 7 ? 0x80 + (next() % 0x40) : 0xc0 + (next() % 0x40);
      });
      let valid = true;
      try {
        decoder.decode(input);
      } catch {
        valid = false;
      }
      const at = firstInvalidUtf8(input);
      expect(at === -1).toBe(valid);
      if (!valid) {
        // Everything before the reported byte is valid, and it is not valid once that byte is included.
        expect(() => decoder.decode(input.subarray(0, at))).not.toThrow();
      }
    }
  });
});

describe('decodePaperBytes', () => {
  it('returns the text of a valid file, with no problems', () => {
    expect(decodePaperBytes(new TextEncoder().encode('---\ntitle: é\n---\n'))).toEqual({
      text: '---\ntitle: é\n---\n',
      problems: [],
    });
  });

  it('refuses invalid UTF-8 at the offset of the bad byte in the decoded text', () => {
    const result = decodePaperBytes(bytes(0x61, 0xc3, 0xa9, 0x0a, 0x62, 0xff));
    expect(result.text).toBeUndefined();
    expect(result.problems).toMatchObject([{ rule: 'invalid-utf8', offset: 4 }]);
  });

  it('refuses a NUL byte, an oversized file and old Mac line endings', () => {
    expect(decodePaperBytes(bytes(0x61, 0x00)).problems).toMatchObject([{ rule: 'nul-byte', offset: 1 }]);
    expect(decodePaperBytes(new Uint8Array(MAX_PAPER_BYTES + 1)).problems).toMatchObject([{ rule: 'file-too-large' }]);
    expect(decodePaperBytes(new TextEncoder().encode('---\rtitle: a\r---\r')).problems).toMatchObject([
      { rule: 'control-character', offset: 3 },
    ]);
  });

  it('accepts CRLF line endings and a leading byte order mark', () => {
    expect(decodePaperBytes(new TextEncoder().encode('\uFEFF---\r\ntitle: a\r\n---\r\n')).problems).toEqual([]);
  });
});

describe('checkPaperText: the byte-level rules on text about to be written', () => {
  it('gives what decodePaperBytes gives on the encoded text', () => {
    for (const text of [
      '---\ntitle: a\n---\nb\n',
      '---\r\ntitle: a\u202E\r\n---\r\n',
      'a\u0000b',
      '---\rtitle: a',
      'é'.repeat(40_000),
      'x'.repeat(MAX_PAPER_BYTES),
    ]) {
      expect(checkPaperText(text), JSON.stringify(text.slice(0, 20))).toEqual(
        decodePaperBytes(new TextEncoder().encode(text)),
      );
    }
  });

  it('refuses a lone surrogate, which the encoder would write as U+FFFD', () => {
    expect(checkPaperText('title: a\uD800b').problems).toMatchObject([{ rule: 'control-character', offset: 8 }]);
  });
});

describe('hiddenCharactersInFile', () => {
  it('reports the first character of each rule and counts the rest', () => {
    expect(hiddenCharactersInFile('a\u202Eb\u2066c\u0007d\u00ADe')).toEqual([
      {
        rule: 'bidi-control',
        offset: 1,
        message:
          'bidirectional control U+202E (right-to-left override): delete it (it makes text display in a different order from how it is stored, so what a reviewer reads is not what is published) (1 more in this file)',
      },
      {
        rule: 'control-character',
        offset: 5,
        message:
          'control character U+0007 (bell): delete it (control characters are not text, and a terminal, a feed reader or a BibTeX tool may act on them)',
      },
      {
        rule: 'invisible-character',
        offset: 7,
        message:
          'invisible character U+00AD (soft hyphen): delete it (it cannot be seen, and hides inside words, e.g. to slip a copy of a title past the duplicate check)',
      },
    ]);
  });

  it('reports zero-width spaces and word joiners, which hide a split word', () => {
    expect(hiddenCharactersInFile('Atten\u200Btion').map((p) => p.offset)).toEqual([5]);
    expect(hiddenCharactersInFile('a\u2060b')[0]?.message).toMatch(/U\+2060 \(word joiner\)/);
  });

  it('leaves tabs, newlines, ordinary Unicode, joiners where a script needs them and a leading BOM alone', () => {
    expect(hiddenCharactersInFile('\uFEFFa\tb\r\nc é — “q” 𝔸 क्\u200Dष می\u200Cخواهم 👩\u200D💻')).toEqual([]);
    expect(hiddenCharactersInFile('a\uFEFFb')).toMatchObject([{ rule: 'invisible-character', offset: 1 }]);
    expect(hiddenCharactersInFile('W\u200Cidgets')).toMatchObject([{ rule: 'invisible-character', offset: 1 }]);
  });
});

describe('lineIndex and snippet', () => {
  it('turns offsets into 1-based lines and columns', () => {
    const at = lineIndex('ab\ncd\n\nef');
    expect([0, 1, 2, 3, 6, 7, 8, 99].map(at)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
      { line: 4, column: 3 },
    ]);
  });

  it('quotes text on one line, cut with an ellipsis', () => {
    expect(snippet('a\n  b', 10)).toBe('a b');
    expect(snippet('abcdefghijkl', 5)).toBe('abcd…');
  });
});
