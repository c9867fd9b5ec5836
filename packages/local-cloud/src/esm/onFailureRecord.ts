import type { MappingDefinition } from '../provision/definitions';
import type { DiscardedBatch } from './ShardPoller';
import type { SourceRecord } from './types';

/** Where and what a discarded batch was (Lambda's `KinesisBatchInfo` / `DDBStreamBatchInfo`). */
export interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord: string;
  approximateArrivalOfLastRecord: string;
  batchSize: number;
  streamArn: string;
}

/**
 * The invocation record Lambda sends to a mapping's on-failure destination when it discards a batch of a
 * Kinesis or DynamoDB stream. An S3 destination also gets the batch itself as `payload`.
 */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DiscardedBatch['condition'];
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo?: BatchInfo;
  DDBStreamBatchInfo?: BatchInfo;
  /** S3 destinations only: the invocation event of the discarded records. */
  payload?: { Records: Array<Record<string, unknown>> };
}

export interface OnFailureRecordContext {
  mapping: MappingDefinition;
  batch: DiscardedBatch;
  functionArn: string;
  requestId: string;
  nowMs: number;
  /** Adds `payload` (what an S3 destination receives). */
  withPayload?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Builds the on-failure invocation record of a discarded batch, field for field as Lambda writes it.
 *
 * @example
 * const record = onFailureRecord({ mapping, batch, functionArn, requestId: randomUUID(), nowMs: Date.now() });
 * // { requestContext: { condition: 'RetryAttemptsExhausted', … }, KinesisBatchInfo: { shardId, … }, … }
 */
export const onFailureRecord = (context: OnFailureRecordContext): OnFailureRecord => {
  const { mapping, batch } = context;
  const first = batch.records[0] as SourceRecord;
  const last = batch.records.at(-1) as SourceRecord;
  const info: BatchInfo = {
    shardId: batch.shardId,
    startSequenceNumber: first.sequenceNumber,
    endSequenceNumber: last.sequenceNumber,
    approximateArrivalOfFirstRecord: iso(first.arrivalMs),
    approximateArrivalOfLastRecord: iso(last.arrivalMs),
    batchSize: batch.records.length,
    streamArn: mapping.eventSourceArn,
  };
  const dynamodb = mapping.eventSourceArn.includes(':dynamodb:');
  return {
    requestContext: {
      requestId: context.requestId,
      functionArn: context.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.attempts,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(batch.functionError ? { functionError: batch.functionError } : {}),
    },
    version: '1.0',
    timestamp: iso(context.nowMs),
    ...(dynamodb ? { DDBStreamBatchInfo: info } : { KinesisBatchInfo: info }),
    ...(context.withPayload
      ? { payload: { Records: batch.records.map((record) => record.eventRecord) } }
      : {}),
  };
};

/** A function's ARN in the stream's region and account (DynamoDB Local's `ddblocal` region → us-east-1). */
export const functionArnFor = (mapping: MappingDefinition): string => {
  const [, , , region, account] = mapping.eventSourceArn.split(':');
  const realRegion = region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : 'us-east-1';
  return `arn:aws:lambda:${realRegion}:${account || '000000000000'}:function:${mapping.functionName}`;
};

/**
 * The key of the S3 object Lambda writes for a discarded batch:
 * `aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>` (UTC).
 */
export const onFailureObjectKey = (
  uuid: string,
  shardId: string,
  nowMs: number,
  randomId: string,
): string => {
  const stamp = new Date(nowMs).toISOString(); // 2026-01-02T03:04:05.678Z
  const day = stamp.slice(0, 10);
  const time = stamp.slice(11, 19).replace(/:/g, '.');
  return `aws/lambda/${uuid}/${shardId}/${day.replace(/-/g, '/')}/${day}T${time}-${randomId}`;
};
