import type { Problem } from './rules.ts';
import { singleSpaced } from '../text/whitespace.ts';

/** Abstracts shorter than this (in characters) are probably cut off or only a teaser. */
export const MIN_ABSTRACT_CHARS = 200;
/** A title needs at least this many letters before "all capitals" means shouting rather than an acronym. */
const MIN_CAPS_LETTERS = 8;

export interface WarningInput {
  data: Record<string, unknown>;
  body: string;
  /** Offsets, in the caller's coordinates, of the title value, the body and the closing fence. */
  titleOffset: number;
  bodyOffset: number;
  closeOffset: number;
}

/**
 * Signs of a paper that is valid but probably not what the contributor meant: they are printed
 * for a reviewer to judge and never fail the check.
 */
export function contentWarnings({ data, body, titleOffset, bodyOffset, closeOffset }: WarningInput): Problem[] {
  const problems: Problem[] = [];
  const code = data['code'];
  if (!Array.isArray(code) || code.length === 0) {
    problems.push({
      rule: 'no-code-link',
      offset: closeOffset,
      message: 'no code link: if the paper has public code, add code: [https://github.com/owner/repo]',
    });
  }
  const length = singleSpaced(body).length;
  if (length < MIN_ABSTRACT_CHARS) {
    problems.push({
      rule: 'short-abstract',
      offset: length === 0 ? closeOffset : bodyOffset,
      message:
        length === 0
          ? 'the abstract is empty: paste the paper’s abstract below the closing "---"'
          : `the abstract is only ${length} characters: paste the full abstract, not a summary`,
    });
  }
  const title = data['title'];
  if (typeof title === 'string') {
    const letters = title.replace(/\$[^$]*\$/g, '').replace(/[^\p{L}]/gu, '');
    if (letters.length >= MIN_CAPS_LETTERS && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) {
      problems.push({
        rule: 'all-caps-title',
        offset: titleOffset,
        message: 'the title is in capitals: write it as published, in title or sentence case',
      });
    }
  }
  return problems;
}
