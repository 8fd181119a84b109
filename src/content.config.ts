/**
 * Wires the content collections to the schema (src/lib/paper/schema.ts) and the paper loader; no
 * rule lives here, and no library module imports this file.
 */
import { defineCollection } from 'astro/content/config';
import { file } from 'astro/loaders';
import { paperLoader } from './lib/build/paper-loader.ts';
import { MACROS_FILE, PAPERS_DIR, TOPICS_FILE } from './lib/paper/content-paths.ts';
import { paperSchemaFor, topicSchema } from './lib/paper/schema.ts';
import { loadTopics, topicsFromText } from './lib/paper/topics-file.ts';

let paperSchema: ReturnType<typeof paperSchemaFor> | undefined;

export const collections = {
  // Papers are untrusted pull-request input: `.md` only (MDX is code), one file per paper.
  papers: defineCollection({
    loader: paperLoader({ base: PAPERS_DIR, dependsOn: [TOPICS_FILE, MACROS_FILE] }),
    // Astro calls a schema function once per entry: build it (and read the taxonomy) only once.
    schema: () => (paperSchema ??= paperSchemaFor(loadTopics().map((topic) => topic.id))),
  }),
  topics: defineCollection({
    // Read by the taxonomy's own rules, not Astro's YAML reader: the same topics, or the same lines about what is wrong.
    loader: file(TOPICS_FILE, { parser: (text) => topicsFromText(text, TOPICS_FILE) }),
    schema: topicSchema,
  }),
};
