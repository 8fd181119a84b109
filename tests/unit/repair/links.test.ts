import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findUrls, isCodeUrl, normalizeUrl, refusedUrls } from '../../../src/lib/repair/links.ts';

const SEED = readFileSync(new URL('../../../content/inbox/2025-03-14-hf-trending.txt', import.meta.url), 'utf8');
const OAI = readFileSync(new URL('../../fixtures/inputs/arxiv-oai-sample.jsonl', import.meta.url), 'utf8');

interface UrlCase {
  text: string;
  /** Expected spans as [spelled text, url, label?]. */
  spans: [string, string, string?][];
}

const spansOf = (text: string): [string, string, string?][] =>
  findUrls(text).map((span) => {
    const row: [string, string, string?] = [text.slice(span.start, span.end), span.url];
    if (span.label !== undefined) row.push(span.label);
    return row;
  });

const CASES: UrlCase[] = [
  // Every spelling in the seed page.
  {
    text: 'We release our code at https://github.com/facebookresearch/forwardgnn.',
    spans: [['https://github.com/facebookresearch/forwardgnn', 'https://github.com/facebookresearch/forwardgnn']],
  },
  {
    text: 'The code is open-sourced at https://github.com/Optimization-AI/ICML2023_LDR.',
    spans: [['https://github.com/Optimization-AI/ICML2023_LDR', 'https://github.com/Optimization-AI/ICML2023_LDR']],
  },
  {
    text: 'available at https://github.com/Nandan91/entropy-guided-attention-llm{entropy-guided-llm}.',
    spans: [
      [
        'https://github.com/Nandan91/entropy-guided-attention-llm{entropy-guided-llm}',
        'https://github.com/Nandan91/entropy-guided-attention-llm',
        'entropy-guided-llm',
      ],
    ],
  },
  {
    text: 'Our code is publicly available at: https://github.com/xu-ji/information-bottleneck',
    spans: [['https://github.com/xu-ji/information-bottleneck', 'https://github.com/xu-ji/information-bottleneck']],
  },
  {
    text: 'The source code is available at https://trustai4s-lab.github.io/fidelity.',
    spans: [['https://trustai4s-lab.github.io/fidelity', 'https://trustai4s-lab.github.io/fidelity']],
  },
  {
    text: 'Code for our experiments can be found at github.com/edwardjhu/TP4.',
    spans: [['github.com/edwardjhu/TP4', 'https://github.com/edwardjhu/TP4']],
  },
  // Trailing punctuation is not part of a URL; balanced brackets are.
  ...['.', ',', ';', ':', '!', '?', ')', "'", '"', '”'].map((tail): UrlCase => ({
    text: `(see https://example.org/a/b${tail} more`,
    spans: [['https://example.org/a/b', 'https://example.org/a/b']],
  })),
  {
    text: 'see (https://example.org/x).',
    spans: [['https://example.org/x', 'https://example.org/x']],
  },
  {
    text: 'https://en.wikipedia.org/wiki/Mamba_(software) and https://x.org/a?b=1&c=2#frag.',
    spans: [
      ['https://en.wikipedia.org/wiki/Mamba_(software)', 'https://en.wikipedia.org/wiki/Mamba_(software)'],
      ['https://x.org/a?b=1&c=2#frag', 'https://x.org/a?b=1&c=2#frag'],
    ],
  },
  // TeX spellings, with and without their backslash.
  {
    text: String.raw`at \url{https://github.com/a/b\_c} and \href{https://x.org/p}{the project page}`,
    spans: [
      [String.raw`\url{https://github.com/a/b\_c}`, 'https://github.com/a/b_c'],
      [String.raw`\href{https://x.org/p}{the project page}`, 'https://x.org/p', 'the project page'],
    ],
  },
  {
    text: 'at url{https://github.com/a/b} and href{https://x.org/p}{page}',
    spans: [
      ['url{https://github.com/a/b}', 'https://github.com/a/b'],
      ['href{https://x.org/p}{page}', 'https://x.org/p', 'page'],
    ],
  },
  {
    text: String.raw`https://github.com/a/my\_repo.`,
    spans: [[String.raw`https://github.com/a/my\_repo`, 'https://github.com/a/my_repo']],
  },
  // No scheme: www., known endings with a path, *.github.io even without one.
  {
    text: 'www.example.com/path, GitHub.com/Foo/Bar and foo.github.io.',
    spans: [
      ['www.example.com/path', 'https://www.example.com/path'],
      ['GitHub.com/Foo/Bar', 'https://github.com/Foo/Bar'],
      ['foo.github.io', 'https://foo.github.io/'],
    ],
  },
  // The Markdown this project writes (so a second repair finds the same links), and autolinks.
  {
    text: String.raw`[github.com/a/b\_c](https://github.com/a/b_c) and <https://x.org/y>`,
    spans: [
      [String.raw`[github.com/a/b\_c](https://github.com/a/b_c)`, 'https://github.com/a/b_c', 'github.com/a/b_c'],
      ['<https://x.org/y>', 'https://x.org/y'],
    ],
  },
  { text: 'http://example.org/old stays http', spans: [['http://example.org/old', 'http://example.org/old']] },
];

