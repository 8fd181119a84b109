import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleGraph, relativeImports, sourceDigest } from '../../../src/lib/build/source-digest.ts';

describe('relativeImports', () => {
  it('finds static, multi-line, type-only, side-effect and dynamic imports, re-exports and worker URLs', () => {
    const source = [
      "import { a } from './a.ts';",
      'import {',
      '  b,',
      "} from '../b.ts';",
      "import type { C } from './c.ts';",
      "import './side-effect.ts';",
      "export { d } from './d.ts';",
      "const e = await import('./e.ts');",
      "new Worker(new URL('./worker.ts', import.meta.url));",
      "import data from './data.json' with { type: 'json' };",
      "import { readFile } from 'node:fs';",
      "import katex from 'katex';",
    ].join('\n');
    expect(relativeImports(source).sort()).toEqual(
      ['../b.ts', './a.ts', './c.ts', './d.ts', './data.json', './e.ts', './side-effect.ts', './worker.ts'].sort(),
    );
  });
});

describe('moduleGraph and sourceDigest', () => {
  const files: Record<string, string> = {
    '/p/src/entry.ts': "import { x } from './lib/x.ts';\nnew URL('./worker.ts', import.meta.url);",
    '/p/src/lib/x.ts': "import { y } from '../y.ts';\nimport { z } from './missing.ts';",
    '/p/src/y.ts': "import { x } from './lib/x.ts';\nexport const y = 1;",
    '/p/src/worker.ts': 'export const w = 1;',
    '/p/src/unrelated.ts': 'export const u = 1;',
    '/p/package-lock.json': '{"lock":1}',
  };
  const read = (path: string) => files[path];

  it('follows relative imports through cycles, skipping what does not exist', () => {
    expect(moduleGraph(['/p/src/entry.ts'], read)).toEqual([
      '/p/src/entry.ts',
      '/p/src/lib/x.ts',
      '/p/src/worker.ts',
      '/p/src/y.ts',
    ]);
  });

  it('changes with any file reachable from the entries or a pin, and with nothing else', () => {
    const digest = () => sourceDigest('/p', ['/p/src/entry.ts'], ['/p/package-lock.json', '/p/none.patch'], read);
    const before = digest();
    expect(digest()).toBe(before);
    files['/p/src/unrelated.ts'] = 'export const u = 2;';
    expect(digest()).toBe(before);
    files['/p/src/y.ts'] += '\n// changed';
    const afterCode = digest();
    expect(afterCode).not.toBe(before);
    files['/p/package-lock.json'] = '{"lock":2}';
    expect(digest()).not.toBe(afterCode);
  });

  it('names files relative to the root, so the same checkout elsewhere gives the same digest', () => {
    const moved = Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace('/p/', '/q/'), text]));
    expect(sourceDigest('/q', ['/q/src/entry.ts'], ['/q/package-lock.json'], (path) => moved[path])).toBe(
      sourceDigest('/p', ['/p/src/entry.ts'], ['/p/package-lock.json'], read),
    );
  });

  it("reaches the paper loader's render threads and the collection schema from the loader's entries", () => {
    const at = (path: string) => fileURLToPath(new URL(`../../../src/${path}`, import.meta.url));
    const graph = moduleGraph([at('lib/build/paper-loader.ts'), at('content.config.ts')], (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    });
    for (const module of [
      'lib/markdown/paper-render-worker.ts',
      'lib/markdown/plain-paragraphs.ts',
      'lib/site/paper-view.ts',
      'lib/math/katex-options.ts',
      'lib/paper/schema.ts',
    ]) {
      expect(graph).toContain(at(module));
    }
  });
});
