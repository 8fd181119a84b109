import { segmentWords } from '../../../src/lib/text/word-segments.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import {
  paperTerms,
  relatedPapers,
  termEntries,
  tokenize,
  type RelatedInput,
} from '../../../src/lib/site/related-papers.ts';

const paper = (id: string, title: string, text: string, topics: string[]): RelatedInput => ({
  id,
  terms: paperTerms({ title, text, topics }),
  topics,
});

const corpus: RelatedInput[] = [
  paper(
    'fl-1',
    'Anarchic Federated Learning',
    'Workers in federated learning choose when to participate; federated averaging with local steps.',
    ['fl'],
  ),
  paper(
    'fl-2',
    'Federated Rank Learning',
    'Clients in federated learning send parameter rankings; voting aggregation resists poisoning.',
    ['fl'],
  ),
  paper(
    'fl-3',
    'Compressed Federated Averaging',
    'Communication compression for federated learning with partial client participation.',
    ['fl'],
  ),
  paper(
    'ib-1',
    'How Does Information Bottleneck Help Deep Learning?',
    'Information bottleneck bounds generalization through mutual information of representations.',
    ['ib'],
  ),
  paper(
    'ib-2',
    'Information Bottleneck Analysis via Lossy Compression',
    'Estimating mutual information and the information bottleneck in deep networks.',
    ['ib'],
  ),
  paper(
    'ib-3',
    'Cauchy-Schwarz Information Bottleneck for Regression',
    'A divergence-based information bottleneck objective with mutual information terms.',
    ['ib'],
  ),
  paper(
    'cl-1',
    'Sequential Bayesian Inference for Continual Learning',
    'Catastrophic forgetting of tasks in continual learning with Bayesian posteriors.',
    ['cl'],
  ),
  paper(
    'cl-2',
    'Continual Learning with Backward Knowledge Transfer',
    'Catastrophic forgetting and backward transfer between old tasks in continual learning.',
    ['cl'],
  ),
  paper(
    'cl-3',
    'Robust Mean Teacher for Continual Test-Time Adaptation',
    'Continual adaptation to domain shifts without catastrophic forgetting of tasks.',
    ['cl'],
  ),
];

describe('paperTerms', () => {
  it('weighs title words above abstract words and counts topics as terms of their own', () => {
    const terms = paperTerms({
      title: 'Sparse Attention',
      text: 'Attention is sparse; attention scales.',
      topics: ['ml'],
    });
    expect(termEntries(terms)).toEqual([
      ['sparse', 3 + 1],
      ['attention', 3 + 2],
      ['scale', 1],
      ['#ml', 2],
    ]);
  });

  it('is one string that reads back as the same terms, whatever the words', () => {
    const terms = paperTerms({ title: 'Constructor toString', text: 'hasOwnProperty valueOf café', topics: ['a-b'] });
    expect(terms).toBe('constructor 3 tostring 3 hasownproperty 1 valueof 1 cafe 1 #a-b 2');
    expect(termEntries(terms).map(([term]) => term)).toEqual([
      'constructor',
      'tostring',
      'hasownproperty',
      'valueof',
      'cafe',
      '#a-b',
    ]);
    expect(termEntries(paperTerms({ title: '', text: 'the of', topics: [] }))).toEqual([]);
  });

  it('reads counts of several digits, and any other count as a number; a last term without one is left out', () => {
    expect(termEntries('alpha 12 beta 1.5 gamma 2e1 delta')).toEqual([
      ['alpha', 12],
      ['beta', 1.5],
      ['gamma', 20],
    ]);
    expect(termEntries('alpha')).toEqual([]);
  });
});

