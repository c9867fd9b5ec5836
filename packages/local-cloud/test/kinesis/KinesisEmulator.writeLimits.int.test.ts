import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { evenShardRanges, shardFor } from '@kes/partition-keys';
import { KinesisEmulator } from '../../src/kinesis/KinesisEmulator';
import { FakeClock } from '../helpers/FakeClock';
import { createStream } from '../helpers/kinesisStreams';

const KiB = 1024;
const [LOW_SHARD, HIGH_SHARD] = evenShardRanges(2);
const onShard = (shard: typeof LOW_SHARD) => shard?.HashKeyRange.StartingHashKey ?? '0';

/** An emulator with AWS's limits and a clock the test moves, and a client that does not retry. */
const start = async (limits?: Parameters<typeof KinesisEmulator.start>[0]['limits']) => {
  const clock = new FakeClock(Date.now());
  const emulator = await KinesisEmulator.start({ port: 0, now: clock.now, ...(limits ? { limits } : {}) });
  const { kinesis } = createAwsClients(
    {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
    },
    { kinesisMaxAttempts: 1 },
  );
  return { clock, emulator, kinesis };
};

const putRecord = (kinesis: KinesisClient, StreamName: string, bytes = 10, PartitionKey = 'k') =>
  kinesis.send(new PutRecordCommand({ StreamName, PartitionKey, Data: Buffer.alloc(bytes, 1) }));

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    () => 'ok',
    (error: Error) => error.name,
  );

const readAll = async (kinesis: KinesisClient, StreamName: string, ShardId: string) => {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  return Records.map((record) => Buffer.from(record.Data ?? []).toString('utf8'));
};

