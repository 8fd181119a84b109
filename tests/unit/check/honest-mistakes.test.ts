/**
 * Mistakes an honest contributor makes by hand in a paper file, which every reader (YAML, Astro,
 * the schema) accepts without a word while the page shows something else than what was written.
 */
import { describe, expect, it } from 'vitest';
import { checkPaperSource } from '../../../src/lib/check/paper-check.ts';
import { findDuplicates } from '../../../src/lib/check/duplicate-detection.ts';
import { identityKeys } from '../../../src/lib/paper/identity.ts';

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

function withBody(body: string, title = 'Sparse Attention'): string {
  return `---\ntitle: ${title}\nadded: 2025-03-14\ntopics:\n  - architectures\nsource: pull request\n---\n${body}\n`;
}
const PROSE =
  'We study sparse attention in deep networks; experiments on three benchmarks agree with the theory and show gains over dense baselines.';

describe('TeX outside math, which the page shows as typed', () => {
  it("refuses TeX's own math delimiters \\( \\) and \\[ \\], in an abstract with no $ at all, saying what to write", () => {
    expect(errors(withBody(`The loss \\(L(\\theta)\\) falls. ${PROSE}`))).toEqual([
      {
        line: 8,
        column: 10,
        rule: 'math-error',
        message:
          '"\\(L(\\theta)\\)" is TeX\'s inline math, which this site does not read (Markdown shows it as typed, brackets and backslashes): write it as $L(\\theta)$',
      },
    ]);
    expect(errors(withBody(`${PROSE}\n\n\\[ x^2 + y^2 \\]`))[0]?.message).toContain('write it as $$x^2 + y^2$$');
    expect(errors(withBody(PROSE, 'Sparse \\(O(n)\\) Attention'))[0]).toMatchObject({
      line: 2,
      column: 15,
      rule: 'math-error',
    });
  });

  it('refuses a TeX command in the prose, with the Markdown or the math to write instead', () => {
    const messageOf = (body: string, title?: string) => errors(withBody(body, title))[0]?.message;
    expect(messageOf(`A \\emph{new} model. ${PROSE}`)).toMatch(/TeX command \\emph is outside math.*\*text\*/);
    expect(messageOf(`A \\textbf{new} model. ${PROSE}`)).toMatch(/\*\*text\*\*/);
    expect(messageOf(`As shown in \\cite{vaswani}. ${PROSE}`)).toMatch(/\\cite .*delete it/);
    expect(messageOf(`The rate \\alpha falls. ${PROSE}`)).toMatch(/put it inside \$\.\.\.\$, e\.g\. \$\\alpha\$/);
    expect(messageOf(PROSE, 'Sparse \\emph{Attention} Is All You Need')).toBe(
      'in the title: the TeX command \\emph is outside math, so the page shows it as typed: delete it and its braces, keeping the words (a title has no emphasis)',
    );
  });

  it('shows where a $ left unpaired shifted the math: the TeX after it lands in the prose', () => {
    expect(messageOf2(`It costs $5 and the loss $L(\\theta)$ falls. ${PROSE}`)).toMatch(
      /\\theta .*a \$ before it is unpaired/,
    );
  });

  it('accepts math between $, Markdown escapes of signs and of a backslash, a bracketed note and a character code', () => {
    expect(errors(withBody(`The loss $L(\\theta)$ falls, costs \\$5, shows \\*, \\_ and \\\\emph. ${PROSE}`))).toEqual(
      [],
    );
    expect(errors(withBody(`${PROSE} \\[citation needed\\] and \\[1\\].`))).toEqual([]);
    expect(errors(withBody(`${PROSE} \`\\alpha\` in code.`))).toEqual([]);
  });
});

function messageOf2(body: string): string | undefined {
  return errors(withBody(body))[0]?.message;
}

describe("a paper already in the archive, given by arXiv's own DOI (10.48550/arXiv.ID)", () => {
  const papers = [
    {
      file: 'a.md',
      title: 'Scalable Neural Network Kernels',
      arxiv: '2310.13225',
      at: { title: { line: 2, column: 8 }, arxiv: { line: 3, column: 8 } },
    },
    {
      file: 'b.md',
      title: 'Scalable Neural-Network Kernels (ICLR version)',
      doi: '10.48550/arXiv.2310.13225',
      at: { title: { line: 2, column: 8 }, arxiv: { line: 2, column: 1 }, doi: { line: 3, column: 6 } },
    },
  ];

  it('is the same paper as the one with that arXiv id, everywhere papers are compared', () => {
    expect(identityKeys({ title: 'T', doi: '10.48550/ARXIV.2310.13225' })).toContain('arxiv:2310.13225');
    expect(identityKeys({ title: 'T', arxiv: '2310.13225', doi: '10.48550/arXiv.2310.13225' })).toEqual([
      'title:t',
      'arxiv:2310.13225',
      'doi:10.48550/arxiv.2310.13225',
    ]);
  });

  it('is refused by the check on both files, the DOI named on the file that has only the DOI', () => {
    const found = findDuplicates(papers);
    expect(found).toEqual([
      {
        paper: 0,
        field: 'arxiv',
        rule: 'duplicate-arxiv',
        message:
          'the arXiv id 2310.13225 is already used by b.md:3: this paper is already in the archive; keep one file (fix the id if they are different papers)',
      },
      {
        paper: 1,
        field: 'doi',
        rule: 'duplicate-arxiv',
        message:
          "the DOI 10.48550/arXiv.2310.13225 is arXiv's DOI of 2310.13225, which is already used by a.md:3: this paper is already in the archive; keep one file (fix the id if they are different papers)",
      },
    ]);
  });
});
