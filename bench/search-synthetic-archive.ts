import type { PaperData } from '../src/lib/paper/schema.ts';
import { serializePaperFile } from '../src/lib/paper/paper-file.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * A synthetic archive for the search benchmark: papers that look like the real ones to an index
 * (function and generic research words, the vocabulary of their topics from the real taxonomy, a
 * long tail of rarer words, abstracts of 120-300 words, some math, one to three topics, dates over
 * three years, code for some), generated deterministically from a seed so two runs measure the
 * same archive.
 */

/** Words in nearly every ML abstract. */
// prettier-ignore
const GENERIC = [
  'learning', 'model', 'models', 'method', 'methods', 'results', 'show', 'propose', 'approach', 'performance',
  'data', 'training', 'task', 'tasks', 'based', 'using', 'existing', 'new', 'novel', 'experiments', 'demonstrate',
  'framework', 'problem', 'paper', 'work', 'state-of-the-art', 'across', 'significantly', 'compared', 'baselines',
];
const FILLER = ['the', 'of', 'a', 'and', 'in', 'to', 'for', 'with', 'on', 'we', 'that', 'is', 'by', 'from', 'this'];
const FORMULAS = ['$\\alpha$', '$O(n \\log n)$', '$x^2$', '$\\mathbb{R}^d$', '$\\epsilon$-greedy', '$k \\geq 2$'];

export interface SyntheticPaper {
  slug: string;
  file: string;
}

/** A topic as the generator needs it: its id and the phrases that are evidence for it. */
export interface SyntheticTopic {
  id: string;
  /** Absent for the catch-all topic, which no synthetic paper is given. */
  match?: readonly string[] | undefined;
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

/**
 * One word: function words, generic research words, the paper's own topics' phrases (so
 * "transformer" is common in architecture papers and rare elsewhere), and a long tail drawn
 * log-uniformly (close to Zipf's law) from a large vocabulary.
 */
function word(rand: () => number, topical: readonly string[], tail: readonly string[]): string {
  const roll = rand();
  if (roll < 0.45) return pick(rand, FILLER);
  if (roll < 0.65) return pick(rand, GENERIC);
  if (roll < 0.8 && topical.length > 0) return pick(rand, topical);
  return tail[Math.min(tail.length - 1, Math.floor(Math.exp(rand() * Math.log(tail.length))))] as string;
}

/** `count` paper files (slug and file text) over the given topics (their ids and match phrases). */
export function syntheticArchive(count: number, topics: readonly SyntheticTopic[], seed = 1): SyntheticPaper[] {
  const rand = seededRandom(seed);
  const described = topics.filter((topic) => (topic.match?.length ?? 0) > 0);
  const tail = Array.from({ length: 20_000 }, () => coined(rand));
  const start = Date.UTC(2023, 0, 1);
  const papers: SyntheticPaper[] = [];
  for (let index = 0; index < count; index += 1) {
    const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, described)))];
    const topical = chosen.flatMap((topic) => topic.match ?? []);
    const titleWords = Array.from({ length: 4 + Math.floor(rand() * 7) }, () => word(rand, topical, tail));
    const title = titleWords.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
    const sentences: string[] = [];
    let words = 0;
    const target = 120 + Math.floor(rand() * 100);
    while (words < target) {
      const length = 10 + Math.floor(rand() * 18);
      const parts = Array.from({ length }, () => word(rand, topical, tail));
      if (rand() < 0.08) parts.splice(Math.floor(rand() * length), 0, pick(rand, FORMULAS));
      const sentence = parts.join(' ');
      sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
      words += length;
    }
    const data: PaperData = {
      title,
      added: new Date(start + Math.floor(rand() * 3 * 365) * 86_400_000),
      topics: chosen.map((topic) => topic.id),
      source: 'synthetic benchmark archive',
      ...(rand() < 0.15 ? { code: [`https://github.com/example/repo-${index}`] } : {}),
    };
    const slug = `paper-${String(index).padStart(6, '0')}`;
    papers.push({ slug, file: serializePaperFile(data, sentences.join(' ')) });
  }
  return papers;
}
