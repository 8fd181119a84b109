import { describe, expect, it } from 'vitest';
import {
  ASCII_LIMIT,
  CHAR,
  isAsciiAlnum,
  isAsciiDigit,
  isAsciiLetter,
  isAsciiLower,
  isAsciiUpper,
} from '../../../src/lib/text/char-codes.ts';

describe('CHAR', () => {
  it('names each character by the code it has', () => {
    const spelled: Record<keyof typeof CHAR, string> = {
      TAB: '\t',
      LINE_FEED: '\n',
      CARRIAGE_RETURN: '\r',
      SPACE: ' ',
      DOLLAR: '$',
      OPEN_PAREN: '(',
      CLOSE_PAREN: ')',
      ASTERISK: '*',
      PLUS: '+',
      COMMA: ',',
      HYPHEN: '-',
      PERIOD: '.',
      DIGIT_0: '0',
      DIGIT_9: '9',
      UPPER_A: 'A',
      UPPER_Z: 'Z',
      OPEN_BRACKET: '[',
      BACKSLASH: '\\',
      CLOSE_BRACKET: ']',
      CARET: '^',
      UNDERSCORE: '_',
      LOWER_A: 'a',
      LOWER_I: 'i',
      LOWER_S: 's',
      LOWER_U: 'u',
      LOWER_Z: 'z',
      OPEN_BRACE: '{',
      CLOSE_BRACE: '}',
    };
    for (const [name, char] of Object.entries(spelled)) {
      expect(CHAR[name as keyof typeof CHAR], name).toBe(char.charCodeAt(0));
    }
    expect(Object.keys(CHAR).sort()).toEqual(Object.keys(spelled).sort());
    expect(Object.isFrozen(CHAR)).toBe(true);
  });

  it('puts the ASCII limit where UTF-8 needs a second byte', () => {
    expect(new TextEncoder().encode(String.fromCharCode(ASCII_LIMIT - 1))).toHaveLength(1);
    expect(new TextEncoder().encode(String.fromCharCode(ASCII_LIMIT))).toHaveLength(2);
  });
});

describe('the ASCII classes', () => {
  it('agree with the regular-expression classes on every UTF-16 code unit', () => {
    const classes = [
      [isAsciiDigit, /^[0-9]$/],
      [isAsciiUpper, /^[A-Z]$/],
      [isAsciiLower, /^[a-z]$/],
      [isAsciiLetter, /^[A-Za-z]$/],
      [isAsciiAlnum, /^[A-Za-z0-9]$/],
    ] as const;
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      for (const [test, pattern] of classes) {
        if (test(code) !== pattern.test(char)) expect.fail(`${test.name}(${code})`);
      }
    }
  });
});
