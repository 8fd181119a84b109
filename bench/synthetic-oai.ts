/**
 * Synthetic arXiv OAI metadata for the benchmark: as many records as asked, built from a corpus of
 * real titles and abstracts (the seed page and the OAI sample) so the ingest meets realistic text,
 * including the seed's mangled TeX, while every title, abstract and id is distinct. Deterministic:
 * the same seed gives the same bytes.
 */

import { seededRandom } from './seeded-random.ts';

export interface SyntheticCorpus {
  titles: readonly string[];
  abstracts: readonly string[];
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'tra',
  'ven',
  'sor',
  'dex',
  'qui',
  'ne',
  'pha',
  'zor',
  'bel',
  'cy',
  'gan',
  'ru',
  'to',
];
const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Kurt', 'Emmy', 'Claude', 'Sofia', 'Wei', 'Amara', 'Yuki', 'Ravi', 'Lena'];
const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Noether',
  'Shannon',
  'Kovalevskaya',
  'Zhang',
  'Okafor',
  'Sato',
  'Rao',
];
const CATEGORIES = ['cs.LG', 'stat.ML', 'cs.CL', 'cs.CV', 'cs.AI', 'math.OC', 'cs.NE', 'physics.comp-ph'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A pronounceable made-up word, unique per `n`: the names and jargon that make papers distinct. */
export function coinedWord(n: number): string {
  let word = '';
  let rest = n;
  do {
    word += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  return word;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function sentencesOf(abstracts: readonly string[]): string[] {
  return abstracts.flatMap((abstract) =>
    abstract
      .replace(/\s+/g, ' ')
      .split(/(?<=[.!?])\s+(?=[A-Z])/)
      .filter((sentence) => sentence.length > 20),
  );
}

/** A month's OAI timestamp (`Mon, 2 Apr 2007 19:18:42 GMT`) for day `dayIndex` after 2022-01-01. */
function oaiTimestamp(dayIndex: number): string {
  const date = new Date(Date.UTC(2022, 0, 1) + dayIndex * 86_400_000);
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} 12:00:00 GMT`;
}

/** `count` OAI JSON lines (newline-terminated), each a distinct paper. */
export function syntheticOaiLines(count: number, corpus: SyntheticCorpus, seed = 1): string {
  const random = seededRandom(seed);
  const sentences = sentencesOf(corpus.abstracts);
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // Each record has its own word, so titles and abstracts never normalize to another record's.
    const own = coinedWord(index + SYLLABLES.length * SYLLABLES.length);
    const title = `${own[0]?.toUpperCase()}${own.slice(1)}: ${pick(random, corpus.titles)}`;
    const parts = Array.from({ length: 4 + Math.floor(random() * 5) }, () => pick(random, sentences));
    parts.splice(Math.floor(random() * parts.length), 0, `We call the method ${own}.`);
    const authors = Array.from({ length: 1 + Math.floor(random() * 4) }, () => [
      pick(random, LAST_NAMES),
      pick(random, FIRST_NAMES),
      '',
    ]);
    const month = 1 + (index % 12);
    const id = `${String(22 + Math.floor(index / 1_200_000)).padStart(2, '0')}${String(month).padStart(2, '0')}.${String(Math.floor(index / 12) % 100_000).padStart(5, '0')}`;
    lines.push(
      JSON.stringify({
        id,
        submitter: authors[0]?.[1],
        authors: authors.map(([last, first]) => `${first} ${last}`).join(', '),
        title,
        categories: [pick(random, CATEGORIES), pick(random, CATEGORIES)].join(' '),
        abstract: `  ${parts.join(' ')}\n`,
        versions: [{ version: 'v1', created: oaiTimestamp(Math.floor(random() * 1000)) }],
        authors_parsed: authors,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
