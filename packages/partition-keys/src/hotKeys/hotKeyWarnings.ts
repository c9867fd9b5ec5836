import type { HotKeyWarning, KeyStats, LimitMetric, ShardStats, ShardWriteLimit } from '../types';

const UNIT: Record<LimitMetric, string> = { records: 'records/s', bytes: 'bytes/s' };

const percent = (fraction: number): string => `${(fraction * 100).toFixed(0)}%`;

const limitOf = (metric: LimitMetric, limit: ShardWriteLimit): number =>
  metric === 'records' ? limit.recordsPerSecond : limit.bytesPerSecond;

const rateOf = (metric: LimitMetric, stats: KeyStats | ShardStats): number | null =>
  metric === 'records' ? stats.recordsPerSecond : stats.bytesPerSecond;

/**
 * Warnings for projected rates: each key that alone passes `warnAtShardFraction` of a shard's limit
 * (it cannot be spread: one key is one shard), and each shard projected over its limit.
 * Internal to {@link hotKeyReport}; `keys` must be sorted most frequent first.
 */
export const hotKeyWarnings = (
  keys: readonly KeyStats[],
  shards: readonly ShardStats[],
  warnAtShardFraction: number,
  limit: ShardWriteLimit,
): HotKeyWarning[] => {
  const warnings: HotKeyWarning[] = [];
  for (const metric of ['records', 'bytes'] as const) {
    const limitPerSecond = limitOf(metric, limit);
    for (const key of keys) {
      const perSecond = rateOf(metric, key);
      // Sorted by count, so the first key under the threshold ends the hot ones.
      if (perSecond === null || perSecond / limitPerSecond <= warnAtShardFraction) break;
      const fractionOfLimit = perSecond / limitPerSecond;
      warnings.push({
        kind: 'hot-key',
        key: key.key,
        shardId: key.shardId,
        metric,
        perSecond,
        limitPerSecond,
        fractionOfLimit,
        message:
          `Key "${key.key}" alone would write ${perSecond.toFixed(0)} ${UNIT[metric]} to ${key.shardId}: ` +
          `${percent(fractionOfLimit)} of the shard's ${limitPerSecond} ${UNIT[metric]} limit ` +
          `(warning at ${percent(warnAtShardFraction)}). More shards cannot spread one key.`,
      });
    }
    for (const shard of shards) {
      const perSecond = rateOf(metric, shard);
      if (perSecond === null || perSecond <= limitPerSecond) continue;
      const fractionOfLimit = perSecond / limitPerSecond;
      warnings.push({
        kind: 'shard-over-limit',
        key: null,
        shardId: shard.shardId,
        metric,
        perSecond,
        limitPerSecond,
        fractionOfLimit,
        message:
          `${shard.shardId} would receive ${perSecond.toFixed(0)} ${UNIT[metric]}, ` +
          `${percent(fractionOfLimit)} of its ${limitPerSecond} ${UNIT[metric]} limit: ` +
          'writes will be throttled (ProvisionedThroughputExceededException).',
      });
    }
  }
  return warnings;
};
