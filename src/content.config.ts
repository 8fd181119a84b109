import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollection } from 'astro/content/config';
import { file } from 'astro/loaders';
import { z } from 'astro/zod';
import yaml from 'js-yaml';
import { findHiddenCharacters, hiddenCharacterProblems } from './lib/check/hidden-characters.ts';
import { paperLoader } from './lib/paper-loader.ts';

/**
 * Where the archive's data lives. Tests and benchmarks point this at fixture archives; the site,
 * the ingest and the check all read it from here.
 */
export const CONTENT_DIR = process.env['ARCHIVE_CONTENT_DIR'] ?? 'content';
export const PAPERS_DIR = join(CONTENT_DIR, 'papers');
export const TOPICS_FILE = join(CONTENT_DIR, 'topics.yaml');

/** A topic id: lowercase ASCII words joined by hyphens, used in URLs (`/topics/<id>/`). */
export const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A modern (`2401.01234`) or old-style (`hep-th/9901001`) arXiv identifier, without version. */
export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;
/** A DOI as registered (`10.1103/PhysRevD.76.013009`), without the `https://doi.org/` prefix. */
export const DOI = /^10\.\d{4,9}\/\S+$/;

/** One entry of `content/topics.yaml`. */
export const topicSchema = z.strictObject({
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
  match: z.array(z.string().min(2)).min(1),
  /** arXiv categories (e.g. `cs.LG`) whose presence in a paper's metadata is evidence for this topic. */
  categories: z.array(z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/)).optional(),
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

const httpUrl = z.httpUrl({ error: 'must be an http(s) URL' }).superRefine(visible);
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
    /** arXiv identifier without version; quote it in YAML (`arxiv: "2401.01234"`). */
    arxiv: z
      .string({ error: 'must be a quoted string, e.g. arxiv: "2401.01234"' })
      .superRefine(visible)
      .regex(ARXIV_ID, 'must be an arXiv id such as "2401.01234" (no "arXiv:" prefix, no version)')
      .optional(),
    /** DOI without resolver prefix. */
    doi: text().regex(DOI, 'must be a DOI such as 10.1234/abcd (no https://doi.org/)').optional(),
    /** The paper's own date (first version), when known. */
    published: day.optional(),
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
  return result.data;
}

let paperSchema: ReturnType<typeof paperSchemaFor> | undefined;

export const collections = {
  // Papers are untrusted pull-request input: `.md` only (MDX is code), one file per paper.
  papers: defineCollection({
    loader: paperLoader({ base: PAPERS_DIR, dependsOn: [TOPICS_FILE] }),
    // Astro calls a schema function once per entry: build it (and read the taxonomy) only once.
    schema: () => (paperSchema ??= paperSchemaFor(loadTopics().map((topic) => topic.id))),
  }),
  topics: defineCollection({
    loader: file(TOPICS_FILE),
    schema: topicSchema,
  }),
};
