import { ThrottleCounters } from '../../src/kinesis/limits/ThrottleCounters';

describe('ThrottleCounters', () => {
  it('counts per stream, shard and operation, and sums calls per operation', () => {
    const counters = new ThrottleCounters();
    counters.add('b', 'shardId-000000000001', 'GetRecords', 1, 0);
    counters.add('a', 'shardId-000000000000', 'PutRecords', 1, 40);
    counters.add('a', 'shardId-000000000000', 'PutRecords', 1, 2);
    counters.add('b', 'shardId-000000000000', 'GetRecords', 1, 0);

    expect(counters.list()).toEqual([
      { streamName: 'a', shardId: 'shardId-000000000000', operation: 'PutRecords', calls: 2, records: 42 },
      { streamName: 'b', shardId: 'shardId-000000000000', operation: 'GetRecords', calls: 1, records: 0 },
      { streamName: 'b', shardId: 'shardId-000000000001', operation: 'GetRecords', calls: 1, records: 0 },
    ]);
    expect(counters.total('GetRecords')).toBe(2);
    expect(counters.total('GetRecords', 'a')).toBe(0);
    expect(counters.list({ streamName: 'a', operation: 'GetRecords' })).toEqual([]);
  });

  it('starts again from zero after a reset', () => {
    const counters = new ThrottleCounters();
    counters.add('a', 'shardId-000000000000', 'PutRecord', 1, 1);

    counters.reset();

    expect(counters.list()).toEqual([]);
  });
});
