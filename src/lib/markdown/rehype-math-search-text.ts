import type { Element, ElementContent, Root, RootContent } from 'hast';
import { escapeHtml } from '../math/math-html.ts';
import { texToText } from '../text/tex-to-text.ts';

/**
 * KaTeX writes each formula three times: MathML (for screen readers), the TeX source in an
 * annotation, and the glyph HTML. A search index fed all three repeats every formula as noise
 * ("L(s)=L0+A⋅S1−α L(s) = L_0 + A\cdot S_1^{-\alpha} L(s)=L0+A⋅S1−α"). This step, run right after
 * rehype-katex, tells Pagefind to skip the KaTeX markup (`data-pagefind-ignore`) and puts one
 * readable form of the formula beside it in a `hidden` span: not shown, not read aloud (the MathML
 * is), but indexed, so excerpts read cleanly and "alpha" finds `\alpha`.
 */

/** The class of the hidden readable form, so tests and styles can find it. */
export const SEARCH_TEXT_CLASS = 'math-search-text';

function classes(node: Element): string[] {
  const value = node.properties['className'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' || typeof value === 'number' ? String(value).split(/\s+/) : [];
}

/** The TeX source KaTeX keeps in `<annotation encoding="application/x-tex">`, if present. */
function texSource(node: Element): string | undefined {
  const stack: ElementContent[] = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current?.type !== 'element') continue;
    if (current.tagName === 'annotation' && current.properties['encoding'] === 'application/x-tex') {
      return current.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
    }
    stack.push(...current.children);
  }
  return undefined;
}

/** Marks every KaTeX formula under `parent` and adds its readable form after it. */
function transform(parent: Root | Element): void {
  const children: RootContent[] = [];
  for (const child of parent.children) {
    children.push(child);
    if (child.type !== 'element') continue;
    if (!classes(child).includes('katex')) {
      transform(child);
      continue;
    }
    child.properties['dataPagefindIgnore'] = '';
    const tex = texSource(child);
    if (tex === undefined) continue;
    const text = texToText(tex, 'words');
    if (text === '') continue;
    children.push({
      type: 'element',
      tagName: 'span',
      properties: { className: [SEARCH_TEXT_CLASS], hidden: true },
      children: [{ type: 'text', value: text }],
    });
  }
  parent.children = children as typeof parent.children;
}

const KATEX_START = '<span class="katex">';
const DISPLAY_START = '<span class="katex-display">';
const SPAN_END = '</span>';

/**
 * What `rehypeMathSearchText` makes of one formula, made on KaTeX's HTML string instead of a tree:
 * the `.katex` span marked `data-pagefind-ignore`, and the readable form of `tex` after it (inside
 * the display wrapper for block math). The paper renderer uses this so KaTeX's output need not be
 * parsed into a tree and serialized again (src/lib/markdown/paper-render.ts).
 */
export function searchableMathHtml(html: string, tex: string): string {
  const display = html.startsWith(DISPLAY_START);
  const at = html.indexOf(KATEX_START);
  if (at !== (display ? DISPLAY_START.length : 0) || !html.endsWith(SPAN_END)) {
    throw new Error(`KaTeX's output for "${tex}" does not start with ${KATEX_START}: has KaTeX changed its markup?`);
  }
  const marked = `${html.slice(0, at)}<span class="katex" data-pagefind-ignore="">${html.slice(at + KATEX_START.length)}`;
  const text = texToText(tex, 'words');
  if (text === '') return marked;
  const readable = `<span class="${SEARCH_TEXT_CLASS}" hidden>${escapeHtml(text)}</span>`;
  return display ? `${marked.slice(0, -SPAN_END.length)}${readable}${SPAN_END}` : `${marked}${readable}`;
}

/** The rehype plugin: add it right after rehype-katex. */
export function rehypeMathSearchText() {
  return (tree: Root): Root => {
    transform(tree);
    return tree;
  };
}
