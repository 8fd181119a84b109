/**
 * The allow-list of TeX commands: generated from the installed KaTeX's own tables (so an upgrade
 * cannot add an unreviewed command), refusing what the attacks used, and allowing every
 * command the archive's real formulas, the fixtures and the TeX repair use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKatexInventory } from '../../../src/lib/math/katex-inventory.ts';
import { ALLOW_LIST_SIZE, commandVerdict, refusedCommands } from '../../../src/lib/math/math-allow-list.ts';
import table from '../../../src/lib/math/math-commands.json' with { type: 'json' };
import { findMath } from '../../../src/lib/math/math-check.ts';
import { classifyKatexCommands } from '../../../src/lib/math/math-policy.ts';
import { splitTitleMath } from '../../../src/lib/text/math-text.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { MATH_NAMES } from '../../../src/lib/repair/tex-macros.ts';
import { isControlSequence, texTokens } from '../../../src/lib/math/tex-tokens.ts';

describe('the generated table', () => {
  it('is what npm run math-commands derives from the installed KaTeX and the policy', async () => {
    const derived = classifyKatexCommands(await readKatexInventory());
    // If this fails after a KaTeX upgrade or a policy change: run npm run math-commands and review the diff.
    expect(table).toEqual(derived);
    expect(ALLOW_LIST_SIZE).toEqual({ allowed: 917, refused: 152, environments: 33 });
  }, 30_000);

  it('stops on a KaTeX function kind the policy has not judged', () => {
    const inventory = { version: 'x', functions: { '\\shiny': 'newkind' }, symbols: [], macros: {}, environments: {} };
    expect(() => classifyKatexCommands({ ...inventory, implicit: [] })).toThrow(
      /function kind "newkind" \(\\shiny\) that src\/lib\/math\/math-policy\.ts does not judge/,
    );
  });
});

describe('commandVerdict', () => {
  it.each([
    [
      'macro-definition',
      '\\def \\gdef \\edef \\xdef \\let \\futurelet \\global \\long \\newcommand \\renewcommand \\providecommand',
    ],
    [
      'tex-programming',
      '\\expandafter \\noexpand \\char \\TextOrMath \\message \\@char \\html@mathml \\@ifnextchar \\operatorname@',
    ],
    ['colour', '\\color \\textcolor \\colorbox \\fcolorbox \\red \\blueA \\kaGreen'],
    ['size', '\\tiny \\scriptsize \\footnotesize \\small \\normalsize \\large \\Large \\LARGE \\huge \\Huge'],
    ['leaves-its-line', '\\raisebox \\rule \\llap \\rlap \\clap \\mathllap \\mathrlap \\mathclap \\smash'],
    ['arbitrary-length', '\\kern \\mkern \\hskip \\mskip \\hspace \\tmspace \\genfrac \\above'],
    ['link-or-html', '\\href \\url \\includegraphics \\htmlClass \\htmlId \\htmlStyle \\htmlData'],
    ['not-needed', '\\verb \\reflectbox'],
  ])('refuses %s: %s', (reason, names) => {
    for (const name of names.split(' ')) expect(commandVerdict(name), name).toBe(reason);
  });

  it('allows what a paper’s math needs', () => {
    const needed = String.raw`\alpha \Omega \varepsilon \sum \int \log \operatorname \operatorname* \mathcal \mathbb
      \mathrm \mathbf \boldsymbol \text \textbf \frac \dfrac \tfrac \binom \sqrt \left \right \middle \big \Bigg
      \langle \rangle \overset \underset \stackrel \overline \underbrace \overbrace \hat \widehat \vec \tilde
      \begin \end \\ \, \; \: \! \quad \qquad \phantom \vphantom \hphantom \boxed \cancel \not \neq \leq \iff
      \to \mapsto \xrightarrow \cdots \dots \ldots \mid \| \{ \} \% \displaystyle \limits \nonumber \tag \pmod`;
    for (const name of needed
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => n.replace(/\*$/, ''))) {
      expect(commandVerdict(name), name).toBe('allowed');
    }
  });

  it('leaves commands KaTeX does not know to KaTeX, which reports them: TeX primitives included', () => {
    for (const name of ['\\notacommand', '\\input', '\\write', '\\immediate', '\\catcode', '\\csname', '\\openout']) {
      expect(commandVerdict(name), name).toBe('unknown');
    }
  });
});

describe('refusedCommands', () => {
  it('finds each refused command once, at its first use, and counts it; site macros are allowed', () => {
    const tokens = texTokens(String.raw`\def\a{x}\def\b{y}\Q\colorbox{red}{\Huge x}`);
    expect(refusedCommands(tokens, new Set(['\\Q']))).toEqual([
      { command: '\\def', reason: 'macro-definition', index: 0, count: 2 },
      { command: '\\colorbox', reason: 'colour', index: 20, count: 1 },
      { command: '\\Huge', reason: 'size', index: 35, count: 1 },
    ]);
  });
});

describe('texTokens: as KaTeX’s lexer reads TeX', () => {
  it('reads a control word with its letters (and @), a control symbol alone', () => {
    expect(texTokens(String.raw`\defx\@char \\ \, a`).map((t) => t.text)).toEqual([
      '\\defx',
      '\\@char',
      '\\\\',
      '\\,',
      'a',
    ]);
  });

  it('reads \\verb as one token and skips comments to the end of the line', () => {
    expect(texTokens('\\verb|\\def| x % \\def\\a\ny').map((t) => t.text)).toEqual(['\\verb', 'x', 'y']);
  });

  it('gives every token its index', () => {
    expect(texTokens('a \\beta  c')).toEqual([
      { text: 'a', index: 0 },
      { text: '\\beta', index: 2 },
      { text: 'c', index: 9 },
    ]);
  });
});

/** Every formula of the archive's papers and the fixture archives (accepted ones), and of titles. */
function corpusFormulas(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.md') ? [path] : [];
    });
  const papers = [
    ...files('content/papers'),
    ...files('tests/fixtures').filter((path) => !/hostile\/rejected|bad-math|bad-title-math|untrusted-math/.test(path)),
  ];
  return papers.flatMap((path) => {
    const { data, body } = parsePaperFile(readFileSync(path, 'utf8'));
    const title = splitTitleMath(String(data['title'])).flatMap((s) => (s.kind === 'math' ? [s.tex] : []));
    return [...title, ...findMath(body.trim()).map((span) => span.tex)];
  });
}

describe('the archive’s own math', () => {
  it('uses only allowed commands (and the repair writes only allowed ones)', () => {
    const used = new Set(
      corpusFormulas().flatMap((tex) =>
        texTokens(tex)
          .filter(isControlSequence)
          .map((token) => token.text),
      ),
    );
    const refused = [...used].filter((name) => !['allowed', 'unknown'].includes(commandVerdict(name)));
    expect(refused).toEqual([]);
    expect(used.size).toBeGreaterThan(30);
    for (const name of MATH_NAMES) expect(commandVerdict(`\\${name}`), name).toBe('allowed');
  });
});
