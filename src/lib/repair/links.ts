/**
 * URLs in scraped abstracts: where they are, what they point to, and whether they are code.
 *
 * Scraped text writes URLs many ways: `https://...`, `www...`, a bare `github.com/x/y`, TeX's
 * `\url{...}` and `\href{url}{label}` (often flattened by the scraper to `url{label}`), and the
 * Markdown links this project writes itself (`[label](url)`), so that repairing a repaired text
 * finds the same links again. Only http(s) URLs are ever reported: `javascript:`, `data:` and
 * friends are never links.
 */

import { urlProblem, type UrlProblem } from '../paper/http-url.ts';
import { isEscaped } from './tex-scan.ts';

/** One URL in a text: `text.slice(start, end)` is everything that spelled it, label included. */
export interface UrlSpan {
  start: number;
  end: number;
  /** Normalized: `https://` added when the text had no scheme, host lower-cased (WHATWG URL). */
  url: string;
  /** The link text, when the text gave one (`\href{url}{label}`, `url{label}`, `[label](url)`). */
  label?: string;
}

/**
 * Characters a URL may contain here: RFC 3986's, letters and digits of any script, and
 * TeX-escaped `\_`, `\%`, `\#`, `\&`, `\~`. Not `$` (next to a URL in TeX it starts a formula),
 * `*` (Markdown emphasis) or non-ASCII punctuation such as `…`.
 */
const URL_CHAR = String.raw`(?:[A-Za-z0-9\-._~:/?#@!&'()+,;=%]|[^\x00-\x7f\s\p{P}\p{S}\p{Z}\p{C}]|\\[_%#&~])`;
/**
 * Hosts recognised written without a scheme (`github.com/x/y`): code, model, paper and project
 * hosts only. A generic `word.org/path` is too easily prose glued to a sentence; such URLs need
 * their `https://` or `www.`.
 */
const BARE_HOST = String.raw`(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|hf\.co|codeberg\.org|gitee\.com|sourceforge\.net|arxiv\.org|doi\.org|openreview\.net|paperswithcode\.com|zenodo\.org|kaggle\.com|pypi\.org|colab\.research\.google\.com)|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.git(?:hub|lab)\.io`;
/** Hosts that are URLs even written bare with no path (`see foo.github.io`). */
const BARE_HOST_ALWAYS = /\.git(?:hub|lab)\.io$/i;
/** What may not come right before a URL: it would be glued to a word, a command or a formula. */
const NOT_BEFORE_URL = String.raw`[\p{L}\p{N}\p{Co}_@./$})\]*\\]`;

// One pass finds every candidate; the alternatives are ordered so that, at one position, the
// construct that contains a URL wins over the URL inside it.
const CANDIDATE = new RegExp(
  [
    // [label](https://...) - a Markdown link, as this project writes them
    String.raw`\[(?<mdLabel>(?:[^\[\]\\\n]|\\.){1,500})\]\((?<mdUrl>https?://(?:[^\s()<>\\]|\([^\s()<>]*\))+)\)`,
    // <https://...> - a Markdown autolink
    String.raw`<(?<auto>https?://${URL_CHAR}+)>`,
    // \href{url}{label}, with or without its backslash
    String.raw`(?<![A-Za-z])\\?href\{(?<hrefUrl>[^{}\s]+)\}\{(?<hrefLabel>[^{}\n]{0,300})\}`,
    // \url{url}, with or without its backslash
    String.raw`(?<![A-Za-z])\\?url\{(?<texUrl>[^{}\s]+)\}`,
    // https://... or www....
    String.raw`(?<!${NOT_BEFORE_URL})(?<plain>(?:https?(?::|&#58;)//|www(?:\.|&#46;))${URL_CHAR}+)`,
    // github.com/x/y: a known host, then a path (or a host that is a URL on its own)
    String.raw`(?<!${NOT_BEFORE_URL})(?<!${NOT_BEFORE_URL}-)(?<bare>(?:${BARE_HOST})(?![\w-])(?:/${URL_CHAR}*)?)`,
  ].join('|'),
  'giu',
);

/**
 * Text that spells a URL or a link target, for code that must ignore URLs rather than link them
 * (the topic classifier takes no evidence from them): a scheme (`http`, `https`, `ftp`) or `www.`
 * up to white space or a bracket, and a Markdown link target `](...)`. Broader than `findUrls`,
 * which finds only what may become a link. Regular-expression sources, case-insensitive.
 */
export const URL_LIKE_PATTERNS: readonly string[] = [
  String.raw`\b(?:https?|ftp):\/\/[^\s<>()[\]{}]*`,
  String.raw`\bwww\.[^\s<>()[\]{}]*`,
  String.raw`\]\([^)\s]*\)`,
];

/** A host name: dot-separated labels ending in a top-level domain of letters. */
const HOST = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const HOST_CHAR = /[A-Za-z0-9.-]/;
const URL_END = /[\s<>()[\]{}]/;

