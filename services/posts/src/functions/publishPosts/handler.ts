import { once, requireEnv } from '@kes/aws-clients';
import { postsEvents } from '@kes/contracts';
import { type DeadLetterDestination, dynamodbStreamConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import { OrderedKinesisWriter } from '@kes/kinesis-writer';
import { z } from 'zod';
import { clients } from '../../deps';

const SOURCE = 'posts';

/** What a posts-table item must look like to be published; anything else is dead-lettered with the reason. */
const postItemSchema = z.object({
  postId: z.string(),
  authorId: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

const writer = once(
  () => new OrderedKinesisWriter({ client: clients().kinesis, streamName: requireEnv('POSTS_STREAM') }),
);

const deadLetter = once(
  (): DeadLetterDestination =>
    s3DeadLetter({
      client: clients().s3,
      bucket: requireEnv('DEAD_LETTER_BUCKET'),
      prefix: 'posts/publishPosts',
    }),
);

/**
 * The posts outbox: every post inserted into the posts table becomes one PostPublished event (version 1,
 * its full state) on the posts stream, partition key = post id. A failure leaves the stream record
 * unprocessed, so the event is published on retry, never lost; a duplicate has the same event id.
 */
export const handler = dynamodbStreamConsumer({
  name: 'publishPosts',
  partitionKeyAttribute: 'postId',
  newImage: postItemSchema,
  deadLetter: { send: (letter) => deadLetter().send(letter) },
  handle: async (change, meta) => {
    if (change.eventName !== 'INSERT' || !change.newImage) return 'skipped';
    const post = change.newImage;
    const event = postsEvents.create('PostPublished', {
      source: SOURCE,
      subjectId: post.postId,
      version: 1,
      occurredAt: post.createdAt,
      correlationId: meta.eventId,
      data: post,
    });
    writer().resetKey(event.partitionKey);
    await writer().put({ partitionKey: event.partitionKey, data: postsEvents.encode(event) });
  },
});
