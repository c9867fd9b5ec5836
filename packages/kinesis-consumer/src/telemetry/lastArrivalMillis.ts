/**
 * Arrival time, in epoch milliseconds, of the last record of a batch: Kinesis
 * `kinesis.approximateArrivalTimestamp` or DynamoDB `dynamodb.ApproximateCreationDateTime`, both in
 * (fractional) seconds. `undefined` for an empty batch or a record without one.
 *
 * @example
 * const iteratorAge = Date.now() - (lastArrivalMillis(event.Records) ?? Date.now());
 */
export const lastArrivalMillis = (records: readonly unknown[]): number | undefined => {
  const last = records.at(-1) as
    | {
        kinesis?: { approximateArrivalTimestamp?: unknown };
        dynamodb?: { ApproximateCreationDateTime?: unknown };
      }
    | undefined;
  const seconds = last?.kinesis?.approximateArrivalTimestamp ?? last?.dynamodb?.ApproximateCreationDateTime;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : undefined;
};
