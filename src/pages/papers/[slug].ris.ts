import type { APIRoute, GetStaticPaths } from 'astro';
import type { SitePaper } from '../../lib/archive.ts';
import { ris } from '../../lib/citation-formats.ts';
import { citationOf } from '../../lib/paper-views.ts';
import { getArchive } from '../../lib/site-data.ts';

export const getStaticPaths = (async () => {
  const archive = await getArchive();
  return archive.papers.map((paper) => ({ params: { slug: paper.slug }, props: { paper } }));
}) satisfies GetStaticPaths;

/** The paper's RIS record (EndNote, Mendeley, Zotero) as a downloadable `.ris` file. */
export const GET: APIRoute<{ paper: SitePaper }> = ({ props }) =>
  new Response(ris(citationOf(props.paper)), {
    headers: { 'Content-Type': 'application/x-research-info-systems; charset=utf-8' },
  });
