import type { MiddlewareObj, Request } from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { InvalidBatchError } from '../errors';
import type { BatchResponse, DecodedBatchEvent, EventDecoder, KinesisItem } from '../types';
import { decodeKinesisRecord } from './decodeKinesisRecord';

/** Options of {@link decodeKinesisRecords}. */
export interface DecodeKinesisRecordsOptions<E> {
  /** The event types this consumer understands, e.g. an `EventRegistry` from @kes/envelope. */
  registry: EventDecoder<E>;
}

/** The event after {@link decodeKinesisRecords}: the Kinesis event plus one decoded entry per record. */
export type DecodedKinesisEvent<E> = DecodedBatchEvent<KinesisStreamEvent['Records'][number], KinesisItem<E>>;

/**
 * Middy middleware: in `before`, decodes and validates every record of a Kinesis batch and sets
 * `event.decoded` (one entry per record, in batch order) next to the untouched `Records`. Malformed
 * records are marked, not thrown, so the processing can dead-letter them and go on.
 *
 * @example
 * middy<KinesisStreamEvent>()
 *   .use(decodeKinesisRecords({ registry: clapsEvents }))
 *   .handler(async (event) => event.decoded.filter((record) => record.status === 'decoded').length);
 */
export const decodeKinesisRecords = <E>(
  options: DecodeKinesisRecordsOptions<E>,
): MiddlewareObj<KinesisStreamEvent, BatchResponse> => {
  const decodeKinesisRecordsBefore = (request: Request<KinesisStreamEvent, BatchResponse>): void => {
    const records = request.event?.Records;
    if (!Array.isArray(records))
      throw new InvalidBatchError('The event has no Records array; is this a Kinesis event?');
    const decoded: DecodedKinesisEvent<E> = {
      ...request.event,
      decoded: records.map((record, index) => decodeKinesisRecord(record, index, options.registry)),
    };
    request.event = decoded;
  };
  return { before: decodeKinesisRecordsBefore };
};
