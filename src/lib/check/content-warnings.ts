import type { Problem } from './rules.ts';
import { singleSpaced } from '../text/whitespace.ts';
import { dayToDate, formatDay, parseDay } from '../paper/calendar-day.ts';

/** Abstracts shorter than this (in characters) are probably cut off or only a teaser. */
export const MIN_ABSTRACT_CHARS = 200;
/**
 * Characters that count twice towards MIN_ABSTRACT_CHARS: a Chinese or Japanese character is a
 * word or most of one, a Korean block a syllable, so a full abstract in them is half as many
 * characters as in English (a 150-character Japanese abstract was told it was "only a summary").
 */
const WIDE_CHARACTERS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/** A title needs at least this many letters before "all capitals" means shouting rather than an acronym. */
const MIN_CAPS_LETTERS = 8;

export interface WarningInput {
  data: Record<string, unknown>;
  body: string;
  /** Offsets, in the caller's coordinates, of the title value, the body and the closing fence. */
  titleOffset: number;
  bodyOffset: number;
  closeOffset: number;
  /** Offsets, in the caller's coordinates, of the values of the date fields the file has. */
  dateOffsets: Partial<Record<'published' | 'updated' | 'added', number>>;
  /** The day the check runs, YYYY-MM-DD (UTC). */
  today: string;
}

const FUTURE_DATE_ADVICE = {
  published: 'a paper’s own date is the day it appeared',
  updated: 'the last version’s date is the day it appeared',
  added: 'the day a paper enters the archive is today or before',
} as const;

/**
 * Signs of a paper that is valid but probably not what the contributor meant: they are printed
 * for a reviewer to judge and never fail the check.
 */
export function contentWarnings({
  data,
  body,
  titleOffset,
  bodyOffset,
  closeOffset,
  dateOffsets,
  today,
}: WarningInput): Problem[] {
  const problems: Problem[] = [];
  // A date after tomorrow is a slip (2052 for 2025): the paper would head the newest papers and the
  // feeds for years. Tomorrow is allowed: it is already today where the clock is ahead of UTC.
  const tomorrow = formatDay(new Date(dayToDate(today).getTime() + 86_400_000));
  for (const key of ['published', 'updated', 'added'] as const) {
    const value = data[key];
    const day = value instanceof Date ? formatDay(value) : typeof value === 'string' ? parseDay(value) : undefined;
    if (day === undefined || day <= tomorrow) continue;
    problems.push({
      rule: 'future-date',
      offset: dateOffsets[key] ?? closeOffset,
      message: `${key}: ${day} is in the future (today is ${today}): ${FUTURE_DATE_ADVICE[key]}; fix the year, month or day`,
    });
  }
  const code = data['code'];
  if (!Array.isArray(code) || code.length === 0) {
    problems.push({
      rule: 'no-code-link',
      offset: closeOffset,
      message: 'no code link: if the paper has public code, add code: [https://github.com/owner/repo]',
    });
  }
  const abstract = singleSpaced(body);
  const length = abstract.length;
  if (length + (abstract.match(WIDE_CHARACTERS)?.length ?? 0) < MIN_ABSTRACT_CHARS) {
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
    // Cased letters only: the letters of Hebrew, Arabic, Chinese or Hindi have no capitals, so a
    // title in them with a Latin acronym is not "in capitals".
    const letters = title.replace(/\$[^$]*\$/g, '').replace(/[^\p{Cased}]/gu, '');
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
