import { recordBytes } from '../../src/kinesis/limits/recordBytes';

const body = (records: Array<{ PartitionKey: string; Data: Buffer }>) =>
  Buffer.from(
    JSON.stringify({
      MillisBehindLatest: 0,
      NextShardIterator: 'AAAA',
      Records: records.map((record, n) => ({
        PartitionKey: record.PartitionKey,
        Data: record.Data.toString('base64'),
        ApproximateArrivalTimestamp: 1,
        SequenceNumber: String(n),
      })),
    }),
  );

describe('recordBytes', () => {
  it('sums decoded data and partition key bytes of every record', () => {
    const records = [1, 2, 3, 1000].map((size, n) => ({
      PartitionKey: `key-${n}`,
      Data: Buffer.alloc(size, n),
    }));

    expect(recordBytes(body(records))).toBe(1 + 2 + 3 + 1000 + 4 * 5);
  });

  it('reads partition keys with escaped quotes and backslashes to their end', () => {
    const records = [
      { PartitionKey: 'a"b', Data: Buffer.from('xy') },
      { PartitionKey: 'c\\', Data: Buffer.from('z') },
    ];

    // JSON text of the keys: a\"b (4) and c\\ (3).
    expect(recordBytes(body(records))).toBe(2 + 1 + 4 + 3);
  });

  it('is 0 for a response without records', () => {
    expect(recordBytes(body([]))).toBe(0);
  });
});
