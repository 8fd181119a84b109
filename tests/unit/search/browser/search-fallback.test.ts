import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stem from 'wink-porter2-stemmer';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../../src/lib/paper/topics-file.ts';
import { markdownParagraphs } from '../../../../src/lib/text/math-text.ts';
import { parsePaperFile } from '../../../../src/lib/paper/paper-file.ts';
import {
  createFallbackSearch,
  indexedWords,
  pagefindQueryWords,
  wordMatch,
  isFallbackIndex,
  type FallbackDoc,
  type FallbackIndex,
} from '../../../../src/lib/search/browser/search-fallback.ts';
import { compareShardPages, paperPagePath } from '../../../../src/lib/search/build/index-shards.ts';
import { texToText, titleToText } from '../../../../src/lib/text/tex-to-text.ts';

const searchTitleText = (title: string): string => titleToText(title, 'words');
const texToSearchText = (tex: string): string => texToText(tex, 'words');
import { EMPTY_STATE, type SearchState } from '../../../../src/lib/search/browser/search-state.ts';

/**
 * The fallback index of the fixture archive, made the way the site indexes papers: the title and
 * abstract as text with math read out, the topics' names.
 */
const ARCHIVE = 'tests/fixtures/site/basic/content';
const topics = Object.fromEntries(loadTopics(join(ARCHIVE, 'topics.yaml')).map((topic) => [topic.id, topic.name]));
const docs: FallbackDoc[] = readdirSync(join(ARCHIVE, 'papers'))
  .filter((file) => file.endsWith('.md'))
  .sort()
  .map((file) => {
    const { data, body } = parsePaperFile(readFileSync(join(ARCHIVE, 'papers', file), 'utf8'));
    const paper = data as { title: string; topics: string[]; added: Date; code?: string[] };
    const abstract = markdownParagraphs(body)
      .map((paragraph) =>
        paragraph.map((segment) => (segment.kind === 'text' ? segment.text : texToSearchText(segment.tex))).join(''),
      )
      .join(' ');
    const names = paper.topics.map((id) => topics[id] ?? id).join('. ');
    return [
      `papers/${file.replace(/\.md$/, '')}/`,
      paper.title,
      paper.topics,
      paper.added.toISOString().slice(0, 10),
      (paper.code ?? []).length > 0 ? 1 : 0,
      `${searchTitleText(paper.title)}. ${abstract} ${names}.`,
    ];
  });
const index: FallbackIndex = { version: 1, topics, docs };
const engine = createFallbackSearch(index);

const slug = (url: string) => url.replace(/^papers\/|\/$/g, '');
function search(state: Partial<SearchState>): string[] {
  const results = engine.search({ ...EMPTY_STATE, ...state });
  return results.slice(0, results.total).map((hit) => slug(hit.url));
}

