import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { isRetryableError } from '@kes/kinesis-writer';
import type { ShardMap } from '@kes/partition-keys';

interface Pending {
  partitionKey: string;
  data: Uint8Array;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Lane {
  /** Per key, its records in put order; Map order = round robin. */
  keys: Map<string, Pending[]>;
  running: boolean;
}

export interface KeyBatchedWriterOptions {
  client: KinesisClient;
  streamName: string;
  shards: ShardMap;
  maxBufferedRecords?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_RECORDS_PER_CALL = 500;
const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;

/**
 * Per-key ordered writes with `PutRecords`: one lane per shard, one call in flight per lane, **at most one
 * record per partition key per call**, and a key's next record only in a call sent after the one that
 * stored the previous. Kinesis orders a shard by arrival, so each key's records are stored in put order,
 * while a call carries up to 500 keys — the throughput of `PutRecords` without its reordering of retried
 * records (a failed record stays at the head of its key's queue and goes in the next call).
 */
export class KeyBatchedWriter {
  readonly #options: KeyBatchedWriterOptions;
  readonly #lanes = new Map<string, Lane>();
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #roomWaiters: (() => void)[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  #buffered = 0;
  #failure: Error | undefined;

  public constructor(options: KeyBatchedWriterOptions) {
    this.#options = options;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  public async waitForRoom(): Promise<void> {
    while (this.#buffered >= (this.#options.maxBufferedRecords ?? 4_000))
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  public put(record: { partitionKey: string; data: Uint8Array }): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const shard = this.#options.shards.shardFor(record.partitionKey);
    let lane = this.#lanes.get(shard);
    if (!lane) {
      lane = { keys: new Map(), running: false };
      this.#lanes.set(shard, lane);
    }
    const promise = new Promise<void>((resolve, reject) => {
      const queue = lane.keys.get(record.partitionKey) ?? [];
      queue.push({ ...record, resolve, reject });
      lane.keys.set(record.partitionKey, queue);
    });
    this.#buffered++;
    if (!lane.running) void this.#run(lane);
    return promise;
  }

  /** Waits until every record put so far is stored; throws the first failure. */
  public async flush(): Promise<void> {
    while (this.#buffered > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    if (this.#failure) throw this.#failure;
  }

  public async close(): Promise<void> {
    await this.flush();
  }

  async #run(lane: Lane): Promise<void> {
    lane.running = true;
    let attempt = 0;
    while (lane.keys.size > 0) {
      const batch: Pending[] = [];
      let bytes = 0;
      for (const queue of lane.keys.values()) {
        const head = queue[0];
        if (!head) continue;
        const size = head.data.byteLength + Buffer.byteLength(head.partitionKey);
        if (batch.length === MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL) break;
        batch.push(head);
        bytes += size;
      }
      let failed = 0;
      try {
        const result = await this.#options.client.send(
          new PutRecordsCommand({
            StreamName: this.#options.streamName,
            Records: batch.map((record) => ({ PartitionKey: record.partitionKey, Data: record.data })),
          }),
        );
        batch.forEach((record, index) => {
          if (result.Records?.[index]?.ErrorCode) failed++;
          else this.#stored(lane, record);
        });
      } catch (error) {
        if (!isRetryableError(error)) {
          this.#fail(lane, error instanceof Error ? error : new Error(String(error)));
          break;
        }
        failed = batch.length;
      }
      attempt = failed > 0 ? attempt + 1 : 0;
      if (failed > 0) await this.#sleep(Math.random() * Math.min(1_000, 25 * 2 ** Math.min(attempt, 10)));
    }
    lane.running = false;
  }

  #stored(lane: Lane, record: Pending): void {
    const queue = lane.keys.get(record.partitionKey) ?? [];
    queue.shift();
    lane.keys.delete(record.partitionKey);
    if (queue.length > 0) lane.keys.set(record.partitionKey, queue); // to the back: round robin
    record.resolve();
    this.#released(1);
  }

  #fail(lane: Lane, error: Error): void {
    this.#failure ??= error;
    let count = 0;
    for (const queue of lane.keys.values())
      for (const record of queue) {
        record.reject(error);
        count++;
      }
    lane.keys.clear();
    this.#released(count);
  }

  #released(count: number): void {
    this.#buffered -= count;
    for (const wake of this.#roomWaiters.splice(0)) wake();
    if (this.#buffered === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }
}
