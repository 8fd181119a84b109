import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/content.config.ts';
import { parsePaperFile } from '../../src/lib/paper-file.ts';
import { random, syntheticArchive } from '../../src/lib/search-synthetic-archive.ts';
import { paperSchemaFor } from '../../src/content.config.ts';

const topicIds = loadTopics('content/topics.yaml').map((topic) => topic.id);

describe('syntheticArchive', () => {
  it('gives the same archive for the same seed, another for another seed', () => {
    expect(syntheticArchive(20, topicIds, 7)).toEqual(syntheticArchive(20, topicIds, 7));
    expect(syntheticArchive(20, topicIds, 7)).not.toEqual(syntheticArchive(20, topicIds, 8));
  });

  it('writes paper files the site accepts: valid front matter, unique slugs, abstracts of realistic length', () => {
    const schema = paperSchemaFor(topicIds);
    const papers = syntheticArchive(300, topicIds);
    expect(new Set(papers.map((paper) => paper.slug)).size).toBe(300);
    let withMath = 0;
    let withCode = 0;
    for (const paper of papers) {
      const { data, body } = parsePaperFile(paper.file);
      const parsed = schema.safeParse(data);
      expect(parsed.success, `${paper.slug}: ${parsed.error?.message ?? ''}`).toBe(true);
      const words = body.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(120);
      expect(words).toBeLessThan(260);
      if (body.includes('$')) withMath += 1;
      if (parsed.data?.code) withCode += 1;
    }
    expect(withMath).toBeGreaterThan(30);
    expect(withCode).toBeGreaterThan(20);
    expect(withCode).toBeLessThan(80);
  });

  it('draws uniformly enough from its generator', () => {
    const rand = random(1);
    const values = Array.from({ length: 10_000 }, rand);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
