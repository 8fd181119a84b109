import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicSchema, type Topic } from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { ARXIV_CATEGORIES, RETIRED_ARXIV_CATEGORIES } from '../../../src/lib/paper/arxiv-categories.ts';
import {
  ABSTRACT_WEIGHT,
  CATEGORY_WEIGHT,
  createClassifier,
  MAX_TOPICS,
  PRIMARY_CATEGORY_BONUS,
  SECONDARY_MIN,
  SECONDARY_RATIO,
  TITLE_WEIGHT,
  wordForms,
  type Classification,
} from '../../../src/lib/classify/topic-classifier.ts';

const TAXONOMY = 'content/topics.yaml';
const SEED = 'content/inbox/2025-03-14-hf-trending.txt';
const OAI_SAMPLE = 'tests/fixtures/inputs/arxiv-oai-sample.jsonl';

/** A topic for the rule tests, independent of how the real taxonomy evolves. */
function topic(id: string, match: string[], categories?: string[]): Topic {
  return topicSchema.parse({ id, name: id, description: `About ${id}.`, match, ...(categories ? { categories } : {}) });
}

const RULES = [
  topic('graphs', ['graph neural network', 'GNN', 'message passing']),
  topic('rl', ['reinforcement learning', 'RL', 'deep RL']),
  topic('federated', ['federated learning', 'FL', 'client']),
  topic('scaling', ['scaling law', 'compute-optimal']),
  topic('gps', ['Gaussian process', 'Bayesian']),
  topic('tta', ['test-time adaptation', 'domain shift']),
  topic('losses', ['cross-entropy', 'loss function', 'hypothesis']),
  topic('entropy', ['entropy', 'mutual information']),
  topic('physics', ['dark matter'], ['hep-ph', 'astro-ph', 'physics']),
  topic('nlp', ['language model'], ['cs.CL']),
];
const classify = createClassifier(RULES);
const evidenceOf = (result: Classification, id: string) => result.evidence.find((entry) => entry.id === id);
const scoreOf = (result: Classification, id: string) => evidenceOf(result, id)?.score ?? 0;

describe('scoring', () => {
  it('weighs a phrase in the title more than the same phrase in the abstract', () => {
    const inTitle = classify({ title: 'Scaling law fitting', abstract: 'We study learning.' });
    const inAbstract = classify({ title: 'A study', abstract: 'We fit a scaling law.' });
    expect(scoreOf(inTitle, 'scaling')).toBe(TITLE_WEIGHT);
    expect(scoreOf(inAbstract, 'scaling')).toBe(ABSTRACT_WEIGHT);
    expect(TITLE_WEIGHT).toBeGreaterThan(ABSTRACT_WEIGHT);
    // One title mention beats two abstract mentions of another topic.
    const both = classify({
      title: 'Graph neural networks at scale',
      abstract: 'We use reinforcement learning. Reinforcement learning helps.',
    });
    expect(both.topics[0]).toBe('graphs');
  });

  it('counts repeated mentions with diminishing returns', () => {
    const once = scoreOf(classify({ title: '', abstract: 'A GNN.' }), 'graphs');
    const four = scoreOf(classify({ title: '', abstract: 'A GNN. A GNN. A GNN. A GNN.' }), 'graphs');
    const nine = scoreOf(classify({ title: '', abstract: 'A GNN. '.repeat(9) }), 'graphs');
    expect(once).toBe(1);
    expect(four).toBe(2);
    expect(nine).toBe(3);
  });

  it('adds up distinct phrases of one topic and reports each once', () => {
    const result = classify({
      title: 'Message passing',
      abstract: 'Graph neural networks (GNNs) use message passing. GNNs are popular.',
    });
    const graphs = evidenceOf(result, 'graphs');
    expect(graphs?.matches).toEqual(['message passing', 'graph neural network', 'GNN']);
    expect(graphs?.score).toBeCloseTo(TITLE_WEIGHT + 1 + 1 + Math.SQRT2, 2);
  });

  it('keeps one to three topics: the best, then those within reach of it', () => {
    const five = classify({
      title: '',
      abstract:
        'Graph neural networks, reinforcement learning, federated learning, a scaling law, Gaussian processes. ' +
        'GNN, RL, FL, compute-optimal, Bayesian.',
    });
    expect(five.evidence).toHaveLength(5);
    expect(five.topics).toHaveLength(MAX_TOPICS);
    expect(five.topics).toEqual(['graphs', 'rl', 'federated']);

    // Far below the best (under SECONDARY_RATIO of it): dropped.
    const dominant = classify({
      title: 'Graph neural networks with message passing',
      abstract: 'GNN GNN GNN GNN GNN GNN GNN GNN GNN. Also a Gaussian process and a Bayesian view.',
    });
    expect(scoreOf(dominant, 'gps')).toBeGreaterThanOrEqual(SECONDARY_MIN);
    expect(scoreOf(dominant, 'gps')).toBeLessThan(SECONDARY_RATIO * scoreOf(dominant, 'graphs'));
    expect(dominant.topics).toEqual(['graphs']);

    // A single stray mention (below SECONDARY_MIN) never adds a topic, however weak the best.
    const stray = classify({ title: '', abstract: 'A GNN and a GNN, then one client.' });
    expect(stray.topics).toEqual(['graphs']);
    expect(scoreOf(stray, 'federated')).toBe(1);
  });

  it('returns no topic only when there is no evidence at all', () => {
    expect(classify({ title: 'On the number of primes', abstract: 'We count them.' })).toEqual({
      topics: [],
      noEvidence: true,
      evidence: [],
    });
    expect(classify({ title: '', abstract: '' })).toEqual({ topics: [], noEvidence: true, evidence: [] });
    expect(classify({ title: '', abstract: 'One client.' }).noEvidence).toBe(false);
    // The weakest possible evidence still gives one topic.
    expect(classify({ title: '', abstract: 'One client.' }).topics).toEqual(['federated']);
  });
});

