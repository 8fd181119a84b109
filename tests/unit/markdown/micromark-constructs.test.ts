/**
 * micromark's parser with the dependency patch in .config/patches: the constructs a list of
 * extensions makes are combined once, not on every parse (a sixth of the parse of an abstract),
 * and nothing one document defines reaches the next. Both of micromark's builds are patched: the
 * one Node loads (the build's) and the development one (Vite's, and these tests').
 */
import { parse as developmentParse } from 'micromark';
import { describe, expect, it } from 'vitest';
import { parse as defaultParse } from '../../../node_modules/micromark/lib/parse.js';
import { paperMarkdownParser } from '../../../src/lib/markdown/paper-markdown-parser.ts';

const DOLLAR = 36;

type Extensions = NonNullable<NonNullable<Parameters<typeof defaultParse>[0]>['extensions']>;

/** The micromark extensions a paper's Markdown is parsed with (remark-math's). */
function paperExtensions(): Extensions {
  const processor = paperMarkdownParser().freeze();
  return [...((processor.data('micromarkExtensions') ?? []) as Extensions)];
}

describe.each([
  ['default', defaultParse],
  ['development', developmentParse],
])('micromark parse, %s build (patched)', (_build, parse) => {
  it('combines the constructs of a list of extensions once', () => {
    const extensions = paperExtensions();
    expect(extensions).toHaveLength(1);
    const first = parse({ extensions }).constructs;
    expect(parse({ extensions }).constructs).toBe(first);
    // The math extension is there: `$` starts a construct in text.
    expect(first.text[DOLLAR]).toBeDefined();
  });

  it('combines again for another list, or for the same list once it changed', () => {
    const extensions: Extensions = [];
    const plain = parse({ extensions }).constructs;
    expect(plain.text[DOLLAR]).toBeUndefined();
    extensions.push(...paperExtensions());
    const withMath = parse({ extensions }).constructs;
    expect(withMath).not.toBe(plain);
    expect(withMath.text[DOLLAR]).toBeDefined();
    expect(parse({ extensions: [...extensions] }).constructs).not.toBe(withMath);
    expect(parse().constructs.text[DOLLAR]).toBeUndefined();
  });
});

describe('remark with the patched micromark', () => {
  it('gives each document its own definitions', () => {
    const processor = paperMarkdownParser();
    const defining = processor.parse('See [the code][code].\n\n[code]: https://example.org/code\n');
    const after = processor.parse('See [the code][code].\n');
    expect(JSON.stringify(defining)).toContain('"type":"linkReference"');
    expect(JSON.stringify(after)).not.toContain('linkReference');
    expect(JSON.stringify(after)).toContain('[the code][code]');
  });
});