describe('createFallbackSearch over the fixture archive', () => {
  it.each([
    ['Transformers Can Do Bayesian Inference', 'transformers-can-do-bayesian-inference'],
    ['cross-entropy', 'cross-entropy-loss-functions-theoretical-analysis-and-applications'],
    ['alpha', 'scaling-law-with-learning-rate-annealing'],
    ['beta-VAE', 'beta-vae-learning-basic-visual-concepts-with-a-constrained-variational-framework'],
    ['anarch', 'anarchic-federated-learning'],
    ['consciousnes', 'the-consciousness-prior'],
    ['information bottleneck', 'how-does-information-bottleneck-help-deep-learning'],
  ])('"%s" finds %s first', (q, first) => {
    expect(search({ q })[0]).toBe(first);
  });

  it('requires every word', () => {
    const both = search({ q: 'federated bayes' });
    for (const found of both) {
      const text = docs.find((doc) => slug(doc[0]) === found)?.[5].toLowerCase() ?? '';
      expect(text).toMatch(/federated/);
      expect(text).toMatch(/bayes/);
    }
  });

  it('filters by any of the chosen topics and by has code', () => {
    const all = search({ q: 'learning' });
    const federated = search({ q: 'learning', topics: ['federated-learning'] });
    expect(federated.length).toBeGreaterThan(0);
    expect(federated.length).toBeLessThan(all.length);
    for (const found of federated)
      expect(docs.find((doc) => slug(doc[0]) === found)?.[2]).toContain('federated-learning');
    const two = search({ q: 'learning', topics: ['federated-learning', 'continual-learning'] });
    expect(two.length).toBeGreaterThan(federated.length);
    const coded = search({ q: 'learning', code: true });
    expect(coded.length).toBeGreaterThan(0);
    for (const found of coded) expect(docs.find((doc) => slug(doc[0]) === found)?.[4]).toBe(1);
  });

  it('sorts by date added when asked, newest first with filters only', () => {
    const added = (found: string) => docs.find((doc) => slug(doc[0]) === found)?.[3] ?? '';
    const newest = search({ q: 'bayesian', sort: 'newest' }).map(added);
    const oldest = search({ q: 'bayesian', sort: 'oldest' }).map(added);
    expect(new Set(newest).size).toBeGreaterThan(1);
    expect(newest).toEqual([...newest].sort().reverse());
    expect(oldest).toEqual([...oldest].sort());
    const filtered = search({ topics: ['federated-learning'] }).map(added);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual([...filtered].sort().reverse());
    expect(search({})).toEqual([]);
  });

  it('returns pages of results with marked excerpts and plain titles', () => {
    const results = engine.search({ ...EMPTY_STATE, q: 'learning' });
    const first = results.slice(0, 3);
    const next = results.slice(3, 3);
    expect(first).toHaveLength(3);
    expect(next.map((hit) => hit.url)).not.toContain(first[0]?.url);
    const hit = engine.search({ ...EMPTY_STATE, q: 'alpha' }).slice(0, 1)[0];
    expect(hit?.title).toBe('Scaling Law with Learning Rate Annealing');
    expect(hit?.added).toBe('2025-03-14');
    expect(hit?.excerpt.filter((part) => part.mark).map((part) => part.text)).toEqual(['^(−alpha)']);
  });

  it('keeps hostile text as text', () => {
    const hit = engine.search({ ...EMPTY_STATE, q: 'hostile' }).slice(0, 1)[0];
    expect(hit?.title).toContain('</script><script>');
    // Results carry text runs; the page renders them with text nodes, never as HTML.
    for (const part of hit?.excerpt ?? []) expect(typeof part.text).toBe('string');
  });
});

describe('createFallbackSearch, date sorts', () => {
  // Papers added the same day, listed in no particular order, where the best match ("mamba" in
  // its title) is not first by path, and "a" against "a-b" tells a path from a name order.
  const day = (path: string, title: string, added: string, text: string): FallbackDoc => [
    path,
    title,
    ['ml'],
    added,
    0,
    text,
  ];
  const sameDay: FallbackDoc[] = [
    day('papers/mamba-scales/', 'Mamba Scales', '2025-03-14', 'mamba mamba state space models'),
    day('papers/a/', 'A Note', '2025-03-14', 'a note on mamba'),
    day('papers/zeta/', 'Zeta', '2025-03-13', 'selective mamba layers'),
    day('papers/a-b/', 'A Study', '2025-03-14', 'we study mamba models'),
    day('papers/b/', 'B Survey', '2025-03-14', 'a survey of mamba and transformers'),
    day('papers/older/', 'Older', '2025-02-01', 'mamba before it was known'),
  ];
  const tied = createFallbackSearch({ version: 1, topics: { ml: 'Machine learning' }, docs: sameDay });
  const paths = (state: Partial<SearchState>) => {
    const results = tied.search({ ...EMPTY_STATE, ...state });
    return results.slice(0, results.total).map((hit) => hit.url);
  };
  /** The online search's date order (search-workers.ts, inDateOrder): the index's order of pages, reversed for newest. */
  const online = (found: readonly string[], sort: 'newest' | 'oldest') => {
    const page = (path: string) => ({
      path: paperPagePath(slug(path)),
      added: sameDay.find((doc) => doc[0] === path)?.[3] ?? '',
    });
    const ordered = [...found].sort((a, b) => compareShardPages(page(a), page(b)));
    return sort === 'oldest' ? ordered : ordered.reverse();
  };

  it.each([
    ['mamba', 'newest'],
    ['mamba', 'oldest'],
    ['', 'newest'],
    ['', 'oldest'],
  ] as const)('orders papers added the same day as the online search does (%j, %s)', (q, sort) => {
    const state = q === '' ? { topics: ['ml'], sort } : { q, sort };
    const found = paths(state);
    // Every paper matches: the test is of their order alone.
    expect(found).toHaveLength(sameDay.length);
    expect(found).toEqual(online(found, sort));
  });

  it('keeps a search without words newest first by default, in the same order', () => {
    const found = paths({ topics: ['ml'] });
    expect(found).toEqual(online(found, 'newest'));
  });
});

