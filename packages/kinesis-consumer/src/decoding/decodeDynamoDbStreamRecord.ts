import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EnvelopeIssue } from '@kes/envelope';
import type { DynamoDBRecord } from 'aws-lambda';
import { RecordValidationError } from '../errors';
import type { DecodedRecord, ImageSchema, StreamChange, StreamChangeItem } from '../types';
import { dynamoDbDeadLetterRecord, dynamoDbRecordMeta } from './dynamoDbRecordMeta';

/** How to turn a DynamoDB stream record into a validated change. */
export interface DynamoDbDecodeOptions<N, O> {
  keyOf: (record: DynamoDBRecord) => string;
  newImage?: ImageSchema<N> | undefined;
  oldImage?: ImageSchema<O> | undefined;
}

const EVENT_NAMES = new Set(['INSERT', 'MODIFY', 'REMOVE']);

type Image = Record<string, AttributeValue> | undefined;

/** Which events carry which image, and which stream view types include it. */
const EXPECTED = {
  newImage: {
    events: new Set(['INSERT', 'MODIFY']),
    viewTypes: new Set(['NEW_IMAGE', 'NEW_AND_OLD_IMAGES']),
  },
  oldImage: {
    events: new Set(['MODIFY', 'REMOVE']),
    viewTypes: new Set(['OLD_IMAGE', 'NEW_AND_OLD_IMAGES']),
  },
} as const;

/**
 * Whether the record should carry the image: its event has one and its stream view type includes it.
 * A record without a view type is held to the event alone.
 */
const expects = (field: 'newImage' | 'oldImage', eventName: string, viewType: string | undefined): boolean =>
  EXPECTED[field].events.has(eventName) &&
  (viewType === undefined || EXPECTED[field].viewTypes.has(viewType));

const validate = <T>(
  field: 'newImage' | 'oldImage',
  eventName: string,
  viewType: string | undefined,
  image: Record<string, unknown> | undefined,
  schema: ImageSchema<T> | undefined,
  issues: EnvelopeIssue[],
): T | Record<string, unknown> | undefined => {
  if (!schema) return image;
  if (image === undefined) {
    if (expects(field, eventName, viewType)) {
      const view = viewType ?? 'unknown';
      issues.push({
        path: field,
        message: `missing on ${eventName} although the stream view type is ${view}`,
      });
    }
    return undefined;
  }
  const parsed = schema.safeParse(image);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    issues.push({ path: [field, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined;
};

/**
 * Decodes one DynamoDB stream record: unmarshalls `Keys`, `NewImage` and `OldImage` and validates the
 * images with the schemas given. Bad data comes back `malformed` with every wrong field; only a record
 * Lambda could not have sent, or one `keyOf` cannot place, throws.
 *
 * @example
 * const decoded = decodeDynamoDbStreamRecord(event.Records[0], 0, { keyOf: partitionKeyOf(), newImage: outboxRow });
 * if (decoded.status === 'decoded') console.log(decoded.item.change.eventName);
 */
export const decodeDynamoDbStreamRecord = <N, O>(
  record: DynamoDBRecord,
  index: number,
  options: DynamoDbDecodeOptions<N, O>,
): DecodedRecord<StreamChangeItem<N, O>> => {
  const meta = dynamoDbRecordMeta(record, index, options.keyOf);
  const malformed = (error: RecordValidationError) =>
    ({
      status: 'malformed',
      index,
      meta,
      reason: { code: error.code, message: error.message, issues: error.issues },
      raw: dynamoDbDeadLetterRecord(record, meta),
    }) as const;

  const eventName = String(record.eventName);
  if (!EVENT_NAMES.has(eventName)) {
    const message = `unknown eventName "${eventName}"`;
    return malformed(
      new RecordValidationError(`Invalid stream record: ${message}`, [{ path: 'eventName', message }]),
    );
  }
  const stream = record.dynamodb ?? {};
  let keys: Record<string, unknown>;
  let images: {
    newImage: Record<string, unknown> | undefined;
    oldImage: Record<string, unknown> | undefined;
  };
  try {
    // The Lambda event's AttributeValue JSON is the wire format unmarshall reads.
    keys = unmarshall((stream.Keys ?? {}) as Record<string, AttributeValue>);
    const newImage = stream.NewImage as Image;
    const oldImage = stream.OldImage as Image;
    images = { newImage: newImage && unmarshall(newImage), oldImage: oldImage && unmarshall(oldImage) };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return malformed(
      new RecordValidationError(
        `Stream record does not unmarshall: ${message}`,
        [{ path: 'dynamodb', message }],
        {
          cause,
        },
      ),
    );
  }

  const issues: EnvelopeIssue[] = [];
  const viewType = stream.StreamViewType;
  const newImage = validate('newImage', eventName, viewType, images.newImage, options.newImage, issues);
  const oldImage = validate('oldImage', eventName, viewType, images.oldImage, options.oldImage, issues);
  if (issues.length > 0) {
    const described = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return malformed(new RecordValidationError(`Invalid ${eventName} record: ${described}`, issues));
  }
  const change = {
    eventName,
    keys,
    ...(newImage === undefined ? {} : { newImage }),
    ...(oldImage === undefined ? {} : { oldImage }),
  } as StreamChange<N, O>;
  return { status: 'decoded', index, meta, item: { change, meta } };
};
