import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMath } from '../../../src/lib/math/math-check.ts';
import { markdownParagraphs, splitTitleMath, type Segment } from '../../../src/lib/text/math-text.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';

const squash = (tex: string) => tex.replace(/\s+/g, ' ').trim();
const mathOf = (segments: readonly Segment[]) =>
  segments.flatMap((segment) => (segment.kind === 'math' ? [squash(segment.tex)] : []));
const textOf = (segments: readonly Segment[]) =>
  segments.map((segment) => (segment.kind === 'text' ? segment.text : `[${segment.tex}]`)).join('');

/** Real abstracts: the scraped seed page, the arXiv OAI excerpt, every paper of the site fixtures and the archive. */
function realAbstracts(): string[] {
  const texts = readFileSync('content/inbox/2025-03-14-hf-trending.txt', 'utf8').split(/\n\s*\n/);
  for (const line of readFileSync('tests/fixtures/inputs/arxiv-oai-sample.jsonl', 'utf8').split('\n')) {
    if (line.trim() !== '') texts.push((JSON.parse(line) as { abstract: string }).abstract);
  }
  for (const dir of ['tests/fixtures/site/basic/content/papers', 'content/papers']) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('.md'));
    } catch {
      continue;
    }
    for (const file of files) texts.push(parsePaperFile(readFileSync(join(dir, file), 'utf8')).body);
  }
  return texts;
}

describe('markdownParagraphs finds the formulas remark-math finds', () => {
  const hostile = [
    'Prices of $5 and $10 are not math, but remark-math says they are.',
    'An escaped \\$5 and a real $x$.',
    'Double $$x^2$$ inline is inline math, and $$$y$$$ too.',
    'A code span `$x$` holds no math, but $y$ does.',
    'A link [with $\\alpha$ inside](https://example.org/$x$) and ![image $z$](x.png).',
    'Unclosed $x and then nothing.',
    'Math across\nlines $a +\nb$ works.',
    'Emphasis *around $m$* and __strong $n$__.',
    'A fence:\n\n$$\n\\int_0^1 f(x)\\,dx\n$$\n\nafter.',
    'A fence with no close:\n\n$$\nx = 1',
    '<span title="$">raw</span> then $q$.',
    'Autolink <https://example.org/$a$> then $b$.',
    '$ spaced $ and $  $ and $$.',
    '\\\\$x$ an escaped backslash then math.',
    // Code blocks hold no math; their container (list item, quote) decides what is indented code.
    'Prose $a$.\n\n    $\\frac{b$ indented code\n\n\t$c$ tab-indented code',
    'Prose\n    $d$ continues the paragraph (indented code cannot interrupt one).',
    '~~~\n$e$\n~~~\n\n```js\n$f$\n```\n\n````\n```\n$g$\n```\n````\n\n$h$',
    '- item $i$\n\n    $j$ a paragraph of the item\n\n        $k$ code in the item\n\n$l$',
    '1.  item\n\n    ```\n    $m$\n    ```\n\n$n$',
    '> quote $o$\n>\n>     $p$ code in the quote\n\n    $q$ code',
    '> ```\n> $r$\n\n$s$ after the quote closed the fence',
    '*\tstar $t$\n\n    $u$ in the item (a tab after the marker reaches column 4)',
    'Text\n***\n    $v$ code after a thematic break',
    'Heading\n===\n    $w$ code after a setext heading',
    '-\n      $x$ code in an item that opens empty',
    '    code\n-\n      $y$: after indented code, an empty item cannot open',
    '```\nunclosed $z$ fence',
  ];
  const inputs = [...realAbstracts(), ...hostile];

  it('agrees on every real and hostile input', () => {
    expect(inputs.length).toBeGreaterThan(100);
    for (const input of inputs) {
      const expected = findMath(input).map((span) => squash(span.tex));
      expect(mathOf(markdownParagraphs(input).flat()), input.slice(0, 120)).toEqual(expected);
    }
  });

  it('marks only fenced blocks as display math', () => {
    const paragraphs = markdownParagraphs('Before $a$.\n\n$$\nb\n$$\n\nAnd $$c$$ inline.');
    expect(paragraphs.flat().filter((s) => s.kind === 'math')).toEqual([
      { kind: 'math', tex: 'a', display: false },
      { kind: 'math', tex: 'b', display: true },
      { kind: 'math', tex: 'c', display: false },
    ]);
    expect(paragraphs).toHaveLength(3);
  });
});

