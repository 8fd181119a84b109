import { describe, expect, it } from 'vitest';
import { createRenderPool } from '../../../src/lib/markdown/paper-render-pool.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';

describe('createRenderPool', () => {
  it('renders on worker threads exactly as in this thread, and reports failures per paper', async () => {
    const pool = await createRenderPool(10_000);
    const direct = createPaperRenderer();
    try {
      const bodies = Array.from(
        { length: 20 },
        (_, n) => `Paper ${n} with $x_{${n}}^2$ and [code](https://github.com/a/b${n}).`,
      );
      const viaPool = await Promise.all(bodies.map((body, n) => pool.render(body, `/tmp/paper-${n}.md`)));
      const inThread = await Promise.all(bodies.map((body, n) => direct(body, `/tmp/paper-${n}.md`)));
      expect(viaPool).toEqual(inThread);
      await expect(pool.render('Broken $\\frac{1}{$.', '/tmp/broken.md')).rejects.toThrow(
        /broken\.md:1:8: KaTeX cannot render the formula/,
      );
    } finally {
      await pool.close();
    }
  });

  it('renders small archives in this thread', async () => {
    const pool = await createRenderPool(3);
    expect(await pool.render('Just $y$.', '/tmp/small.md')).toContain('class="katex"');
    await pool.close();
  });
});
