import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { parseYaml } from '@astrojs/internal-helpers/yaml';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { serializePaperFile } from '../../../src/lib/paper/paper-file.ts';
import type { PaperData } from '../../../src/lib/paper/schema.ts';
import { readFrontMatter, readSimpleYaml } from '../../../src/lib/paper/read-front-matter.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** Every paper file the repository has: the seed archive, the fixtures, the hostile files. */
function paperFiles(): { name: string; source: string }[] {
  const folders = [
    'content/papers',
    'tests/fixtures/hostile/accepted',
    'tests/fixtures/hostile/rejected',
    'tests/fixtures/hostile/warnings',
  ];
  const files = folders.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((name) => name.endsWith('.md'))
      .map((name) => ({ name: `${folder}/${name}`, source: readFileSync(join(ROOT, folder, name), 'utf8') })),
  );
  // Test fixture archives anywhere under tests/fixtures.
  for (const entry of readdirSync(join(ROOT, 'tests/fixtures'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.md') || !entry.parentPath.includes('papers')) continue;
    const path = join(entry.parentPath, entry.name);
    files.push({ name: path.slice(ROOT.length + 1), source: readFileSync(path, 'utf8') });
  }
  return files;
}

/** Astro's reader, what `readFrontMatter` must always agree with. */
function astroReads(source: string): unknown {
  try {
    const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
    return { frontmatter, content };
  } catch (error) {
    return failure(error);
  }
}

/** A reader's error; how deep the stack was when a nesting bomb overflowed it depends on the caller. */
function failure(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return { error: message.startsWith('Maximum call stack size exceeded') ? 'stack overflow' : message };
}

function fastReads(source: string): unknown {
  try {
    return readFrontMatter(source);
  } catch (error) {
    return failure(error);
  }
}

/** Whether `readSimpleYaml` read `raw` itself (and, if it did, that YAML reads the same). */
function readItself(raw: string): boolean {
  const simple = readSimpleYaml(raw);
  if (simple === undefined) return false;
  expect(simple, JSON.stringify(raw)).toStrictEqual(parseYaml(raw));
  return true;
}

/** The YAML between a file's fences, as Astro's pattern cuts it. */
const rawFrontMatter = (source: string) => /^---([\s\S]*?\n)(?:---|\+\+\+)/.exec(source)?.[1];

/** Seeded choices, the same on every run. */
function randomChoices(seed: number) {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

describe('readFrontMatter', () => {
  it('reads every paper file of the repository as Astro does, and most of them itself', () => {
    const files = paperFiles();
    expect(files.length).toBeGreaterThan(150);
    let itself = 0;
    for (const { name, source } of files) {
      expect(fastReads(source), name).toStrictEqual(astroReads(source));
      const raw = rawFrontMatter(source);
      if (raw !== undefined && readItself(raw)) itself += 1;
    }
    // The seed archive is written by the ingest: all 56 are in the form read here.
    expect(itself).toBeGreaterThanOrEqual(56);
  });

  it('reads what serializePaperFile writes itself, whatever the text', () => {
    const { next, pick } = randomChoices(20261205);
    const words = [
      'Attention',
      'is',
      '3D Gaussian',
      '2x',
      '1e3',
      '2025-03-14',
      '0x1F',
      'all: you need',
      "it's",
      'C#',
      'a #tag',
      '#1',
      '50%',
      '2x',
      '3D',
      'null',
      'True',
      '- dash',
      '"quoted"',
      '[x]',
      '{y}',
      '*star*',
      '&amp;',
      '!bang',
      '|pipe',
      '> gt',
      '@at',
      '`tick`',
      '~',
      '.5',
      'Schrödinger',
      '𝔼[X]',
      'naïve',
      '\\alpha',
      '$x^2$',
      ':colon',
      'end:',
      '? q',
      "'",
      '',
    ];
    let itself = 0;
    for (let round = 0; round < 2000; round += 1) {
      const text = () =>
        Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(words))
          .join(pick([' ', '', '  ']))
          .trim() || 'Title';
      const data = {
        title: text(),
        authors: Array.from({ length: Math.floor(next() * 3) }, text),
        arxiv: pick(['2203.00340', '2401.12345v2', undefined]),
        categories: pick([['cs.LG'], ['stat.ML', 'cs.AI'], undefined]),
        comments: pick([text(), undefined]),
        published: pick([new Date(Date.UTC(2023, 4, 28)), undefined]),
        added: new Date(Date.UTC(2025, 2, 14)),
        topics: ['deep-learning'],
        source: 'inbox/2025-03-14-hf-trending.txt',
        original: pick([text(), undefined]),
      } as PaperData;
      const source = serializePaperFile(data, `${text()}\n`);
      expect(fastReads(source), source).toStrictEqual(astroReads(source));
      const raw = rawFrontMatter(source) ?? '';
      if (readItself(raw)) itself += 1;
    }
    // Most texts are plain or single-quoted; the rest (escapes) go to Astro's reader.
    expect(itself).toBeGreaterThan(1500);
  });

  it('agrees with YAML on generated hostile front matter, reading it itself or not at all', () => {
    const { next, pick } = randomChoices(7);
    // Mostly the form's own keys and separator, so that many cases are read here and compared.
    const often = <T>(usual: readonly T[], rare: readonly T[]) => (next() < 0.85 ? pick(usual) : pick(rare));
    const key = () =>
      often(
        ['title', 'authors', 'added', 'comments', 'original'],
        ['null', 'True', 'a_b', '<<', 'x y', '__proto__', ''],
      );
    const separator = () => often([': '], [':', ':  ', ' : ', ':\t', ': &a ', ': !!str ']);
    const pieces = [
      'a',
      'word',
      'The model',
      'x',
      'Deep learning',
      '3D',
      '2 layers',
      '1e3 steps',
      'v2',
      'café',
      ' ',
      ':',
      ': ',
      '#',
      ' #',
      "'",
      "''",
      '"',
      '\\',
      '\\n',
      '-',
      '- ',
      '?',
      ',',
      '[',
      ']',
      '{',
      '}',
      '&',
      '*',
      '!',
      '|',
      '>',
      '%',
      '@',
      '`',
      '~',
      '.',
      '0',
      '12',
      '0x1F',
      '1e3',
      '.inf',
      '.NaN',
      'null',
      'Null',
      'NULL',
      'true',
      'FALSE',
      'yes',
      'on',
      '2025-03-14',
      '2025-02-30',
      '2025-3-4',
      '0099-01-01',
      '2025-03-14T10:00:00Z',
      '\t',
      '\u0085',
      '\u2028',
      '\uFEFF',
      '\u00A0',
      '\u0007',
      '\uD800',
      '😀',
      'é',
      '=',
      '<<',
    ];
    const scalar = () => Array.from({ length: Math.floor(next() * 4) }, () => pick(pieces)).join('');
    const quoted = () => pick([(s: string) => `'${s}'`, (s: string) => `"${s}"`, (s: string) => s])(scalar());
    let itself = 0;
    let cases = 0;
    for (let round = 0; round < 20_000; round += 1) {
      const lines: string[] = [];
      for (let field = 0; field < 1 + Math.floor(next() * 3); field += 1) {
        if (next() < 0.3) {
          lines.push(`${key()}:${often([''], [' ', '\t'])}`);
          const indent = often(['  - '], ['- ', '    - ', '  -', '  - - ', ' - ']);
          for (let item = 0; item < Math.floor(next() * 3); item += 1) lines.push(`${indent}${quoted()}`);
        } else {
          lines.push(`${key()}${separator()}${quoted()}`);
        }
        if (next() < 0.05) lines.push(pick(['', '  continued', '# comment', '...', '  ', '\r']));
      }
      const raw = `\n${lines.join('\n')}\n`;
      let yamlReads: unknown;
      try {
        yamlReads = parseYaml(raw);
      } catch {
        yamlReads = undefined;
      }
      const simple = readSimpleYaml(raw);
      cases += 1;
      if (simple === undefined) continue;
      itself += 1;
      expect(simple, JSON.stringify(raw)).toStrictEqual(yamlReads);
      const source = `---${raw}---\nBody\n`;
      expect(fastReads(source), JSON.stringify(source)).toStrictEqual(astroReads(source));
    }
    // Enough of them were read here for the comparison to mean something.
    expect(itself).toBeGreaterThan(cases / 50);
  });

  it('hands every other shape to Astro: BOM, blank lines, TOML, CRLF, a closing "+++", no front matter', () => {
    for (const source of [
      '\uFEFF---\ntitle: A\n---\nBody',
      '\n\n---\ntitle: A\n---\nBody',
      '+++\ntitle = "A"\n+++\nBody',
      '---\r\ntitle: A\r\n---\r\nBody',
      '---\ntitle: A\n+++\nBody',
      '---js\ntitle: A\n---\nBody',
      'No front matter at all',
      '---\n---\nBody',
      '---\ntitle: A\n',
    ]) {
      expect(fastReads(source), JSON.stringify(source)).toStrictEqual(astroReads(source));
    }
  });

  it('reads days as YAML does (midnight UTC) and leaves impossible ones to it', () => {
    expect(readSimpleYaml('\nadded: 2025-03-14\n')).toStrictEqual({ added: new Date(Date.UTC(2025, 2, 14)) });
    expect(readSimpleYaml('\nadded: 2025-02-30\n')).toBeUndefined();
    expect(readSimpleYaml("\nadded: '2025-03-14'\n")).toStrictEqual({ added: '2025-03-14' });
  });
});
