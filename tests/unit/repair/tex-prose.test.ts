import { describe, expect, it } from 'vitest';
import { proseContext } from '../../helpers/prose-context.ts';
import {
  braceAccentArguments,
  COMMAND_TOKEN,
  replaceCitations,
  replaceFontSwitches,
} from '../../../src/lib/repair/tex-prose.ts';

describe('replaceCitations', () => {
  it.each([
    [String.raw`as shown in \cite{G2}.`, 'as shown in [G2].'],
    [String.raw`see \citep[p.~3]{a, b ,c}`, 'see [a, b, c]'],
    [String.raw`see \citep[see][p.~3]{a}`, 'see [a]'],
    [String.raw`by \citet*{smith20}`, 'by [smith20]'],
    [String.raw`in \eqref{eq:1} and \ref{fig2}`, 'in (eq:1) and (fig2)'],
    [String.raw`\Cref{sec:intro} and \autoref{tab}`, '(sec:intro) and (tab)'],
    [String.raw`\citeauthor{x} wrote`, '[x] wrote'],
    [String.raw`hidden\nocite{a,b} here`, 'hidden here'],
    [String.raw`empty \cite{} and \cite{ , }.`, 'empty  and .'],
  ])('%s -> %s', (input, output) => {
    const ctx = proseContext();
    expect(ctx.render(replaceCitations(input, ctx))).toBe(output);
  });

  it('keeps the citation as a literal placeholder whose source is the TeX', () => {
    const ctx = proseContext();
    const out = replaceCitations(String.raw`see \cite{G2}`, ctx);
    expect(out).not.toContain('[G2]');
    expect(ctx.show(out)).toBe(String.raw`see \cite{G2}`);
    expect(ctx.records).toEqual([['tex-citation', String.raw`\cite{G2}`, '[G2]']]);
  });

  it.each([
    String.raw`\cite{a{b}}`,
    String.raw`\cite{unclosed`,
    String.raw`\citation{x}`,
    String.raw`\recite{x}`,
    String.raw`\cite[unclosed{x}`,
    'cite{G2} without a backslash',
  ])('leaves %s alone', (input) => {
    const ctx = proseContext();
    expect(replaceCitations(input, ctx)).toBe(input);
    expect(ctx.records).toEqual([]);
  });

  it('handles a very long key list and hostile characters in keys as text', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `k${i}`).join(',');
    const ctx = proseContext();
    expect(ctx.render(replaceCitations(`\\cite{${keys}}`, ctx))).toBe(`[${keys.split(',').join(', ')}]`);
    const hostile = proseContext();
    expect(hostile.render(replaceCitations(String.raw`\cite{<script>, ü😀}`, hostile))).toBe('[<script>, ü😀]');
  });
});

describe('replaceFontSwitches', () => {
  it.each([
    [String.raw`{\cal K}-invariant`, String.raw`\mathcal{K}-invariant`],
    [String.raw`\cal{O}(n)`, String.raw`\mathcal{O}(n)`],
    [String.raw`the field \Bbb R here`, String.raw`the field \mathbb{R} here`],
    [String.raw`{\bb Z} and {\mathbb N}`, String.raw`\mathbb{Z} and \mathbb{N}`],
    [String.raw`a \frak g algebra`, String.raw`a \mathfrak{g} algebra`],
    [String.raw`{\scr L12 }`, String.raw`\mathscr{L12}`],
    [String.raw`\scr{L}`, String.raw`\mathscr{L}`],
  ])('%s -> %s', (input, output) => {
    const ctx = proseContext();
    expect(replaceFontSwitches(input, ctx)).toBe(output);
    expect(ctx.records.map(([rule]) => rule)).toContain('tex-font-switch');
  });

  it('rewrites only the letter after a switch in a group that holds more than a name', () => {
    expect(replaceFontSwitches(String.raw`{\cal K-x}`, proseContext())).toBe(String.raw`{\mathcal{K}-x}`);
  });

  it('is idempotent', () => {
    const once = replaceFontSwitches(String.raw`{\cal K} and \Bbb R`, proseContext());
    expect(replaceFontSwitches(once, proseContext())).toBe(once);
  });

  it.each([
    String.raw`\calligraphy`,
    String.raw`\cal AB`,
    String.raw`\mathcal{K}`,
    String.raw`{\cal \alpha}`,
    'cal K without a backslash',
  ])('leaves %s alone', (input) => {
    expect(replaceFontSwitches(input, proseContext())).toBe(input);
  });
});

describe('braceAccentArguments', () => {
  it.each([
    [String.raw`the mass \bar l of`, String.raw`the mass \bar{l} of`],
    [String.raw`\hat x and \vec v`, String.raw`\hat{x} and \vec{v}`],
    [String.raw`\overline  A`, String.raw`\overline{A}`],
  ])('%s -> %s', (input, output) => {
    const ctx = proseContext();
    expect(braceAccentArguments(input, ctx)).toBe(output);
    expect(ctx.records[0]?.[0]).toBe('tex-accent-argument');
  });

  it.each([
    String.raw`\bar lambda`,
    String.raw`\bar{l}`,
    String.raw`\barx`,
    String.raw`\bar 1`,
    String.raw`\bar é`,
    String.raw`\foo x`,
  ])('leaves %s alone', (input) => {
    expect(braceAccentArguments(input, proseContext())).toBe(input);
  });
});

describe('COMMAND_TOKEN', () => {
  it.each([
    [String.raw`field \mu0H of`, [String.raw`\mu0H`]],
    [String.raw`speed in \kms and \rsun`, [String.raw`\kms`, String.raw`\rsun`]],
    [String.raw`x_\alpha`, [String.raw`\alpha`]],
    [String.raw`\x_{12}^a rest`, [String.raw`\x_{12}^a`]],
    [String.raw`\x_{12`, [String.raw`\x`]],
    [String.raw`word\cmd`, []],
    [String.raw`a\\b`, []],
    [String.raw`\, \%`, []],
  ])('finds the command tokens of %s', (text, tokens) => {
    expect(text.match(COMMAND_TOKEN) ?? []).toEqual(tokens);
  });
});
