/**
 * Reads the topic taxonomy (`content/topics.yaml`) from disk and validates it with the check's
 * taxonomy rules (src/lib/check/taxonomy-problems.ts, over the schema's `topicSchema`). Node-only,
 * kept apart from the pure schema so that a module needing the schema does not pull in the file
 * system.
 */
import { readFileSync } from 'node:fs';
import { ContentFileError } from '../check/content-file-problems.ts';
import { parseTaxonomy } from '../check/taxonomy-problems.ts';
import { TOPICS_FILE } from './content-paths.ts';
import type { Topic } from './schema.ts';

/**
 * The topics of a taxonomy's text; throws a `ContentFileError` listing every problem as
 * `path:line:column: error: ...` (`path` only names the file). The build's topics collection reads
 * the file through this too.
 */
export function topicsFromText(text: string, path: string): Topic[] {
  const { topics, problems } = parseTaxonomy(text);
  if (problems.length > 0) throw new ContentFileError('topic taxonomy', path, problems);
  return topics;
}

/** Reads the topic taxonomy; throws naming the file, and every problem at its line, when it is unreadable or invalid. */
export function loadTopics(path: string = TOPICS_FILE): Topic[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    // The cause in the message too: Astro and the scripts print an error's message, not its cause.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Failed to read the topic taxonomy ${path}: ${reason}`, { cause });
  }
  return topicsFromText(text, path);
}
