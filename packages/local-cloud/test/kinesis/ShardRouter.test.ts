import { evenShardRanges, hashKeyOf } from '@kes/partition-keys';
import { ShardRouter } from '../../src/kinesis/limits/ShardRouter';

describe('ShardRouter', () => {
  it('routes partition keys by MD5 and explicit hash keys directly, listing the shards once', async () => {
    const listShards = jest.fn(async () => evenShardRanges(4));
    const router = new ShardRouter(listShards);
    const key = 'post-1';
    const expected = `shardId-00000000000${Number(hashKeyOf(key) / (2n ** 128n / 4n))}`;

    expect(await router.shardsFor('s', [key, { explicitHashKey: '0', partitionKey: 'x' }])).toEqual([
      expected,
      'shardId-000000000000',
    ]);
    await router.shardsFor('s', [key]);
    expect(listShards).toHaveBeenCalledTimes(1);
  });

  it('lists the shards again after invalidate (a split or merge)', async () => {
    const listShards = jest
      .fn()
      .mockResolvedValueOnce(evenShardRanges(1))
      .mockResolvedValueOnce([
        {
          ...evenShardRanges(1)[0],
          SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '2' },
        },
        { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '99' } },
        {
          ShardId: 'shardId-000000000002',
          HashKeyRange: { StartingHashKey: '100', EndingHashKey: String(2n ** 128n - 1n) },
        },
      ]);
    const router = new ShardRouter(listShards);
    expect(await router.shardsFor('s', [{ explicitHashKey: '500' }])).toEqual(['shardId-000000000000']);

    router.invalidate('s');

    expect(await router.shardsFor('s', [{ explicitHashKey: '500' }])).toEqual(['shardId-000000000002']);
  });

  it('lists the shards again when a hash key falls in no open shard', async () => {
    const listShards = jest
      .fn()
      .mockResolvedValueOnce([
        { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '9' } },
      ])
      .mockResolvedValueOnce(evenShardRanges(1));
    const router = new ShardRouter(listShards);

    expect(await router.shardsFor('s', [{ explicitHashKey: '500' }])).toEqual(['shardId-000000000000']);
    expect(listShards).toHaveBeenCalledTimes(2);
  });

  it('answers undefined for a stream that does not exist, and looks again next time', async () => {
    const listShards = jest.fn().mockResolvedValueOnce(undefined).mockResolvedValueOnce(evenShardRanges(1));
    const router = new ShardRouter(listShards);

    expect(await router.shardsFor('s', ['k'])).toBeUndefined();
    expect(await router.shardsFor('s', ['k'])).toEqual(['shardId-000000000000']);
  });

  it('answers undefined for a key Kinesis would refuse (the backend reports it)', async () => {
    const router = new ShardRouter(async () => evenShardRanges(1));

    expect(await router.shardsFor('s', [''])).toBeUndefined();
    expect(await router.shardsFor('s', [{ explicitHashKey: '-1' }])).toBeUndefined();
  });
});
