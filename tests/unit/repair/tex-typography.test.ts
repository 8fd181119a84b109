import { describe, expect, it } from 'vitest';
import { proseContext } from '../../helpers/prose-context.ts';
import {
  keepMarkdownEmphasis,
  replaceBackslashSequences,
  replaceDashes,
  replaceQuotes,
  replaceTextCommands,
  replaceTies,
  restoreSentenceSpaces,
  texAccentsInName,
} from '../../../src/lib/repair/tex-typography.ts';

describe('replaceTextCommands', () => {
  it.each([
    [String.raw`a {\em word} b`, 'a *word* b'],
    [String.raw`\textbf{bold} text`, '**bold** text'],
    [String.raw`a \emph{x y}, then`, 'a *x y*, then'],
    ['emph{x} without a backslash', '*x* without a backslash'],
    [String.raw`{\it  x  } y`, '*x*   y'],
    [String.raw`\texttt{code} and \textsc{Caps}`, 'code and Caps'],
    [String.raw`\mbox{a b} c`, 'a b c'],
    [String.raw`1\textsuperscript{st} and H\textsubscript{2}O`, '1st and H2O'],
    [String.raw`an \emph{} gap`, 'an  gap'],
    // Groups inside the argument, as TeX reads them: the braces are not shown.
    [String.raw`This is \emph{very {nested} text}.`, 'This is *very nested text*.'],
    [String.raw`\textbf{a {b {c}} d} e`, '**a b c d** e'],
    [String.raw`{\em a {b} c} d`, '*a b c* d'],
    [String.raw`\texttt{x {y}} and \mbox{(a {b})}`, 'x y and (a b)'],
    [String.raw`\emph{a {\bf b} c} d`, 'a **b** c d'],
    // ...but a group that belongs to TeX stays: `x^{2}`.
    [String.raw`\textit{see x^{2}} here`, '*see x^{2}* here'],
    // A tie at an end is space to Markdown, which would not close the emphasis against it: it goes outside.
    [String.raw`\emph{alpha~} and \emph{~beta~ }`, '*alpha*~ and ~*beta*~ '],
  ])('%s -> %s', (input, output) => {
    const ctx = proseContext();
    expect(ctx.render(replaceTextCommands(input, ctx))).toBe(output);
  });

  it('writes no emphasis next to a letter, where Markdown would not read it', () => {
    const ctx = proseContext();
    expect(ctx.render(replaceTextCommands(String.raw`\emph{x}y and a\textbf{b}`, ctx))).toBe('xy and ab');
    expect(ctx.records.filter(([rule]) => rule === 'emphasis').map(([, , after]) => after)).toEqual(['x', 'b']);
  });

  it('writes no emphasis in a title, where stars would show: the text stays plain', () => {
    const ctx = proseContext({ writesEmphasis: false });
    expect(ctx.render(replaceTextCommands(String.raw`On \emph{Expressivity} of {\bf Nets}`, ctx))).toBe(
      'On Expressivity of Nets',
    );
  });

  it('drops emphasis nested directly against other emphasis', () => {
    const ctx = proseContext();
    expect(ctx.render(replaceTextCommands(String.raw`{\em a {\bf b}}`, ctx))).toBe('*a b*');
  });

  it('drops emphasis that holds a star, as a second repair would read it (no emphasis inside emphasis)', () => {
    const ctx = proseContext();
    expect(ctx.render(replaceTextCommands(String.raw`a \emph{x \textbf{b} y} c`, ctx))).toBe('a x **b** y c');
    expect(ctx.render(replaceTextCommands(String.raw`a \emph{x * y} c`, ctx))).toBe('a x * y c');
  });

  it('leaves a bare texttt{...} without a backslash and unbalanced groups alone', () => {
    for (const input of ['texttt{x}', String.raw`{\em x`, String.raw`\emph{x`, 'no braces']) {
      expect(replaceTextCommands(input, proseContext())).toBe(input);
    }
  });

  it('unwraps at most four levels of nesting', () => {
    const ctx = proseContext();
    const out = ctx.render(replaceTextCommands(String.raw`\mbox{\mbox{\mbox{\mbox{\mbox{x}}}}}`, ctx));
    expect(out).toBe(String.raw`\mbox{x}`);
  });
});

