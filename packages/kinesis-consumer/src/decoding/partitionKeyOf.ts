import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

const scalar = (value: AttributeValue | undefined): string | undefined => value?.S ?? value?.N ?? value?.B;

/**
 * The default `keyOf` of a DynamoDB stream consumer: the value of the item's partition key from `Keys`.
 * A stream record does not say which key attribute is the partition key, so with a composite primary
 * key `partitionKeyAttribute` must name it; guessing would order by the wrong thing (per item instead of
 * per partition key) and could reorder an outbox.
 *
 * @example
 * dynamodbStreamConsumer({ ..., keyOf: partitionKeyOf('aggregateId') });
 */
export const partitionKeyOf =
  (partitionKeyAttribute?: string) =>
  (record: DynamoDBRecord): string => {
    const keys = record.dynamodb?.Keys ?? {};
    const names = Object.keys(keys);
    const name = partitionKeyAttribute ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined) {
      throw new Error(
        `the record's key has ${names.length} attributes (${names.join(', ')}); set partitionKeyAttribute or keyOf`,
      );
    }
    const value = scalar(keys[name]);
    if (value === undefined) throw new Error(`Keys has no string, number or binary attribute "${name}"`);
    return value;
  };