describe('matching', () => {
  it('matches whole words and phrases only', () => {
    expect(classify({ title: 'A URL shortener for GNNExplainer', abstract: 'See the URL.' }).topics).toEqual([]);
    expect(classify({ title: 'Clientele and FLOPs', abstract: 'Overflow.' }).topics).toEqual([]);
    expect(classify({ title: 'RL', abstract: '' }).topics).toEqual(['rl']);
    expect(classify({ title: 'Deep RL (PPO)', abstract: '' }).evidence[0]?.matches).toEqual(['deep RL']);
  });

  it('matches acronyms only in capitals, plurals included', () => {
    expect(classify({ title: 'GNNs for molecules', abstract: '' }).topics).toEqual(['graphs']);
    expect(classify({ title: 'GNNS FOR MOLECULES', abstract: '' }).topics).toEqual(['graphs']);
    expect(classify({ title: 'gnn and rl and fl', abstract: 'Cl and Fl atoms, Rl.' }).topics).toEqual([]);
    // Case does not matter for ordinary phrases.
    expect(classify({ title: 'FEDERATED LEARNING', abstract: '' }).topics).toEqual(['federated']);
    // An acronym that ends in S has its S in capitals: "NAs" (missing values) is not NAS.
    const nas = createClassifier([topic('nas', ['NAS'])]);
    expect(nas({ title: 'Imputing NAs in survey data', abstract: 'Many NAs.' }).topics).toEqual([]);
    expect(nas({ title: 'NAS and NASs', abstract: 'NASS' }).evidence[0]?.score).toBeCloseTo(
      TITLE_WEIGHT * Math.sqrt(2) + 1,
    );
  });

  it('handles regular English plurals in both directions', () => {
    expect(classify({ title: 'Scaling laws', abstract: '' }).topics).toEqual(['scaling']);
    expect(classify({ title: 'Gaussian processes', abstract: '' }).topics).toEqual(['gps']);
    expect(classify({ title: 'Loss functions', abstract: '' }).topics).toEqual(['losses']);
    expect(classify({ title: 'Competing hypotheses', abstract: '' }).topics).toEqual(['losses']);
    expect(classify({ title: 'Many clients', abstract: '' }).topics).toEqual(['federated']);
    expect(wordForms('law')).toEqual(['law', 'laws']);
    expect(wordForms('process')).toEqual(['process', 'processes']);
    expect(wordForms('strategy')).toEqual(['strategy', 'strategies']);
    expect(wordForms('hypothesis')).toEqual(['hypothesis', 'hypothesises', 'hypotheses']);
    expect(wordForms('laws')).toContain('law');
    expect(wordForms('approaches')).toContain('approach');
  });

  it('treats hyphens as spaces but lets punctuation, math and unknown words end a phrase', () => {
    expect(classify({ title: 'Test time adaptation', abstract: '' }).topics).toEqual(['tta']);
    expect(classify({ title: 'Test\u2010time\nadaptation', abstract: '' }).topics).toEqual(['tta']);
    expect(classify({ title: 'Compute optimal', abstract: '' }).topics).toEqual(['scaling']);
    expect(classify({ title: 'A graph. Neural networks', abstract: '' }).topics).toEqual([]);
    expect(classify({ title: 'Graph (neural) network', abstract: '' }).topics).toEqual([]);
    expect(classify({ title: 'Scaling -- law', abstract: '' }).topics).toEqual([]);
    expect(classify({ title: 'Scaling $x$ law', abstract: '' }).topics).toEqual([]);
    expect(classify({ title: 'Scaling new law', abstract: '' }).topics).toEqual([]);
  });

  it('reads ligatures, fullwidth and mathematical letters as the letters they stand for', () => {
    // Text copied from a PDF spells "fl", "fi" and "ffi" as one ligature character; CJK input
    // methods type fullwidth letters; some titles use mathematical bold letters.
    const ids = (title: string, abstract = '') => classify({ title, abstract }).evidence.map((entry) => entry.id);
    expect(ids('Con\ufb02icting clients', 'Con\ufb01dence and e\ufb03ciency of scaling laws')).toEqual([
      'federated',
      'scaling',
    ]);
    expect(ids('Ｇｒａｐｈ ｎｅｕｒａｌ ｎｅｔｗｏｒｋｓ', 'ＧＮＮｓ and ＲＬ.')).toEqual(['graphs', 'rl']);
    expect(ids('\u{1D411}\u{1D40B} for robots')).toEqual(['rl']);
    // A mathematical letter NFKC leaves alone (U+1D455 is unassigned) is a break, as other symbols are: nothing is lost.
    expect(ids('\u{1D455}GNN \ufb01rst, then RL')).toEqual(['graphs', 'rl']);
    const flows = createClassifier([topic('flows', ['normalizing flow', 'efficient inference', 'fine-tuning'])]);
    expect(
      flows({ title: 'Normalizing \ufb02ows', abstract: 'with e\ufb03cient inference after \ufb01ne-tuning' })
        .evidence[0]?.matches,
    ).toEqual(['normalizing flow', 'efficient inference', 'fine-tuning']);
    // Folding happens before math is blanked: a fullwidth dollar is a dollar.
    expect(ids('', '＄\\text{federated learning}＄ \ufb01ne')).toEqual([]);
  });

  it('prefers the longest phrase, so a word inside a longer phrase of another topic is not evidence', () => {
    const result = classify({ title: 'Cross-entropy and entropy', abstract: '' });
    expect(evidenceOf(result, 'losses')?.matches).toEqual(['cross-entropy']);
    expect(scoreOf(result, 'entropy')).toBe(TITLE_WEIGHT); // only the second, standalone "entropy"
  });

  it('never takes evidence from math, TeX or URLs', () => {
    const hostile = [
      '$\\mathrm{GNN}$ and $$\\text{reinforcement learning}$$',
      '\\(\\text{federated learning}\\) and \\[ \\text{scaling law} \\]',
      'see https://example.org/graph-neural-networks and www.rl.org/federated-learning',
      'code at github.com/someone/scaling-laws and [the repo](https://x.io/gaussian-processes)',
      'links like [repo](./reinforcement-learning) go nowhere',
      'raw TeX \\Bayesian, S_RL^{GNN}, mathcal{RL}, x_FL, C_{Bayesian}',
    ];
    for (const abstract of hostile) expect(classify({ title: '', abstract }).evidence, abstract).toEqual([]);
    // Prose around math still counts, and emphasis markers are not math.
    const ids = (abstract: string) => classify({ title: '', abstract }).evidence.map((entry) => entry.id);
    expect(ids('A $x_1$ GNN with {\\em federated learning}.')).toEqual(['graphs', 'federated']);
    expect(ids('_Federated learning_ and *scaling laws*.')).toEqual(['federated', 'scaling']);
  });

  it('classifies raw scraped text and its repaired Markdown alike', () => {
    const raw =
      'We find that the cross-entropy loss curves follow a scaling law: $L(s) = L_0 + Acdot S_1^{-alpha} - ' +
      'Ccdot S_2 Where S_1 is forward area and S_2$ is the annealing area. mathcal{O}(mathcal{C_Phi/m}). ' +
      'Code: https://github.com/x/y{label}';
    const markdown =
      'We find that the cross-entropy loss curves follow a scaling law: $L(s) = L_0 + A\\cdot S_1^{-\\alpha} - ' +
      'C\\cdot S_2$, where $S_1$ is forward area and $S_2$ is the annealing area. ' +
      '$\\mathcal{O}(\\mathcal{C_\\Phi/m})$. Code: [label](https://github.com/x/y)';
    expect(classify({ title: '', abstract: markdown })).toEqual(classify({ title: '', abstract: raw }));
    expect(classify({ title: '', abstract: raw }).evidence.map((entry) => entry.id)).toEqual(['scaling', 'losses']);
  });

  it('survives hostile text: long, binary, non-ASCII, pathological URL-like runs', () => {
    const long = `${'A graph neural network. '.repeat(50_000)}`;
    expect(scoreOf(classify({ title: '', abstract: long }), 'graphs')).toBeCloseTo(Math.sqrt(50_000), 1);
    const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65_536));
    expect(() => classify({ title: binary, abstract: binary })).not.toThrow();
    expect(classify({ title: 'Schrödinger GNN\ud800 💡 naïve RL', abstract: 'GNN\u00a0über' }).topics).toEqual([
      'graphs',
      'rl',
    ]);
    // "dinger" and "ive" are not words here: a non-ASCII letter belongs to its word.
    expect(
      createClassifier([topic('x', ['dinger', 've'])])({ title: 'Schrödinger naïve', abstract: '' }).topics,
    ).toEqual([]);
    // Shapes that make naive URL and math regexes backtrack for minutes.
    const dotted = `${'a.'.repeat(20_000)}b/ graph neural network ${'x.yy'.repeat(5000)}/ ${'a.com'.repeat(3000)}/GNN`;
    expect(classify({ title: '', abstract: dotted }).topics).toEqual(['graphs']);
    // Unclosed delimiters are not math: the prose after them still counts.
    expect(classify({ title: '', abstract: `${'\\( \\[ '.repeat(20_000)} reinforcement learning` }).topics).toEqual([
      'rl',
    ]);
    expect(classify({ title: '', abstract: `${'$ x '.repeat(20_001)} RL` }).topics).toEqual(['rl']);
  });
});

