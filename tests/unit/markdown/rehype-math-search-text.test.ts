import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { KATEX_OPTIONS } from '../../../src/lib/math/katex-options.ts';
import {
  rehypeMathSearchText,
  searchableMathHtml,
  SEARCH_TEXT_CLASS,
} from '../../../src/lib/markdown/rehype-math-search-text.ts';

/** The site's abstract pipeline up to rehype-katex, then the step under test. */
async function render(markdown: string): Promise<Root> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype)
    .use(rehypeKatex, KATEX_OPTIONS)
    .use(rehypeMathSearchText);
  return (await processor.run(processor.parse(markdown))) as Root;
}

function elements(tree: Root, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node) => {
    if (test(node)) found.push(node);
  });
  return found;
}

const hasClass = (name: string) => (element: Element) =>
  Array.isArray(element.properties['className']) && element.properties['className'].includes(name);

/** The text Pagefind would index: everything except `data-pagefind-ignore` subtrees. */
function indexedText(tree: Root): string {
  let text = '';
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') text += child.value;
      else if (child.type === 'element' && child.properties['dataPagefindIgnore'] === undefined) walk(child);
    }
  };
  walk(tree);
  return text;
}

describe('rehypeMathSearchText', () => {
  it('hides every KaTeX formula from the index and adds one readable, hidden form after it', async () => {
    const tree = await render(
      'over training steps ($s$): $L(s) = L_0 + A\\cdot S_1^{-\\alpha} - C\\cdot S_2$, where $S_1$ is forward area.\n\n$$\n\\sum_{i=1}^n x_i^2\n$$\n',
    );
    const formulas = elements(tree, hasClass('katex'));
    expect(formulas).toHaveLength(4);
    for (const formula of formulas) expect(formula.properties['dataPagefindIgnore']).toBe('');
    const readable = elements(tree, hasClass(SEARCH_TEXT_CLASS));
    expect(readable.map((span) => span.properties['hidden'])).toEqual([true, true, true, true]);
    expect(indexedText(tree)).toBe(
      'over training steps (s): L(s) = L₀ + A · S₁ ^(−alpha) − C · S₂, where S₁ is forward area.\n∑ᵢ₌₁ⁿxᵢ²',
    );
  });

  it('puts the readable form right after its formula (inside the display wrapper for block math)', async () => {
    const tree = await render('$$\n\\alpha\n$$\n');
    const display = elements(tree, hasClass('katex-display'))[0];
    const kinds = display?.children.map((child) => (child.type === 'element' ? child.properties['className'] : ''));
    expect(kinds).toEqual([['katex'], [SEARCH_TEXT_CLASS]]);
  });

  it('leaves prose, links and KaTeX output itself untouched', async () => {
    const plain = await render('No math here, only [a link](https://example.org) and 5 dollars.');
    expect(toHtml(plain)).toBe('<p>No math here, only <a href="https://example.org">a link</a> and 5 dollars.</p>');
    const math = await render('$x^2$');
    const katex = elements(math, hasClass('katex'))[0];
    expect(katex && toHtml(katex)).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
  });

  it('adds nothing for a formula whose readable form is empty', async () => {
    const tree = await render('A space: $\\,$ here.');
    expect(elements(tree, hasClass('katex'))).toHaveLength(1);
    expect(elements(tree, hasClass(SEARCH_TEXT_CLASS))).toHaveLength(0);
  });

  it('keeps formula text as text: markup-like TeX cannot become elements', async () => {
    const tree = await render('$\\text{<img src=x onerror=alert(1)>}$');
    const readable = elements(tree, hasClass(SEARCH_TEXT_CLASS))[0];
    expect(readable?.children).toHaveLength(1);
    expect(readable?.children[0]?.type).toBe('text');
    expect(readable?.children[0] && 'value' in readable.children[0] ? readable.children[0].value : '').toContain(
      'onerror',
    );
    expect(toHtml(tree)).not.toContain('<img');
  });
});

/** HTML as a parser reads it, written out one way: two strings for the same document compare equal. */
const parsed = (html: string): string => toHtml(fromHtml(html, { fragment: true }));

describe('searchableMathHtml', () => {
  const formulas = [
    ['L(s) = L_0 + A\\cdot S_1^{-\\alpha}', false],
    ['\\sum_{i=1}^n x_i^2', true],
    ['\\,', false],
    ['\\,', true],
    ['a < b \\& c > d', false],
    ['\\text{<img src=x onerror=alert(1)>} "q" \'s\'', true],
    ['\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}', true],
    ['\\sqrt{x} + \\widehat{xyz} + \\overrightarrow{AB}', false],
  ] as const;

  it("makes of KaTeX's HTML what rehypeMathSearchText makes of its tree", async () => {
    for (const [tex, display] of formulas) {
      const markdown = display ? `$$\n${tex}\n$$\n` : `$${tex}$`;
      const fromTree = toHtml(await render(markdown));
      const html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true });
      const fromString = searchableMathHtml(html, tex);
      // The tree step runs inside a paragraph for inline math.
      expect(parsed(display ? fromString : `<p>${fromString}</p>`), tex).toBe(parsed(fromTree));
    }
  });

  it("refuses HTML that is not KaTeX's, instead of marking the wrong element", () => {
    expect(() => searchableMathHtml('<b>x</b>', 'x')).toThrow(/has KaTeX changed its markup/);
    expect(() => searchableMathHtml('<span class="katex-display"><b>x</b></span>', 'x')).toThrow(/KaTeX/);
  });
});
