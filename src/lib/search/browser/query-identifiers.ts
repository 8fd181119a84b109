/**
 * A pasted identifier, read as the index holds it. Each paper page indexes its arXiv id and DOI
 * bare (src/components/SearchPaperMeta.astro), but a reader pastes them as arXiv and doi.org write
 * them: `arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234`, `arXiv:2401.01234 [cs.LG]`,
 * `https://doi.org/10.1103/PhysRevD.76.013009`, `doi:10.…`. Pagefind reads such a query as one
 * unknown word (`arxiv240101234v2`) and answers with whatever shorter word starts it, or nothing.
 * The same rules as every other way in read the identifier (src/lib/paper/identifiers.ts).
 */
import { bareDoi, canonicalArxivId } from '../../paper/identifiers.ts';

/** The bare arXiv id or DOI when the whole `query` is one, in any form it is pasted in; else `query` as it is. */
export function readQueryIdentifier(query: string): string {
  return canonicalArxivId(query) ?? bareDoi(query) ?? query;
}