describe('arXiv categories', () => {
  it('count as evidence, by exact category or by whole archive', () => {
    const result = classify({ title: 'Something', abstract: 'Nothing known.', categories: ['hep-ph', 'cs.CL'] });
    expect(result.topics).toEqual(['physics', 'nlp']);
    // The first category listed is the primary one.
    expect(scoreOf(result, 'physics')).toBe(CATEGORY_WEIGHT + PRIMARY_CATEGORY_BONUS);
    expect(scoreOf(result, 'nlp')).toBe(CATEGORY_WEIGHT);
    expect(evidenceOf(result, 'physics')?.matches).toEqual(['hep-ph']);
    expect(classify({ title: '', abstract: '', categories: ['astro-ph.GA'] }).topics).toEqual(['physics']);
    expect(classify({ title: '', abstract: '', categories: ['physics.gen-ph'] }).topics).toEqual(['physics']);
    expect(classify({ title: '', abstract: '', categories: ['cs.cl'] }).topics).toEqual(['nlp']);
    // A space-separated list (as arXiv OAI writes it) is split.
    expect(classify({ title: '', abstract: '', categories: ['math.CO cs.CL'] }).topics).toEqual(['nlp']);
    expect(classify({ title: '', abstract: '', categories: ['cs.LG', 'stat.ML', 'hep'] }).topics).toEqual([]);
    // Retired archives count as their successors.
    expect(classify({ title: '', abstract: '', categories: ['cmp-lg'] }).topics).toEqual(['nlp']);
  });

  it('read a taxonomy category as arXiv does too: a retired name stands for its successor', () => {
    const retired = createClassifier([
      topic('chaos', ['strange attractor'], ['chao-dyn']),
      topic('parsing', ['treebank'], ['cmp-lg']),
      topic('biology', ['protein'], ['q-bio']),
    ]);
    const ids = (category: string) => retired({ title: '', abstract: '', categories: [category] }).topics;
    expect(ids('chao-dyn')).toEqual(['chaos']);
    expect(ids('nlin.CD')).toEqual(['chaos']);
    expect(ids('cs.CL')).toEqual(['parsing']);
    // A bare archive name in the taxonomy still stands for the whole archive.
    expect(ids('q-bio.NC')).toEqual(['biology']);
    expect(ids('q-bio')).toEqual(['biology']);
  });

  it('score a topic once however many of its categories a paper has', () => {
    const result = classify({ title: '', abstract: '', categories: ['hep-ph', 'astro-ph.CO', 'physics.gen-ph'] });
    expect(scoreOf(result, 'physics')).toBe(CATEGORY_WEIGHT + PRIMARY_CATEGORY_BONUS);
    expect(evidenceOf(result, 'physics')?.matches).toEqual(['hep-ph', 'astro-ph.CO', 'physics.gen-ph']);
  });

  it('put the primary (first-listed) category first', () => {
    expect(classify({ title: '', abstract: '', categories: ['cs.CL', 'hep-ph'] }).topics).toEqual(['nlp', 'physics']);
    expect(classify({ title: '', abstract: '', categories: ['hep-ph cs.CL'] }).topics).toEqual(['physics', 'nlp']);
  });

  it('outweigh a single title phrase', () => {
    const result = classify({ title: 'Dark matter', abstract: '', categories: ['cs.CL'] });
    expect(result.topics).toEqual(['nlp', 'physics']);
    expect(scoreOf(result, 'nlp')).toBeGreaterThan(scoreOf(result, 'physics'));
  });
});

