import { readFileSync } from 'node:fs';
import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { checkMath, findMath, mathError } from '../../../src/lib/math/math-check.ts';
import { splitTitleMath } from '../../../src/lib/text/math-text.ts';
import { paperMarkdownParser } from '../../../src/lib/markdown/paper-markdown-parser.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { ARGUMENT_COMMANDS, MATH_NAMES } from '../../../src/lib/repair/tex-macros.ts';
import { repairAbstract, repairTitle, type Repair } from '../../../src/lib/repair/tex-repair.ts';

// ---------------------------------------------------------------------------------------------
// Real inputs.

const SEED_TEXT = readFileSync(new URL('../../../content/inbox/2025-03-14-hf-trending.txt', import.meta.url), 'utf8');

/** The seed page's papers: the paragraphs after the page chrome, title then abstract. */
function seedPapers(): { title: string; abstract: string }[] {
  const paragraphs = SEED_TEXT.split(/\n\s*\n/).map((p) => p.trim());
  const body = paragraphs.slice(paragraphs.indexOf('Mar 14') + 1).filter(Boolean);
  const papers: { title: string; abstract: string }[] = [];
  for (let i = 0; i + 1 < body.length; i += 2) papers.push({ title: body[i] ?? '', abstract: body[i + 1] ?? '' });
  return papers;
}

interface OaiRecord {
  title: string;
  abstract: string;
}

