import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export const TABLE_STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:123456789012:table/posts-outbox/stream/2026-01-01T00:00:00.000';
/** Creation time of the first record of a batch built here, in seconds. */
export const FIRST_CREATED_SECONDS = 1_769_860_800;

/** DynamoDB-stream-looking sequence numbers that sort the way their position does. */
export const streamSequenceNumberAt = (position: number): string =>
  `1000000000000${String(position).padStart(8, '0')}`;

type Item = Record<string, unknown>;
const image = (item: Item | undefined) =>
  item === undefined ? {} : (marshall(item) as unknown as Record<string, AttributeValue>);

/** One change of a batch: what happened to which item. Keys are taken from `keys`. */
export interface ChangeSpec {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: Item;
  newImage?: Item;
  oldImage?: Item;
}

/** A DynamoDB stream record as the event-source mapping delivers it (NEW_AND_OLD_IMAGES). */
export const dynamodbRecord = (spec: ChangeSpec, position: number): DynamoDBRecord => ({
  awsRegion: 'us-east-1',
  eventID: `event-${position}`,
  eventName: spec.eventName,
  eventSource: 'aws:dynamodb',
  eventSourceARN: TABLE_STREAM_ARN,
  eventVersion: '1.1',
  dynamodb: {
    ApproximateCreationDateTime: FIRST_CREATED_SECONDS + position,
    Keys: image(spec.keys),
    ...(spec.newImage ? { NewImage: image(spec.newImage) } : {}),
    ...(spec.oldImage ? { OldImage: image(spec.oldImage) } : {}),
    SequenceNumber: streamSequenceNumberAt(position),
    SizeBytes: 100,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

/** A DynamoDB stream batch, records in the given order: record i gets streamSequenceNumberAt(i). */
export const dynamodbStreamEvent = (specs: ChangeSpec[]): DynamoDBStreamEvent => ({
  Records: specs.map((spec, position) => dynamodbRecord(spec, position)),
});

/** An outbox row keyed by aggregate (partition) and version (sort), as INSERTed by a producer. */
export const outboxInsert = (aggregateId: string, version: number, payload: Item = {}): ChangeSpec => {
  const row = { aggregateId, version, type: 'PostPublished', payload };
  return { eventName: 'INSERT', keys: { aggregateId, version }, newImage: row };
};
