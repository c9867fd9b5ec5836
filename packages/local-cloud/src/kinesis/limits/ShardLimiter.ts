import { Budget } from './Budget';
import type { KinesisLimits } from './KinesisLimits';

interface ShardBudgets {
  writeRecords: Budget;
  writeBytes: Budget;
  readCalls: Budget;
  readBytes: Budget;
  iteratorCalls: Budget;
}

/**
 * The per-shard budgets of a Kinesis endpoint (see {@link Budget}): writes (records and bytes), reads
 * (calls and bytes, shared by every consumer of the shard) and GetShardIterator calls. Each budget holds
 * one second's worth and refills continuously. Calls and records are counted whole (a token bucket: the
 * sixth GetRecords within a second is refused); bytes may go into debt (a record or read larger than
 * what is left passes, and the shard waits until the debt is repaid). Reads overdraw with a penalty: a read larger than what is left costs its whole
 * size, so a 10 MiB read blocks the shard's reads for 10 MiB ÷ 2 MiB/s = 5 s. `now` is injectable.
 */
export class ShardLimiter {
  readonly #limits: KinesisLimits;
  readonly #now: () => number;
  readonly #shards = new Map<string, ShardBudgets>();

  public constructor(limits: KinesisLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  public get limits(): Readonly<KinesisLimits> {
    return this.#limits;
  }

  /** Admits one record of `bytes` (data plus partition key) on the shard, or says it is throttled. */
  public tryWrite(streamName: string, shardId: string, bytes: number): boolean {
    const shard = this.#budgets(streamName, shardId);
    if (!shard.writeRecords.available() || !shard.writeBytes.available()) return false;
    shard.writeRecords.spend(1);
    shard.writeBytes.spend(bytes);
    return true;
  }

  /** Gives back a write that the backend then refused. */
  public refundWrite(streamName: string, shardId: string, bytes: number): void {
    const shard = this.#budgets(streamName, shardId);
    shard.writeRecords.refund(1);
    shard.writeBytes.refund(bytes);
  }

  /** Admits one GetRecords call on the shard (its bytes are charged after the read), or says it is throttled. */
  public tryRead(streamName: string, shardId: string): boolean {
    const shard = this.#budgets(streamName, shardId);
    if (!shard.readCalls.available() || !shard.readBytes.available()) return false;
    shard.readCalls.spend(1);
    return true;
  }

  /** Charges the bytes an admitted GetRecords call returned. */
  public chargeRead(streamName: string, shardId: string, bytes: number): void {
    this.#budgets(streamName, shardId).readBytes.spend(bytes);
  }

  /** Admits one GetShardIterator call on the shard, or says it is throttled. */
  public tryGetShardIterator(streamName: string, shardId: string): boolean {
    const calls = this.#budgets(streamName, shardId).iteratorCalls;
    if (!calls.available()) return false;
    calls.spend(1);
    return true;
  }

  /** Milliseconds until the shard admits reads again (0 when it does now). */
  public msUntilReadable(streamName: string, shardId: string): number {
    const shard = this.#budgets(streamName, shardId);
    return Math.max(shard.readCalls.msUntilAvailable(), shard.readBytes.msUntilAvailable());
  }

  /** Forgets a stream's budgets (it was deleted or created anew). */
  public forgetStream(streamName: string): void {
    const prefix = `${streamName}/`;
    for (const key of this.#shards.keys()) if (key.startsWith(prefix)) this.#shards.delete(key);
  }

  #budgets(streamName: string, shardId: string): ShardBudgets {
    const key = `${streamName}/${shardId}`;
    let shard = this.#shards.get(key);
    if (!shard) {
      const now = this.#now;
      const limits = this.#limits;
      shard = {
        writeRecords: new Budget({ ratePerSecond: limits.writeRecordsPerSecond, minimum: 1, now }),
        writeBytes: new Budget({ ratePerSecond: limits.writeBytesPerSecond, now }),
        readCalls: new Budget({ ratePerSecond: limits.readCallsPerSecond, minimum: 1, now }),
        readBytes: new Budget({ ratePerSecond: limits.readBytesPerSecond, overdraftCostsAll: true, now }),
        iteratorCalls: new Budget({ ratePerSecond: limits.getShardIteratorCallsPerSecond, minimum: 1, now }),
      };
      this.#shards.set(key, shard);
    }
    return shard;
  }
}
