import type { Envelope } from '@kes/envelope';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/claps';
export const SHARD_ID = 'shardId-000000000003';
/** Arrival of the first record of a batch built here: 2026-01-31T12:00:00Z, in seconds. */
export const FIRST_ARRIVAL_SECONDS = 1_769_860_800;

/** Kinesis-looking sequence numbers that sort the way their position does. */
export const sequenceNumberAt = (position: number): string =>
  `4959033827149025660855969253836157109592157598913658${String(position).padStart(4, '0')}`;

/** A Kinesis record as the event-source mapping delivers it; `data` is the base64 payload. */
export const kinesisRecord = (fields: {
  partitionKey: string;
  data: string;
  sequenceNumber: string;
  arrivalSeconds?: number;
}): KinesisStreamRecord => ({
  awsRegion: 'us-east-1',
  eventID: `${SHARD_ID}:${fields.sequenceNumber}`,
  eventName: 'aws:kinesis:record',
  eventSource: 'aws:kinesis',
  eventSourceARN: STREAM_ARN,
  eventVersion: '1.0',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer',
  kinesis: {
    approximateArrivalTimestamp: fields.arrivalSeconds ?? FIRST_ARRIVAL_SECONDS,
    data: fields.data,
    kinesisSchemaVersion: '1.0',
    partitionKey: fields.partitionKey,
    sequenceNumber: fields.sequenceNumber,
  },
});

/** What one record of a batch carries: an event (encoded) or raw bytes, under a partition key. */
export type RecordSpec = { key: string; event: Envelope } | { key: string; raw: string | Uint8Array };

const base64 = (spec: RecordSpec): string => {
  // Plain JSON, as a producer's registry.encode writes it; not re-validated here, so events of types
  // the consumer's registry does not know can be put on the stream too.
  if ('event' in spec) return Buffer.from(JSON.stringify(spec.event)).toString('base64');
  return Buffer.from(spec.raw).toString('base64');
};

/**
 * A Kinesis batch from one shard, records in the given order: record i gets sequenceNumberAt(i) and
 * arrives i seconds after FIRST_ARRIVAL_SECONDS.
 */
export const kinesisEvent = (specs: RecordSpec[]): KinesisStreamEvent => ({
  Records: specs.map((spec, position) =>
    kinesisRecord({
      partitionKey: spec.key,
      data: base64(spec),
      sequenceNumber: sequenceNumberAt(position),
      arrivalSeconds: FIRST_ARRIVAL_SECONDS + position,
    }),
  ),
});
