import type { DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import {
  type DynamodbStreamConsumerOptions,
  dynamodbStreamConsumer,
  InvalidBatchError,
  type StreamChange,
} from '../../src';
import {
  type ChangeSpec,
  dynamodbStreamEvent,
  FIRST_CREATED_SECONDS,
  outboxInsert,
  streamSequenceNumberAt,
  TABLE_STREAM_ARN,
} from '../helpers/dynamodbStreamEvents';
import { lambdaContext, memoryDeadLetter, recordingLogger, recordingMetrics } from '../helpers/recorders';

const NOW = (FIRST_CREATED_SECONDS + 30) * 1000;

const outboxRow = z.object({
  aggregateId: z.string(),
  version: z.number().int().positive(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
type OutboxRow = z.infer<typeof outboxRow>;

const setup = <N = OutboxRow, O = OutboxRow>(
  overrides: Omit<DynamodbStreamConsumerOptions<N, O>, 'name' | 'deadLetter'> & {
    failDeadLettersFor?: string[];
  },
) => {
  const { failDeadLettersFor = [], ...options } = overrides;
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const deadLetter = memoryDeadLetter(failDeadLettersFor);
  const handler = dynamodbStreamConsumer<N, O>({
    name: 'posts-outbox-publisher',
    deadLetter,
    logger,
    metrics,
    now: () => NOW,
    ...options,
  } as DynamodbStreamConsumerOptions<N, O>);
  return { handler, logger, metrics, deadLetter };
};

describe('dynamodbStreamConsumer', () => {
  describe('decoding', () => {
    it('unmarshalls INSERT, MODIFY and REMOVE into changes with typed keys and images', async () => {
      const changes: StreamChange<OutboxRow, OutboxRow>[] = [];
      const { handler } = setup({
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        oldImage: outboxRow,
        handle: async (change) => {
          changes.push(change);
        },
      });
      const row = { aggregateId: 'p1', version: 1, type: 'PostPublished', payload: { title: 'Hi' } };
      const edited = { ...row, payload: { title: 'Hello' } };

      const response = await handler(
        dynamodbStreamEvent([
          { eventName: 'INSERT', keys: { aggregateId: 'p1', version: 1 }, newImage: row },
          { eventName: 'MODIFY', keys: { aggregateId: 'p1', version: 1 }, newImage: edited, oldImage: row },
          { eventName: 'REMOVE', keys: { aggregateId: 'p1', version: 1 }, oldImage: edited },
        ]),
        lambdaContext,
      );

      expect(response).toEqual({ batchItemFailures: [] });
      expect(changes).toEqual([
        { eventName: 'INSERT', keys: { aggregateId: 'p1', version: 1 }, newImage: row },
        { eventName: 'MODIFY', keys: { aggregateId: 'p1', version: 1 }, newImage: edited, oldImage: row },
        { eventName: 'REMOVE', keys: { aggregateId: 'p1', version: 1 }, oldImage: edited },
      ]);
    });

    it('passes the stream position in meta, with the DynamoDB sequence number as identifier', async () => {
      const metas: unknown[] = [];
      const { handler } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async (_change, meta) => {
          metas.push(meta);
        },
      });

      await handler(dynamodbStreamEvent([outboxInsert('p1', 1)]), lambdaContext);

      expect(metas).toEqual([
        {
          source: 'aws:dynamodb',
          sequenceNumber: streamSequenceNumberAt(0),
          partitionKey: 'p1',
          approximateArrivalTime: new Date(FIRST_CREATED_SECONDS * 1000),
          eventSourceArn: TABLE_STREAM_ARN,
          eventId: 'event-0',
          shardOrStream: 'posts-outbox.2026-01-01T00-00-00.000',
        },
      ]);
    });

    it('types the images from the schemas without explicit type arguments', async () => {
      const aggregates: string[] = [];
      // No type arguments: `change.newImage` is inferred as OutboxRow from `newImage`, or this does not compile.
      const handler = dynamodbStreamConsumer({
        name: 'typed',
        deadLetter: memoryDeadLetter(),
        logger: recordingLogger(),
        metrics: recordingMetrics(),
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        handle: async (change) => {
          if (change.newImage) aggregates.push(change.newImage.aggregateId);
        },
      });

      await handler(dynamodbStreamEvent([outboxInsert('p7', 1)]), lambdaContext);

      expect(aggregates).toEqual(['p7']);
    });

    it('hands over the unmarshalled images unvalidated when no schema is given', async () => {
      const changes: StreamChange[] = [];
      const { handler } = setup<Record<string, unknown>, Record<string, unknown>>({
        keyOf: () => 'all',
        handle: async (change) => {
          changes.push(change);
        },
      });

      await handler(
        dynamodbStreamEvent([
          { eventName: 'INSERT', keys: { id: 'x' }, newImage: { id: 'x', n: 3, tags: new Set(['a']) } },
        ]),
        lambdaContext,
      );

      expect(changes[0]?.newImage).toEqual({ id: 'x', n: 3, tags: new Set(['a']) });
    });
  });

  describe('invalid records are dead-lettered', () => {
    it('dead-letters a NewImage that breaks its schema, naming each field, with the raw record', async () => {
      const handled: number[] = [];
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        handle: async (change) => {
          handled.push(change.newImage?.version ?? 0);
        },
      });
      const bad: ChangeSpec = {
        eventName: 'INSERT',
        keys: { aggregateId: 'p1', version: 2 },
        newImage: { aggregateId: 'p1', version: 2, type: 7, payload: {} },
      };

      const event = dynamodbStreamEvent([outboxInsert('p1', 1), bad, outboxInsert('p1', 3)]);
      const response = await handler(event, lambdaContext);

      expect(response).toEqual({ batchItemFailures: [] });
      expect(handled).toEqual([1, 3]);
      expect(deadLetter.letters).toEqual([
        {
          formatVersion: 1,
          consumer: 'posts-outbox-publisher',
          deadLetteredAt: new Date(NOW).toISOString(),
          reason: {
            code: 'RECORD_VALIDATION_FAILED',
            message: expect.stringContaining('newImage.type'),
            issues: [{ path: 'newImage.type', message: expect.any(String) }],
          },
          record: {
            source: 'aws:dynamodb',
            eventSourceArn: TABLE_STREAM_ARN,
            eventId: 'event-1',
            shardOrStream: 'posts-outbox.2026-01-01T00-00-00.000',
            partitionKey: 'p1',
            sequenceNumber: streamSequenceNumberAt(1),
            approximateArrivalTime: new Date((FIRST_CREATED_SECONDS + 1) * 1000).toISOString(),
            eventName: 'INSERT',
            dynamodb: event.Records[1]?.dynamodb,
          },
        },
      ]);
    });

    it('dead-letters a REMOVE whose OldImage breaks its schema', async () => {
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        oldImage: outboxRow,
        handle: async () => undefined,
      });

      await handler(
        dynamodbStreamEvent([
          { eventName: 'REMOVE', keys: { aggregateId: 'p1', version: 1 }, oldImage: { aggregateId: 'p1' } },
        ]),
        lambdaContext,
      );

      expect(deadLetter.letters[0]?.reason.issues.map((issue) => issue.path).sort()).toEqual([
        'oldImage.payload',
        'oldImage.type',
        'oldImage.version',
      ]);
    });

    it('dead-letters an INSERT without NewImage when its stream view type says it has one', async () => {
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        handle: async () => undefined,
      });

      await handler(
        dynamodbStreamEvent([{ eventName: 'INSERT', keys: { aggregateId: 'p1', version: 1 } }]),
        lambdaContext,
      );

      expect(deadLetter.letters[0]?.reason.issues).toEqual([
        {
          path: 'newImage',
          message: 'missing on INSERT although the stream view type is NEW_AND_OLD_IMAGES',
        },
      ]);
    });

    it('does not ask for an OldImage the stream view type (NEW_IMAGE) does not include', async () => {
      const handle = jest.fn();
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        oldImage: outboxRow,
        handle,
      });
      const event = dynamodbStreamEvent([
        {
          eventName: 'MODIFY',
          keys: { aggregateId: 'p1', version: 1 },
          newImage: outboxInsert('p1', 1).newImage,
        },
      ]);
      const stream = event.Records[0]?.dynamodb;
      if (stream) stream.StreamViewType = 'NEW_IMAGE';

      await handler(event, lambdaContext);

      expect(deadLetter.letters).toEqual([]);
      expect(handle).toHaveBeenCalledWith(
        {
          eventName: 'MODIFY',
          keys: { aggregateId: 'p1', version: 1 },
          newImage: outboxInsert('p1', 1).newImage,
        },
        expect.anything(),
      );
    });

    it('does not ask for an image the event cannot have (no OldImage on INSERT, no NewImage on REMOVE)', async () => {
      const handle = jest.fn();
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        newImage: outboxRow,
        oldImage: outboxRow,
        handle,
      });
      const row = { aggregateId: 'p1', version: 1, type: 'T', payload: {} };

      await handler(
        dynamodbStreamEvent([
          { eventName: 'INSERT', keys: { aggregateId: 'p1', version: 1 }, newImage: row },
          { eventName: 'REMOVE', keys: { aggregateId: 'p1', version: 1 }, oldImage: row },
        ]),
        lambdaContext,
      );

      expect(deadLetter.letters).toEqual([]);
      expect(handle).toHaveBeenCalledTimes(2);
    });

    it('dead-letters a record with an unknown eventName', async () => {
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async () => undefined,
      });
      const event = dynamodbStreamEvent([outboxInsert('p1', 1)]);
      const [record] = event.Records;
      if (record) (record as { eventName: string }).eventName = 'TRUNCATE';

      await handler(event, lambdaContext);

      expect(deadLetter.letters[0]?.reason).toMatchObject({
        code: 'RECORD_VALIDATION_FAILED',
        issues: [{ path: 'eventName', message: 'unknown eventName "TRUNCATE"' }],
      });
    });

    it('dead-letters an image that does not unmarshall (an attribute type DynamoDB does not have)', async () => {
      const { handler, deadLetter } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async () => undefined,
      });
      const event = dynamodbStreamEvent([outboxInsert('p1', 1)]);
      const stream = event.Records[0]?.dynamodb;
      if (stream?.NewImage) (stream.NewImage as Record<string, unknown>).version = { Q: '1' };

      await handler(event, lambdaContext);

      expect(deadLetter.letters[0]?.reason).toMatchObject({
        code: 'RECORD_VALIDATION_FAILED',
        issues: [{ path: 'dynamodb' }],
      });
    });
  });

  describe('ordering key', () => {
    it('orders by the partition key attribute of a composite key, so a failure stops later rows of that key', async () => {
      const handled: string[] = [];
      const { handler } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async (change) => {
          const { aggregateId, version } = change.keys as { aggregateId: string; version: number };
          if (aggregateId === 'p1' && version === 2) throw new Error('Kinesis put failed');
          handled.push(`${aggregateId}:${version}`);
        },
      });

      const response = await handler(
        dynamodbStreamEvent([
          outboxInsert('p1', 1),
          outboxInsert('p1', 2),
          outboxInsert('p2', 1),
          outboxInsert('p1', 3),
        ]),
        lambdaContext,
      );

      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: streamSequenceNumberAt(1) }] });
      expect(handled.sort()).toEqual(['p1:1', 'p2:1']);
    });

    it('uses the only key attribute of a table without sort key by default', async () => {
      const keys: string[] = [];
      const { handler } = setup<Record<string, unknown>, Record<string, unknown>>({
        handleKey: async (_items, key) => {
          keys.push(key);
        },
      });

      await handler(
        dynamodbStreamEvent([
          { eventName: 'INSERT', keys: { postId: 'a' }, newImage: { postId: 'a' } },
          { eventName: 'INSERT', keys: { postId: 'b' }, newImage: { postId: 'b' } },
          { eventName: 'MODIFY', keys: { postId: 'a' }, newImage: { postId: 'a' } },
        ]),
        lambdaContext,
      );

      expect(keys.sort()).toEqual(['a', 'b']);
    });

    it('fails the whole batch when the key is composite and no partitionKeyAttribute says which part to use', async () => {
      const handle = jest.fn();
      const { handler } = setup({ handle });

      const failure = handler(dynamodbStreamEvent([outboxInsert('p1', 1)]), lambdaContext);

      await expect(failure).rejects.toThrow(InvalidBatchError);
      await expect(failure).rejects.toThrow(/set partitionKeyAttribute or keyOf/);
      expect(handle).not.toHaveBeenCalled();
    });

    it('groups by a custom keyOf', async () => {
      const calls: [string, number][] = [];
      const { handler } = setup({
        keyOf: (record) => record.dynamodb?.NewImage?.type?.S ?? 'none',
        handleKey: async (items, key) => {
          calls.push([key, items.length]);
        },
      });

      await handler(
        dynamodbStreamEvent([outboxInsert('p1', 1), outboxInsert('p2', 1), outboxInsert('p3', 1)]),
        lambdaContext,
      );

      expect(calls).toEqual([['PostPublished', 3]]);
    });
  });

  describe('metrics and framework errors', () => {
    it('measures IteratorAge from ApproximateCreationDateTime of the last record', async () => {
      const { handler, metrics } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async () => undefined,
      });

      await handler(dynamodbStreamEvent([outboxInsert('p1', 1), outboxInsert('p1', 2)]), lambdaContext);

      expect(metrics.value('IteratorAgeMilliseconds')).toBe(NOW - (FIRST_CREATED_SECONDS + 1) * 1000);
      expect(metrics.value('BatchSize')).toBe(2);
      expect(metrics.value('RecordsProcessed')).toBe(2);
    });

    it('fails the whole batch for a record without SequenceNumber', async () => {
      const { handler, metrics } = setup({
        partitionKeyAttribute: 'aggregateId',
        handle: async () => undefined,
      });
      const event: DynamoDBStreamEvent = dynamodbStreamEvent([outboxInsert('p1', 1)]);
      delete event.Records[0]?.dynamodb?.SequenceNumber;

      await expect(handler(event, lambdaContext)).rejects.toThrow(/no dynamodb.SequenceNumber/);
      expect(metrics.flushes).toBe(1);
    });
  });
});
