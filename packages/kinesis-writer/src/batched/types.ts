import type { PutRecordsCommand, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import type { PutRecordsFailedError } from '../errors';
import type { AcknowledgedEvent, RetryOptions } from '../types';

/** The part of `KinesisClient` the batched writer uses; a `KinesisClient` fits, and so does a test fake. */
export interface PutRecordsClient {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

/**
 * Which open shard a record goes to; `ShardMap.from(ListShards output)` from `@kes/partition-keys` fits.
 * The writer keeps one lane (one call in flight) per shard this answers.
 */
export interface ShardLookup {
  shardFor(target: string | { explicitHashKey: string; partitionKey?: string }): string;
}

/** Passed to `onCall` after each PutRecords call. */
export interface PutRecordsCallEvent {
  /** The lane's shard, or `stream` without a `shards` lookup. */
  shardId: string;
  records: number;
  /** Data plus partition keys. */
  bytes: number;
  /** Records Kinesis did not store (per-record `ErrorCode`, or all of them when the call failed). */
  failed: number;
  /** The call's error code when the whole call failed. */
  errorCode?: string;
  latencyMs: number;
  /** The lane's backoff before its next call (0 when every record was stored). */
  delayMs: number;
}

/** Metric and logging hooks of the batched writer; an error a hook throws is ignored. */
export interface BatchedWriterHooks {
  onCall?: (event: PutRecordsCallEvent) => void;
  onAcknowledged?: (event: AcknowledgedEvent) => void;
  /** A record failed for good and its key is now broken. */
  onFailure?: (error: PutRecordsFailedError) => void;
}

/** Constructor options of `KeyBatchedWriter`; see `resolveBatchedWriterOptions` for the defaults. */
export interface KeyBatchedWriterOptions extends BatchedWriterHooks {
  client: PutRecordsClient;
  /** The stream, by name or ARN (at least one). */
  streamName?: string;
  streamArn?: string;
  /** One lane per shard; without it every record shares one lane (one call in flight for the stream). */
  shards?: ShardLookup;
  /** The stream's `MaxRecordSizeInKiB` in bytes: 1 MiB by default, up to 10 MiB. */
  maxRecordSizeBytes?: number;
  /** Records queued or in flight before `put` waits for room. Default 4,000. */
  maxBufferedRecords?: number;
  /** Records per PutRecords call, 1–500. Default 500. */
  maxRecordsPerCall?: number;
  /** Bytes (data + partition keys) per call, at least `maxRecordSizeBytes`, at most 10 MiB. Default 10 MiB. */
  maxBytesPerCall?: number;
  /** `maxAttempts` counts the calls that carried a record; the backoff is per lane. */
  retry?: Partial<RetryOptions>;
  /** Injectable for tests; default `setTimeout`, `Math.random` and `Date.now`. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Counters and gauges of the batched writer; see the README for what each one means. */
export interface BatchedWriterStats {
  /** PutRecords calls made. */
  calls: number;
  /** Records Kinesis stored. */
  acknowledged: number;
  /** Records sent again after a throttled or failed attempt. */
  retried: number;
  /** Records that failed for good. */
  failed: number;
  /** Records refused without being sent: invalid, too large, writer closed, or behind a failure of their key. */
  rejected: number;
  /** Records queued or in a call. */
  buffered: number;
  /** `put` calls waiting for room (over `maxBufferedRecords`). */
  waitingForRoom: number;
  /** Keys waiting for `resetKey` after a failure. */
  brokenKeys: number;
}
