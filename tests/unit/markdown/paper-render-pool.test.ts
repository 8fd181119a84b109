import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperJobRunner, createRenderPool, type PaperJob } from '../../../src/lib/markdown/paper-render-pool.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { createAbstractReader } from '../../../src/lib/build/abstract-packs.ts';
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

describe('createRenderPool writing abstract packs', () => {
  it('appends each abstract to a pack of the rendering thread and sends back only the summary and where it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
    const pool = await createRenderPool(10_000);
    try {
      const jobs = Array.from({ length: 300 }, (_, n) => ({
        ...job(n, `Paper ${n}: $y_{${n}}$.`),
        original: n === 7 ? 'Paper 7: y_7.' : undefined,
        abstractPacks: dir,
      }));
      const rendered = await Promise.all(jobs.map((each) => pool.render(each)));
      expect(rendered.every((paper) => paper.abstract === undefined && paper.summary.titleHasMath)).toBe(true);
      expect(rendered.map((paper) => paper.summary.repaired).filter(Boolean)).toHaveLength(1);
      // A pack per thread: the threads took turns.
      const packs = new Set(rendered.map((paper) => paper.location?.pack));
      expect(packs.size).toBe(Math.min(4, availableParallelism()));
      expect(readdirSync(dir).sort()).toEqual([...packs].sort());
      const direct = createPaperRenderer();
      const reader = createAbstractReader(dir);
      const read = (n: number) => {
        const location = rendered[n]?.location;
        if (location === undefined) throw new Error(`paper ${n} has no location`);
        return reader.read(location, `paper-${n}.md`);
      };
      expect(read(7)).toEqual({
        html: await direct('Paper 7: $y_{7}$.', '/tmp/paper-7.md'),
        text: 'Paper 7: y₇.',
        description: 'Paper 7: y₇.',
        hasMath: true,
        original: 'Paper 7: y_7.',
      });
      expect(read(8)).not.toHaveProperty('original');
      // Every paper's forms where its location says, as this thread derives them.
      const forms = rendered.map((_, n) => {
        const { html: _html, ...rest } = read(n);
        return rest;
      });
      expect(forms).toEqual(jobs.map((each) => derivePaperView(each).abstract));
      reader.close();
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes the packs of this thread when a small archive is rendered here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
    try {
      const pool = await createRenderPool(3);
      const { location } = await pool.render({ ...job(0, 'Just $y$.'), abstractPacks: dir });
      await pool.close();
      // Closed: the next paper starts a pack of its own.
      const next = await pool.render({ ...job(1, 'Just $z$.'), abstractPacks: dir });
      await pool.close();
      expect(location?.pack).toBeDefined();
      expect(next.location?.pack).not.toBe(location?.pack);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
