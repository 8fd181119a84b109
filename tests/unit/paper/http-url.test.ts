import { describe, expect, it } from 'vitest';
import {
  hostNamedBy,
  isAcceptedUrl,
  linkDisplay,
  linkLabelProblem,
  urlProblem,
} from '../../../src/lib/paper/http-url.ts';

describe('urlProblem', () => {
  it.each([
    'https://github.com/example/emo',
    'http://example.org',
    'https://www.example.co.uk:8443/a/b?c=d#e',
    'https://example.org/wiki/Müller_(name)',
    'https://sub-domain.example-site.io/x%20y',
    'https://GitHub.com/Example',
  ])('accepts %s', (url) => {
    expect(urlProblem(url)).toBeUndefined();
    expect(isAcceptedUrl(url)).toBe(true);
  });

  it.each([
    ['javascript:alert(1)', 'unsafe-link', 'the link to "javascript:alert(1)" uses "javascript:": only http(s) links'],
    ['data:text/html,x', 'unsafe-link', 'uses "data:"'],
    ['ftp://files.example/x', 'unsafe-link', 'uses "ftp:"'],
    ['/relative/path', 'unsafe-link', 'the link "/relative/path" is not an absolute URL'],
    ['https://a.org/x y', 'unsafe-link', 'holds white space or a control character'],
    ['https://a.org/\u0000', 'unsafe-link', '"https://a.org/U+0000" holds white space or a control character'],
    ['http://127.0.0.1/admin', 'unsafe-link', 'goes to "127.0.0.1", which is not a host name'],
    ['https://0x7f.1/', 'unsafe-link', 'goes to "127.0.0.1"'],
    ['https://localhost/', 'unsafe-link', 'goes to "localhost", which is not a host name'],
    [
      'https://github.com@evil.example/x',
      'deceptive-url',
      'the link "https://github.com@evil.example/x" really goes to evil.example: "github.com@" before it is a user name',
    ],
    ['https://user:secret@evil.example/', 'deceptive-url', 'really goes to evil.example: "user:secret@" before it'],
    [
      'https://gіthub.com/x',
      'deceptive-url',
      'really goes to xn--gthub-n2e.com: its host "gіthub.com" has the non-ASCII character "і" (U+0456)',
    ],
    ['https://ｇithub.com/x', 'deceptive-url', 'really goes to github.com: its host "ｇithub.com" has the non-ASCII'],
    // The same hosts percent-encoded, as an author may write them and as Markdown encodes links.
    [
      'https://%EF%BD%87ithub.com/x',
      'deceptive-url',
      'really goes to github.com: its host is written "%EF%BD%87ithub.com"',
    ],
    ['https://exa%E2%80%8Bmple.org/', 'deceptive-url', 'really goes to example.org: its host is written'],
    ['https://%67ithub.com/', 'deceptive-url', 'really goes to github.com: its host is written "%67ithub.com"'],
    [
      'https://аррӏе.com/',
      'deceptive-url',
      'has the non-ASCII characters "а" (U+0430), "р" (U+0440), "ӏ" (U+04CF) and 1 more',
    ],
    [
      'https://xn--gthub-n2e.com/x',
      'deceptive-url',
      'really goes to xn--gthub-n2e.com, which a browser may show as "gіthub.com", with the non-ASCII character "і" (U+0456)',
    ],
    ['https://evil.xn--p1ai/', 'deceptive-url', 'internationalized (punycode) host names are not accepted'],
  ])('refuses %s', (url, rule, says) => {
    const problem = urlProblem(url);
    expect(problem?.rule).toBe(rule);
    expect(problem?.message).toContain(says);
  });
});

describe('linkLabelProblem', () => {
  it.each([
    ['GitHub', 'https://github.com/a/b'],
    ['code on GitHub', 'https://github.com/a/b'],
    ['our GitHub page', 'https://a.github.io/b'],
    ['Hugging Face', 'https://hf.co/a/b'],
    ['huggingface.co/a/b', 'https://hf.co/a/b'],
    ['GitLab', 'https://gitlab.inria.fr/a/b'],
    ['arXiv:2401.01234', 'https://arxiv.org/abs/2401.01234'],
    ['https://github.com/a/b', 'https://www.github.com/a/b'],
    ['example.org', 'https://docs.example.org/x'],
    ['train.py', 'https://github.com/a/b/blob/main/train.py'],
    ['README.md', 'https://github.com/a/b'],
    ['the project page', 'https://evil.example/'],
  ])('accepts the text %j on a link to %s', (label, url) => {
    expect(linkLabelProblem(label, url)).toBeUndefined();
  });

  it.each([
    ['GitHub', 'https://evil.example/a/b', 'the link "GitHub" names GitHub but goes to evil.example'],
    [
      'Code on Hugging Face',
      'https://huggingface.co.evil.example/x',
      'names Hugging Face but goes to huggingface.co.evil.example',
    ],
    ['arXiv', 'https://openreview.net/forum?id=x', 'names arXiv but goes to openreview.net'],
    [
      'github.com/a/b',
      'https://github.com.evil.example/a/b',
      'reads as github.com but goes to github.com.evil.example',
    ],
    ['https://github.com/a/b', 'https://evil.example/a/b', 'reads as github.com but goes to evil.example'],
    [
      'www.example.org',
      'https://example.org.evil.example/',
      'reads as example.org but goes to example.org.evil.example',
    ],
  ])('refuses the text %j on a link to %s', (label, url, says) => {
    const problem = linkLabelProblem(label, url);
    expect(problem?.rule).toBe('misleading-link-label');
    expect(problem?.message).toContain(says);
  });

  it('reads host names in link text, and not file names', () => {
    expect(hostNamedBy('github.com/a/b')).toBe('github.com');
    expect(hostNamedBy('https://Example.ORG')).toBe('example.org');
    expect(hostNamedBy('www.example.de')).toBe('example.de');
    expect(hostNamedBy('github.io')).toBe('github.io');
    expect(hostNamedBy('gіthub.com')).toBe('xn--gthub-n2e.com');
    expect(hostNamedBy('model.pt')).toBeUndefined();
    expect(hostNamedBy('Fig. 2.1')).toBeUndefined();
    expect(hostNamedBy('code and data')).toBeUndefined();
  });
});

describe('linkDisplay', () => {
  it('shows the host a link really goes to, never the text as written', () => {
    expect(linkDisplay('https://github.com/a/b')).toBe('github.com/a/b');
    expect(linkDisplay('https://Example.ORG/')).toBe('example.org');
    expect(linkDisplay('https://github.com@evil.example/a')).toBe('evil.example/a');
    expect(linkDisplay('https://gіthub.com/a')).toBe('xn--gthub-n2e.com/a');
    expect(linkDisplay('https://a.org/p?q=1#r')).toBe('a.org/p?q=1#r');
  });
});
