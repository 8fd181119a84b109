/**
 * The one rule for every outside link a paper carries: `code`, `links`, and links in an abstract
 * or a title. The schema, the check, the ingest's link finder, `npm run new` and the site's
 * renderer all ask this module, so what one accepts the others accept.
 *
 * A link must go where it appears to go:
 * - http(s) only, absolute, with no white space or control characters;
 * - no user name before the host: `https://github.com@evil.example/` goes to evil.example;
 * - a plain-ASCII host name (`example.org`), never an internationalized one, written in Unicode
 *   (`gіthub.com` with a Cyrillic і) or as punycode (`xn--gthub-n2e.com`), and never a bare IP
 *   address or a one-word host. Internationalized hosts are refused outright rather than judged
 *   by script mixing: a whole-script lookalike (`аррӏе.com`, all Cyrillic) mixes nothing, the
 *   confusables data of Unicode TS #39 is never complete, and papers' code and data live on ASCII
 *   hosts (none of the seed archive's links has another);
 * - a link whose text names a host (`github.com/x`, `https://...`) or a well-known site
 *   ("GitHub", "Hugging Face", "arXiv") goes to that host.
 */
import { domainToUnicode } from 'node:url';
import { formatCodePoint } from '../text/code-point.ts';
import { singleSpaced } from '../text/whitespace.ts';

/** Which check rule a refused URL falls under. */
export type UrlRule = 'unsafe-link' | 'deceptive-url' | 'misleading-link-label';

export interface UrlProblem {
  rule: UrlRule;
  /** A sentence that starts with `what` (e.g. "a link", "code item 2") and says what to do. */
  message: string;
}

/** A DNS host name: dotted labels of ASCII letters, digits and hyphens, ending in a letters-only top-level domain. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `text` quoted for a message: one line, cut to `max` characters, control characters shown as code points. */
function shown(text: string, max = 50): string {
  const visible = text.replace(/\p{Cc}/gu, (char) => formatCodePoint(char.codePointAt(0) ?? 0)).replace(/\s+/g, ' ');
  return `"${visible.length > max ? `${visible.slice(0, max - 1)}…` : visible}"`;
}

/** The non-ASCII characters of `text`, each with its code point: `"і" (U+0456)`. */
function describeNonAscii(text: string): string {
  const found = [...new Set([...text].filter((char) => char > '\x7f'))];
  const listed = found.slice(0, 3).map((char) => `"${char}" (${formatCodePoint(char.codePointAt(0) ?? 0)})`);
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  return `the non-ASCII ${found.length === 1 ? 'character' : 'characters'} ${listed.join(', ')}${more}`;
}

/** The authority of `url` as written: between `scheme://` (or `scheme:`) and the path. */
function writtenAuthority(url: string): string {
  return /^[a-z][a-z0-9+.-]*:[\\/]*([^\\/?#]*)/i.exec(url)?.[1] ?? '';
}

/**
 * What is wrong with `url` as a paper's outside link, or `undefined` when it is fine. `what`
 * opens the message ("a link", "code item 2", "--code").
 */
export function urlProblem(url: string, what = 'the link'): UrlProblem | undefined {
  const quoted = shown(url);
  if (/[\s\p{Cc}]/u.test(url)) {
    return {
      rule: 'unsafe-link',
      message: `${what} ${quoted} holds white space or a control character: write the address without it (a space in a path is %20)`,
    };
  }
  if (!URL.canParse(url)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    return {
      rule: 'unsafe-link',
      message:
        scheme === undefined || /^https?$/i.test(scheme)
          ? `${what} ${quoted} is not an absolute URL: write the full https:// address`
          : `${what} to ${quoted} uses "${scheme.toLowerCase()}:": only http(s) links are allowed; link to an https:// page or remove it`,
    };
  }
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      rule: 'unsafe-link',
      message: `${what} to ${quoted} uses "${parsed.protocol}": only http(s) links are allowed; link to an https:// page or remove it`,
    };
  }
  const host = parsed.hostname;
  const authority = writtenAuthority(url);
  if (parsed.username !== '' || parsed.password !== '') {
    const disguise = authority.slice(0, authority.lastIndexOf('@') + 1);
    return {
      rule: 'deceptive-url',
      message: `${what} ${quoted} really goes to ${host}: "${disguise}" before it is a user name, which only disguises the host; write the real address, with nothing between "//" and the host`,
    };
  }
  const written = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  if (/[^ -~]/.test(written)) {
    return {
      rule: 'deceptive-url',
      message: `${what} ${quoted} really goes to ${host}: its host ${shown(written)} has ${describeNonAscii(written)}, which can pass for ASCII letters; only plain-ASCII host names are accepted`,
    };
  }
  if (host.split('.').some((label) => label.startsWith('xn--'))) {
    const unicode = domainToUnicode(host);
    const looks =
      unicode !== '' && unicode !== host
        ? `, which a browser may show as ${shown(unicode)}, with ${describeNonAscii(unicode)}`
        : '';
    return {
      rule: 'deceptive-url',
      message: `${what} ${quoted} really goes to ${host}${looks}: internationalized (punycode) host names are not accepted; only plain-ASCII host names are`,
    };
  }
  if (!HOST_NAME.test(host)) {
    return {
      rule: 'unsafe-link',
      message: `${what} ${quoted} goes to ${shown(host)}, which is not a host name such as example.org (IP addresses and one-word hosts are not accepted): link to the public address`,
    };
  }
  // A host written percent-encoded (as Markdown's link encoding also writes a non-ASCII one) is
  // decoded and mapped by the URL parser: `%EF%BD%87ithub.com` goes to github.com. The host must be
  // written as itself.
  if (written.toLowerCase() !== host) {
    return {
      rule: 'deceptive-url',
      message: `${what} ${quoted} really goes to ${host}: its host is written ${shown(written)}, encoded rather than as itself; only plain-ASCII host names, written plainly, are accepted`,
    };
  }
  return undefined;
}

