import { describe, expect, it } from 'vitest';
import { blankBareUrls, findUrls, URL_LIKE_PATTERNS } from '../../../src/lib/repair/links.ts';

const URL_LIKE = new RegExp(URL_LIKE_PATTERNS.join('|'), 'gi');
const blank = (text: string) => blankBareUrls(text.replace(URL_LIKE, '|'), '|');

describe('URL-like text, for code that ignores URLs', () => {
  it('covers a scheme (http, https, ftp), www. and Markdown link targets, up to a space or bracket', () => {
    expect(blank('see https://x.org/a?b=1 and HTTP://Y.ORG then ftp://z.org/f')).toBe('see | and | then |');
    expect(blank('at www.example.com/path) now')).toBe('at |) now');
    expect(blank('[the code](https://github.com/a/b) here')).toBe('[the code| here');
  });

  it('covers a URL with no scheme on any host, but not a fraction or a file path', () => {
    expect(blank('code at example.com/tool and github.com/x/y.')).toBe('code at | and |');
    expect(blank('a ratio 3/4, a path src/lib and and/or')).toBe('a ratio 3/4, a path src/lib and and/or');
  });

  it('is broader than what may become a link', () => {
    const text = 'mirrors: ftp://z.org/f and example.com/tool';
    expect(findUrls(text)).toEqual([]);
    expect(blank(text)).toBe('mirrors: | and |');
  });

  it('stays linear on long dotted runs with no URL', () => {
    const hostile = `${'a.'.repeat(50_000)}/`;
    expect(blankBareUrls(hostile, '|')).toBe(hostile);
  });
});
