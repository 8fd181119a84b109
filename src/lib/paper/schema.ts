/**
 * The one schema of the archive: a paper's front matter and an entry of `content/topics.yaml`, a
 * doc comment per field and every limit defined once here. The site (through src/content.config.ts),
 * the ingest, `npm run new`, enrich and the check all validate with it, so they accept the same
 * papers. Pure: zod and the rule modules only, no Astro loader and no file system.
 */
import { z } from 'astro/zod';
import { findHiddenCharacters, hiddenCharacterProblems } from '../check/hidden-characters.ts';
import { TOPICS_FILE } from './content-paths.ts';
import { urlProblem } from './http-url.ts';
import { ARXIV_CATEGORY, arxivIdProblem, doiProblem } from './identifiers.ts';
import { titleToText } from '../text/tex-to-text.ts';

/** The longest title, in UTF-16 code units; the check does not parse a longer one. */
export const MAX_TITLE_CHARS = 500;
/** The longest journal reference (arXiv's `journal_ref`); the OAI reader cuts at a word within it. */
export const MAX_JOURNAL_CHARS = 300;
/** The longest `comments` (arXiv's comments line); the readers cut longer ones. */
export const MAX_COMMENTS_CHARS = 1000;
/** A paper lists at most this many topics (the classifier picks at most three). */
export const MAX_PAPER_TOPICS = 5;

/** A topic id: lowercase ASCII words joined by hyphens, used in URLs (`/topics/<id>/`). */
export const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Refuses control, bidirectional and invisible characters in a value however they were written
 * (raw, or as YAML escapes such as "\u202E"): the rules of src/lib/check/hidden-characters.ts,
 * so the build refuses what the check refuses. The issue carries the check's rule id.
 */
function visible(value: string, ctx: z.RefinementCtx<string>): void {
  for (const problem of hiddenCharacterProblems(findHiddenCharacters(value))) {
    ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
  }
}
/** Text a reader sees: no hidden characters. */
const text = () => z.string().superRefine(visible);

/** arXiv categories (`cs.LG`), as a paper and a topic list them. */
const arxivCategories = () =>
  z.array(z.string().regex(ARXIV_CATEGORY, 'must be an arXiv category such as cs.LG')).optional();

/**
 * One entry of `content/topics.yaml`. The taxonomy can come in a pull request like a paper, and
 * every page shows its names: its text obeys a paper's hidden-character rules.
 */
export const topicSchema = z
  .strictObject({
    /** Permanent id, used in URLs and in papers' `topics`. */
    id: z
      .string()
      .regex(
        TOPIC_ID,
        'a topic id is lowercase words joined by hyphens, as it is the URL /topics/<id>/: e.g. federated-learning',
      ),
    /** Human-readable name shown on the site. */
    name: text().min(1),
    /** One line saying what belongs here. */
    description: text().min(1),
    /**
     * Phrases whose presence in a title or abstract is evidence for this topic: case-insensitive, except
     * one-word phrases in capitals (acronyms), which match in capitals only. See docs/topics.md.
     */
    match: z.array(text().min(2)).min(1).optional(),
    /** arXiv categories (e.g. `cs.LG`) whose presence in a paper's metadata is evidence for this topic. */
    categories: arxivCategories(),
    /** A broad topic, chosen only when no other topic has any evidence (machine learning in general). */
    fallback: z.boolean().optional(),
    /** The topic a paper with no evidence at all goes to, so that none is lost (at most one topic). */
    catchAll: z.boolean().optional(),
  })
  .refine((topic) => topic.catchAll === true || (topic.match?.length ?? 0) > 0, {
    message: 'a topic needs match phrases (only the catch-all topic may have none)',
    path: ['match'],
  });
export type Topic = z.infer<typeof topicSchema>;

/** A string that `problem` finds nothing wrong with (the problem is the issue's message), and no hidden characters. */
function ruled(problem: (value: string) => string | undefined, notString?: string) {
  return z
    .string(notString === undefined ? undefined : { error: notString })
    .superRefine(visible)
    .superRefine((value, ctx) => {
      const message = problem(value);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message });
    });
}
/** An outside link, by the one URL rule of src/lib/paper/http-url.ts (http(s), no user name, an ASCII host). */
const httpUrl = ruled((url) => urlProblem(url, 'the link')?.message);
const day = z.coerce.date({ error: 'must be a date (YYYY-MM-DD)' });

