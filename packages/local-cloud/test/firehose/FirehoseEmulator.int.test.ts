import { gunzipSync } from 'node:zlib';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import type { Envelope } from '@kes/envelope';
import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { FirehoseEmulator } from '../../src/firehose/FirehoseEmulator';
import type { DeliveryStreamDefinition } from '../../src/firehose/types';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { eventually } from '../helpers/eventually';
import { createStream } from '../helpers/kinesisStreams';
import { clapEvents, lakeEvents, lakeObjects } from '../helpers/lake';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

let emulators: TestEmulators;
let clients: AwsClients;
let counter = 0;
const running: FirehoseEmulator[] = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true, s3: true });
  clients = createAwsClients(emulators.env);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((firehose) => firehose.stop()));
});
afterAll(async () => {
  await emulators.stop();
  removeTempDirs();
});

/** A fresh stream and bucket, and the lake's delivery stream definition between them. */
const lake = async (options: { shards?: number; sizeInMBs?: number; intervalInSeconds?: number } = {}) => {
  counter += 1;
  const streamName = `lake-source-${counter}`;
  const bucket = `lake-bucket-${counter}`;
  const sourceStreamArn = await createStream(clients.kinesis, streamName, options.shards ?? 1);
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const definition: DeliveryStreamDefinition = {
    stackName: 'kes-test-lake',
    logicalId: 'DeliveryStream',
    deliveryStreamName: `kes-test-lake-${counter}`,
    deliveryStreamArn: `arn:aws:firehose:us-east-1:000000000000:deliverystream/kes-test-lake-${counter}`,
    sourceStreamArn,
    bucketName: bucket,
    prefix: `${streamName}/!{timestamp:yyyy/MM/dd/HH}/`,
    errorOutputPrefix: `errors/${streamName}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`,
    bufferingHints: { sizeInMBs: options.sizeInMBs ?? 64, intervalInSeconds: options.intervalInSeconds ?? 1 },
    compressionFormat: 'GZIP',
    processors: [{ type: 'AppendDelimiterToRecord', parameters: { Delimiter: '\\n' } }],
  };
  return { streamName, bucket, definition, stateDir: tempDir('kes-firehose-') };
};

const start = async (
  definition: DeliveryStreamDefinition,
  stateDir: string,
  invoke?: (name: string, payload: unknown) => Promise<InvokeResult>,
) => {
  const firehose = new FirehoseEmulator({
    kinesis: clients.kinesis,
    s3: clients.s3,
    stateDir,
    readIntervalMs: 250,
    ...(invoke ? { invoke } : {}),
  });
  await firehose.start([definition]);
  running.push(firehose);
  return firehose;
};

const put = async (streamName: string, events: Envelope[]) => {
  const response = await clients.kinesis.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: events.map((event) => ({ PartitionKey: event.partitionKey, Data: lakeEvents.encode(event) })),
    }),
  );
  expect(response.FailedRecordCount).toBe(0);
};

const decodedEvents = async (bucket: string, prefix: string) =>
  (await lakeObjects(clients.s3, bucket, prefix)).flatMap((object) =>
    object.lines.map((line) => {
      const result = lakeEvents.decode(Buffer.from(line));
      if (!result.ok) throw result.error;
      return result.event;
    }),
  );

