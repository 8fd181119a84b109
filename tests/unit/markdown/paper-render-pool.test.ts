import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperJobRunner, createRenderPool, type PaperJob } from '../../../src/lib/markdown/paper-render-pool.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { derivePaperView } from '../../../src/lib/site/paper-view.ts';

const job = (n: number, body: string): PaperJob => ({
  body,
  path: `/tmp/paper-${n}.md`,
  file: `content/papers/paper-${n}.md`,
  title: `Paper ${n} on $\\mathcal{O}(n^{${n}})$ time`,
  topics: ['t'],
});

describe('createRenderPool', () => {
  it('renders and derives on worker threads exactly as in this thread, and reports failures per paper', async () => {
    const pool = await createRenderPool(10_000);
    const direct = createPaperRenderer();
    try {
      const jobs = Array.from({ length: 20 }, (_, n) =>
        job(n, `Paper ${n} with $x_{${n}}^2$ and [code](https://github.com/a/b${n}).`),
      );
      const viaPool = await Promise.all(jobs.map((each) => pool.render(each)));
      const inThread = await Promise.all(
        jobs.map(async (each) => ({ html: await direct(each.body, each.path), view: derivePaperView(each) })),
      );
      expect(viaPool).toEqual(inThread);
      expect(viaPool[3]?.view.titleHtml).toContain('class="katex"');
      await expect(pool.render(job(1, 'Broken $\\frac{1}{$.'))).rejects.toThrow(
        /paper-1\.md:1:8: KaTeX cannot render the formula/,
      );
      await expect(pool.render({ ...job(2, 'Fine.'), title: 'Broken $\\frac{1}{$' })).rejects.toThrow(
        /content\/papers\/paper-2\.md \(title\)/,
      );
    } finally {
      await pool.close();
    }
  });

  it('renders small archives in this thread', async () => {
    const pool = await createRenderPool(3);
    const paper = await pool.render(job(0, 'Just $y$.'));
    expect(paper.html).toContain('class="katex"');
    expect(paper.view.abstractText).toBe('Just y.');
    await pool.close();
    const runner = await createPaperJobRunner();
    expect(await runner(job(0, 'Just $y$.'))).toEqual(paper);
  });
});

describe('createRenderPool writing abstract files', () => {
  it('writes each abstract to its file from the rendering thread and sends back only the view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
    const pool = await createRenderPool(10_000);
    try {
      const jobs = Array.from({ length: 300 }, (_, n) => ({
        ...job(n, `Paper ${n}: $y_{${n}}$.`),
        htmlFile: join(dir, `${n}.html`),
      }));
      const rendered = await Promise.all(jobs.map((each) => pool.render(each)));
      expect(rendered.every((paper) => paper.html === undefined && paper.view.abstractHasMath)).toBe(true);
      expect(readdirSync(dir)).toHaveLength(300);
      const direct = createPaperRenderer();
      expect(readFileSync(join(dir, '7.html'), 'utf8')).toBe(await direct('Paper 7: $y_{7}$.', '/tmp/paper-7.md'));
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
