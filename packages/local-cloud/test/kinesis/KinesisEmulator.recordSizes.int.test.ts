import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  UpdateMaxRecordSizeCommand,
} from '@aws-sdk/client-kinesis';
import { KinesisEmulator } from '../../src/kinesis/KinesisEmulator';
import { clientsFor, createStream } from '../helpers/kinesisStreams';

const MiB = 1024 * 1024;

const clientFor = (emulator: KinesisEmulator) => clientsFor(emulator).kinesis;

const put = (kinesis: KinesisClient, StreamName: string, bytes: number) =>
  kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: Buffer.alloc(bytes, 1) }));

const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;

const maxRecordSize = async (kinesis: KinesisClient, StreamName: string) =>
  (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary
    ?.MaxRecordSizeInKiB;

describe('KinesisEmulator: maximum record size per stream', () => {
  let emulator: KinesisEmulator;
  let kinesis: KinesisClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'kes-record-sizes-'));

  beforeAll(async () => {
    emulator = await KinesisEmulator.start({ port: 0, dataDir });
    kinesis = clientFor(emulator);
  });
  afterAll(() => emulator.stop());

  it('takes records of up to 1 MiB by default and refuses larger ones as AWS does', async () => {
    await createStream(kinesis, 'default-size');

    await expect(put(kinesis, 'default-size', MiB)).resolves.toMatchObject({
      ShardId: 'shardId-000000000000',
    });
    await expect(put(kinesis, 'default-size', MiB + 1)).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    });
    expect(await maxRecordSize(kinesis, 'default-size')).toBe(1024);
  });

  it('names every oversized entry of a PutRecords call', async () => {
    await expect(
      kinesis.send(
        new PutRecordsCommand({
          StreamName: 'default-size',
          Records: [1, MiB + 1, 1, MiB + 2].map((bytes, n) => ({
            PartitionKey: `k${n}`,
            Data: Buffer.alloc(bytes),
          })),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /^2 validation errors detected: .*'records\.2\.member\.data'.*; .*'records\.4\.member\.data'.*1048576$/,
      ),
    });
  });

  it('takes larger records on a stream created with MaxRecordSizeInKiB', async () => {
    await kinesis.send(
      new CreateStreamCommand({ StreamName: 'two-mib', ShardCount: 1, MaxRecordSizeInKiB: 2048 }),
    );

    await expect(put(kinesis, 'two-mib', 2 * MiB)).resolves.toMatchObject({
      ShardId: 'shardId-000000000000',
    });
    await expect(put(kinesis, 'two-mib', 2 * MiB + 1)).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await maxRecordSize(kinesis, 'two-mib')).toBe(2048);
  });

  it('raises a stream to 10 MiB records with UpdateMaxRecordSize, and validates the value', async () => {
    await createStream(kinesis, 'ten-mib');

    await kinesis.send(
      new UpdateMaxRecordSizeCommand({ StreamARN: arnOf('ten-mib'), MaxRecordSizeInKiB: 10_240 }),
    );

    await expect(put(kinesis, 'ten-mib', 10 * MiB)).resolves.toMatchObject({
      ShardId: 'shardId-000000000000',
    });
    expect(await maxRecordSize(kinesis, 'ten-mib')).toBe(10_240);
    await expect(
      kinesis.send(
        new UpdateMaxRecordSizeCommand({ StreamARN: arnOf('ten-mib'), MaxRecordSizeInKiB: 10_241 }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('less than or equal to 10240'),
    });
    await expect(
      kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: arnOf('missing'), MaxRecordSizeInKiB: 2048 })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      kinesis.send(
        new CreateStreamCommand({ StreamName: 'too-big', ShardCount: 1, MaxRecordSizeInKiB: 20_000 }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps raised sizes across a restart, as the streams are kept', async () => {
    await emulator.stop();
    emulator = await KinesisEmulator.start({ port: 0, dataDir });
    kinesis = clientFor(emulator);

    expect(await maxRecordSize(kinesis, 'two-mib')).toBe(2048);
    await expect(put(kinesis, 'two-mib', 2 * MiB)).resolves.toBeDefined();
  });
});

describe('KinesisEmulator: limits off', () => {
  it('throttles nothing with limits: false, and still checks record sizes', async () => {
    const emulator = await KinesisEmulator.start({ port: 0, limits: false });
    try {
      const kinesis = clientFor(emulator);
      await createStream(kinesis, 'unlimited');

      const failed = [];
      for (let call = 0; call < 3; call++) {
        const response = await kinesis.send(
          new PutRecordsCommand({
            StreamName: 'unlimited',
            Records: Array.from({ length: 500 }, (_, n) => ({
              PartitionKey: `k${n}`,
              Data: Buffer.from('x'),
            })),
          }),
        );
        failed.push(response.FailedRecordCount);
      }
      for (let call = 0; call < 10; call++) {
        const { ShardIterator } = await kinesis.send(
          new GetShardIteratorCommand({
            StreamName: 'unlimited',
            ShardId: 'shardId-000000000000',
            ShardIteratorType: 'LATEST',
          }),
        );
        await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      }

      expect(failed).toEqual([0, 0, 0]);
      expect(emulator.limits).toBeUndefined();
      expect(emulator.throttles()).toEqual([]);
      await expect(put(kinesis, 'unlimited', MiB + 1)).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      await emulator.stop();
    }
  });
});
