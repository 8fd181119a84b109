import { bareDoi, canonicalArxivId } from './identifiers.ts';

/**
 * A title reduced to what identifies the paper: math delimiters and TeX command backslashes
 * dropped, accents folded, case and punctuation ignored. Two inputs with the same normalized
 * title are the same paper.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\\([a-zA-Z]+)/g, ' $1 ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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
  return keys;
}

/**
 * Whether two papers are certainly different: their arXiv ids differ, or their DOIs do. Then they
 * are different papers whatever their titles (a series, a common title); every way in keeps them
 * apart (src/lib/identity-groups.ts, the check's duplicate rules, `npm run new`).
 */
export function provenDistinct(a: PaperIdentity | undefined, b: PaperIdentity | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const differ = (x: string | undefined, y: string | undefined, normalize: (value: string) => string | undefined) =>
    x !== undefined && y !== undefined && (normalize(x) ?? x) !== (normalize(y) ?? y);
  return differ(a.arxiv, b.arxiv, normalizeArxivId) || differ(a.doi, b.doi, normalizeDoi);
}