/** arXiv OAI abstracts are hard-wrapped; an indented line starts a paragraph. */
function oaiPapers(): { title: string; abstract: string }[] {
  const text = readFileSync(new URL('../../fixtures/inputs/arxiv-oai-sample.jsonl', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OaiRecord)
    .map((record) => ({
      title: record.title.replace(/\s+/g, ' ').trim(),
      abstract: record.abstract
        .trim()
        .split(/\n(?=[ \t])/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .join('\n\n'),
    }));
}

const SEED = seedPapers();
const OAI = oaiPapers();

// ---------------------------------------------------------------------------------------------
// How the site reads the Markdown.

const parser = paperMarkdownParser();

function tree(markdown: string): Root {
  return parser.parse(markdown) as Root;
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

/** What a reader sees, with math as `$tex$` and emphasis as `*...*`: for comparing with the input. */
function visibleText(markdown: string): string {
  const show = (node: Nodes): string => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'inlineMath':
        return `$${node.value}$`;
      case 'emphasis':
        return `*${node.children.map(show).join('')}*`;
      case 'strong':
        return `**${node.children.map(show).join('')}**`;
      default:
        return 'children' in node ? node.children.map(show).join(node.type === 'root' ? '\n\n' : '') : '';
    }
  };
  return show(tree(markdown));
}

/** The prose a reader sees, formulas left out. */
function proseText(markdown: string): string {
  const parts: string[] = [];
  walk(tree(markdown), (node) => {
    if (node.type === 'text') parts.push(node.value);
    else if (node.type === 'inlineMath' || node.type === 'math') parts.push(' ');
  });
  return parts.join('');
}

/** Node types that must never come out of a repaired title or abstract. */
const FORBIDDEN_NODES = new Set([
  'html',
  'image',
  'imageReference',
  'linkReference',
  'definition',
  'footnoteReference',
  'footnoteDefinition',
  'delete',
  'heading',
  'list',
  'blockquote',
  'code',
  'inlineCode',
  'table',
  'thematicBreak',
]);

function unsafeNodes(markdown: string): string[] {
  const found: string[] = [];
  walk(tree(markdown), (node) => {
    if (FORBIDDEN_NODES.has(node.type)) found.push(node.type);
    if (node.type === 'link' && !/^https?:\/\//.test(node.url)) found.push(`link to ${node.url}`);
  });
  return found;
}

/** Macro names and TeX residue that must not be left in prose after the repair. */
const STRAY_TEX = [
  /\b(?:cdot|mathcal|mathbb|geq|leq|neq|forall|infty|leftrightarrow|rightarrow|varepsilon)\b/,
  /(?<![A-Za-z])[A-Za-z](?:cdot|geq|leq|neq)\b/,
  /\d(?:times|cdot|geq)\b/,
  /(?:alpha|beta|gamma|delta|lambda|sigma|theta|Phi|Psi|Delta|Omega)(?=[_^{}\d])|[_^{](?:alpha|beta|gamma|delta|Phi|Psi|Delta)/,
  /(?<![\p{L}\p{N}])[A-Za-z][_^](?:\{|\d|[A-Za-z](?![A-Za-z]))/u,
  /\\%|``|''|\{\\em|\\emph|(?<![-<])--(?![->])/,
];

/** TeX command names that a repair turns into formatting, not text. */
const COMMAND_WORDS = /\\[A-Za-z]+|(?<![A-Za-z])(?:emph|textit|textbf|texttt)(?=\{)/g;

function words(text: string): string[] {
  return text
    .replace(COMMAND_WORDS, ' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3);
}

/** Every word of the input is still there (command names with their backslash count). */
function lostWords(raw: string, markdown: string): string[] {
  const haystack = `${visibleText(markdown)} ${markdown}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\\$]/g, '');
  return words(raw).filter((word) => !haystack.includes(word));
}

/** The checks every repaired text must pass. */
/** Formulas KaTeX refuses in a title, read as the site reads titles (plain text with $...$ math). */
function titleMathProblems(title: string): string[] {
  return splitTitleMath(title).flatMap((segment) =>
    segment.kind === 'math' ? [mathError(segment.tex) ?? []].flat().map((error) => `${segment.tex}: ${error}`) : [],
  );
}

/** What would go wrong on the site: math KaTeX refuses and, in an abstract, Markdown that is not prose. */
function siteProblems(text: string, repair: (text: string) => { markdown: string }): unknown[] {
  return repair === repairTitle ? titleMathProblems(text) : [...checkMath(text), ...unsafeNodes(text)];
}

function expectSound(
  raw: string,
  markdown: string,
  repair: (text: string) => { markdown: string; repairs: Repair[] },
): void {
  expect(siteProblems(markdown, repair)).toEqual([]);
  const again = repair(markdown);
  expect(again.markdown).toBe(markdown);
  expect(again.repairs).toEqual([]);
  expect(lostWords(raw, markdown)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The table: every mangled spot of the seed page, with the exact Markdown expected.

const SEED_CASES: [raw: string, markdown: string][] = [
  [
    'adhere to a scaling law with learning rate (LR) annealing over training steps (s): $L(s) = L_0 + Acdot S_1^{-alpha} - Ccdot S_2 Where S_1 is forward area and S_2$ is learning rate annealing area.',
    String.raw`adhere to a scaling law with learning rate (LR) annealing over training steps (s): $L(s) = L_0 + A\cdot S_1^{-\alpha} - C\cdot S_2$, where $S_1$ is forward area and $S_2$ is learning rate annealing area.`,
  ],
  [
    'while expending less than 1\\% of the computational cost',
    'while expending less than 1% of the computational cost',
  ],
  [
    'video modeling, multimodal imageleftrightarrowtext models, and mathematical problem solving.',
    String.raw`video modeling, multimodal image$\leftrightarrow$text models, and mathematical problem solving.`,
  ],
  [
    'an information theoretic interpretation as S(True) + D_{KL}(True||Model), and the empirical scaling laws',
    'an information theoretic interpretation as $S(True) + D_{KL}(True||Model)$, and the empirical scaling laws',
  ],
  [
    'image distribution downsampled to an 8times 8 resolution, and we can forecast',
    String.raw`image distribution downsampled to an $8\times 8$ resolution, and we can forecast`,
  ],
  [
    'achieve any given reducible loss (ie D_{KL}) in nats/image for other resolutions.',
    'achieve any given reducible loss (ie $D_{KL}$) in nats/image for other resolutions.',
  ],
  [
    'show how to answer the question "Is a picture worth a thousand words?"; (b) in the case',
    'show how to answer the question “Is a picture worth a thousand words?”; (b) in the case',
  ],
  [
    'remains rather limited -- most existing results are restricted',
    'remains rather limited — most existing results are restricted',
  ],
  [
    "This paper studies a generic framework, where the unsupervised representation learning task is specified by an abstract class of latent variable models Phi and the downstream task is specified by a class of prediction functions Psi. We prove that, under a mild ''informative'' condition, our algorithm achieves an excess risk of mathcal{O}(mathcal{C_Phi/m} + mathcal{C_Psi/n}) for downstream tasks, where C_Phi, C_Psi are complexity measures of function classes Phi, Psi, and m, n are the number of unlabeled and labeled data respectively. Comparing to the baseline of mathcal{O}(mathcal{C_{Phi circ Psi}/n}) achieved by performing supervised learning using only the labeled data, our result rigorously shows the benefit of unsupervised pretraining when m gg n and C_{Phicirc Psi} > C_Psi.",
    String.raw`This paper studies a generic framework, where the unsupervised representation learning task is specified by an abstract class of latent variable models $\Phi$ and the downstream task is specified by a class of prediction functions $\Psi$. We prove that, under a mild “informative” condition, our algorithm achieves an excess risk of $\mathcal{O}(\mathcal{C_\Phi/m} + \mathcal{C_\Psi/n})$ for downstream tasks, where $C_\Phi$, $C_\Psi$ are complexity measures of function classes $\Phi$, $\Psi$, and m, n are the number of unlabeled and labeled data respectively. Comparing to the baseline of $\mathcal{O}(\mathcal{C_{\Phi \circ \Psi}/n})$ achieved by performing supervised learning using only the labeled data, our result rigorously shows the benefit of unsupervised pretraining when $m \gg n$ and $C_{\Phi\circ \Psi} > C_\Psi$.`,
  ],
  [
    'establishing top-k (forall kgeq 1) consistency of LDR losses, and a negative result that a top-1 consistent and symmetric robust loss cannot achieve top-k consistency simultaneously for all kgeq 2; (2) we propose',
    String.raw`establishing top-k ($\forall k\geq 1$) consistency of LDR losses, and a negative result that a top-1 consistent and symmetric robust loss cannot achieve top-k consistency simultaneously for all $k\geq 2$; (2) we propose`,
  ],
  [
    String.raw`two critical failure modes: {\em entropy collapse} in deeper layers that destabilizes training, and {\em entropic overload} in earlier layers`,
    'two critical failure modes: *entropy collapse* in deeper layers that destabilizes training, and *entropic overload* in earlier layers',
  ],
  [
    'The code and implementation are available at https://github.com/Nandan91/entropy-guided-attention-llm{entropy-guided-llm}.',
    'The code and implementation are available at [entropy-guided-llm](https://github.com/Nandan91/entropy-guided-attention-llm).',
  ],
  [
    "focused on relatively ``easy'' PDE operators (e.g., elliptic and parabolic), with less emphasis on relatively ``hard'' PDE operators (e.g., hyperbolic).",
    'focused on relatively “easy” PDE operators (e.g., elliptic and parabolic), with less emphasis on relatively “hard” PDE operators (e.g., hyperbolic).',
  ],
  [
    'a trade-off between a compression term I(x;t) and a prediction term I(y;t), where I(cdot;cdot) refers to the mutual information (MI).',
    String.raw`a trade-off between a compression term $I(x;t)$ and a prediction term $I(y;t)$, where $I(\cdot;\cdot)$ refers to the mutual information (MI).`,
  ],
  [
    'over the homogeneous space of positions R^3, position and orientations R^3 {times} S^2, and the group SE(3) itself. Among these, R^3 {times} S^2 is an optimal choice, which R^3 methods cannot,',
    String.raw`over the homogeneous space of positions $R^3$, position and orientations $R^3 {\times} S^2$, and the group SE(3) itself. Among these, $R^3 {\times} S^2$ is an optimal choice, which $R^3$ methods cannot,`,
  ],
  [
    'state-of-the-art results -- in accuracy and speed -- on five different benchmarks in 2D and 3D',
    'state-of-the-art results — in accuracy and speed — on five different benchmarks in 2D and 3D',
  ],
  [
    "decision-making processes -- necessitating a framework. An explanation function takes a pre-trained GNN along with a graph as input, to produce a `sufficient statistic' subgraph with respect to the graph label.",
    'decision-making processes — necessitating a framework. An explanation function takes a pre-trained GNN along with a graph as input, to produce a ‘sufficient statistic’ subgraph with respect to the graph label.',
  ],
  [
    'including Fid_+, Fid_-, and Fid_Delta. Specifically,',
    String.raw`including $Fid_+$, $Fid_-$, and $Fid_\Delta$. Specifically,`,
  ],
  [
    'achieves up to 2.5times training speedup and up to 5times compression improvement',
    String.raw`achieves up to $2.5\times$ training speedup and up to $5\times$ compression improvement`,
  ],
  [
    'a 6.64\\% improvement against the top-performing method with less than 15\\% communication cost',
    'a 6.64% improvement against the top-performing method with less than 15% communication cost',
  ],
  [
    'Using the *Tensor Programs* technique, we derive explicit formulas. Code for our experiments can be found at github.com/edwardjhu/TP4.',
    'Using the *Tensor Programs* technique, we derive explicit formulas. Code for our experiments can be found at [github.com/edwardjhu/TP4](https://github.com/edwardjhu/TP4).',
  ],
  [
    String.raw`they retain the highly desirable {\em linear speedup effect} with respect of both`,
    'they retain the highly desirable *linear speedup effect* with respect of both',
  ],
  [
    'without affecting the performance.The IFM shows great potential',
    'without affecting the performance. The IFM shows great potential',
  ],
  [
    "the effectiveness of our proposed method 'robust mean teacher' (RMT) on the continual",
    'the effectiveness of our proposed method ‘robust mean teacher’ (RMT) on the continual',
  ],
  ["both a new task and `old' tasks by leveraging", 'both a new task and ‘old’ tasks by leveraging'],
  [
    'analysis of Riemann Hypothesis [27], the law of large numbers [2, 3, 6] and (RL) [1, 7, 18, 21, 24, 34, 39-41], could',
    String.raw`analysis of Riemann Hypothesis \[27], the law of large numbers \[2, 3, 6] and (RL) \[1, 7, 18, 21, 24, 34, 39-41], could`,
  ],
  [
    'Our hash is "functional" in that it identifies equivalent candidates, and it is "unified" in that',
    'Our hash is “functional” in that it identifies equivalent candidates, and it is “unified” in that',
  ],
  [
    'we consider a new FL paradigm called "Anarchic Federated Learning" (AFL) in this paper.',
    'we consider a new FL paradigm called “Anarchic Federated Learning” (AFL) in this paper.',
  ],
  [
    'The source code is available at https://trustai4s-lab.github.io/fidelity.',
    'The source code is available at [https://trustai4s-lab.github.io/fidelity](https://trustai4s-lab.github.io/fidelity).',
  ],
  [
    'Our code is publicly available at: https://github.com/xu-ji/information-bottleneck',
    'Our code is publicly available at: [https://github.com/xu-ji/information-bottleneck](https://github.com/xu-ji/information-bottleneck)',
  ],
];

/** More true positives: TeX the seed does not have but scraped abstracts do. */
const OTHER_CASES: [raw: string, markdown: string][] = [
  // Formulas with no `$`.
  ['the O(n log n) time and O(1) memory', String.raw`the $O(n \log n)$ time and $O(1)$ memory`],
  ['the Omega(n) and Theta(n log n) bounds', String.raw`the $\Omega(n)$ and $\Theta(n \log n)$ bounds`],
  ['sum_{i=1}^n x_i over ell_1 and log_2 n', String.raw`$\sum_{i=1}^n x_i$ over $\ell_1$ and $\log_2 n$`],
  ['the L_p-norm is x_1-dependent', 'the $L_p$-norm is $x_1$-dependent'],
  ['with alpha = 0.5 and beta < 1', String.raw`with $\alpha = 0.5$ and $\beta < 1$`],
  ['f(x) = x^2 and 2^{10} and e^x', '$f(x) = x^2$ and $2^{10}$ and $e^x$'],
  ['a rate of mathcal{O}(1/sqrt{T}) holds', String.raw`a rate of $\mathcal{O}(1/\sqrt{T})$ holds`],
  ['W_1 distance and max_x f(x) here', String.raw`$W_1$ distance and $\max_x f(x)$ here`],
  ['R^{n times d} inputs with x approx y', String.raw`$R^{n \times d}$ inputs with $x \approx y$`],
  [String.raw`the \alpha parameter and \(x^2\)`, String.raw`the $\alpha$ parameter and $x^2$`],
  ['a rightarrow alone', String.raw`a $\rightarrow$ alone`],
  // Delimited formulas.
  // A site macro (content/macros.yaml) is kept as written (\F, not one, gets \mathbb: see below).
  [String.raw`over $\Q(\sqrt{5})$ fields`, String.raw`over $\Q(\sqrt{5})$ fields`],
  [String.raw`\[x + y\] shown`, '$x + y$ shown'],
  ['$x_1 in X, alpha > 0$ holds', String.raw`$x_1 \in X, \alpha > 0$ holds`],
  // An English-looking name alone does not make a formula mangled: `x_{max}`, `x_1 in X` are kept.
  ['$x_1 in X$ holds', '$x_1 in X$ holds'],
  ['$where x is big$ says', 'where x is big says'],
  // Prose typography.
  [
    String.raw`Djokovi\'{c}'s and Winkler's, Gr\"obner, Erd\H{o}s, gar\c{c}on, na\"ive, {\"o}, Stra\ss e`,
    "Djoković's and Winkler's, Gröbner, Erdős, garçon, naïve, ö, Straße",
  ],
  [
    String.raw`\emph{key} and \textbf{bold} and textit{stripped} and \texttt{code}`,
    '*key* and **bold** and *stripped* and code',
  ],
  [String.raw`in 3--5 days, the Cauchy--Schwarz bound---tight`, 'in 3–5 days, the Cauchy–Schwarz bound—tight'],
  [String.raw`Fig.~3, et al.~[4] and 5\,GB with \ldots`, 'Fig.\u00a03, et al.\u00a0\\[4] and 5 GB with …'],
  [String.raw`R\&D costs \$5 and 100\% of \#1`, 'R&D costs \\$5 and 100% of #1'],
  // Escapes: what Markdown would misread is shown as written.
  ['a $5 budget', String.raw`a \$5 budget`],
  ['costs $5 and $10 later', String.raw`costs \$5 and \$10 later`],
  ['<b>bold</b> and <script>alert(1)</script>', String.raw`\<b>bold\</b> and \<script>alert(1)\</script>`],
  [
    '[click](javascript:alert(1)) and [x](data:text/html,hi)',
    String.raw`\[click](javascript:alert(1)) and \[x](data:text/html,hi)`,
  ],
  ['see ![x](https://evil.example/x.png)', String.raw`see \![x](https://evil.example/x.png)`],
  ['a * b * c and _init_ and snake_case', String.raw`a \* b \* c and \_init\_ and snake\_case`],
  ['# Heading', String.raw`\# Heading`],
  ['> quoted', String.raw`\> quoted`],
  ['- item', String.raw`\- item`],
  ['+ item', String.raw`\+ item`],
  ['1. Introduction', String.raw`1\. Introduction`],
  ['2) second', String.raw`2\) second`],
  ['velocities of ~500 km/s to ~1000~ km/s and ~n', String.raw`velocities of \~500 km/s to \~1000\~ km/s and &#126;n`],
  ['a `code` span and ``unbalanced', 'a &#96;code\\` span and “unbalanced'],
  ['the 5pm meeting at 10am; A* search and B* trees', String.raw`the 5pm meeting at 10am; A\* search and B\* trees`],
  ['[^1] and [ref]: https://x.org', String.raw`\[^1] and \[ref]: [https://x.org](https://x.org/)`],
  ['p < 0.05 but a<b and x&lt;y', String.raw`p < 0.05 but a\<b and x&lt;y`],
  // TeX in prose becomes what the author meant: a reference mark, math.
  [
    String.raw`\cite{foo} and \citep[p.~3]{a,b} in Eq.~\eqref{eq:1}`,
    String.raw`\[foo] and \[a, b] in Eq.` + '\u00a0(eq:1)',
  ],
  [
    String.raw`a {\cal K}-invariant of order \cal{O}(n^2)`,
    String.raw`a $\mathcal{K}$-invariant of order $\mathcal{O}(n^2)$`,
  ],
  [String.raw`a mean free path \bar l and {\Bbb R}`, String.raw`a mean free path $\bar{l}$ and $\mathbb{R}$`],
  [String.raw`up to \mu0H = 60 T`, String.raw`up to $\mu0H$ = 60 T`],
  // An author's macro (defined in a preamble the abstract lacks) is shown by name, as math.
  [String.raw`30 \kmps and $c=\si_1\si_2$`, String.raw`30 $\mathrm{kmps}$ and $c=\mathrm{si}_1\mathrm{si}_2$`],
  // One unbalanced dollar is resolved where it is: the rest keeps the author's pairs.
  [
    String.raw`a $\sigma$ meson. Shifts, \Delta\alpha_n=0.8\pm 1.7$ and $\Delta\beta_n=2.0\mp 1.8$ are small. A $\sigma$-meson with $m_\sigma=666$ MeV.`,
    String.raw`a $\sigma$ meson. Shifts, $\Delta\alpha_n=0.8\pm 1.7$ and $\Delta\beta_n=2.0\mp 1.8$ are small. A $\sigma$-meson with $m_\sigma=666$ MeV.`,
  ],
  [String.raw`Let $x_i be the inputs and $y$ the outputs.`, String.raw`Let $x_i$ be the inputs and $y$ the outputs.`],
  ['It costs $5 and $y$ too', String.raw`It costs \$5 and $y$ too`],
  // A formula KaTeX refuses is never written as math.
  [String.raw`the $\frac{a}{$ case`, String.raw`the \$\\frac{a}{\$ case`],
  ['x^{a^b^c} and S_1_2 here', String.raw`x^{a^b^c} and S\_1\_2 here`],
  [String.raw`$\undefinedcommand{x}$ here`, String.raw`$\mathrm{undefinedcommand}{x}$ here`],
  // No formula holds a URL: dollars around one are dollar signs (and the URL, glued to one, stays text).
  ['see $https://x.org/a$ for code', String.raw`see \$https&#58;//x.org/a\$ for code`],
];

/** Prose that must stay exactly as written: no repair, nothing to escape. */
const STAYS_PROSE = [
  'We present a theoretical analysis of a broad family of loss functions, comp-sum losses, that includes cross-entropy.',
  'in the case of inverse gamma priors, we recover Student’s t processes',
  'after alpha testing and a beta version, the gamma distribution and lambda functions',
  'We release Psi, a model for proteins, and Phi-3 is a small model.',
  'Delta Airlines flew three times faster, at times, and 5 times faster; sometimes 10 times 5-fold cross-validation.',
  'mu-law coding, Omega in prose, a Raspberry pi board, and the Theta Healthcare and Sigma Xi societies',
  'an egg is all we need; ill will and the scale',
  'F1-score, 3D, 2nd, L2 regularization, A/B tests, C++, e.g., i.i.d., SE(3), k-means, t-SNE, GPT-4, Q-learning',
  'p < 0.05 with n = 100 samples and k = 5 neighbours',
  '(a) we propose; (i) it provides, ii) the number; we show 1) any',
  'a rate of 4.39 x 10^(-22) s^(-1)m^(-1) in 0.85 deg^2 fields',
  'the hbeta and hgamma lines of halpha, and pi+ and K- e+ nue decays: D0 --> K- pi+',
  'approx. 5 layers, sim-to-real transfer, SimCLR, ResNet-50 and epsilon-greedy exploration',
  'use the --help flag, and <-- arrows -->',
  'with probability 1 - delta, x in X and y to z',
  'it’s the users’ data; models’ predictions and cross-entropy’s gradient',
  'H-consistency bounds for the specific hypothesis set H used',
  'at each time-step t, we learn a t-specific feature, and the set of all 1,...,t-specific features',
];

describe('repairAbstract: every mangled spot of the seed page', () => {
  it.each(SEED_CASES)('%s', (raw, markdown) => {
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe(markdown);
    expectSound(raw, repaired.markdown, repairAbstract);
  });
});

describe('repairAbstract: more scraped TeX and hostile text', () => {
  // docs/tex-repair.md's example of a command glued to its operand, inside a function's argument.
  // (Not in OTHER_CASES, whose strings also seed the mixtures below.)
  it('makes O(nsqrt{n}) one formula, as O(n sqrt{n}) is', () => {
    expect(repairAbstract('runs in O(nsqrt{n}) time').markdown).toBe(String.raw`runs in $O(n\sqrt{n})$ time`);
    expect(repairAbstract('runs in O(n sqrt{n}) time').markdown).toBe(String.raw`runs in $O(n \sqrt{n})$ time`);
  });

  it.each(OTHER_CASES)('%s', (raw, markdown) => {
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe(markdown);
    expectSound(raw, repaired.markdown, repairAbstract);
  });
});

describe('one unbalanced dollar', () => {
  // The formula that lost a delimiter gets it back; every other pair stays the author's.
  it.each([
    // A closing dollar lost before another pair.
    [String.raw`We find $S = \alpha with $c = \beta$.`, String.raw`We find $S = \alpha$ with $c = \beta$.`],
    [
      String.raw`$\lambda_c = 1/\rho(\mathcal{A}), where $\rho(\mathcal{A})$ is the radius.`,
      String.raw`$\lambda_c = 1/\rho(\mathcal{A})$, where $\rho(\mathcal{A})$ is the radius.`,
    ],
    [
      String.raw`$S = \frac{A}{4G_N} + \dots with $c = -\frac{1}{90}$.`,
      String.raw`$S = \frac{A}{4G_N} + \dots$ with $c = -\frac{1}{90}$.`,
    ],
    [
      String.raw`$T_c \approx 80~K in La$_3$Ni$_2$O$_7$ under pressure.`,
      String.raw`$T_c \approx 80~K$ in La$_3$Ni$_2$O$_7$ under pressure.`,
    ],
    // ...whatever the prose after it.
    [String.raw`Let $a = \beta, where $b$ is small.`, String.raw`Let $a = \beta$, where $b$ is small.`],
    ['Let $T(n) = n/2 if $n$ is even.', 'Let $T(n) = n/2$ if $n$ is even.'],
    // A formula that ends at a hyphen or a word: a variable alone is a formula too.
    ['We study $d-regular graphs on $n$ vertices.', 'We study $d$-regular graphs on $n$ vertices.'],
    [
      String.raw`We give an algorithm for $\ell_1-regularized least squares in $n$ steps.`,
      String.raw`We give an algorithm for $\ell_1$-regularized least squares in $n$ steps.`,
    ],
    ['It takes $N steps on $n$ nodes.', 'It takes $N$ steps on $n$ nodes.'],
    ['The graph $G and its $k$-core.', 'The graph $G$ and its $k$-core.'],
    ['We use $Q-learning with $\\epsilon$-greedy steps.', 'We use $Q$-learning with $\\epsilon$-greedy steps.'],
    [
      String.raw`It is $(\varepsilon,\delta)-differentially private for $n$ users.`,
      String.raw`It is $(\varepsilon,\delta)$-differentially private for $n$ users.`,
    ],
  ])('%s', (raw, markdown) => {
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe(markdown);
    expect(repaired.repairs.map((repair) => repair.rule)).toContain('math-stray-dollar');
    expectSound(raw, repaired.markdown, repairAbstract);
  });
});

// Kept out of OTHER_CASES: a row there changes the random draws of the mixtures test below.
describe('cases of their own: groups in text commands, operator names, dollar signs, glued commands', () => {
  it.each([
    // Text commands take an argument with groups in it; emphasis around emphasis is left plain.
    [repairAbstract, String.raw`This is \emph{very {nested} text}.`, 'This is *very nested text*.'],
    [repairAbstract, String.raw`This is \emph{a \textbf{b} c} here.`, 'This is a **b** c here.'],
    [repairAbstract, String.raw`An \emph{a * b} c`, String.raw`An a \* b c`],
    // An operator name applied to an argument has lost its backslash, alone as in a bare formula.
    [repairAbstract, 'Time $O(n log n)$ here.', String.raw`Time $O(n \log n)$ here.`],
    [
      repairAbstract,
      'The $ell_1$-norm and $sum_i x_i$ and $max_i x_i$.',
      String.raw`The $\ell_1$-norm and $\sum_i x_i$ and $\max_i x_i$.`,
    ],
    [repairAbstract, 'with $partial f$ and $Pr[X > t]$ here', String.raw`with $\partial f$ and $\Pr[X > t]$ here`],
    [repairAbstract, 'the Prandtl number $Pr = 0.71$ here', 'the Prandtl number $Pr = 0.71$ here'],
    // The site's parser closes a formula at `\$`: the sign is written as text KaTeX shows.
    [repairAbstract, String.raw`It costs $\$5$ per run.`, String.raw`It costs $\text{\textdollar}5$ per run.`],
    [repairAbstract, String.raw`a $x = \$3 + y$ b`, String.raw`a $x = \text{\textdollar}3 + y$ b`],
    [repairTitle, String.raw`Costs of $\$5$`, String.raw`Costs of $\text{\textdollar}5$`],
    // Prices and prose around an escaped dollar are not a formula.
    [repairAbstract, String.raw`costs $5 and \$3 and $x$ here`, String.raw`costs \$5 and \$3 and $x$ here`],
    [repairAbstract, String.raw`The 1\textsuperscript{st} place and H\textsubscript{2}O.`, 'The 1st place and H2O.'],
    // Commands glued one to the next are one formula: a command left after a formula would be read by a second repair.
    [repairAbstract, String.raw`The \kms\rsun values.`, String.raw`The $\mathrm{kms}\mathrm{rsun}$ values.`],
    [repairTitle, String.raw`\ab\cd`, String.raw`$\mathrm{ab}\mathrm{cd}$`],
    [repairTitle, String.raw`C:\Users\me`, String.raw`C:$\mathrm{Users}\mathrm{me}$`],
    // TeX's short relations between simple operands, and commands glued to an operand.
    [repairAbstract, 'for d ge 3 using, where x le y holds', String.raw`for $d \ge 3$ using, where $x \le y$ holds`],
    [
      repairAbstract,
      'bound $|x|_2 le Csqrt{k}$ and $O(nsqrt{n})$ memory',
      String.raw`bound $|x|_2 \le C\sqrt{k}$ and $O(n\sqrt{n})$ memory`,
    ],
    [repairAbstract, 'error Csqrt{k/n} here', String.raw`error $C\sqrt{k/n}$ here`],
    // ...the words stay words.
    [repairAbstract, 'Le Cam and le Gall, a ne plus ultra', 'Le Cam and le Gall, a ne plus ultra'],
    // A factor glued to a command's argument is a product, as TeX writes one.
    [
      repairAbstract,
      'so zeta(3) = frac{5}{2}sum_{k=1}^infty x_k, and L f(x) = frac{1}{n}sum_j K(x_j) here',
      String.raw`so $\zeta(3) = \frac{5}{2}\sum_{k=1}^\infty x_k$, and L $f(x) = \frac{1}{n}\sum_j K(x_j)$ here`,
    ],
    [
      repairAbstract,
      'gamma^k + frac{2}{(1-gamma)^2}gamma^k. The',
      String.raw`$\gamma^k + \frac{2}{(1-\gamma)^2}\gamma^k$. The`,
    ],
    [
      repairAbstract,
      'we have frac{5}{2}y and sqrt{2}pi here',
      String.raw`we have $\frac{5}{2}y$ and $\sqrt{2}\pi$ here`,
    ],
    [repairAbstract, 'the mathbb{E}xpected value', 'the mathbb{E}xpected value'],
    // Astronomers' solar and Earth masses; brackets and operators that are never English.
    [
      repairAbstract,
      'halos of 10^{12} M_odot and planets of 5 M_oplus',
      String.raw`halos of $10^{12}$ $M_\odot$ and planets of 5 $M_\oplus$`,
    ],
    [
      repairAbstract,
      'solves langle C, P rangle by a oslash b and lfloor x rfloor',
      String.raw`solves $\langle$ C, P $\rangle$ by $a \oslash b$ and $\lfloor$ x $\rfloor$`,
    ],
    // A coefficient glued to a Greek letter: `2.3\sigma`, `2\pi`, `5\mu m` with the backslash stripped.
    [
      repairAbstract,
      'lies 2.3sigma below, a 5sigma signal, 2pi r and 5mu m, not v0.3beta, 2.0beta, 3alpha or 2nd',
      String.raw`lies $2.3\sigma$ below, a $5\sigma$ signal, $2\pi$ r and $5\mu$ m, not v0.3beta, 2.0beta, 3alpha or 2nd`,
    ],
    [repairAbstract, 'an angle of 2pi^2 here', String.raw`an angle of $2\pi^2$ here`],
    // A command glued to a number or a script, or a chain of names glued to an argument, is a product.
    [
      repairAbstract,
      'satisfies lambda_2(G) le 2sqrt{d-1} + epsilon with high probability',
      String.raw`satisfies $\lambda_2(G) \le 2\sqrt{d-1} + \epsilon$ with high probability`,
    ],
    [
      repairAbstract,
      'we infer S_8 equiv sigma_8sqrt{Omega_m/0.3} = 0.76 here',
      String.raw`we infer $S_8 \equiv \sigma_8\sqrt{\Omega_m/0.3} = 0.76$ here`,
    ],
    [
      repairAbstract,
      'whenever beta < frac{1}{2}logfrac{d}{d-2}. Our',
      String.raw`whenever $\beta < \frac{1}{2}\log\frac{d}{d-2}$. Our`,
    ],
    // A scraper's stripped `\%`, `\#`, `\&` in a formula: a bare % would hide the rest as a comment.
    [repairAbstract, 'rate $x = 5%$ of $a % b + c$ here', String.raw`rate $x = 5\%$ of $a \% b + c$ here`],
    [repairAbstract, 'the $#P$-hard problem and $a & b$', String.raw`the $\#P$-hard problem and $a \& b$`],
    [
      repairAbstract,
      String.raw`keep $\begin{matrix} a & b \end{matrix}$ here`,
      String.raw`keep $\begin{matrix} a & b \end{matrix}$ here`,
    ],
    // A number times a power is scientific notation; a number times a number stays English.
    [
      repairAbstract,
      'errors of 8 times 10^{-19} and 3 times 10^5 steps, 5 times faster, 10 times 5-fold',
      String.raw`errors of $8 \times 10^{-19}$ and $3 \times 10^5$ steps, 5 times faster, 10 times 5-fold`,
    ],
  ])('%o: %s', (repair, raw, markdown) => {
    const repaired = repair(raw);
    expect(repaired.markdown).toBe(markdown);
    expectSound(raw, repaired.markdown, repair);
  });
});

describe('repairAbstract: macros', () => {
  it('gives \\mathbb to a capital shorthand that is not a site macro', () => {
    const repaired = repairAbstract(String.raw`over $\F_q$ fields`);
    expect(repaired.markdown).toBe(String.raw`over $\mathbb{F}_q$ fields`);
    expect(repaired.repairs.map((repair) => repair.rule)).toEqual(['math-macro-alias']);
  });

  it('never writes a formula that defines a macro, or uses a refused command, as math', () => {
    for (const raw of [String.raw`a $\def\a{xx}\a\a$ bomb`, String.raw`a $\colorbox{red}{\Huge x}$ box`]) {
      const repaired = repairAbstract(raw);
      expect(findMath(repaired.markdown), raw).toEqual([]);
      expectSound(raw, repaired.markdown, repairAbstract);
    }
  });
});

describe('repairAbstract: prose stays prose', () => {
  it.each(STAYS_PROSE)('%s', (raw) => {
    const repaired = repairAbstract(raw);
    expect(repaired.repairs).toEqual([]);
    expect(repaired.markdown).toBe(raw);
  });

  it('does not take a Greek name for a symbol because an unrelated text uses it', () => {
    expect(repairAbstract('We release Psi, a model.').markdown).toBe('We release Psi, a model.');
    // In one text, a Greek name used as math elsewhere reads as math (documented limit).
    expect(repairAbstract('We release Psi, a model. Its bound is C_Psi.').markdown).toBe(
      String.raw`We release $\Psi$, a model. Its bound is $C_\Psi$.`,
    );
    expect(repairAbstract('Delta Airlines and Fid_Delta, Phi-3 and C_Phi').markdown).toBe(
      String.raw`Delta Airlines and $Fid_\Delta$, Phi-3 and $C_\Phi$`,
    );
  });
});

describe('repairAbstract: the arXiv OAI sample, proper TeX', () => {
  it.each([
    String.raw`the $(k,\ell)$-pebble game and $x_{max}$ and $\alpha\ge 0$`,
    String.raw`cusp forms $f(z) := \sum_{n=0}^{\infty} a_f(n)q ^n \in S_{\lambda+1/2}(\Gamma_0(N),\chi)\cap \mathbb{Z}[[q]]$ that`,
    String.raw`on $SL_2(\mathbb{Z})$ for $p=2,3,5,7$ and $L$-functions; $\Xi_{cc}^{+}$, $(k_F a)^{-1} \ge 1$`,
    String.raw`$\mathrm{softmax}(x)$ and $\text{alpha to in}$ and $\operatorname{Var}(X)$`,
  ])('leaves %s alone', (raw) => {
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe(raw);
    expect(repaired.repairs).toEqual([]);
  });
});

describe('repairAbstract: paragraphs, whitespace and records', () => {
  it('keeps paragraph breaks, joins wrapped lines, collapses spaces, trims', () => {
    expect(repairAbstract('  First  line\r\nwrapped\there. \r\n\r\n\n  Second   paragraph.  \n').markdown).toBe(
      'First line wrapped here.\n\nSecond paragraph.',
    );
  });

  it('gives an empty result for empty or blank text', () => {
    expect(repairAbstract('')).toEqual({ markdown: '', repairs: [], code: [], links: [] });
    expect(repairAbstract(' \n\n \t ').markdown).toBe('');
  });

  it('keeps Private Use Area characters of the input as they are', () => {
    const raw = 'glyph \ue000 and \uf8ff with $x$ and kgeq 1';
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe('glyph \ue000 and \uf8ff with $x$ and $k\\geq 1$');
    expectSound(raw, repaired.markdown, repairAbstract);
  });

  it('sorts URLs into code and links, once each, and writes them as Markdown links', () => {
    const repaired = repairAbstract(
      'Code: github.com/a/b and https://github.com/a/b. Page: https://a.github.io/p, and again https://a.github.io/p.',
    );
    expect(repaired.code).toEqual(['https://github.com/a/b']);
    expect(repaired.links).toEqual(['https://a.github.io/p']);
    expect(repaired.markdown).toBe(
      'Code: [github.com/a/b](https://github.com/a/b) and [https://github.com/a/b](https://github.com/a/b). Page: [https://a.github.io/p](https://a.github.io/p), and again [https://a.github.io/p](https://a.github.io/p).',
    );
  });

  it('never touches a URL with the TeX repair', () => {
    const raw = 'see https://x.org/alpha_beta/kgeq--1/S_1{label} and github.com/u/Acdot_times';
    const repaired = repairAbstract(raw);
    expect(repaired.markdown).toBe(
      String.raw`see [label](https://x.org/alpha_beta/kgeq--1/S_1) and [github.com/u/Acdot\_times](https://github.com/u/Acdot_times)`,
    );
  });

  it('records each repair with its rule and the text before and after', () => {
    const { repairs } = repairAbstract("so kgeq 1 holds for 1\\% and ``easy'' cases");
    expect(repairs).toEqual([
      { rule: 'tex-escape', before: '1\\%', after: '1%' },
      { rule: 'math-wrap', before: 'kgeq 1', after: String.raw`$k\geq 1$` },
      { rule: 'quotes', before: "``easy''", after: '“easy”' },
    ]);
  });

  it('refuses a paragraph with more protected pieces than placeholders, naming what to do', () => {
    expect(() => repairAbstract('\\_'.repeat(5000))).toThrow(
      /more than 4096 URLs and escapes: split it into paragraphs/,
    );
    expect(() => repairAbstract('x^2 '.repeat(2400))).toThrow(/more than 2304 formulas: split it into paragraphs/);
    expect(repairAbstract('x^2 '.repeat(2000)).markdown).toMatch(/^(\$x\^2\$ ){1999}\$x\^2\$$/);
  });
});

describe('repairTitle', () => {
  it.each([
    ['Scaling Law with Learning Rate Annealing', 'Scaling Law with Learning Rate Annealing'],
    [
      String.raw`From dyadic $\Lambda_{\alpha}$ to $\Lambda_{\alpha}$`,
      String.raw`From dyadic $\Lambda_{\alpha}$ to $\Lambda_{\alpha}$`,
    ],
    [
      String.raw`Approximation for extinction probability of the contact process based on the Gr\"obner basis`,
      'Approximation for extinction probability of the contact process based on the Gröbner basis',
    ],
    [
      'Measurement of the Hadronic Form Factor in D0 --> K- e+ nue Decays',
      'Measurement of the Hadronic Form Factor in D0 --> K- e+ nue Decays',
    ],
    ['mathcal{O}(1) Regret with kgeq 2 Arms', String.raw`$\mathcal{O}(1)$ Regret with $k\geq 2$ Arms`],
    ['A Title\nWrapped   Over\n\nTwo Paragraphs', 'A Title Wrapped Over Two Paragraphs'],
    // A title is plain text with $...$ math (the site escapes it as text): only a dollar is escaped.
    ['# Not a heading *or* <b>HTML</b>', '# Not a heading *or* <b>HTML</b>'],
    ['Costs $5 and $10', String.raw`Costs \$5 and \$10`],
    // A title has no links: URL text stays as written, kept out of the TeX repair.
    [
      'Code at https://github.com/a/b_c{label} with kgeq',
      String.raw`Code at https://github.com/a/b_c{label} with $k\geq$`,
    ],
    ['Code at github.com/a/b_c', 'Code at github.com/a/b_c'],
    ['See www.example.org/x_1 or https://x.org/alpha_beta', 'See www.example.org/x_1 or https://x.org/alpha_beta'],
    // A title shows stars as stars: TeX's emphasis leaves its text plain.
    [String.raw`On the \emph{Expressivity} of {\em Transformers}`, 'On the Expressivity of Transformers'],
    [String.raw`A \textbf{Bold} Claim`, 'A Bold Claim'],
    // A literal backslash is written `\\` (the title's escape): bare, the next repair reads a command after it.
    [String.raw`The \\ sign and \emph{bold}`, String.raw`The \\ sign and bold`],
    [String.raw`Path \\emph{x} here`, String.raw`Path \\x here`],
    // A formula KaTeX refuses (a double subscript) is text, its backslashes escaped like any other.
    [String.raw`Cost $\alpha_\beta_\gamma$ now`, String.raw`Cost \$\\alpha_\\beta_\\gamma\$ now`],
    // A tie before a literal dollar binds as before a formula: the next repair sees `~\$` and decides alike.
    ['Pay 1.~$$', 'Pay 1.\u00a0\\$\\$'],
  ])('%s', (raw, markdown) => {
    const repaired = repairTitle(raw);
    expect(repaired.markdown).toBe(markdown);
    expect(repaired.markdown).not.toContain('\n');
    expectSound(raw, repaired.markdown, repairTitle);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over the real inputs.

/** Seed papers whose abstract needs a repair (the rest must come through untouched). */
const SEED_REPAIRED = new Set([
  'Scaling Law with Learning Rate Annealing',
  'Robust Mean Teacher for Continual and Gradual Test-Time Adaptation',
  'Scaling Laws for Autoregressive Generative Modeling',
  'On the Provable Advantage of Unsupervised Pretraining',
  'Label Distributionally Robust Losses for Multi-class Classification: Consistency, Robustness and Adaptivity',
  'Entropy-Guided Attention for Private LLMs',
  'Backpropagation-free Training of Deep Physical Neural Networks',
  'Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data',
  'Cauchy-Schwarz Divergence Information Bottleneck for Regression',
  'Fast, Expressive SE(n) Equivariant Networks through Weight-Sharing in Position-Orientation Space',
  'Learning Physical Models that Can Respect Conservation Laws',
  'Towards Robust Fidelity for Evaluating Explainability of Graph Neural Networks',
  'L-GreCo: Layerwise-Adaptive Gradient Compression for Efficient and Accurate Deep Learning',
  'Going Beyond Neural Network Feature Similarity: The Network Feature Complexity and Its Interpretation Using Category Theory',
  'All You Need is a Good Functional Prior for Bayesian Deep Learning',
  'Beyond Not-Forgetting: Continual Learning with Backward Knowledge Transfer',
  'Towards Instance-adaptive Inference for Federated Learning',
  'Unified Functional Hashing in Automatic Machine Learning',
  'Anarchic Federated Learning',
]);

describe.each([
  ['the seed page', SEED],
  ['the arXiv OAI sample', OAI],
])('properties over %s', (_name, papers) => {
  it('has the papers it should', () => {
    expect(papers.length).toBe(papers === SEED ? 56 : 20);
  });

  it('writes only math that KaTeX renders with the site options', () => {
    for (const paper of papers) {
      expect(checkMath(repairTitle(paper.title).markdown)).toEqual([]);
      expect(checkMath(repairAbstract(paper.abstract).markdown)).toEqual([]);
    }
  });

  it('is idempotent', () => {
    for (const paper of papers) {
      for (const [repair, raw] of [
        [repairTitle, paper.title],
        [repairAbstract, paper.abstract],
      ] as const) {
        const once = repair(raw);
        const twice = repair(once.markdown);
        expect(twice.markdown).toBe(once.markdown);
        expect(twice.repairs).toEqual([]);
      }
    }
  });

  it('leaves no stray macro names or TeX residue in the prose', () => {
    for (const paper of papers) {
      for (const markdown of [repairTitle(paper.title).markdown, repairAbstract(paper.abstract).markdown]) {
        const prose = proseText(markdown);
        for (const pattern of STRAY_TEX) expect(prose, `${pattern} in ${prose}`).not.toMatch(pattern);
      }
    }
  });

  it('loses no word and creates no HTML, image or non-http link', () => {
    for (const paper of papers) {
      const title = repairTitle(paper.title).markdown;
      const abstract = repairAbstract(paper.abstract).markdown;
      expect(lostWords(paper.title, title)).toEqual([]);
      expect(lostWords(paper.abstract, abstract)).toEqual([]);
      expect(unsafeNodes(title)).toEqual([]);
      expect(unsafeNodes(abstract)).toEqual([]);
    }
  });

  it('records a repair exactly when the text needed one; the rest reads exactly as scraped', () => {
    for (const paper of papers) {
      const title = repairTitle(paper.title);
      const abstract = repairAbstract(paper.abstract);
      const repairs = [...title.repairs, ...abstract.repairs];
      for (const repair of repairs) {
        expect(repair.rule).toMatch(/^[a-z-]+$/);
        expect(repair.before).not.toBe(repair.after);
      }
      if (repairs.length === 0) {
        expect(visibleText(title.markdown)).toBe(paper.title);
        expect(visibleText(abstract.markdown)).toBe(paper.abstract);
      }
    }
  });
});

/** Pieces of real and hostile input that interact badly when glued together in any order. */
const FRAGMENTS = [
  ...SEED_CASES.map(([raw]) => raw.slice(0, 80)),
  ...OTHER_CASES.map(([raw]) => raw),
  ...STAYS_PROSE.slice(0, 8),
  ...String.raw`$ $$ \$ \ \ * ** _ __ < > # 1. 2) - + ~ ~n ${'`'} ${'``'} ' '' " &#96; &amp; [ ] { } ( ) | = ^ --- -- --> \( \) \[ \] \Q \! \, \ldots`.split(
    ' ',
  ),
  '\ue000',
  '\n\n',
  'kgeq',
  'Acdot',
  'times',
  'Phi',
  'alpha = 0.5',
  'x_1-dependent',
  'github.com/x/y.',
  'https://github.com/a/b{lab}',
  '<https://a.org>',
  '![y](https://e.org/i.png)',
];

describe('mixtures of hostile fragments', () => {
  it('always give KaTeX-clean, safe Markdown that a second repair leaves alone', () => {
    const next = seededRandom(20250314);
    for (let round = 0; round < 250; round += 1) {
      let raw = '';
      const pieces = 1 + Math.floor(next() * 14);
      for (let piece = 0; piece < pieces; piece += 1) {
        const fragment = FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '';
        raw += fragment.replace('\\ue000', '\ue000').replace('\\n\\n', '\n\n') + (next() < 0.6 ? ' ' : '');
      }
      for (const repair of [repairAbstract, repairTitle]) {
        const once = repair(raw);
        const context = `${repair.name}(${JSON.stringify(raw)})`;
        expect(siteProblems(once.markdown, repair), context).toEqual([]);
        const twice = repair(once.markdown);
        expect(twice.markdown, context).toBe(once.markdown);
        expect(twice.repairs, context).toEqual([]);
      }
    }
  }, 60_000); // 250 rounds of KaTeX checks: seconds on a loaded machine; no speed is asserted
});

/** TeX and prose pieces that are glued together (no space) to make generated inputs. */
const GLUED_PIECES = [
  ...String.raw`\ab \cd \kms \rsun \alpha \mu0H \si_1 \x_{12}^a \{ \} \% \\ \emph{ \textbf{ {\em } { } $ $$ $a_b_c$ C: word`.split(
    ' ',
  ),
  ..."x_1 y^2 kgeq 1 alpha = - -- ~ ' `` '' * _ ( ) [ ] < 1. ,".split(' '),
];

describe('generated inputs of glued TeX and prose', () => {
  it('are repaired once and for all: a second repair of titles and abstracts changes nothing', () => {
    const next = seededRandom(20261207);
    for (let round = 0; round < 400; round += 1) {
      let raw = '';
      const pieces = 1 + Math.floor(next() * 8);
      for (let piece = 0; piece < pieces; piece += 1) {
        raw += (GLUED_PIECES[Math.floor(next() * GLUED_PIECES.length)] ?? '') + (next() < 0.25 ? ' ' : '');
      }
      for (const repair of [repairAbstract, repairTitle]) {
        const once = repair(raw);
        const context = `${repair.name}(${JSON.stringify(raw)})`;
        expect(siteProblems(once.markdown, repair), context).toEqual([]);
        const twice = repair(once.markdown);
        expect(twice.markdown, context).toBe(once.markdown);
        expect(twice.repairs, context).toEqual([]);
      }
    }
  }, 60_000); // 400 rounds of KaTeX checks: seconds on a loaded machine; no speed is asserted
});

describe('the repairs made on the real inputs', () => {
  it('repairs exactly the seed abstracts that need it, and no title', () => {
    const repaired = SEED.filter((paper) => repairAbstract(paper.abstract).repairs.length > 0).map((p) => p.title);
    expect(new Set(repaired)).toEqual(SEED_REPAIRED);
    expect(SEED.filter((paper) => repairTitle(paper.title).repairs.length > 0)).toEqual([]);
  });

  it('finds the seed code and project links', () => {
    const code = SEED.flatMap((paper) => repairAbstract(paper.abstract).code);
    const links = SEED.flatMap((paper) => repairAbstract(paper.abstract).links);
    expect(code).toHaveLength(8);
    expect(code.every((url) => url.startsWith('https://github.com/'))).toBe(true);
    expect(links).toEqual(['https://trustai4s-lab.github.io/fidelity']);
  });

  it('makes only accent repairs on the arXiv OAI sample (its \\Q is a site macro)', () => {
    const repairs = OAI.flatMap((paper) => [
      ...repairTitle(paper.title).repairs,
      ...repairAbstract(paper.abstract).repairs,
    ]);
    expect(repairs).toEqual([
      { rule: 'tex-accent', before: String.raw`\'{c}`, after: 'ć' },
      { rule: 'tex-accent', before: String.raw`\"o`, after: 'ö' },
      { rule: 'tex-accent', before: String.raw`\"o`, after: 'ö' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The pieces.

describe('the macro tables', () => {
  it('hold only names KaTeX renders with the site options', () => {
    for (const name of MATH_NAMES) {
      const tex = ARGUMENT_COMMANDS.has(name) ? `\\${name}{x}${/frac|binom/.test(name) ? '{y}' : ''}` : `x \\${name} y`;
      expect(mathError(tex), tex).toBeUndefined();
    }
  });
});
