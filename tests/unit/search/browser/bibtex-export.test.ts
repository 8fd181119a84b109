import { describe, expect, it } from 'vitest';
import {
  BibtexUnreachable,
  bibUrlOf,
  exportFailure,
  exportFileName,
  fetchAll,
  fetchBibtex,
  joinBibtex,
} from '../../../../src/lib/search/browser/bibtex-export.ts';

describe('bibtex export', () => {
  it('finds the .bib beside a paper page, under any base path', () => {
    expect(bibUrlOf('/papers/emo/')).toBe('/papers/emo.bib');
    expect(bibUrlOf('/paper-archive/papers/emo/?q=x#top')).toBe('/paper-archive/papers/emo.bib');
    expect(bibUrlOf('https://example.org/base/papers/emo')).toBe('https://example.org/base/papers/emo.bib');
    expect(bibUrlOf('/topics/optimization/')).toBeUndefined();
  });

  it('joins entries with one blank line and names the file after the query', () => {
    expect(joinBibtex(['@misc{a,\n}\n', '', '  @misc{b,\n}'])).toBe('@misc{a,\n}\n\n@misc{b,\n}\n');
    expect(exportFileName('Scaling laws for Mü-ons!')).toBe('papers-scaling-laws-for-mu-ons.bib');
    expect(exportFileName('  ')).toBe('papers.bib');
  });

  it('fetches in order with bounded concurrency, and fails on the first failure', async () => {
    let running = 0;
    let peak = 0;
    const texts = await fetchAll(
      Array.from({ length: 20 }, (_, i) => `u${i}`),
      async (url) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running -= 1;
        return url.toUpperCase();
      },
      4,
    );
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `U${i}`));
    expect(peak).toBe(4);
    await expect(
      fetchAll(['a', 'b'], async (url) => {
        if (url === 'b') throw new Error('b: HTTP 404');
        return url;
      }),
    ).rejects.toThrow('b: HTTP 404');
  });

  it('says the export needs the network when a .bib could not be fetched or the reader is offline', async () => {
    const offline = await fetchBibtex('/papers/x.bib', () => Promise.reject(new TypeError('Failed to fetch'))).catch(
      (error: unknown) => error,
    );
    expect(offline).toBeInstanceOf(BibtexUnreachable);
    expect(exportFailure(offline, true)).toMatch(/^The export needs the network/);
    expect(exportFailure(new Error('x.bib: HTTP 500'), false)).toMatch(/^The export needs the network/);
    const missing = await fetchBibtex('/papers/x.bib', () => Promise.resolve(new Response('', { status: 404 }))).catch(
      (error: unknown) => error,
    );
    expect(exportFailure(missing, true)).toBe('The export failed (/papers/x.bib: HTTP 404): try again.');
    expect(await fetchBibtex('/papers/x.bib', () => Promise.resolve(new Response('@misc{x}')))).toBe('@misc{x}');
  });
});