describe('createFallbackSearch, word forms', () => {
  // Pagefind compares stems (Snowball English): online, "learning" finds a paper that says only
  // "learned"; the copy on disk must too, and mark the word it matched.
  const doc = (path: string, text: string): FallbackDoc => [path, path, ['ml'], '2025-03-14', 0, text];
  const forms = createFallbackSearch({
    version: 1,
    topics: { ml: 'Misc' },
    docs: [
      doc('papers/learned/', 'Representations learned without labels.'),
      doc('papers/learns/', 'A model that learns from streams.'),
      doc('papers/optimizers/', 'Optimization of optimizers by gradient descent.'),
      doc('papers/networks/', 'Recurrent networks with attention.'),
      doc('papers/losses/', 'A cross-entropy loss, e.g. for noisy labels.'),
    ],
  });
  const found = (q: string) => {
    const results = forms.search({ ...EMPTY_STATE, q, sort: 'oldest' });
    return results.slice(0, results.total).map((hit) => ({
      url: hit.url,
      marked: hit.excerpt.filter((part) => part.mark).map((part) => part.text),
    }));
  };

  it.each([
    ['learning', ['papers/learned/', 'papers/learns/'], [['learned'], ['learns']]],
    ['network', ['papers/networks/'], [['networks']]],
    ['attentions', ['papers/networks/'], [['attention.']]],
    ['optimize', ['papers/optimizers/'], [['Optimization', 'optimizers']]],
    // A word whose stem is longer than the indexed word's ("optimiz" against "optim"): Pagefind
    // falls back to the longest indexed stem it starts with.
    ['optimiz', ['papers/optimizers/'], [['Optimization', 'optimizers']]],
    ['learne', ['papers/learned/', 'papers/learns/'], [['learned'], ['learns']]],
    // Words as Pagefind indexes and marks them: whole, with their punctuation.
    ['cross-entropy', ['papers/losses/'], [['cross-entropy']]],
    ['entropy', ['papers/losses/'], [['cross-entropy']]],
    ['e.g.', ['papers/losses/'], [['e.g.']]],
  ])('"%s" finds every form of the word and marks it', (q, urls, marked) => {
    expect(found(q).map((hit) => hit.url)).toEqual(urls);
    expect(found(q).map((hit) => hit.marked)).toEqual(marked);
  });

  it('requires every word that finds anything, and leaves out one that finds nothing, as Pagefind does', () => {
    expect(found('optimiz streams')).toEqual([]);
    expect(found('learns optimiz')).toEqual([]);
    expect(found('++')).toEqual([]);
    expect(found('xylophone').map((hit) => hit.url)).toEqual([]);
    expect(found('xylophone networks').map((hit) => hit.url)).toEqual(['papers/networks/']);
    // No misspelling is forgiven (MiniSearch's edit distance was): online these find nothing.
    expect(found('netwoks')).toEqual([]);
    expect(found('netwoks recurrent').map((hit) => hit.url)).toEqual(['papers/networks/']);
    // Every word is also the beginning of longer ones, not only the last.
    expect(found('recur attent').map((hit) => hit.url)).toEqual(['papers/networks/']);
  });
});