describe('determinism', () => {
  it('breaks ties by taxonomy order', () => {
    const paper = { title: 'GNN and RL', abstract: '' };
    expect(classify(paper).topics).toEqual(['graphs', 'rl']);
    const reversed = createClassifier([...RULES].reverse());
    expect(reversed(paper).topics).toEqual(['rl', 'graphs']);
  });

  it('breaks ties by taxonomy order whatever order the evidence comes in', () => {
    // Both topics score 1 + 2 x sqrt(2) (one phrase once, two phrases twice), summed in a different
    // order: rounding error must not decide the tie, nor may reordering the sentences.
    const graphsFirst = 'A GNN. Message passing, message passing. Graph neural networks, graph neural networks.';
    const rlFirst = 'Reinforcement learning, reinforcement learning. Deep RL, deep RL. RL.';
    for (const abstract of [`${graphsFirst} ${rlFirst}`, `${rlFirst} ${graphsFirst}`]) {
      const result = classify({ title: '', abstract });
      expect(scoreOf(result, 'graphs')).toBe(scoreOf(result, 'rl'));
      expect(result.topics, abstract).toEqual(['graphs', 'rl']);
    }
  });

  it('gives the same answer every time, whatever was classified before', () => {
    const paper = { title: 'Federated learning of scaling laws', abstract: 'Clients, GNNs and $x$.' };
    const first = classify(paper);
    classify({ title: 'Graph neural networks', abstract: 'GNN '.repeat(100), categories: ['hep-ph'] });
    classify({ title: '', abstract: '' });
    expect(classify(paper)).toEqual(first);
    expect(createClassifier(RULES)(paper)).toEqual(first);
  });

  it('chooses the same topics without listing the evidence, and lists none', () => {
    const choose = createClassifier(RULES, { evidence: false });
    const realChoose = createClassifier(loadTopics(TAXONOMY), { evidence: false });
    const words = ['GNN', 'gnn', 'RL', 'client', 'scaling law', 'Bayesian', 'entropy', 'dark matter', 'the', '$x$'];
    const generated = Array.from({ length: 500 }, (_, n) => ({
      title: words.filter((_, k) => (n >> k) % 3 === 0).join(' '),
      abstract: words.filter((_, k) => (n * 7 + k) % 4 === 0).join(', '),
      categories: n % 5 === 0 ? [] : [['hep-ph', 'cs.CL', 'math.OC', 'cs.LG'][n % 4] ?? 'cs.LG'],
    }));
    for (const paper of generated) {
      const { topics, noEvidence } = classify(paper);
      expect(choose(paper), JSON.stringify(paper)).toStrictEqual({ topics, noEvidence });
    }
    const seed = seedPapers();
    expect(seed.length).toBeGreaterThan(50);
    for (const paper of seed) {
      const { topics, noEvidence } = real(paper);
      expect(realChoose(paper), paper.title).toStrictEqual({ topics, noEvidence });
    }
  });

  it('rejects malformed input without corrupting later answers', () => {
    const paper = { title: 'GNN', abstract: 'RL' };
    const before = classify(paper);
    expect(() => classify({ title: 'GNN', abstract: undefined as unknown as string })).toThrow(TypeError);
    expect(() => classify({ title: 'GNN', abstract: 'RL', categories: [3 as unknown as string] })).toThrow(
      /categories/,
    );
    expect(classify(paper)).toEqual(before);
  });
});