describe('KinesisEmulator: write limits per shard', () => {
  it('throttles PutRecord over the records/s limit with AWS error, and admits it under the limit', async () => {
    const { clock, emulator, kinesis } = await start({ writeRecordsPerSecond: 20 });
    try {
      await createStream(kinesis, 'puts');

      const burst = await Promise.all(Array.from({ length: 30 }, () => settle(putRecord(kinesis, 'puts'))));
      expect(burst.filter((outcome) => outcome === 'ok')).toHaveLength(20);
      expect(burst.filter((outcome) => outcome === 'ProvisionedThroughputExceededException')).toHaveLength(
        10,
      );
      const error = await putRecord(kinesis, 'puts').catch(
        (caught: Error & { $metadata: { httpStatusCode?: number } }) => caught,
      );
      expect(error).toMatchObject({
        name: 'ProvisionedThroughputExceededException',
        message: 'Rate exceeded for shard shardId-000000000000 in stream puts under account 000000000000.',
        $metadata: { httpStatusCode: 400 },
      });

      // 15 records/s (75% of the limit) for 5 seconds: never throttled.
      clock.advance(1_000);
      for (let second = 0; second < 5; second++) {
        for (let put = 0; put < 15; put++) await putRecord(kinesis, 'puts');
        clock.advance(1_000);
      }
      expect(emulator.throttles()).toEqual([
        {
          streamName: 'puts',
          shardId: 'shardId-000000000000',
          operation: 'PutRecord',
          calls: 11,
          records: 11,
        },
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it('throttles on 1 MiB/s of data plus partition keys per shard', async () => {
    const { clock, emulator, kinesis } = await start();
    try {
      await createStream(kinesis, 'bytes');
      const outcomes: string[] = [];
      // 100 KiB records: ten fill the second, the eleventh goes into debt, the twelfth is refused.
      for (let put = 0; put < 12; put++) outcomes.push(await settle(putRecord(kinesis, 'bytes', 100 * KiB)));

      expect(outcomes.slice(0, 11).every((outcome) => outcome === 'ok')).toBe(true);
      expect(outcomes[11]).toBe('ProvisionedThroughputExceededException');
      clock.advance(1_000);
      await expect(putRecord(kinesis, 'bytes', 100 * KiB)).resolves.toMatchObject({
        ShardId: 'shardId-000000000000',
      });
    } finally {
      await emulator.stop();
    }
  });

  it('routes by MD5 of the partition key: a hot shard is throttled while the other shard is not', async () => {
    const { emulator, kinesis } = await start({ writeRecordsPerSecond: 5 });
    try {
      await createStream(kinesis, 'routing', 2);
      const keys = Array.from({ length: 20 }, (_, n) => `post-${n}`);
      const keyOn = (shardId: string) =>
        keys.find((key) => shardFor(key, evenShardRanges(2)) === shardId) ?? '';
      const put = (PartitionKey: string) => settle(putRecord(kinesis, 'routing', 1, PartitionKey));

      for (let index = 0; index < 5; index++) expect(await put(keyOn('shardId-000000000001'))).toBe('ok');

      expect(await put(keyOn('shardId-000000000001'))).toBe('ProvisionedThroughputExceededException');
      expect(await put(keyOn('shardId-000000000000'))).toBe('ok');
      // ExplicitHashKey overrides the partition key's MD5.
      const explicit = await kinesis.send(
        new PutRecordCommand({
          StreamName: 'routing',
          PartitionKey: keyOn('shardId-000000000001'),
          ExplicitHashKey: onShard(LOW_SHARD),
          Data: Buffer.from('x'),
        }),
      );
      expect(explicit.ShardId).toBe('shardId-000000000000');
    } finally {
      await emulator.stop();
    }
  });
});

describe('KinesisEmulator: PutRecords partial failures', () => {
  it('stores the entries that fit and fails the others in place, with FailedRecordCount', async () => {
    const { emulator, kinesis } = await start();
    try {
      await createStream(kinesis, 'batch', 2);
      const entry = (shard: typeof LOW_SHARD, label: string) => ({
        PartitionKey: label,
        ExplicitHashKey: onShard(shard),
        Data: Buffer.from(label),
      });
      // 900 records on the low shard: 100 records of its second are left.
      for (const offset of [0, 450]) {
        const filler = await kinesis.send(
          new PutRecordsCommand({
            StreamName: 'batch',
            Records: Array.from({ length: 450 }, (_, index) => entry(LOW_SHARD, `filler-${offset + index}`)),
          }),
        );
        expect(filler.FailedRecordCount).toBe(0);
      }

      // 300 records alternating low, high: the low shard takes 100 of its 150, the high shard all 150.
      const records = Array.from({ length: 300 }, (_, index) =>
        entry(index % 2 === 0 ? LOW_SHARD : HIGH_SHARD, `r-${index}`),
      );
      const response = await kinesis.send(new PutRecordsCommand({ StreamName: 'batch', Records: records }));

      expect(response.FailedRecordCount).toBe(50);
      expect(response.Records).toHaveLength(300);
      const failedAt = (response.Records ?? []).flatMap((record, index) => (record.ErrorCode ? [index] : []));
      expect(failedAt).toEqual(Array.from({ length: 50 }, (_, n) => 200 + 2 * n));
      expect(response.Records?.[200]).toEqual({
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage:
          'Rate exceeded for shard shardId-000000000000 in stream batch under account 000000000000.',
      });
      response.Records?.forEach((record, index) => {
        if (record.ErrorCode) return;
        expect(record.ShardId).toBe(index % 2 === 0 ? 'shardId-000000000000' : 'shardId-000000000001');
        expect(record.SequenceNumber).toMatch(/^\d+$/);
      });

      const storedLow = (await readAll(kinesis, 'batch', 'shardId-000000000000')).filter((data) =>
        data.startsWith('r-'),
      );
      const storedHigh = await readAll(kinesis, 'batch', 'shardId-000000000001');
      expect(storedLow).toEqual(Array.from({ length: 100 }, (_, n) => `r-${2 * n}`));
      expect(storedHigh).toEqual(Array.from({ length: 150 }, (_, n) => `r-${2 * n + 1}`));
      expect(emulator.throttles({ operation: 'PutRecords' })).toEqual([
        {
          streamName: 'batch',
          shardId: 'shardId-000000000000',
          operation: 'PutRecords',
          calls: 1,
          records: 50,
        },
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it('answers a PutRecords whose every entry is throttled with 200 and every entry failed', async () => {
    const { emulator, kinesis } = await start({ writeRecordsPerSecond: 2 });
    try {
      await createStream(kinesis, 'all-fail');
      const put = () =>
        kinesis.send(
          new PutRecordsCommand({
            StreamName: 'all-fail',
            Records: [1, 2].map((n) => ({ PartitionKey: `k${n}`, Data: Buffer.from('x') })),
          }),
        );
      await put();

      const response = await put();

      expect(response.FailedRecordCount).toBe(2);
      expect(response.Records?.map((record) => record.ErrorCode)).toEqual([
        'ProvisionedThroughputExceededException',
        'ProvisionedThroughputExceededException',
      ]);
      expect(await readAll(kinesis, 'all-fail', 'shardId-000000000000')).toHaveLength(2);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses more than 10 MiB in one call with InvalidArgumentException, and more than 500 records', async () => {
    const { emulator, kinesis } = await start();
    try {
      await createStream(kinesis, 'big-call');
      const records = (count: number, bytes: number) =>
        Array.from({ length: count }, (_, n) => ({ PartitionKey: `k${n}`, Data: Buffer.alloc(bytes, 1) }));

      await expect(
        kinesis.send(new PutRecordsCommand({ StreamName: 'big-call', Records: records(11, 1000 * KiB) })),
      ).rejects.toMatchObject({
        name: 'InvalidArgumentException',
        message: 'Records size exceeds 10 MB limit',
      });
      await expect(
        kinesis.send(new PutRecordsCommand({ StreamName: 'big-call', Records: records(501, 1) })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining('length less than or equal to 500'),
      });
    } finally {
      await emulator.stop();
    }
  });
});
