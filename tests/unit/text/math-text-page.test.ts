import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { markdownParagraphs } from '../../../src/lib/text/math-text.ts';
import { segmentsToText, texToText } from '../../../src/lib/text/tex-to-text.ts';
import { singleSpaced } from '../../../src/lib/text/whitespace.ts';

/**
 * The plain text of an abstract (meta description, feeds, citation_abstract, excerpts) against what
 * its page shows: the abstract rendered by the site's own pipeline, every formula read out by
 * `texToText` (the plain text's reading of math is tested on its own), block elements apart.
 */
const render = createPaperRenderer({ plainParagraphs: false });
const dir = mkdtempSync(join(tmpdir(), 'math-text-page-'));

const BLOCKS = new Set(['p', 'pre', 'li', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'hr']);

function classes(node: Element): string[] {
  const value = node.properties['className'];
  return Array.isArray(value) ? value.map(String) : [];
}

function annotation(node: Element): string {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'annotation') return child.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
    const found = annotation(child);
    if (found !== '') return found;
  }
  return '';
}

function visibleText(nodes: readonly (ElementContent | Root['children'][number])[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.value;
    else if (node.type === 'element') {
      if (node.properties['hidden'] !== undefined && node.properties['hidden'] !== false) continue;
      if (classes(node).includes('katex')) {
        out += singleSpaced(texToText(annotation(node), 'symbols'));
        continue;
      }
      const inner = visibleText(node.children);
      out += BLOCKS.has(node.tagName) ? ` ${inner} ` : inner;
    }
  }
  return out;
}

async function pageText(markdown: string): Promise<string> {
  const path = join(dir, 'paper.md');
  writeFileSync(path, `---\ntitle: t\n---\n${markdown}`);
  const html = await render(markdown, path);
  return singleSpaced(visibleText(fromHtml(html, { fragment: true }).children));
}

const plainText = (markdown: string): string =>
  markdownParagraphs(markdown)
    .map((paragraph) => segmentsToText(paragraph, 'symbols'))
    .join(' ');

describe('an abstract’s plain text is the text its page shows', () => {
  // Character references: named, decimal, hex; invalid ones and those in code stay as written.
  const references = [
    'adhere to a scaling law &mdash; Q&amp;A',
    'Named &copy; &Auml; &frac12; &ngE; decimal &#35; &#233; hex &#x41; &#X3b1; &#xD800; zero &#0; big &#1114112;.',
    'Not references: &amp &notanentity; &#; &#x; &#12345678; &#x1234567; & alone, AT&T, &#a1;.',
    'In code `&amp; &lt;b&gt;` and out &lt;b&gt;not a tag&lt;/b&gt; &#42;not emphasis&#42;.',
    'Escaped \\&amp; stays, and [a link &amp; text](https://example.org/?a&amp;b) decodes.',
    'Math keeps its source: $a \\& b$ and &dollar;5 is a dollar, &#36;x&#36; too.',
    'An autolink <https://example.org/?a&amp;b> as written.',
  ];

  // Code blocks (indented, both fences) and code spans: kept as written, tags included, no math inside.
  const code = [
    'We fit a scaling law.\n\n    std::vector<int> losses;',
    'Intro.\n\n    $\\frac{a$ in code\n    <b>kept</b> &amp;\n\n    after a blank line\n\nOutro $x$.',
    'Fence:\n\n~~~\n$\\frac{a$ <i>x</i> &amp;\n~~~\n\nafter $y$.',
    'Fence:\n\n```python\nif a < b and $c$: pass\n```\n\nafter.',
    'An unclosed fence\n\n~~~\n$z$ <b>',
    'Longer fences ````\n\n````\n```\ninner $q$\n```\n````\n\nend.',
    'Not a fence: ``` a`b ``` and `` ` `` $p$.',
    'A paragraph\n    continued lazily is not code $x$.',
    'Text\n```\nfence interrupts $v$\n```\ntext after $w$.',
    '    $\\frac{a$ opens the abstract <b>',
    '- item $a$\n\n    continued paragraph $b$ in the item',
    '- item\n\n      code in the item <i> $c$',
    '1.  item\n\n    ~~~\n    fenced in the item <i> $d$\n    ~~~\n\nout $e$',
    '- item\n\n  ```\n  $f$ <g>\n  ```\n- next $h$',
    '> quoted\n>\n>     code in a quote <q> $i$',
    '> ~~~\n> $j$ <k>\n> ~~~\n\n$l$',
    'Tab\n\n\tcode <t> $m$',
    '  ~~~ indented fence\n  $not math$\n  ~~~',
    '``a ` b`` and `` `x` `` and ` $y$ ` and `<b>`.',
  ];

  // Not markup on this site: a paper's Markdown has no GFM strikethrough.
  const literal = ['Strike ~~through~~ and ~one~ tilde, ~~~three~~~ too.'];

  it.each([...references, ...code, ...literal])('%s', async (markdown) => {
    expect(plainText(markdown)).toBe(await pageText(markdown));
  });
});