describe('taxonomy checks', () => {
  const base = topic('a', ['scaling law']);
  it('rejects phrases that match the same text, within or across topics', () => {
    expect(() => createClassifier([base, topic('b', ['scaling laws'])])).toThrow(
      /"scaling laws" of topic "b" matches the same text .* "scaling law" of topic "a"/,
    );
    expect(() => createClassifier([base, topic('b', ['Scaling-Law'])])).toThrow(/topic "b"/);
    expect(() => createClassifier([topic('a', ['test-time adaptation', 'test time adaptation'])])).toThrow(/topic "a"/);
    expect(() => createClassifier([topic('a', ['RL']), topic('b', ['rl'])])).toThrow(/"rl" of topic "b"/);
  });

  it('rejects phrases that could never match, and duplicate ids', () => {
    for (const phrase of ['C++', 'naïve Bayes', 'e.g. this', 'two  spaces', '$x$ law']) {
      expect(() => createClassifier([topic('a', [phrase])]), phrase).toThrow(/match phrase .* of topic "a"/);
    }
    expect(() => createClassifier([base, topic('a', ['other'])])).toThrow(/"a" appears twice/);
  });
});

// ---------------------------------------------------------------------------------------------
// The real taxonomy on real inputs.

const topics = loadTopics(TAXONOMY);
const real = createClassifier(topics);

/** The seed page: five lines of page chrome, then title and abstract paragraphs in turn. */
function seedPapers(): { title: string; abstract: string }[] {
  const paragraphs = readFileSync(SEED, 'utf8')
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const chrome = paragraphs.slice(0, 5);
  expect(chrome).toEqual([
    'new',
    'Get trending papers in your email inbox!',
    'Subscribe',
    'byAK and the research community',
    'Mar 14',
  ]);
  const body = paragraphs.slice(5);
  expect(body.length % 2).toBe(0);
  const papers = [];
  for (let i = 0; i < body.length; i += 2) papers.push({ title: body[i] as string, abstract: body[i + 1] as string });
  return papers;
}

