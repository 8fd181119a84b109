import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeMath } from '../../../src/lib/math/math-check.ts';
import {
  katexMacros,
  MAX_MACRO_EXPANSION,
  parseSiteMacros,
  readSiteMacros,
  siteMacros,
} from '../../../src/lib/math/site-macros.ts';

const dir = mkdtempSync(join(tmpdir(), 'site-macros-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (text: string) => parseSiteMacros(text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

describe('the site macros file', () => {
  it('is valid, and its macros render', () => {
    const { macros, problems: found } = readSiteMacros('content/macros.yaml');
    expect(found).toEqual([]);
    expect(Object.keys(macros)).toEqual(['\\Q', '\\C', '\\E', '\\Var', '\\Cov', '\\eps', '\\tr']);
    for (const name of Object.keys(macros)) expect(judgeMath(`${name}(x)`, false, macros).refusals, name).toEqual([]);
  });

  it('gives papers the macros and nothing else (a missing file means none)', () => {
    expect(readSiteMacros(join(dir, 'absent.yaml'))).toEqual({ macros: {}, problems: [] });
    expect(parseSiteMacros('# only comments\n')).toEqual({ macros: {}, problems: [] });
  });
});

describe('parseSiteMacros', () => {
  it('accepts macros built from allowed commands and each other, with arguments used once', () => {
    const { macros, problems: found } = parseSiteMacros(
      "\\norm: '\\left\\lVert #1 \\right\\rVert'\n\\grad: \\nabla\\norm{#1}\n\\pair: '(#1, #2)'\n",
    );
    expect(found).toEqual([]);
    expect(judgeMath('\\grad{x} + \\pair{a}{b}', false, macros).refusals).toEqual([]);
  });

  it('refuses what a paper may not do, naming the line', () => {
    expect(
      problems(
        [
          '\\bomb: \\def\\a{xx}',
          '\\paint: \\colorbox{red}{#1}',
          "\\shout: '\\Huge #1'",
          '\\up: \\raisebox{2em}{#1}',
          '\\link: \\href{https://evil.example}{#1}',
          '\\other: \\notacommand',
        ].join('\n'),
      ),
    ).toEqual([
      '1:1 \\bomb: \\def is not allowed in a site macro: a site macro may not define macros either: write the expansion out',
      '1:1 \\bomb: \\a is neither a KaTeX command nor a macro of this file: define it above, or write it out',
      '2:1 \\paint: \\colorbox is not allowed in a site macro: colour can hide text (white on white) or vanish in the dark theme: remove it (emphasise with \\mathbf)',
      '3:1 \\shout: \\Huge is not allowed in a site macro: it changes the font size: remove it (KaTeX sizes math itself; \\big ... \\Bigg size a delimiter)',
      '4:1 \\up: \\raisebox is not allowed in a site macro: it draws outside the formula’s line, over the text around it: remove it',
      '5:1 \\link: \\href is not allowed in a site macro: it would render as red error text (KaTeX runs with trust: false): remove it',
      '6:1 \\other: \\notacommand is neither a KaTeX command nor a macro of this file: define it above, or write it out',
    ]);
  });

  // Every page that uses a macro shows its expansion: a bidi control there reorders what readers
  // see, an invisible one hides in it, as in a paper's own text (hidden-characters.ts).
  it('refuses control, bidirectional and invisible characters in an expansion, however written', () => {
    expect(
      problems(
        [
          '\\flip: "\\\\text{\\u202Ereversed}"',
          '\\gap: "\\\\text{a\\u200Bb}"',
          '\\iso: \\text{a\u2067b}',
          '\\ok: \\varepsilon',
        ].join('\n'),
      ),
    ).toEqual([
      '1:1 \\flip: bidirectional control U+202E (right-to-left override) in the expansion (written as an escape sequence): delete it (it makes text display in a different order from how it is stored, so what a reviewer reads is not what is published)',
      expect.stringMatching(
        /^2:1 \\gap: invisible character U\+200B .* in the expansion \(written as an escape sequence\): delete it/,
      ) as unknown,
      expect.stringMatching(/^3:1 \\iso: bidirectional control U\+2067 .* in the expansion: delete it/) as unknown,
    ]);
    expect(parseSiteMacros('\\flip: "\\\\text{\\u202Ex}"\n\\ok: \\varepsilon\n').macros).toEqual({
      '\\ok': '\\varepsilon',
    });
  });

  it('refuses recursion, copied arguments, long expansions and KaTeX’s own names', () => {
    expect(
      problems(
        [
          '\\a: \\b\\b',
          '\\b: x\\a',
          "\\twice: '#1#1'",
          `\\lng: ${'x'.repeat(MAX_MACRO_EXPANSION - 10)}`,
          '\\lnger: \\lng\\lng',
          '\\frac: x',
          '\\R: \\mathbb{R}',
          "\\gap: '#2'",
          '\\open: \\left(',
          'plain: x',
        ].join('\n'),
      ),
    ).toEqual([
      '1:1 \\a expands into itself (\\a -> \\b -> \\a): a macro may not be recursive',
      '2:1 \\b expands into itself (\\b -> \\a -> \\b): a macro may not be recursive',
      '3:1 \\twice: #1 is used 2 times: each argument may appear once (a macro that copies its argument doubles with every nesting)',
      `5:1 \\lnger expands to ${2 * (MAX_MACRO_EXPANSION - 10)} characters (with the macros it uses); the limit is ${MAX_MACRO_EXPANSION}: shorten it`,
      "6:1 \\frac is one of KaTeX's own commands: a site macro may not redefine it; choose another name",
      "7:1 \\R is one of KaTeX's own commands: a site macro may not redefine it; choose another name",
      '8:1 \\gap: #2 is used without #1: number the arguments from #1',
      expect.stringMatching(/^9:1 \\open does not render: KaTeX parse error: Expected '\\right'/),
      '10:1 "plain" is not a macro name: write a backslash and letters, e.g. \\Q',
    ]);
  });

  it('reports YAML it cannot read, and a file that is not a mapping', () => {
    expect(problems('\\a: x\n\\a: y\n')).toEqual([
      expect.stringMatching(/^2:1 invalid YAML: Map keys must be unique: write one/),
    ]);
    expect(problems('\\b: {x\n')).toEqual([
      expect.stringMatching(/invalid YAML: .*quoting an expansion that starts with/),
    ]);
    expect(problems('- \\a\n')).toEqual(['1:1 write one "\\name: expansion" per line']);
    expect(problems('\\cc: #1\n')).toEqual([
      '1:1 \\cc: the expansion must be TeX text on the same line, e.g. \\cc: \\mathbb{Q} (quote it if it starts with {, [ or #)',
    ]);
    expect(problems('\\norm: \\left\\lVert #1 \\right\\rVert\n')).toEqual([
      `1:1 \\norm: YAML reads " #1 ..." as a comment, cutting the expansion short: quote it, \\norm: '...'`,
    ]);
  });
});

describe('siteMacros and katexMacros', () => {
  it('stop whoever renders on a bad file, naming the file and line', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '\\ok: x\n\\bomb: \\gdef\\a{x}\n\\frac: y\n');
    expect(() => siteMacros(bad)).toThrow(
      `${bad}:2:1: error: \\bomb: \\gdef is not allowed in a site macro: a site macro may not define macros either: write the expansion out\n`,
    );
  });

  it('give KaTeX a fresh copy, since KaTeX writes global definitions into the object it is given', () => {
    const shared = { '\\Q': '\\mathbb{Q}' };
    // What the copy prevents: one formula's \gdef (KaTeX's own \nonumber does one) leaking into the next.
    katex.renderToString('\\gdef\\leak{x}', { macros: shared });
    expect(Object.keys(shared)).toContain('\\leak');
    const macros = siteMacros('content/macros.yaml');
    const copy = katexMacros(macros);
    expect(copy).toEqual(macros);
    expect(copy).not.toBe(macros);
    expect(judgeMath('\\begin{aligned}a\\nonumber\\end{aligned}', true, macros).refusals).toEqual([]);
    expect(Object.keys(macros)).toEqual(['\\Q', '\\C', '\\E', '\\Var', '\\Cov', '\\eps', '\\tr']);
  });
});
