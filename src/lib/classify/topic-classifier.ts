/**
 * Topic classification: which topics of `content/topics.yaml` a paper is about, and why.
 *
 * The rule is deliberately simple and transparent (docs/topics.md has a worked example):
 *
 *   score(topic) = sum over the topic's match phrases p of
 *                    TITLE_WEIGHT * sqrt(times p occurs in the title)
 *                  + ABSTRACT_WEIGHT * sqrt(times p occurs in the abstract)
 *                + CATEGORY_WEIGHT if one of the paper's arXiv categories is one of the topic's
 *                  (+ PRIMARY_CATEGORY_BONUS if it is the paper's primary, first-listed, category)
 *
 * The best topic is kept whenever there is any evidence; the second and third only when their
 * score is at least SECONDARY_RATIO of the best and at least SECONDARY_MIN (more than one stray
 * mention in the abstract). Ties go to the topic listed first in the taxonomy. A `fallback` topic
 * (machine learning in general) is chosen only when no other topic has any evidence, or when the
 * best other topic has only one mention in the abstract and the fallback's own evidence weighs
 * more; a paper with no evidence at all goes to the taxonomy's `catchAll` topic, so that no paper
 * is left out.
 * arXiv categories are read as arXiv defines them: retired archives (`chao-dyn`) count as their
 * successors (`nlin.CD`).
 *
 * Matching is by whole words and whole phrases, case-insensitive, with hyphens counting as
 * spaces and regular English plurals matched automatically. Where phrases overlap, the longest
 * match starting leftmost wins, and a text's words are counted for one phrase only. A one-word
 * phrase written in capitals (`RL`, `FL`, `GNN`) is an acronym and matches only in capitals
 * (`GNNs` too): in lowercase it is often an ordinary word or symbol (`Cl`, `fl`). Math (`$...$`,
 * `\(...\)`, `\[...\]`), TeX commands, sub- and superscripts and URLs are never evidence.
 * Ligatures, fullwidth and mathematical letters (`ﬂ`, `Ｇ`, `𝐑`) read as the letters they stand for.
 *
 * Ingest must handle tens of thousands of papers a second, so `createClassifier` compiles the
 * taxonomy once: every word form that occurs in a phrase goes into a small hash table, and the
 * phrases into a trie over word ids. Classifying is then one pass over the text's UTF-8 bytes
 * (a rolling hash per word, one table probe at its end) and a walk of the phrase trie over the
 * few words the taxonomy knows, with no per-word allocation.
 */
import type { Topic } from '../paper/schema.ts';
import { ARXIV_CATEGORIES, arxivArchive, canonicalArxivCategory } from '../paper/arxiv-categories.ts';
import { MAX_FORMULA_LENGTH } from '../math/katex-options.ts';
import { blankBareUrls, URL_LIKE_PATTERNS } from '../repair/links.ts';
import { ASCII_LIMIT, CHAR, isAsciiDigit, isAsciiUpper } from '../text/char-codes.ts';
import { closingRun } from '../text/delimiter-runs.ts';

export interface TopicEvidence {
  id: string;
  /** The topic's score, rounded to two decimals. */
  score: number;
  /** The match phrases (as written in the taxonomy) and the paper's arXiv categories that fired. */
  matches: string[];
}
/** The topics chosen for a paper. */
export interface TopicChoice {
  /**
   * One to three topic ids, best first. With no evidence at all: the catch-all topic, or nothing
   * when the taxonomy has none.
   */
  topics: string[];
  /** True when nothing pointed to any topic: `topics` is the catch-all (or empty). */
  noEvidence: boolean;
}
/** The topics chosen for a paper, and why. */
export interface Classification extends TopicChoice {
  /** Every topic with any evidence, best first. */
  evidence: TopicEvidence[];
}
export interface PaperToClassify {
  title: string;
  abstract: string;
  /** arXiv categories such as `cs.LG` (a space-separated list in one string is split too). */
  categories?: readonly string[] | undefined;
}
export type Classifier = (paper: PaperToClassify) => Classification;
/** A classifier that chooses the topics without listing the evidence (what the ingest keeps). */
export type TopicChooser = (paper: PaperToClassify) => TopicChoice;

export const TITLE_WEIGHT = 3;
export const ABSTRACT_WEIGHT = 1;
/** More than a title phrase: an arXiv category is the authors' own, curated statement of field. */
export const CATEGORY_WEIGHT = 4;
/** The first category listed is the primary one (arXiv lists it first): the authors' main field. */
export const PRIMARY_CATEGORY_BONUS = 1;
export const MAX_TOPICS = 3;
export const SECONDARY_RATIO = 0.25;
export const SECONDARY_MIN = 2;

