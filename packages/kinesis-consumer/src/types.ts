import type { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DecodeResult, EnvelopeIssue } from '@kes/envelope';
import type { StreamRecord } from 'aws-lambda';

/** The event source a batch comes from. */
export type StreamSource = 'aws:kinesis' | 'aws:dynamodb';

/** Where a record came from and where it sits in its stream; handlers get it with every item. */
export interface RecordMeta {
  source: StreamSource;
  /** Kinesis `kinesis.sequenceNumber` or DynamoDB `dynamodb.SequenceNumber`: the batch item identifier. */
  sequenceNumber: string;
  /** The key records are grouped and ordered by (Kinesis partition key, or `keyOf` for DynamoDB). */
  partitionKey: string;
  /** When the stream received the record (Kinesis arrival / DynamoDB creation time, second precision). */
  approximateArrivalTime: Date;
  eventSourceArn: string;
  eventId: string;
  /** The Kinesis shard id, or `<table>.<stream label>` for a DynamoDB stream. */
  shardOrStream: string;
}

/**
 * What a `handle` handler may return. `'skipped'` and `'stale'` count the record as skipped (e.g. the
 * version guard found a newer state already applied); nothing or anything else counts it as processed.
 * `applyIfNewer`'s result can be returned as is.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: `async (event) => { ... }` returns Promise<void>, which `undefined` would reject
export type HandleResult = void | 'applied' | 'processed' | 'skipped' | 'stale';

/** What a `handleKey` handler may return: how many of its items it deliberately did not apply. */
// biome-ignore lint/suspicious/noConfusingVoidType: `async (items) => { ... }` returns Promise<void>, which `undefined` would reject
export type HandleKeyResult = void | { skipped: number };

/** An item handed to `handleKey` for a Kinesis consumer. */
export interface KinesisItem<E> {
  event: E;
  meta: RecordMeta;
}

/** A DynamoDB stream change, with its images unmarshalled and validated. */
export interface StreamChange<N = Record<string, unknown>, O = Record<string, unknown>> {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: Record<string, unknown>;
  newImage?: N;
  oldImage?: O;
}

/** An item handed to `handleKey` for a DynamoDB stream consumer. */
export interface StreamChangeItem<N = Record<string, unknown>, O = Record<string, unknown>> {
  change: StreamChange<N, O>;
  meta: RecordMeta;
}

/** Why a record was dead-lettered: the decoding error's code and message and every wrong field. */
export interface DeadLetterReason {
  code: string;
  message: string;
  issues: EnvelopeIssue[];
  /** The event type, when the record got far enough to have one. */
  eventType?: string;
}

interface DeadLetterRecordBase {
  eventSourceArn: string;
  eventId: string;
  shardOrStream: string;
  partitionKey: string;
  sequenceNumber: string;
  /** ISO-8601 arrival (Kinesis) or creation (DynamoDB) time. */
  approximateArrivalTime: string;
}

/** The raw Kinesis record, enough to replay it: `data` is the record's base64 payload. */
export interface KinesisDeadLetterRecord extends DeadLetterRecordBase {
  source: 'aws:kinesis';
  data: string | null;
}

/** The raw DynamoDB stream record, images still in attribute-value JSON. */
export interface DynamoDbDeadLetterRecord extends DeadLetterRecordBase {
  source: 'aws:dynamodb';
  eventName: string | null;
  dynamodb: StreamRecord;
}

/** The raw record inside a dead letter. */
export type DeadLetterRecord = KinesisDeadLetterRecord | DynamoDbDeadLetterRecord;

/** One record the consumer could not use, with the reason; one JSON object per letter. */
export interface DeadLetter {
  formatVersion: 1;
  /** The consumer's `name`. */
  consumer: string;
  /** ISO-8601 time the letter was written. */
  deadLetteredAt: string;
  reason: DeadLetterReason;
  record: DeadLetterRecord;
}

/**
 * Where malformed records go. `send` resolves once the letter is durably stored and rejects otherwise:
 * a rejected letter makes its record a batch item failure, so nothing is lost.
 */
export interface DeadLetterDestination {
  send(letter: DeadLetter): Promise<void>;
}

/** A record after the decode middleware: ready for a handler, or to be skipped or dead-lettered. */
export type DecodedRecord<TItem> =
  | { status: 'decoded'; index: number; meta: RecordMeta; item: TItem }
  | {
      status: 'malformed' | 'unknown-type';
      index: number;
      meta: RecordMeta;
      reason: DeadLetterReason;
      raw: DeadLetterRecord;
    };

/** The Lambda event after the decode middleware: the original `Records` plus one decoded entry each. */
export type DecodedBatchEvent<TRecord, TItem> = {
  Records: TRecord[];
  decoded: DecodedRecord<TItem>[];
};

/** A record reported in `batchItemFailures`: the first failure of its partition key. */
export interface RecordFailure {
  itemIdentifier: string;
  partitionKey: string;
  error: unknown;
}

/**
 * What the ordered processing did with a batch: every record counted exactly once, and the failures
 * in batch order. `notAttempted` are the records after a failure in their key (redelivered by Lambda).
 */
export interface BatchOutcome {
  batchSize: number;
  processed: number;
  skipped: number;
  deadLettered: number;
  failed: number;
  notAttempted: number;
  failures: RecordFailure[];
}

/** The partial batch response Lambda reads (`ReportBatchItemFailures`). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The few Powertools Logger methods the consumer uses; a Powertools `Logger` fits. */
export interface ConsumerLogger {
  debug(message: string, attributes: Record<string, unknown>): void;
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The few Powertools Metrics methods the consumer uses; a Powertools `Metrics` fits. */
export interface ConsumerMetrics {
  addMetric(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): unknown;
  publishStoredMetrics(): unknown;
}

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

/** Decodes the bytes of a Kinesis record; an `EventRegistry` from @kes/envelope fits. */
export interface EventDecoder<E> {
  decode(bytes: Uint8Array): DecodeResult<E>;
}

/**
 * Validates an unmarshalled DynamoDB image; a zod schema fits. Only `safeParse` is used, so the
 * package does not depend on one zod version.
 */
export interface ImageSchema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
      };
}
