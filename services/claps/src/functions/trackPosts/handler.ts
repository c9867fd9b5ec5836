import { once, requireEnv } from '@kes/aws-clients';
import { postsEvents } from '@kes/contracts';
import { type DeadLetterDestination, kinesisConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import { clapsStore, clients } from '../../deps';

const deadLetter = once(
  (): DeadLetterDestination =>
    s3DeadLetter({
      client: clients().s3,
      bucket: requireEnv('DEAD_LETTER_BUCKET'),
      prefix: 'claps/trackPosts',
    }),
);

/**
 * Learns published posts from PostPublished, so only posts that exist can be clapped: each one gets a
 * totals item with no claps (version 0). Idempotent: a post tracked already is skipped.
 */
export const handler = kinesisConsumer({
  name: 'trackPosts',
  registry: postsEvents,
  deadLetter: { send: (letter) => deadLetter().send(letter) },
  handle: async (event) => {
    const created = await clapsStore().track({
      postId: event.data.postId,
      authorId: event.data.authorId,
      publishedAt: event.data.createdAt,
    });
    return created ? 'processed' : 'skipped';
  },
});
