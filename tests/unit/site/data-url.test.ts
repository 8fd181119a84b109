import { describe, expect, it } from 'vitest';
import { dataUrl } from '../../../src/lib/site/data-url.ts';

/** What a browser's download holds: the URL through the WHATWG URL parser and fetch's data: decoder. */
async function decoded(url: string): Promise<{ type: string | null; text: string }> {
  const response = await fetch(new URL(url).href);
  return { type: response.headers.get('content-type'), text: await response.text() };
}

describe('dataUrl', () => {
  it('decodes back to exactly the text, with the media type and UTF-8', async () => {
    const ris = 'TY  - JOUR\nTI  - Scaling Law with Learning Rate Annealing\nAU  - Tissue, Howe\nER  - \n';
    const url = dataUrl('application/x-research-info-systems', ris);
    expect(url.startsWith('data:application/x-research-info-systems;charset=utf-8,TY  - JOUR%0ATI  - ')).toBe(true);
    expect(await decoded(url)).toEqual({ type: 'application/x-research-info-systems;charset=utf-8', text: ris });
  });

  it('keeps what a URL would otherwise cut, drop or decode: # % ? tabs, line breaks, quotes, markup', async () => {
    const hostile = [
      'a # fragment? and a %20 that is text, 100% and %zz',
      '\ttabs\r\nCRLF\u0000NUL\u007fDEL\u2028LS',
      `"quotes" 'single' & <script>alert(1)</script> &amp; javascript:alert(1)`,
      'Ünïcødé: Schrödinger, 数学, 🙂, ∑ ≤ ∞',
      '   spaces at both ends   ',
    ].join('\n');
    const url = dataUrl('application/vnd.citationstyles.csl+json', hostile);
    expect(url).not.toMatch(/[\t\n\r"<>&'#]/);
    expect((await decoded(url)).text).toBe(hostile);
  });

  it('keeps JSON exactly, and an empty file', async () => {
    const json = `${JSON.stringify([{ id: 'x', title: 'A "quoted" title # 1 — 50% off' }], null, 2)}\n`;
    expect(JSON.parse((await decoded(dataUrl('application/json', json))).text)).toEqual(JSON.parse(json));
    expect((await decoded(dataUrl('text/plain', ''))).text).toBe('');
  });

  it('refuses a media type that would change the URL', () => {
    expect(() => dataUrl('text/plain,evil', 'x')).toThrow(/Not a media type/);
    expect(() => dataUrl('text/plain;charset=latin1', 'x')).toThrow(/Not a media type/);
  });
});
