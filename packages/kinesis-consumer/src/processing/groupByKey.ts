import type { DecodedRecord } from '../types';

/**
 * Groups records by partition key. A `Map` keeps keys in order of first appearance and each key's
 * records in batch order, which is the order Kinesis guarantees per key.
 *
 * @example
 * for (const [key, records] of groupByKey(event.decoded)) console.log(key, records.length);
 */
export const groupByKey = <TItem>(
  records: readonly DecodedRecord<TItem>[],
): Map<string, DecodedRecord<TItem>[]> => {
  const groups = new Map<string, DecodedRecord<TItem>[]>();
  for (const record of records) {
    const group = groups.get(record.meta.partitionKey);
    if (group) group.push(record);
    else groups.set(record.meta.partitionKey, [record]);
  }
  return groups;
};
