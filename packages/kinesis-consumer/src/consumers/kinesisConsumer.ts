import middy, { type MiddyfiedHandler } from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { decodeKinesisRecords } from '../decoding/decodeKinesisRecords';
import { keyOrderedProcessor } from '../processing/keyOrderedProcessor';
import { batchItemFailures } from '../response/batchItemFailures';
import { batchTelemetry } from '../telemetry/batchTelemetry';
import type {
  BatchResponse,
  EventDecoder,
  HandleKeyResult,
  HandleResult,
  KinesisItem,
  RecordMeta,
} from '../types';
import { type ConsumerOptionsBase, resolveConsumerOptions } from './resolveConsumerOptions';

/** Options of {@link kinesisConsumer}: the common ones, the registry, and exactly one of `handle`/`handleKey`. */
export type KinesisConsumerOptions<E> = ConsumerOptionsBase & {
  /** The event types this consumer understands, e.g. an `EventRegistry` from @kes/envelope. */
  registry: EventDecoder<E>;
  /** Events of types the registry does not know: `skip` (counted as skipped) or `dead-letter`. Default `skip`. */
  unknownTypes?: 'skip' | 'dead-letter';
} & (
    | {
        /** Called per event, in order within its partition key. Return `'stale'`/`'skipped'` to count it skipped. */
        handle: (event: E, meta: RecordMeta) => Promise<HandleResult> | HandleResult;
        handleKey?: never;
      }
    | {
        /** Called once per partition key with that key's decoded events, in order. */
        handleKey: (items: KinesisItem<E>[], key: string) => Promise<HandleKeyResult> | HandleKeyResult;
        handle?: never;
      }
  );

/** The Lambda handler {@link kinesisConsumer} returns: a middy instance, so more middlewares can be `.use()`d. */
export type KinesisConsumerHandler = MiddyfiedHandler<KinesisStreamEvent, BatchResponse>;

/**
 * A Lambda handler for a Kinesis event-source mapping with `ReportBatchItemFailures`: decodes every
 * record with the registry, dead-letters malformed ones, processes partition keys concurrently and
 * each key's events in order, stops a key at its first failure and reports it in `batchItemFailures`.
 * Handlers must be idempotent: Lambda redelivers everything after the lowest reported record.
 *
 * Built from the exported middlewares: `batchItemFailures`, `batchTelemetry`, `decodeKinesisRecords`
 * around `keyOrderedProcessor`.
 *
 * @example
 * export const handler = kinesisConsumer({
 *   name: 'posts-claps-projection',
 *   registry: clapsEvents,
 *   deadLetter: s3DeadLetter({ client: clients.s3, bucket: requireEnv('DEAD_LETTER_BUCKET'), prefix: 'posts/claps-projection' }),
 *   handle: (event) =>
 *     applyIfNewer(clients.documents, { tableName, key: { postId: event.subject.id }, version: event.version, set: event.data }),
 * });
 */
export const kinesisConsumer = <E>(options: KinesisConsumerOptions<E>): KinesisConsumerHandler => {
  const resolved = resolveConsumerOptions(options);
  const { handle, handleKey } = options;
  const processor = keyOrderedProcessor<KinesisStreamEvent['Records'][number], KinesisItem<E>>({
    ...resolved,
    consumer: resolved.name,
    strategy: handle
      ? { handle: (item) => handle(item.event, item.meta) }
      : { handleKey: handleKey as NonNullable<typeof handleKey> },
  });
  return (
    middy<KinesisStreamEvent, BatchResponse>()
      .use(batchItemFailures())
      .use(batchTelemetry(resolved))
      .use(decodeKinesisRecords({ registry: options.registry }))
      // The decode middleware widens the event and the processor's outcome becomes the response in
      // batchItemFailures; middy's types cannot follow a middleware changing the event or result type.
      .handler(processor as unknown as (event: KinesisStreamEvent) => Promise<BatchResponse>)
  );
};
