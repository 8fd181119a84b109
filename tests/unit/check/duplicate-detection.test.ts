import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  duplicatePair,
  findDuplicates,
  isNearDuplicateTitle,
  nearDuplicateTitlePairs,
  refusedDuplicates,
  type IdentifiedPaper,
} from '../../../src/lib/check/duplicate-detection.ts';
import { normalizeTitle, provenDistinct } from '../../../src/lib/paper/identity.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';

/** Real titles: the arXiv OAI sample and the title lines of the seed page (a line followed by an abstract). */
function realTitles(): string[] {
  const oai = readFileSync('tests/fixtures/inputs/arxiv-oai-sample.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { title: string }).title.replace(/\s+/g, ' '));
  const lines = readFileSync('content/inbox/2025-03-14-hf-trending.txt', 'utf8').split('\n');
  const seed = lines.filter((line, i) => {
    const next = lines.slice(i + 1).find((l) => l.trim() !== '') ?? '';
    return line.length > 15 && line.length < 200 && !/[.!?]$/.test(line) && next.length > 300;
  });
  return [...new Set([...oai, ...seed])];
}

function variants(title: string, next: () => number): string[] {
  const at = Math.floor(next() * title.length);
  const words = title.split(' ');
  return [
    title.slice(0, at) + title.slice(at + 1), // a deleted letter
    title.slice(0, at) + 'x' + title.slice(at), // an inserted letter
    `${title}s`, // a plural
    words.reverse().join(' '), // the same words in another order
    title.replace(/\b(\d+)\b/, (n) => String(Number(n) + 1)), // another number
    `${title}: A Survey`, // a different paper that starts the same
    title.toUpperCase(),
  ];
}

describe('nearDuplicateTitlePairs', () => {
  it('finds exactly the pairs an all-pairs comparison finds, on real titles and typo variants of them', () => {
    const next = seededRandom(11);
    const titles = realTitles();
    expect(titles.length).toBeGreaterThan(50);
    const normalized = [...new Set(titles.flatMap((title) => [title, ...variants(title, next)]).map(normalizeTitle))];
    const brute: [number, number][] = [];
    for (let i = 0; i < normalized.length; i += 1) {
      for (let j = i + 1; j < normalized.length; j += 1) {
        if (isNearDuplicateTitle(normalized[i] ?? '', normalized[j] ?? '')) brute.push([i, j]);
      }
    }
    expect(brute.length).toBeGreaterThan(titles.length);
    expect(nearDuplicateTitlePairs(normalized)).toEqual(brute);
    // Probing some titles gives exactly the pairs that involve one of them.
    const probed = (index: number) => index % 7 === 3;
    const involving = brute.filter(([i, j]) => probed(i) || probed(j));
    expect(involving.length).toBeGreaterThan(10);
    expect(nearDuplicateTitlePairs(normalized, probed)).toEqual(involving);
  });

  it('finds near-duplicates among thousands of titles without comparing all pairs', () => {
    const next = seededRandom(5);
    const words = realTitles().flatMap((title) => normalizeTitle(title).split(' '));
    const titles = Array.from({ length: 3000 }, () =>
      Array.from({ length: 6 + Math.floor(next() * 6) }, () => words[Math.floor(next() * words.length)]).join(' '),
    );
    titles.push(`${titles[10] ?? ''}s`, (titles[20] ?? '').replace(/^(\S+) (\S+)/, '$2 $1'));
    const pairs = nearDuplicateTitlePairs([...new Set(titles)]);
    expect(pairs.some(([a, b]) => a === 10 && b === 3000)).toBe(true);
    expect(pairs.some(([a, b]) => a === 20 && b === 3001)).toBe(true);
  });

  // Few probed titles are compared with every title directly, many go through the feature index:
  // both must find exactly the pairs, among those involving a probed title, that all pairs give.
  it.each([
    ['compared directly', Number.POSITIVE_INFINITY],
    ['through the feature index', 0],
  ])('probed titles %s: the pairs involving them, no others', (_, directComparisons) => {
    const next = seededRandom(8);
    const words = realTitles().flatMap((title) => normalizeTitle(title).split(' '));
    const titles = Array.from({ length: 800 }, () =>
      Array.from({ length: 6 + Math.floor(next() * 6) }, () => words[Math.floor(next() * words.length)]).join(' '),
    );
    // Typo variants of some titles, so that there are near-duplicates to find.
    for (let i = 0; i < 800; i += 8) titles.push(...variants(titles[i] ?? '', next).map(normalizeTitle));
    const distinct = [...new Set(titles)];
    const prepared = distinct.map((title) => normalizeTitle(title));
    const probed = (index: number) => index % 7 === 3;
    const open = (index: number) => index % 5 !== 0;
    const involving: [number, number][] = [];
    for (let i = 0; i < prepared.length; i += 1) {
      for (let j = i + 1; j < prepared.length; j += 1) {
        if (!(probed(i) || probed(j)) || !(open(i) || open(j))) continue;
        if (isNearDuplicateTitle(prepared[i] ?? '', prepared[j] ?? '')) involving.push([i, j]);
      }
    }
    expect(involving.length).toBeGreaterThan(20);
    expect(nearDuplicateTitlePairs(prepared, probed, open, directComparisons)).toEqual(involving);
  });
});

describe('isNearDuplicateTitle', () => {
  const near = (a: string, b: string) => isNearDuplicateTitle(normalizeTitle(a), normalizeTitle(b));

  it.each([
    ['Scaling Laws for Neural Language Models', 'Scaling Law for Neural Language Models'],
    ['Attention Is All You Need', 'Attention Is All You Neeed'],
    ['Emergent Abilities of Large Language Models', 'Emergent abilities of large language model'],
    [
      'On the Opportunities and Risks of Foundation Models for Science and Society Today',
      'On the Risks and Opportunities of Foundation Models for Science and Society Today',
    ],
  ])('%j ~ %j', (a, b) => {
    expect(near(a, b)).toBe(true);
  });

  it.each([
    ['GPT-4 Technical Report', 'GPT-3 Technical Report'],
    ['Llama 2: Open Foundation and Fine-Tuned Chat Models', 'Llama 3: Open Foundation and Fine-Tuned Chat Models'],
    ['Learning to Walk', 'Learning to Talk'],
    ['Attention Is All You Need', 'Attention Is Not All You Need'],
    ['Scaling Laws for Neural Language Models', 'Scaling Laws for Autoregressive Generative Modeling'],
    ['Same title', 'Same Title!'],
  ])('%j is not a near-duplicate of %j', (a, b) => {
    expect(near(a, b)).toBe(false);
  });
});

describe('findDuplicates', () => {
  const paper = (file: string, title: string, extra: Partial<IdentifiedPaper> = {}): IdentifiedPaper => ({
    file,
    title,
    at: { title: { line: 2, column: 8 }, arxiv: { line: 5, column: 8 }, doi: { line: 6, column: 6 } },
    ...extra,
  });

  it('reports, for the papers it is asked about, exactly what the full search reports for them', () => {
    const next = seededRandom(3);
    const papers = realTitles()
      .flatMap((title) => [title, ...variants(title, next)])
      .map((title, index) => paper(`papers/p${index}.md`, title));
    const asked = (index: number) => index % 5 === 1;
    const about = (problems: ReturnType<typeof findDuplicates>) => problems.filter((problem) => asked(problem.paper));
    const full = about(findDuplicates(papers));
    expect(full.filter((problem) => problem.rule === 'near-duplicate-title').length).toBeGreaterThan(10);
    expect(about(findDuplicates(papers, asked))).toEqual(full);
  });

  it('flags exactly the near-duplicates an all-pairs comparison flags, when most papers have their own arXiv ids', () => {
    const next = seededRandom(7);
    // Real titles and typo variants; most with an arXiv id of their own, some without, a few sharing one.
    const papers = realTitles()
      .flatMap((title) => [title, ...variants(title, next)])
      .map((title, index) =>
        paper(
          `papers/p${index}.md`,
          title,
          index % 4 === 0 ? {} : { arxiv: `2401.${10_000 + (index % 50 === 1 ? 1 : index)}` },
        ),
      );
    const flagged = new Set(
      findDuplicates(papers)
        .filter((problem) => problem.rule === 'near-duplicate-title')
        .map((problem) => problem.paper),
    );
    const titles = papers.map((each) => normalizeTitle(each.title));
    const expected = new Set<number>();
    papers.forEach((a, i) =>
      papers.forEach((b, j) => {
        const near = titles[i] !== titles[j] && isNearDuplicateTitle(titles[i] ?? '', titles[j] ?? '');
        if (near && !provenDistinct(a, b)) expected.add(i);
      }),
    );
    expect(expected.size).toBeGreaterThan(5);
    expect([...flagged].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
  });

  it('searches 3,000 variants of one title, each with its own arXiv id, without comparing them with each other', () => {
    const word = (n: number) => n.toString(26).replace(/./g, (digit) => String.fromCharCode(97 + parseInt(digit, 26)));
    const base = 'Scaling Laws for Autoregressive Generative Modeling of Images and Video';
    const papers = Array.from({ length: 3000 }, (_, n) =>
      paper(`papers/v${n}.md`, `Q${word(n)}: ${base}`, { arxiv: `2401.${String(10_000 + n)}` }),
    );
    expect(findDuplicates(papers)).toEqual([]);
    // One more without an id is nearly each of them: it is searched against all, and flagged.
    const flagged = findDuplicates([...papers, paper('papers/new.md', `Qb: ${base}`)]);
    expect(flagged.some((problem) => problem.paper === 3000 && problem.rule === 'near-duplicate-title')).toBe(true);
  });

  it('groups papers by arXiv id (any written form), DOI (any case) and normalized title', () => {
    const problems = findDuplicates([
      paper('a.md', 'First paper', { arxiv: '2401.01234' }),
      paper('b.md', 'Second paper', { arxiv: 'arXiv:2401.01234v2' }),
      paper('c.md', 'Third paper', { doi: '10.1234/ABC' }),
      paper('d.md', 'Fourth paper', { doi: 'https://doi.org/10.1234/abc' }),
      paper('e.md', 'Fifth: The Paper'),
      paper('f.md', 'fifth -- the paper'),
      paper('g.md', 'Unrelated'),
    ]);
    expect(problems.map((p) => [p.paper, p.rule, p.field])).toEqual([
      [0, 'duplicate-arxiv', 'arxiv'],
      [1, 'duplicate-arxiv', 'arxiv'],
      [2, 'duplicate-doi', 'doi'],
      [3, 'duplicate-doi', 'doi'],
      [4, 'duplicate-title', 'title'],
      [5, 'duplicate-title', 'title'],
    ]);
    expect(problems[0]?.message).toMatch(/^the arXiv id 2401.01234 is already used by b\.md:5: /);
  });

  it('names a few of many duplicates and counts the rest', () => {
    const many = Array.from({ length: 6 }, (_, i) => paper(`p${i}.md`, 'The same title'));
    expect(findDuplicates(many)[0]?.message).toMatch(/already used by p1\.md:2, p2\.md:2, p3\.md:2 and 2 more: /);
  });

  it('reports a near-duplicate on both papers, naming the other', () => {
    const problems = findDuplicates([
      paper('laws.md', 'Scaling Laws for Neural Language Models'),
      paper('law.md', 'Scaling Law for Neural Language Models'),
    ]);
    expect(problems.map((p) => [p.paper, p.rule])).toEqual([
      [0, 'near-duplicate-title'],
      [1, 'near-duplicate-title'],
    ]);
    expect(problems[0]?.message).toMatch(/nearly the same as "Scaling Law for Neural Language Models" in law\.md:2/);
  });
});

describe('refusedDuplicates', () => {
  const paper = (file: string, title: string, ids: { arxiv?: string; doi?: string } = {}): IdentifiedPaper => ({
    file,
    title,
    ...ids,
    at: { title: { line: 2, column: 8 } },
  });

  it('refuses incoming papers the duplicate rules would flag, keeping the first of two newcomers', () => {
    const existing = [paper('a.md', 'Scaling Laws for Neural Language Models'), paper('b.md', 'Graph Learning')];
    const incoming = [
      paper('c.md', 'Scaling Law for Neural Language Models'),
      paper('d.md', 'A Theory of Everything Else Entirely'),
      paper('e.md', 'A Theory of Everything Else, Entirely!'),
      paper('f.md', 'Another Paper', { arxiv: '2401.00001' }),
      paper('g.md', 'Yet Another Paper', { arxiv: '2401.00001' }),
    ];
    const refused = refusedDuplicates(existing, incoming);
    expect([...refused].map(([index, { rule, other }]) => [index, rule, other.file])).toEqual([
      [0, 'near-duplicate-title', 'a.md'],
      [2, 'duplicate-title', 'd.md'],
      [4, 'duplicate-arxiv', 'f.md'],
    ]);
    // What it keeps passes the rules: findDuplicates finds nothing left.
    const kept = incoming.filter((_, index) => !refused.has(index));
    expect(findDuplicates([...existing, ...kept])).toEqual([]);
  });

  it('lets different ids keep alike titles apart, as the check does', () => {
    const existing = [paper('a.md', 'Scaling Laws for Neural Language Models', { arxiv: '2001.08361' })];
    const incoming = [paper('b.md', 'Scaling Law for Neural Language Models', { arxiv: '2401.00001' })];
    expect(refusedDuplicates(existing, incoming).size).toBe(0);
    expect(duplicatePair(incoming[0] as IdentifiedPaper, existing[0] as IdentifiedPaper)).toBeUndefined();
  });
});
