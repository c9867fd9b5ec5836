import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { TotalsImage } from '../../src/domain/eventsFromTotals';

export const TOTALS_STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:123456789012:table/claps-totals/stream/2026-02-01T00:00:00.000';
/** Creation time of the first record of a batch built here: 2026-02-01T12:00:00Z, in seconds. */
const FIRST_CREATED_SECONDS = Date.parse('2026-02-01T12:00:00.000Z') / 1000;

/** Sequence numbers that grow across every batch of a test file, as a stream's do. */
let nextSequence = 0;
const sequenceNumber = () => `4000000000000${String(++nextSequence).padStart(8, '0')}`;

/** One change of the totals table: the item after it (any shape with a postId: a malformed image is a test case too). */
export interface TotalsChangeSpec {
  eventName?: 'INSERT' | 'MODIFY';
  newImage: TotalsImage | ({ postId: string } & Record<string, unknown>);
}

const attributes = (item: object) =>
  marshall(item, { removeUndefinedValues: true }) as unknown as Record<string, AttributeValue>;

/** A totals-table stream record as the event-source mapping delivers it (NEW_IMAGE, MODIFY by default). */
export const totalsRecord = (spec: TotalsChangeSpec, position: number): DynamoDBRecord => {
  const sequence = sequenceNumber();
  return {
    awsRegion: 'us-east-1',
    eventID: `event-${sequence}`,
    eventName: spec.eventName ?? 'MODIFY',
    eventSource: 'aws:dynamodb',
    eventSourceARN: TOTALS_STREAM_ARN,
    eventVersion: '1.1',
    dynamodb: {
      ApproximateCreationDateTime: FIRST_CREATED_SECONDS + position,
      Keys: attributes({ postId: spec.newImage.postId }),
      NewImage: attributes(spec.newImage),
      SequenceNumber: sequence,
      SizeBytes: 200,
      StreamViewType: 'NEW_IMAGE',
    },
  };
};

/** A batch of the totals table's stream, records in the given order. */
export const totalsStreamEvent = (specs: TotalsChangeSpec[]): DynamoDBStreamEvent => ({
  Records: specs.map((spec, position) => totalsRecord(spec, position)),
});
