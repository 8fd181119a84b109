import type { APIRoute, GetStaticPaths } from 'astro';
import type { SitePaper } from '../../lib/site/archive.ts';
import { bibtex } from '../../lib/site/citation.ts';
import { citationOf } from '../../lib/site/paper-views.ts';
import { getArchive } from '../../lib/site/site-data.ts';

/**
 * The paper's BibTeX entry as a downloadable `.bib` file, under `astro dev`. A build writes every
 * `.bib` in one pass at its end instead (src/lib/build/build-files.ts, provided by getArchive), so here it
 * has no paths.
 */
export const getStaticPaths = (async () => {
  if (!import.meta.env.DEV) return [];
  const archive = await getArchive();
  return archive.papers.map((paper) => ({ params: { slug: paper.slug }, props: { paper } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ paper: SitePaper }> = ({ props }) =>
  new Response(bibtex(citationOf(props.paper)), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
