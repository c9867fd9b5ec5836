import { formatTimestamp } from './prefixes';

/**
 * The object name Firehose appends to the evaluated prefix:
 * `<DeliveryStreamName>-<DeliveryStreamVersion>-<yyyy-MM-dd-HH-mm-ss>-<uuid><file extension>`, the time
 * being (as the prefix's) the arrival of the object's oldest record, in UTC.
 *
 * @example
 * objectName({ deliveryStreamName: 'kes-dev-lake-claps', version: 1, arrivalMs, uuid, extension: '.gz' });
 * // 'kes-dev-lake-claps-1-2026-01-02-03-04-05-0b6c…-….gz'
 */
export const objectName = (parts: {
  deliveryStreamName: string;
  version: number;
  arrivalMs: number;
  uuid: string;
  extension: string;
}): string =>
  `${parts.deliveryStreamName}-${parts.version}-${formatTimestamp('yyyy-MM-dd-HH-mm-ss', new Date(parts.arrivalMs))}-${parts.uuid}${parts.extension}`;