describe('tokenize', () => {
  it('lower-cases, folds accents and plurals, drops stop words and numbers', () => {
    expect(tokenize('The Networks of Müller, 2024: theories in GNNs!')).toEqual(['network', 'muller', 'theory', 'gnn']);
  });

  it('reads ASCII text as the Unicode path does: words of letters and digits, plurals folded alike', () => {
    const ascii = 'Loss-aware 3D models: 2024 bias, focus, analysis, gas, glass; x2 vs 10x at 1e-5, a3 b';
    const expected = [
      'loss',
      'aware',
      '3d',
      'model',
      'bias',
      'focus',
      'analysis',
      'gas',
      'glass',
      'x2',
      'vs',
      '10x',
      '1e',
      'a3',
    ];
    expect(tokenize(ascii)).toEqual(expected);
    // One accented letter sends the text through Unicode normalization: the same tokens, and its own.
    expect(tokenize(`${ascii} café`)).toEqual([...expected, 'cafe']);
    // The Kelvin sign lower-cases to an ASCII "k".
    expect(tokenize('\u212Aernels')).toEqual(['kernel']);
  });
});

/**
 * What `tokenize` means, written the plain way: lower-case, fold accents apart and drop the marks,
 * split at anything but letters and digits, drop stopwords and bare numbers, fold plurals. The
 * tokenizer scans instead (much faster); it must give the same tokens.
 */
function referenceTokens(text: string, stopwords: (word: string) => boolean): string[] {
  return segmentWords(text)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && !stopwords(word) && !/^\d+$/.test(word))
    .map((word) => {
      if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
      if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|as)$/.test(word)) return word.slice(0, -1);
      return word;
    });
}

describe('tokenize, in scripts written without spaces', () => {
  it('reads Chinese and Japanese text in words, as search does; one character alone is no term', () => {
    expect(tokenize('基于深度学习的图像分割')).toEqual(['基于', '深度', '学习', '图像', '分割']);
    expect(tokenize('深層学習による画像認識')).toEqual(['深層', '学習', 'による', '画像', '認識']);
    expect(tokenize('基于BERT的模型')).toEqual(['基于', 'bert', '模型']);
  });

  it('relates two Chinese papers on one subject, and not a third on another', () => {
    const related = relatedPapers(
      [
        // First, so that it wins a tie: papers with no term in common are related by topic, in order.
        paper('speech', '语音识别的端到端模型', '本文研究语音识别，提出端到端声学模型。', ['a']),
        paper('seg-1', '基于深度学习的图像分割', '本文提出一种图像分割模型，在医学图像上进行实验。', ['a']),
        paper('seg-2', '医学图像分割的新方法', '我们研究图像分割问题，提出新的分割网络。', ['a']),
      ],
      { count: 1 },
    );
    expect(related[1]).toEqual(['seg-2']);
    expect(related[2]).toEqual(['seg-1']);
  });
});

describe('tokenize, against the plain way', () => {
  // A stopword is a word the tokenizer drops alone although it has letters and is not a number.
  const stopwords = (word: string) => tokenize(word).length === 0;

  it('gives the same tokens for generated text full of what Unicode folding and case change', () => {
    // Accents precomposed and not, lone marks, Greek capitals (final sigma), the Kelvin sign,
    // ligatures, Hangul, CJK, math alphanumerics (𝐀 folds to a capital A), emoji and joiners,
    // super- and subscripts, fractions, ™, plural endings and stopwords. No lone surrogates: a paper
    // cannot hold one (hidden-characters.ts refuses them), and a mark dropped between two would pair them.
    // prettier-ignore
    const pieces = [
      'a', 'Z', 'é', 'É', 'e\u0301', '\u0301', '\u0308', 'ΣΑΣ', 'Σ', 'ς', 'K', '\u212a', 'ﬁ', 'İ', 'ß', 'ẞ',
      '한', '\u1100\u1161', '漢', '𝑥', '𝐀', '😀', '\u200d', '\u00a0', '²', '₀', '½', '™', 'ℚ', '①', ' ', '-', '.',
      '0', '12', 'the', 'studies', 'ss', 'is', 'as', 'us', 'x2', '“', '’', '—', '\u0651', 'Ⅻ', 'ǅ', 'ﾊﾟ',
      '\u3099', 'Å', 'Ω', 'Networks', 'GNNs',
    ];
    const random = seededRandom(42);
    for (let n = 0; n < 20_000; n += 1) {
      let text = '';
      const length = 1 + Math.floor(random() * 14);
      for (let k = 0; k < length; k += 1) text += pieces[Math.floor(random() * pieces.length)];
      expect(tokenize(text), JSON.stringify(text)).toEqual(referenceTokens(text, stopwords));
    }
  });

  it('gives the same tokens for the seed archive’s titles and abstracts', () => {
    const texts = readdirSync('content/papers').map((name) => readFileSync(join('content/papers', name), 'utf8'));
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) expect(tokenize(text)).toEqual(referenceTokens(text, stopwords));
  });
});

