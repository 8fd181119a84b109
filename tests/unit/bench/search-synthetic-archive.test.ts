import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { syntheticArchive } from '../../../bench/search-synthetic-archive.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { paperSchemaFor } from '../../../src/lib/paper/schema.ts';

const taxonomy = loadTopics('content/topics.yaml');
const topicIds = taxonomy.map((topic) => topic.id);

describe('syntheticArchive', () => {
  it('gives the same archive for the same seed, another for another seed', () => {
    expect(syntheticArchive(20, taxonomy, 7)).toEqual(syntheticArchive(20, taxonomy, 7));
    expect(syntheticArchive(20, taxonomy, 7)).not.toEqual(syntheticArchive(20, taxonomy, 8));
  });

  it('writes paper files the site accepts: valid front matter, unique slugs, abstracts of realistic length', () => {
    const schema = paperSchemaFor(topicIds);
    const papers = syntheticArchive(300, taxonomy);
    expect(new Set(papers.map((paper) => paper.slug)).size).toBe(300);
    let withMath = 0;
    let withCode = 0;
    for (const paper of papers) {
      const { data, body } = parsePaperFile(paper.file);
      const parsed = schema.safeParse(data);
      expect(parsed.success, `${paper.slug}: ${parsed.error?.message ?? ''}`).toBe(true);
      const words = body.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(120);
      expect(words).toBeLessThan(330);
      if (body.includes('$')) withMath += 1;
      if (parsed.data?.code) withCode += 1;
    }
    expect(withMath).toBeGreaterThan(30);
    expect(withCode).toBeGreaterThan(20);
    expect(withCode).toBeLessThan(80);
  });

  it("uses a topic's phrases mostly in that topic's papers, as real abstracts do", () => {
    const papers = syntheticArchive(600, taxonomy).map((paper) => parsePaperFile(paper.file));
    const inTopic = papers.filter((paper) => (paper.data['topics'] as string[]).includes('federated-learning'));
    const elsewhere = papers.filter((paper) => !(paper.data['topics'] as string[]).includes('federated-learning'));
    const share = (group: typeof papers) =>
      group.filter((paper) => paper.body.includes('federated learning')).length / group.length;
    expect(share(inTopic)).toBeGreaterThan(0.5);
    expect(share(elsewhere)).toBeLessThan(0.05);
  });

  it('draws uniformly enough from its generator', () => {
    const rand = seededRandom(1);
    const values = Array.from({ length: 10_000 }, rand);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