describe('replaceBackslashSequences', () => {
  it.each([
    [String.raw`Djokovi\'{c}`, 'Djoković'],
    [String.raw`G{\"o}del`, 'Gödel'],
    [String.raw`\v s and \c c`, 'š and ç'],
    [String.raw`Stra\ss e`, 'Straße'],
    [String.raw`{\o}ystein and \AE ther`, 'øystein and Æther'],
    [String.raw`na\"{\i}ve`, 'naïve'],
    [String.raw`\'{q}`, 'q\u0301'],
    [String.raw`and so on \ldots{} done`, 'and so on … done'],
    [String.raw`\BibTeX{} files, \LaTeXe, \XeLaTeX and \pdfTeX`, 'BibTeX files, LaTeX2e, XeLaTeX and pdfTeX'],
    [String.raw`1\% of 3\&4`, '1% of 3&4'],
    [String.raw`a\,b\;c`, 'a b c'],
    [String.raw`back\\slash`, String.raw`back\slash`],
  ])('%s -> %s', (input, output) => {
    const ctx = proseContext();
    expect(ctx.render(replaceBackslashSequences(input, ctx))).toBe(output);
  });

  it('precomposes accents (NFC)', () => {
    const out = replaceBackslashSequences(String.raw`\'e`, proseContext());
    expect(out).toBe('\u00e9');
    expect(out).toHaveLength(1);
  });

  it.each([String.raw`\omega`, String.raw`\int_0`, String.raw`\foo bar`, String.raw`\oeuvre`])(
    'leaves %s alone (a command it does not know, or a longer name)',
    (input) => {
      expect(replaceBackslashSequences(input, proseContext())).toBe(input);
    },
  );

  it('protects escaped characters Markdown or the repair would read as syntax', () => {
    for (const [input, char] of [
      [String.raw`a\_b`, '_'],
      [String.raw`cost \$5`, '$'],
      [String.raw`\{0,1\}`, '{'],
      [String.raw`\#1 first`, '#'],
      [String.raw`12\. item`, '.'],
      [String.raw`\<a`, '<'],
    ] as const) {
      const ctx = proseContext();
      const out = replaceBackslashSequences(input, ctx);
      // Protected: a placeholder stands where the character will be written, not the character.
      expect(out, input).not.toContain(char);
      expect(ctx.render(out), input).toContain(char);
    }
  });

  it('writes unprotected escapes as the plain character', () => {
    for (const [input, output] of [
      [String.raw`issue \#1`, 'issue #1'],
      [String.raw`a \< b`, 'a < b'],
      [String.raw`v1\.2`, 'v1.2'],
    ] as const) {
      expect(replaceBackslashSequences(input, proseContext()), input).toBe(output);
    }
  });
});

describe('replaceTies', () => {
  it.each([
    ['Fig.~3', 'Fig.\u00a03'],
    ['Smith~et~al.', 'Smith\u00a0et\u00a0al.'],
    [String.raw`see~\ref`, 'see\u00a0\\ref'],
    ['costs~$5', 'costs\u00a0$5'],
  ])('%j -> %j', (input, output) => {
    expect(replaceTies(input, proseContext())).toBe(output);
  });

  it('binds to a placeholder by what it will be written as: a formula, not a literal brace', () => {
    const ctx = proseContext();
    const formula = ctx.keep('$x$', '$x$');
    const brace = ctx.literal('\\{', '{');
    expect(replaceTies(`Eq.~${formula} and set~${brace}`, ctx)).toBe(`Eq.\u00a0${formula} and set~${brace}`);
  });

  it.each(['~3 at the start', 'a ~ b', 'a~~b', 'example.org/~user', 'x~', 'x~{'])('leaves %j alone', (input) => {
    expect(replaceTies(input, proseContext())).toBe(input);
  });
});

describe('replaceDashes', () => {
  it.each([
    ['pages 1--10', 'pages 1–10'],
    ['Cauchy--Schwarz', 'Cauchy–Schwarz'],
    ['a --- b', 'a — b'],
    ['a---b', 'a—b'],
    ['fast -- and cheap', 'fast — and cheap'],
    ['2020--', '2020–'],
  ])('%j -> %j', (input, output) => {
    expect(replaceDashes(input, proseContext())).toBe(output);
  });

  it.each(['a --> b', 'a <-- b', 'run --help', '--verbose', '----', 'a ---- b', '<!-- x'])(
    'leaves %j alone',
    (input) => {
      expect(replaceDashes(input, proseContext())).toBe(input);
    },
  );
});

