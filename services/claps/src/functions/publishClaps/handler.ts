import { requireEnv } from '@kes/aws-clients';
import { clapsEvents } from '@kes/contracts';
import { dynamodbStreamConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import type { OrderedKinesisWriter } from '@kes/kinesis-writer';
import { z } from 'zod';
import { clapsWriter, clients, totalsStore } from '../../deps';
import { foldClapChanges, type MemberChange } from '../../domain/foldClapChanges';
import type { TotalsStore } from '../../store/TotalsStore';

/** A members-table item; a record whose image does not look like this is dead-lettered with the reason. */
export const memberItemSchema = z.object({
  postId: z.string(),
  memberId: z.string(),
  count: z.number().int().min(0).max(50),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  correlationId: z.string(),
});
type MemberItem = z.infer<typeof memberItemSchema>;

export interface PublishClapsDeps {
  totals: Pick<TotalsStore, 'get' | 'commit'>;
  writer: Pick<OrderedKinesisWriter, 'put' | 'resetKey'>;
}

interface ChangeRecord {
  change: { newImage?: MemberItem; oldImage?: MemberItem };
  meta: { sequenceNumber: string };
}

/**
 * The claps outbox, for one post's records of a batch: read the post's total, fold the changes not yet
 * folded, publish the events (in order, on the post's partition key), then commit the total. Publishing
 * comes before committing, so a crash in between publishes the same events again (same ids and
 * versions) and never loses one; a redelivered record is already folded and changes nothing.
 */
export const publishPostClaps = (deps: PublishClapsDeps) => async (postId: string, items: ChangeRecord[]) => {
  const current = await deps.totals.get(postId);
  const changes: MemberChange[] = items.flatMap(({ change, meta }) => {
    const image = change.newImage ?? change.oldImage;
    if (!image) return [];
    return [
      {
        memberId: image.memberId,
        oldCount: change.oldImage?.count ?? 0,
        newCount: change.newImage?.count ?? 0,
        memberVersion: image.version,
        updatedAt: image.updatedAt,
        correlationId: image.correlationId,
        sequenceNumber: meta.sequenceNumber,
      },
    ];
  });
  const fold = foldClapChanges(current, changes);
  if (fold.events.length === 0) return { skipped: items.length };
  // A key left broken by an earlier invocation's failure is retried from scratch.
  deps.writer.resetKey(postId);
  await Promise.all(
    fold.events.map((event) =>
      deps.writer.put({ partitionKey: event.partitionKey, data: clapsEvents.encode(event) }),
    ),
  );
  await deps.totals.commit(current, fold.next);
  return { skipped: items.length - fold.applied.length };
};

export const handler = dynamodbStreamConsumer({
  name: 'publishClaps',
  partitionKeyAttribute: 'postId',
  newImage: memberItemSchema,
  oldImage: memberItemSchema,
  deadLetter: s3DeadLetter({
    client: clients().s3,
    bucket: requireEnv('DEAD_LETTER_BUCKET'),
    prefix: 'claps/publishClaps',
  }),
  // Posts are independent: fold many at once (the writer bounds the puts in flight).
  keyConcurrency: 32,
  handleKey: (items, postId) =>
    publishPostClaps({ totals: totalsStore(), writer: clapsWriter() })(postId, items),
});