/** What a phrase may look like: ASCII words joined by single spaces or hyphens. */
const PHRASE = /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/;
/** A one-word phrase in capitals is an acronym, matched case-sensitively. */
const ACRONYM = /^[A-Z][A-Z0-9]+$/;
const MAX_PHRASE_WORDS = 8;

/**
 * Text that is never evidence: `$` math, `\(...\)` and `\[...\]`, and URLs and link targets
 * (repair/links.ts). Each is replaced by `|`, which also ends any phrase. A run of dollars is math
 * by the site's one rule (text/delimiter-runs.ts): it closes at the next run of the same length,
 * and a single `$` within its paragraph. Math spans are bounded by the site's formula cap, so
 * unclosed delimiters in hostile text cost linear time, not quadratic.
 */
const MATH = `{0,${MAX_FORMULA_LENGTH}}`;
const NON_PROSE = new RegExp(
  [String.raw`\$+`, String.raw`\\\([\s\S]${MATH}?\\\)`, String.raw`\\\[[\s\S]${MATH}?\\\]`, ...URL_LIKE_PATTERNS].join(
    '|',
  ),
  'gi',
);
const BLANK_LINE = /\n[ \t]*\n/;

/** Where the `$` math opened by `run` dollars at `start` ends (after its closing run), or -1. */
function dollarMathEnd(text: string, start: number, run: number): number {
  const from = start + run;
  const close = closingRun(text, from, '$', run, from + MAX_FORMULA_LENGTH + 1);
  if (close === -1 || (run === 1 && BLANK_LINE.test(text.slice(from, close)))) return -1;
  return close + run;
}