describe('replaceQuotes', () => {
  it.each([
    ["an ``easy'' task", 'an “easy” task'],
    ['we "tune" it', 'we “tune” it'],
    ["the `old' way", 'the ‘old’ way'],
    ["a 'robust mean teacher' model", 'a ‘robust mean teacher’ model'],
    ['“mixed" quotes', '“mixed” quotes'],
    ['``unpaired TeX', '“unpaired TeX'],
  ])('%j -> %j', (input, output) => {
    expect(replaceQuotes(input, proseContext())).toBe(output);
  });

  it.each(["the model's output", "the users' data", "can't won't", '5" screen', '“already” typographic', 'no quotes'])(
    'leaves %j alone',
    (input) => {
      expect(replaceQuotes(input, proseContext())).toBe(input);
    },
  );

  it('does not pair quotes more than 300 characters apart', () => {
    const far = `"${'a'.repeat(400)}"`;
    expect(replaceQuotes(far, proseContext())).toBe(far);
    const near = `"${'a'.repeat(200)}"`;
    expect(replaceQuotes(near, proseContext())).toBe(`“${'a'.repeat(200)}”`);
  });
});

describe('restoreSentenceSpaces', () => {
  it('restores the space a sentence lost after its full stop', () => {
    const ctx = proseContext();
    expect(restoreSentenceSpaces('good performance.The IFM works', ctx)).toBe('good performance. The IFM works');
    expect(ctx.records).toEqual([['sentence-space', 'performance.The', 'performance. The']]);
  });

  it.each(['use torch.Tensor here', 'the results.Thesis work', 'see Fig.The end', 'ab.The x', 'done. The end'])(
    'leaves %j alone',
    (input) => {
      expect(restoreSentenceSpaces(input, proseContext())).toBe(input);
    },
  );
});

describe('keepMarkdownEmphasis', () => {
  it.each(['*Tensor Programs* are', 'a **bold** claim', 'both *a* and *b*'])('keeps %j as emphasis', (input) => {
    const ctx = proseContext();
    const out = keepMarkdownEmphasis(input, ctx);
    expect(out).not.toContain('*');
    expect(ctx.render(out)).toBe(input);
  });

  it.each(['2 * 3 * 4', 'a*b*c', '* alone', '*unclosed', String.raw`*a\*`, `*${'x'.repeat(400)}*`])(
    'leaves the stars of %j literal',
    (input) => {
      expect(keepMarkdownEmphasis(input, proseContext())).toBe(input);
    },
  );

  it('keeps inner emphasis but leaves outer stars that wrap it literal', () => {
    const ctx = proseContext();
    const out = keepMarkdownEmphasis('*a *b* c*', ctx);
    expect(ctx.render(out)).toBe('*a *b* c*');
    expect([...out].filter((char) => char === '*')).toHaveLength(2);
  });
});

describe('texAccentsInName', () => {
  it.each([
    ['J. M\\"uller', 'J. Müller'],
    ['P. Erd\\H{o}s', 'P. Erdős'],
    ["A. Ch\\'avez", 'A. Chávez'],
    ['S. Sch{\\"o}nberg', 'S. Schönberg'],
    ['{\\"{U}}nal \\c{C}elik', 'Ünal Çelik'],
    ["Mar{\\'\\i}a Garc\\'{\\i}a", 'María García'],
    ['S{\\o}ren Stra{\\ss}e', 'Søren Straße'],
    ["\\L{}ukasz Dvo\\v{r}\\'{a}k", 'Łukasz Dvořák'],
    ['Fran\\c cois', 'François'],
  ])('%s -> %s', (name, expected) => {
    expect(texAccentsInName(name)).toBe(expected);
  });

  it.each(['Jörg Müller', 'C.-P. Yuan', 'The {BigScience} Workshop \\foo', "O'Brien, Jr."])(
    'leaves %s as it is when there is no accent to decode',
    (name) => {
      expect(texAccentsInName(name)).toBe(name);
    },
  );
});