/** Text that holds no URL, including hostile schemes and things that merely look like hosts. */
const NOT_URLS = [
  'javascript:alert(1) and data:text/html,<script>alert(1)</script>',
  '[click](javascript:alert(1)) and [x](data:image/png;base64,AAAA)',
  'vbscript:msgbox and file:///etc/passwd',
  'write to alice@github.com or bob@example.org',
  'e.g. this, i.e. that, et al. (2019), Phys.Rev.D76:013009, U.S.A.',
  'Node.js, ASP.NET, torch.Tensor, nn.Module, model.fit(), results.in/out',
  'github.com alone is a site, not a repository link',
  'a 4.39 x 10^(-22) s^(-1)m^(-1) rate and 75 fb(-1) of data',
  'https://user:pass@evil.example.com/ and http://localhost/x and https:// and https://.',
];

describe('findUrls', () => {
  it.each(CASES)('$text', ({ text, spans }) => {
    expect(spansOf(text)).toEqual(spans);
  });

  it.each(NOT_URLS)('finds no URL in %j', (text) => {
    expect(findUrls(text)).toEqual([]);
  });

  it('finds exactly the nine URLs of the seed page, in order', () => {
    expect(findUrls(SEED).map((span) => span.url)).toEqual([
      'https://github.com/facebookresearch/forwardgnn',
      'https://github.com/Optimization-AI/ICML2023_LDR',
      'https://github.com/Nandan91/entropy-guided-attention-llm',
      'https://github.com/xu-ji/information-bottleneck',
      'https://github.com/SJYuCNEL/Cauchy-Schwarz-Information-Bottleneck',
      'https://github.com/yue-zhongqi/diti',
      'https://trustai4s-lab.github.io/fidelity',
      'https://github.com/automl/TransformersCanDoBayesianInference',
      'https://github.com/edwardjhu/TP4',
    ]);
  });

  it('finds no URL in the abstracts of the arXiv OAI sample', () => {
    const abstracts = OAI.split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { abstract: string }).abstract);
    expect(abstracts).toHaveLength(20);
    for (const abstract of abstracts) expect(findUrls(abstract)).toEqual([]);
  });

  it('returns spans that never overlap and lie inside the text', () => {
    const text = `${SEED}\n${CASES.map((c) => c.text).join(' ')}`;
    let last = 0;
    for (const span of findUrls(text)) {
      expect(span.start).toBeGreaterThanOrEqual(last);
      expect(span.end).toBeGreaterThan(span.start);
      expect(span.end).toBeLessThanOrEqual(text.length);
      last = span.end;
    }
  });

  it('reports only http(s) URLs', () => {
    const text = `${NOT_URLS.join(' ')} ${CASES.map((c) => c.text).join(' ')}`;
    for (const span of findUrls(text)) expect(span.url).toMatch(/^https?:\/\/[^/\s]+\.[^/\s]+/);
  });

  it('takes time linear in the text (no backtracking blow-up on long URL-like runs)', () => {
    // A pathological line: the check is that it finishes and finds the one URL, not a timing.
    const text = `${'a.'.repeat(20_000)}com ${'/'.repeat(10_000)} https://x.org/${'b'.repeat(50_000)}`;
    expect(findUrls(text).at(-1)?.url).toBe(`https://x.org/${'b'.repeat(50_000)}`);
  });
});