const HOURLY_KEY = /^(?<prefix>.+\/)(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(?<name>[^/]+)$/;

describe('FirehoseEmulator: a Kinesis stream delivered to S3 as Firehose does', () => {
  it('writes the records as gzip NDJSON under the hourly prefix with Firehose object names, envelopes intact', async () => {
    const { streamName, bucket, definition, stateDir } = await lake({ shards: 2 });
    await start(definition, stateDir);
    const events = clapEvents(20);
    const putAt = new Date();

    await put(streamName, events);
    const objects = await eventually('the records in S3', async () => {
      const found = await lakeObjects(clients.s3, bucket);
      return found.reduce((n, o) => n + o.lines.length, 0) === 20 && found;
    });

    for (const object of objects) {
      const match = HOURLY_KEY.exec(object.key);
      expect(match?.groups?.prefix).toBe(`${streamName}/`);
      // The hour of the oldest record's arrival, in UTC.
      expect(object.key).toContain(
        `${streamName}/${putAt.toISOString().slice(0, 13).replace(/[-T]/g, '/')}/`,
      );
      expect(match?.groups?.name).toMatch(
        new RegExp(
          `^${definition.deliveryStreamName}-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}\\.gz$`,
        ),
      );
      expect(object.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip magic
      expect(gunzipSync(object.body).toString('utf8').endsWith('}\n')).toBe(true);
    }
    const delivered = await decodedEvents(bucket, `${streamName}/`);
    expect(delivered.sort((a, b) => a.data.count - b.data.count)).toEqual(events);
    // What replay needs survives, although Firehose drops the partition key and sequence number.
    expect(delivered[0]).toMatchObject({
      partitionKey: events[0]?.partitionKey,
      subject: events[0]?.subject,
      version: 1,
    });
  });

  it('delivers as soon as the buffer reaches SizeInMBs, long before the interval', async () => {
    const { streamName, bucket, definition, stateDir } = await lake({ sizeInMBs: 1, intervalInSeconds: 900 });
    const firehose = await start(definition, stateDir);
    await put(streamName, clapEvents(6, { bytes: 100_000 })); // ~600 KB: below the size

    await eventually('the first records buffered', () => firehose.stats()[0]?.recordsBuffered === 6);
    expect(await lakeObjects(clients.s3, bucket)).toEqual([]);
    await put(streamName, clapEvents(5, { from: 6, bytes: 100_000 })); // now ~1.1 MB

    const objects = await eventually('an object', async () => {
      const found = await lakeObjects(clients.s3, bucket);
      return found.length > 0 && found;
    });
    expect(objects).toHaveLength(1);
    expect(objects[0]?.lines).toHaveLength(11);
    expect(firehose.stats()[0]).toMatchObject({
      objectsDelivered: 1,
      recordsDelivered: 11,
      recordsBuffered: 0,
    });
  });

  it('holds records until IntervalInSeconds, then writes them all in one object', async () => {
    const { streamName, bucket, definition, stateDir } = await lake({ intervalInSeconds: 3 });
    const firehose = await start(definition, stateDir);

    await put(streamName, clapEvents(3));
    await eventually(
      'the records buffered, not yet written',
      () => firehose.stats()[0]?.recordsBuffered === 3,
    );
    expect(firehose.stats()[0]?.objectsDelivered).toBe(0);
    await put(streamName, clapEvents(2, { from: 3 }));

    const objects = await eventually('an object', async () => {
      const found = await lakeObjects(clients.s3, bucket);
      return found.length > 0 && found;
    });
    expect(objects).toHaveLength(1);
    expect(objects[0]?.lines).toHaveLength(5);
  });

  it('resumes after a restart from its checkpoints: nothing lost, nothing written twice', async () => {
    const { streamName, bucket, definition, stateDir } = await lake({ shards: 2 });
    const first = await start(definition, stateDir);
    await put(streamName, clapEvents(10));
    await eventually('the first batch delivered', () => first.stats()[0]?.recordsDelivered === 10);
    await put(streamName, clapEvents(5, { from: 10 }));
    await first.stop(); // delivers what it had buffered
    running.splice(running.indexOf(first), 1);
    await put(streamName, clapEvents(7, { from: 15 })); // while no delivery stream runs

    const second = await start(definition, stateDir);
    await eventually(
      'every record in S3',
      async () => (await decodedEvents(bucket, `${streamName}/`)).length >= 22,
    );
    await second.flush();

    const counts = (await decodedEvents(bucket, `${streamName}/`)).map((event) => event.data.count);
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 22 }, (_, i) => i));
  });

  it('writes records a Lambda processor fails under the error prefix, in Firehose error records', async () => {
    const { streamName, bucket, definition, stateDir } = await lake();
    const poison = '"memberId":"member-1"';
    const invoke = async (_name: string, event: unknown): Promise<InvokeResult> => {
      const { records } = event as { records: Array<{ recordId: string; data: string }> };
      return {
        ok: true,
        durationMs: 1,
        payload: {
          records: records.map(({ recordId, data }) => ({
            recordId,
            data,
            result: Buffer.from(data, 'base64').toString().includes(poison) ? 'ProcessingFailed' : 'Ok',
          })),
        },
      };
    };
    const withLambda = {
      ...definition,
      processors: [
        { type: 'Lambda', parameters: { LambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:check' } },
        ...definition.processors,
      ],
    };
    await start(withLambda, stateDir, invoke);
    const events = clapEvents(3);

    await put(streamName, events);
    const errors = await eventually('the error object', async () => {
      const found = await lakeObjects(clients.s3, bucket, 'errors/');
      return found.length > 0 && found;
    });

    expect(errors[0]?.key).toMatch(
      new RegExp(`^errors/${streamName}/processing-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/`),
    );
    const failure = JSON.parse(errors[0]?.lines[0] ?? '{}');
    expect(failure).toMatchObject({
      errorCode: 'Lambda.ProcessingFailedStatus',
      attemptsMade: 1,
      lambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:check',
    });
    expect(lakeEvents.decode(Buffer.from(failure.rawData, 'base64'))).toEqual({ ok: true, event: events[1] });
    await eventually(
      'the others delivered',
      async () => (await decodedEvents(bucket, `${streamName}/`)).length === 2,
    );
  });

  it("reads as a standard consumer: its reads share the shard's 5 GetRecords/s with every other reader", async () => {
    const { streamName, bucket, definition, stateDir } = await lake();
    emulators.kinesis?.resetThrottles();
    // Eight delivery streams on one shard, each reading 4 times a second: 32 reads/s asked of a shard that serves 5.
    const many = Array.from({ length: 8 }, (_, i) => ({
      ...definition,
      deliveryStreamName: `${definition.deliveryStreamName}-${i}`,
      prefix: `${streamName}/${i}/!{timestamp:yyyy/MM/dd/HH}/`,
    }));
    const firehose = new FirehoseEmulator({
      kinesis: clients.kinesis,
      s3: clients.s3,
      stateDir,
      readIntervalMs: 250,
    });
    await firehose.start(many);
    running.push(firehose);

    await put(streamName, clapEvents(4));

    await eventually(
      'every delivery stream to deliver every record',
      async () =>
        (await Promise.all(many.map((_, i) => decodedEvents(bucket, `${streamName}/${i}/`)))).every(
          (events) => events.length === 4,
        ),
      30_000,
    );
    expect(emulators.kinesis?.throttledCalls('GetRecords')).toBeGreaterThan(0);
    expect(
      firehose.stats().some((stats) => (stats.readErrors.ProvisionedThroughputExceededException ?? 0) > 0),
    ).toBe(true);
  });
});
