import { SHARD_WRITE_BYTES_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from '@kes/partition-keys';

export interface WriteRateLimiterOptions {
  /** Share of a shard's write limit to use, 0 < share ≤ 1. */
  share: number;
  /** Records/s and bytes/s one shard takes (AWS: 1,000 and 1 MiB). */
  recordsPerSecond?: number;
  bytesPerSecond?: number;
  /** How far ahead of the steady rate a shard may run, in seconds of its rate. Default 0.1 s. */
  burstSeconds?: number;
  now?: () => number;
}

/** One shard's schedule: the time at which the shard is "paid up" for records and for bytes (GCRA). */
interface ShardSchedule {
  recordsDueAt: number;
  bytesDueAt: number;
}

/**
 * Paces writes per shard to a share of Kinesis' per-shard write limit, on both dimensions at once —
 * records/s and bytes/s — so a replay never provokes throttling of its target and leaves the rest of the
 * limit to other writers. A generic cell-rate algorithm: each record moves its shard's schedule on by
 * 1/rate (and bytes/byteRate); a record may go when the schedule is at most `burstSeconds` ahead of now.
 *
 * Pure: `delayFor` answers how long to wait and books the record; the caller sleeps.
 *
 * @example
 * const limiter = new WriteRateLimiter({ share: 0.8 });
 * const wait = limiter.delayFor('shardId-000000000000', byteLength);
 * if (wait > 0) await sleep(wait);
 */
export class WriteRateLimiter {
  readonly #recordInterval: number;
  readonly #byteInterval: number;
  readonly #burstMs: number;
  readonly #now: () => number;
  readonly #shards = new Map<string, ShardSchedule>();

  public constructor(options: WriteRateLimiterOptions) {
    if (!(options.share > 0 && options.share <= 1))
      throw new RangeError(`share must be in (0, 1]: ${options.share}`);
    const records = (options.recordsPerSecond ?? SHARD_WRITE_RECORDS_PER_SECOND) * options.share;
    const bytes = (options.bytesPerSecond ?? SHARD_WRITE_BYTES_PER_SECOND) * options.share;
    this.#recordInterval = 1000 / records;
    this.#byteInterval = 1000 / bytes;
    this.#burstMs = (options.burstSeconds ?? 0.1) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Books one record of `bytes` (data + partition key) on `shard`; returns the ms to wait before sending it. */
  public delayFor(shard: string, bytes: number): number {
    const now = this.#now();
    const schedule = this.#shards.get(shard) ?? { recordsDueAt: now, bytesDueAt: now };
    const recordsDueAt = Math.max(schedule.recordsDueAt, now) + this.#recordInterval;
    const bytesDueAt = Math.max(schedule.bytesDueAt, now) + bytes * this.#byteInterval;
    this.#shards.set(shard, { recordsDueAt, bytesDueAt });
    return Math.max(0, Math.max(recordsDueAt, bytesDueAt) - this.#burstMs - now);
  }
}
