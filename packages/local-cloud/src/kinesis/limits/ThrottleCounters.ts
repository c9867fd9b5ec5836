/** Operations the shard limits apply to. */
export type LimitedOperation = 'PutRecord' | 'PutRecords' | 'GetRecords' | 'GetShardIterator';

/** How often one operation was throttled on one shard. */
export interface ThrottleCount {
  streamName: string;
  shardId: string;
  operation: LimitedOperation;
  /** Calls answered with ProvisionedThroughputExceededException (for PutRecords: calls with at least one throttled entry on this shard). */
  calls: number;
  /** Records refused (PutRecord and PutRecords entries); 0 for reads. */
  records: number;
}

/** Throttle counts per stream, shard and operation, since start (or the last reset). */
export class ThrottleCounters {
  readonly #counts = new Map<string, ThrottleCount>();

  public add(
    streamName: string,
    shardId: string,
    operation: LimitedOperation,
    calls: number,
    records: number,
  ): void {
    const key = `${streamName}\u0000${shardId}\u0000${operation}`;
    const count = this.#counts.get(key);
    if (count) {
      count.calls += calls;
      count.records += records;
    } else {
      this.#counts.set(key, { streamName, shardId, operation, calls, records });
    }
  }

  /** Every count, optionally of one stream and/or operation, sorted by stream, shard and operation. */
  public list(filter: { streamName?: string; operation?: string } = {}): ThrottleCount[] {
    return [...this.#counts.values()]
      .filter(
        (count) =>
          (filter.streamName === undefined || count.streamName === filter.streamName) &&
          (filter.operation === undefined || count.operation === filter.operation),
      )
      .map((count) => ({ ...count }))
      .sort(
        (a, b) =>
          a.streamName.localeCompare(b.streamName) ||
          a.shardId.localeCompare(b.shardId) ||
          a.operation.localeCompare(b.operation),
      );
  }

  /** Throttled calls of `operation` (optionally of one stream), summed over shards. */
  public total(operation: LimitedOperation, streamName?: string): number {
    return this.list({ operation, ...(streamName === undefined ? {} : { streamName }) }).reduce(
      (sum, count) => sum + count.calls,
      0,
    );
  }

  public reset(): void {
    this.#counts.clear();
  }
}
