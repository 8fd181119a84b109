import type { Element, ElementContent, Root, RootContent } from 'hast';
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

/** The rehype plugin: add it right after rehype-katex. */
export function rehypeMathSearchText() {
  return (tree: Root): Root => {
    transform(tree);
    return tree;
  };
}