describe('normalizeUrl', () => {
  it.each([
    ['github.com/a/b', 'https://github.com/a/b'],
    ['HTTPS://Example.ORG/A', 'https://example.org/A'],
    ['www.x.org', 'https://www.x.org/'],
    [String.raw`x.org/a\_b\%20`, 'https://x.org/a_b%20'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'https://localhost/',
    'https://u:p@x.org/',
    'https://',
    'https://github.com@evil.example/x',
    'https://gіthub.com/x',
    'https://xn--gthub-n2e.com/x',
    'http://192.168.0.1/x',
  ])('refuses %s', (input) => {
    expect(normalizeUrl(input)).toBeUndefined();
  });
});

describe('refusedUrls', () => {
  it('finds the URLs the one URL rule refuses as deceptive, which findUrls leaves as text', () => {
    const text =
      'Code: https://github.com@evil.example/x/y, mirror www.gіthub.com/x/y and \\url{https://xn--gthub-n2e.com/z}; the real one is github.com/x/y.';
    expect(findUrls(text).map((span) => span.url)).toEqual(['https://github.com/x/y']);
    const refused = refusedUrls(text);
    expect(refused.map((url) => [text.slice(url.start, url.end), url.problem.rule])).toEqual([
      ['https://github.com@evil.example/x/y', 'deceptive-url'],
      ['www.gіthub.com/x/y', 'deceptive-url'],
      ['\\url{https://xn--gthub-n2e.com/z}', 'deceptive-url'],
    ]);
    expect(refused[0]?.problem.message).toMatch(
      /^the URL "https:\/\/github\.com@evil\.example\/x\/y" really goes to evil\.example/,
    );
  });

  it.each([
    'see HTTPS://XN--GTHUB-N2E.COM/x',
    'see WWW.gіthub.com/x',
    'see \\url{gіthub.com/x}',
    'see \\href{https://gіthub.com/x}{the code}',
    'see https&#58;//github.com@evil.example/x',
    'see [code](https://user@evil.example/x)',
  ])('finds the deceptive URL in %j, however it is written', (text) => {
    expect(refusedUrls(text).map((url) => url.problem.rule)).toEqual(['deceptive-url']);
  });

  it('finds nothing in text without a deceptive URL', () => {
    expect(refusedUrls('See https://github.com/x/y and https://localhost/ and mail a@b.org.')).toEqual([]);
  });
});

describe('isCodeUrl', () => {
  it.each([
    ['https://github.com/facebookresearch/forwardgnn', true],
    ['https://github.com/Optimization-AI/ICML2023_LDR/tree/main/src', true],
    ['https://www.github.com/a/b', true],
    ['https://gist.github.com/someone/abc123', true],
    ['https://gitlab.com/group/project', true],
    ['https://gitlab.inria.fr/team/tool', true],
    ['https://bitbucket.org/team/repo', true],
    ['https://codeberg.org/u/r', true],
    ['https://gitee.com/u/r', true],
    ['https://git.sr.ht/~user/repo', true],
    ['https://sourceforge.net/projects/thing', true],
    ['https://huggingface.co/meta-llama/Llama-2-7b', true],
    ['https://huggingface.co/datasets/squad/plain', true],
    ['https://huggingface.co/spaces/user/demo', true],
    // Project pages, profiles and site pages are links, not code.
    ['https://trustai4s-lab.github.io/fidelity', false],
    ['https://github.com/facebookresearch', false],
    ['https://github.com/features/actions', false],
    ['https://github.com/', false],
    ['https://huggingface.co/papers/2401.00001', false],
    ['https://huggingface.co/meta-llama', false],
    ['https://huggingface.co/datasets/squad', false],
    ['https://gitlab.com/explore/projects', false],
    ['https://arxiv.org/abs/2401.00001', false],
    ['https://example.org/github.com/a/b', false],
    ['https://github.com.evil.example/a/b', false],
    ['not a url', false],
    ['javascript:alert(1)', false],
  ])('%s -> %s', (url, expected) => {
    expect(isCodeUrl(url)).toBe(expected);
  });
});
