import type { MiddlewareObj, Request } from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { InvalidBatchError } from '../errors';
import type { BatchResponse, DecodedBatchEvent, StreamChangeItem } from '../types';
import { type DynamoDbDecodeOptions, decodeDynamoDbStreamRecord } from './decodeDynamoDbStreamRecord';

/** The event after {@link decodeDynamoDbStreamRecords}: the stream event plus one decoded entry per record. */
export type DecodedDynamoDbStreamEvent<N, O> = DecodedBatchEvent<
  DynamoDBStreamEvent['Records'][number],
  StreamChangeItem<N, O>
>;

/**
 * Middy middleware: in `before`, unmarshalls and validates every record of a DynamoDB stream batch and
 * sets `event.decoded` (one entry per record, in batch order) next to the untouched `Records`.
 *
 * @example
 * middy<DynamoDBStreamEvent>()
 *   .use(decodeDynamoDbStreamRecords({ keyOf: partitionKeyOf('aggregateId'), newImage: outboxRowSchema }))
 *   .handler(async (event) => event.decoded.length);
 */
export const decodeDynamoDbStreamRecords = <N, O>(
  options: DynamoDbDecodeOptions<N, O>,
): MiddlewareObj<DynamoDBStreamEvent, BatchResponse> => {
  const decodeDynamoDbStreamRecordsBefore = (request: Request<DynamoDBStreamEvent, BatchResponse>): void => {
    const records = request.event?.Records;
    if (!Array.isArray(records)) {
      throw new InvalidBatchError('The event has no Records array; is this a DynamoDB stream event?');
    }
    const decoded: DecodedDynamoDbStreamEvent<N, O> = {
      ...request.event,
      decoded: records.map((record, index) => decodeDynamoDbStreamRecord(record, index, options)),
    };
    request.event = decoded;
  };
  return { before: decodeDynamoDbStreamRecordsBefore };
};
