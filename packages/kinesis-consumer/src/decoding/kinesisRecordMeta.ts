import type { KinesisStreamRecord } from 'aws-lambda';
import { InvalidBatchError } from '../errors';
import type { KinesisDeadLetterRecord, RecordMeta } from '../types';

/** `arn:aws:kinesis:<region>:<account>:stream/<name>` → `<name>`. */
const streamName = (arn: string): string => arn.split(':stream/')[1] ?? arn;

/**
 * Reads what identifies a Kinesis record. Lambda always sends these fields, so a record without them
 * means the event is not a Kinesis batch; it cannot be reported on its own, hence the batch fails.
 */
export const kinesisRecordMeta = (record: KinesisStreamRecord, index: number): RecordMeta => {
  const payload = record?.kinesis;
  const { sequenceNumber, partitionKey, approximateArrivalTimestamp } = payload ?? {};
  if (typeof sequenceNumber !== 'string' || sequenceNumber === '') {
    throw new InvalidBatchError(
      `Record ${index} has no kinesis.sequenceNumber; is this a Kinesis event?`,
      index,
    );
  }
  if (typeof partitionKey !== 'string' || partitionKey === '') {
    throw new InvalidBatchError(`Record ${index} (${sequenceNumber}) has no kinesis.partitionKey`, index);
  }
  if (typeof approximateArrivalTimestamp !== 'number' || !Number.isFinite(approximateArrivalTimestamp)) {
    throw new InvalidBatchError(
      `Record ${index} (${sequenceNumber}) has no kinesis.approximateArrivalTimestamp`,
      index,
    );
  }
  const eventId = String(record.eventID ?? '');
  const eventSourceArn = String(record.eventSourceARN ?? '');
  // Lambda's eventID is `<shardId>:<sequenceNumber>`; fall back to the stream name if it is not.
  const shard = eventId.split(':')[0] ?? '';
  return {
    source: 'aws:kinesis',
    sequenceNumber,
    partitionKey,
    approximateArrivalTime: new Date(approximateArrivalTimestamp * 1000),
    eventSourceArn,
    eventId,
    shardOrStream: shard.startsWith('shardId-') ? shard : streamName(eventSourceArn),
  };
};

/** The raw record as it goes into a dead letter: enough to put it back on the stream. */
export const kinesisDeadLetterRecord = (
  record: KinesisStreamRecord,
  meta: RecordMeta,
): KinesisDeadLetterRecord => ({
  source: 'aws:kinesis',
  eventSourceArn: meta.eventSourceArn,
  eventId: meta.eventId,
  shardOrStream: meta.shardOrStream,
  partitionKey: meta.partitionKey,
  sequenceNumber: meta.sequenceNumber,
  approximateArrivalTime: meta.approximateArrivalTime.toISOString(),
  data: typeof record.kinesis.data === 'string' ? record.kinesis.data : null,
});
