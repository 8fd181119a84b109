/**
 * Mistakes an honest contributor makes by hand in a paper file, which every reader (YAML, Astro,
 * the schema) accepts without a word while the page shows something else than what was written.
 */
import { describe, expect, it } from 'vitest';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';

const TOPICS = ['architectures'];

function paper(fields: string): string {
  return `---\n${fields}\nadded: 2025-03-14\ntopics:\n  - architectures\nsource: pull request\n---\nWe study sparse attention in deep networks and show that the loss decreases as $O(1/t)$ under mild assumptions; experiments on three benchmarks agree with the theory.\n`;
}

function errors(text: string) {
  return checkPaperSource('content/papers/p.md', new TextEncoder().encode(text), {
    topicIds: TOPICS,
    topicsFile: 'content/topics.yaml',
  })
    .findings.filter((finding) => finding.severity === 'error')
    .map(({ line, column, rule, message }) => ({ line, column, rule, message }));
}

describe('a value cut short by " #" (YAML reads the rest of the line as a comment)', () => {
  it('is refused in a title, naming what YAML kept and how to quote the whole title', () => {
    expect(errors(paper('title: Sparse Attention #1 Is Here'))).toEqual([
      {
        line: 2,
        column: 25,
        rule: 'yaml-type',
        message:
          'title: YAML reads " #1 Is Here" as a comment and drops it, so the value is "Sparse Attention": quote it: title: \'Sparse Attention #1 Is Here\' (or delete the text after "#" if it is a note)',
      },
    ]);
  });

  it('is refused in an item of a list, with the quote a backslash or an apostrophe needs', () => {
    const found = errors(paper("title: Sparse Attention\nauthors:\n  - Ada Lovelace\n  - Dan O'Brien #2"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 5, column: 17, rule: 'yaml-type' });
    expect(found[0]?.message).toContain(`authors item 2: YAML reads " #2" as a comment`);
    expect(found[0]?.message).toContain(`quote it: - 'Dan O''Brien #2'`);
    expect(errors(paper('title: The $\\ell_1$ Ball #5'))[0]?.message).toContain(`title: 'The $\\ell_1$ Ball #5'`);
  });

  it('accepts a "#" inside a word or a quoted value, and a comment after a quoted value or on its own line', () => {
    expect(errors(paper('title: C# and F#: Sparse Attention'.replace(': S', ' - S')))).toEqual([]);
    expect(errors(paper("title: 'Sparse Attention #1 Is Here'"))).toEqual([]);
    expect(errors(paper("title: 'Sparse Attention' # a note\n# another note"))).toEqual([]);
  });
});
