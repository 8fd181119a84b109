import type { PaperData } from '../content.config.ts';
import { serializePaperFile } from './paper-file.ts';

/**
 * A synthetic archive for the search benchmark: papers that look like the real ones to an index
 * (an ML vocabulary with a long tail, 120-220-word abstracts, some math, one to three topics,
 * dates over three years, code for some), generated deterministically from a seed so two runs
 * measure the same archive.
 */

/** mulberry32: a small, fast, seedable generator; the same seed gives the same archive. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// prettier-ignore
const COMMON = [
  'learning', 'model', 'models', 'neural', 'network', 'networks', 'training', 'data', 'deep', 'method', 'methods',
  'performance', 'results', 'show', 'propose', 'approach', 'loss', 'task', 'tasks', 'representation',
  'generalization', 'optimization', 'gradient', 'algorithm', 'framework', 'theory', 'analysis', 'inference',
  'distribution', 'information', 'language', 'graph', 'attention', 'transformer', 'benchmark', 'empirical',
  'efficient', 'robust', 'scaling', 'large', 'state-of-the-art', 'experiments', 'features', 'prior', 'bayesian',
];
// prettier-ignore
const RARE = [
  'annealing', 'wasserstein', 'entropy', 'cross-entropy', 'kernel', 'equivariant', 'hypernetwork', 'distillation',
  'federated', 'continual', 'forgetting', 'bottleneck', 'calibration', 'adversarial', 'diffusion', 'variational',
  'contrastive', 'sparsity', 'quantization', 'pruning', 'curriculum', 'bandit', 'reinforcement', 'policy',
  'reward', 'causal', 'counterfactual', 'symmetry', 'manifold', 'spectral', 'stochastic', 'convergence',
  'regret', 'posterior', 'ensemble', 'uncertainty', 'retrieval', 'tokenizer', 'pretraining', 'finetuning',
  'interpretability', 'mechanistic', 'sheaf', 'topological', 'persistent', 'homology', 'koopman', 'operator',
  'hamiltonian', 'lagrangian', 'symplectic', 'gaussian', 'process', 'mixture', 'experts', 'routing', 'memory',
];
const FILLER = ['the', 'of', 'a', 'and', 'in', 'to', 'for', 'with', 'on', 'we', 'that', 'is', 'by', 'from', 'this'];
const FORMULAS = ['$\\alpha$', '$O(n \\log n)$', '$x^2$', '$\\mathbb{R}^d$', '$\\epsilon$-greedy', '$k \\geq 2$'];

export interface SyntheticPaper {
  slug: string;
  file: string;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** A made-up but pronounceable word: the long tail of names, acronyms and jargon real abstracts have. */
function coined(rand: () => number): string {
  const syllables = ['ka', 'lo', 'mi', 'tra', 'ven', 'sor', 'dex', 'qui', 'ne', 'pha', 'zor', 'bel', 'cy', 'gan'];
  let word = '';
  const count = 2 + Math.floor(rand() * 3);
  for (let index = 0; index < count; index += 1) word += pick(rand, syllables);
  return word;
}

function word(rand: () => number, tail: readonly string[]): string {
  const roll = rand();
  if (roll < 0.45) return pick(rand, FILLER);
  if (roll < 0.8) return pick(rand, COMMON);
  if (roll < 0.95) return pick(rand, RARE);
  return pick(rand, tail);
}

/** `count` paper files (slug and file text) over the given topic ids. */
export function syntheticArchive(count: number, topicIds: readonly string[], seed = 1): SyntheticPaper[] {
  const rand = random(seed);
  // A shared pool of coined words: each appears in a handful of papers, as method names do.
  const tail = Array.from({ length: Math.max(200, Math.floor(count / 5)) }, () => coined(rand));
  const start = Date.UTC(2023, 0, 1);
  const papers: SyntheticPaper[] = [];
  for (let index = 0; index < count; index += 1) {
    const titleWords = Array.from({ length: 4 + Math.floor(rand() * 7) }, () => word(rand, tail));
    const title = titleWords.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
    const sentences: string[] = [];
    let words = 0;
    const target = 120 + Math.floor(rand() * 100);
    while (words < target) {
      const length = 10 + Math.floor(rand() * 18);
      const parts = Array.from({ length }, () => word(rand, tail));
      if (rand() < 0.08) parts.splice(Math.floor(rand() * length), 0, pick(rand, FORMULAS));
      const sentence = parts.join(' ');
      sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
      words += length;
    }
    const topics = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, topicIds)))];
    const data: PaperData = {
      title,
      added: new Date(start + Math.floor(rand() * 3 * 365) * 86_400_000),
      topics,
      source: 'synthetic benchmark archive',
      ...(rand() < 0.15 ? { code: [`https://github.com/example/repo-${index}`] } : {}),
    };
    const slug = `paper-${String(index).padStart(6, '0')}`;
    papers.push({ slug, file: serializePaperFile(data, sentences.join(' ')) });
  }
  return papers;
}
