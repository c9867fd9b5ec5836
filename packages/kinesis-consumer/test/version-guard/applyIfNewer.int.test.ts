import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { type ApplyResult, applyIfNewer, kinesisConsumer } from '../../src';
import { type CounterEvent, counterChanged, counterEvents } from '../helpers/counterEvents';
import { kinesisEvent, type RecordSpec } from '../helpers/kinesisEvents';
import { lambdaContext, memoryDeadLetter, recordingLogger, recordingMetrics } from '../helpers/recorders';

const TABLE = 'counters-read-model';

describe('applyIfNewer against DynamoDB Local', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;
  let nextId = 0;
  /** A fresh subject per test, so tests share the table but not items. */
  const subject = () => `counter-${++nextId}`;
  const read = async (id: string) =>
    (await clients.documents.send(new GetCommand({ TableName: TABLE, Key: { id }, ConsistentRead: true })))
      .Item;
  const apply = (id: string, version: number, value: number, extra: Record<string, unknown> = {}) =>
    applyIfNewer(clients.documents, { tableName: TABLE, key: { id }, version, set: { value, ...extra } });

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true });
    clients = createAwsClients(emulators.env);
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterAll(async () => {
    clients?.dynamodb.destroy();
    await emulators?.stop();
  });

  it('creates the item on the first write', async () => {
    const id = subject();

    await expect(apply(id, 1, 10)).resolves.toBe('applied');

    expect(await read(id)).toEqual({ id, version: 1, value: 10 });
  });

  it('applies a newer version', async () => {
    const id = subject();
    await apply(id, 1, 10);

    await expect(apply(id, 2, 20)).resolves.toBe('applied');

    expect(await read(id)).toEqual({ id, version: 2, value: 20 });
  });

  it('ignores the same version again (a duplicate), leaving the item as it was', async () => {
    const id = subject();
    await apply(id, 3, 30);

    await expect(apply(id, 3, 999)).resolves.toBe('stale');

    expect(await read(id)).toEqual({ id, version: 3, value: 30 });
  });

  it('ignores an older version (out of order)', async () => {
    const id = subject();
    await apply(id, 5, 50);

    await expect(apply(id, 4, 40)).resolves.toBe('stale');

    expect(await read(id)).toEqual({ id, version: 5, value: 50 });
  });

  it('ends with the highest version after duplicates and reordering, whatever the arrival order', async () => {
    const id = subject();
    const arrivals = [2, 1, 2, 4, 3, 4, 1, 6, 5];

    const results: ApplyResult[] = [];
    for (const version of arrivals) results.push(await apply(id, version, version * 10));

    expect(results).toEqual([
      'applied',
      'stale',
      'stale',
      'applied',
      'stale',
      'stale',
      'stale',
      'applied',
      'stale',
    ]);
    expect(await read(id)).toEqual({ id, version: 6, value: 60 });
  });

  it('ends with the highest version when the writes race each other', async () => {
    const id = subject();
    const versions = [3, 1, 7, 2, 7, 5, 4, 6];

    const results = await Promise.all(versions.map((version) => apply(id, version, version * 10)));

    expect(results.filter((result) => result === 'applied').length).toBeGreaterThanOrEqual(1);
    expect(await read(id)).toEqual({ id, version: 7, value: 70 });
  });

  it('applies to an existing item that has no version yet, keeping its other attributes', async () => {
    const id = subject();
    await clients.documents.send(new PutCommand({ TableName: TABLE, Item: { id, createdBy: 'backfill' } }));

    await expect(apply(id, 1, 10)).resolves.toBe('applied');

    expect(await read(id)).toEqual({ id, createdBy: 'backfill', version: 1, value: 10 });
  });

  it('sets attributes whose names are reserved words or contain odd characters', async () => {
    const id = subject();

    await apply(id, 1, 10, { status: 'live', name: 'n', 'a.b': 1, 'with space': true, count: 3 });

    expect(await read(id)).toMatchObject({
      status: 'live',
      name: 'n',
      'a.b': 1,
      'with space': true,
      count: 3,
    });
  });

  it('guards on the given version attribute', async () => {
    const id = subject();
    const write = (version: number) =>
      applyIfNewer(clients.documents, {
        tableName: TABLE,
        key: { id },
        version,
        versionAttribute: 'clapsVersion',
        set: { claps: version },
      });

    await write(2);
    await expect(write(1)).resolves.toBe('stale');

    expect(await read(id)).toEqual({ id, clapsVersion: 2, claps: 2 });
  });

  it('propagates errors other than a failed condition', async () => {
    await expect(
      applyIfNewer(clients.documents, {
        tableName: 'no-such-table',
        key: { id: 'x' },
        version: 1,
        set: { value: 1 },
      }),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('makes a projection consumer idempotent: a redelivered, reordered batch leaves the right final state', async () => {
    const [a, b] = [subject(), subject()];
    const metrics = recordingMetrics();
    const handler = kinesisConsumer({
      name: 'counter-projection',
      registry: counterEvents,
      deadLetter: memoryDeadLetter(),
      logger: recordingLogger(),
      metrics,
      handle: (event: CounterEvent) =>
        applyIfNewer(clients.documents, {
          tableName: TABLE,
          key: { id: event.subject.id },
          version: event.version,
          set: { value: event.data.value },
        }),
    });
    const spec = (id: string, version: number): RecordSpec => ({
      key: id,
      event: counterChanged(id, version, version * 100),
    });
    // A producer retry duplicated a:2 and b:1 and a:1 arrived after a:3.
    const batch = kinesisEvent([
      spec(a, 2),
      spec(b, 1),
      spec(a, 3),
      spec(a, 2),
      spec(a, 1),
      spec(b, 1),
      spec(b, 2),
    ]);

    await handler(batch, lambdaContext);
    // Lambda redelivers after a partial failure elsewhere: everything comes again.
    await handler(batch, lambdaContext);

    expect(await read(a)).toEqual({ id: a, version: 3, value: 300 });
    expect(await read(b)).toEqual({ id: b, version: 2, value: 200 });
    const processedPerRun = metrics.added.filter((m) => m.name === 'RecordsProcessed').map((m) => m.value);
    const skippedPerRun = metrics.added.filter((m) => m.name === 'RecordsSkipped').map((m) => m.value);
    expect(processedPerRun).toEqual([4, 0]);
    expect(skippedPerRun).toEqual([3, 7]);
  });
});
