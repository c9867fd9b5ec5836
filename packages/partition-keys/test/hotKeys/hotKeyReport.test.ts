import {
  evenShardRanges,
  hotKeyReport,
  InvalidOptionError,
  InvalidPartitionKeyError,
  NoShardForHashKeyError,
} from '../../src';
import { evenShardIndexOf, keysOnShard, md5HashKey, shardIdAt, TWO_TO_128 } from '../helpers/oracle';
import { repeat, zipfSample } from '../helpers/samples';
import { closedShard, shard } from '../helpers/shards';

const FOUR_SHARDS = evenShardRanges(4);

describe('hotKeyReport', () => {
  describe('counting', () => {
    it('counts records and distinct keys', () => {
      const report = hotKeyReport([...repeat('a', 3), ...repeat('b', 2), 'c'], FOUR_SHARDS);

      expect(report.totalRecords).toBe(6);
      expect(report.distinctKeys).toBe(3);
    });

    it('lists the top keys most frequent first, with count, share and shard', () => {
      const report = hotKeyReport([...repeat('a', 3), 'c', ...repeat('b', 2)], FOUR_SHARDS);

      expect(report.topKeys.map(({ key, count, share }) => ({ key, count, share }))).toEqual([
        { key: 'a', count: 3, share: 0.5 },
        { key: 'b', count: 2, share: 2 / 6 },
        { key: 'c', count: 1, share: 1 / 6 },
      ]);
      expect(report.topKeys[0]?.shardId).toBe(shardIdAt(evenShardIndexOf(md5HashKey('a'), 4)));
    });

    it('orders keys with the same count by key, so reports are stable', () => {
      const report = hotKeyReport(['z', 'm', 'a', 'm', 'z', 'a'], FOUR_SHARDS);

      expect(report.topKeys.map((key) => key.key)).toEqual(['a', 'm', 'z']);
    });

    it('lists only the `top` most frequent keys (10 by default)', () => {
      const sample = zipfSample({ distinctKeys: 30, head: 100 });

      expect(hotKeyReport(sample, FOUR_SHARDS).topKeys).toHaveLength(10);
      expect(hotKeyReport(sample, FOUR_SHARDS, { top: 3 }).topKeys.map((key) => key.key)).toEqual([
        'user-1',
        'user-2',
        'user-3',
      ]);
      expect(hotKeyReport(sample, FOUR_SHARDS, { top: 0 }).topKeys).toEqual([]);
    });

    it('reads any iterable once, e.g. a generator over a log', () => {
      function* sample() {
        yield 'a';
        yield 'b';
        yield 'a';
      }

      expect(hotKeyReport(sample(), FOUR_SHARDS).totalRecords).toBe(3);
    });
  });

  describe('per-shard spread', () => {
    it('counts each shard’s records and distinct keys, in hash-key order, including idle shards', () => {
      const onFirst = keysOnShard(0, 4, 2, 'first');
      const onThird = keysOnShard(2, 4, 1, 'third');
      const sample = [
        ...repeat(onFirst[0] as string, 5),
        ...repeat(onFirst[1] as string, 1),
        ...repeat(onThird[0] as string, 2),
      ];

      const report = hotKeyReport(sample, FOUR_SHARDS);

      expect(
        report.shards.map(({ shardId, records, share, distinctKeys }) => ({
          shardId,
          records,
          share,
          distinctKeys,
        })),
      ).toEqual([
        { shardId: 'shardId-000000000000', records: 6, share: 0.75, distinctKeys: 2 },
        { shardId: 'shardId-000000000001', records: 0, share: 0, distinctKeys: 0 },
        { shardId: 'shardId-000000000002', records: 2, share: 0.25, distinctKeys: 1 },
        { shardId: 'shardId-000000000003', records: 0, share: 0, distinctKeys: 0 },
      ]);
    });

    it('agrees with an independent MD5 and linear scan for a large sample', () => {
      const sample = zipfSample({ distinctKeys: 500, head: 300, exponent: 0.8 });
      const expected = new Array<number>(7).fill(0);
      for (const key of sample) {
        const index = evenShardIndexOf(md5HashKey(key), 7);
        expected[index] = (expected[index] ?? 0) + 1;
      }

      const report = hotKeyReport(sample, evenShardRanges(7));

      expect(report.shards.map((stats) => stats.records)).toEqual(expected);
      expect(report.shards.reduce((sum, stats) => sum + stats.records, 0)).toBe(sample.length);
    });

    it('names the hottest shard', () => {
      const sample = [...repeat(keysOnShard(3, 4, 1)[0] as string, 4), ...keysOnShard(1, 4, 3)];

      expect(hotKeyReport(sample, FOUR_SHARDS).hottestShard).toMatchObject({
        shardId: 'shardId-000000000003',
        records: 4,
      });
    });

    it('picks the first shard in hash-key order when two are equally hot', () => {
      const sample = [...keysOnShard(2, 4, 2), ...keysOnShard(1, 4, 2)];

      expect(hotKeyReport(sample, FOUR_SHARDS).hottestShard?.shardId).toBe('shardId-000000000001');
    });

    it('has imbalance 1 when every shard gets the same number of records', () => {
      const sample = [0, 1, 2, 3].flatMap((index) => keysOnShard(index, 4, 3, `even${index}`));

      expect(hotKeyReport(sample, FOUR_SHARDS).imbalance).toBe(1);
    });

    it('has imbalance equal to the shard count when every record lands on one shard', () => {
      expect(hotKeyReport(repeat('post-1', 50), FOUR_SHARDS).imbalance).toBe(4);
      expect(hotKeyReport(repeat('post-1', 50), evenShardRanges(10)).imbalance).toBe(10);
    });

    it('divides the hottest share by the mean share (1 / shard count)', () => {
      // 3 of 4 records on shard 0 of 2: share 0.75, mean 0.5.
      const sample = [...keysOnShard(0, 2, 3, 'left'), ...keysOnShard(1, 2, 1, 'right')];

      expect(hotKeyReport(sample, evenShardRanges(2)).imbalance).toBe(1.5);
    });

    it('leaves closed shards out of the spread', () => {
      const half = TWO_TO_128 / 2n;
      const shards = [
        closedShard('parent', 0n, TWO_TO_128 - 1n),
        shard('left', 0n, half - 1n),
        shard('right', half, TWO_TO_128 - 1n),
      ];

      const report = hotKeyReport(['a', 'b', 'c'], shards);

      expect(report.shards.map((stats) => stats.shardId)).toEqual(['left', 'right']);
      expect(report.shards.reduce((sum, stats) => sum + stats.records, 0)).toBe(3);
    });
  });

  describe('an empty sample', () => {
    const report = hotKeyReport([], FOUR_SHARDS, { observedRate: { recordsPerSecond: 5000 } });

    it('has zero counts and zero shares on every shard', () => {
      expect(report.totalRecords).toBe(0);
      expect(report.distinctKeys).toBe(0);
      expect(report.shards.every((stats) => stats.records === 0 && stats.share === 0)).toBe(true);
    });

    it('has no hottest shard, no imbalance and no warnings', () => {
      expect(report.hottestShard).toBeNull();
      expect(report.imbalance).toBeNull();
      expect(report.warnings).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('refuses a stream with no open shard', () => {
      expect(() => hotKeyReport(['a'], [closedShard('gone', 0n, TWO_TO_128 - 1n)])).toThrow(
        InvalidOptionError,
      );
    });

    it('refuses an invalid key in the sample, as Kinesis would', () => {
      expect(() => hotKeyReport(['ok', ''], FOUR_SHARDS)).toThrow(InvalidPartitionKeyError);
    });

    it('refuses a sample key that no listed shard owns (a partial shard list)', () => {
      const key = keysOnShard(3, 4, 1)[0] as string;

      expect(() => hotKeyReport([key], FOUR_SHARDS.slice(0, 3))).toThrow(NoShardForHashKeyError);
    });
  });
});
