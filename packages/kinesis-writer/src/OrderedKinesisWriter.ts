import { Capacity } from './backpressure/Capacity';
import { callHook } from './callHook';
import {
  isKinesisWriterError,
  KeyBrokenError,
  type KinesisWriterError,
  type PutRecordFailedError,
  WriterClosedError,
} from './errors';
import { FailureLog } from './FailureLog';
import { type KeyLane, KeyLanes, type PendingRecord } from './lanes/KeyLanes';
import { KeyScheduler } from './lanes/KeyScheduler';
import { type ResolvedWriterOptions, resolveWriterOptions } from './resolveWriterOptions';
import { type PutRecordContext, putRecordWithRetry } from './retry/putRecordWithRetry';
import type { OrderedKinesisWriterOptions, PutInput, PutResult, WriterStats } from './types';
import { validateRecord } from './validateRecord';

/**
 * Writes records to one Kinesis stream keeping the order of each partition key: a key's records go out
 * one PutRecord at a time, in call order, each chained to the previous one by `SequenceNumberForOrdering`.
 * Throttling and server errors are retried with backoff before the key's next record is sent; a record
 * that fails for good breaks its key until {@link OrderedKinesisWriter.resetKey}. Different keys are
 * written in parallel, and at most `maxBufferedRecords` records are held at once.
 *
 * At-least-once: a network error after Kinesis stored a record makes the retry store it again (a
 * duplicate right after the original, in order); consumers dedupe with the envelope version.
 *
 * @example
 * const writer = new OrderedKinesisWriter({ client: new KinesisClient({ maxAttempts: 1 }), streamName: 'events' });
 * const { sequenceNumber, shardId } = await writer.put({ partitionKey: 'post-1', data: events.encode(event) });
 * await writer.close();
 */
export class OrderedKinesisWriter {
  readonly #options: ResolvedWriterOptions;
  readonly #capacity: Capacity;
  readonly #lanes: KeyLanes;
  readonly #failures = new FailureLog();
  readonly #scheduler: KeyScheduler;
  readonly #putContext: PutRecordContext;
  /** Settles when the record of that id settles; `flush` waits for the ids below its cutoff. */
  readonly #unsettled = new Map<number, Promise<void>>();
  readonly #counters = { sent: 0, acknowledged: 0, retried: 0, failed: 0, rejected: 0, maxKeyQueueDepth: 0 };
  #nextId = 0;
  #closed = false;

