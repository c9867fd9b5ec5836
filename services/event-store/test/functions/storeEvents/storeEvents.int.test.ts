import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { EventStore } from '../../../src/store/EventStore';
import { memberChanged, published, totalChanged } from '../../helpers/events';
import { kinesisBatch } from '../../helpers/kinesisBatch';
import { createEventsTable } from '../../helpers/table';

const EVENTS_TABLE = 'events';
const DEAD_LETTER_BUCKET = 'dead-letters';
const lambdaContext = { awsRequestId: 'request-1', functionName: 'storeEvents' } as unknown as Context;
type Handler = (event: KinesisStreamEvent, context: Context) => Promise<unknown>;

describe('storeEvents against DynamoDB Local and S3', () => {
  const savedEnv = { ...process.env };
  let emulators: TestEmulators;
  let clients: AwsClients;
  let storeEvents: Handler;
  let store: EventStore;

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true, s3: true });
    clients = createAwsClients(emulators.env);
    await createEventsTable(clients.dynamodb, EVENTS_TABLE);
    await clients.s3.send(new CreateBucketCommand({ Bucket: DEAD_LETTER_BUCKET }));
    Object.assign(process.env, emulators.env, {
      EVENTS_TABLE,
      DEAD_LETTER_BUCKET,
      TIME_INDEX_SHARDS: '4',
      SNAPSHOT_EVERY: '2',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    storeEvents = (await import('../../../src/functions/storeEvents/handler')).handler as unknown as Handler;
    store = new EventStore(clients.documents, { table: EVENTS_TABLE, timeShards: 4 });
  });
  afterAll(async () => {
    process.env = savedEnv;
    clients?.dynamodb.destroy();
    clients?.s3.destroy();
    await emulators?.stop();
  });

  it('stores the events of every stream’s types, once, and dead-letters what it cannot store', async () => {
    const events = [published('h1'), memberChanged('h1', 1), totalChanged('h1', 1), totalChanged('h1', 2)];
    const unknownType = { ...totalChanged('h1', 3), type: 'PostDeleted' };

    const response = await storeEvents(
      kinesisBatch([
        ...events,
        { partitionKey: 'h1', raw: '{"not": "an event"' },
        { partitionKey: 'h1', raw: JSON.stringify(unknownType) },
        events[1] as (typeof events)[number],
      ]),
      lambdaContext,
    );
    await storeEvents(kinesisBatch(events.slice(2)), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    const history = await store.history({ type: 'post', id: 'h1' }, 100);
    expect(history.events).toHaveLength(events.length);
    expect(new Set(history.events.map((event) => event.id))).toEqual(
      new Set(events.map((event) => event.id)),
    );
    const { Contents = [] } = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: DEAD_LETTER_BUCKET, Prefix: 'event-store/storeEvents/' }),
    );
    const letters = await Promise.all(
      Contents.map(async ({ Key }) =>
        JSON.parse(
          (await (
            await clients.s3.send(new GetObjectCommand({ Bucket: DEAD_LETTER_BUCKET, Key }))
          ).Body?.transformToString()) ?? '',
        ),
      ),
    );
    expect(letters.map((letter) => letter.reason.code).sort()).toEqual(
      ['EVENT_DECODE_FAILED', 'UNKNOWN_EVENT_TYPE'].sort(),
    );
  });
});
