import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScrapedPage } from '../../../src/lib/ingest/inputs/scraped-page.ts';
import {
  isReservedSlug,
  LONGEST_SLUG_SUFFIX,
  MAX_SLUG_LENGTH,
  SLUG_CUT_LENGTH,
  slugify,
  uniqueSlug,
  paperSlug,
  uniqueSlugs,
} from '../../../src/lib/paper/slug.ts';

describe('slugify', () => {
  it.each([
    ['Scaling Law with Learning Rate Annealing', 'scaling-law-with-learning-rate-annealing'],
    [
      "What's in a Prior? Learned Proximal Networks for Inverse Problems",
      'whats-in-a-prior-learned-proximal-networks-for-inverse-problems',
    ],
    ['Fast, Expressive SE(n) Equivariant Networks', 'fast-expressive-se-n-equivariant-networks'],
    ['L-GreCo: Layerwise-Adaptive Gradient Compression', 'l-greco-layerwise-adaptive-gradient-compression'],
    ['GPT-4 Technical Report', 'gpt-4-technical-report'],
    ['Über Größe — naïve café', 'ueber-groesse-naive-cafe'],
    // Math keeps Greek letters by name and plain letters; other commands and symbols go.
    ['$\\alpha$-Rank: Multi-Agent Evaluation', 'alpha-rank-multi-agent-evaluation'],
    ['$O(\\sqrt{n})$ Regret Bounds', 'o-n-regret-bounds'],
    ['$\\mathcal{O}(1)$ Memory', 'o-1-memory'],
    ['C++ and C#', 'c-and-c'],
  ])('%s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('reads ligatures and compatibility characters as the letters they stand for', () => {
    expect(slugify('ﬁne tuning with ﬂows')).toBe('fine-tuning-with-flows');
    expect(slugify('Ｆｕｌｌｗｉｄｔｈ ℌilbert spaces in ℝ²')).toBe('fullwidth-hilbert-spaces-in-r2');
    expect(slugify('Ǆ and ǆ')).toBe('dz-and-dz');
    // Decomposed and precomposed accents give one slug.
    expect(slugify('Cafe\u0301 U\u0308ber')).toBe(slugify('Café Über'));
  });

  it('falls back to "paper" when nothing is left', () => {
    expect(slugify('')).toBe('paper');
    expect(slugify('$$')).toBe('paper');
    expect(slugify('???')).toBe('paper');
  });

  it('cuts long titles at a word boundary, at most 80 characters', () => {
    const slug = slugify(
      'Going Beyond Neural Network Feature Similarity: The Network Feature Complexity and Its Interpretation Using Category Theory',
    );
    expect(slug).toBe('going-beyond-neural-network-feature-similarity-the-network-feature-complexity');
    expect(slug.length).toBeLessThanOrEqual(SLUG_CUT_LENGTH);
    expect(slugify('x'.repeat(200))).toHaveLength(SLUG_CUT_LENGTH);
    for (let words = 1; words < 40; words += 1) {
      const cut = slugify('abcdefg '.repeat(words));
      expect(cut.length).toBeLessThanOrEqual(SLUG_CUT_LENGTH);
      expect(cut).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });

  it('gives every seed title a distinct, URL-safe slug', () => {
    const path = 'content/inbox/2025-03-14-hf-trending.txt';
    const titles = parseScrapedPage(readFileSync(path, 'utf8'), path).papers.map((paper) => paper.title);
    const slugs = titles.map(slugify);
    expect(new Set(slugs).size).toBe(titles.length);
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(SLUG_CUT_LENGTH);
    }
  });
});

