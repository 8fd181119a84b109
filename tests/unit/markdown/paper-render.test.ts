import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import type { Processor } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it, vi } from 'vitest';
import mathCommands from '../../../src/lib/math/math-commands.json' with { type: 'json' };
import { paperMarkdownParser } from '../../../src/lib/markdown/paper-markdown-parser.ts';
import { PAPER_MARKDOWN } from '../../../src/lib/markdown/paper-markdown.ts';
import { createPaperRenderer } from '../../../src/lib/markdown/paper-render.ts';
import { markdownLimits } from '../../../src/lib/check/markdown-limits.ts';
import { parsePaperFile } from '../../../src/lib/paper/paper-file.ts';
import { listFiles } from '../../helpers/dist.ts';

const renderPaper = createPaperRenderer();
const dir = mkdtempSync(join(tmpdir(), 'paper-markdown-'));

/** Renders `body` as the paper file `name` would be (front matter of `headerLines` lines before it). */
async function render(body: string, name = 'paper.md', headerLines = 5): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, `---\n${'k: v\n'.repeat(headerLines - 2)}---\n${body}`);
  return renderPaper(body, path);
}

async function failure(body: string, name: string): Promise<string> {
  try {
    await render(body, name);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the render to fail');
}

describe('paper Markdown rendering', () => {
  it('typesets inline and display math with KaTeX', async () => {
    const html = await render('Loss $L = \\alpha x^2$ here.\n\n$$\n\\sum_i x_i\n$$\n');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).not.toContain('katex-error');
  });

  it('drops raw HTML, scripts and event handlers', async () => {
    const html = await render(
      'Hi <script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick="x()">bold</b>\n\n<iframe src="https://evil.example"></iframe>\n',
    );
    expect(html).not.toMatch(/<script|<img|<iframe|onerror|onclick|<b[ >]/i);
    expect(html).toContain('Hi');
  });

  it('keeps http(s) links, marks them as user content, and strips other schemes', async () => {
    const html = await render(
      '[code](https://github.com/a/b) [x](javascript:alert(1)) [d](data:text/html,hi) [v](vbscript:x) <javascript:alert(1)>\n',
    );
    expect(html).toContain('href="https://github.com/a/b"');
    expect(html).toContain('rel="nofollow ugc noopener"');
    // The autolink's text may stay visible; no URL with another scheme may become an attribute.
    expect(html).not.toMatch(/(?:href|src)="(?:javascript|data|vbscript):/);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://github.com/a/b']);
  });

  it('leaves links that go elsewhere than they read as text, by the one URL rule', async () => {
    const html = await render(
      '[GitHub](https://evil.example/x) [code](https://github.com@evil.example/x) <https://xn--gthub-n2e.com/x> [gіthub](https://gіthub.com/x) [ok](https://github.com/a/b)\n',
    );
    expect(html).not.toMatch(/href="[^"]*(?:evil\.example|xn--)/);
    expect(html).toContain('<a rel="nofollow ugc noopener">GitHub</a>');
    expect(html).toContain('<a rel="nofollow ugc noopener">code</a>');
    expect(html).toContain('href="https://github.com/a/b"');
  });

  it('never renders images, local or remote', async () => {
    const html = await render('![tracker](https://evil.example/pixel.png)\n');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example');
  });

  it('fails on a formula KaTeX cannot parse, naming file, line and formula', async () => {
    const message = await failure('First line.\n\nSecond $\\frac{1}{$ here.\n', 'bad-math.md');
    // Line 3 of the body sits below 5 lines of front matter.
    expect(message).toMatch(/bad-math\.md:8:8: KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error/);
  });

  it('fails on a broken display formula at its first line', async () => {
    const message = await failure('Intro.\n\n$$\n\\left( x\n$$\n', 'bad-display.md');
    expect(message).toMatch(/bad-display\.md:8:1: KaTeX cannot render the formula/);
  });

  it('refuses commands trust:false disables instead of painting them red', async () => {
    const message = await failure('See $\\href{https://x.example}{x}$.\n', 'href.md');
    expect(message).toMatch(/href\.md:6:6: \\href in a formula renders as red error text/);
  });

  it('refuses a formula over the length cap', async () => {
    const message = await failure(`Long $${'x+'.repeat(1500)}x$.\n`, 'long.md');
    expect(message).toMatch(
      /long\.md:6:6: KaTeX cannot render the formula "x\+x.*": formula is 3001 characters; the limit is 2000/,
    );
  });

  it('refuses macro definitions before KaTeX expands them', async () => {
    const message = await failure('Bomb $\\def\\a{\\a\\a}\\a$.\n', 'bomb.md');
    expect(message).toMatch(/bomb\.md:6:7: \\def is not allowed in a formula: a paper may not define macros/);
  });

  it('refuses colour boxes, size switches and boxes that leave their line, at the command', async () => {
    const message = await failure('Big $x \\colorbox{red}{\\Huge y}$.\n', 'box.md');
    expect(message).toMatch(/box\.md:6:8: \\colorbox is not allowed in a formula: colour can hide text/);
    expect(await failure('Up $\\raisebox{9em}{x}$.\n', 'up.md')).toMatch(/up\.md:6:5: \\raisebox is not allowed/);
  });

  it('refuses a formula over the budget: taller than a page', async () => {
    const message = await failure(`Tall $\\begin{matrix}${'1\\\\'.repeat(40)}\\end{matrix}$.\n`, 'tall.md');
    expect(message).toMatch(/tall\.md:6:6: the formula "\\begin\{matrix\}1.*" is \d+(\.\d)?em tall; the limit is 6em/);
  });

  it('refuses the formulas of an abstract that are over the budget together', async () => {
    const formula = `$${'\\overbrace{x}^{y}'.repeat(18)}$`;
    const message = await failure(`${`${formula} and `.repeat(5)}end.\n`, 'many.md');
    expect(message).toMatch(
      /many\.md:6:\d+: the formulas of the abstract render to [\d,]+ characters of HTML together; the limit is 200,000/,
    );
  });

  it('renders the site macros, with a fresh copy for every formula', async () => {
    const html = await render('In $\\Q$ and $\\eps$; $\\begin{aligned}a\\nonumber\\end{aligned}$ then $\\Q$.\n');
    expect(html).toContain('<mi mathvariant="double-struck">Q</mi>');
    expect(html).toContain('<mi>ε</mi>');
  });
});

