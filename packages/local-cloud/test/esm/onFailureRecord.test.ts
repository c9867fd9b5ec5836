import { functionArnFor, onFailureObjectKey, onFailureRecord } from '../../src/esm/onFailureRecord';
import type { DiscardedBatch } from '../../src/esm/ShardPoller';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { SHARD_ID, STREAM_ARN, sequenceNumberAt as seq, sourceRecords } from '../helpers/sourceRecords';

const NOW = Date.parse('2026-03-04T05:06:07.890Z');
const mapping = mappingDefinition({
  uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
  functionName: 'consumer',
  eventSourceArn: STREAM_ARN,
});
const batch: DiscardedBatch = {
  shardId: SHARD_ID,
  condition: 'RetryAttemptsExhausted',
  records: sourceRecords(3, 5).map((record, index) => ({ ...record, arrivalMs: NOW - 3_000 + index * 500 })),
  attempts: 3,
  errorMessage: 'Error: boom',
  functionError: 'Unhandled',
};
const context = {
  mapping,
  batch,
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consumer',
  requestId: 'c9b8fa9f-5a7f-4a1c-af9c-0c604cde93a5',
  nowMs: NOW,
};

describe('onFailureRecord', () => {
  it('writes the Kinesis invocation record field for field as Lambda does', () => {
    expect(onFailureRecord(context)).toEqual({
      requestContext: {
        requestId: 'c9b8fa9f-5a7f-4a1c-af9c-0c604cde93a5',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consumer',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2026-03-04T05:06:07.890Z',
      KinesisBatchInfo: {
        shardId: SHARD_ID,
        startSequenceNumber: seq(3),
        endSequenceNumber: seq(5),
        approximateArrivalOfFirstRecord: '2026-03-04T05:06:04.890Z',
        approximateArrivalOfLastRecord: '2026-03-04T05:06:05.890Z',
        batchSize: 3,
        streamArn: STREAM_ARN,
      },
    });
  });

  it('leaves functionError out when the batch was given up without a function error', () => {
    const record = onFailureRecord({
      ...context,
      batch: { ...batch, condition: 'RecordAgeExceeded', attempts: 0, functionError: undefined },
    } as typeof context);

    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    expect(record.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
    });
  });

  it('names the batch DDBStreamBatchInfo for a DynamoDB stream', () => {
    const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/posts/stream/2026-01-01T00:00:00.000';
    const record = onFailureRecord({ ...context, mapping: { ...mapping, eventSourceArn: streamArn } });

    expect(record.KinesisBatchInfo).toBeUndefined();
    expect(record.DDBStreamBatchInfo).toMatchObject({ streamArn, batchSize: 3, startSequenceNumber: seq(3) });
  });

  it('adds the discarded records as payload for an S3 destination, and only then', () => {
    expect(onFailureRecord(context).payload).toBeUndefined();
    expect(onFailureRecord({ ...context, withPayload: true }).payload).toEqual({
      Records: batch.records.map((record) => record.eventRecord),
    });
  });
});

describe('onFailureObjectKey', () => {
  it('follows aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID> in UTC', () => {
    expect(onFailureObjectKey(mapping.uuid, SHARD_ID, NOW, 'e3b0c442-98fc-4c14-9afb-f4c8996fb924')).toBe(
      `aws/lambda/${mapping.uuid}/${SHARD_ID}/2026/03/04/2026-03-04T05.06.07-e3b0c442-98fc-4c14-9afb-f4c8996fb924`,
    );
  });
});

describe('functionArnFor', () => {
  it("uses the stream's region and account, and us-east-1 for DynamoDB Local's ddblocal region", () => {
    expect(functionArnFor(mapping)).toBe('arn:aws:lambda:us-east-1:000000000000:function:consumer');
    expect(
      functionArnFor({
        ...mapping,
        eventSourceArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/posts/stream/2026-01-01T00:00:00.000',
      }),
    ).toBe('arn:aws:lambda:us-east-1:000000000000:function:consumer');
  });
});
