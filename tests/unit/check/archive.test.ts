/** The archive in content/ (the seed's papers and every paper merged since) passes the check. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAPERS_DIR, TOPICS_FILE } from '../../../src/lib/paper/content-paths.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { checkArchive } from '../../../src/lib/check/paper-check.ts';

describe('the archive', () => {
  it('has no errors; every paper file in it is checked', () => {
    const topicIds = loadTopics(TOPICS_FILE).map((topic) => topic.id);
    const { findings, checked } = checkArchive({ papersDir: PAPERS_DIR, topicIds, topicsFile: TOPICS_FILE });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(checked).toBe(readdirSync(PAPERS_DIR).filter((name) => name.endsWith('.md')).length);
    expect(checked).toBeGreaterThanOrEqual(56);
  });
});
