import { describe, expect, it } from 'vitest';
import { MAX_FORMULA_LENGTH } from '../../../src/lib/math/katex-options.ts';
import { proseOnly } from '../../../src/lib/classify/topic-classifier.ts';
import { splitTitleMath } from '../../../src/lib/text/math-text.ts';

describe('proseOnly', () => {
  it('blanks $ math exactly where the site reads math (a run closes at the next run of its length)', () => {
    for (const text of ['x $a$ y', '$a$$b$ c', '$$a$b$$ c', '$$x$ y', '$ $$ $ $$ $', 'a $x$ b $$y$$ c $z']) {
      const expected = splitTitleMath(text)
        .map((segment) => (segment.kind === 'math' ? '|' : segment.text))
        .join('');
      expect(proseOnly(text), text).toBe(expected);
    }
  });

  it('reads an escaped dollar as a literal one, and keeps a single $ within its paragraph', () => {
    expect(proseOnly('cost \\$5 and $x$')).toBe('cost \\$5 and |');
    expect(proseOnly('\\$$x$ z')).toBe('\\$| z');
    expect(proseOnly('p $a\n\nb$ q')).toBe('p $a\n\nb$ q');
    expect(proseOnly('p $$a\n\nb$$ q')).toBe('p | q');
  });

  it('blanks \\(...\\), \\[...\\], URLs and link targets', () => {
    expect(proseOnly('a \\(x\\) b \\[y\\] c')).toBe('a | b | c');
    expect(proseOnly('see https://x.org/a and www.y.com/b ftp://z.org')).toBe('see | and | |');
    expect(proseOnly('[label](https://a.b/c) then github.com/x/y')).toBe('[label| then |');
  });

  it('looks for a closing run no further than the formula cap', () => {
    const longest = `$${'a'.repeat(MAX_FORMULA_LENGTH)}$`;
    expect(proseOnly(`x ${longest} y`)).toBe('x | y');
    const tooLong = `$${'a'.repeat(MAX_FORMULA_LENGTH + 1)}$`;
    expect(proseOnly(`x ${tooLong} y`)).toBe(`x ${tooLong} y`);
  });
});
