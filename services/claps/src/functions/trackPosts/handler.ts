import { requireEnv } from '@kes/aws-clients';
import { postsEvents } from '@kes/contracts';
import { kinesisConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import { clients, totalsStore } from '../../deps';

/**
 * Learns published posts from PostPublished, so only posts that exist can be clapped: each one gets a
 * totals item with no claps. Idempotent: a post tracked already is skipped.
 */
export const handler = kinesisConsumer({
  name: 'trackPosts',
  registry: postsEvents,
  deadLetter: s3DeadLetter({
    client: clients().s3,
    bucket: requireEnv('DEAD_LETTER_BUCKET'),
    prefix: 'claps/trackPosts',
  }),
  handle: async (event) => {
    const created = await totalsStore().track({
      postId: event.data.postId,
      authorId: event.data.authorId,
      publishedAt: event.data.createdAt,
    });
    return created ? 'processed' : 'skipped';
  },
});
