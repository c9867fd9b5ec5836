import type { SourceRecord } from '../../src/esm/types';

export const SHARD_ID = 'shardId-000000000000';
export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/test-stream';

/** Kinesis-looking sequence numbers that sort (as strings and as numbers) the way their position does. */
export const sequenceNumberAt = (position: number): string =>
  `4959033827149025660855969253836157109592157598913658${String(position).padStart(4, '0')}`;

export interface RecordSpec {
  /** The JSON payload (what FilterCriteria sees as `data`); default `{ n: position }`. */
  data?: unknown;
  /** Epoch ms of the record's arrival in the stream; default 0. */
  arrivalMs?: number;
  /** Bytes the record adds to an invocation payload; default 500. */
  sizeBytes?: number;
  /** The partition key; default `key-1`. */
  partitionKey?: string;
}

/** A record as a ShardSource returns it, at `position` in its shard. */
export const sourceRecord = (position: number, spec: RecordSpec = {}): SourceRecord => {
  const sequenceNumber = sequenceNumberAt(position);
  const data = spec.data ?? { n: position };
  const arrivalMs = spec.arrivalMs ?? 0;
  const partitionKey = spec.partitionKey ?? 'key-1';
  return {
    sequenceNumber,
    arrivalMs,
    sizeBytes: spec.sizeBytes ?? 500,
    eventRecord: {
      eventID: `${SHARD_ID}:${sequenceNumber}`,
      eventSource: 'aws:kinesis',
      kinesis: {
        sequenceNumber,
        partitionKey,
        data: Buffer.from(JSON.stringify(data)).toString('base64'),
        approximateArrivalTimestamp: arrivalMs / 1000,
      },
    },
    filterView: { sequenceNumber, partitionKey, data },
    orderingKey: partitionKey,
  };
};

/** Records at positions `from`..`to` (inclusive), each with the same spec. */
export const sourceRecords = (from: number, to: number, spec: RecordSpec = {}): SourceRecord[] =>
  Array.from({ length: to - from + 1 }, (_, index) => sourceRecord(from + index, spec));

/** The position a sequence number built by {@link sequenceNumberAt} stands for. */
export const positionOf = (sequenceNumber: string): number => Number(sequenceNumber.slice(-4));
