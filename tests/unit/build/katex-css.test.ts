import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { katexWoff2Only, woff2Only } from '../../../src/lib/build/katex-css.ts';

describe('woff2Only', () => {
  const css = readFileSync('node_modules/katex/dist/katex.min.css', 'utf8');
  const slim = woff2Only(css);

  it('keeps exactly one woff2 source per @font-face of the real KaTeX stylesheet', () => {
    const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
    const slimFaces = slim.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThan(15);
    expect(slimFaces).toHaveLength(faces.length);
    for (const face of slimFaces) {
      expect(face.match(/url\(/g)).toHaveLength(1);
      expect(face).toMatch(/url\(fonts\/KaTeX_[\w-]+\.woff2\) format\("woff2"\)\}$/);
    }
  });

  it('changes nothing but font sources', () => {
    const strip = (text: string) => text.replace(/@font-face\{[^}]*\}/g, '');
    expect(strip(slim)).toBe(strip(css));
  });

  it('applies only to KaTeX’s stylesheet', () => {
    const plugin = katexWoff2Only();
    expect(plugin.transform(css, '/x/node_modules/katex/dist/katex.min.css?url')?.code).toBe(slim);
    expect(plugin.transform(css, '/x/src/styles/global.css')).toBeNull();
  });
});

describe('one KaTeX for the whole site', () => {
  it('renders abstracts (rehype-katex) with the KaTeX whose stylesheet the site ships', async () => {
    // KaTeX renamed its classes (base -> katex-base ...) between versions: a second copy under
    // rehype-katex would render abstracts with markup the shipped stylesheet no longer styles.
    const { createRequire } = await import('node:module');
    const { fileURLToPath } = await import('node:url');
    const fromRehype = createRequire(fileURLToPath(import.meta.resolve('rehype-katex')));
    const used = JSON.parse(readFileSync(fromRehype.resolve('katex/package.json'), 'utf8')) as { version: string };
    const shipped = JSON.parse(readFileSync('node_modules/katex/package.json', 'utf8')) as { version: string };
    expect(used.version).toBe(shipped.version);
  });
});
