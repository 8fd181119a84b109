/**
 * Reads the topic taxonomy (`content/topics.yaml`) from disk and validates it with the schema's
 * `topicSchema`. Node-only, kept apart from the pure schema so that a module needing the schema
 * does not pull in the file system.
 */
import { readFileSync } from 'node:fs';
import { z } from 'astro/zod';
import yaml from 'js-yaml';
import { TOPICS_FILE } from './content-paths.ts';
import { topicSchema, type Topic } from './schema.ts';

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