/** Whether `value` is one line: the rule of every value the site shows on one line (a title, a journal reference, the comments, a name). */
function isOneLine(value: string): boolean {
  return !/[\r\n]/.test(value);
}

/**
 * Whether a title reads as something once its math is written as text, as the site writes it for the
 * page's `<title>`, meta tags, feeds and citations (`titleToText`): a title of blank math (`$\quad$`)
 * renders as white space everywhere. Only math can read as nothing (the schema trims the prose), and
 * a title over the length cap is left to that rule, unread.
 */
function hasReadableText(title: string): boolean {
  return !title.includes('$') || title.length > MAX_TITLE_CHARS || titleToText(title, 'symbols') !== '';
}

/** A paper's front matter, validated against the topic ids of the taxonomy in use. */
export function paperSchemaFor(topicIds: readonly string[]) {
  const known = new Set(topicIds);
  return z.strictObject({
    /** The title as published; may hold `$...$` math. One line. */
    title: text()
      .trim()
      .min(1)
      .max(MAX_TITLE_CHARS)
      .refine(isOneLine, 'a title is one line')
      .refine(
        hasReadableText,
        'the title has no readable text (it is only math that renders as blank space): write the title as published, in words',
      ),
    /**
     * Author names in order, as printed on the paper. One line, no tabs (a tab in a name is a pasted
     * table cell): a name is one line of words wherever it is shown or cited. Any other space, a
     * no-break or ideographic one, is the name's own text and is kept.
     */
    authors: z
      .array(
        text()
          .trim()
          .min(1)
          .refine(
            (name) => isOneLine(name) && !name.includes('\t'),
            'an author name is one line without tabs: write it on one line, its words separated by spaces, one author per "- " item',
          ),
      )
      .optional(),
    /** arXiv identifier without version (src/lib/paper/identifiers.ts); quote it in YAML (`arxiv: "2401.01234"`). */
    arxiv: ruled(arxivIdProblem, 'must be a quoted string, e.g. arxiv: "2401.01234"').optional(),
    /** DOI without resolver prefix, by the strict grammar of src/lib/paper/identifiers.ts. */
    doi: ruled(doiProblem).optional(),
    /** arXiv categories (`cs.LG`), the primary category first. */
    categories: arxivCategories(),
    /** Where the paper was published, as the source wrote it (arXiv's journal_ref). One line. */
    journal: text()
      .trim()
      .min(1)
      .max(MAX_JOURNAL_CHARS)
      .refine(isOneLine, 'a journal reference is one line')
      .optional(),
    /** arXiv's comments on the paper ("37 pages, 15 figures; published version"). One line. */
    comments: text().trim().min(1).max(MAX_COMMENTS_CHARS).refine(isOneLine, 'the comments are one line').optional(),
    /** The license the paper is distributed under, as a URL (arXiv's `license`). */
    license: httpUrl.optional(),
    /** The paper's own date (first version), when known. */
    published: day.optional(),
    /** The date of the paper's latest version, when it has more than one. */
    updated: day.optional(),
    /** The day the paper entered this archive; taken from the input, never from the clock. */
    added: day,
    /** One to five topic ids from `content/topics.yaml`. */
    topics: z
      .array(z.string())
      .min(1, 'a paper needs at least one topic')
      .max(MAX_PAPER_TOPICS, 'at most five topics')
      .superRefine((ids, ctx) => {
        for (const id of ids) {
          if (!known.has(id)) {
            ctx.addIssue({ code: 'custom', message: `unknown topic "${id}": use an id from ${TOPICS_FILE}` });
          }
        }
        if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'a topic is listed twice' });
      }),
    /** Source-code repositories (http(s) only). */
    code: z.array(httpUrl).optional(),
    /** Project pages, demos, data sets (http(s) only). */
    links: z.array(httpUrl).optional(),
    /** Which raw input this paper came from (an inbox file name, "pull request", ...); not blank. */
    source: text().trim().min(1),
    /** The abstract exactly as scraped; present only when the repair changed it. */
    original: text().optional(),
  });
}
export type PaperData = z.infer<ReturnType<typeof paperSchemaFor>>;
