import type { APIRoute, GetStaticPaths } from 'astro';
import type { SitePaper } from '../../lib/site/archive.ts';
import { ris } from '../../lib/site/citation-formats.ts';
import { citationOf } from '../../lib/site/paper-views.ts';
import { getArchive } from '../../lib/site/site-data.ts';

/**
 * The paper's RIS record (EndNote, Mendeley, Zotero) as a downloadable `.ris` file,
 * under `astro dev`. A build writes every one in one pass at its end instead (see the `.bib`
 * route), so here it has no paths.
 */
export const getStaticPaths = (async () => {
  if (!import.meta.env.DEV) return [];
  const archive = await getArchive();
  return archive.papers.map((paper) => ({ params: { slug: paper.slug }, props: { paper } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ paper: SitePaper }> = ({ props }) =>
  new Response(ris(citationOf(props.paper)), {
    headers: { 'Content-Type': 'application/x-research-info-systems; charset=utf-8' },
  });
