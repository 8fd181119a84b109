import { describe, expect, it } from 'vitest';
import { printableLine, printableLines } from '../../../src/lib/text/printable.ts';

describe('printableLine', () => {
  it('shows what a terminal or a CI log would act on as its code point', () => {
    expect(printableLine('a\u001b[2Jb')).toBe('a⟨U+001B⟩[2Jb');
    expect(printableLine('one\ntwo\r\u2028three')).toBe('one⟨U+000A⟩two⟨U+000D⟩⟨U+2028⟩three');
    expect(printableLine('\u202Egnp.exe\u0007\u009b')).toBe('⟨U+202E⟩gnp.exe⟨U+0007⟩⟨U+009B⟩');
  });

  it('leaves tabs, accents, math and emoji as they are', () => {
    const text = 'Schölkopf\tα ≤ β — 𝔼[x] 🙂';
    expect(printableLine(text)).toBe(text);
  });

  it('forges no workflow command: a key holding a line break stays on its line', () => {
    const line = printableLine('papers/a.md:3:1: error: unknown key "x\n::error::pwned"');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toMatch(/^::/mu);
  });
});

describe('printableLines', () => {
  it('keeps each line a line and shows everything else a terminal acts on', () => {
    expect(printableLines('Invalid (2 problems):\nt.yaml:2:3: bad \u001b]0;title\u0007\nt.yaml:8:1: \r')).toBe(
      'Invalid (2 problems):\nt.yaml:2:3: bad ⟨U+001B⟩]0;title⟨U+0007⟩\nt.yaml:8:1: ⟨U+000D⟩',
    );
  });
});