/**
 * What a reader of the papers expects (written from reading the seed before tuning the
 * taxonomy): `expect` must all be assigned, the best topic must be one of them, `never` must
 * not be assigned. Keyed by the start of the title.
 */
const EXPERT: { title: string; expect: string[]; never?: string[] }[] = [
  { title: 'EMO: Earth Mover Distance', expect: ['language-models'] },
  { title: 'Scaling Law with Learning Rate Annealing', expect: ['scaling-laws', 'optimization'] },
  { title: 'Cross-Entropy Loss Functions', expect: ['losses-and-calibration', 'learning-theory'] },
  { title: 'Forward Learning of Graph Neural Networks', expect: ['graph-neural-networks', 'brain-inspired-learning'] },
  { title: 'Robust Mean Teacher', expect: ['test-time-adaptation'] },
  { title: 'Scaling Laws for Autoregressive', expect: ['scaling-laws', 'generative-models'] },
  { title: 'On the Provable Advantage', expect: ['representation-learning', 'learning-theory'] },
  { title: 'Label Distributionally Robust Losses', expect: ['losses-and-calibration'] },
  { title: 'Optimizing Calibration', expect: ['losses-and-calibration'] },
  {
    title: 'Entropy-Guided Attention for Private LLMs',
    expect: ['language-models', 'privacy-and-security', 'information-theory'],
  },
  { title: 'Backpropagation-free Training', expect: ['brain-inspired-learning'] },
  { title: 'Neural Collapse in Deep Linear Networks', expect: ['deep-learning-theory'] },
  { title: 'Minimum Entropy Coupling', expect: ['information-theory'] },
  { title: 'Stop Regressing', expect: ['reinforcement-learning'] },
  { title: 'Adaptive Estimators Show Information Compression', expect: ['information-theory'] },
  { title: 'How Does Information Bottleneck Help', expect: ['information-theory', 'learning-theory'] },
  { title: 'Information Bottleneck Analysis', expect: ['information-theory'] },
  { title: 'Cauchy-Schwarz Divergence Information Bottleneck', expect: ['information-theory'] },
  { title: 'Fast, Expressive SE(n) Equivariant', expect: ['equivariance'] },
  { title: 'Convergent Graph Solvers', expect: ['graph-neural-networks'] },
  { title: 'Wasserstein Dependency Measure', expect: ['representation-learning', 'information-theory'] },
  { title: 'Learning Physical Models that Can Respect', expect: ['scientific-ml'] },
  { title: 'Just One Byte', expect: ['distributed-training', 'language-models'] },
  { title: 'Scale Mixtures of Neural Network Gaussian', expect: ['bayesian-deep-learning'] },
  { title: 'Intriguing Properties of Adversarial', expect: ['adversarial-robustness'] },
  { title: 'Stochastic Controlled Averaging', expect: ['federated-learning', 'distributed-training'] },
  { title: 'The Principles of Deep Learning Theory', expect: ['deep-learning-theory'] },
  { title: 'Exploring Diffusion Time-steps', expect: ['representation-learning', 'generative-models'] },
  { title: 'On Sequential Bayesian Inference', expect: ['continual-learning', 'bayesian-deep-learning'] },
  { title: 'Analysis on Riemann Hypothesis', expect: ['algebra-and-number-theory'] },
  { title: 'Information-Theoretic Generalization Bounds', expect: ['learning-theory', 'information-theory'] },
  { title: 'Subgraph Permutation Equivariant', expect: ['graph-neural-networks', 'equivariance'] },
  { title: 'Towards Robust Fidelity', expect: ['graph-neural-networks', 'interpretability'] },
  { title: 'Chaos as an interpretable benchmark', expect: ['time-series'], never: ['interpretability'] },
  { title: 'L-GreCo', expect: ['distributed-training', 'efficient-ml'] },
  { title: 'The Consciousness Prior', expect: ['representation-learning', 'brain-inspired-learning'] },
  { title: 'Statistical mechanics of continual learning', expect: ['continual-learning'] },
  { title: 'Demystifying the Token Dynamics', expect: ['architectures'] },
  { title: 'Federated Reconnaissance', expect: ['federated-learning', 'continual-learning'] },
  { title: 'All You Need is a Good Functional Prior', expect: ['bayesian-deep-learning'] },
  { title: 'Beyond Not-Forgetting', expect: ['continual-learning'] },
  { title: 'Transformers Can Do Bayesian Inference', expect: ['bayesian-deep-learning'] },
  { title: 'Scalable Neural Network Kernels', expect: ['kernel-methods'] },
  {
    title: 'A theory of representation learning',
    expect: ['representation-learning', 'kernel-methods', 'bayesian-deep-learning'],
  },
  { title: 'FRL: Federated Rank Learning', expect: ['federated-learning', 'privacy-and-security'] },
  { title: 'Towards Instance-adaptive Inference', expect: ['federated-learning'] },
  { title: 'Unified Functional Hashing', expect: ['meta-learning'] },
  { title: 'Discrete Key-Value Bottleneck', expect: ['continual-learning'], never: ['information-theory'] },
  { title: 'Feature Learning in Infinite-Width', expect: ['deep-learning-theory'] },
  { title: 'Anarchic Federated Learning', expect: ['federated-learning'] },
  { title: 'How Powerful are Shallow Neural Networks', expect: ['deep-learning-theory'] },
  { title: 'BD-KD', expect: ['efficient-ml'] },
];

