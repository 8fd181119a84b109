import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../../../src/lib/ingest/inputs/input-file.ts';
import { isTitleShaped, parsePageDate, parseScrapedPage } from '../../../../src/lib/ingest/inputs/scraped-page.ts';

const SEED = 'content/inbox/2025-03-14-hf-trending.txt';
const FIXTURES = 'tests/fixtures/ingest';

function parseFile(path: string) {
  return parseScrapedPage(decodeInput(readFileSync(path), path), path);
}

const ABSTRACT =
  'We propose a method. It works well on every benchmark we tried, and we explain why in detail. Code is released.';

describe('the seed page', () => {
  const result = parseFile(SEED);
  const lines = readFileSync(SEED, 'utf8').split('\n');

  it('yields exactly 56 papers and no problems or warnings', () => {
    expect(result.papers).toHaveLength(56);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('keeps every title verbatim, on the line it was read from', () => {
    for (const paper of result.papers) expect(lines[paper.line - 1]).toBe(paper.title);
    expect(result.papers[0]?.title).toBe(
      'EMO: Earth Mover Distance Optimization for Auto-Regressive Language Modeling',
    );
    expect(result.papers.at(-1)?.title).toBe('BD-KD: Balancing the Divergences for Online Knowledge Distillation');
    expect(result.papers.map((paper) => paper.title)).toContain(
      "What's in a Prior? Learned Proximal Networks for Inverse Problems",
    );
  });

  it('pairs each title with the paragraph after it, untouched', () => {
    for (const paper of result.papers) expect(paper.abstract).toBe(lines[paper.line + 1]);
  });

  it('drops the page chrome and reads the page date', () => {
    const everything = result.papers.flatMap((paper) => [paper.title, paper.abstract]);
    for (const chrome of ['new', 'Subscribe', 'Get trending papers in your email inbox!', 'Mar 14']) {
      expect(everything).not.toContain(chrome);
    }
    expect(new Set(result.papers.map((paper) => JSON.stringify(paper.pageDate)))).toEqual(
      new Set([JSON.stringify({ month: 3, day: 14 })]),
    );
  });

  it('accounts for every non-blank line: chrome, date, a title or an abstract', () => {
    const used = new Set(result.papers.flatMap((paper) => [paper.line, paper.line + 2]));
    const unused = lines
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line, number }) => line.trim() !== '' && !used.has(number))
      .map(({ line }) => line);
    expect(unused).toEqual([
      'new',
      'Get trending papers in your email inbox!',
      'Subscribe',
      'byAK and the research community',
      'Mar 14',
    ]);
  });
});

