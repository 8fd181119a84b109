import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollection } from 'astro/content/config';
import { file } from 'astro/loaders';
import { z } from 'astro/zod';
import yaml from 'js-yaml';
import { findHiddenCharacters, hiddenCharacterProblems } from './lib/check/hidden-characters.ts';
import { CONTENT_DIR, MACROS_FILE } from './lib/paper/content-paths.ts';
import { urlProblem } from './lib/paper/http-url.ts';
import { arxivIdProblem, doiProblem } from './lib/paper/identifiers.ts';
import { paperLoader } from './lib/build/paper-loader.ts';

export { ARXIV_ID, DOI } from './lib/paper/identifiers.ts';
export { CONTENT_DIR, MACROS_FILE } from './lib/paper/content-paths.ts';
export const PAPERS_DIR = join(CONTENT_DIR, 'papers');
export const TOPICS_FILE = join(CONTENT_DIR, 'topics.yaml');

/** A topic id: lowercase ASCII words joined by hyphens, used in URLs (`/topics/<id>/`). */
export const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One entry of `content/topics.yaml`. */
export const topicSchema = z
  .strictObject({
    /** Permanent id, used in URLs and in papers' `topics`. */
    id: z.string().regex(TOPIC_ID, 'a topic id is lowercase words joined by hyphens'),
    /** Human-readable name shown on the site. */
    name: z.string().min(1),
    /** One line saying what belongs here. */
    description: z.string().min(1),
    /**
     * Phrases whose presence in a title or abstract is evidence for this topic: case-insensitive, except
     * one-word phrases in capitals (acronyms), which match in capitals only. See docs/topics.md.
     */
    match: z.array(z.string().min(2)).min(1).optional(),
    /** arXiv categories (e.g. `cs.LG`) whose presence in a paper's metadata is evidence for this topic. */
    categories: z.array(z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/)).optional(),
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

/** A paper's front matter, validated against the topic ids of the taxonomy in use. */
export function paperSchemaFor(topicIds: readonly string[]) {
  const known = new Set(topicIds);
  return z.strictObject({
    /** The title as published; may hold `$...$` math. One line. */
    title: text()
      .trim()
      .min(1)
      .max(500)
      .refine((title) => !/[\r\n]/.test(title), 'a title is one line'),
    /** Author names in order, as printed on the paper. */
    authors: z.array(text().trim().min(1)).optional(),
    /** arXiv identifier without version (src/lib/paper/identifiers.ts); quote it in YAML (`arxiv: "2401.01234"`). */
    arxiv: ruled(arxivIdProblem, 'must be a quoted string, e.g. arxiv: "2401.01234"').optional(),
    /** DOI without resolver prefix, by the strict grammar of src/lib/paper/identifiers.ts. */
    doi: ruled(doiProblem).optional(),
    /** arXiv categories (`cs.LG`), the primary category first. */
    categories: z
      .array(z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/, 'must be an arXiv category such as cs.LG'))
      .optional(),
    /** Where the paper was published, as the source wrote it (arXiv's journal_ref). One line. */
    journal: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine((journal) => !/[\r\n]/.test(journal), 'a journal reference is one line')
      .optional(),
    /** arXiv's comments on the paper ("37 pages, 15 figures; published version"). One line. */
    comments: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .refine((comments) => !/[\r\n]/.test(comments), 'the comments are one line')
      .optional(),
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
      .max(5, 'at most five topics')
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
    /** Which raw input this paper came from (an inbox file name, "pull request", ...). */
    source: text().min(1),
    /** The abstract exactly as scraped; present only when the repair changed it. */
    original: text().optional(),
  });
}
export type PaperData = z.infer<ReturnType<typeof paperSchemaFor>>;

/** Reads the topic taxonomy; throws naming the file when it is unreadable or invalid. */
export function loadTopics(path: string = TOPICS_FILE): Topic[] {
  let parsed: unknown;
  try {
    parsed = yaml.load(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(`Failed to read the topic taxonomy ${path}`, { cause });
  }
  const result = z.array(topicSchema).safeParse(parsed);
  if (!result.success) {
    throw new Error(`Invalid topic taxonomy ${path}: ${z.prettifyError(result.error)}`);
  }
  const seen = new Set<string>();
  for (const topic of result.data) {
    if (seen.has(topic.id)) throw new Error(`Invalid topic taxonomy ${path}: topic id "${topic.id}" appears twice`);
    seen.add(topic.id);
  }
  const catchAll = result.data.filter((topic) => topic.catchAll === true);
  if (catchAll.length > 1) {
    throw new Error(
      `Invalid topic taxonomy ${path}: only one topic may be the catch-all (${catchAll.map((t) => t.id).join(', ')})`,
    );
  }
  return result.data;
}

let paperSchema: ReturnType<typeof paperSchemaFor> | undefined;

export const collections = {
  // Papers are untrusted pull-request input: `.md` only (MDX is code), one file per paper.
  papers: defineCollection({
    loader: paperLoader({ base: PAPERS_DIR, dependsOn: [TOPICS_FILE, MACROS_FILE] }),
    // Astro calls a schema function once per entry: build it (and read the taxonomy) only once.
    schema: () => (paperSchema ??= paperSchemaFor(loadTopics().map((topic) => topic.id))),
  }),
  topics: defineCollection({
    loader: file(TOPICS_FILE),
    schema: topicSchema,
  }),
};
