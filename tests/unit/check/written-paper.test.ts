/**
 * `checkWrittenPaper`, the check the ingest, `npm run new` and enrich-style merges run on every
 * file they are about to write, gives the same verdict as the full check (`checkPaperSource`) on
 * any file the archive's serializer writes, hostile values included: the stages it leaves out
 * (fences, YAML anchors and tags, the two readers' agreement) never fire on such a file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaperData } from '../../../src/lib/paper/schema.ts';
import { loadTopics } from '../../../src/lib/paper/topics-file.ts';
import { findFrontMatter } from '../../../src/lib/check/front-matter-fences.ts';
import { parseYamlSyntax } from '../../../src/lib/check/yaml-hazards.ts';
import { mapDumpedYaml, mapYamlSource } from '../../../src/lib/check/yaml-source-map.ts';
import { checkPaperSource, checkWrittenPaper } from '../../../src/lib/check/paper-check.ts';
import { parsePaperFile, serializePaperFile } from '../../../src/lib/paper/paper-file.ts';

const HOSTILE = 'tests/fixtures/hostile';
const TOPICS_FILE = join(HOSTILE, 'accepted/topics.yaml');
const options = { topicIds: loadTopics(TOPICS_FILE).map((topic) => topic.id), topicsFile: TOPICS_FILE };
const PATH = 'content/papers/a-written-paper.md';

/** The rules whose stages `checkWrittenPaper` leaves out: they guard against hand-written YAML. */
const STRUCTURAL =
  /^(front-matter-|yaml-(anchor|alias|tag|directive|merge-key|duplicate-key|nesting|syntax|not-mapping)$|reader-disagreement$)/;

function verdicts(text: string) {
  const full = checkPaperSource(PATH, new TextEncoder().encode(text), options).findings.filter(
    (finding) => finding.severity === 'error',
  );
  const written = checkWrittenPaper(PATH, text, options);
  return {
    full: full.map((finding) => finding.rule).sort(),
    written: written.map((problem) => problem.rule).sort(),
    structural: full.filter((finding) => STRUCTURAL.test(finding.rule)),
    fullFindings: full,
    writtenProblems: written,
  };
}

const base: PaperData = {
  title: 'Earth Mover Distance Optimization for Auto-Regressive Language Modeling',
  authors: ['Siyu Ren', 'Zhiyong Wu'],
  arxiv: '2310.04691',
  added: new Date('2025-03-14T00:00:00Z'),
  topics: ['language-models'],
  code: ['https://github.com/example/emo'],
  source: 'inbox/2025-03-14-hf-trending.txt',
};
const abstract =
  'Neural language models are probabilistic models of human text. We propose Earth Mover Distance Optimization (EMO) for auto-regressive language modeling, with $O(n)$ cost.';

// Values chosen to look like YAML structure, Markdown or fences once written, and hidden characters.
const HOSTILE_VALUES: [string, Partial<PaperData>, string?][] = [
  ['a title that is a fence', { title: '---' }],
  ['a title with an anchor and an alias', { title: '&a Widgets *a for Everyone' }],
  ['a title with a tag', { title: '!!binary Widgets' }],
  ['a title with a directive', { title: '%YAML 1.1 Widgets' }],
  ['a title with a mapping', { title: 'key: value, another: one' }],
  ['a title with a comment', { title: 'Widgets # not a comment' }],
  ['a title with quotes', { title: `It's "quoted" \\ twice` }],
  ['a title that is a merge key', { title: '<<' }],
  ['an author that is a list item', { authors: ['- Eve', '[a, b]', '{x: 1}'] }],
  ['an original with fences and YAML', { original: 'x\n---\ntitle: other\n---\n&a *a !!tag %YAML' }],
  ['a source with escapes', { source: 'inbox/\u202Eevil.txt' }],
  ['a title with a soft hyphen', { title: 'Wid\u00ADgets' }],
  ['a title with an escape character', { title: 'Widgets\u001B[2J' }],
  ['a title with NUL', { title: 'Widgets\u0000' }],
  ['a title with a right-to-left override', { title: 'Widgets \u202Egnirts\u202C' }],
  ['a DOI with a bidirectional control', { doi: '10.1234/x\u202E' }],
  ['an author with the Hangul filler', { authors: ['\u3164'] }],
  ['a title with HTML', { title: 'Widgets <img src=x onerror=alert(1)>' }],
  ['a title with bad math', { title: 'Widgets $\\frac{1}{$' }],
  ['an unknown topic', { topics: ['astrology'] }],
  ['an abstract with a reference to a bidirectional control', {}, `${abstract} &#x202E;`],
  ['an abstract with HTML', {}, `${abstract} <script>alert(1)</script>`],
  ['an abstract nested too deep', {}, `${'- '.repeat(3000)}x`],
  ['an abstract too long', {}, 'word '.repeat(2500)],
  ['a file too large', { original: 'x'.repeat(70_000) }],
  ['an abstract with a raw zero width space', {}, `${abstract} Atten\u200Btion`],
];

