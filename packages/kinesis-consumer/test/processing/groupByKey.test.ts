import type { DecodedRecord } from '../../src';
import { groupByKey } from '../../src/processing/groupByKey';

const record = (index: number, partitionKey: string): DecodedRecord<string> => ({
  status: 'decoded',
  index,
  item: `${partitionKey}${index}`,
  meta: {
    source: 'aws:kinesis',
    sequenceNumber: String(index),
    partitionKey,
    approximateArrivalTime: new Date(0),
    eventSourceArn: 'arn',
    eventId: String(index),
    shardOrStream: 'shardId-000000000000',
  },
});

describe('groupByKey', () => {
  it('keeps keys in order of first appearance and each key’s records in batch order', () => {
    const groups = groupByKey([
      record(0, 'B'),
      record(1, 'A'),
      record(2, 'B'),
      record(3, 'C'),
      record(4, 'A'),
    ]);

    expect([...groups].map(([key, records]) => [key, records.map((entry) => entry.index)])).toEqual([
      ['B', [0, 2]],
      ['A', [1, 4]],
      ['C', [3]],
    ]);
  });

  it('returns no groups for no records', () => {
    expect(groupByKey([]).size).toBe(0);
  });
});
