import type { PutRecordCommand, PutRecordCommandOutput } from '@aws-sdk/client-kinesis';
import type { PutRecordFailedError } from './errors';

/** The part of `KinesisClient` the writer uses; a `KinesisClient` fits, and so does a test fake. */
export interface PutRecordClient {
  send(command: PutRecordCommand): Promise<PutRecordCommandOutput>;
}

/** One record to write. */
export interface PutInput {
  /** 1–256 characters; records of one key are written strictly in call order. */
  partitionKey: string;
  data: Uint8Array;
  /** Decimal string in [0, 2^128-1] that picks the shard; keep it the same for every record of a key. */
  explicitHashKey?: string;
}

/** Where Kinesis stored a record. */
export interface PutResult {
  sequenceNumber: string;
  shardId: string;
  /** PutRecord calls the writer made for this record (1 when the first one succeeded). */
  attempts: number;
}

/** Exponential backoff with full jitter: the n-th retry waits `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`. */
export interface RetryOptions {
  /** PutRecord calls per record, the first included. Default 10. */
  maxAttempts: number;
  /** Ceiling of the first retry's delay. Default 50 ms. */
  baseDelayMs: number;
  /** Ceiling of any retry's delay. Default 5,000 ms. */
  maxDelayMs: number;
}

/** Passed to `onRetry` before the writer waits and sends the same record again. */
export interface RetryEvent {
  partitionKey: string;
  /** The attempt that just failed (1 for the first call). */
  attempt: number;
  delayMs: number;
  errorCode: string;
  error: unknown;
}

/** Passed to `onAcknowledged` when Kinesis stored a record. */
export interface AcknowledgedEvent extends PutResult {
  partitionKey: string;
  /** From `put()` to acknowledgement, waiting for room and for the key's predecessors included. */
  latencyMs: number;
}

/** Metric and logging hooks; an error a hook throws is ignored so it cannot disturb the writer. */
export interface WriterHooks {
  onRetry?: (event: RetryEvent) => void;
  onAcknowledged?: (event: AcknowledgedEvent) => void;
  /** A record failed for good and its key is now broken. */
  onFailure?: (error: PutRecordFailedError) => void;
}

/** Constructor options of `OrderedKinesisWriter`; see `resolveWriterOptions` for the defaults. */
export interface OrderedKinesisWriterOptions extends WriterHooks {
  client: PutRecordClient;
  /** The stream, by name or ARN (at least one). */
  streamName?: string;
  streamArn?: string;
  /** The stream's `MaxRecordSizeInKiB` in bytes: 1 MiB by default, up to 10 MiB. */
  maxRecordSizeBytes?: number;
  /** Records queued or in flight before `put` waits for room. Default 1,000. */
  maxBufferedRecords?: number;
  /** Keys with a PutRecord in flight at once. Default 64. */
  maxConcurrentKeys?: number;
  /** Idle keys whose last sequence number is remembered (least recently used forgotten first). Default 10,000. */
  maxTrackedKeys?: number;
  retry?: Partial<RetryOptions>;
  /** Injectable for tests; default `setTimeout`, `Math.random` and `Date.now`. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Counters and gauges; see the README for what each one means. */
export interface WriterStats {
  /** PutRecord calls made (every attempt). */
  sent: number;
  /** Records Kinesis acknowledged. */
  acknowledged: number;
  /** PutRecord calls that were retries of a throttled or failed call. */
  retried: number;
  /** Records whose PutRecord failed for good. */
  failed: number;
  /** Records refused without being sent: invalid, too large, writer closed, or behind a failure of their key. */
  rejected: number;
  /** Records with a PutRecord (or its backoff) under way. */
  inFlight: number;
  /** Records accepted and waiting behind their key's predecessor or for a concurrency slot. */
  queued: number;
  /** `put` calls waiting for room (over `maxBufferedRecords`). */
  waitingForRoom: number;
  /** Highest number of records ever queued or in flight for a single key. */
  maxKeyQueueDepth: number;
  /** Keys waiting for `resetKey` after a failure. */
  brokenKeys: number;
}
