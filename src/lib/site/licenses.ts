/**
 * The licenses arXiv records carry (its `license` field: arXiv's own distribution license and the
 * Creative Commons licenses it offers), named as a reader knows them. Any other URL is shown as
 * its host and path.
 */

const CREATIVE_COMMONS = /^https?:\/\/creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)\/(\d\.\d)\/?$/i;
const ARXIV_LICENSE = /^https?:\/\/arxiv\.org\/licenses\/nonexclusive-distrib\/1\.0\/?$/i;

/** "CC BY 4.0", "CC0 1.0", "arXiv non-exclusive license"; `undefined` for a license it does not know. */
export function licenseName(url: string): string | undefined {
  if (ARXIV_LICENSE.test(url)) return 'arXiv non-exclusive license to distribute';
  const match = CREATIVE_COMMONS.exec(url);
  if (match === null) return undefined;
  const [, kind = '', terms = '', version = ''] = match;
  if (kind.toLowerCase() === 'publicdomain') return terms.toLowerCase() === 'zero' ? `CC0 ${version}` : undefined;
  return `CC ${terms.toUpperCase()} ${version}`;
}
