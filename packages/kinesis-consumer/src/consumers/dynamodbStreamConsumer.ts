import middy, { type MiddyfiedHandler } from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { decodeDynamoDbStreamRecords } from '../decoding/decodeDynamoDbStreamRecords';
import { partitionKeyOf } from '../decoding/partitionKeyOf';
import { keyOrderedProcessor } from '../processing/keyOrderedProcessor';
import { batchItemFailures } from '../response/batchItemFailures';
import { batchTelemetry } from '../telemetry/batchTelemetry';
import type {
  BatchResponse,
  HandleKeyResult,
  HandleResult,
  ImageSchema,
  RecordMeta,
  StreamChange,
  StreamChangeItem,
} from '../types';
import { type ConsumerOptionsBase, resolveConsumerOptions } from './resolveConsumerOptions';

/** Options of {@link dynamodbStreamConsumer}: the common ones, decoding, and exactly one of `handle`/`handleKey`. */
export type DynamodbStreamConsumerOptions<N, O> = ConsumerOptionsBase & {
  /** The ordering key of a record. Default: the value of the item's partition key (see `partitionKeyAttribute`). */
  keyOf?: (record: DynamoDBRecord) => string;
  /** Names the partition key attribute for the default `keyOf`; required when the table has a sort key. */
  partitionKeyAttribute?: string;
  /** Validates unmarshalled `NewImage`s (INSERT, MODIFY); invalid records are dead-lettered. */
  newImage?: ImageSchema<N>;
  /** Validates unmarshalled `OldImage`s (MODIFY, REMOVE); invalid records are dead-lettered. */
  oldImage?: ImageSchema<O>;
} & (
    | {
        handle: (change: StreamChange<N, O>, meta: RecordMeta) => Promise<HandleResult> | HandleResult;
        handleKey?: never;
      }
    | {
        handleKey: (
          items: StreamChangeItem<N, O>[],
          key: string,
        ) => Promise<HandleKeyResult> | HandleKeyResult;
        handle?: never;
      }
  );

/** The Lambda handler {@link dynamodbStreamConsumer} returns: a middy instance. */
export type DynamodbStreamConsumerHandler = MiddyfiedHandler<DynamoDBStreamEvent, BatchResponse>;

/**
 * A Lambda handler for a DynamoDB Streams event-source mapping with `ReportBatchItemFailures`, e.g. an
 * outbox publisher: unmarshalls and validates each change, dead-letters invalid ones, processes keys
 * concurrently and each key's changes in order, and reports the first failure of each key by its
 * `dynamodb.SequenceNumber`.
 *
 * @example
 * export const handler = dynamodbStreamConsumer({
 *   name: 'posts-outbox-publisher',
 *   deadLetter: s3DeadLetter({ client: clients.s3, bucket: requireEnv('DEAD_LETTER_BUCKET'), prefix: 'posts/outbox' }),
 *   partitionKeyAttribute: 'aggregateId',
 *   newImage: outboxRowSchema,
 *   handleKey: async (items, key) => publish(key, items.filter((i) => i.change.eventName === 'INSERT')),
 * });
 */
export const dynamodbStreamConsumer = <N = Record<string, unknown>, O = Record<string, unknown>>(
  options: DynamodbStreamConsumerOptions<N, O>,
): DynamodbStreamConsumerHandler => {
  const resolved = resolveConsumerOptions(options);
  const { handle, handleKey } = options;
  const processor = keyOrderedProcessor<DynamoDBRecord, StreamChangeItem<N, O>>({
    ...resolved,
    consumer: resolved.name,
    strategy: handle
      ? { handle: (item) => handle(item.change, item.meta) }
      : { handleKey: handleKey as NonNullable<typeof handleKey> },
  });
  return (
    middy<DynamoDBStreamEvent, BatchResponse>()
      .use(batchItemFailures())
      .use(batchTelemetry(resolved))
      .use(
        decodeDynamoDbStreamRecords<N, O>({
          keyOf: options.keyOf ?? partitionKeyOf(options.partitionKeyAttribute),
          newImage: options.newImage,
          oldImage: options.oldImage,
        }),
      )
      // See kinesisConsumer: middy's types cannot follow a middleware changing the event or result type.
      .handler(processor as unknown as (event: DynamoDBStreamEvent) => Promise<BatchResponse>)
  );
};
