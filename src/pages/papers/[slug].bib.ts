import type { APIRoute, GetStaticPaths } from 'astro';
import type { SitePaper } from '../../lib/archive.ts';
import { bibtex } from '../../lib/citation.ts';
import { citationOf } from '../../lib/paper-views.ts';
import { getArchive } from '../../lib/site-data.ts';

export const getStaticPaths = (async () => {
  const archive = await getArchive();
  return archive.papers.map((paper) => ({ params: { slug: paper.slug }, props: { paper } }));
}) satisfies GetStaticPaths;

/** The paper's BibTeX entry as a downloadable `.bib` file. */
export const GET: APIRoute<{ paper: SitePaper }> = ({ props }) =>
  new Response(bibtex(citationOf(props.paper)), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