describe('createFallbackSearch, exact phrases', () => {
  // A query in quotes is an exact phrase online (Pagefind's exact search): its words, each as its
  // own stem and not as the start of longer ones, one after another. The copy on disk must agree.
  const doc = (path: string, title: string, text: string): FallbackDoc => [path, title, ['ml'], '2025-03-14', 0, text];
  const phrases = createFallbackSearch({
    version: 1,
    topics: { ml: 'Misc' },
    docs: [
      doc('papers/more-data/', 'Data matters', 'We show that "more data" is not always better.'),
      doc('papers/data-more/', 'Scaling', 'With data we need more compute.'),
      doc(
        'papers/collapse/',
        'Neural Collapse in Deep Networks',
        'The last layer collapses, and so do neural networks.',
      ),
      doc('papers/moreover/', 'Moreover', 'Moreover, database sizes grow.'),
    ],
  });
  const found = (q: string) => {
    const results = phrases.search({ ...EMPTY_STATE, q, sort: 'oldest' });
    return results.slice(0, results.total).map((hit) => hit.url);
  };

  it('finds only the words one after another, not each word anywhere', () => {
    expect(found('"more data"')).toEqual(['papers/more-data/']);
    expect(found('more data').sort()).toEqual(['papers/data-more/', 'papers/more-data/', 'papers/moreover/']);
    expect(found('"data more"')).toEqual([]);
  });
  it('reads the title as well as the text, in any case, with punctuation and stems as Pagefind reads them', () => {
    expect(found('"neural collapse"')).toEqual(['papers/collapse/']);
    expect(found('"Neural Collapse"')).toEqual(['papers/collapse/']);
    expect(found(' "Last Layer Collapse." ')).toEqual(['papers/collapse/']);
    expect(found('"collapse neural"')).toEqual([]);
  });
  it('takes each word whole, not as the start of a longer word', () => {
    expect(found('"more dat"')).toEqual([]);
    expect(found('"xylophone data"')).toEqual([]);
  });
});

describe('indexedWords', () => {
  // What Pagefind 1.6 indexes for a word of a page (get_indexable_words), before stemming.
  it.each([
    ['learning', ['learning']],
    ['learning.', ['learning']],
    ['(NTK)),', ['ntk']],
    ['e.g.', ['eg']],
    ["don't", ['dont', 'don']],
    ['cross-entropy', ['crossentropy', 'cross', 'entropy']],
    ['BatchNorm', ['batchnorm', 'batch', 'norm']],
    ['ICML2023', ['icml2023', 'icml', '2023']],
    ['WKWebVIEWComponent', ['wkwebviewcomponent', 'wk', 'web', 'view', 'component']],
    ['__array_structures', ['arraystructures', 'array', 'structures']],
    ['GPT-4o', ['gpt4o', 'gpt']],
    ['naïve', ['naïve']],
    ['---', []],
  ])('%s is indexed as %j', (word, words) => {
    expect(indexedWords(word)).toEqual(words);
  });
});

describe('pagefindQueryWords', () => {
  it('drops punctuation as Pagefind does, joining what it held together, and folds case and accents', () => {
    expect(pagefindQueryWords('Cross-Entropy  (e.g. naïve)')).toEqual(['crossentropy', 'eg', 'naive']);
    expect(pagefindQueryWords(' -- ')).toEqual([]);
  });
});

describe('wordMatch', () => {
  const stems = (...words: string[]) => words.map((word) => stem(word));

  it("matches every indexed stem that starts with the word's own stem, finished or being typed", () => {
    expect(wordMatch('learning', stems('learned', 'lean'))).toEqual({ stem: 'learn', prefix: true });
    expect(wordMatch('netw', stems('networks'))).toEqual({ stem: 'netw', prefix: true });
  });

  it('falls back, as Pagefind does, to the longest indexed stem the word starts with', () => {
    // "optimiz" stems longer than "optimization" does ("optim").
    expect(wordMatch('optimiz', stems('optimization', 'optics'))).toEqual({ stem: 'optim', prefix: false });
    expect(wordMatch('newer', stems('new', 'ne', 'network'))).toEqual({ stem: 'new', prefix: false });
  });

  it('finds nothing for a word with neither', () => {
    expect(wordMatch('xylophone', stems('garden'))).toBeUndefined();
  });
});

describe('isFallbackIndex', () => {
  it('accepts the index and refuses anything else a script might have left on window', () => {
    expect(isFallbackIndex(index)).toBe(true);
    for (const value of [
      undefined,
      null,
      42,
      'index',
      {},
      { version: 2, docs: [], topics: {} },
      { version: 1, docs: {} },
    ]) {
      expect(isFallbackIndex(value)).toBe(false);
    }
  });
});
