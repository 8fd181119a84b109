/**
 * A formula KaTeX cannot render must stop the build, naming the file (and for an abstract the
 * line) so the contributor knows what to fix, instead of shipping a red error or a missing page.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, removeTemp, SITE_FIXTURES, type BuildResult } from '../helpers/astro-build.ts';

const results: BuildResult[] = [];
afterAll(async () => {
  for (const result of results) await removeTemp(result.outDir);
});

describe('a paper with a broken formula', () => {
  it('fails the build naming the file, the line and the formula when it is in the abstract', async () => {
    const result = await buildSite({ contentDir: join(SITE_FIXTURES, 'bad-math/content') });
    results.push(result);
    expect(result.code).not.toBe(0);
    // Line 14 of the file, where the formula is (the front matter is lines 1-9).
    expect(result.output).toMatch(/bad-math\/content\/papers\/broken-formula\.md:14:\d+/);
    expect(result.output).toContain('\\frac{1}{\\undefinedmacro{2}');
    expect(result.output).not.toMatch(/a-sound-paper\.md:\d+/);
  });

  it('fails the build naming the file when it is in the title', async () => {
    const result = await buildSite({ contentDir: join(SITE_FIXTURES, 'bad-title-math/content') });
    results.push(result);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      'bad-title-math/content/papers/broken-title.md (title): KaTeX cannot render the formula "\\frac{1}{"',
    );
  });

  it('fails the build on a command KaTeX would only paint red (\\href with trust: false), pointing at it', async () => {
    const result = await buildSite({ contentDir: join(SITE_FIXTURES, 'untrusted-math/content') });
    results.push(result);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /untrusted-math\/content\/papers\/inert-link-in-math\.md:8:72: \\href in a formula renders as red error text/,
    );
  });
});