describe('the real taxonomy (content/topics.yaml)', () => {
  it('loads, validates and compiles: no phrase matches the text of another', () => {
    expect(topics.length).toBeGreaterThanOrEqual(20);
    expect(topics.length).toBeLessThanOrEqual(70);
    expect(() => createClassifier(topics)).not.toThrow();
    for (const { id, description } of topics) expect(description, id).not.toMatch(/\n/);
  });

  it('has no catch-all phrase', () => {
    // A fallback topic's phrases count only when no other topic has any evidence.
    for (const { id, match = [] } of topics.filter((entry) => entry.fallback !== true)) {
      for (const phrase of match) {
        expect(['learning', 'deep learning', 'machine learning', 'neural network', 'model', 'other'], id).not.toContain(
          phrase.toLowerCase(),
        );
      }
    }
  });

  it('matches every phrase on its own text, its plural and its title case', () => {
    for (const { id, match = [] } of topics) {
      for (const phrase of match) {
        const plural = /^[A-Z][A-Z0-9]+$/.test(phrase)
          ? `${phrase}s`
          : phrase.replace(/[A-Za-z0-9]+$/, (last) => wordForms(last)[1] ?? last);
        const titleCase = /^[A-Z0-9]+$/.test(phrase) ? phrase : phrase.replace(/\b[a-z]/g, (c) => c.toUpperCase());
        for (const title of [phrase, plural, titleCase]) {
          const result = real({ title, abstract: '' });
          expect(result.topics, `"${title}" should select ${id}`).toEqual([id]);
          expect(result.evidence[0]?.matches, title).toEqual([phrase]);
        }
      }
    }
  });

  it('gives every arXiv category, current or retired, a topic (the general ML topic only to ML categories)', () => {
    const catchAll = topics.find((entry) => entry.catchAll === true)?.id;
    expect(catchAll).toBeDefined();
    const names = [...Object.keys(ARXIV_CATEGORIES), ...Object.keys(RETIRED_ARXIV_CATEGORIES)];
    expect(names.length).toBeGreaterThan(150);
    for (const category of names) {
      const result = real({ title: '', abstract: '', categories: [category] });
      expect(result.noEvidence, category).toBe(false);
      expect(result.topics.length, category).toBeGreaterThanOrEqual(1);
      if (!ML_CATEGORIES.includes(category)) expect(result.topics, category).not.toContain('machine-learning');
    }
  });

  it('sends the machine-learning categories to machine-learning topics', () => {
    const mlTopics = topics.slice(
      0,
      topics.findIndex((entry) => entry.id === 'machine-learning'),
    );
    for (const category of ML_CATEGORIES) {
      const [topic] = real({ title: '', abstract: '', categories: [category] }).topics;
      expect([...mlTopics.map((entry) => entry.id), 'machine-learning'], category).toContain(topic);
    }
  });

  it('keeps the general machine-learning topic for papers nothing more specific describes', () => {
    expect(real({ title: 'A new method', abstract: 'We propose it.', categories: ['cs.LG'] }).topics).toEqual([
      'machine-learning',
    ]);
    const specific = real({ title: 'Federated learning at scale', abstract: '', categories: ['cs.LG', 'stat.ML'] });
    expect(specific.topics).toEqual(['federated-learning']);
    expect(specific.evidence.map((entry) => entry.id)).toContain('machine-learning');
  });

  it('keeps the general topic over one passing mention of a specific one that its own evidence outweighs', () => {
    const dropout = {
      title: 'Dropout: a simple way to prevent neural networks from overfitting',
      abstract:
        'Dropout randomly drops units during training. It reduces overfitting and improves performance on vision, ' +
        'speech recognition and document classification.',
      categories: ['cs.LG'],
    };
    expect(real(dropout).topics).toEqual(['machine-learning']);
    // A phrase named twice, or once in the title, is no passing mention.
    expect(real({ ...dropout, abstract: `${dropout.abstract} Speech recognition gains most.` }).topics).toEqual([
      'audio-and-speech',
    ]);
    expect(real({ ...dropout, title: 'Dropout for speech recognition' }).topics).toEqual(['audio-and-speech']);
    // Without other evidence, the one mention is still better than nothing.
    expect(real({ title: 'A study', abstract: 'It helps speech recognition.' }).topics).toEqual(['audio-and-speech']);
  });

  it('files a paper that names only deep learning or neural networks there, without categories', () => {
    // A scraped listing has no arXiv categories: its generic ML papers must not go unsorted.
    for (const paper of [
      {
        title: 'Deep learning for cardiac MRI segmentation',
        abstract: 'We segment the left ventricle in cardiac MRI scans with a deep neural network.',
      },
      { title: 'A neural network approach to credit scoring', abstract: 'We train a network on loan data.' },
      { title: 'Neural networks for weather nowcasting', abstract: 'Radar maps in, rain out.' },
    ]) {
      expect(real(paper).topics, paper.title).toEqual(['machine-learning']);
    }
    // Still only when nothing more specific has evidence.
    expect(real({ title: 'Graph neural networks for molecules', abstract: '' }).topics).not.toContain(
      'machine-learning',
    );
  });

  it('lists the irregular plurals it needs, which the matcher does not guess', () => {
    const ids = (title: string) => real({ title, abstract: '' }).topics;
    expect(ids('Elementary cellular automata')).toEqual(['nonlinear-sciences']);
    expect(ids('A cellular automaton for traffic')).toEqual(['nonlinear-sciences']);
    expect(ids('Minimizing a deterministic finite automaton')).toEqual(['theory-of-computing']);
    expect(ids('Weighted automata')).toEqual(['theory-of-computing']);
  });

  it('files a paper with no evidence at all under the catch-all, never under nothing', () => {
    const result = real({ title: 'On a question of Smith', abstract: 'We answer it.' });
    expect(result).toMatchObject({ topics: ['unsorted'], noEvidence: true, evidence: [] });
    expect(real({ title: 'On a question', abstract: '', categories: ['not-a-category'] }).topics).toEqual(['unsorted']);
  });
});

