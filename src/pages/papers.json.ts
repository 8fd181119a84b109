import type { APIRoute } from 'astro';
import { jsonOf } from '../lib/site/paper-views.ts';
import { papersJson } from '../lib/site/papers-json.ts';
import { getArchive } from '../lib/site/site-data.ts';
import { absoluteUrl, paths } from '../lib/site/url.ts';
import { SITE } from '../site.config.ts';

/** Every paper's metadata, newest first (fields documented in docs/site.md). */
export const GET: APIRoute = async () => {
  const archive = await getArchive();
  const body = papersJson(
    archive.papers.map(jsonOf),
    { title: SITE.title, url: absoluteUrl(paths.home) },
    archive.topics.map((topic) => ({
      id: topic.id,
      name: topic.name,
      description: topic.description,
      count: topic.papers.length,
      url: absoluteUrl(paths.topic(topic.id)),
    })),
  );
  // Unindented: indentation was 0.2 KB a paper of the site's bytes, and any JSON viewer indents it.
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
};
