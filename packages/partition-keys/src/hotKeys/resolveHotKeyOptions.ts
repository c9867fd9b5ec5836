import {
  DEFAULT_TOP_KEYS,
  DEFAULT_WARN_AT_SHARD_FRACTION,
  SHARD_WRITE_BYTES_PER_SECOND,
  SHARD_WRITE_RECORDS_PER_SECOND,
} from '../constants';
import { InvalidOptionError } from '../errors';
import type { HotKeyReportOptions, ShardWriteLimit, WriteRate } from '../types';

/** {@link HotKeyReportOptions} with every default filled in and every value checked. */
export interface ResolvedHotKeyOptions {
  top: number;
  observedRate: WriteRate | null;
  warnAtShardFraction: number;
  shardWriteLimit: ShardWriteLimit;
}

const rate = (option: string, value: unknown, allowZero: boolean): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidOptionError(option, value, allowZero ? 'a finite number ≥ 0' : 'a finite number > 0');
  }
  return value;
};

/** The one place the hot-key report's defaults are merged and its options validated. */
export const resolveHotKeyOptions = (options: HotKeyReportOptions = {}): ResolvedHotKeyOptions => {
  const top = options.top ?? DEFAULT_TOP_KEYS;
  if (!Number.isSafeInteger(top) || top < 0) throw new InvalidOptionError('top', top, 'an integer ≥ 0');

  const warnAtShardFraction = options.warnAtShardFraction ?? DEFAULT_WARN_AT_SHARD_FRACTION;
  if (!(warnAtShardFraction > 0 && warnAtShardFraction <= 1)) {
    throw new InvalidOptionError('warnAtShardFraction', warnAtShardFraction, 'a fraction in (0, 1]');
  }

  const shardWriteLimit: ShardWriteLimit = {
    recordsPerSecond: rate(
      'shardWriteLimit.recordsPerSecond',
      options.shardWriteLimit?.recordsPerSecond ?? SHARD_WRITE_RECORDS_PER_SECOND,
      false,
    ),
    bytesPerSecond: rate(
      'shardWriteLimit.bytesPerSecond',
      options.shardWriteLimit?.bytesPerSecond ?? SHARD_WRITE_BYTES_PER_SECOND,
      false,
    ),
  };

  const observed = options.observedRate;
  const observedRate: WriteRate | null = observed
    ? {
        recordsPerSecond: rate('observedRate.recordsPerSecond', observed.recordsPerSecond, true),
        ...(observed.bytesPerSecond === undefined
          ? {}
          : { bytesPerSecond: rate('observedRate.bytesPerSecond', observed.bytesPerSecond, true) }),
      }
    : null;

  return { top, observedRate, warnAtShardFraction, shardWriteLimit };
};