/** arXiv's machine-learning categories (and its neighbours in vision and language). */
const ML_CATEGORIES = ['cs.LG', 'stat.ML', 'cs.AI', 'cs.NE', 'cs.CL', 'cs.CV', 'eess.IV', 'cs.MA', 'cmp-lg'];

describe('the seed page (content/inbox/2025-03-14-hf-trending.txt)', () => {
  const papers = seedPapers();
  const results = papers.map((paper) => ({ paper, result: real(paper) }));

  it('gives every one of the 56 papers one to three topics', () => {
    expect(papers).toHaveLength(56);
    for (const { paper, result } of results) {
      expect(result.topics.length, paper.title).toBeGreaterThanOrEqual(1);
      expect(result.topics.length, paper.title).toBeLessThanOrEqual(3);
      expect(new Set(result.topics).size).toBe(result.topics.length);
    }
  });

  it('has no catch-all: no topic on more than a third of the papers, and a broad spread', () => {
    const counts = new Map<string, number>();
    for (const { result } of results) for (const id of result.topics) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, count] of counts) expect(count, id).toBeLessThanOrEqual(papers.length / 3);
    expect(counts.size).toBeGreaterThanOrEqual(20);
  });

  it('agrees with an expert reading of the papers', () => {
    expect(EXPERT.length).toBeGreaterThanOrEqual(15);
    for (const { title, expect: expected, never = [] } of EXPERT) {
      const matching = results.filter(({ paper }) => paper.title.startsWith(title));
      expect(matching, title).toHaveLength(1);
      const topicsOf = matching[0]?.result.topics ?? [];
      expect(topicsOf, title).toEqual(expect.arrayContaining(expected));
      expect(expected, `${title}: best topic ${topicsOf[0]}`).toContain(topicsOf[0]);
      for (const id of never) expect(topicsOf, title).not.toContain(id);
    }
  });
});

describe('the arXiv OAI sample (non-ML papers)', () => {
  const records = readFileSync(OAI_SAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; title: string; abstract: string; categories: string });

  it('classifies every record under the field of its primary category', () => {
    expect(records).toHaveLength(20);
    const fieldOf: Record<string, string> = {
      'hep-ph': 'high-energy-physics',
      'hep-th': 'high-energy-physics',
      'hep-ex': 'high-energy-physics',
      'gr-qc': 'gravitation',
      'astro-ph': 'astrophysics',
      'physics.gen-ph': 'physics',
      'cond-mat.mes-hall': 'condensed-matter',
      'cond-mat.mtrl-sci': 'condensed-matter',
      'math.CO': 'combinatorics',
      'math.CA': 'analysis',
      'math.NT': 'algebra-and-number-theory',
      'math.PR': 'probability',
    };
    for (const record of records) {
      const categories = record.categories.split(' ');
      const { topics: assigned } = real({ title: record.title, abstract: record.abstract, categories });
      expect(assigned[0], `${record.id} (${record.categories})`).toBe(fieldOf[categories[0] ?? '']);
    }
  });
});
