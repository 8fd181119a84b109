/**
 * What an input parser hands to the ingest: one paper as it appeared in the input, before any
 * repair, classification or merging. Text is as found, except that whitespace is tidied.
 */

/** A day named on a scraped page (`Mar 14`); the year is often left out. */
export interface PageDate {
  month: number;
  day: number;
  year?: number | undefined;
}

export interface RawPaper {
  /** The title as in the input, on one line. */
  title: string;
  /** The abstract as in the input; paragraphs joined by one blank line. */
  abstract: string;
  /** The input file, as named to the user in messages. */
  file: string;
  /** 1-based line of the input the paper starts on. */
  line: number;
  authors?: string[] | undefined;
  /** arXiv id without version. */
  arxiv?: string | undefined;
  /** DOI without resolver prefix, case as given. */
  doi?: string | undefined;
  /** The paper's own date (first version), `YYYY-MM-DD`. */
  published?: string | undefined;
  /** arXiv categories (`cs.LG`), the primary one first; evidence for the topic classifier. */
  categories?: string[] | undefined;
  /** Where the paper was published (arXiv's `journal_ref`, a BibTeX `journal`). */
  journal?: string | undefined;
  /** arXiv's comments ("12 pages, 3 figures"), on one line. */
  comments?: string | undefined;
  /** The license URL the source gives. */
  license?: string | undefined;
  /** The date of the latest version, `YYYY-MM-DD`, when there is more than one. */
  updated?: string | undefined;
  /** http(s) URLs the input gives beside the abstract (an arXiv comment's code link, a BibTeX `url`). */
  links?: string[] | undefined;
  /** The date heading the paper sat under on a scraped page. */
  pageDate?: PageDate | undefined;
}

/** Something wrong in an input, tied to a place in it and saying what to do. */
export interface InputProblem {
  file: string;
  line: number;
  column?: number | undefined;
  message: string;
  /** The paper concerned, when there is one. */
  title?: string | undefined;
}

/** `file:line[:column]: message`, the form editors and terminals turn into links. */
export function formatProblem(problem: InputProblem): string {
  const column = problem.column === undefined ? '' : `:${problem.column}`;
  return `${problem.file}:${problem.line}${column}: ${problem.message}`;
}

/** An input that cannot be read at all (empty, binary, wrong encoding, unknown format). */
export class InputFileError extends Error {
  readonly problem: InputProblem;
  constructor(problem: InputProblem, options?: ErrorOptions) {
    super(formatProblem(problem), options);
    this.name = 'InputFileError';
    this.problem = problem;
  }
}

/** What a parser found in one input: the papers it could read and the places it could not. */
export interface ParsedInput {
  papers: RawPaper[];
  /** Papers that could not be read; each is reported as skipped. */
  problems: InputProblem[];
  /** Things that were read but look doubtful; reported, not fatal. */
  warnings: InputProblem[];
}
