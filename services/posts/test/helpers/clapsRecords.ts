import { type ClapsByMemberChangedEvent, clapsEvents, type PostClapsTotalChangedEvent } from '@kes/contracts';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export const CLAPS_STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/kes-test-claps';
export const SHARD_ID = 'shardId-000000000000';
/** Arrival of the first record of a batch: 2026-02-01T12:00:00Z, in seconds. */
const FIRST_ARRIVAL_SECONDS = Date.parse('2026-02-01T12:00:00.000Z') / 1000;

/** PostClapsTotalChanged for a post at `version`, as the claps service emits it. */
export const totalChanged = (
  postId: string,
  version: number,
  total: number,
  clappers = 1,
): PostClapsTotalChangedEvent =>
  clapsEvents.create('PostClapsTotalChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: new Date(Date.parse('2026-02-01T11:00:00.000Z') + version * 1000).toISOString(),
    correlationId: `request-${version}`,
    data: {
      postId,
      total,
      clappers,
      asOf: new Date(Date.parse('2026-02-01T11:00:00.000Z') + version * 1000).toISOString(),
    },
  });

/** ClapsByMemberChanged for a post at `version`. */
export const memberChanged = (
  postId: string,
  version: number,
  memberId: string,
  count: number,
): ClapsByMemberChangedEvent =>
  clapsEvents.create('ClapsByMemberChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: '2026-02-01T11:00:00.000Z',
    correlationId: `request-${version}`,
    data: { postId, memberId, count, memberVersion: 1 },
  });

/** What one record carries: an event, or raw bytes (a malformed record) under a partition key. */
export type RecordSpec =
  | PostClapsTotalChangedEvent
  | ClapsByMemberChangedEvent
  | { partitionKey: string; raw: string };

/** A per-test sequence of Kinesis sequence numbers (the batch item identifiers), increasing across batches. */
let nextSequence = 0;
const sequenceNumber = () =>
  `4959033827149025660855969253836157109592157598913658${String(++nextSequence).padStart(4, '0')}`;

const kinesisRecord = (spec: RecordSpec, position: number): KinesisStreamRecord => {
  const sequence = sequenceNumber();
  const partitionKey = spec.partitionKey;
  const data =
    'raw' in spec
      ? Buffer.from(spec.raw).toString('base64')
      : Buffer.from(clapsEvents.encode(spec)).toString('base64');
  return {
    awsRegion: 'us-east-1',
    eventID: `${SHARD_ID}:${sequence}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: CLAPS_STREAM_ARN,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/projectClaps',
    kinesis: {
      approximateArrivalTimestamp: FIRST_ARRIVAL_SECONDS + position,
      data,
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber: sequence,
    },
  };
};

/** A claps-stream batch as the event-source mapping delivers it, records in the given order. */
export const clapsBatch = (specs: RecordSpec[]): KinesisStreamEvent => ({
  Records: specs.map((spec, position) => kinesisRecord(spec, position)),
});
