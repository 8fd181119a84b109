/** Links and dates derived from a paper's identifiers. */

/** The arXiv abstract page. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** arXiv's listing of a category's recent papers (`hep-ph`, `cs.LG`). */
export function arxivListUrl(category: string): string {
  return `https://arxiv.org/list/${encodeURIComponent(category)}/recent`;
}

/** The arXiv PDF (latest version). */
export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

/** The DOI resolver link; each path segment is encoded, the slashes kept. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The year and month an arXiv id was assigned: `2401.01234` and `hep-th/9901001` both encode it
 * (YYMM). Used when the paper's own date is unknown; `undefined` for anything else.
 */
export function arxivYearMonth(id: string): { year: number; month: number } | undefined {
  const match = /^(?:[a-z-]+(?:\.[A-Z]{2})?\/)?(\d{2})(\d{2})(?:\.\d{4,5}|\d{3})$/.exec(id);
  if (!match) return undefined;
  const yy = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  // arXiv began in 1991: two-digit years from 91 on are the 1900s.
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}
