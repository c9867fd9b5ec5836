import type { DynamoDBRecord } from 'aws-lambda';
import { InvalidBatchError } from '../errors';
import type { DynamoDbDeadLetterRecord, RecordMeta } from '../types';

/**
 * `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>` → `<table>.<label>` with the
 * label's colons made path-safe, so dead letters of two tables under one prefix never collide.
 */
const streamSegment = (arn: string): string => {
  const match = /:table\/([^/]+)\/stream\/(.+)$/.exec(arn);
  return match ? `${match[1]}.${match[2]?.replaceAll(':', '-')}` : 'unknown-stream';
};

/**
 * Reads what identifies a DynamoDB stream record and its ordering key. Lambda always sends a sequence
 * number and creation time, and `keyOf` is configuration: if any of them is missing the record cannot
 * be reported or ordered on its own, so the batch fails.
 */
export const dynamoDbRecordMeta = (
  record: DynamoDBRecord,
  index: number,
  keyOf: (record: DynamoDBRecord) => string,
): RecordMeta => {
  const sequenceNumber = record?.dynamodb?.SequenceNumber;
  const created = record?.dynamodb?.ApproximateCreationDateTime;
  if (typeof sequenceNumber !== 'string' || sequenceNumber === '') {
    throw new InvalidBatchError(
      `Record ${index} has no dynamodb.SequenceNumber; is this a DynamoDB stream event?`,
      index,
    );
  }
  if (typeof created !== 'number' || !Number.isFinite(created)) {
    throw new InvalidBatchError(
      `Record ${index} (${sequenceNumber}) has no dynamodb.ApproximateCreationDateTime`,
      index,
    );
  }
  let partitionKey: unknown;
  try {
    partitionKey = keyOf(record);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidBatchError(`keyOf failed for record ${index} (${sequenceNumber}): ${reason}`, index, {
      cause,
    });
  }
  if (typeof partitionKey !== 'string' || partitionKey === '') {
    throw new InvalidBatchError(`keyOf returned no key for record ${index} (${sequenceNumber})`, index);
  }
  const eventSourceArn = String(record.eventSourceARN ?? '');
  return {
    source: 'aws:dynamodb',
    sequenceNumber,
    partitionKey,
    approximateArrivalTime: new Date(created * 1000),
    eventSourceArn,
    eventId: String(record.eventID ?? ''),
    shardOrStream: streamSegment(eventSourceArn),
  };
};

/** The raw record as it goes into a dead letter, images still in attribute-value JSON. */
export const dynamoDbDeadLetterRecord = (
  record: DynamoDBRecord,
  meta: RecordMeta,
): DynamoDbDeadLetterRecord => ({
  source: 'aws:dynamodb',
  eventSourceArn: meta.eventSourceArn,
  eventId: meta.eventId,
  shardOrStream: meta.shardOrStream,
  partitionKey: meta.partitionKey,
  sequenceNumber: meta.sequenceNumber,
  approximateArrivalTime: meta.approximateArrivalTime.toISOString(),
  eventName: record.eventName ?? null,
  dynamodb: record.dynamodb ?? {},
});
