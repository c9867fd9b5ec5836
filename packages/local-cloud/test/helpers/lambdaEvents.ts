/** A Kinesis record of a Lambda event, as the engine builds it. */
export interface KinesisEventRecord {
  eventID: string;
  eventSourceARN: string;
  kinesis: {
    partitionKey: string;
    sequenceNumber: string;
    data: string;
    approximateArrivalTimestamp: number;
  };
  [key: string]: unknown;
}

/** A DynamoDB stream record of a Lambda event, as the engine builds it. */
export interface DynamoDbEventRecord {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: {
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    ApproximateCreationDateTime: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The records of every event a function received, flattened in delivery order. */
export const recordsOf = <R>(events: unknown[]): R[] =>
  events.flatMap((event) => (event as { Records: R[] }).Records);

/** The decoded JSON `data` of a Kinesis event record. */
export const dataOf = (record: KinesisEventRecord): unknown =>
  JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
