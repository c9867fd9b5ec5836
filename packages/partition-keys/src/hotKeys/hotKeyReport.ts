import { InvalidOptionError } from '../errors';
import { hashKeyOf } from '../kinesis/hashKeyOf';
import { ShardMap } from '../kinesis/ShardMap';
import type { HotKeyReport, HotKeyReportOptions, KeyStats, ShardDescription, ShardStats } from '../types';
import { hotKeyWarnings } from './hotKeyWarnings';
import { resolveHotKeyOptions } from './resolveHotKeyOptions';

const byCountThenKey = (a: KeyStats, b: KeyStats): number =>
  b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * How a sample of partition keys (e.g. one per record written in the last minute) spreads over a
 * stream's open shards: the most frequent keys, records per shard, the hottest shard and its
 * `imbalance` (hottest share / mean share; 1 is even). Given the stream's observed write rate it also
 * projects rates and warns about keys that alone use too much of one shard's write limit (1,000
 * records/s and 1 MiB/s) and about shards that would be throttled.
 *
 * Throws {@link InvalidPartitionKeyError} for an invalid key in the sample, {@link NoShardForHashKeyError}
 * when a sampled key falls outside the listed shards, and {@link InvalidOptionError} when no shard is
 * open or an option is out of range.
 *
 * @example
 * const report = hotKeyReport(sampledKeys, evenShardRanges(4), {
 *   observedRate: { recordsPerSecond: 2500, bytesPerSecond: 2_000_000 },
 * });
 * report.imbalance;  // e.g. 1.9
 * report.warnings;   // [{ kind: 'hot-key', key: 'post-1', fractionOfLimit: 0.62, ... }]
 * console.log(formatHotKeyReport(report));
 */
export const hotKeyReport = (
  keys: Iterable<string>,
  shards: Iterable<ShardDescription>,
  options?: HotKeyReportOptions,
): HotKeyReport => {
  const resolved = resolveHotKeyOptions(options);
  const map = ShardMap.from(shards);
  if (map.shards.length === 0) throw new InvalidOptionError('shards', 0, 'at least one open shard');

  const counts = new Map<string, number>();
  let totalRecords = 0;
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    totalRecords += 1;
  }

  const { observedRate } = resolved;
  const shareOf = (count: number): number => (totalRecords === 0 ? 0 : count / totalRecords);
  const recordsRate = (share: number): number | null =>
    observedRate ? share * observedRate.recordsPerSecond : null;
  const bytesRate = (share: number): number | null =>
    observedRate?.bytesPerSecond === undefined ? null : share * observedRate.bytesPerSecond;

  // Hash each distinct key once; the sample may repeat a hot key many thousands of times.
  const tallies = new Map<string, { records: number; distinctKeys: number }>();
  const keyStats: KeyStats[] = [];
  for (const [key, count] of counts) {
    const { shardId } = map.shardForHashKey(hashKeyOf(key));
    const tally = tallies.get(shardId) ?? { records: 0, distinctKeys: 0 };
    tally.records += count;
    tally.distinctKeys += 1;
    tallies.set(shardId, tally);
    const share = shareOf(count);
    keyStats.push({
      key,
      count,
      share,
      shardId,
      recordsPerSecond: recordsRate(share),
      bytesPerSecond: bytesRate(share),
    });
  }
  keyStats.sort(byCountThenKey);

  const shardStats: ShardStats[] = map.shards.map((shard) => {
    const { records, distinctKeys } = tallies.get(shard.shardId) ?? { records: 0, distinctKeys: 0 };
    const share = shareOf(records);
    return {
      shardId: shard.shardId,
      records,
      share,
      distinctKeys,
      recordsPerSecond: recordsRate(share),
      bytesPerSecond: bytesRate(share),
    };
  });
  const hottestShard =
    totalRecords === 0
      ? null
      : shardStats.reduce((hottest, shard) => (shard.records > hottest.records ? shard : hottest));

  return {
    totalRecords,
    distinctKeys: counts.size,
    topKeys: keyStats.slice(0, resolved.top),
    shards: shardStats,
    hottestShard,
    imbalance: hottestShard ? hottestShard.share * shardStats.length : null,
    warnings: hotKeyWarnings(keyStats, shardStats, resolved.warnAtShardFraction, resolved.shardWriteLimit),
    observedRate,
    warnAtShardFraction: resolved.warnAtShardFraction,
    shardWriteLimit: resolved.shardWriteLimit,
  };
};
