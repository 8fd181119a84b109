import { describe, expect, it } from 'vitest';
import { repairTextsInChunk, type RecordText } from '../../../src/lib/ingest/repair-chunk.ts';
import { topicSchema, type Topic } from '../../../src/lib/paper/schema.ts';

function topic(id: string, match: string[], categories?: string[]): Topic {
  return topicSchema.parse({ id, name: id, description: `About ${id}.`, match, ...(categories ? { categories } : {}) });
}

const TOPICS = [
  topic('graphs', ['graph neural network', 'GNN'], ['cs.SI']),
  topic('rl', ['reinforcement learning', 'policy gradient']),
];
// Past the repair's limit of 2,304 formulas a paragraph: the repair throws on it.
const UNREPAIRABLE = '$x$ '.repeat(2400);

const ok = (outcome: ReturnType<typeof repairTextsInChunk>[number] | undefined) => {
  if (outcome === undefined || 'error' in outcome) throw new Error(`expected a repair, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('repairTextsInChunk', () => {
  it('is empty for no records', () => {
    expect(repairTextsInChunk([])).toEqual([]);
    expect(repairTextsInChunk([], TOPICS)).toEqual([]);
  });

  it('repairs each title and abstract, in order, and classifies nothing without a taxonomy', () => {
    const outcomes = repairTextsInChunk([
      { title: 'Bounds for kgeq 1', abstract: 'Code at https://github.com/a/b .' },
      { title: 'Plain title', abstract: 'Plain abstract.' },
    ]);
    expect(outcomes).toHaveLength(2);
    const [first, second] = outcomes.map(ok);
    expect(first?.title.markdown).toBe('Bounds for $k\\geq 1$');
    expect(first?.title.repairs).toEqual([{ rule: 'math-wrap', before: 'kgeq 1', after: '$k\\geq 1$' }]);
    expect(first?.abstract.code).toEqual(['https://github.com/a/b']);
    expect(first?.abstract.markdown).toBe('Code at [https://github.com/a/b](https://github.com/a/b) .');
    expect(second).toEqual({
      title: { markdown: 'Plain title', repairs: [] },
      abstract: { markdown: 'Plain abstract.', repairs: [], code: [], links: [] },
    });
    expect('classification' in (first ?? {})).toBe(false);
  });

  it('classifies the repaired texts when given a taxonomy, with the record categories as evidence', () => {
    const [byWords, byCategory, neither, noCategories] = repairTextsInChunk(
      [
        { title: 'Policy gradient methods', abstract: 'We study reinforcement learning.' },
        { title: 'A study', abstract: 'Nothing to see.', categories: ['cs.SI'] },
        { title: 'A study', abstract: 'Nothing to see.', categories: ['hep-ph'] },
        { title: 'A study', abstract: 'Nothing to see.' },
      ],
      TOPICS,
    ).map(ok);
    expect(byWords?.classification?.topics).toEqual(['rl']);
    expect(byCategory?.classification?.topics).toEqual(['graphs']);
    expect(neither?.classification).toMatchObject({ topics: [], noEvidence: true });
    expect(noCategories?.classification).toMatchObject({ topics: [], noEvidence: true });
  });

  it('uses the taxonomy it is given, not the one compiled for an earlier chunk', () => {
    const record: RecordText = { title: 'Graph neural networks for policy gradient', abstract: 'GNN GNN GNN.' };
    expect(ok(repairTextsInChunk([record], TOPICS)[0]).classification?.topics[0]).toBe('graphs');
    const other = [topic('other', ['policy gradient'])];
    expect(ok(repairTextsInChunk([record], other)[0]).classification?.topics).toEqual(['other']);
    // And back again: the first taxonomy is not lost.
    expect(ok(repairTextsInChunk([record], TOPICS)[0]).classification?.topics[0]).toBe('graphs');
    // Without a taxonomy, no stale classifier answers.
    expect(ok(repairTextsInChunk([record])[0]).classification).toBeUndefined();
  });

  it('reports a record the repair throws on as an error, and goes on with the rest', () => {
    const outcomes = repairTextsInChunk(
      [
        { title: 'Before', abstract: 'Fine.' },
        { title: 'Too many formulas', abstract: UNREPAIRABLE },
        { title: UNREPAIRABLE, abstract: 'Fine.' },
        { title: 'After', abstract: 'Fine.' },
      ],
      TOPICS,
    );
    expect(outcomes.map((o) => ('error' in o ? o.error : o.title.markdown))).toEqual([
      'Before',
      expect.stringMatching(/more than 2304 formulas/),
      expect.stringMatching(/more than 2304 formulas/),
      'After',
    ]);
    expect(outcomes[1]).not.toHaveProperty('classification');
  });

  it('takes empty texts, odd Unicode and very long texts without throwing', () => {
    const outcomes = repairTextsInChunk(
      [
        { title: '', abstract: '' },
        { title: 'Schrödinger 深度学习 🙂 \u202E', abstract: 'مرحبا \u0000 \uD800 text', categories: [] },
        { title: 'Reinforcement learning '.repeat(2000), abstract: 'word '.repeat(200_000) },
      ],
      TOPICS,
    ).map(ok);
    expect(outcomes[0]?.title.markdown).toBe('');
    expect(outcomes[0]?.classification?.topics).toEqual([]);
    expect(outcomes[1]?.title.markdown).toContain('Schrödinger 深度学习 🙂');
    expect(outcomes[2]?.classification?.topics).toEqual(['rl']);
  });
});
