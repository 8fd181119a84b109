import type { APIRoute } from 'astro';
import { atomFeed } from '../lib/site/atom-feed.ts';
import { feedOf } from '../lib/site/paper-views.ts';
import { abstractOf, getArchive } from '../lib/site/site-data.ts';
import { paths } from '../lib/site/url.ts';
import { SITE } from '../site.config.ts';

/** The newest papers of the whole archive, as Atom. */
export const GET: APIRoute = async () => {
  const archive = await getArchive();
  const feed = feedOf(archive.papers, archive, {
    title: `${SITE.title}: newest papers`,
    subtitle: SITE.description,
    selfPath: paths.feed,
    pagePath: paths.papers(),
    abstractOf,
  });
  return new Response(atomFeed(feed), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