describe('uniqueSlug', () => {
  it('returns the plain slug when it is free', () => {
    expect(uniqueSlug('A Title', () => false)).toBe('a-title');
  });

  it('suffixes a fingerprint of the title on a collision, the same on every run and in any order', () => {
    const taken = new Set(['a-title']);
    const first = uniqueSlug('A title!', (slug) => taken.has(slug));
    expect(first).toMatch(/^a-title-[0-9a-f]{6}$/);
    expect(uniqueSlug('A title!', (slug) => taken.has(slug))).toBe(first);
    // A different title with the same plain slug gets a different suffix.
    const german = new Set(['ueber-alles']);
    const umlaut = uniqueSlug('Über Alles', (slug) => german.has(slug));
    const spelled = uniqueSlug('Ueber Alles!', (slug) => german.has(slug) || slug === umlaut);
    expect(umlaut).toMatch(/^ueber-alles-[0-9a-f]{6}$/);
    expect(spelled).toMatch(/^ueber-alles-[0-9a-f]{6}$/);
    expect(spelled).not.toBe(umlaut);
  });

  it('gives different titles different suffixes, also titles of no letters or digits', () => {
    const taken = new Set(['paper']);
    const suffixes = ['😀😀😀', '🎉', '∑∏', '∏∑', '???', '深度学习', '机器学习'].map((title) =>
      uniqueSlug(title, (slug) => taken.has(slug)),
    );
    for (const slug of suffixes) expect(slug).toMatch(/^paper-[0-9a-f]{6}$/);
    expect(new Set(suffixes).size).toBe(suffixes.length);
    // One title however it is encoded: composed and decomposed forms (NFC) are one fingerprint.
    expect(uniqueSlug('=\u0338', (slug) => taken.has(slug))).toBe(uniqueSlug('≠', (slug) => taken.has(slug)));
    // Titles that are one title to the identity rules keep one fingerprint, as before.
    expect(uniqueSlug('A title!', () => false)).toBe(uniqueSlug('A title!', () => false));
  });

  it('numbers further collisions', () => {
    const taken = new Set(['a-title']);
    const suffixed = uniqueSlug('A title!', (slug) => taken.has(slug));
    taken.add(suffixed);
    expect(uniqueSlug('A title!', (slug) => taken.has(slug))).toBe(`${suffixed}-2`);
    taken.add(`${suffixed}-2`);
    expect(uniqueSlug('A title!', (slug) => taken.has(slug))).toBe(`${suffixed}-3`);
  });

  it('keeps a suffixed long slug within 80 characters', () => {
    const title = 'word '.repeat(30);
    const taken = new Set([slugify(title)]);
    const suffixed = uniqueSlug(title, (slug) => taken.has(slug));
    expect(suffixed.length).toBeLessThanOrEqual(SLUG_CUT_LENGTH);
    expect(suffixed).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('keeps a numbered long slug within 80 characters', () => {
    const title = 'word '.repeat(30);
    const taken = new Set([slugify(title)]);
    taken.add(uniqueSlug(title, (slug) => taken.has(slug)));
    expect(uniqueSlug(title, (slug) => taken.has(slug)).length).toBeLessThanOrEqual(SLUG_CUT_LENGTH);
  });
});

describe('paperSlug', () => {
  it("is the title's slug whenever the title gives one", () => {
    expect(paperSlug('Graph Learning', { arxiv: '2401.00001' })).toBe('graph-learning');
    expect(paperSlug('基于BERT的中文文本分类', { arxiv: '2401.00001' })).toBe('bert');
  });

  it('falls back on the arXiv id, then the DOI, then "paper", for titles in scripts a URL cannot spell', () => {
    for (const title of [
      '基于深度学习的图像分割',
      '深層学習による画像認識',
      '딥러닝 기반 이미지 분할',
      'למידה עמוקה',
      'गहन शिक्षण',
      '???',
    ]) {
      expect(paperSlug(title, { arxiv: 'arXiv:2401.00001v2', doi: '10.1/x' })).toBe('arxiv-2401-00001');
      expect(paperSlug(title, { doi: 'https://doi.org/10.1145/3292500.3330701' })).toBe('doi-10-1145-3292500-3330701');
      expect(paperSlug(title, { arxiv: 'not an id' })).toBe('paper');
      expect(paperSlug(title)).toBe('paper');
    }
    expect(paperSlug('深度学习', { arxiv: 'math.GT/0309136' })).toBe('arxiv-math-0309136');
  });

  it('gives papers with such titles slugs of their own, whatever their order', () => {
    const claims = [
      { title: '深度学习', distinction: 'a', ids: { arxiv: '2401.00002' } },
      { title: '机器学习', distinction: 'b', ids: { arxiv: '2401.00001' } },
      { title: '强化学习', distinction: 'c' },
    ];
    expect(uniqueSlugs(claims, () => false)).toEqual(['arxiv-2401-00002', 'arxiv-2401-00001', 'paper']);
    expect(uniqueSlugs([...claims].reverse(), () => false)).toEqual(['paper', 'arxiv-2401-00001', 'arxiv-2401-00002']);
  });
});

describe('reserved slugs', () => {
  it('never hands out a slug the paper list uses', () => {
    expect(isReservedSlug('by-title')).toBe(true);
    expect(isReservedSlug('2')).toBe(true);
    expect(isReservedSlug('2-fast')).toBe(false);
    expect(uniqueSlug('By Title', () => false)).toMatch(/^by-title-[0-9a-f]{6}$/);
    expect(uniqueSlug('2', () => false)).toMatch(/^2-[0-9a-f]{6}$/);
  });

  // Windows (and Git for Windows, which refuses to check such a path out) reserves these device
  // names with any extension: one paper file named aux.md makes the repository unusable there.
  it('never hands out a Windows device name', () => {
    for (const title of ['AUX', 'Con', 'NUL', 'prn', 'COM1', 'LPT9']) {
      const plain = slugify(title);
      expect(uniqueSlug(title, () => false)).toMatch(new RegExp(`^${plain}-[0-9a-f]{6}$`));
      expect(uniqueSlugs([{ title, distinction: '' }], () => false)[0]).toMatch(new RegExp(`^${plain}-[0-9a-f]{6}$`));
    }
    expect(uniqueSlug('Console', () => false)).toBe('console');
    expect(uniqueSlug('Con Air', () => false)).toBe('con-air');
    expect(uniqueSlug('COM10', () => false)).toBe('com10');
  });
});

describe('slug length limits', () => {
  it('leave room for the longest suffix on every common file system', () => {
    // eCryptfs caps a name at 143 bytes, ext4, APFS and NTFS at 255; a slug is ASCII.
    expect(MAX_SLUG_LENGTH + LONGEST_SLUG_SUFFIX.length).toBeLessThanOrEqual(143);
    expect(SLUG_CUT_LENGTH).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });

  it('are never exceeded by a slug made from a title, suffixed or not', () => {
    const title = `${'Extraordinarily '.repeat(40)}Long Title`;
    const taken = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const slug = uniqueSlug(title, (candidate) => taken.has(candidate));
      expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
      taken.add(slug);
    }
    expect(slugify('ж'.repeat(500)).length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });
});
