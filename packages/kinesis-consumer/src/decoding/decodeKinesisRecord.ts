import { EventDecodeError } from '@kes/envelope';
import type { KinesisStreamRecord } from 'aws-lambda';
import { KPL_AGGREGATION_MAGIC } from '../constants';
import type { DeadLetterReason, DecodedRecord, EventDecoder, KinesisItem } from '../types';
import { kinesisDeadLetterRecord, kinesisRecordMeta } from './kinesisRecordMeta';

const isKplAggregate = (bytes: Uint8Array): boolean =>
  KPL_AGGREGATION_MAGIC.every((byte, position) => bytes[position] === byte);

const undecodable = (code: string, message: string, path: string): DeadLetterReason => ({
  code,
  message,
  issues: [{ path, message }],
});

/**
 * Decodes one Kinesis record (base64 `kinesis.data` → `registry.decode`) without throwing for bad data:
 * a record that is not a valid event comes back `malformed` with the reason, one of an unregistered
 * type `unknown-type`. Only a record Lambda could not have sent (no sequence number) throws.
 *
 * @example
 * const decoded = decodeKinesisRecord(event.Records[0], 0, clapsEvents);
 * if (decoded.status === 'decoded') console.log(decoded.item.event.type);
 */
export const decodeKinesisRecord = <E>(
  record: KinesisStreamRecord,
  index: number,
  registry: EventDecoder<E>,
): DecodedRecord<KinesisItem<E>> => {
  const meta = kinesisRecordMeta(record, index);
  const rejected = (status: 'malformed' | 'unknown-type', reason: DeadLetterReason) =>
    ({ status, index, meta, reason, raw: kinesisDeadLetterRecord(record, meta) }) as const;

  const data = record.kinesis.data;
  if (typeof data !== 'string') {
    return rejected('malformed', undecodable('EVENT_DECODE_FAILED', 'Record has no data', 'kinesis.data'));
  }
  const bytes = Buffer.from(data, 'base64');
  if (isKplAggregate(bytes)) {
    const message =
      'Record is a KPL aggregate; Lambda does not de-aggregate and this consumer expects one event per record';
    return rejected('malformed', undecodable('KPL_AGGREGATED_RECORD', message, 'kinesis.data'));
  }
  const decoded = registry.decode(bytes);
  if (decoded.ok) return { status: 'decoded', index, meta, item: { event: decoded.event, meta } };

  const { error } = decoded;
  const reason: DeadLetterReason = {
    code: error.code,
    message: error.message,
    issues: error instanceof EventDecodeError ? error.issues : [],
    ...(error.eventType === undefined ? {} : { eventType: error.eventType }),
  };
  return rejected(error instanceof EventDecodeError ? 'malformed' : 'unknown-type', reason);
};