describe('hostile and unusual pages', () => {
  it('reads several paragraphs of one abstract, a glued title, a wrapped abstract and date headings', () => {
    const result = parseFile(`${FIXTURES}/2024-12-02-multi-paragraph.txt`);
    expect(result.problems).toEqual([]);
    expect(result.papers.map((paper) => [paper.title, paper.pageDate])).toEqual([
      ['Robust Parsing of Scraped Pages', { month: 12, day: 1 }],
      ['Do Scrapers Dream of Clean Text?', { month: 12, day: 1 }],
      ['Glued Title Without a Blank Line', { month: 11, day: 30 }],
      ['Wrapped Abstracts in the Wild', { month: 11, day: 30 }],
    ]);
    const [first, , glued, wrapped] = result.papers;
    expect(first?.abstract.split('\n\n')).toHaveLength(2);
    expect(first?.abstract).toMatch(/https:\/\/github\.com\/example\/robust-parsing\.$/);
    expect(glued?.abstract).toMatch(/^We study how to train glue networks/);
    expect(wrapped?.abstract).toBe(
      'Hard wrapped abstracts of language models are split over many lines. This one is wrapped at seventy columns so that each line looks like a title on its own.',
    );
  });

  it('reports a title with no abstract, in the middle and at the end, and keeps the rest', () => {
    const path = `${FIXTURES}/2025-01-05-title-without-abstract.txt`;
    const result = parseFile(path);
    expect(result.papers.map((paper) => paper.title)).toEqual([
      'A Paper With Its Abstract',
      'The Paper After the Orphan',
    ]);
    expect(result.problems.map((problem) => [problem.line, problem.title])).toEqual([
      [7, 'An Orphaned Title'],
      [13, 'A Last Title With Nothing After It'],
    ]);
    for (const problem of result.problems) {
      expect(problem.file).toBe(path);
      expect(problem.message).toMatch(/has no abstract: add its abstract as the next paragraph/);
    }
  });

  it("reads another site's chrome above the date line as chrome: one warning, no skipped papers", () => {
    const text = [
      'Hugging Face\nModels\nDatasets\nSign Up',
      'Daily Papers',
      'Apr 2',
      'Submitted by akhaliq',
      'Graph Learning at Scale',
      ABSTRACT,
    ].join('\n\n');
    const result = parseScrapedPage(`${text}\n`, 'page.txt');
    expect(result.papers.map((paper) => [paper.title, paper.line])).toEqual([['Graph Learning at Scale', 12]]);
    // Below the date line a title-shaped line with nothing after it is still reported: it may be a paper.
    expect(result.problems.map((problem) => [problem.line, problem.title])).toEqual([[10, 'Submitted by akhaliq']]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ file: 'page.txt', line: 1 });
    expect(result.warnings[0]?.message).toMatch(
      /^2 paragraphs above the date line \(line 8\) were read as page chrome, not papers \("Hugging Face Models Datasets Sign Up", "Daily Papers"\): if one is a paper's title, move it below the date line with its abstract/,
    );
  });

  it('still reports a title with no abstract on a page that has no date line', () => {
    const result = parseScrapedPage(`Daily Papers\n\nGraph Learning at Scale\n\n${ABSTRACT}\n`, 'page.txt');
    expect(result.problems.map((problem) => problem.line)).toEqual([1]);
    expect(result.warnings).toEqual([]);
  });

  it('reports an abstract with no title and keeps the paper after it', () => {
    const result = parseFile(`${FIXTURES}/2025-01-05-abstract-without-title.txt`);
    expect(result.papers.map((paper) => paper.title)).toEqual(['The Paper That Has a Title']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.line).toBe(5);
    expect(result.problems[0]?.message).toMatch(/an abstract with no title .*add the paper's title on its own line/);
  });

  it('reads CRLF, a BOM and trailing whitespace as if they were not there', () => {
    const result = parseFile(`${FIXTURES}/2025-01-05-crlf-bom.txt`);
    expect(result.problems).toEqual([]);
    expect(result.papers.map((paper) => paper.title)).toEqual(['A Title With Trailing Spaces', 'Another Title']);
    for (const paper of result.papers) expect(paper.abstract).not.toMatch(/[\r\t]|\s$/);
    expect(result.papers[0]?.pageDate).toEqual({ month: 1, day: 5 });
  });

  it('reports nothing and finds nothing on a page of chrome only', () => {
    expect(parseScrapedPage('new\n\nSubscribe\n\nMar 14\n', 'x.txt')).toEqual({
      papers: [],
      problems: [],
      warnings: [],
    });
  });

  it('warns when a second long paragraph may be another paper whose title is missing', () => {
    const long = 'This sentence belongs to a long abstract about learning systems. '.repeat(15).trim();
    const result = parseScrapedPage(`A Title\n\n${long}\n\n${long}\n`, 'x.txt');
    expect(result.papers).toHaveLength(1);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ line: 5, title: 'A Title' });
    expect(result.warnings[0]?.message).toMatch(/that paper has no title/);
  });

  it('reports each title in a list of titles', () => {
    const result = parseScrapedPage('One Title\n\nTwo Title\n\nThree Title\n', 'list.txt');
    expect(result.papers).toEqual([]);
    expect(result.problems.map((problem) => problem.line)).toEqual([1, 3, 5]);
  });

  it('does not split a hard-wrapped abstract whose lines each look like titles', () => {
    const result = parseScrapedPage(
      'A Real Title\n\nour method learns a thing and then\nanother thing which is a good idea for\nmany tasks in practice.\n',
      'x.txt',
    );
    expect(result.problems).toEqual([]);
    expect(result.papers[0]?.abstract).toBe(
      'our method learns a thing and then another thing which is a good idea for many tasks in practice.',
    );
  });

  describe('reads a hard-wrapped abstract after its title as one paragraph, however it is wrapped', () => {
    /** `text` hard-wrapped at `width` columns, as a scraper or an editor would. */
    const wrap = (text: string, width: number) =>
      text
        .split(' ')
        .reduce<string[]>((lines, word) => {
          const last = lines.at(-1);
          if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
          else lines.push(word);
          return lines;
        }, [])
        .join('\n');
    const abstracts = {
      plain:
        'We study how a graph neural network behaves when its training data is scraped from the web, and we measure the effect on downstream accuracy across graphs.',
      'with a URL':
        'We study how a graph neural network behaves when its training data is scraped from https://example.org/data and we measure the effect on downstream accuracy.',
      'with math':
        'We bound the loss $L(s) = L_0 + A S_1^{-\\alpha}$ of a network trained on scraped data, and show that the bound is tight for every graph we tried.',
      'with short sentences':
        'Graphs are large. Training is slow, and memory runs out. We shard the graph; each shard fits on one device. Accuracy stays the same.',
    };
    const cases = Object.entries(abstracts).flatMap(([shape, abstract]) =>
      [30, 45, 60, 72, 80, 100].map((width) => [shape, width, abstract] as const),
    );
    it.each(cases)('%s, wrapped at %i columns', (_shape, width, abstract) => {
      const page = `Mar 14\n\nScaling Graph Neural Networks to Billions of Edges\n\n${wrap(abstract, width)}\n`;
      const result = parseScrapedPage(page, 'x.txt');
      expect(result.problems).toEqual([]);
      expect(result.papers.map((paper) => [paper.title, paper.abstract, paper.line])).toEqual([
        ['Scaling Graph Neural Networks to Billions of Edges', abstract, 3],
      ]);
    });

    it('and still splits a title glued to its abstract after another paper, a date or chrome', () => {
      const glued = `Glued Title Without a Blank Line\n${abstracts.plain}`;
      for (const before of [`A First Title\n\n${abstracts['with math']}`, 'Mar 14', 'Subscribe']) {
        const result = parseScrapedPage(`${before}\n\n${glued}\n`, 'x.txt');
        expect(result.problems).toEqual([]);
        expect(result.papers.at(-1)).toMatchObject({
          title: 'Glued Title Without a Blank Line',
          abstract: abstracts.plain,
        });
      }
    });
  });

  it('collapses whitespace inside a title but not the abstract text', () => {
    const result = parseScrapedPage(`A  Title\twith   Gaps\n\n${ABSTRACT}\n`, 'x.txt');
    expect(result.papers[0]?.title).toBe('A Title with Gaps');
    expect(result.papers[0]?.abstract).toBe(ABSTRACT);
  });
});