/**
 * Astro's processor for the site's own prose: the guard, rehype-katex and the search-text step, on
 * trees. The paper renderer does the same in one step on KaTeX's HTML, and must give the same page.
 */
function astroProcessorRenderer(): (markdown: string, path: string) => Promise<string> {
  let processor = paperMarkdownParser().use(remarkRehype, PAPER_MARKDOWN.remarkRehype) as unknown as Processor;
  for (const plugin of PAPER_MARKDOWN.rehypePlugins) {
    processor = (Array.isArray(plugin)
      ? processor.use(plugin[0], plugin[1])
      : processor.use(plugin)) as unknown as Processor;
  }
  const pipeline = processor.use(rehypeStringify);
  return async (markdown, path) => String(await pipeline.process(new VFile({ value: markdown, path })));
}

/** HTML as a browser's parser reads it, written out one way, so equal documents compare equal. */
const parsed = (html: string): string => toHtml(fromHtml(html, { fragment: true }));

/** What rendering gave: the HTML once parsed, or the error's message. */
async function outcome(render: (markdown: string, path: string) => Promise<string>, markdown: string, path: string) {
  try {
    return parsed(await render(markdown, path));
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function markdownFiles(folder: string): Promise<string[]> {
  return (await listFiles(folder)).filter((name) => name.endsWith('.md')).map((name) => join(folder, name));
}

describe("the paper renderer against Astro's processor", () => {
  const reference = astroProcessorRenderer();

  it('renders every seed and fixture paper to the same document, and refuses the same ones alike', async () => {
    const files = [...(await markdownFiles('content/papers')), ...(await markdownFiles('tests/fixtures'))];
    let compared = 0;
    let withMath = 0;
    for (const file of files) {
      let body: string;
      try {
        body = parsePaperFile(readFileSync(file, 'utf8')).body;
      } catch {
        continue; // Not a paper file at all (the check's fixtures): nothing renders it.
      }
      // The check refuses Markdown bombs before any build renders them (and they take seconds).
      if (markdownLimits(body).length > 0) continue;
      const expected = await outcome(reference, body, file);
      expect(await outcome(renderPaper, body, file), file).toBe(expected);
      compared++;
      if (expected.includes('class="katex"')) withMath++;
    }
    expect(compared).toBeGreaterThan(150);
    expect(withMath).toBeGreaterThan(20);
  });

  it('typesets every command of the allow-list as rehype-katex does, inline and displayed', async () => {
    const path = join(dir, 'commands.md');
    writeFileSync(path, '---\nk: v\n---\n');
    // `$\$` would end the inline formula at the escaped dollar in Markdown, not test KaTeX.
    const commands = mathCommands.allowed.filter((command) => command !== '\\$');
    expect(commands.length).toBeGreaterThan(900);
    let typeset = 0;
    for (const command of commands) {
      const markdown = `A $${command}{x}{y}$ b.\n\n$$\n${command}{x}{y}\n$$\n`;
      const expected = await outcome(reference, markdown, path);
      expect(await outcome(renderPaper, markdown, path), command).toBe(expected);
      if (!expected.startsWith('error:')) typeset++;
    }
    expect(typeset).toBeGreaterThan(800);
    // Two pipelines over 900 commands: seconds on a loaded machine (a limit on a hang, not a speed target).
  }, 60_000);

  it("typesets each formula once (the judge's rendering), where the guard and rehype-katex typeset it twice", async () => {
    const markdown = 'Loss $L = \\alpha x^2$ and $\\beta$.\n\n$$\n\\sum_i x_i\n$$\n';
    const typeset = vi.spyOn(katex, 'renderToString');
    try {
      await render(markdown, 'once.md');
      expect(typeset).toHaveBeenCalledTimes(3);
      typeset.mockClear();
      await reference(markdown, join(dir, 'once.md'));
      expect(typeset).toHaveBeenCalledTimes(6);
    } finally {
      typeset.mockRestore();
    }
  });
});
