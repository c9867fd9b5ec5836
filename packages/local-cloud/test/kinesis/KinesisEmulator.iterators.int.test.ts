import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { KinesisEmulator } from '../../src/kinesis/KinesisEmulator';
import { clientsFor, createStream } from '../helpers/kinesisStreams';

const SHARD = 'shardId-000000000000';

let emulator: KinesisEmulator;

beforeAll(async () => {
  emulator = await KinesisEmulator.start({ port: 0 });
});

afterAll(() => emulator?.stop());

/** AT_TIMESTAMP is how a LATEST mapping starts where it was created (see ShardPoller). */
describe('GetShardIterator AT_TIMESTAMP (kinesalite patched)', () => {
  const atTimestamp = async (streamName: string, timestamp: Date) => {
    const { kinesis } = clientsFor(emulator);
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: SHARD,
        ShardIteratorType: 'AT_TIMESTAMP',
        Timestamp: timestamp,
      }),
    );
    return { kinesis, iterator: ShardIterator as string };
  };

  it('answers on an empty shard with an iterator at its tip, which then reads what comes next', async () => {
    const streamName = await createStream(clientsFor(emulator).kinesis, 'at-timestamp-empty').then((arn) =>
      arn.slice(arn.indexOf('/') + 1),
    );
    const { kinesis, iterator } = await atTimestamp(streamName, new Date());
    await kinesis.send(
      new PutRecordCommand({ StreamName: streamName, PartitionKey: 'k', Data: Buffer.from('after') }),
    );
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    expect(Records?.map((record) => Buffer.from(record.Data ?? []).toString())).toEqual(['after']);
  });

  it('answers after the last record with an iterator at the tip, skipping the older records', async () => {
    const { kinesis: client } = clientsFor(emulator);
    const streamName = await createStream(client, 'at-timestamp-older').then((arn) =>
      arn.slice(arn.indexOf('/') + 1),
    );
    await client.send(
      new PutRecordCommand({ StreamName: streamName, PartitionKey: 'k', Data: Buffer.from('old') }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { kinesis, iterator } = await atTimestamp(streamName, new Date());
    await kinesis.send(
      new PutRecordCommand({ StreamName: streamName, PartitionKey: 'k', Data: Buffer.from('new') }),
    );
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    expect(Records?.map((record) => Buffer.from(record.Data ?? []).toString())).toEqual(['new']);
  });
});
