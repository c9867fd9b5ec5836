import type { HotKeyReport } from '../types';
import { renderTable } from './renderTable';

const MAX_KEY_WIDTH = 40;

const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;
const perSecond = (rate: number | null): string => (rate === null ? '-' : rate.toFixed(1));
const shortKey = (key: string): string =>
  key.length > MAX_KEY_WIDTH ? `${key.slice(0, MAX_KEY_WIDTH - 1)}…` : key;

/**
 * Renders a {@link hotKeyReport} as a readable text report: a summary, the top keys, every open shard
 * and the warnings. Keys longer than 40 characters are shortened with `…`; rates show `-` when no
 * observed rate was given.
 *
 * @example
 * console.log(formatHotKeyReport(hotKeyReport(keys, evenShardRanges(4))));
 * // Hot-key report: 10000 records, 250 distinct keys, 4 open shards
 * // Imbalance: 1.84 (hottest shard's share / mean share; 1.00 is even)
 * // ...
 */
export const formatHotKeyReport = (report: HotKeyReport): string => {
  const { observedRate } = report;
  const lines = [
    `Hot-key report: ${report.totalRecords} records, ${report.distinctKeys} distinct keys, ${report.shards.length} open shards`,
    report.imbalance === null
      ? 'Imbalance: n/a (empty sample)'
      : `Imbalance: ${report.imbalance.toFixed(2)} (hottest shard's share / mean share; 1.00 is even)`,
    observedRate
      ? `Observed rate: ${observedRate.recordsPerSecond} records/s` +
        (observedRate.bytesPerSecond === undefined ? '' : `, ${observedRate.bytesPerSecond} bytes/s`)
      : 'Observed rate: not given (no projected rates, no warnings)',
    '',
    `Top ${report.topKeys.length} keys`,
    ...renderTable(
      [
        { header: '#', alignRight: true },
        { header: 'Key' },
        { header: 'Records', alignRight: true },
        { header: 'Share', alignRight: true },
        { header: 'Shard' },
        { header: 'Records/s', alignRight: true },
        { header: 'Bytes/s', alignRight: true },
      ],
      report.topKeys.map((key, index) => [
        String(index + 1),
        shortKey(key.key),
        String(key.count),
        percent(key.share),
        key.shardId,
        perSecond(key.recordsPerSecond),
        perSecond(key.bytesPerSecond),
      ]),
    ),
    '',
    'Shards',
    ...renderTable(
      [
        { header: 'Shard' },
        { header: 'Records', alignRight: true },
        { header: 'Share', alignRight: true },
        { header: 'Keys', alignRight: true },
        { header: 'Records/s', alignRight: true },
        { header: 'Bytes/s', alignRight: true },
        { header: '' },
      ],
      report.shards.map((shard) => [
        shard.shardId,
        String(shard.records),
        percent(shard.share),
        String(shard.distinctKeys),
        perSecond(shard.recordsPerSecond),
        perSecond(shard.bytesPerSecond),
        shard === report.hottestShard ? '<- hottest' : '',
      ]),
    ),
    '',
    report.warnings.length === 0 ? 'No warnings.' : `Warnings (${report.warnings.length})`,
    ...report.warnings.map((warning) => `! ${warning.message}`),
  ];
  return lines.join('\n');
};
