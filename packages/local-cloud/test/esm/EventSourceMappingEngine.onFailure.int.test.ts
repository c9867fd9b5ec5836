import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { OnFailureDestination } from '../../src/esm/OnFailureDestination';
import type { OnFailureRecord } from '../../src/esm/onFailureRecord';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { eventually } from '../helpers/eventually';
import { type FakeLambdaEndpoint, startFakeLambdaEndpoint } from '../helpers/fakeLambdaEndpoint';
import { createStream, putRecords } from '../helpers/kinesisStreams';
import type { KinesisEventRecord } from '../helpers/lambdaEvents';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const FUNCTION = 'kes-test-local-consumer';

let emulators: TestEmulators;
let clients: AwsClients;
let lambda: FakeLambdaEndpoint;
let engine: EventSourceMappingEngine;
const notices: string[] = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true, s3: true });
  clients = createAwsClients(emulators.env);
  lambda = await startFakeLambdaEndpoint({
    [FUNCTION]: () => {
      throw new Error('poison');
    },
  });
  const destination = new OnFailureDestination({ s3: clients.s3, notice: (m) => notices.push(m) });
  engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => lambda.endpoint),
    checkpointDir: tempDir(),
    pollIntervalMs: 50,
    shardDiscoveryMs: 60_000,
    onDiscard: (mapping, batch) => void destination.send(mapping, batch),
  });
});

afterAll(async () => {
  await engine?.stop();
  await lambda?.stop();
  removeTempDirs();
  await emulators?.stop();
});

const objectsUnder = async (bucket: string, prefix: string) =>
  (await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];

describe('EventSourceMappingEngine on-failure destination', () => {
  it('writes the record of a batch discarded after its retries to the S3 bucket, with the records, under the documented key', async () => {
    const bucket = 'esm-failures';
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const streamArn = await createStream(clients.kinesis, 'esm-on-failure', 1);
    const put = await putRecords(clients.kinesis, 'esm-on-failure', [
      { partitionKey: 'post-1', data: { n: 1 } },
      { partitionKey: 'post-1', data: { n: 2 } },
    ]);
    const mapping = mappingDefinition({
      functionName: FUNCTION,
      eventSourceArn: streamArn,
      maximumRetryAttempts: 1,
      onFailureDestinationArn: `arn:aws:s3:::${bucket}`,
    });

    await engine.add(mapping);
    const shardId = put[0]?.shardId as string;
    const [object] = await eventually('the on-failure object', async () => {
      const found = await objectsUnder(bucket, `aws/lambda/${mapping.uuid}/${shardId}/`);
      return found.length > 0 ? found : undefined;
    });
    const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object?.Key }));
    const record = JSON.parse((await body.Body?.transformToString()) ?? '{}') as OnFailureRecord;

    expect(object?.Key).toMatch(
      new RegExp(
        `^aws/lambda/${mapping.uuid}/${shardId}/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}$`,
      ),
    );
    expect(record).toEqual({
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 2,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      KinesisBatchInfo: {
        shardId,
        startSequenceNumber: put[0]?.sequenceNumber,
        endSequenceNumber: put[1]?.sequenceNumber,
        approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
        batchSize: 2,
        streamArn,
      },
      payload: { Records: expect.any(Array) },
    });
    expect(
      record.payload?.Records.map((r) => (r as unknown as KinesisEventRecord).kinesis.sequenceNumber),
    ).toEqual(put.map((p) => p.sequenceNumber));
    expect(lambda.events(FUNCTION)).toHaveLength(2);
    await eventually('the notice', () => notices.some((n) => n.includes(`s3://${bucket}/aws/lambda/`)));
  });

  it('notices a discard to an SQS destination, which is not emulated, with the record it would have sent', async () => {
    const streamArn = await createStream(clients.kinesis, 'esm-on-failure-sqs', 1);
    await putRecords(clients.kinesis, 'esm-on-failure-sqs', [{ partitionKey: 'post-2', data: { n: 1 } }]);

    await engine.add(
      mappingDefinition({
        functionName: FUNCTION,
        eventSourceArn: streamArn,
        maximumRetryAttempts: 0,
        onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      }),
    );

    const notice = await eventually('the notice', () =>
      notices.find((n) => n.includes('arn:aws:sqs:us-east-1:000000000000:dlq')),
    );
    expect(notice).toContain('is not emulated locally');
    expect(notice).toContain('"condition":"RetryAttemptsExhausted"');
  });
});
