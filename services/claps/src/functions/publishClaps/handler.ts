import { once, requireEnv } from '@kes/aws-clients';
import { clapsEvents } from '@kes/contracts';
import { type DeadLetterDestination, dynamodbStreamConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import type { OrderedKinesisWriter } from '@kes/kinesis-writer';
import { z } from 'zod';
import { clapsWriter, clients } from '../../deps';
import { eventsFromTotals, type TotalsImage } from '../../domain/eventsFromTotals';

/** A totals-table item; a record whose image does not look like this is dead-lettered with the reason. */
export const totalsImageSchema = z.object({
  postId: z.string(),
  total: z.number().int().nonnegative(),
  clappers: z.number().int().nonnegative(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string().optional(),
  lastChange: z
    .object({
      memberId: z.string(),
      count: z.number().int().min(0).max(50),
      memberVersion: z.number().int().positive(),
      correlationId: z.string(),
    })
    .optional(),
});

export interface PublishClapsDeps {
  writer: Pick<OrderedKinesisWriter, 'put' | 'resetKey'>;
}

/**
 * The claps outbox publisher, for one post's records of a batch: the events the committed changes stand
 * for, published in order on the post's partition key. Stateless: a redelivered record publishes the same
 * events (same ids and versions) again, which consumers ignore.
 */
export const publishPostClaps = (deps: PublishClapsDeps) => async (postId: string, images: TotalsImage[]) => {
  const events = eventsFromTotals(images);
  if (events.length === 0) return { skipped: images.length };
  // A key left broken by an earlier invocation's failure is retried from scratch.
  deps.writer.resetKey(postId);
  await Promise.all(
    events.map((event) =>
      deps.writer.put({ partitionKey: event.partitionKey, data: clapsEvents.encode(event) }),
    ),
  );
  return undefined;
};

const deadLetter = once(
  (): DeadLetterDestination =>
    s3DeadLetter({
      client: clients().s3,
      bucket: requireEnv('DEAD_LETTER_BUCKET'),
      prefix: 'claps/publishClaps',
    }),
);

export const handler = dynamodbStreamConsumer({
  name: 'publishClaps',
  partitionKeyAttribute: 'postId',
  newImage: totalsImageSchema,
  deadLetter: { send: (letter) => deadLetter().send(letter) },
  // Posts are independent: publish many at once (the writer bounds the puts in flight).
  keyConcurrency: 32,
  handleKey: (items, postId) =>
    publishPostClaps({ writer: clapsWriter() })(
      postId,
      items.flatMap(({ change }) => (change.newImage ? [change.newImage] : [])),
    ),
});