describe('a page in Chinese or Japanese', () => {
  it('reads an abstract whose sentences end in 。 as the abstract, not as a title', () => {
    const abstract =
      '思考の連鎖（chain of thought）を生成することで、大規模言語モデルが複雑な推論を行う能力が大幅に向上することを示す。特に、いくつかの例を提示するだけで推論能力が現れる。';
    const result = parseScrapedPage(`Mar 14\n\n大規模言語モデルにおける思考の連鎖\n\n${abstract}\n`, 'ja.txt');
    expect(result.problems).toEqual([]);
    expect(result.papers.map((paper) => [paper.title, paper.abstract, paper.line])).toEqual([
      ['大規模言語モデルにおける思考の連鎖', abstract, 3],
    ]);
  });
});

describe('a page in Hindi or Urdu', () => {
  it('reads an abstract whose sentences end in the danda or the Urdu full stop as the abstract', () => {
    const hindi = 'इस शोध पत्र में हम हिंदी भाषा के लिए एक नया अनुवाद मॉडल प्रस्तुत करते हैं। हमारा मॉडल BLEU स्कोर में सुधार करता है।';
    const urdu = 'ہم اردو کے لیے ایک نیا ماڈل پیش کرتے ہیں۔ نتائج بہتر ہیں۔';
    const result = parseScrapedPage(
      `Mar 14\n\nहिंदी के लिए तंत्रिका मशीन अनुवाद\n\n${hindi}\n\nاردو مشینی ترجمہ\n\n${urdu}\n`,
      'hi.txt',
    );
    expect(result.problems).toEqual([]);
    expect(result.papers.map((paper) => [paper.title, paper.abstract])).toEqual([
      ['हिंदी के लिए तंत्रिका मशीन अनुवाद', hindi],
      ['اردو مشینی ترجمہ', urdu],
    ]);
  });
});