/**
 * Replaces each URL written with no scheme (`github.com/x/y`, any host) with `blank`: for code that
 * ignores URLs, as `URL_LIKE_PATTERNS`. A regex for them backtracks badly on long dotted runs, so
 * each `/` is checked by scanning back over the host before it: linear time.
 */
export function blankBareUrls(text: string, blank: string): string {
  let out = '';
  let copied = 0;
  for (let slash = text.indexOf('/'); slash >= 0; slash = text.indexOf('/', slash + 1)) {
    let start = slash;
    while (start > copied && HOST_CHAR.test(text.charAt(start - 1))) start -= 1;
    if (!HOST.test(text.slice(start, slash))) continue;
    let end = slash;
    while (end < text.length && !URL_END.test(text.charAt(end))) end += 1;
    out += `${text.slice(copied, start)}${blank}`;
    copied = end;
    slash = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const TRAILING_PUNCTUATION = /(?:[.,;:!?'"’”*_~]|\\[_%#&~])+$/;

/** A URL as TeX wrote it (`\_`, `\%`, `\#`, `\&`, `\~`) with its escapes resolved. */
export function unescapeUrl(url: string): string {
  return url.replace(/\\([_%#&~])/g, '$1');
}

/**
 * Cut what follows a URL in prose but is not part of it: sentence punctuation, and a closing
 * bracket with no opening one inside the URL (`(see https://x.org/a)`).
 */
function trimUrlEnd(candidate: string): string {
  let url = candidate;
  // Brackets must pair up inside a URL: a closing one with no opener, or an opener never closed,
  // is prose around or glued to it (`(see https://x.org/a)`, `y.(forall`).
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    const openers: number[] = [];
    for (let i = 0; i < url.length; i += 1) {
      if (url[i] === open) {
        openers.push(i);
      } else if (url[i] === close) {
        if (openers.length === 0) {
          url = url.slice(0, i);
          break;
        }
        openers.pop();
      }
    }
    const unclosed = openers[0];
    if (unclosed !== undefined) url = url.slice(0, unclosed);
  }
  return url.replace(TRAILING_PUNCTUATION, '');
}

/** The candidate as an absolute URL, as written: `https://` added when the text had no scheme, TeX escapes resolved. */
function writtenUrl(written: string): string {
  // This project writes `https&#58;//` and `www&#46;` in text that must not become a link.
  const candidate = written.replace(/^(https?)&#58;\/\//i, '$1://').replace(/^www&#46;/i, 'www.');
  return unescapeUrl(/^https?:\/\//i.test(candidate) ? candidate : `https://${candidate}`);
}

/**
 * The normalized http(s) URL for `candidate` (WHATWG serialization: host lower-cased, path
 * percent-encoded), or `undefined` when it is not one the URL rule of src/lib/paper/http-url.ts accepts.
 */
export function normalizeUrl(written: string): string | undefined {
  const url = writtenUrl(written);
  if (urlProblem(url) !== undefined) return undefined;
  return new URL(url).href;
}

function unescapeMarkdown(label: string): string {
  return label.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** A cheap first look: text with none of these holds no URL (most abstracts). */
function mayHoldUrl(text: string): boolean {
  const lower = text.toLowerCase();
  return (
    ['http', 'www', 'url{', 'href{'].some((word) => lower.includes(word)) ||
    (['.co', '.org', '.io', '.net'].some((ending) => lower.includes(ending)) && MAY_HOLD_URL.test(text))
  );
}

/** Hosts recognised bare, for text that holds none of the words above. */
const MAY_HOLD_URL =
  /github|gitlab|bitbucket|huggingface|hf\.co|codeberg|gitee|sourceforge|arxiv\.org|doi\.org|openreview|paperswithcode|zenodo|kaggle|pypi|colab/i;

/** A URL in a text that looks like a link but goes elsewhere than it reads (a user name, a lookalike host). */
export interface RefusedUrl {
  start: number;
  end: number;
  /** The URL as written, with `https://` added when the text had none. */
  url: string;
  problem: UrlProblem;
}

/** Every URL in `text`, in order, none overlapping. */
export function findUrls(text: string): UrlSpan[] {
  return scanUrls(text).spans;
}

/**
 * The URLs in `text` that the URL rule refuses as deceptive (`https://github.com@evil.example/`,
 * `https://gіthub.com/`): `findUrls` leaves them as text, and the check refuses them there too.
 */
export function refusedUrls(text: string): RefusedUrl[] {
  return mayDeceive(text) ? scanUrls(text).refused : [];
}

/** Where a host ends: white space, a path, query or fragment, or a TeX brace. */
const HOST_END = new Set([' ', '\t', '\n', '\r', '/', '?', '#', '{', '}']);

/** Whether a non-ASCII character comes after `from` and before the end of a host. */
function nonAsciiBeforeHostEnd(text: string, from: number): boolean {
  for (let index = from; index < text.length && index < from + 256; index += 1) {
    if (text.charCodeAt(index) > 0x7e) return true;
    if (HOST_END.has(text.charAt(index))) return false;
  }
  return false;
}

/**
 * A cheap first look for `refusedUrls`, which runs on every record the ingest reads (a plain
 * search, about twice as fast as one regular expression here): a URL can only deceive with an
 * `@` (a user name), punycode (`xn--`, in any case), or a non-ASCII character in its host,
 * which follows `//`, `www` or the `{` of `\url{` and `\href{`. Text with none of these holds
 * no deceptive URL.
 */
function mayDeceive(text: string): boolean {
  if (text.includes('@')) return true;
  for (let index = text.indexOf('--'); index !== -1; index = text.indexOf('--', index + 1)) {
    if (text.slice(Math.max(0, index - 2), index).toLowerCase() === 'xn') return true;
  }
  for (const marker of ['//', 'www', 'WWW', 'Www', '{']) {
    for (let index = text.indexOf(marker); index !== -1; index = text.indexOf(marker, index + 1)) {
      if (nonAsciiBeforeHostEnd(text, index + marker.length)) return true;
    }
  }
  return false;
}

function scanUrls(text: string): { spans: UrlSpan[]; refused: RefusedUrl[] } {
  const spans: UrlSpan[] = [];
  const refused: RefusedUrl[] = [];
  if (!mayHoldUrl(text)) return { spans, refused };
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const groups = match.groups ?? {};
    const start = match.index;
    let end = start + match[0].length;
    let raw: string;
    let label: string | undefined;
    if (groups['mdUrl'] !== undefined) {
      // `\[x](https://...)` is an escaped bracket, not a link: look for the URL inside instead.
      if (isEscaped(text, start)) {
        CANDIDATE.lastIndex = start + 1;
        continue;
      }
      raw = groups['mdUrl'];
      label = unescapeMarkdown(groups['mdLabel'] ?? '');
    } else if (groups['auto'] !== undefined) {
      raw = groups['auto'];
    } else if (groups['hrefUrl'] !== undefined) {
      raw = groups['hrefUrl'];
      label = groups['hrefLabel'];
    } else if (groups['texUrl'] !== undefined) {
      raw = groups['texUrl'];
    } else {
      const plain = groups['plain'] ?? groups['bare'] ?? '';
      raw = trimUrlEnd(plain);
      if (groups['bare'] !== undefined && !raw.includes('/') && !BARE_HOST_ALWAYS.test(raw)) continue;
      end = start + raw.length;
      // A flattened \href: the label right after the URL, in braces.
      const flattened = /^\{([^{}\n$\\[\]]{1,300})\}/.exec(text.slice(end, end + 302));
      if (flattened !== null && raw === plain) {
        label = flattened[1];
        end += flattened[0].length;
      }
    }
    const url = normalizeUrl(raw);
    if (url === undefined) {
      const written = writtenUrl(raw);
      const problem = urlProblem(written, 'the URL');
      if (problem?.rule === 'deceptive-url') refused.push({ start, end, url: written, problem });
      continue;
    }
    const span: UrlSpan = { start, end, url };
    const trimmedLabel = label?.trim();
    if (trimmedLabel !== undefined && trimmedLabel !== '') span.label = trimmedLabel;
    spans.push(span);
    // A trimmed URL gives back its tail (`)`, `.`) to the text after it.
    CANDIDATE.lastIndex = end;
  }
  return { spans, refused };
}

/** First path segments on code hosts that are site pages, not repositories. */
const GITHUB_RESERVED = new Set(
  `about features topics orgs sponsors marketplace settings login join pricing explore collections
  events site security enterprise readme trending apps search customer-stories team nonprofit
  education contact codespaces issues pulls notifications new organizations`.split(/\s+/),
);
const HUGGINGFACE_RESERVED = new Set(
  `papers docs blog models learn posts collections join login pricing settings tasks chat enterprise
  organizations spaces datasets`.split(/\s+/),
);

/**
 * Whether `url` is a source-code or model repository (GitHub, GitLab, Bitbucket, Codeberg,
 * Gitee, SourceHut, SourceForge projects, Hugging Face models/datasets/spaces) rather than a
 * project page (`*.github.io`), a paper or anything else.
 */
export function isCodeUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const segments = parsed.pathname.split('/').filter(Boolean);
  const [first = '', second = ''] = segments;
  const repo = segments.length >= 2;
  switch (host) {
    case 'github.com':
      return repo && !GITHUB_RESERVED.has(first.toLowerCase());
    case 'gist.github.com':
      return segments.length >= 1;
    case 'gitlab.com':
      return repo && !['explore', 'help', 'users', 'dashboard', '-'].includes(first.toLowerCase());
    case 'bitbucket.org':
    case 'codeberg.org':
    case 'gitee.com':
      return repo;
    case 'git.sr.ht':
      return repo && first.startsWith('~');
    case 'sourceforge.net':
      return first === 'projects' && second !== '';
    case 'huggingface.co':
    case 'hf.co':
      if (first === 'datasets' || first === 'spaces') return segments.length >= 3;
      return repo && !HUGGINGFACE_RESERVED.has(first.toLowerCase());
    default:
      // Self-hosted GitLab instances (gitlab.inria.fr, gitlab.example.edu).
      return host.startsWith('gitlab.') && repo && first !== 'explore';
  }
}
