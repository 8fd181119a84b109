import { describe, expect, it } from 'vitest';
import { licenseName } from '../../../src/lib/site/licenses.ts';

describe('licenseName', () => {
  it.each([
    ['http://arxiv.org/licenses/nonexclusive-distrib/1.0/', 'arXiv non-exclusive license to distribute'],
    ['http://creativecommons.org/licenses/by/4.0/', 'CC BY 4.0'],
    ['https://creativecommons.org/licenses/by-nc-sa/4.0/', 'CC BY-NC-SA 4.0'],
    ['http://creativecommons.org/licenses/by-nc-nd/4.0', 'CC BY-NC-ND 4.0'],
    ['http://creativecommons.org/publicdomain/zero/1.0/', 'CC0 1.0'],
  ])('names %s', (url, name) => {
    expect(licenseName(url)).toBe(name);
  });

  it('does not name what it does not know', () => {
    expect(licenseName('https://example.org/license')).toBeUndefined();
    expect(licenseName('http://creativecommons.org/publicdomain/mark/1.0/')).toBeUndefined();
    expect(licenseName('https://creativecommons.org.evil.example/licenses/by/4.0/')).toBeUndefined();
  });
});