describe('isTitleShaped', () => {
  it.each([
    ['Scaling Law with Learning Rate Annealing', true],
    ['How Does Information Bottleneck Help Deep Learning?', true],
    ["What's in a Prior? Learned Proximal Networks for Inverse Problems", true],
    ['Fast, Expressive SE(n) Equivariant Networks', true],
    [
      'Just One Byte (per gradient): A Note on Low-Bandwidth Decentralized Language Model Finetuning Using Shared Randomness',
      true,
    ],
    ['$\\alpha$-Rank: Multi-Agent Evaluation by Evolution', true],
    ['We propose a method.', false],
    ['Code is available at https://github.com/a/b', false],
    ['The first sentence. The second one. A third without a period', false],
    ['An abstract clause ending with a colon:', false],
    ['x'.repeat(301), false],
    // Chinese and Japanese sentences end with full-width marks, with no space after them.
    ['大規模言語モデルにおける思考の連鎖プロンプティング', true],
    ['图神经网络：综述', true],
    ['言語モデルは推論できるか？', true],
    ['思考の連鎖を生成することで、推論能力が向上することを示す。', false],
    ['我们提出一种方法。它在所有基准上都表现良好。代码已经发布', false],
    ['本文研究了图神经网络的表达能力；', false],
    ['We study the problem．', false],
    // Hindi ends a sentence with the danda, Urdu with the Arabic full stop; Arabic, Hindi and
    // Russian sentences after a break start with a letter that has no capital or is not Latin.
    ['हिंदी भाषा के लिए तंत्रिका मशीन अनुवाद का मूल्यांकन', true],
    ['हम एक नया मॉडल प्रस्तुत करते हैं। हमारा मॉडल BLEU स्कोर में सुधार करता है।', false],
    ['اردو زبان کے لیے مشینی ترجمہ کا نیا طریقہ پیش کیا گیا ہے۔', false],
    ['نقدم نموذجاً جديداً، ونختبره على عدة مجموعات بيانات، ونناقش حدوده؛', false],
    ['هل تستطيع النماذج اللغوية فهم الشعر العربي؟', true],
    ['هل تفهم النماذج الشعر؟ نبني مجموعة بيانات. تظهر النتائج صعوبات كبيرة؟', false],
    ['Мы предлагаем метод? Точность растёт. Модель обучается быстро', false],
  ])('%s -> %s', (text, expected) => {
    expect(isTitleShaped(text)).toBe(expected);
  });
});

describe('parsePageDate', () => {
  it.each([
    ['Mar 14', { month: 3, day: 14 }],
    ['March 14', { month: 3, day: 14 }],
    ['Sept. 3, 2024', { month: 9, day: 3, year: 2024 }],
    ['14 Mar 2025', { month: 3, day: 14, year: 2025 }],
    ['Friday, March 14th', { month: 3, day: 14 }],
    ['Feb 29', { month: 2, day: 29 }],
  ])('%s', (text, expected) => {
    expect(parsePageDate(text)).toEqual(expected);
  });

  it.each(['Feb 30', 'Mar 0', 'Mar 32', 'Marching 14', 'May the force', '14', 'Scaling Law'])(
    '%s is not a date',
    (text) => {
      expect(parsePageDate(text)).toBeUndefined();
    },
  );
});