  public constructor(options: OrderedKinesisWriterOptions) {
    this.#options = resolveWriterOptions(options);
    this.#capacity = new Capacity(this.#options.maxBufferedRecords);
    this.#lanes = new KeyLanes(this.#options.maxTrackedKeys);
    this.#scheduler = new KeyScheduler(this.#options.maxConcurrentKeys, (lane) => void this.#sendHead(lane));
    const { client, stream, retry, sleep, random, onRetry } = this.#options;
    this.#putContext = {
      client,
      stream,
      retry,
      sleep,
      random,
      onAttempt: (attempt) => {
        this.#counters.sent++;
        if (attempt > 1) this.#counters.retried++;
      },
      onRetry: (event) => callHook(onRetry, event),
    };
  }

  /**
   * Queues a record behind the earlier records of its key and resolves when Kinesis acknowledged it.
   * Waits for room first when `maxBufferedRecords` records are queued or in flight. Rejects with
   * `InvalidRecordError`/`RecordTooLargeError` (nothing sent), `KeyBrokenError` (an earlier record of the
   * key failed), `PutRecordFailedError` or `WriterClosedError`. Do not modify `data` until it settles.
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
    const lane = this.#lanes.get(input.partitionKey);
    if (lane.broken) return this.#refuse(id, lane.key, new KeyBrokenError(lane.key, lane.broken));

    let settled!: () => void;
    this.#unsettled.set(id, new Promise<void>((resolve) => (settled = resolve)));
    const done = () => {
      this.#unsettled.delete(id);
      settled();
    };
    return new Promise<PutResult>((resolve, reject) => {
      const { partitionKey, data, explicitHashKey } = input;
      const record: PendingRecord = {
        id,
        input: { partitionKey, data, ...(explicitHashKey === undefined ? {} : { explicitHashKey }) },
        epoch: lane.epoch,
        putAt: this.#options.now(),
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          this.#failures.add(id, partitionKey, error);
          done();
          reject(error);
        },
      };
      lane.waitingForRoom++;
      this.#capacity.acquire(() => this.#enqueue(lane, record));
    });
  }

  /**
   * Waits until every `put` called before it has settled; rejects with `FlushError` listing each of those
   * records that failed (or was refused) and that no earlier `flush` reported.
   */
  public async flush(): Promise<void> {
    const cutoff = this.#nextId;
    await Promise.all(this.#unsettled.values());
    this.#failures.throwIfAnyBefore(cutoff);
  }

  /** Resolves when a `put` would be queued without waiting for room (useful to pace a producer loop). */
  public waitForRoom(): Promise<void> {
    return new Promise((resolve) =>
      this.#capacity.acquire(() => {
        this.#capacity.release();
        resolve();
      }),
    );
  }

  /**
   * Lets a broken key take records again, once the caller decided how to recover (e.g. put the entity's
   * latest full state again). Records `put` before the failure stay rejected; the key's chain of sequence
   * numbers goes on from its last acknowledged record. Returns whether the key was broken.
   */
  public resetKey(partitionKey: string): boolean {
    const lane = this.#lanes.peek(partitionKey);
    if (!lane?.broken) return false;
    lane.broken = undefined;
    return true;
  }

  /** Counters and gauges for metrics; cheap enough to poll. */
  public stats(): WriterStats {
    return {
      ...this.#counters,
      inFlight: this.#scheduler.sending,
      queued: this.#capacity.inUse - this.#scheduler.sending,
      waitingForRoom: this.#capacity.waiting,
      brokenKeys: this.#lanes.brokenCount(),
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

  /** Runs when the record got room: it joins its key's queue, unless the key failed since `put`. */
  #enqueue(lane: KeyLane, record: PendingRecord): void {
    lane.waitingForRoom--;
    if (lane.epoch !== record.epoch && lane.lastFailure) {
      this.#counters.rejected++;
      record.reject(new KeyBrokenError(lane.key, lane.lastFailure));
      this.#capacity.release();
      return;
    }
    lane.queue.push(record);
    this.#counters.maxKeyQueueDepth = Math.max(this.#counters.maxKeyQueueDepth, lane.queue.length);
    this.#scheduler.schedule(lane);
  }

  /** Sends the key's oldest record; the key's next one waits, so a retry never lets it overtake. */
  async #sendHead(lane: KeyLane): Promise<void> {
    const record = lane.queue[0] as PendingRecord;
    let result: PutResult;
    try {
      result = await putRecordWithRetry(record.input, lane.lastSequenceNumber, this.#putContext);
    } catch (error) {
      // putRecordWithRetry throws nothing but PutRecordFailedError.
      this.#breakKey(lane, error as PutRecordFailedError);
      this.#done(lane);
      return;
    }
    lane.lastSequenceNumber = result.sequenceNumber;
    lane.queue.shift();
    this.#counters.acknowledged++;
    record.resolve(result);
    callHook(this.#options.onAcknowledged, {
      partitionKey: lane.key,
      latencyMs: this.#options.now() - record.putAt,
      ...result,
    });
    this.#done(lane);
  }

  /** The key's head record settled: free its buffer slot and its turn, then forget idle keys beyond the bound. */
  #done(lane: KeyLane): void {
    this.#capacity.release();
    this.#scheduler.finished(lane);
    this.#lanes.trim();
  }

  /** Fails the head record, marks the key broken and rejects what is queued behind it: none of it may be sent. */
  #breakKey(lane: KeyLane, failure: PutRecordFailedError): void {
    this.#counters.failed++;
    lane.queue.shift()?.reject(failure);
    lane.broken = failure;
    lane.lastFailure = failure;
    // `put`s still waiting for room carry the old epoch and are rejected when they get it.
    lane.epoch++;
    for (const record of lane.queue.splice(0)) {
      this.#counters.rejected++;
      record.reject(new KeyBrokenError(lane.key, failure));
      this.#capacity.release();
    }
    callHook(this.#options.onFailure, failure);
  }
}