describe('markdownParagraphs reduces Markdown to text', () => {
  it('keeps link text, drops URLs, images, raw HTML and emphasis markers', () => {
    const [paragraph] = markdownParagraphs(
      'Code at [github.com/x/y](https://github.com/x/y). <script>alert(1)</script> *Very* **bold** ![pixel](https://evil.example/p.png) <b onclick="x">text</b>',
    );
    expect(textOf(paragraph ?? [])).toBe('Code at github.com/x/y. alert(1) Very bold text');
  });

  it('keeps literal characters that are not markup', () => {
    const [paragraph] = markdownParagraphs('A * B, snake_case_name, 2 < 3 > 1, A* search, 5 % and ~x.');
    expect(textOf(paragraph ?? [])).toBe('A * B, snake_case_name, 2 < 3 > 1, A* search, 5 % and ~x.');
  });

  it('resolves backslash escapes and joins lines', () => {
    const [paragraph] = markdownParagraphs('Less than 1\\% of\nthe \\*cost\\*.');
    expect(textOf(paragraph ?? [])).toBe('Less than 1% of the *cost*.');
  });

  it('decodes character references where CommonMark does, and only there', () => {
    const [paragraph] = markdownParagraphs(
      'A &mdash; Q&amp;A &#233;&#x3B1; `&amp;` \\&amp; &bogus; &#12345678; $a &amp; b$',
    );
    expect(textOf(paragraph ?? [])).toBe('A — Q&A éα &amp; &amp; &bogus; &#12345678; [a &amp; b]');
  });

  it('splits paragraphs on blank lines and reduces list and heading markers', () => {
    const paragraphs = markdownParagraphs('# Heading\n\n- one\n- two\n\n> quoted $x$\n\n1. first');
    // Each list item is a block of its own, as on the page.
    expect(paragraphs.map(textOf)).toEqual(['Heading', 'one', 'two', 'quoted [x]', 'first']);
  });

  it('handles CRLF, empty input and white space only', () => {
    expect(markdownParagraphs('')).toEqual([]);
    expect(markdownParagraphs(' \n \n')).toEqual([]);
    expect(markdownParagraphs('a\r\nb $c$\r\n\r\nd').map(textOf)).toEqual(['a b [c]', 'd']);
  });

  it('agrees on thousands of dollar signs in one paragraph', () => {
    const input = '$a '.repeat(5000);
    const result = markdownParagraphs(input);
    expect(mathOf(result.flat()).length).toBe(findMath(input).length);
  });
});

describe('splitTitleMath', () => {
  it('returns one text segment for a title without dollars', () => {
    expect(splitTitleMath('Scaling Laws for Autoregressive Generative Modeling')).toEqual([
      { kind: 'text', text: 'Scaling Laws for Autoregressive Generative Modeling' },
    ]);
    expect(splitTitleMath('')).toEqual([]);
  });

  it('splits math out of a title and keeps everything else verbatim', () => {
    expect(splitTitleMath('$\\beta$-VAE: *Learning* <Basic> Concepts_1')).toEqual([
      { kind: 'math', tex: '\\beta', display: false },
      { kind: 'text', text: '-VAE: *Learning* <Basic> Concepts_1' },
    ]);
  });

  it('treats \\$ as a literal dollar and an unclosed $ as text', () => {
    expect(splitTitleMath('Costs \\$5 and $x$')).toEqual([
      { kind: 'text', text: 'Costs $5 and ' },
      { kind: 'math', tex: 'x', display: false },
    ]);
    expect(splitTitleMath('Only $5')).toEqual([{ kind: 'text', text: 'Only $5' }]);
  });

  it('reads a backslash before ASCII punctuation as an escape, as Markdown does, and any other backslash as itself', () => {
    expect(splitTitleMath(String.raw`A \\ sign, \{braces\}, C\# and \$5`)).toEqual([
      { kind: 'text', text: 'A \\ sign, {braces}, C# and $5' },
    ]);
    expect(splitTitleMath(String.raw`Paths like C:\Users stay`)).toEqual([
      { kind: 'text', text: String.raw`Paths like C:\Users stay` },
    ]);
    expect(splitTitleMath(String.raw`\\emph $x$`)).toEqual([
      { kind: 'text', text: '\\emph ' },
      { kind: 'math', tex: 'x', display: false },
    ]);
  });

  it('finds the same formulas remark-math finds in titles', () => {
    const titles = [
      'Fast, Expressive $\\mathrm{SE}(n)$ Equivariant Networks',
      '$\\alpha$-Rank and $$\\beta$$ twice',
      'Pay $5 or $10',
      '$ x $ padded',
    ];
    for (const title of titles) {
      expect(mathOf(splitTitleMath(title)), title).toEqual(findMath(title).map((span) => squash(span.tex)));
    }
  });
});
