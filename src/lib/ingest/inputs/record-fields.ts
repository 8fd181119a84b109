/**
 * How every reader (scraped page, arXiv OAI, arXiv Atom, BibTeX) turns a record's optional fields
 * into what a paper file holds, so that one value gives one outcome whatever format it came in:
 *
 * - free text (a journal reference, arXiv's comments) is put on one line and, past the schema's
 *   limit, cut at a word with "…", never inside a character, and the cut is reported;
 * - a control character in it refuses the record, as in a title or an abstract;
 * - a DOI field must hold only valid DOIs (several may be listed; the first is the paper's), or
 *   the record is refused: a value the check refuses must not be dropped or merged on.
 *
 * A reader reports `warning` as a warning on the record and `problem` as why it is skipped.
 */
import { bareDoi, doiProblem } from '../../paper/identifiers.ts';
import { singleSpaced } from '../../text/whitespace.ts';
import { findControlCharacter } from './input-file.ts';

/** What a field became: its value, and what a reader must report about it. */
export interface FieldReading<T = string> {
  value?: T | undefined;
  /** Something of the value was not kept (it was cut): the record still goes in. */
  warning?: string | undefined;
  /** The value cannot be used: the record is skipped with this reason. */
  problem?: string | undefined;
}

/**
 * `text` cut to at most `max` UTF-16 code units (the schema's measure) with "…" at the end, at
 * the last space when there is one in the second half, and never between the two halves of a
 * character outside the Basic Multilingual Plane (an emoji).
 */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  // A space at max - 1 still leaves room for the "…" that replaces it.
  const space = text.lastIndexOf(' ', max - 1);
  if (space >= max / 2) return `${text.slice(0, space).trimEnd()}…`;
  let end = max - 1;
  // A high surrogate at the end would be half a character.
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * A free-text field (`what` names it in messages: "journal reference", "comments") on one line,
 * within `max` characters. Blank or missing is no value.
 */
export function oneLineField(text: string | undefined, what: string, max: number): FieldReading {
  if (text === undefined) return {};
  const line = singleSpaced(text);
  if (line === '') return {};
  const control = findControlCharacter(line);
  if (control !== undefined) {
    return {
      problem: `control character ${control.code} in the ${what} (at character ${control.index + 1}): remove it`,
    };
  }
  if (line.length <= max) return { value: line };
  const value = shortened(line, max);
  const plural = what.endsWith('s');
  return {
    value,
    warning: `the ${what} ${plural ? 'were' : 'was'} cut to ${value.length} characters (${plural ? 'they' : 'it'} had ${line.length}; a paper file holds at most ${max}): nothing else of the record changed`,
  };
}

/**
 * The DOI a field gives (some records list several, separated by spaces, or by commas or
 * semicolons and a space), without resolver prefix, case kept; or, when any of them is not a
 * DOI, why (ending "[doi]", the rule's name).
 */
export function doiField(value: unknown, field: string): FieldReading {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'string')
    return { problem: `${field} is ${typeof value}, not text: write the DOI as text [doi]` };
  let first: string | undefined;
  for (const candidate of value.trim().split(/[,;]?\s+/)) {
    if (candidate === '') continue;
    const doi = bareDoi(candidate);
    if (doi === undefined) {
      return { problem: `${field}: ${doiProblem(candidate) ?? 'not a DOI'}. Fix it or remove the DOI [doi]` };
    }
    first ??= doi;
  }
  return { value: first };
}

/** A withdrawal notice is a sentence or two; an abstract longer than this is an abstract. */
const MAX_WITHDRAWAL_NOTICE = 400;
/**
 * How arXiv and authors word a withdrawal when it replaces the abstract: "This paper has been
 * withdrawn by the author due to ...", "This submission has been withdrawn by arXiv
 * administrators ...", "The authors have withdrawn this paper ...", "Withdrawn."
 */
const WITHDRAWAL_NOTICE =
  /^(?:withdrawn\b|(?:this |the )?(?:paper|article|manuscript|submission|preprint|version|work)\s+(?:has been |was |is |is being )?withdrawn\b|(?:the )?authors? (?:have|has) withdrawn\b)/i;

/**
 * The abstract, on one line, when it is only a withdrawal notice (the record of a withdrawn arXiv
 * paper carries the notice in place of its abstract); `undefined` for a real abstract.
 */
export function withdrawalNotice(abstract: string): string | undefined {
  // Most abstracts are longer than any notice even with their white space doubled: not respaced.
  if (abstract.length > 2 * MAX_WITHDRAWAL_NOTICE) return undefined;
  const text = singleSpaced(abstract);
  return text.length <= MAX_WITHDRAWAL_NOTICE && WITHDRAWAL_NOTICE.test(text) ? text : undefined;
}
