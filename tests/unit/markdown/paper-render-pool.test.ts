import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperJobRunner, createRenderPool, type PaperJob } from '../../../src/lib/markdown/paper-render-pool.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { readAbstractFile } from '../../../src/lib/build/abstract-files.ts';
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
        jobs.map(async (each) => {
          const { summary, abstract } = derivePaperView(each);
          return { summary, abstract: { html: await direct(each.body, each.path), ...abstract } };
        }),
      );
      expect(viaPool).toEqual(inThread);
      expect(viaPool[3]?.summary.titleHtml).toContain('class="katex"');
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
    expect(paper.abstract?.html).toContain('class="katex"');
    expect(paper.abstract?.text).toBe('Just y.');
    await pool.close();
    const runner = await createPaperJobRunner();
    expect(await runner(job(0, 'Just $y$.'))).toEqual(paper);
  });
});

describe('createRenderPool writing abstract files', () => {
  it('writes each abstract to its file from the rendering thread and sends back only the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
    const pool = await createRenderPool(10_000);
    try {
      const jobs = Array.from({ length: 300 }, (_, n) => ({
        ...job(n, `Paper ${n}: $y_{${n}}$.`),
        original: n === 7 ? 'Paper 7: y_7.' : undefined,
        abstractFile: join(dir, `${n}.json`),
      }));
      const rendered = await Promise.all(jobs.map((each) => pool.render(each)));
      expect(rendered.every((paper) => paper.abstract === undefined && paper.summary.titleHasMath)).toBe(true);
      expect(rendered.map((paper) => paper.summary.repaired).filter(Boolean)).toHaveLength(1);
      expect(readdirSync(dir)).toHaveLength(300);
      const direct = createPaperRenderer();
      expect(readAbstractFile(join(dir, '7.json'), 'paper-7.md')).toEqual({
        html: await direct('Paper 7: $y_{7}$.', '/tmp/paper-7.md'),
        text: 'Paper 7: y₇.',
        description: 'Paper 7: y₇.',
        hasMath: true,
        original: 'Paper 7: y_7.',
      });
      expect(readAbstractFile(join(dir, '8.json'), 'paper-8.md')).not.toHaveProperty('original');
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
