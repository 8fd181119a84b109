import { describe, expect, it } from 'vitest';
import {
  CANDIDATE,
  CANDIDATE_UNITS,
  describeCharacter,
  dropInvisibleCharacters,
  findHiddenCharacters,
  hiddenCharacterProblems,
  hiddenReferences,
  repairInvisibleCharacters,
  showHiddenCharacters,
} from '../../../src/lib/check/hidden-characters.ts';

const rules = (text: string, options = {}) => findHiddenCharacters(text, options).map((c) => [c.rule, c.index]);

describe('the candidate sets', () => {
  it('are the same set over the BMP, and every surrogate is a candidate unit', () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      const surrogate = code >= 0xd800 && code <= 0xdfff;
      if (CANDIDATE_UNITS.test(char) !== (surrogate || CANDIDATE.test(char))) differ.push(code.toString(16));
    }
    expect(differ).toEqual([]);
  });
});

describe('findHiddenCharacters: the three rules', () => {
  it.each([
    ['NUL', '\u0000', 'control-character'],
    ['escape (\\e[2J clears a terminal)', '\u001B', 'control-character'],
    ['bell', '\u0007', 'control-character'],
    ['DEL', '\u007F', 'control-character'],
    ['a C1 control (next line)', '\u0085', 'control-character'],
    ['the line separator', '\u2028', 'control-character'],
    ['the paragraph separator', '\u2029', 'control-character'],
    ['an interlinear annotation anchor', '\uFFF9', 'control-character'],
    ['a lone high surrogate', '\uD800', 'control-character'],
    ['a lone low surrogate', '\uDC00', 'control-character'],
    ['a noncharacter (XML refuses it)', '\uFFFE', 'control-character'],
    ['the noncharacter U+FFFF', '\uFFFF', 'control-character'],
    ['an Arabic-block noncharacter', '\uFDD0', 'control-character'],
    ['a noncharacter past the BMP', '\u{10FFFF}', 'control-character'],
    ['right-to-left override', '\u202E', 'bidi-control'],
    ['left-to-right embedding', '\u202A', 'bidi-control'],
    ['pop directional formatting', '\u202C', 'bidi-control'],
    ['right-to-left isolate', '\u2067', 'bidi-control'],
    ['pop directional isolate', '\u2069', 'bidi-control'],
    ['soft hyphen', '\u00AD', 'invisible-character'],
    ['zero width space', '\u200B', 'invisible-character'],
    ['left-to-right mark', '\u200E', 'invisible-character'],
    ['right-to-left mark', '\u200F', 'invisible-character'],
    ['Arabic letter mark', '\u061C', 'invisible-character'],
    ['word joiner', '\u2060', 'invisible-character'],
    ['invisible times', '\u2062', 'invisible-character'],
    ['invisible plus', '\u2064', 'invisible-character'],
    ['a deprecated format character', '\u206A', 'invisible-character'],
    ['a byte order mark inside text', '\uFEFF', 'invisible-character'],
    ['Mongolian vowel separator', '\u180E', 'invisible-character'],
    ['Hangul filler', '\u3164', 'invisible-character'],
    ['Hangul choseong filler', '\u115F', 'invisible-character'],
    ['Hangul jungseong filler', '\u1160', 'invisible-character'],
    ['halfwidth Hangul filler', '\uFFA0', 'invisible-character'],
    ['combining grapheme joiner', '\u034F', 'invisible-character'],
    ['Khmer inherent vowel', '\u17B4', 'invisible-character'],
    ['a shorthand format control', '\u{1BCA0}', 'invisible-character'],
    ['a musical format character', '\u{1D173}', 'invisible-character'],
    ['a tag character', '\u{E0041}', 'invisible-character'],
    ['the language tag', '\u{E0001}', 'invisible-character'],
  ])('%s is refused as %s', (_, char, rule) => {
    expect(rules(`Wid${char}gets`)).toEqual([[rule, 3]]);
  });

  it('leaves tab, line feed, carriage return and ordinary text of every script alone', () => {
    expect(rules('a\tb\nc\r\nd é ß — “q” 𝔸 α β Ω Москва 深度学习 مرحبا नमस्ते 🙂 \u00A0 \u3000')).toEqual([]);
  });

  it('accepts a byte order mark at the start of a file only', () => {
    expect(rules('\uFEFF---', { file: true })).toEqual([]);
    expect(rules('\uFEFF---')).toEqual([['invisible-character', 0]]);
    expect(rules('a\uFEFF', { file: true })).toEqual([['invisible-character', 1]]);
  });

  it('accepts the prepended concatenation marks, which are drawn', () => {
    expect(rules('\u0600\u0661\u0662 \u06DD\u0663')).toEqual([]);
  });
});