describe('relatedPapers', () => {
  const related = relatedPapers(corpus, { count: 2 });

  it('relates papers on the same subject', () => {
    corpus.forEach((input, index) => {
      const group = input.id.split('-')[0];
      expect(related[index]?.length, input.id).toBe(2);
      for (const id of related[index] ?? []) expect(id.split('-')[0], `${input.id} -> ${id}`).toBe(group);
    });
  });

  it('never relates a paper to itself and never lists one twice', () => {
    corpus.forEach((input, index) => {
      const ids = related[index] ?? [];
      expect(ids).not.toContain(input.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  it('is deterministic', () => {
    expect(relatedPapers(corpus, { count: 2 })).toEqual(related);
  });

  it('tops up from shared topics when text has nothing in common', () => {
    const sparse = [
      paper('a', 'Alpha', 'zebra', ['t']),
      paper('b', 'Beta', 'yak', ['t']),
      paper('c', 'Gamma', 'xylophone', ['t']),
      paper('d', 'Delta', 'walrus', ['u']),
    ];
    const result = relatedPapers(sparse, { count: 3 });
    // Only topic "t" links a, b and c; d shares nothing with anyone.
    expect(result[0]).toEqual(['b', 'c']);
    expect(result[3]).toEqual([]);
  });

  it('weighs each term by its count as written, whole (several digits) or not', () => {
    // x shares "alpha" with y and "beta" with z; with equal counts z (earlier) would come first.
    const inputs = (alpha: string) => [
      { id: 'x', terms: `alpha ${alpha} beta 1`, topics: [] },
      { id: 'z', terms: 'beta 1 delta 1', topics: [] },
      { id: 'y', terms: 'alpha 1 gamma 1', topics: [] },
      { id: 'w', terms: 'omega 1', topics: [] },
    ];
    expect(relatedPapers(inputs('1'), { count: 2 })[0]).toEqual(['z', 'y']);
    for (const count of ['12', '1.5', '2e1']) {
      expect(relatedPapers(inputs(count), { count: 2 })[0], count).toEqual(['y', 'z']);
    }
    expect(relatedPapers(inputs('0.5'), { count: 2 })[0]).toEqual(['z', 'y']);
  });

  it('handles an empty archive and a single paper', () => {
    expect(relatedPapers([])).toEqual([]);
    expect(relatedPapers([paper('only', 'Only', 'text', ['t'])])).toEqual([[]]);
  });

  it('scores each paper against a bounded candidate set, never all pairs', () => {
    // 2,000 papers in 200 clusters sharing rare words; most papers also share common words, which
    // an uncapped index would turn into ~2,000 x 1,800 comparisons.
    const many = Array.from({ length: 2000 }, (_, i) =>
      paper(
        `p${i}`,
        `Cluster${i % 200} study`,
        `${i % 10 === 0 ? '' : 'common shared words'} cluster${i % 200} marker${i % 200}`,
        [`t${i % 7}`],
      ),
    );
    let stats = { comparisons: 0, maxCandidates: 0 };
    const termsPerPaper = 24;
    const postingsPerTerm = 16;
    const result = relatedPapers(many, { count: 5, termsPerPaper, postingsPerTerm, onStats: (s) => (stats = s) });
    expect(stats.maxCandidates).toBeLessThanOrEqual(termsPerPaper * postingsPerTerm);
    expect(stats.comparisons).toBeLessThanOrEqual(many.length * termsPerPaper * postingsPerTerm);
    expect(stats.comparisons).toBeGreaterThan(0);
    result.forEach((ids, i) => {
      expect(ids).toHaveLength(5);
      // The best matches are the paper's own cluster (9 others share its rare words).
      for (const id of ids) expect(Number(id.slice(1)) % 200).toBe(i % 200);
    });
  });
});