/** `text` with each span of `NON_PROSE` replaced by `|`, scanning left to right. */
function blankNonProse(text: string): string {
  let out = '';
  let copied = 0;
  NON_PROSE.lastIndex = 0;
  for (let match = NON_PROSE.exec(text); match !== null; match = NON_PROSE.exec(text)) {
    let start = match.index;
    let end = start + match[0].length;
    if (match[0].startsWith('$')) {
      // An escaped dollar (`\$`) is a literal one: the run starts after it.
      const escaped = text[start - 1] === '\\' ? 1 : 0;
      const run = match[0].length - escaped;
      start += escaped;
      end = run === 0 ? -1 : dollarMathEnd(text, start, run);
      if (end === -1) continue;
    }
    out += `${text.slice(copied, start)}|`;
    copied = end;
    NON_PROSE.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The text with everything that is not prose blanked out. The native `includes` pre-checks skip
 * the regex for the many texts with no math, link or URL at all.
 */
export function proseOnly(text: string): string {
  let prose = text;
  if (
    prose.includes('$') ||
    prose.includes('\\') ||
    prose.includes('://') ||
    prose.includes('www.') ||
    prose.includes('](')
  ) {
    prose = blankNonProse(prose);
  }
  return prose.includes('/') ? blankBareUrls(prose, '|') : prose;
}

// Byte classes of the scan. Non-negative values are letter/digit symbols 0-35 (either case).
const SPACE = -1;
const HYPHEN = -2;
const BREAK = -3;
/** A letter outside ASCII: part of a word (`Schrödinger` is one unknown word, not `schr`). */
const OTHER_LETTER = -4;
/**
 * A compatibility character that stands for ASCII letters or digits: a ligature (`ﬂ` in
 * `normalizing ﬂows`, as text copied from a PDF has it), a fullwidth (`ＧＮＮ`) or a mathematical
 * alphanumeric (`𝐑𝐋`) letter. The scan stops at the first one and reads the text again folded
 * (`foldCompatibility`), so text without them costs nothing more.
 */
const FOLD = -5;
/** The characters of `FOLD`, as UTF-16 (mathematical alphanumerics are U+1D400-U+1D7FF: `\uD835` + a low surrogate). */
const COMPATIBILITY = /[\uFB00-\uFB06\uFF01-\uFF5E]|\uD835[\uDC00-\uDFFF]/g;

/** The text with each `FOLD` character replaced by its compatibility decomposition (NFKC): `ﬂ` -> `fl`, `Ｇ` -> `G`. */
function foldCompatibility(text: string): string {
  return text.replace(COMPATIBILITY, (char) => char.normalize('NFKC'));
}

const ASCII_CLASS = new Int8Array(ASCII_LIMIT).fill(BREAK);
for (let letter = 0; letter < 26; letter += 1) {
  ASCII_CLASS[CHAR.LOWER_A + letter] = letter;
  ASCII_CLASS[CHAR.UPPER_A + letter] = letter;
}
for (let digit = 0; digit < 10; digit += 1) ASCII_CLASS[CHAR.DIGIT_0 + digit] = 26 + digit;
for (const code of [CHAR.SPACE, CHAR.TAB, CHAR.LINE_FEED, CHAR.CARRIAGE_RETURN]) ASCII_CLASS[code] = SPACE;
ASCII_CLASS[CHAR.HYPHEN] = HYPHEN;

/** The symbol of an ASCII letter (either case) or digit, or a negative class. */
function symbol(code: number): number {
  return code < ASCII_LIMIT ? (ASCII_CLASS[code] ?? BREAK) : BREAK;
}

/** The class of a code point beyond ASCII: a few spaces and hyphens, letters, compatibility letters, and breaks. */
function unicodeClass(codePoint: number): number {
  if (
    (codePoint >= 0xfb00 && codePoint <= 0xfb06) ||
    (codePoint >= 0xff01 && codePoint <= 0xff5e) ||
    (codePoint >= 0x1d400 && codePoint <= 0x1d7ff)
  ) {
    return FOLD;
  }
  if (codePoint === 0xa0) return SPACE;
  if (codePoint === 0x2010 || codePoint === 0x2011 || codePoint === 0x2013) return HYPHEN;
  if (
    (codePoint >= 0xc0 && codePoint <= 0x24f && codePoint !== 0xd7 && codePoint !== 0xf7) ||
    (codePoint >= 0x300 && codePoint <= 0x4ff) ||
    (codePoint >= 0x1e00 && codePoint <= 0x1fff)
  ) {
    return OTHER_LETTER;
  }
  return BREAK;
}

/** Bytes in the UTF-8 sequence that starts with `lead` (>= 0x80). */
function sequenceLength(lead: number): number {
  if (lead < 0xe0) return 2;
  return lead < 0xf0 ? 3 : 4;
}

/** The code point of the multi-byte UTF-8 sequence at `i`. */
function codePointAt(bytes: Uint8Array, i: number, width: number): number {
  const lead = bytes[i] ?? 0;
  const second = (bytes[i + 1] ?? 0) & 0x3f;
  if (width === 2) return ((lead & 0x1f) << 6) | second;
  const third = (bytes[i + 2] ?? 0) & 0x3f;
  if (width === 3) return ((lead & 0x0f) << 12) | (second << 6) | third;
  return ((lead & 0x07) << 18) | (second << 12) | (third << 6) | ((bytes[i + 3] ?? 0) & 0x3f);
}

/** FNV-1a step over word symbols; the table is built with the same function the scan uses. */
const HASH_SEED = 0x811c9dc5 | 0;
function hashStep(hash: number, sym: number): number {
  return Math.imul(hash ^ (sym + 1), 16777619);
}

/**
 * `RL`, `GNN`, `GNNs`, `LLMS`: capitals and digits, the last a plural `s` of either case when the
 * word is an acronym's `plural` form. An acronym's own final S is a capital: `NAs` is not `NAS`.
 */
function isAcronym(bytes: Uint8Array, start: number, end: number, plural: boolean): boolean {
  const last = plural ? end - 1 : end;
  for (let i = start; i < last; i += 1) {
    const code = bytes[i] ?? 0;
    if (!(isAsciiUpper(code) || isAsciiDigit(code))) return false;
  }
  return true;
}

/**
 * Whether the word at [start, end) is math rather than prose in text whose `$...$` is already
 * gone: a TeX command (`\alpha`), a sub- or superscript or its base (`C_Phi`, `x^word`,
 * `C_{word}`), or the argument of a command whose backslash the scraper stripped (`mathcal{O}`).
 */
function isMath(bytes: Uint8Array, start: number, end: number, length: number): boolean {
  const before = start > 0 ? (bytes[start - 1] ?? CHAR.SPACE) : CHAR.SPACE;
  if (before === CHAR.BACKSLASH) return true;
  if (
    (before === CHAR.UNDERSCORE || before === CHAR.CARET) &&
    start > 1 &&
    isScriptBase(bytes[start - 2] ?? CHAR.SPACE)
  )
    return true;
  if (before === CHAR.OPEN_BRACE && start > 1 && isScriptBase(bytes[start - 2] ?? CHAR.SPACE)) return true;
  const after = end < length ? (bytes[end] ?? CHAR.SPACE) : CHAR.SPACE;
  return (
    (after === CHAR.UNDERSCORE || after === CHAR.CARET) &&
    end + 1 < length &&
    isScriptArgument(bytes[end + 1] ?? CHAR.SPACE)
  );
}

/** What makes a following `_`, `^` or `{` math: a letter, digit, `}`, `)`, or a script mark (`x_{word}`). */
function isScriptBase(code: number): boolean {
  return (
    symbol(code) >= 0 ||
    code === CHAR.CLOSE_BRACE ||
    code === CHAR.CLOSE_PAREN ||
    code === CHAR.UNDERSCORE ||
    code === CHAR.CARET
  );
}
/** The character after `_` or `^` that makes it a script: a letter, digit, `{` or `\`. */
function isScriptArgument(code: number): boolean {
  return symbol(code) >= 0 || code === CHAR.OPEN_BRACE || code === CHAR.BACKSLASH;
}

/**
 * The surface forms a phrase word matches: itself and its regular English plural, and, for a
 * word written in the plural, its singular. Irregular plurals are not guessed: list them.
 */
export function wordForms(word: string): string[] {
  const forms = new Set([word]);
  if (/(?:s|x|z|ch|sh)$/.test(word)) forms.add(`${word}es`);
  else if (/[^aeiou]y$/.test(word)) forms.add(`${word.slice(0, -1)}ies`);
  else forms.add(`${word}s`);
  if (/is$/.test(word)) forms.add(`${word.slice(0, -2)}es`);
  if (word.length > 3 && /s$/.test(word) && !/(?:ss|us|is)$/.test(word)) {
    if (/[^aeiou]ies$/.test(word)) forms.add(`${word.slice(0, -3)}y`);
    else if (/(?:sses|xes|zes|ches|shes)$/.test(word)) forms.add(word.slice(0, -2));
    forms.add(word.slice(0, -1));
  }
  return [...forms];
}

/**
 * The word forms of the taxonomy: an open-addressing hash table (a few kilobytes, so it stays in
 * cache) from a lowercase form to its word id and, for acronyms, the phrase it stands for.
 */
class WordTable {
  readonly forms: string[] = [];
  readonly acronymPhrase: number[] = [];
  private readonly index = new Map<string, number>();

  /** The id of a lowercase ASCII form, added on first use. */
  id(form: string): number {
    let id = this.index.get(form);
    if (id === undefined) {
      id = this.forms.push(form) - 1;
      this.acronymPhrase.push(-1);
      this.index.set(form, id);
    }
    return id;
  }

  compile(): {
    mask: number;
    slots: Int32Array;
    hashes: Int32Array;
    lengths: Int32Array;
    offsets: Int32Array;
    symbols: Uint8Array;
    acronyms: Int32Array;
  } {
    let size = 16;
    while (size < this.forms.length * 4) size *= 2;
    const slots = new Int32Array(size).fill(-1);
    const hashes = new Int32Array(this.forms.length);
    const lengths = new Int32Array(this.forms.length);
    const offsets = new Int32Array(this.forms.length);
    const symbols = new Uint8Array(this.forms.reduce((total, form) => total + form.length, 0));
    let offset = 0;
    this.forms.forEach((form, id) => {
      let hash = HASH_SEED;
      for (let i = 0; i < form.length; i += 1) {
        const sym = symbol(form.charCodeAt(i));
        symbols[offset + i] = sym;
        hash = hashStep(hash, sym);
      }
      hashes[id] = hash;
      lengths[id] = form.length;
      offsets[id] = offset;
      offset += form.length;
      let slot = hash & (size - 1);
      while ((slots[slot] ?? -1) >= 0) slot = (slot + 1) & (size - 1);
      slots[slot] = id;
    });
    return { mask: size - 1, slots, hashes, lengths, offsets, symbols, acronyms: Int32Array.from(this.acronymPhrase) };
  }
}

interface Phrase {
  topic: number;
  /** As written in the taxonomy: what the evidence reports. */
  text: string;
}

/** The archives of arXiv's current categories, lowercase (`cs`, `astro-ph`, `physics`, `q-bio`). */
const ARCHIVES = new Set(Object.keys(ARXIV_CATEGORIES).map((category) => arxivArchive(category).toLowerCase()));

/**
 * How the classifier reads a category of the taxonomy, lowercase: an archive's bare name (`q-bio`,
 * `physics`) stands for the whole archive; any other category is read as a paper's is, a retired
 * archive as its successor (`chao-dyn` -> `nlin.cd`). `undefined` for a category arXiv does not
 * have, which no paper's category can ever match.
 */
export function taxonomyCategoryKey(category: string): string | undefined {
  const lower = category.trim().toLowerCase();
  if (ARCHIVES.has(lower)) return lower;
  return canonicalArxivCategory(lower)?.toLowerCase();
}

/** Lowercased category -> topic indexes, for exact categories (`cs.lg`) and whole archives (`hep-ph`, `astro-ph`). */
function indexCategories(topics: readonly Topic[]): { exact: Map<string, number[]>; archive: Map<string, number[]> } {
  const exact = new Map<string, number[]>();
  const archive = new Map<string, number[]>();
  topics.forEach((topic, index) => {
    for (const category of topic.categories ?? []) {
      const key = taxonomyCategoryKey(category) ?? category.toLowerCase();
      const map = key.includes('.') ? exact : archive;
      const list = map.get(key) ?? [];
      if (!list.includes(index)) list.push(index);
      map.set(key, list);
    }
  });
  return { exact, archive };
}

/** One category as written in a paper's entry, and the topics (indexes) it counts for. */
interface CategoryTopics {
  category: string;
  topics: readonly number[];
}
const CATEGORY_CACHE_LIMIT = 10_000;

/**
 * A score with the rounding error of its sum removed. A topic's terms are added in the order its
 * phrases first occur, and floating-point addition is not associative: 1 + sqrt(2) + sqrt(2) and
 * sqrt(2) + sqrt(2) + 1 differ in the last bit, which would break a tie by the order of the
 * sentences instead of by the taxonomy. Real differences between scores are far above 1e-9.
 */
function settled(score: number): number {
  return Math.round(score * 1e9) / 1e9;
}

function assertClassifiable(paper: PaperToClassify): void {
  if (typeof paper.title !== 'string' || typeof paper.abstract !== 'string') {
    throw new TypeError('Failed to classify a paper: its title and abstract must be strings');
  }
  if (paper.categories !== undefined) {
    if (!Array.isArray(paper.categories) || !paper.categories.every((category) => typeof category === 'string')) {
      throw new TypeError('Failed to classify a paper: its categories must be a list of strings');
    }
  }
}

/** An acronym's forms, lowercase as the scan compares them: its plural is always a plain `s` (`GNNs`, `NASs`). */
function acronymForms(text: string): string[] {
  const lower = text.toLowerCase();
  return [lower, `${lower}s`];
}

/** Every text a phrase matches (lowercase, words joined by single spaces): each combination of its words' forms. */
function phraseVariants(text: string): string[] {
  if (ACRONYM.test(text)) return acronymForms(text);
  let variants = [''];
  for (const word of text.toLowerCase().split(/[ -]/)) {
    variants = variants.flatMap((variant) => wordForms(word).map((form) => (variant ? `${variant} ${form}` : form)));
  }
  return variants;
}

/** A match phrase the classifier cannot use: `topic` and `phrase` index the taxonomy and the topic's `match`. */
export interface MatchPhraseProblem {
  topic: number;
  phrase: number;
  message: string;
}

/**
 * Every match phrase of a taxonomy the classifier refuses, naming the phrase and its topic: a
 * phrase that is not plain words, one of too many words, and two phrases that match the same text
 * (within one topic or across topics: one is dead weight, or it makes the evidence ambiguous).
 */
export function matchPhraseProblems(topics: readonly Pick<Topic, 'id' | 'match'>[]): MatchPhraseProblem[] {
  const problems: MatchPhraseProblem[] = [];
  const owners = new Map<string, { topic: number; phrase: number; text: string }>();
  topics.forEach((topic, topicIndex) => {
    (topic.match ?? []).forEach((raw, phraseIndex) => {
      const at = { topic: topicIndex, phrase: phraseIndex };
      const text = raw.trim();
      if (!PHRASE.test(text)) {
        problems.push({
          ...at,
          message:
            `match phrase "${raw}" of topic "${topic.id}" must be ASCII letters and digits ` +
            'in words joined by single spaces or hyphens (math, punctuation and accents are never matched)',
        });
        return;
      }
      if (text.split(/[ -]/).length > MAX_PHRASE_WORDS) {
        problems.push({
          ...at,
          message: `match phrase "${raw}" of topic "${topic.id}" has more than ${MAX_PHRASE_WORDS} words`,
        });
        return;
      }
      for (const variant of phraseVariants(text)) {
        const owner = owners.get(variant);
        if (owner === undefined) {
          owners.set(variant, { ...at, text });
          continue;
        }
        if (owner.topic === topicIndex && owner.phrase === phraseIndex) continue;
        problems.push({
          ...at,
          message:
            `match phrase "${text}" of topic "${topic.id}" matches the same text ("${variant}") as "${owner.text}" ` +
            `of topic "${topics[owner.topic]?.id ?? ''}": keep one of them ` +
            '(matching ignores case, treats hyphens as spaces and adds plurals by itself)',
        });
        // One report a phrase: its other forms collide with the same phrase.
        return;
      }
    });
  });
  return problems;
}

/**
 * Compiles a taxonomy into a classifier. Throws, naming the topic, on a phrase that is not plain
 * words, a topic id listed twice, or two phrases that match the same text (within one topic or
 * across topics: one is dead weight, or it makes the evidence ambiguous).
 */
export function createClassifier(topics: readonly Topic[]): Classifier;
/**
 * With `evidence: false`, the classifier only chooses: the same topics, without the match lists
 * (about a fifth of the classifier's time in the ingest's profile, and the ingest never reads them).
 */
export function createClassifier(topics: readonly Topic[], options: { evidence: false }): TopicChooser;
export function createClassifier(
  topics: readonly Topic[],
  options: { evidence?: boolean } = {},
): Classifier | TopicChooser {
  const withEvidence = options.evidence !== false;
  const ids = topics.map((topic) => topic.id);
  const seenIds = new Set<string>();
  for (const id of ids) {
    if (seenIds.has(id)) throw new Error(`Invalid topic taxonomy: topic id "${id}" appears twice`);
    seenIds.add(id);
  }

  // The rules on phrases, all checked before anything is built (the taxonomy file names each at its line).
  const [problem] = matchPhraseProblems(topics);
  if (problem !== undefined) throw new Error(`Invalid topic taxonomy: ${problem.message}`);

  const words = new WordTable();
  const phrases: Phrase[] = [];
  // The phrase trie over word ids, keyed "node word" while building; node 0 is the root.
  const buildEdges = new Map<string, number>();
  const phraseAtNode: number[] = [-1];

  topics.forEach((topic, topicIndex) => {
    for (const raw of topic.match ?? []) {
      const text = raw.trim();
      const phraseWords = text.toLowerCase().split(/[ -]/);
      const phraseIndex = phrases.push({ topic: topicIndex, text }) - 1;

      if (ACRONYM.test(text)) {
        // Matched case-sensitively by the scan itself; kept out of the case-insensitive trie.
        for (const form of acronymForms(text)) words.acronymPhrase[words.id(form)] = phraseIndex;
        continue;
      }

      // Every combination of word forms is one path through the phrase trie.
      let nodes = [0];
      for (const word of phraseWords) {
        const forms = wordForms(word);
        const extended: number[] = [];
        for (const node of nodes) {
          for (const form of forms) {
            const key = `${node} ${words.id(form)}`;
            let child = buildEdges.get(key);
            if (child === undefined) {
              child = phraseAtNode.push(-1) - 1;
              buildEdges.set(key, child);
            }
            extended.push(child);
          }
        }
        nodes = extended;
      }
      for (const node of nodes) phraseAtNode[node] = phraseIndex;
    }
  });

  const table = words.compile();
  const { mask, slots, hashes, lengths, offsets, symbols, acronyms } = table;
  const phraseAt = Int32Array.from(phraseAtNode);
  // Most words are looked up from the root, so the root's edges are a flat array; deeper edges,
  // reached only after a first word matched, share one map keyed node * wordCount + word.
  const wordCount = Math.max(words.forms.length, 1);
  const rootEdges = new Int32Array(wordCount).fill(-1);
  const deepEdges = new Map<number, number>();
  for (const [key, child] of buildEdges) {
    const [node, word] = key.split(' ').map(Number) as [number, number];
    if (node === 0) rootEdges[word] = child;
    else deepEdges.set(node * wordCount + word, child);
  }
  const { exact: exactCategories, archive: archiveCategories } = indexCategories(topics);
  const isFallback = topics.map((topic) => topic.fallback === true);

  // A corpus uses a few hundred categories over and over (`cs.LG`, `hep-ph`): splitting,
  // canonicalising and looking each up again (with two new arrays) for every paper showed in the
  // classifier's profile. Entries come from the input, so the cache is bounded (emptied when full).
  const categoryCache = new Map<string, readonly CategoryTopics[]>();
  const categoriesOf = (entry: string): readonly CategoryTopics[] => {
    let cached = categoryCache.get(entry);
    if (cached === undefined) {
      cached = entry
        .split(/\s+/)
        .filter((category) => category !== '')
        .map((category) => {
          const key = (canonicalArxivCategory(category) ?? category).toLowerCase();
          const dot = key.indexOf('.');
          const archive = dot < 0 ? key : key.slice(0, dot);
          return {
            category,
            topics: [...(exactCategories.get(key) ?? []), ...(archiveCategories.get(archive) ?? [])],
          };
        });
      if (categoryCache.size >= CATEGORY_CACHE_LIMIT) categoryCache.clear();
      categoryCache.set(entry, cached);
    }
    return cached;
  };
  const catchAll = topics.find((topic) => topic.catchAll === true)?.id;

  // Scratch state reused by every call (classification is synchronous, so it is never shared).
  let bytes = new Uint8Array(4096);
  const encoder = new TextEncoder();
  let tokenWord = new Int32Array(256);
  let tokenAcronym = new Int32Array(256);
  let tokenJoined = new Uint8Array(256);
  const titleCount = new Int32Array(phrases.length);
  const abstractCount = new Int32Array(phrases.length);
  const touchedPhrases: number[] = [];
  const scores = new Float64Array(topics.length);
  const categoryHit = new Uint8Array(topics.length);
  const touchedTopics: number[] = [];
  const touched = new Uint8Array(topics.length);
  // Each touched topic's matches (only when the evidence is listed).
  const matches: (string[] | undefined)[] = new Array<string[] | undefined>(topics.length).fill(undefined);

  const touchTopic = (topic: number): void => {
    if (touched[topic] === 1) return;
    touched[topic] = 1;
    touchedTopics.push(topic);
    if (withEvidence) matches[topic] = [];
  };

  /**
   * Splits prose into the words the taxonomy knows (the others, math and punctuation only break
   * phrases). Works on UTF-8 bytes: indexing a typed array is several times faster than charCodeAt.
   */
  const tokenize = (input: string): number => {
    const count = scan(proseOnly(input), false);
    // Folded before the math is blanked, so that a fullwidth `＄` delimits math as `$` does.
    return count >= 0 ? count : scan(proseOnly(foldCompatibility(input)), true);
  };

  /**
   * The tokens of prose, or -1 at the first `FOLD` character unless the text is already `folded`
   * (then one left, such as an unassigned mathematical letter, is a break).
   */
  const scan = (text: string, folded: boolean): number => {
    if (bytes.length < text.length * 3) bytes = new Uint8Array(text.length * 3);
    // A word takes at least two bytes with its separator, so this many tokens always fit.
    if (tokenWord.length < text.length / 2 + 2) {
      tokenWord = new Int32Array(text.length);
      tokenAcronym = new Int32Array(text.length);
      tokenJoined = new Uint8Array(text.length);
    }
    // Locals, not closure slots, in the hot loop.
    const buffer = bytes;
    const outWord = tokenWord;
    const outAcronym = tokenAcronym;
    const outJoined = tokenJoined;
    const length = encoder.encodeInto(text, buffer).written;
    let count = 0;
    let joinable = false;
    let hyphens = 0;
    let i = 0;
    while (i < length) {
      const lead = buffer[i] ?? 0;
      const step = lead < ASCII_LIMIT ? 1 : sequenceLength(lead);
      const kind = lead < ASCII_LIMIT ? (ASCII_CLASS[lead] ?? BREAK) : unicodeClass(codePointAt(buffer, i, step));
      if (kind === FOLD && !folded) return -1;
      if (kind < 0 && kind !== OTHER_LETTER) {
        // Whitespace keeps a phrase going, and so does one hyphen or dash; anything else ends it.
        if (kind === HYPHEN) {
          hyphens += 1;
          if (hyphens > 1) joinable = false;
        } else if (kind === BREAK) {
          joinable = false;
        }
        i += step;
        continue;
      }
      const start = i;
      let hash = HASH_SEED;
      let ascii = true;
      while (i < length) {
        const byte = buffer[i] ?? 0;
        if (byte < ASCII_LIMIT) {
          const sym = ASCII_CLASS[byte] ?? BREAK;
          if (sym < 0) break;
          hash = hashStep(hash, sym);
          i += 1;
        } else {
          const width = sequenceLength(byte);
          const letter = unicodeClass(codePointAt(buffer, i, width));
          if (letter === FOLD && !folded) return -1;
          if (letter !== OTHER_LETTER) break;
          ascii = false;
          i += width;
        }
      }
      // The word's id: probe the table from the hash's slot; verify symbols only on a hash hit.
      let word = -1;
      if (ascii) {
        const size = i - start;
        for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
          const id = slots[slot] ?? -1;
          if (id < 0) break;
          if (hashes[id] === hash && lengths[id] === size) {
            const offset = offsets[id] ?? 0;
            let k = 0;
            while (k < size && ASCII_CLASS[buffer[start + k] ?? 0] === symbols[offset + k]) k += 1;
            if (k === size) {
              word = id;
              break;
            }
          }
        }
      }
      if (word >= 0 && !isMath(buffer, start, i, length)) {
        let acronym = acronyms[word] ?? -1;
        if (acronym >= 0 && !isAcronym(buffer, start, i, i - start > (phrases[acronym] as Phrase).text.length)) {
          acronym = -1;
        }
        outWord[count] = word;
        outAcronym[count] = acronym;
        outJoined[count] = joinable ? 1 : 0;
        count += 1;
        joinable = true;
      } else {
        joinable = false;
      }
      hyphens = 0;
    }
    return count;
  };

  /** Leftmost-longest phrase matches over the tokens; each counted into `counts`. */
  const countPhrases = (input: string, counts: Int32Array): void => {
    const count = tokenize(input);
    let t = 0;
    while (t < count) {
      let best = tokenAcronym[t] ?? -1;
      let bestEnd = t;
      let node = rootEdges[tokenWord[t] ?? 0] ?? -1;
      for (let j = t; node >= 0;) {
        const phrase = phraseAt[node] ?? -1;
        if (phrase >= 0) {
          best = phrase;
          bestEnd = j;
        }
        j += 1;
        if (j >= count || tokenJoined[j] === 0) break;
        node = deepEdges.get(node * wordCount + (tokenWord[j] ?? 0)) ?? -1;
      }
      if (best >= 0) {
        if ((titleCount[best] ?? 0) === 0 && (abstractCount[best] ?? 0) === 0) touchedPhrases.push(best);
        counts[best] = (counts[best] ?? 0) + 1;
      }
      t = bestEnd + 1;
    }
  };

  /** The paper's topics, and with `withEvidence` what pointed to each (the scratch state is left clean). */
  const classify = (paper: PaperToClassify): Classification | TopicChoice => {
    // Checked before anything is counted: a throw halfway would leave the scratch state dirty.
    assertClassifiable(paper);
    touchedPhrases.length = 0;
    touchedTopics.length = 0;
    countPhrases(paper.title, titleCount);
    countPhrases(paper.abstract, abstractCount);

    for (const phrase of touchedPhrases) {
      const { topic, text } = phrases[phrase] as Phrase;
      touchTopic(topic);
      scores[topic] =
        (scores[topic] ?? 0) +
        TITLE_WEIGHT * Math.sqrt(titleCount[phrase] ?? 0) +
        ABSTRACT_WEIGHT * Math.sqrt(abstractCount[phrase] ?? 0);
      matches[topic]?.push(text);
      titleCount[phrase] = 0;
      abstractCount[phrase] = 0;
    }

    let primary = true;
    for (const entry of paper.categories ?? []) {
      for (const { category, topics: categoryTopics } of categoriesOf(entry)) {
        const bonus = primary ? PRIMARY_CATEGORY_BONUS : 0;
        primary = false;
        for (const topic of categoryTopics) {
          touchTopic(topic);
          if (categoryHit[topic] === 0) {
            categoryHit[topic] = 1;
            scores[topic] = (scores[topic] ?? 0) + CATEGORY_WEIGHT + bonus;
          }
          const list = matches[topic];
          if (list !== undefined && !list.includes(category)) list.push(category);
        }
      }
    }

    const ranked = touchedTopics
      .map((topic) => ({ topic, score: settled(scores[topic] ?? 0) }))
      .sort((a, b) => b.score - a.score || a.topic - b.topic);
    const evidence = withEvidence
      ? ranked.map(({ topic, score }) => ({
          id: ids[topic] as string,
          score: Math.round(score * 100) / 100,
          matches: matches[topic] ?? [],
        }))
      : undefined;
    for (const topic of touchedTopics) {
      scores[topic] = 0;
      categoryHit[topic] = 0;
      touched[topic] = 0;
      matches[topic] = undefined;
    }

    // Fallback topics compete only among themselves, and only when no other topic has evidence
    // beyond one passing mention in the abstract (the dropout paper that says its method also helps
    // "speech recognition" is not about speech) that the fallback's own evidence outweighs.
    const specific = ranked.filter(({ topic }) => isFallback[topic] !== true);
    const best = specific[0]?.score ?? 0;
    const general = ranked.find(({ topic }) => isFallback[topic] === true)?.score ?? 0;
    const pool = specific.length > 0 && (best > ABSTRACT_WEIGHT || general <= best) ? specific : ranked;
    const top = pool[0]?.score ?? 0;
    const chosen: string[] = [];
    for (const { topic, score } of pool) {
      if (chosen.length === MAX_TOPICS) break;
      if (chosen.length > 0 && (score < SECONDARY_RATIO * top || score < SECONDARY_MIN)) break;
      chosen.push(ids[topic] as string);
    }
    const choice =
      chosen.length === 0
        ? { topics: catchAll === undefined ? [] : [catchAll], noEvidence: true }
        : { topics: chosen, noEvidence: false };
    return evidence === undefined ? choice : { ...choice, evidence };
  };
  return classify;
}
