import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fileNameLengthProblem,
  fileNameProblem,
  fileNameProblems,
  listPaperFiles,
  PAPER_FILE_NAME,
  reservedSlugProblem,
} from '../../../src/lib/check/archive-files.ts';
import { MAX_SLUG_LENGTH } from '../../../src/lib/paper/slug.ts';

const rulesOf = (name: string) => fileNameProblems(name).map((p) => p.rule);

describe('PAPER_FILE_NAME and fileNameProblem', () => {
  it.each(['attention-is-all-you-need.md', 'gpt-4.md', 'a.md', '2401-10010.md', 'x1-y2-z3.md'])(
    'accepts the slug %s',
    (name) => {
      expect(PAPER_FILE_NAME.test(name)).toBe(true);
      expect(fileNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['capitals', 'Attention-Is-All-You-Need.md', 'attention-is-all-you-need.md'],
    ['spaces', 'attention is all you need.md', 'attention-is-all-you-need.md'],
    ['underscores', 'deep_learning.md', 'deep-learning.md'],
    ['a double hyphen', 'deep--learning.md', 'deep-learning.md'],
    ['a leading hyphen', '-deep.md', 'deep.md'],
    ['a trailing hyphen', 'deep-.md', 'deep.md'],
    ['accents', 'étude-réseaux.md', 'etude-reseaux.md'],
    ['an upper-case extension', 'deep.MD', 'deep.md'],
    ['a second dot', 'v1.2-results.md', 'v1-2-results.md'],
    ['a name without letters', '.md', 'paper.md'],
    ['only emoji', '🙂🙂.md', 'paper.md'],
  ])('refuses a name with %s and suggests a slug', (_, name, suggestion) => {
    expect(PAPER_FILE_NAME.test(name)).toBe(false);
    const problem = fileNameProblem(name);
    expect(problem).toContain(`the file name "${name}" is not a slug`);
    expect(problem).toContain(`e.g. "${suggestion}"`);
  });

  it('refuses a right-to-left override and a zero width space hidden in a name', () => {
    expect(fileNameProblem('paper\u202Etxt.md')).toBeDefined();
    expect(fileNameProblem('pa\u200Bper.md')).toBeDefined();
    // A newline cannot sneak past the anchored pattern.
    expect(fileNameProblem('paper.md\nother.md')).toBeDefined();
  });
});

describe('fileNameLengthProblem', () => {
  it(`accepts a slug of exactly ${MAX_SLUG_LENGTH} characters and refuses one more`, () => {
    expect(fileNameLengthProblem(`${'a'.repeat(MAX_SLUG_LENGTH)}.md`)).toBeUndefined();
    const problem = fileNameLengthProblem(`${'a'.repeat(MAX_SLUG_LENGTH + 1)}.md`);
    expect(problem).toContain(`makes a slug of ${MAX_SLUG_LENGTH + 1} characters`);
    expect(problem).toContain(`a slug is at most ${MAX_SLUG_LENGTH}`);
  });

  it('counts bytes, not characters, in a name that is not ASCII', () => {
    // 43 three-byte characters: 43 characters but 129 bytes.
    const problem = fileNameLengthProblem(`${'深'.repeat(43)}.md`);
    expect(problem).toContain('makes a slug of 129 bytes');
    expect(fileNameLengthProblem(`${'深'.repeat(42)}.md`)).toBeUndefined();
  });

  it('shortens a long name in the message and suggests a slug that fits', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join('-');
    const problem = fileNameLengthProblem(`${words}.md`) ?? '';
    expect(problem).toContain(`"${words.slice(0, 59)}….md"`);
    const suggestion = /e\.g\. "([^"]+)\.md"/.exec(problem)?.[1] ?? '';
    expect(suggestion.length).toBeGreaterThan(0);
    expect(suggestion.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(fileNameLengthProblem(`${suggestion}.md`)).toBeUndefined();
  });

  // Bug: the shown name is cut at 59 UTF-16 code units, which can split a surrogate pair and put
  // a lone surrogate (not valid Unicode, printed as U+FFFD or refused by UTF-8 encoders) in the message.
  it('does not split a character in two when it shortens a name of emoji', () => {
    const problem = fileNameLengthProblem(`${'🙂'.repeat(40)}.md`) ?? '';
    expect(problem).not.toBe('');
    expect(problem.isWellFormed()).toBe(true);
  });
});

describe('reservedSlugProblem', () => {
  it.each(['2.md', '0.md', '007.md', '12345678901234567890.md', 'by-title.md'])(
    'refuses %s, a page of the list',
    (name) => {
      expect(reservedSlugProblem(name)).toContain(`/papers/${name.replace(/\.md$/, '')}/ is a page of the paper list`);
    },
  );

  it.each(['2d-vision.md', 'by-title-and-author.md', 'title-by.md', 'v2.md'])('accepts %s', (name) => {
    expect(reservedSlugProblem(name)).toBeUndefined();
  });
});

