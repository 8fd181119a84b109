import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import { bareDoi, canonicalArxivId } from './identifiers.ts';

/** Format characters and default-ignorable code points: nothing a reader sees (soft hyphen, ZWJ, tags, fillers...). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]+/gu;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /\P{ASCII}/u;

/** Decomposed, without accents, in lower case: how a title reads once case and accents are ignored. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(INVISIBLE, '').replace(MARKS, '').toLowerCase();
}

/**
 * The prototype each lookalike letter stands for, from Unicode's confusables (UTS #39,
 * confusables.txt 13.0, as the `unhomoglyph` package ships it: MIT, 6,311 mappings), keyed and
 * valued as `fold` leaves them, so Cyrillic о, Greek ο and Latin o all read "o".
 *
 * - Titles compare ignoring case, and the table does not: Cyrillic М is listed as M but м as ʍ,
 *   Cherokee Ꮮ as L but ꮮ as ʟ. Both forms fold to one key, which takes the prototype that is
 *   plain ASCII when one of them is, so a lookalike of a Latin title folds to that title in
 *   either case.
 * - Only non-ASCII characters are mapped: UTS #39 also folds ASCII into ASCII (`m` into `rn`,
 *   `1` into `l`, `0` into `O`), which would make "Top 10" and "Top lO" one title and blind the
 *   near-duplicate check's rule that titles differing in a number are different papers; those
 *   differences show in any font, and the near-duplicate check catches them in long titles.
 * - The package's own function rewrites every string with one regular expression of 6,311
 *   alternatives (2 µs a title of ASCII, 14 µs with Cyrillic here); this map is looked up only
 *   for the non-ASCII characters of a title, which is most often none.
 */
const PROTOTYPES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [source, target] of Object.entries(confusables as Record<string, string>)) {
    const key = fold(source);
    // Characters NFKD already folds (fullwidth and mathematical letters, ligatures) need no entry.
    if ([...key].length !== 1 || !NON_ASCII.test(key)) continue;
    const prototype = fold(target);
    if (prototype === key) continue;
    const known = map.get(key);
    if (known === undefined || (NON_ASCII.test(known) && !NON_ASCII.test(prototype))) map.set(key, prototype);
  }
  // A prototype may itself be a key once folded (Cyrillic л reads as Ʌ, whose lower case is ʌ): follow it.
  for (const [key, prototype] of map) {
    let value = prototype;
    for (let step = 0; step < 3 && NON_ASCII.test(value); step += 1) {
      const next = [...value].map((char) => map.get(char) ?? char).join('');
      if (next === value) break;
      value = next;
    }
    map.set(key, value);
  }
  return map;
})();

function foldLookalikes(text: string): string {
  let folded = '';
  for (const char of text) folded += PROTOTYPES.get(char) ?? char;
  return folded.replace(MARKS, '').toLowerCase();
}

/**
 * A title reduced to what identifies the paper, its skeleton in the sense of Unicode TS #39:
 * compatibility forms decomposed (NFKD), invisible characters removed, accents and case folded,
 * lookalike letters of other scripts replaced by the letters they imitate, math delimiters and
 * TeX command backslashes dropped, punctuation ignored. Two inputs with the same normalized title
 * are the same paper, however many soft hyphens or Cyrillic letters one of them hides. It runs
 * once per record of a 100,000-record dump: plain ASCII titles skip the lookalike map.
 */
export function normalizeTitle(title: string): string {
  let text = fold(title).replace(/\\([a-zA-Z]+)/g, ' $1 ');
  if (NON_ASCII.test(text)) text = foldLookalikes(text);
  return text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * The canonical arXiv id of `value` (`arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234`,
 * `hep-th/9901001`, `arXiv:2401.01234 [cs.LG]` as papers cite it), without version; `undefined` when
 * `value` is not one of these forms.
 */
export function normalizeArxivId(value: string): string | undefined {
  return canonicalArxivId(value);
}

/** The DOI `value` (`doi:10.1/x`, `https://doi.org/10.1/x`), lower-cased as DOIs compare; `undefined` when it is none. */
export function normalizeDoi(value: string): string | undefined {
  return bareDoi(value)?.toLowerCase();
}

/**
 * The arXiv id a DOI names: arXiv registers a DOI for every paper, 10.48550/arXiv.ID, which is that
 * paper however the id is written; `undefined` for any other DOI.
 */
export function arxivIdOfDoi(doi: string): string | undefined {
  const id = /^10\.48550\/arxiv\.(.+)$/i.exec(doi)?.[1];
  return id === undefined ? undefined : normalizeArxivId(id);
}

/** What a paper is known by: any shared key means two records are the same paper. */
export interface PaperIdentity {
  title: string;
  arxiv?: string | undefined;
  doi?: string | undefined;
}

/** The keys two records are compared on, each prefixed with its kind so they never collide. */
export function identityKeys(paper: PaperIdentity): string[] {
  const keys: string[] = [];
  // A title with no letters or digits identifies nothing; it must not make such papers "equal".
  const title = normalizeTitle(paper.title);
  if (title !== '') keys.push(`title:${title}`);
  const arxiv = paper.arxiv === undefined ? undefined : normalizeArxivId(paper.arxiv);
  if (arxiv !== undefined) keys.push(`arxiv:${arxiv}`);
  const doi = paper.doi === undefined ? undefined : normalizeDoi(paper.doi);
  if (doi !== undefined) keys.push(`doi:${doi}`);
  // arXiv's DOI of a paper is its arXiv id too: the paper is in the archive once, by either.
  const derived = arxivKeyOfDoi(paper);
  if (derived !== undefined) keys.push(derived);
  return keys;
}

/**
 * The key `identityKeys` gives a paper for the arXiv id its DOI names (arXiv's DOI, 10.48550/arXiv.ID),
 * when its own arXiv id is not that one already: a key that only says the same as its DOI key, so a
 * message about a shared DOI is better put in the DOI's words.
 */
export function arxivKeyOfDoi(paper: Pick<PaperIdentity, 'arxiv' | 'doi'>): string | undefined {
  const doi = paper.doi === undefined ? undefined : normalizeDoi(paper.doi);
  const id = doi === undefined ? undefined : arxivIdOfDoi(doi);
  const own = paper.arxiv === undefined ? undefined : normalizeArxivId(paper.arxiv);
  return id === undefined || id === own ? undefined : `arxiv:${id}`;
}

/** A paper's ids as `provenDistinct` compares them: normalized (an id no grammar reads stays as written). */
export interface PaperIds {
  arxiv: string | undefined;
  doi: string | undefined;
}

export function paperIds(paper: Pick<PaperIdentity, 'arxiv' | 'doi'>): PaperIds {
  return {
    arxiv: paper.arxiv === undefined ? undefined : (normalizeArxivId(paper.arxiv) ?? paper.arxiv),
    doi: paper.doi === undefined ? undefined : (normalizeDoi(paper.doi) ?? paper.doi),
  };
}

function idsDiffer(a: PaperIds, b: PaperIds): boolean {
  return (
    (a.arxiv !== undefined && b.arxiv !== undefined && a.arxiv !== b.arxiv) ||
    (a.doi !== undefined && b.doi !== undefined && a.doi !== b.doi)
  );
}

/**
 * Whether two papers are certainly different: their arXiv ids differ, or their DOIs do. Then they
 * are different papers whatever their titles (a series, a common title); every way in keeps them
 * apart (src/lib/ingest/identity-groups.ts, the check's duplicate rules, `npm run new`).
 */
export function provenDistinct(a: PaperIdentity | undefined, b: PaperIdentity | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return idsDiffer(paperIds(a), paperIds(b));
}