describe('findHiddenCharacters: invisible characters where a script or emoji needs them', () => {
  it.each([
    ['a ZWNJ in a Persian word', 'می\u200Cخواهم'],
    ['a ZWJ in a Devanagari conjunct', 'क्\u200Dष'],
    ['a ZWNJ after a Devanagari virama', 'क्\u200Cष'],
    ['a ZWNJ in Malayalam', 'കാര്\u200Cത്തിക'],
    ['a ZWJ in an emoji sequence', '👩\u200D💻'],
    ['a ZWJ after a skin tone', '👩🏽\u200D🔬'],
    ['a ZWJ after VS16 (rainbow flag)', '🏳\uFE0F\u200D🌈'],
    ['VS16 after an emoji', '❤\uFE0F'],
    ['VS15 after an emoji', '☺\uFE0E'],
    ['VS16 in a keycap', '1\uFE0F\u20E3'],
    ['VS1 after a math symbol', '≩\uFE00'],
    ['VS1 after a CJK ideograph', '丽\uFE00'],
    ['an ideographic variation selector after a CJK ideograph', '葛\u{E0100}'],
    ['a Mongolian free variation selector after a Mongolian letter', 'ᠠ\u180B'],
    ['an emoji tag sequence (the flag of Scotland)', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    // Without the mark a right-to-left paragraph shows "++C" and ")DL(" at the wrong ends.
    ['an LRM after C++ in a Hebrew sentence', 'השיטה משתמשת ב-C++\u200E וב-CUDA'],
    ['RLMs around a Latin acronym in a Hebrew title', 'שיטה חדשה \u200F(DL)\u200F בעברית'],
    ['an Arabic letter mark before a percentage', 'حققنا دقة \u061C95% على'],
    ['an LRM on a Hebrew line of a wrapped abstract', 'English first.\nב-C++\u200E וב-CUDA'],
  ])('accepts %s', (_, text) => {
    expect(rules(text)).toEqual([]);
  });

  it.each([
    ['a ZWNJ between Latin letters', 'Wi\u200Cdgets', 2],
    ['a ZWJ between Latin letters', 'Wi\u200Ddgets', 2],
    ['a ZWJ between Cyrillic letters', 'Мо\u200Dдель', 2],
    ['a ZWNJ between an Arabic and a Latin letter', 'ب\u200Cb', 1],
    ['a ZWNJ at the start', '\u200Cمی', 0],
    ['a ZWNJ at the end', 'می\u200C', 2],
    ['a ZWJ between an emoji and a letter', '👩\u200Da', 2],
    ['VS16 after a Latin letter', 'W\uFE0Fidgets', 1],
    ['VS1 after a Latin letter', 'W\uFE00idgets', 1],
    ['an ideographic variation selector after a Latin letter', 'W\u{E0100}idgets', 1],
    ['a second variation selector in a row', '❤\uFE0F\uFE0F', 2],
    ['a Mongolian free variation selector after a Latin letter', 'a\u180B', 1],
    ['tag characters without the black flag', 'a\u{E0067}\u{E0062}\u{E007F}', 1],
    ['tag characters without the cancel tag', '🏴\u{E0067}\u{E0062}', 2],
    ['an LRM on a line without a right-to-left letter', 'שלום\nC++\u200E code', 8],
    ['an RLM between Latin letters, Arabic digits beside', 'Wi\u200Fdgets ٩٥', 2],
  ])('refuses %s', (_, text, index) => {
    expect(rules(text)[0]).toEqual(['invisible-character', index]);
  });
});

describe('findHiddenCharacters: character references, which the page decodes', () => {
  it.each([
    ['&#x202E;', 'bidi-control', 0x202e],
    ['&#8238;', 'bidi-control', 0x202e],
    ['&shy;', 'invisible-character', 0xad],
    ['&ZeroWidthSpace;', 'invisible-character', 0x200b],
    ['&zwnj;', 'invisible-character', 0x200c],
    ['&zwj;', 'invisible-character', 0x200d],
    ['&lrm;', 'invisible-character', 0x200e],
    ['&rlm;', 'invisible-character', 0x200f],
    ['&NoBreak;', 'invisible-character', 0x2060],
    ['&#xE0041;', 'invisible-character', 0xe0041],
  ])('%s is %s', (reference, rule, codePoint) => {
    expect(findHiddenCharacters(`a ${reference} b`, { references: true })).toEqual([
      { index: 2, length: reference.length, codePoint, rule, reference },
    ]);
  });

  it('ignores references outside Markdown, references to visible characters and controls CommonMark replaces', () => {
    expect(findHiddenCharacters('a &shy; b')).toEqual([]);
    expect(findHiddenCharacters('&amp; &eacute; &#65; &#x1b; &#0; &nosuchentity;', { references: true })).toEqual([]);
  });

  it('hiddenReferences reports them in the abstract, and only them', () => {
    const problems = hiddenReferences('A\u00AD b &shy; c &#x202E; d');
    expect(problems.map((p) => [p.rule, p.offset])).toEqual([
      ['invisible-character', 5],
      ['bidi-control', 13],
    ]);
    expect(problems[0]?.message).toBe(
      'invisible character U+00AD (soft hyphen) written as "&shy;" in the abstract: delete it (it cannot be seen, and hides inside words, e.g. to slip a copy of a title past the duplicate check)',
    );
  });
});

describe('hiddenCharacterProblems', () => {
  it('gives one problem per rule, at its first character, counting the rest', () => {
    const text = 'a\u00ADb\u202Ec\u00ADd\u001Be\u202Cf';
    const problems = hiddenCharacterProblems(findHiddenCharacters(text), { where: ' in the title', scope: 'value' });
    expect(problems.map((p) => [p.rule, p.offset])).toEqual([
      ['invisible-character', 1],
      ['bidi-control', 3],
      ['control-character', 7],
    ]);
    expect(problems[0]?.message).toMatch(
      /^invisible character U\+00AD \(soft hyphen\) in the title: .*\(1 more in this value\)$/,
    );
    expect(problems[2]?.message).not.toMatch(/more in this/);
  });

  it('names characters as messages show them', () => {
    expect(describeCharacter(0x202e)).toBe('U+202E (right-to-left override)');
    expect(describeCharacter(0xfe0f)).toBe('U+FE0F (variation selector-16)');
    expect(describeCharacter(0xe0100)).toBe('U+E0100 (variation selector-17)');
    expect(describeCharacter(0xe0041)).toBe('U+E0041 (tag character, invisible text)');
    expect(describeCharacter(0x1d173)).toBe('U+1D173');
  });
});

describe('repairing invisible characters (the ingest and npm run new)', () => {
  it('deletes the invisible class only, and reports where', () => {
    const title = 'Sca\u00ADling La\u200Bws \u202Efor\u202C Neural Models';
    const { text, repair } = repairInvisibleCharacters(title);
    expect(text).toBe('Scaling Laws \u202Efor\u202C Neural Models');
    expect(repair).toEqual({
      rule: 'invisible-character',
      before: 'Sca⟨U+00AD⟩ling La⟨U+200B⟩ws ⟨U+202E⟩for⟨U+202C⟩ Neu (and 1 more)',
      // Bidirectional controls stay (the check refuses them), shown, never printed raw into a report.
      after: 'Scaling Laws ⟨U+202E⟩for⟨U+202C⟩ Neu',
    });
    expect(repairInvisibleCharacters('Scaling Laws')).toEqual({ text: 'Scaling Laws' });
  });

  it('keeps what a script or emoji needs', () => {
    const text = 'می\u200Cخواهم 👩\u200D💻 ❤\uFE0F';
    expect(dropInvisibleCharacters(text)).toEqual({ text, dropped: [] });
  });

  it('leaves nothing the check would refuse as invisible, whatever the mix', () => {
    const pieces = [
      'a',
      'б',
      'ب',
      'क्',
      '👩',
      '❤',
      '\u200C',
      '\u200D',
      '\uFE0F',
      '\u00AD',
      '\u{E0067}',
      '\u{E007F}',
      '🏴',
      ' ',
    ];
    let seed = 7;
    for (let round = 0; round < 2000; round += 1) {
      let text = '';
      for (let i = 0; i < 12; i += 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      const repaired = dropInvisibleCharacters(text).text;
      expect(findHiddenCharacters(repaired), JSON.stringify(text)).toEqual([]);
    }
  });

  it('shows hidden characters for reports', () => {
    expect(showHiddenCharacters('a\u00ADb\u{E0041}')).toBe('a⟨U+00AD⟩b⟨U+E0041⟩');
  });
});