describe('fileNameProblems', () => {
  it('is empty for a good name', () => {
    expect(fileNameProblems('scaling-laws.md')).toEqual([]);
  });

  it('reports each problem under its own rule', () => {
    expect(rulesOf('Scaling Laws.md')).toEqual(['file-name']);
    expect(rulesOf(`${'a'.repeat(200)}.md`)).toEqual(['file-name-too-long']);
    expect(rulesOf(`${'A'.repeat(200)}.md`)).toEqual(['file-name', 'file-name-too-long']);
    expect(rulesOf('42.md')).toEqual(['reserved-slug']);
    expect(rulesOf('by-title.md')).toEqual(['reserved-slug']);
  });

  it('refuses a Windows device name, which Git for Windows cannot check out, and names the reason', () => {
    for (const name of ['con.md', 'prn.md', 'aux.md', 'nul.md', 'com1.md', 'lpt9.md', 'com0.md']) {
      expect(rulesOf(name), name).toEqual(['reserved-slug']);
    }
    expect(fileNameProblems('aux.md')[0]?.message).toBe(
      'the file name "aux.md" is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, whatever follows the dot): Git cannot check the repository out there; name the file after the title with another word (e.g. "aux-1.md")',
    );
    for (const name of ['console.md', 'con-air.md', 'com10.md', 'auxiliary.md'])
      expect(rulesOf(name), name).toEqual([]);
  });

  it('does not add a reserved-slug problem to a name that is not a slug at all', () => {
    expect(rulesOf('42.MD')).toEqual(['file-name']);
  });

  it('takes an empty name and a very long one without throwing', () => {
    expect(rulesOf('')).toEqual(['file-name']);
    expect(rulesOf('x'.repeat(100_000))).toEqual(['file-name', 'file-name-too-long']);
  });
});

describe('listPaperFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string) => writeFileSync(join(dir, name), '---\ntitle: x\n---\n');
  const problemsOf = (listing: ReturnType<typeof listPaperFiles>) =>
    listing.problems.map((p) => [p.path.slice(dir.length + 1), p.rule]);

  it('lists the .md files of an empty or a clean folder, sorted by name', () => {
    expect(listPaperFiles(dir)).toEqual({ papers: [], problems: [] });
    for (const name of ['c-paper.md', 'a-paper.md', 'b-paper.md']) write(name);
    expect(listPaperFiles(dir)).toEqual({
      papers: ['a-paper.md', 'b-paper.md', 'c-paper.md'].map((name) => join(dir, name)),
      problems: [],
    });
  });

  it('refuses folders, links, hidden files, MDX and other extensions, and lists none of them as papers', () => {
    write('good.md');
    mkdirSync(join(dir, 'folder.md'));
    symlinkSync(join(dir, 'good.md'), join(dir, 'link.md'));
    write('.hidden.md');
    write('component.mdx');
    write('shouting.MDX');
    write('notes.txt');
    write('upper.MD');
    write('README');
    const listing = listPaperFiles(dir);
    expect(listing.papers).toEqual([join(dir, 'good.md')]);
    const byName = Object.fromEntries(listing.problems.map((p) => [p.path.slice(dir.length + 1), p]));
    expect(Object.keys(byName).sort()).toEqual(
      ['.hidden.md', 'README', 'component.mdx', 'folder.md', 'link.md', 'notes.txt', 'shouting.MDX', 'upper.MD'].sort(),
    );
    expect(listing.problems.every((p) => p.rule === 'not-a-paper-file')).toBe(true);
    expect(byName['folder.md']?.message).toMatch(/^folders are not allowed/);
    expect(byName['link.md']?.message).toMatch(/^symbolic links are not allowed/);
    expect(byName['.hidden.md']?.message).toMatch(/^hidden files are not allowed.*"\.hidden\.md"/);
    expect(byName['component.mdx']?.message).toMatch(/^MDX files are code/);
    expect(byName['shouting.MDX']?.message).toMatch(/^MDX files are code/);
    expect(byName['notes.txt']?.message).toContain(`"${join(dir, 'notes.txt')}" is not a paper`);
    expect(byName['upper.MD']?.message).toContain('is not a paper');
  });

  it('refuses a link to a folder outside as a link, not as a folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'archive-files-outside-'));
    try {
      symlinkSync(outside, join(dir, 'elsewhere.md'));
      expect(problemsOf(listPaperFiles(dir))).toEqual([['elsewhere.md', 'not-a-paper-file']]);
      expect(listPaperFiles(dir).problems[0]?.message).toMatch(/^symbolic links/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists a badly named .md file as a paper and reports its name', () => {
    write('Bad Name.md');
    write('7.md');
    write(`${'a'.repeat(200)}.md`);
    const listing = listPaperFiles(dir);
    expect(listing.papers).toHaveLength(3);
    expect(problemsOf(listing)).toEqual([
      ['7.md', 'reserved-slug'],
      ['Bad Name.md', 'file-name'],
      [`${'a'.repeat(200)}.md`, 'file-name-too-long'],
    ]);
  });

  it('reports every file of names that differ only in case, naming all of them', () => {
    write('deep-learning.md');
    write('Deep-Learning.md');
    write('DEEP-LEARNING.md');
    write('other.md');
    const listing = listPaperFiles(dir);
    expect(listing.papers).toHaveLength(4);
    const duplicates = listing.problems.filter((p) => p.rule === 'duplicate-slug');
    expect(duplicates.map((p) => p.path.slice(dir.length + 1)).sort()).toEqual(
      ['DEEP-LEARNING.md', 'Deep-Learning.md', 'deep-learning.md'].sort(),
    );
    for (const problem of duplicates) {
      for (const name of ['DEEP-LEARNING.md', 'Deep-Learning.md', 'deep-learning.md'])
        expect(problem.message).toContain(`"${join(dir, name)}"`);
    }
  });

  it('takes names in odd Unicode without throwing', () => {
    for (const name of ['\u202Eevil.md', 'zero\u200Bwidth.md', 'ÉTUDE.md', '深度学习.md', '🙂.md']) write(name);
    const listing = listPaperFiles(dir);
    expect(listing.papers).toHaveLength(5);
    expect(listing.problems.filter((p) => p.rule === 'file-name')).toHaveLength(5);
  });

  it('throws an error naming the folder when it cannot be listed', () => {
    const missing = join(dir, 'missing');
    expect(() => listPaperFiles(missing)).toThrow(`Failed to list the papers folder ${missing}`);
    write('file.md');
    expect(() => listPaperFiles(join(dir, 'file.md'))).toThrow(/Failed to list the papers folder/);
  });
});
