import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { checkArchive, checkArchiveInParallel } from '../../../src/lib/check/paper-check.ts';
import { serializePaperFile } from '../../../src/lib/paper/paper-file.ts';

const HOSTILE = 'tests/fixtures/hostile';
const topicIds = loadTopics(join(HOSTILE, 'accepted/topics.yaml')).map((topic) => topic.id);
const root = mkdtempSync(join(tmpdir(), 'paper-archive-parallel-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkArchiveInParallel', { timeout: 120_000 }, () => {
  it('finds exactly what the single-threaded check finds, duplicates across threads included', async () => {
    const papers = join(root, 'papers');
    mkdirSync(papers);
    cpSync(join(HOSTILE, 'accepted/papers'), papers, { recursive: true });
    for (const name of readdirSync(join(HOSTILE, 'rejected')))
      cpSync(join(HOSTILE, 'rejected', name), join(papers, name));
    for (const set of ['duplicate-arxiv', 'duplicate-doi', 'near-duplicate-title']) {
      cpSync(join(HOSTILE, 'rejected-sets', set, 'papers'), papers, { recursive: true });
    }
    for (let i = 0; i < 150; i += 1) {
      const data = {
        title: `Study number ${i} of sparse attention`,
        arxiv: `2501.${String(10000 + i)}`,
        added: new Date('2025-03-14T00:00:00Z'),
        topics: ['language-models'],
        code: [`https://github.com/example/study-${i}`],
        source: 'synthetic',
      };
      const body = `We study $x_{${i}}$ and ${'sparse attention patterns in long sequences, '.repeat(5)}with care.`;
      writeFileSync(join(papers, `study-${i}.md`), serializePaperFile(data, body));
    }
    const options = { papersDir: papers, topicIds, topicsFile: 'topics.yaml' };
    const single = checkArchive(options);
    expect(single.findings.filter((f) => f.rule === 'duplicate-arxiv').length).toBeGreaterThanOrEqual(2);
    expect(single.findings.filter((f) => f.rule === 'near-duplicate-title').length).toBeGreaterThanOrEqual(2);
    const parallel = await checkArchiveInParallel({ ...options, jobs: 3, threshold: 0 });
    expect(parallel).toEqual(single);
  });

  it('checks small archives in this thread', async () => {
    const options = { papersDir: join(HOSTILE, 'accepted/papers'), topicIds, topicsFile: 'topics.yaml' };
    expect(await checkArchiveInParallel({ ...options, jobs: 4 })).toEqual(checkArchive(options));
  });
});
