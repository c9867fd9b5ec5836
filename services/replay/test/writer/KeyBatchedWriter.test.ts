import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { ShardMap } from '@kes/partition-keys';
import { KeyBatchedWriter } from '../../src';

const shards = ShardMap.from([
  { ShardId: 'shardId-0', HashKeyRange: { StartingHashKey: '0', EndingHashKey: String(2n ** 128n - 1n) } },
]);

/** A PutRecords fake that fails every record whose data is listed in `failOnce` the first time it is seen. */
const fakeKinesis = (failOnce: Set<string> = new Set()) => {
  const calls: string[][] = [];
  const stored: string[] = [];
  const client = {
    send: async (command: { input: { Records: { PartitionKey: string; Data: Uint8Array }[] } }) => {
      const records = command.input.Records.map((record) => Buffer.from(record.Data).toString('utf8'));
      calls.push(records);
      return {
        Records: records.map((data) => {
          if (failOnce.delete(data)) return { ErrorCode: 'ProvisionedThroughputExceededException' };
          stored.push(data);
          return { SequenceNumber: '1', ShardId: 'shardId-0' };
        }),
      };
    },
  } as unknown as KinesisClient;
  return { client, calls, stored };
};

const put = (writer: KeyBatchedWriter, key: string, index: number) =>
  writer.put({ partitionKey: key, data: Buffer.from(`${key}:${index}`) });

describe('KeyBatchedWriter', () => {
  it('sends at most one record per key per call, and every record in put order per key', async () => {
    const kinesis = fakeKinesis();
    const writer = new KeyBatchedWriter({
      client: kinesis.client,
      streamName: 's',
      shards,
      sleep: async () => undefined,
    });

    for (let index = 0; index < 3; index++) for (const key of ['a', 'b']) void put(writer, key, index);
    await writer.flush();

    for (const call of kinesis.calls)
      expect(new Set(call.map((data) => data.split(':')[0])).size).toBe(call.length);
    expect(kinesis.stored.filter((data) => data.startsWith('a'))).toEqual(['a:0', 'a:1', 'a:2']);
    expect(kinesis.stored.filter((data) => data.startsWith('b'))).toEqual(['b:0', 'b:1', 'b:2']);
  });

  it('retries a throttled record in the next call, before the next record of its key', async () => {
    const kinesis = fakeKinesis(new Set(['a:0']));
    const writer = new KeyBatchedWriter({
      client: kinesis.client,
      streamName: 's',
      shards,
      sleep: async () => undefined,
    });

    for (let index = 0; index < 3; index++) for (const key of ['a', 'b']) void put(writer, key, index);
    await writer.flush();

    expect(kinesis.stored.filter((data) => data.startsWith('a'))).toEqual(['a:0', 'a:1', 'a:2']);
    expect(kinesis.calls.filter((call) => call.includes('a:0'))).toHaveLength(2);
  });

  it('fails flush and pending records on a non-retryable error', async () => {
    const client = {
      send: async () => {
        throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      },
    } as unknown as KinesisClient;
    const writer = new KeyBatchedWriter({ client, streamName: 's', shards, sleep: async () => undefined });

    const first = put(writer, 'a', 0);

    await expect(first).rejects.toThrow('no');
    await expect(writer.flush()).rejects.toThrow('no');
  });
});