describe('checkWrittenPaper and the full check agree on what the serializer writes', () => {
  it('accepts a plain paper, as the full check does', () => {
    const { full, written } = verdicts(serializePaperFile(base, abstract));
    expect(full).toEqual([]);
    expect(written).toEqual([]);
  });

  it.each(HOSTILE_VALUES)('%s', (_, change, body = abstract) => {
    const text = serializePaperFile({ ...base, ...change } as PaperData, body);
    const { full, written, structural } = verdicts(text);
    expect(structural).toEqual([]);
    expect(written).toEqual(full);
  });

  it('refuses every hostile value that is not plain text once written, and accepts the rest', () => {
    const refused = HOSTILE_VALUES.filter(([, change, body = abstract]) => {
      const { full } = verdicts(serializePaperFile({ ...base, ...change } as PaperData, body));
      return full.length > 0;
    }).map(([name]) => name);
    expect(refused).toEqual(HOSTILE_VALUES.slice(10).map(([name]) => name));
  });

  it('reports the same messages, with the rule, for the same values', () => {
    const text = serializePaperFile({ ...base, title: 'Widgets \u202Egnirts\u202C' }, abstract);
    const { fullFindings, writtenProblems } = verdicts(text);
    expect(writtenProblems.map((p) => [p.rule, p.line, p.column, p.message])).toEqual(
      fullFindings.map((f) => [f.rule, f.line, f.column, f.message]),
    );
  });

  it('gives the same verdict on every hostile fixture the serializer can write', () => {
    let compared = 0;
    for (const dir of ['accepted/papers', 'rejected', 'warnings']) {
      for (const name of readdirSync(join(HOSTILE, dir))) {
        const bytes = readFileSync(join(HOSTILE, dir, name));
        // A file whose YAML the check refuses unread (an alias bomb) is not evaluated here either.
        const original = checkPaperSource(name, bytes, options).findings;
        if (original.some((finding) => STRUCTURAL.test(finding.rule))) continue;
        let parsed;
        try {
          parsed = parsePaperFile(new TextDecoder().decode(bytes));
        } catch {
          continue; // Not a file the serializer could have written.
        }
        const text = serializePaperFile(parsed.data as PaperData, parsed.body);
        const { full, written, structural } = verdicts(text);
        expect(structural, name).toEqual([]);
        expect(written, name).toEqual(full);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('refuses a name the check refuses', () => {
    const text = serializePaperFile(base, abstract);
    const problems = checkWrittenPaper(`content/papers/${'a'.repeat(129)}.md`, text, options);
    expect(problems.map((p) => [p.rule, p.area])).toEqual([['file-name-too-long', 'file']]);
  });
});

describe('mapDumpedYaml', () => {
  it('locates every value of a serialized file where the YAML syntax tree does', () => {
    const text = serializePaperFile(
      { ...base, doi: '10.1234/abc', links: ['https://example.org/a', 'https://example.org/b'], original: 'a\n\nb' },
      abstract,
    );
    const region = findFrontMatter(text).region;
    if (!region) throw new Error('no front matter');
    const fast = mapDumpedYaml(region.yaml);
    const tree = mapYamlSource(region.yaml, parseYamlSyntax(region.yaml));
    const paths: (string | number)[][] = [
      ['title'],
      ['authors'],
      ['authors', 0],
      ['authors', 1],
      ['arxiv'],
      ['doi'],
      ['added'],
      ['topics', 0],
      ['code', 0],
      ['links', 1],
      ['source'],
      ['original'],
    ];
    for (const path of paths) {
      expect(fast.valueOffset(path), path.join('.')).toBe(tree.valueOffset(path));
      if (path.length === 1)
        expect(fast.keyOffset(String(path[0])), path.join('.')).toBe(tree.keyOffset(String(path[0])));
      if (path[0] !== 'authors' || path.length > 1) expect(fast.source(path), path.join('.')).toBe(tree.source(path));
    }
  });
});
