import type { APIRoute, GetStaticPaths } from 'astro';
import type { TopicInfo } from '../../../lib/site/archive.ts';
import { atomFeed } from '../../../lib/site/atom-feed.ts';
import { buildsSharedPages, currentShard } from '../../../lib/build/build-shard.ts';
import { abstractOf, getArchive } from '../../../lib/site/site-data.ts';
import { pageKey, paperKey, topicKey } from '../../../lib/build/page-keys.ts';
import { FEED_SIZE, feedOf } from '../../../lib/site/paper-views.ts';
import { paths } from '../../../lib/site/url.ts';
import { SITE } from '../../../site.config.ts';

export const getStaticPaths = (async () => {
  // Shared pages come out of the first slice of a sliced build (build-shard.ts).
  if (!buildsSharedPages(currentShard())) return [];
  const archive = await getArchive();
  return archive.topics.map((topic) => ({
    params: { topic: topic.id },
    props: { topic },
    // An empty topic's feed is dated by the archive's newest paper (paper-views.ts feedOf).
    cacheKey: pageKey([topicKey(topic), archive.newestAdded, topic.papers.slice(0, FEED_SIZE).map(paperKey)]),
  }));
}) satisfies GetStaticPaths;

/** The newest papers of one topic, as Atom. */
export const GET: APIRoute<{ topic: TopicInfo }> = async ({ props }) => {
  const archive = await getArchive();
  const { topic } = props;
  const feed = feedOf(topic.papers, archive, {
    title: `${SITE.title}: ${topic.name}`,
    subtitle: topic.description,
    selfPath: paths.topicFeed(topic.id),
    pagePath: paths.topic(topic.id),
    abstractOf,
  });
  return new Response(atomFeed(feed), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
