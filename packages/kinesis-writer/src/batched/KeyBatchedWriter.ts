import { PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { Capacity } from '../backpressure/Capacity';
import { callHook } from '../callHook';
import {
  isKinesisWriterError,
  KeyBrokenError,
  type KinesisWriterError,
  PutRecordsFailedError,
  WriterClosedError,
} from '../errors';
import { FailureLog } from '../FailureLog';
import { recordSizeBytes } from '../recordSize';
import { backoffDelay } from '../retry/backoffDelay';
import { errorCodeOf } from '../retry/errorCodeOf';
import { isRetryableError } from '../retry/isRetryableError';
import type { PutInput, PutResult } from '../types';
import { validateRecord } from '../validateRecord';
import {
  type ResolvedBatchedWriterOptions,
  resolveBatchedWriterOptions,
} from './resolveBatchedWriterOptions';
import { type BatchedRecord, type ShardLane, takeBatch } from './takeBatch';
import type { BatchedWriterStats, KeyBatchedWriterOptions } from './types';

/** The lane of every record when the writer has no `shards` lookup. */
const STREAM_LANE = 'stream';

/**
 * The batched mode: per-key ordered writes with `PutRecords`. One lane per shard with one call in flight,
 * **at most one record per partition key per call**, and a key's next record only in a call sent after the
 * one that stored the previous. Kinesis orders a shard by arrival, so each key's records are stored in put
 * order without `SequenceNumberForOrdering`, while a call carries up to 500 keys; a throttled record stays at
 * the head of its key and goes in the lane's next call (plain `PutRecords` retries would reorder it).
 * Records are validated like the ordered writer's (size, key, hash key) and refused before anything is sent.
 *
 * @example
 * const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 'replay' }));
 * const writer = new KeyBatchedWriter({ client: kinesis, streamName: 'replay', shards: ShardMap.from(Shards) });
 * for (const event of events) {
 *   await writer.waitForRoom();
 *   writer.put({ partitionKey: event.partitionKey, data: registry.encode(event) }).catch(() => undefined);
 * }
 * await writer.close(); // rejects with FlushError listing what failed
 */
export class KeyBatchedWriter {
  readonly #options: ResolvedBatchedWriterOptions;
  readonly #capacity: Capacity;
  readonly #lanes = new Map<string, ShardLane>();
  readonly #broken = new Map<string, PutRecordsFailedError>();
  readonly #failures = new FailureLog();
  readonly #unsettled = new Map<number, Promise<void>>();
  readonly #counters = { calls: 0, acknowledged: 0, retried: 0, failed: 0, rejected: 0 };
  #nextId = 0;
  #closed = false;

  public constructor(options: KeyBatchedWriterOptions) {
    this.#options = resolveBatchedWriterOptions(options);
    this.#capacity = new Capacity(this.#options.maxBufferedRecords);
  }

  /**
   * Queues a record behind the earlier records of its key and resolves when Kinesis stored it. Waits for
   * room first when `maxBufferedRecords` records are held. Rejects with `InvalidRecordError` /
   * `RecordTooLargeError` (nothing sent), `KeyBrokenError`, `PutRecordsFailedError` or `WriterClosedError`.
   */
  public put(input: PutInput): Promise<PutResult> {
    const id = this.#nextId++;
    if (this.#closed) return this.#refuse(id, input.partitionKey, new WriterClosedError());
    try {
      validateRecord(input, this.#options.maxRecordSizeBytes);
    } catch (error) {
      if (!isKinesisWriterError(error)) throw error;
      return this.#refuse(id, input.partitionKey, error);
    }
    const broken = this.#broken.get(input.partitionKey);
    if (broken) return this.#refuse(id, input.partitionKey, new KeyBrokenError(input.partitionKey, broken));

    let settled!: () => void;
    this.#unsettled.set(id, new Promise<void>((resolve) => (settled = resolve)));
    const done = () => {
      this.#unsettled.delete(id);
      settled();
    };
    return new Promise<PutResult>((resolve, reject) => {
      const { partitionKey, data, explicitHashKey } = input;
      const record: BatchedRecord = {
        id,
        input: { partitionKey, data, ...(explicitHashKey === undefined ? {} : { explicitHashKey }) },
        bytes: recordSizeBytes(data, partitionKey),
        attempts: 0,
        putAt: this.#options.now(),
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          this.#failures.add(id, partitionKey, error as KinesisWriterError);
          done();
          reject(error);
        },
      };
      this.#capacity.acquire(() => this.#enqueue(record));
    });
  }

  /** Waits until every `put` called before it settled; rejects with `FlushError` for those that failed. */
  public async flush(): Promise<void> {
    const cutoff = this.#nextId;
    await Promise.all([...this.#unsettled].filter(([id]) => id < cutoff).map(([, settled]) => settled));
    this.#failures.throwIfAnyBefore(cutoff);
  }

  /** Resolves when a `put` would be queued without waiting for room. */
  public waitForRoom(): Promise<void> {
    return new Promise((resolve) =>
      this.#capacity.acquire(() => {
        this.#capacity.release();
        resolve();
      }),
    );
  }

  /** Lets a broken key take records again (see the ordered writer's `resetKey`); returns whether it was broken. */
  public resetKey(partitionKey: string): boolean {
    return this.#broken.delete(partitionKey);
  }

  /** Counters and gauges for metrics; cheap enough to poll. */
  public stats(): BatchedWriterStats {
    return {
      ...this.#counters,
      buffered: this.#capacity.inUse,
      waitingForRoom: this.#capacity.waiting,
      brokenKeys: this.#broken.size,
    };
  }

  /** Refuses further `put`s, then flushes. */
  public async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  public async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #refuse(id: number, partitionKey: unknown, error: KinesisWriterError): Promise<never> {
    this.#counters.rejected++;
    this.#failures.add(id, String(partitionKey), error);
    return Promise.reject(error);
  }

  /** Runs when the record got room: it joins its key's queue in its shard's lane, unless the key broke meanwhile. */
  #enqueue(record: BatchedRecord): void {
    const key = record.input.partitionKey;
    const broken = this.#broken.get(key);
    if (broken) {
      this.#counters.rejected++;
      record.reject(new KeyBrokenError(key, broken));
      this.#capacity.release();
      return;
    }
    let shardId: string;
    try {
      shardId = this.#shardOf(record.input);
    } catch (cause) {
      // A lookup built before a reshard may know no shard for the key: fail the record, not the writer.
      const failure = new PutRecordsFailedError({
        partitionKey: key,
        attempts: 0,
        retryable: false,
        errorCode: errorCodeOf(cause),
        cause,
      });
      this.#counters.failed++;
      record.reject(failure);
      this.#capacity.release();
      return;
    }
    let lane = this.#lanes.get(shardId);
    if (!lane) {
      lane = { shardId, keys: new Map(), running: false, failedCalls: 0 };
      this.#lanes.set(shardId, lane);
    }
    const queue = lane.keys.get(key);
    if (queue) queue.push(record);
    else lane.keys.set(key, [record]);
    if (!lane.running) void this.#run(lane);
  }

  #shardOf({ partitionKey, explicitHashKey }: PutInput): string {
    const { shards } = this.#options;
    if (!shards) return STREAM_LANE;
    return shards.shardFor(explicitHashKey === undefined ? partitionKey : { explicitHashKey, partitionKey });
  }

  /** Sends the lane's calls one after the other until it is empty. */
  async #run(lane: ShardLane): Promise<void> {
    lane.running = true;
    const { client, stream, retry, sleep, random, now, maxRecordsPerCall, maxBytesPerCall } = this.#options;
    while (lane.keys.size > 0) {
      const batch = takeBatch(lane, maxRecordsPerCall, maxBytesPerCall);
      for (const record of batch) if (record.attempts++ > 0) this.#counters.retried++;
      this.#counters.calls++;
      const started = now();
      let output: PutRecordsCommandOutput | undefined;
      let callError: unknown;
      try {
        output = await client.send(
          new PutRecordsCommand({
            ...stream,
            Records: batch.map(({ input }) => ({
              PartitionKey: input.partitionKey,
              Data: input.data,
              ...(input.explicitHashKey === undefined ? {} : { ExplicitHashKey: input.explicitHashKey }),
            })),
          }),
        );
      } catch (error) {
        callError = error;
      }
      let failed = 0;
      batch.forEach((record, index) => {
        const entry = output?.Records?.[index];
        if (entry?.SequenceNumber && entry.ShardId && !entry.ErrorCode) {
          this.#stored(lane, record, { sequenceNumber: entry.SequenceNumber, shardId: entry.ShardId });
          return;
        }
        failed++;
        // A record's ErrorCode is ProvisionedThroughputExceededException or InternalFailure: both retryable.
        const cause =
          callError ?? new Error(entry?.ErrorMessage ?? 'PutRecords answered without this record');
        const errorCode = callError ? errorCodeOf(callError) : (entry?.ErrorCode ?? 'MalformedResponse');
        const retryable = callError ? isRetryableError(callError) : entry?.ErrorCode !== undefined;
        if (!retryable || record.attempts >= retry.maxAttempts)
          this.#breakKey(
            lane,
            record,
            new PutRecordsFailedError({
              partitionKey: record.input.partitionKey,
              attempts: record.attempts,
              retryable,
              errorCode,
              cause,
            }),
          );
      });
      lane.failedCalls = failed > 0 ? lane.failedCalls + 1 : 0;
      const delayMs = failed > 0 && lane.keys.size > 0 ? backoffDelay(lane.failedCalls, retry, random) : 0;
      callHook(this.#options.onCall, {
        shardId: lane.shardId,
        records: batch.length,
        bytes: batch.reduce((sum, record) => sum + record.bytes, 0),
        failed,
        ...(callError ? { errorCode: errorCodeOf(callError) } : {}),
        latencyMs: now() - started,
        delayMs,
      });
      if (delayMs > 0) await sleep(delayMs).catch(() => undefined);
    }
    lane.running = false;
  }

  /** The key's head was stored: settle it and send the key's turn to the back of the lane (round robin). */
  #stored(lane: ShardLane, record: BatchedRecord, where: { sequenceNumber: string; shardId: string }): void {
    const key = record.input.partitionKey;
    const queue = lane.keys.get(key) ?? [];
    queue.shift();
    lane.keys.delete(key);
    if (queue.length > 0) lane.keys.set(key, queue);
    this.#counters.acknowledged++;
    const result = { ...where, attempts: record.attempts };
    record.resolve(result);
    this.#capacity.release();
    callHook(this.#options.onAcknowledged, {
      partitionKey: key,
      latencyMs: this.#options.now() - record.putAt,
      ...result,
    });
  }

  /** Fails the key's head and rejects what is queued behind it: none of it may be sent out of order. */
  #breakKey(lane: ShardLane, record: BatchedRecord, failure: PutRecordsFailedError): void {
    const key = record.input.partitionKey;
    const queue = lane.keys.get(key) ?? [];
    lane.keys.delete(key);
    this.#broken.set(key, failure);
    this.#counters.failed++;
    queue.shift()?.reject(failure);
    this.#capacity.release();
    for (const behind of queue) {
      this.#counters.rejected++;
      behind.reject(new KeyBrokenError(key, failure));
      this.#capacity.release();
    }
    callHook(this.#options.onFailure, failure);
  }
}