/** Whether `url` is an http(s) link every way in accepts. */
export function isAcceptedUrl(url: string): boolean {
  return urlProblem(url) === undefined;
}

/** Hosts that are one site under two names. */
const SAME_SITE: Record<string, string> = { 'hf.co': 'huggingface.co' };

function siteOf(host: string): string {
  const bare = host.toLowerCase().replace(/^www\./, '');
  return SAME_SITE[bare] ?? bare;
}

/** Whether `host` is `site` or one of its subdomains. */
function within(host: string, site: string): boolean {
  const h = siteOf(host);
  return h === site || h.endsWith(`.${site}`);
}

/** Well-known sites a link's text may name, and the hosts that are really them. */
const SITES: readonly { name: RegExp; label: string; hosts: (host: string) => boolean; home: string }[] = [
  {
    name: /\bgit ?hub\b/i,
    label: 'GitHub',
    home: 'github.com',
    hosts: (h) => ['github.com', 'github.io', 'githubusercontent.com'].some((site) => within(h, site)),
  },
  {
    name: /\bgit ?lab\b/i,
    label: 'GitLab',
    home: 'gitlab.com',
    // Self-hosted GitLab instances are GitLab too (gitlab.inria.fr).
    hosts: (h) => within(h, 'gitlab.com') || within(h, 'gitlab.io') || siteOf(h).startsWith('gitlab.'),
  },
  {
    name: /\bhugging ?face\b/i,
    label: 'Hugging Face',
    home: 'huggingface.co',
    hosts: (h) => within(h, 'huggingface.co'),
  },
  { name: /\barxiv\b/i, label: 'arXiv', home: 'arxiv.org', hosts: (h) => within(h, 'arxiv.org') },
  { name: /\bzenodo\b/i, label: 'Zenodo', home: 'zenodo.org', hosts: (h) => within(h, 'zenodo.org') },
  { name: /\bkaggle\b/i, label: 'Kaggle', home: 'kaggle.com', hosts: (h) => within(h, 'kaggle.com') },
  {
    name: /\bcolab\b/i,
    label: 'Colab',
    home: 'colab.research.google.com',
    hosts: (h) => within(h, 'colab.research.google.com') || within(h, 'colab.google'),
  },
  { name: /\bpypi\b/i, label: 'PyPI', home: 'pypi.org', hosts: (h) => within(h, 'pypi.org') },
  { name: /\bcodeberg\b/i, label: 'Codeberg', home: 'codeberg.org', hosts: (h) => within(h, 'codeberg.org') },
  { name: /\bbitbucket\b/i, label: 'Bitbucket', home: 'bitbucket.org', hosts: (h) => within(h, 'bitbucket.org') },
  { name: /\bopen ?review\b/i, label: 'OpenReview', home: 'openreview.net', hosts: (h) => within(h, 'openreview.net') },
  {
    name: /\bpapers ?with ?code\b/i,
    label: 'Papers with Code',
    home: 'paperswithcode.com',
    hosts: (h) => within(h, 'paperswithcode.com'),
  },
];

/**
 * Top-level domains that make a bare `word.tld` link text a host name. Others (`train.py`,
 * `model.pt`, `README.md`) are more often file names than hosts; with a scheme, `www.` or a
 * path, any name counts.
 */
const HOST_LIKE_TLDS = new Set(['com', 'org', 'net', 'edu', 'gov', 'io', 'ai', 'co', 'dev', 'app', 'me', 'info']);

/** The host a link's text names (`github.com/x/y`, `https://a.org`, `www.b.org`), or `undefined`. */
export function hostNamedBy(text: string): string | undefined {
  const match = /^(https?:\/\/)?(www\.)?((?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]+)(:\d+)?([/?#]\S*)?$/iu.exec(text.trim());
  if (!match) return undefined;
  const [, scheme, www, name = '', , path] = match;
  const tld = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (scheme === undefined && www === undefined && path === undefined && !HOST_LIKE_TLDS.has(tld)) return undefined;
  if (!/\p{L}/u.test(tld)) return undefined;
  try {
    return new URL(`https://${name}`).hostname;
  } catch {
    return name.toLowerCase();
  }
}

/**
 * What is wrong with a link whose visible text is `label` and whose target is `url` (a URL the
 * rule above accepts): text that names a host or a well-known site must go there.
 */
export function linkLabelProblem(label: string, url: string, what = 'the link'): UrlProblem | undefined {
  if (!URL.canParse(url)) return undefined;
  const host = new URL(url).hostname;
  const text = singleSpaced(label);
  const named = hostNamedBy(text);
  if (named !== undefined) {
    if (within(host, siteOf(named))) return undefined;
    return {
      rule: 'misleading-link-label',
      message: `${what} ${shown(text)} reads as ${named} but goes to ${host} (${shown(url)}): make the text the real address, or describe the target in words`,
    };
  }
  for (const site of SITES) {
    if (!site.name.test(text) || site.hosts(host)) continue;
    return {
      rule: 'misleading-link-label',
      message: `${what} ${shown(text)} names ${site.label} but goes to ${host} (${shown(url)}), not ${site.home}: link to the ${site.label} page, or change the text`,
    };
  }
  return undefined;
}

/**
 * What a reader is shown for an outside link with no text of its own (the paper page's list of
 * code and project links): the host it really goes to and the path, never the text as written.
 */
export function linkDisplay(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.host}${path}${parsed.search}${parsed.hash}`;
}
