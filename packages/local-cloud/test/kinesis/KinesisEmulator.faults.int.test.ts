import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { ControlServer } from '../../src/control/ControlServer';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { loadKinesisFaults } from '../../src/kinesis/faultsConfig';
import { KinesisEmulator } from '../../src/kinesis/KinesisEmulator';
import { clientsFor, createStream } from '../helpers/kinesisStreams';

const dir = mkdtempSync(join(tmpdir(), 'kes-faults-int-'));

describe('KinesisEmulator: faults from a configuration file', () => {
  it('fails calls during an outage window set relative to the start, and not after it', async () => {
    const file = join(dir, 'outage.json');
    writeFileSync(
      file,
      JSON.stringify({ outages: [{ startsInMs: 0, durationMs: 1_500, operations: ['PutRecord'] }] }),
    );
    const emulator = await KinesisEmulator.start({ port: 0, faults: loadKinesisFaults(file) });
    try {
      const { kinesis } = clientsFor(emulator);
      await createStream(kinesis, 'outage');
      const put = () =>
        kinesis.send(
          new PutRecordCommand({ StreamName: 'outage', PartitionKey: 'k', Data: Buffer.from('x') }),
        );

      await expect(put()).rejects.toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      });
      await sleep(1_600);
      await expect(put()).resolves.toMatchObject({ ShardId: 'shardId-000000000000' });
    } finally {
      await emulator.stop();
    }
  });
});

describe('ControlServer: faults and throttles', () => {
  let emulator: KinesisEmulator;
  let control: ControlServer;

  beforeAll(async () => {
    emulator = await KinesisEmulator.start({ port: 0, limits: { readCallsPerSecond: 1 } });
    const clients = clientsFor(emulator);
    const engine = new EventSourceMappingEngine({
      kinesis: clients.kinesis,
      dynamodbStreams: clients.dynamodbStreams,
      invoker: new LambdaInvoker(() => undefined),
      checkpointDir: join(dir, 'esm'),
    });
    control = new ControlServer({ port: 0, engine, kinesis: emulator, checkpointDir: join(dir, 'esm') });
    await control.start();
  });
  afterAll(async () => {
    await control.stop();
    await emulator.stop();
  });

  it('PUT /faults/kinesis validates the settings and fixes relative windows', async () => {
    const before = Date.now();
    const accepted = await fetch(`${control.url}/faults/kinesis`, {
      method: 'PUT',
      body: JSON.stringify({ outages: [{ startsInMs: 60_000, durationMs: 1_000 }] }),
    });
    const refused = await fetch(`${control.url}/faults/kinesis`, {
      method: 'PUT',
      body: JSON.stringify({ errorRate: { PutRecord: 2 } }),
    });

    expect(accepted.status).toBe(200);
    const startsAt = ((await accepted.json()) as { outages: Array<{ startsAt: number }> }).outages[0]
      ?.startsAt;
    expect(startsAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'InvalidFaults', message: expect.stringContaining('errorRate.PutRecord') },
    });
    expect(emulator.faults.get().outages).toHaveLength(1);
  });

  it('GET /kinesis/throttles reports throttled calls per stream, shard and operation', async () => {
    const { kinesis } = clientsFor(emulator);
    await createStream(kinesis, 'watched');
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'watched',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'LATEST',
      }),
    );
    await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    await expect(kinesis.send(new GetRecordsCommand({ ShardIterator }))).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });

    const response = await fetch(`${control.url}/kinesis/throttles?operation=GetRecords`);

    expect(await response.json()).toMatchObject({
      limits: { readCallsPerSecond: 1, writeRecordsPerSecond: 1000 },
      totals: { GetRecords: 1 },
      throttles: [
        { streamName: 'watched', shardId: 'shardId-000000000000', operation: 'GetRecords', calls: 1 },
      ],
    });
    await fetch(`${control.url}/kinesis/throttles`, { method: 'DELETE' });
    expect(emulator.throttles()).toEqual([]);
  });
});
