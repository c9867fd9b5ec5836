import type { KinesisStreamEvent } from 'aws-lambda';
import type { StoredEvent } from '../../src/domain/types';

let nextSequence = 0;

/** A batch as an event-source mapping delivers it: events, or raw payloads (malformed records). */
export const kinesisBatch = (
  specs: Array<StoredEvent | { partitionKey: string; raw: string }>,
  streamArn = 'arn:aws:kinesis:us-east-1:123456789012:stream/kes-test-claps',
): KinesisStreamEvent => ({
  Records: specs.map((spec, position) => {
    const sequenceNumber = `4959033827149025660855969253836157109592157598913658${String(++nextSequence).padStart(4, '0')}`;
    const raw = 'raw' in spec ? spec.raw : JSON.stringify(spec);
    return {
      awsRegion: 'us-east-1',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: streamArn,
      eventVersion: '1.0',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/storeEvents',
      kinesis: {
        approximateArrivalTimestamp: Date.parse('2026-02-01T12:00:00.000Z') / 1000 + position,
        data: Buffer.from(raw).toString('base64'),
        kinesisSchemaVersion: '1.0',
        partitionKey: spec.partitionKey,
        sequenceNumber,
      },
    };
  }),
});
